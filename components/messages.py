"""What the server composes for the UI, in English and Chinese: messages, column names, cell words.

Labels are translated by the browser (components/labels.py); text with counts, names and
numbers in it cannot be, so handlers compose it with `say("key", **values)`, `columns([...])`
and `word(...)` in the language of the request being handled. components.context sets that
language from the page's `studio_lang` cookie, else the browser's Accept-Language; API
clients that send neither get English.
"""

from __future__ import annotations

from contextvars import ContextVar

LANGUAGE: ContextVar[str] = ContextVar("ui_language", default="en")
"""The language of the request being handled: "en" or "zh"."""

MESSAGES_EN: dict[str, str] = {
    "board.saved": "Saved: {scenes} scenes, {seconds:g} s in all.",
    "board.not_saved": "⚠️ Not saved: {error} The storyboard keeps its last valid version.",
    "board.renamed": "Renamed.",
    "board.rewritten": "Scene {number} rewritten by the {writer}.",
    "board.shared": "Shared read-only with {name}.",
    "board.unshared": "No longer shared with {name}.",
    "board.shared_with": "Shared read-only with: {names}",
    "script.written": "Storyboard written by the {writer}.",
    "script.summary": "{scenes} scenes · {seconds:g} s · {width}×{height} @ {fps} fps · written by **{writer}**",
    "render.queued_one": "Queued as job {job} ({label}); it appears below and renders even if you close the page.",
    "render.queued_all": "Queued {count} scene(s) as jobs {first}-{last}; takes appear as each one finishes.",
    "render.nothing_to_queue": "Every scene already has a take or is queued; tick the box to render them again.",
    "render.chosen": "Take {number} is now the scene's active take.",
    "render.keyframe_set": "Scene {number} will start from your image.",
    "render.controls_saved": "Scene {number}'s render controls are saved.",
    "look.queued": "Queued as job {job} ({label}); the new take appears when it is done.",
    "export.done": "Exported {seconds:.1f} s ({how}).",
    "export.copied": "joined without re-encoding",
    "export.encoded": "re-encoded once",
    "export.summary": "**{title}**: {scenes} scenes, {seconds:g} s, {width}×{height} @ {fps} fps, H.264 MP4.",
    "export.missing": "Scenes still to render: {numbers} (Render tab).",
    "export.ready": "Every scene has a take: ready to export.",
    "export.earlier": "{count} earlier export(s); the newest is {when}.",
    "finish.saved": "Export settings saved.",
    "finish.music": "Music: {name}",
    "finish.music_stored": "Music: {name} ({seconds:.1f} s); it loops or is cut to the film's length.",
    "finish.no_music": "No music.",
    "finish.lengthened": "Scene(s) {numbers} lengthened to fit their narration; render them again.",
    "finish.long_enough": "Every scene is already long enough for its narration.",
    "queue.canceled": "Job {job} is canceled.",
    "queue.stopping": "Job {job} stops after the current step.",
    "account.token_created": "Token '{name}' created. Copy it now: it is shown only this once.",
    "account.token_revoked": "Token '{name}' is revoked.",
    "account.password_changed": "Your password is changed. Your other sessions and your API tokens "
    "have ended; this one stays logged in.",
    "login.locked_user": "Too many failed logins for this username: try again in {wait}.",
    "login.locked_address": "Too many failed logins from this address: try again in {wait}.",
    "login.busy": "Too many logins at once: try again in a moment.",
    "login.minute": "1 minute",
    "login.minutes": "{count} minutes",
    "engine.line": "Engine: **{engine}**. {why}",
    "engine.no_weights": "No Stable Video Diffusion weights in {folder} and STUDIO_SVD_MODEL is unset, so scenes "
    "render as animatics: the keyframe (your uploaded image, the previous scene's last frame, or a title card of the "
    "scene) with a camera move that matches the scene's camera field; a real, quick preview of timing and framing, "
    "not generated footage. To add SVD: `python -m studio.models download svd-xt` (see models/README.md).",
    "engine.animatic_t2i": "No Stable Video Diffusion weights in {folder}, so scenes render as animatics: a camera "
    "move over a keyframe drawn by {t2i} (text-to-image; each take's seed draws a new picture), or over the scene's "
    "own image (your upload or the previous scene's last frame). To add SVD: "
    "`python -m studio.models download svd-xt` (see models/README.md).",
    "engine.t2i_no_libraries": "A text-to-image model was found ({source}), but {missing} is not installed: "
    "`pip install -r requirements-models.txt`, then restart. Until then scenes render as animatics over title cards "
    "of each scene (its light and weather as colours, its subject large).",
    "engine.no_libraries": "SVD weights were found ({source}), but {missing} is not installed: "
    "`pip install -r requirements-models.txt`, then restart. Until then scenes render as animatics "
    "(a camera move over the keyframe or a title card).",
    "engine.svd": "Scenes render with Stable Video Diffusion ({source}) and {keyframes}; "
    "the animatic engine stays available for quick previews.",
    "engine.keyframes_t2i": "text-to-image keyframes",
    "engine.keyframes_card": "title-card keyframes (no text-to-image model)",
    "take.line": "Take {number} · {how} · rendered in {seconds:.1f} s · {when}",
    "take.render": "{engine} · {move} · seed {seed}",
    "take.look": "look on take {source}: {filters}",
    "take.matched": ", colours matched",
    "take.active": " · active",
    "take.short": "Take {number}",
    "overview.uploaded": "uploaded",
    "overview.card": "title card",
    "overview.take": "take {number}",
    "overview.not_rendered": "not rendered",
    "admin.done": "Done: {action} {name}.",
    "admin.term_added": "Content rule added.",
    "admin.term_removed": "Content rule removed.",
    "models.writer": "**Storyboard writer:** {writer}",
    "models.engines": "**Video engines:** {engines} (default: {default})",
    "models.loaded": "**Loaded now:** {loaded}",
    "models.nothing_loaded": "**Loaded now:** nothing (models load on first use)",
    "models.gpu": "**GPU:** {gpu}: {allocated} GiB allocated of {total} GiB ({reserved} GiB reserved)",
    "models.no_gpu": "**GPU:** none visible to PyTorch; models run on the CPU.",
    "models.add_weights": "To add weights, put them under `{folder}/` as described in `{folder}/README.md` "
    "(or run `python -m studio.models download svd-xt` where the network allows), then restart the studio.",
}

MESSAGES_ZH: dict[str, str] = {
    "board.saved": "已保存：共 {scenes} 个场景，{seconds:g} 秒。",
    "board.not_saved": "⚠️ 未保存：{error} 分镜保留上一个有效版本。",
    "board.renamed": "已重命名。",
    "board.rewritten": "场景 {number} 已由{writer}改写。",
    "board.shared": "已与 {name} 只读共享。",
    "board.unshared": "已取消与 {name} 的共享。",
    "board.shared_with": "已只读共享给：{names}",
    "script.written": "分镜由{writer}生成。",
    "script.summary": "{scenes} 个场景 · {seconds:g} 秒 · {width}×{height} @ {fps} fps · 由 **{writer}** 生成",
    "render.queued_one": "已加入队列，任务 {job}（{label}）；它显示在下方，关闭页面后仍会继续渲染。",
    "render.queued_all": "已将 {count} 个场景加入队列（任务 {first}-{last}）；每个完成后即出现对应镜头。",
    "render.nothing_to_queue": "每个场景都已有镜头或已在队列中；勾选上面的选项可重新渲染。",
    "render.chosen": "镜头 {number} 现在是该场景的当前镜头。",
    "render.keyframe_set": "场景 {number} 将从你上传的图片开始。",
    "render.controls_saved": "场景 {number} 的渲染参数已保存。",
    "look.queued": "已加入队列，任务 {job}（{label}）；完成后会出现新的镜头。",
    "export.done": "已导出 {seconds:.1f} 秒（{how}）。",
    "export.copied": "直接拼接，未重新编码",
    "export.encoded": "重新编码一次",
    "export.summary": "**{title}**：{scenes} 个场景，{seconds:g} 秒，{width}×{height} @ {fps} fps，H.264 MP4。",
    "export.missing": "尚未渲染的场景：{numbers}（见渲染页）。",
    "export.ready": "每个场景都有镜头：可以导出。",
    "export.earlier": "之前导出过 {count} 次；最近一次在 {when}。",
    "finish.saved": "导出设置已保存。",
    "finish.music": "音乐：{name}",
    "finish.music_stored": "音乐：{name}（{seconds:.1f} 秒）；会循环或截断以匹配影片长度。",
    "finish.no_music": "无音乐。",
    "finish.lengthened": "场景 {numbers} 已加长以容纳旁白；请重新渲染。",
    "finish.long_enough": "每个场景都已足够容纳其旁白。",
    "queue.canceled": "任务 {job} 已取消。",
    "queue.stopping": "任务 {job} 将在当前步骤后停止。",
    "account.token_created": "令牌“{name}”已创建。请立即复制：它只显示这一次。",
    "account.token_revoked": "令牌“{name}”已吊销。",
    "account.password_changed": "密码已修改。你的其他会话和 API 令牌均已失效；当前会话保持登录。",
    "login.locked_user": "该用户名登录失败次数过多：请 {wait}后再试。",
    "login.locked_address": "此地址登录失败次数过多：请 {wait}后再试。",
    "login.busy": "同时登录的人太多：请稍后再试。",
    "login.minute": "1 分钟",
    "login.minutes": "{count} 分钟",
    "engine.line": "引擎：**{engine}**。{why}",
    "engine.no_weights": "{folder} 中没有 Stable Video Diffusion 权重，且未设置 STUDIO_SVD_MODEL，"
    "因此场景渲染为动态分镜：关键帧（你上传的图片、上一场景的最后一帧或场景标题卡）配合与镜头字段相符的运镜；"
    "它能真实、快速地预览节奏与构图，但不是生成的画面。"
    "添加 SVD：`python -m studio.models download svd-xt`（见 models/README.md）。",
    "engine.animatic_t2i": "{folder} 中没有 Stable Video Diffusion 权重，因此场景渲染为动态分镜："
    "在 {t2i} 绘制的关键帧上运镜（文生图；每个镜头的种子会画出一张新图），"
    "或在场景自己的图片（你上传的图片或上一场景的最后一帧）上运镜。"
    "添加 SVD：`python -m studio.models download svd-xt`（见 models/README.md）。",
    "engine.t2i_no_libraries": "已找到文生图模型（{source}），但未安装 {missing}：请运行 "
    "`pip install -r requirements-models.txt` 后重启。在此之前场景渲染为标题卡上的动态分镜"
    "（以场景的光线与天气为配色，主体大字显示）。",
    "engine.no_libraries": "已找到 SVD 权重（{source}），但未安装 {missing}：请运行 "
    "`pip install -r requirements-models.txt` 后重启。在此之前场景渲染为动态分镜（关键帧或标题卡上的运镜）。",
    "engine.svd": "场景使用 Stable Video Diffusion（{source}）和{keyframes}渲染；动态分镜引擎仍可用于快速预览。",
    "engine.keyframes_t2i": "文生图关键帧",
    "engine.keyframes_card": "标题卡关键帧（没有文生图模型）",
    "take.line": "镜头 {number} · {how} · 渲染用时 {seconds:.1f} 秒 · {when}",
    "take.render": "{engine} · {move} · 种子 {seed}",
    "take.look": "基于镜头 {source} 的风格：{filters}",
    "take.matched": "，已匹配色彩",
    "take.active": " · 当前",
    "take.short": "镜头 {number}",
    "overview.uploaded": "已上传",
    "overview.card": "标题卡",
    "overview.take": "镜头 {number}",
    "overview.not_rendered": "未渲染",
    "admin.done": "已完成：{action} {name}。",
    "admin.term_added": "已添加内容规则。",
    "admin.term_removed": "已移除内容规则。",
    "models.writer": "**分镜生成器：** {writer}",
    "models.engines": "**视频引擎：** {engines}（默认：{default}）",
    "models.loaded": "**已加载：** {loaded}",
    "models.nothing_loaded": "**已加载：** 无（模型在首次使用时加载）",
    "models.gpu": "**GPU：** {gpu}：已分配 {allocated} GiB / 共 {total} GiB（保留 {reserved} GiB）",
    "models.no_gpu": "**GPU：** PyTorch 未检测到 GPU；模型在 CPU 上运行。",
    "models.add_weights": "添加模型权重：按 `{folder}/README.md` 的说明放到 `{folder}/` 下"
    "（或在可联网处运行 `python -m studio.models download svd-xt`），然后重启工作室。",
}

COLUMNS_ZH: dict[str, str] = {
    "scene": "场景",
    "keyframe": "关键帧",
    "description": "画面描述",
    "duration": "时长（秒）",
    "camera": "镜头运动",
    "action": "动作",
    "narration": "旁白",
    "seconds": "秒数",
    "takes": "镜头数",
    "active take": "当前镜头",
    "job": "任务",
    "what": "内容",
    "status": "状态",
    "queue position": "排队位置",
    "progress": "进度",
    "stage": "阶段",
    "elapsed": "已用时间",
    "ETA": "预计剩余",
    "owner": "所有者",
    "id": "编号",
    "title": "标题",
    "updated (UTC)": "更新时间（UTC）",
    "scenes": "场景数",
    "rendered": "已渲染",
    "exports": "导出次数",
    "name": "名称",
    "starts with": "开头",
    "created (UTC)": "创建时间（UTC）",
    "last used": "上次使用",
    "expires (UTC)": "到期时间（UTC）",
    "username": "用户名",
    "role": "角色",
    "disabled": "已停用",
    "renders today": "今日渲染",
    "daily quota": "每日配额",
    "locked until": "锁定至",
    "last login": "上次登录",
    "term": "词语",
    "rule": "规则",
}

WORDS_ZH: dict[str, str] = {
    "pending": "等待中",
    "running": "运行中",
    "completed": "已完成",
    "failed": "失败",
    "canceled": "已取消",
    "admin": "管理员",
    "user": "用户",
    "yes": "是",
    "active": "有效",
    "revoked": "已吊销",
    "expired": "已过期",
    "never": "永不",
    "unlimited": "不限",
    "create": "创建",
    "disable": "停用",
    "enable": "启用",
    "reset": "重置密码",
    "role": "设置角色",
    "quota": "设置配额",
    "unlock": "解除锁定",
    "delete": "删除",
}
"""Single words shown in cells and messages (job status, role, admin actions)."""


def say(key: str, **values: object) -> str:
    """A server-composed message in the current request's language."""
    return say_in(LANGUAGE.get(), key, **values)


def say_in(language: str, key: str, **values: object) -> str:
    """A server-composed message in `language` ("en" or "zh"), for text composed outside a UI event (the login)."""
    table = MESSAGES_ZH if language == "zh" else MESSAGES_EN
    return table[key].format(**values)


def columns(names: list[str]) -> list[str]:
    """Column names for a table, in the current request's language (English names are the keys)."""
    if LANGUAGE.get() != "zh":
        return list(names)
    return [COLUMNS_ZH.get(name, name) for name in names]


def word(value: str) -> str:
    return WORDS_ZH.get(value, value) if LANGUAGE.get() == "zh" else value
