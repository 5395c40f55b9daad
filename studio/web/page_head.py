"""What the studio adds to the UI page's <head>: the chosen language and fonts that draw Chinese.

Gradio picks its translation once, from `navigator.language`, when the page loads, and
offers no URL or cookie to choose another. A small script placed at the top of <head>
(ahead of Gradio's own scripts) lets a user choose: `?lang=zh` or `?lang=en` picks a
language and remembers it in the browser, `?lang=auto` goes back to following the
browser. It does so by telling Gradio a different `navigator.language`. The middleware below
injects it, with the CJK @font-face rules, into the HTML of the UI's page only (which
is also the login page, so these apply before anyone logs in).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from studio.config import CJK_FAMILY, LANGUAGE_COOKIE

BROWSER_LOCALES: dict[str, str] = {"en": "en", "zh": "zh-CN"}
"""What the page tells Gradio for each: Gradio only takes locales it knows ("zh-CN", not "zh")
and then falls back from "zh-CN" to the studio's "zh" labels."""

STORAGE_KEY = "studio.lang"

LANGUAGE_SCRIPT = (
    "<script>(() => {"
    f"const locales = {json.dumps(BROWSER_LOCALES)}, key = {json.dumps(STORAGE_KEY)};"
    "const asked = new URL(location.href).searchParams.get('lang');"
    "let lang = null;"
    "try {"
    " if (asked === 'auto') localStorage.removeItem(key);"
    " else if (asked in locales) localStorage.setItem(key, asked);"
    " lang = asked in locales ? asked : localStorage.getItem(key);"
    "} catch (e) { lang = asked in locales ? asked : null; }"
    "const own = navigator.language || 'en';"
    # A browser that says just "zh" would get English from Gradio: give it the full locale too.
    "if (!(lang in locales) && own in locales) lang = own;"
    f"const cookie = {json.dumps(LANGUAGE_COOKIE)} + '=';"
    "if (!(lang in locales)) {"
    " document.cookie = cookie + (own.toLowerCase().startsWith('zh') ? 'zh' : 'en') + ';path=/;samesite=lax';"
    " return;"
    "}"
    "document.cookie = cookie + lang + ';path=/;samesite=lax';"
    "const locale = locales[lang];"
    "Object.defineProperty(navigator, 'language', {get: () => locale, configurable: true});"
    "Object.defineProperty(navigator, 'languages', {get: () => [locale], configurable: true});"
    "document.documentElement.lang = locale;"
    "})();</script>"
)

CJK_RANGES = (
    "U+2E80-2FDF, U+3000-303F, U+3040-30FF, U+3100-312F, U+3190-31FF, U+3400-4DBF, "
    "U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F"
)
LOCAL_CJK = (
    "Noto Sans CJK SC Regular",
    "NotoSansCJKsc-Regular",
    "Source Han Sans SC Regular",
    "PingFang SC Regular",
    "PingFangSC-Regular",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)
LATIN_FAMILIES = ("Source Sans Pro", "IBM Plex Sans", "IBM Plex Mono")
"""The fonts Gradio's page names (its theme, and some components' own stacks): none has CJK glyphs."""


def cjk_font_faces(url: str = "/fonts/cjk") -> str:
    """@font-face rules that give CJK text a font on any machine.

    Each family the page uses gets a CJK member (unicode-range), so Chinese in any of
    them draws with the system's CJK font if it has one (local()), else with the
    studio's bundled font, downloaded once and only by pages that show CJK text.
    """
    src = ", ".join([*(f'local("{name}")' for name in LOCAL_CJK), f'url("{url}")'])
    return "".join(
        f'@font-face{{font-family:"{family}";src:{src};unicode-range:{CJK_RANGES};font-display:swap}}'
        for family in (CJK_FAMILY, *LATIN_FAMILIES)
    )


LOGIN_NOTE_ID = "studio-login-note"

LOGIN_SCRIPT = (
    "<script>(() => {"
    # Gradio's login form says "Incorrect credentials" on a 400 and nothing on any other refusal; the studio
    # answers a locked username or address with 429 and a full login pool with 503, each with a sentence in
    # `detail` (in the page's language). Show that sentence in the form, where Gradio's own line would be.
    "const send = window.fetch.bind(window);"
    "const show = (text) => {"
    " const password = document.querySelector('input[type=password]');"
    " const form = password && password.closest('.form');"
    " if (!form) return;"
    f" let note = document.getElementById({json.dumps(LOGIN_NOTE_ID)});"
    " if (!note && text) {"
    "  note = document.createElement('p');"
    f"  note.id = {json.dumps(LOGIN_NOTE_ID)}; note.className = 'creds'; note.setAttribute('role', 'alert');"
    "  form.parentElement.insertBefore(note, form);"
    " }"
    " form.parentElement.querySelectorAll('.creds').forEach((line) => {"
    "  if (line !== note) line.style.display = text ? 'none' : '';"
    " });"
    " if (note) { note.textContent = text || ''; note.hidden = !text; }"
    "};"
    "window.fetch = async (input, init) => {"
    " const answer = await send(input, init);"
    " try {"
    "  const url = new URL(typeof input === 'string' ? input : input.url, location.href);"
    "  if ((init && init.method || 'GET').toUpperCase() === 'POST' && /\\/login\\/?$/.test(url.pathname)) {"
    "   const refused = answer.status === 429 || answer.status === 503;"
    "   show(refused ? (await answer.clone().json()).detail : '');"
    "  }"
    " } catch (e) { /* not a studio answer: leave the form as Gradio drew it */ }"
    " return answer;"
    "};"
    "})();</script>"
)

HEAD_SNIPPET = LANGUAGE_SCRIPT + LOGIN_SCRIPT + f"<style>{cjk_font_faces()}</style>"
"""What the UI's page gets at the top of its <head>: the language, the login form's refusals, then the fonts."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def inject(html: bytes, snippet: str) -> bytes:
    """`html` with `snippet` right after its opening <head> tag (unchanged if it has none)."""
    lower = html.lower()
    start = lower.find(b"<head")
    if start < 0:
        return html
    end = lower.find(b">", start)
    if end < 0:
        return html
    return html[: end + 1] + snippet.encode() + html[end + 1 :]


class HeadInjection:
    """ASGI middleware: add `snippet` to the <head> of HTML pages served at `paths`.

    Only GET responses with a text/html body are touched (buffered, then sent with a
    corrected Content-Length); everything else streams through untouched.
    """

    def __init__(self, app: ASGIApp, snippet: str = HEAD_SNIPPET, paths: tuple[str, ...] = ("/",)) -> None:
        self.app = app
        self.snippet = snippet
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        passthrough = False
        chunks: list[bytes] = []

        async def buffered_send(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                encoded = headers.get(b"content-encoding", b"identity") != b"identity"
                passthrough = not is_html or encoded
                if passthrough:
                    await send(message)
                else:
                    start = message
                return
            if passthrough or start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = inject(b"".join(chunks), self.snippet)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered_send)
