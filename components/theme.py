"""How the studio looks: Gradio's default theme, with fonts that draw Chinese on every machine.

Fonts come only from this server or the user's system (never a font CDN): the Latin
faces are the ones Gradio ships, CJK text uses the system's CJK font when there is one,
else the Noto Sans CJK the studio bundles, served at /fonts/cjk (the @font-face rules
are in studio/page_head.py, so the login page has them too).
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils import fonts

from studio.config import CJK_FAMILY

SYSTEM_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC")


def with_cjk(latin: str, *fallbacks: str) -> tuple[fonts.Font | str, ...]:
    """Gradio's bundled Latin face, its system fallbacks, then CJK fonts, then the generic family."""
    *system, generic = fallbacks
    return (fonts.LocalFont(latin, weights=(400, 600)), *system, *SYSTEM_CJK, CJK_FAMILY, generic)


THEME = gr.themes.Default(
    font=with_cjk("Source Sans Pro", "ui-sans-serif", "system-ui", "sans-serif"),
    font_mono=with_cjk("IBM Plex Mono", "ui-monospace", "Consolas", "monospace"),
)

CSS = """
#language-switch { text-align: right; font-size: var(--text-sm); }
#whoami { text-align: right; }
#language-switch a { margin-left: 0.6em; }
html:lang(en) #language-switch a[data-lang="en"],
html:lang(zh) #language-switch a[data-lang="zh"] { font-weight: 600; text-decoration: none; }
"""
