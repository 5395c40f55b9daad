"""How the built-in planner (`studio.storyboard.planner.plan`) words a shot's description and action.

Descriptions are prompts for image and video models: what the camera sees (the idea's own words),
how it frames it, and the light. There are no narration templates on purpose: narration is the
idea's own words (see `layout`). Placeholders: {label} camera label, {focus} what is seen,
{composition} the camera's framing, {light} the light and air, {motion} the camera's movement,
{what} what moves.
"""

from __future__ import annotations

DESCRIPTION = {
    "zh": {
        "default": "{label}：{focus}，{composition}，{light}",
        "reveal": "{label}：{focus}，细节逐一呈现，{composition}，{light}",
        "closing": "{label}：镜头缓缓拉远，{focus}尽收眼底，{light}",
        "packshot": "{label}：{focus}居中呈现，背景简洁，{light}",
    },
    "en": {
        "default": "{label}: {focus}, {composition}, {light}",
        "reveal": "{label}: {focus}, revealed detail by detail, {composition}, {light}",
        "closing": "{label}: {focus} seen as a whole as the camera slowly pulls back, {light}",
        "packshot": "{label}: {focus} centred on a clean background, {light}",
    },
}

ACTION = {
    "zh": {
        "opening": "镜头{motion}，画面由远及近",
        "reveal": "镜头{motion}，扫过{focus}",
        "intro": "{focus}进入画面，镜头{motion}",
        "event": "{focus}，镜头{motion}",
        "thing": "{what}，镜头{motion}",
        "detail": "焦点落在{focus}上，镜头{motion}",
        "closing": "镜头持续后拉，画面渐渐淡出",
        "packshot": "镜头定格在{focus}上，画面渐渐淡出",
    },
    "en": {
        "opening": "The camera {motion} as the scene comes into view",
        "reveal": "The camera {motion} across {focus}",
        "intro": "{focus} in view; the camera {motion}",
        "event": "{focus}; the camera {motion}",
        "thing": "{what}; the camera {motion}",
        "detail": "The focus settles on {focus}; the camera {motion}",
        "closing": "The camera keeps pulling back, then the picture fades out",
        "packshot": "The camera holds on {focus}, then the picture fades out",
    },
}
