"""Every label the UI shows, in English and Chinese, in one place.

Components use `t("key")`; the browser's language picks the translation.
"""

from __future__ import annotations

import gradio as gr

EN: dict[str, str] = {
    "app.title": "## The Studio",
    "app.tagline": "Private text-to-video, on this machine.",
    "tab.script": "Script",
    "tab.storyboard": "Storyboard",
    "tab.render": "Render",
    "tab.export": "Export",
    "tab.history": "History",
    "script.idea": "Your idea",
    "script.idea_placeholder": "e.g. A short video about a forest adventure with a river and small animals",
    "script.generate": "Generate storyboard",
    "script.result": "Storyboard",
    "board.table": "Scenes (edit any cell; changes are saved at once)",
    "board.number": "Scene number",
    "board.add": "Add scene after",
    "board.delete": "Delete scene",
    "board.up": "Move up",
    "board.down": "Move down",
    "board.title": "Title",
    "board.rename": "Rename",
    "render.scene": "Scene",
    "render.keyframe": "Keyframe image (optional)",
    "render.clear_keyframe": "Use a title card instead",
    "render.one": "Render this scene",
    "render.all": "Render all scenes",
    "render.rerender": "Also re-render scenes that already have a take",
    "render.takes": "Takes of this scene",
    "render.choose": "Use this take",
    "render.preview": "Take preview",
    "render.overview": "Scenes and their active takes",
    "export.run": "Export film",
    "export.video": "Film",
    "export.file": "Download",
    "export.previous": "Earlier exports",
    "history.projects": "Your projects",
    "history.pick": "Project",
    "history.open": "Open",
    "history.delete": "Delete project",
    "history.confirm": "Yes, delete it with all its takes",
    "history.refresh": "Refresh",
}

ZH: dict[str, str] = {
    "app.title": "## 视频工作室",
    "app.tagline": "私有的文本生成视频，只在本机运行。",
    "tab.script": "脚本",
    "tab.storyboard": "分镜",
    "tab.render": "渲染",
    "tab.export": "导出",
    "tab.history": "历史",
    "script.idea": "你的创意",
    "script.idea_placeholder": "例如：制作一段关于森林探险的短视频，包含河流和小动物",
    "script.generate": "生成分镜脚本",
    "script.result": "分镜脚本",
    "board.table": "场景（可直接编辑单元格，修改立即保存）",
    "board.number": "场景编号",
    "board.add": "在其后添加场景",
    "board.delete": "删除场景",
    "board.up": "上移",
    "board.down": "下移",
    "board.title": "标题",
    "board.rename": "重命名",
    "render.scene": "场景",
    "render.keyframe": "关键帧图片（可选）",
    "render.clear_keyframe": "改用标题卡",
    "render.one": "渲染此场景",
    "render.all": "渲染全部场景",
    "render.rerender": "已有镜头的场景也重新渲染",
    "render.takes": "此场景的镜头",
    "render.choose": "使用此镜头",
    "render.preview": "镜头预览",
    "render.overview": "各场景及其当前镜头",
    "export.run": "导出影片",
    "export.video": "影片",
    "export.file": "下载",
    "export.previous": "以前的导出",
    "history.projects": "我的项目",
    "history.pick": "项目",
    "history.open": "打开",
    "history.delete": "删除项目",
    "history.confirm": "确认删除（含全部镜头）",
    "history.refresh": "刷新",
}

I18N = gr.I18n(en=EN, zh=ZH)


def t(key: str) -> gr.i18n.I18nData:
    if key not in EN:
        raise KeyError(f"no label {key!r}")
    return I18N(key)
