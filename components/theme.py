"""How the studio looks: Gradio's default theme, with fonts that draw Chinese on every machine.

Fonts come only from this server or the user's system (never a font CDN): the Latin
faces are the ones Gradio ships, CJK text uses the system's CJK font when there is one,
else the Noto Sans CJK the studio bundles, served at /fonts/cjk (see studio/api.py)
and fetched by the browser only for pages that show CJK characters.
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils import fonts

CJK_FAMILY = "Studio CJK"
SYSTEM_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC")
CJK_RANGES = (
    "U+2E80-2FDF, U+3000-303F, U+3040-30FF, U+3100-312F, U+3190-31FF, U+3400-4DBF, "
    "U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F"
)

THEME = gr.themes.Default(
    font=(
        fonts.LocalFont("Source Sans Pro", weights=(400, 600)),
        "ui-sans-serif",
        "system-ui",
        *SYSTEM_CJK,
        CJK_FAMILY,
        "sans-serif",
    ),
    font_mono=(
        fonts.LocalFont("IBM Plex Mono", weights=(400, 600)),
        "ui-monospace",
        "Consolas",
        *SYSTEM_CJK,
        CJK_FAMILY,
        "monospace",
    ),
)

CSS = f"""
@font-face {{
    font-family: '{CJK_FAMILY}';
    src: url('/fonts/cjk');
    font-display: swap;
    unicode-range: {CJK_RANGES};
}}
#language-switch {{ text-align: right; font-size: var(--text-sm); }}
#language-switch a {{ margin-left: 0.6em; }}
html:lang(en) #language-switch a[data-lang="en"],
html:lang(zh) #language-switch a[data-lang="zh"] {{ font-weight: 600; text-decoration: none; }}
"""
