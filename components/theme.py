"""How the studio looks: Gradio's default theme, with fonts that draw Chinese on every machine.

Fonts come only from this server or the user's system (never a font CDN): the Latin
faces are the ones Gradio ships, CJK text uses the system's CJK font when there is one,
else the Noto Sans CJK the studio bundles, served at /fonts/cjk (the @font-face rules
are in studio/page_head.py, so the login page has them too).
"""

from __future__ import annotations

import gradio as gr
from gradio.themes.utils import fonts

from studio.page_head import CJK_FAMILY

SYSTEM_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC")

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

CSS = """
#language-switch { text-align: right; font-size: var(--text-sm); }
#whoami { text-align: right; }
#language-switch a { margin-left: 0.6em; }
html:lang(en) #language-switch a[data-lang="en"],
html:lang(zh) #language-switch a[data-lang="zh"] { font-weight: 600; text-decoration: none; }
"""
