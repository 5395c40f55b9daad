"""Sentence templates the built-in planner (`studio.storyboard.planner.plan`) writes scenes from.

Each template is a plain `str.format` string with a Chinese ("zh") and an English ("en") side.
English templates never make a placeholder the grammatical subject of a finite verb ("the
river flows" / "small animals flow"): they use participles and labels, so singular and plural
nouns both read correctly.
"""

from __future__ import annotations

# --- Scene templates -------------------------------------------------------------------------------
# Placeholders: {label} camera label, {subject}/{noun}/{the_noun} the subject, {el}/{the_el} an element,
# {light} the lighting, {together} the climax focus. Chinese descriptions start with "{label}：".

OPENING = {
    "zh": {
        "aerial view": (
            "{label}：镜头从高空缓缓掠过，{light}洒满大地，{subject}的全景在眼前铺开，开阔而宁静",
            "{label}：高空俯瞰，{light}下的大地层次分明，镜头慢慢下降，引出{subject}的世界",
        ),
        "wide shot": (
            "{label}：{light}中，{subject}所在的环境完整呈现，构图开阔，气氛安静而充满期待",
            "{label}：固定机位，{light}勾勒出场景的轮廓，关于{subject}的故事即将在这里展开",
        ),
    },
    "en": {
        "aerial view": (
            "{label}: gliding high above the landscape in {light}, the world of {noun} unfolding below, vast and calm",
            "{label}: a high shot slowly descending through {light}, revealing the setting of {noun} at last",
        ),
        "wide shot": (
            "{label}: the setting of {noun} laid out in {light}; open composition, quiet and expectant mood",
            "{label}: a locked-off establishing frame in {light}, showing the place where the story of {noun} begins",
        ),
    },
}
OPENING_NARRATION = {
    "zh": ("这是一个关于{subject}的故事。", "{subject}的故事，从这里开始。", "故事，从{subject}开始。"),
    "en": ("This is the story of {noun}.", "It all begins with {noun}.", "Let's step into the world of {noun}."),
}
# English subjects that are whole sentences read better with narration that does not repeat them.
CLAUSE_NARRATION = {
    "opening": ("Our story starts here.", "It begins like this."),
    "closing": ("And so the story ends, for now.", "The light fades, but the story goes on."),
}
OPENING_ACTION = {
    "zh": "镜头{motion}，画面从远处逐渐清晰",
    "en": "The camera {motion} as the scene comes into view",
}

INTRO = {
    "zh": (
        "{label}：{subject}正式登场，{light}照亮画面主体，细节清晰，充满生机",
        "{label}：{subject}出现在画面中央，{light}勾勒出主体的轮廓，环境在身后徐徐展开",
    ),
    "en": (
        "{label}: introducing {the_noun} at the centre of the frame, lit by {light}; clear detail, lively atmosphere",
        "{label}: {the_noun} taking centre stage, its outline picked out by {light}, the surroundings opening up",
    ),
}
INTRO_MOVING = {
    "zh": (
        "{label}：{subject}正式开始，主角在{light}中出发，脚步坚定，好奇地环顾四周",
        "{label}：主角踏上{subject}的第一段路，{light}在身旁流动，节奏轻快，充满期待",
    ),
    "en": (
        "{label}: {the_noun} getting under way, the travellers setting off in {light}, looking around with curiosity",
        "{label}: the first steps of {the_noun}, {light} streaming past, the rhythm light and full of anticipation",
    ),
}
INTRO_CLAUSE = {
    "zh": ("{label}：{subject}，{light}照亮画面主体，动作清晰，充满生机",),
    "en": ("{label}: {clause}, lit by {light}; clear detail, lively atmosphere",),
}
INTRO_CLAUSE_NARRATION = {"zh": "{subject}。", "en": "{clause}."}
INTRO_ACTION = {
    "zh": "主体进入画面中央，镜头{motion}",
    "en": "The subject enters the centre of the frame; the camera {motion}",
}
INTRO_MOVING_ACTION = {"zh": "主角向前出发，镜头{motion}", "en": "Setting off and moving forward; the camera {motion}"}
INTRO_NARRATION = {
    "zh": ("{subject}，就此拉开序幕。", "眼前，就是{subject}。"),
    "en": ("Here it is: {the_noun}.", "Step by step, the story of {the_noun} comes to life."),
}
INTRO_MOVING_NARRATION = {
    "zh": ("{subject}，正式出发！", "出发吧，{subject}就此开始。"),
    "en": ("And so the adventure begins.", "Off we go: {the_noun}, under way at last."),
}

DETAIL = {
    "zh": "{label}：{subject}的细节被放大，纹理、光影与质感在{light}中清晰可见",
    "en": "{label}: details of {the_noun} magnified, textures and shadows crisp in {light}",
}
DETAIL_ACTION = {"zh": "焦点缓缓移动，镜头{motion}", "en": "The focus drifts across the details as the camera {motion}"}
DETAIL_NARRATION = {"zh": "细节之中，藏着{subject}的魅力。", "en": "The magic is in the details."}

# Element scenes, by category: (descriptions, action, narrations).
ELEMENT = {
    "zh": {
        "vast": (
            (
                "{label}：{el}向远方延伸，{light}勾勒出起伏的层次，画面壮阔",
                "{label}：{el}铺满整个画面，层次分明，尺度宏大，{light}让一切显得辽远",
            ),
            "展现{el}的辽阔",
            ("眼前是一望无际的{el}。", "{el}壮阔无边。"),
        ),
        "water": (
            (
                "{label}：{el}在{light}下闪烁着粼粼波光，水流缓缓向前，岸边的植物随风轻摆",
                "{label}：清澈的{el}倒映着天空，{light}在水面跳跃，水声仿佛清晰可闻",
            ),
            "水面波光流动",
            ("{el}静静流淌，带来生命的气息。", "沿着{el}，旅程继续向前。"),
        ),
        "sky": (
            (
                "{label}：{el}占据画面上方，云层缓缓流动，{light}细腻地变化",
                "{label}：仰望{el}，光线层层晕染，画面安静而辽阔",
            ),
            "云影与光线缓慢变化",
            ("抬头望去，{el}美得让人屏息。", "{el}，静静注视着这一切。"),
        ),
        "tall": (
            (
                "{label}：{el}高高耸立，{light}从其背后透出，显得庄严而宏伟",
                "{label}：{el}直指天空，线条挺拔，{light}勾出清晰的轮廓",
            ),
            "视线沿着{el}向上延伸",
            ("{el}巍然矗立。", "在{el}面前，一切都显得渺小。"),
        ),
        "vehicle": (
            (
                "{label}：{el}在{light}中疾驰而过，速度感十足，背景不断后退",
                "{label}：{el}平稳前行，{light}在车身与窗面上流动",
            ),
            "{el}向前行进",
            ("{el}载着我们，奔向远方。", "{el}一路向前。"),
        ),
        "person": (
            (
                "{label}：{el}出现在画面中，{light}映照着脸庞，神情专注而充满好奇",
                "{label}：{el}向前迈步，衣角随风轻摆，周围的景物缓缓后退",
            ),
            "{el}向前走去，回头望向镜头",
            ("{el}，踏上了新的旅程。", "{el}的身影，出现在这里。"),
        ),
        "animal": (
            (
                "{label}：{el}在{light}中探出身来，神态与细节清晰可见，灵巧可爱，背景柔和虚化",
                "{label}：{el}好奇地张望，随即轻快地跑开，浅景深让主体格外突出",
            ),
            "{el}抬头张望，随后轻快地移动",
            ("{el}也出来打招呼了。", "{el}在这里自在地生活。"),
        ),
        "tiny": (
            (
                "{label}：{el}占满画面，{light}映出细腻的纹理与反光",
                "{label}：微距下的{el}，每一处细节都清晰可辨，时间仿佛慢了下来",
            ),
            "焦点缓缓落在{el}上",
            ("最微小的{el}，也闪着光。", "靠近一点，看看{el}。"),
        ),
        "detail": (
            (
                "{label}：{el}占据画面中心，{light}照亮每一处纹理，背景柔和虚化",
                "{label}：{el}的质感细腻可见，色彩在{light}中格外温润",
            ),
            "焦点从背景移到{el}上",
            ("细看{el}，处处是惊喜。", "{el}，藏着动人的细节。"),
        ),
        "land": (
            (
                "{label}：{el}在{light}中徐徐展开，层次丰富，微风拂过，枝叶轻轻摇动",
                "{label}：{el}尽收眼底，{light}在地面投下斑驳的光影",
            ),
            "微风吹动{el}中的草木",
            ("{el}，安静地迎接着我们。", "穿过{el}，风景不断变化。"),
        ),
        "generic": (
            (
                "{label}：{el}在{light}中清晰呈现，构图简洁，与整体氛围自然衔接",
                "{label}：镜头转向{el}，画面细节逐步展开，色调与前一场景保持一致",
            ),
            "{el}成为画面焦点",
            ("接着，我们看到了{el}。", "{el}，同样令人难忘。"),
        ),
    },
    "en": {
        "vast": (
            (
                "{label}: {the_el} stretching to the horizon, {light} tracing its layers; an epic sense of scale",
                "{label}: {the_el} filling the whole frame, layer upon layer, vast and majestic in {light}",
            ),
            "The full scale of {the_el} is revealed",
            ("Before us lies {the_el}, as far as the eye can see.", "Nothing prepares you for the scale of {the_el}."),
        ),
        "water": (
            (
                "{label}: {the_el} glittering in {light}, the water flowing steadily past plants swaying on the bank",
                "{label}: the clear surface of {the_el} mirroring the sky, {light} dancing on the water",
            ),
            "Ripples of light run across the water",
            ("Water brings everything here to life.", "Following {the_el}, the journey goes on."),
        ),
        "sky": (
            (
                "{label}: {the_el} filling the upper frame, clouds drifting slowly, {light} shifting subtly",
                "{label}: looking up at {the_el}, soft gradients of {light} spreading across the frame",
            ),
            "Clouds and light change slowly overhead",
            ("Look up: {the_el}, breathtaking and calm.", "Above it all, {the_el}."),
        ),
        "tall": (
            (
                "{label}: {the_el} towering against the sky, {light} spilling around its edges; solemn and grand",
                "{label}: {the_el} rising straight up, strong lines outlined by {light}",
            ),
            "The view climbs the full height of {the_el}",
            ("Standing tall: {the_el}.", "Next to {the_el}, everything else feels small."),
        ),
        "vehicle": (
            (
                "{label}: {the_el} speeding through {light}, the background streaming past; a strong sense of speed",
                "{label}: {the_el} moving steadily ahead, {light} sliding across its surfaces",
            ),
            "{the_el} pushing forward",
            ("On we go, carried by {the_el}.", "The road ahead keeps unfolding."),
        ),
        "person": (
            (
                "{label}: {the_el} in {light}, expressions focused and curious",
                "{label}: {the_el} stepping forward, clothes moving in the breeze, the surroundings sliding past",
            ),
            "Walking forward, then a glance back toward the camera",
            ("Along the way, we meet {the_el}.", "And here, {the_el}, ready for what comes next."),
        ),
        "animal": (
            (
                "{label}: {the_el} peeking out in {light}, every detail and expression crisp against a soft background",
                "{label}: {the_el} looking around curiously, then scampering off; shallow depth of field",
            ),
            "A curious look up, then a quick, light movement out of frame",
            ("Up close, we find {the_el}.", "This is home to {the_el}, too."),
        ),
        "tiny": (
            (
                "{label}: {the_el} filling the frame, {light} catching every fine texture and glint",
                "{label}: {the_el} under a macro lens, each detail razor sharp, time seeming to slow down",
            ),
            "The focus settles gently on {the_el}",
            ("Even the smallest things shine.", "Come closer: {the_el}."),
        ),
        "detail": (
            (
                "{label}: {the_el} at the centre of the frame, {light} picking out every texture, background blurred",
                "{label}: the fine texture of {the_el}, colours warm and rich in {light}",
            ),
            "The focus racks from the background onto {the_el}",
            ("Look closer at {the_el}.", "The small things matter: {the_el}."),
        ),
        "land": (
            (
                "{label}: {the_el} unfolding in {light}, rich in depth, a breeze stirring the leaves",
                "{label}: {the_el} spread out below, {light} casting dappled shadows on the ground",
            ),
            "A breeze moves through {the_el}",
            ("We wander into {the_el}.", "Through {the_el}, the view keeps changing."),
        ),
        "generic": (
            (
                "{label}: {the_el} in {light}; a simple composition that flows naturally from the previous scene",
                "{label}: turning toward {the_el}, details gradually revealed, colours matching the previous scene",
            ),
            "{the_el} becoming the focus of the frame",
            ("Next, we come to {the_el}.", "And then, {the_el}."),
        ),
    },
}
ELEMENT_ACTION = {"zh": "{what}，镜头{motion}", "en": "{what}; the camera {motion}"}

# Scenes built from a sentence of the idea.
BEAT = {
    "zh": (
        "{label}：{beat}，{light}下，情绪自然推进",
        "{label}：{beat}，画面细节清晰，与前一场景自然衔接",
    ),
    "en": (
        "{label}: {beat}, in {light}, the mood building naturally",
        "{label}: {beat}; {light} keeps the look consistent with the previous scene",
    ),
}
BEAT_ACTION = {"zh": "{beat}，镜头{motion}", "en": "{beat}; the camera {motion}"}

CLIMAX = {
    "zh": (
        "{label}：转折时刻，{together}，{light}骤然变得浓烈，镜头节奏加快，情绪被推向顶点",
        "{label}：高潮，{together}，光影交错，画面充满张力，这是整段旅程最难忘的一刻",
    ),
    "en": (
        "{label}: the turning point, {together}; {light} grows more intense and the pacing quickens",
        "{label}: the climax, {together}, light and shadow interlacing; the most memorable moment of the piece",
    ),
}
CLIMAX_TOGETHER = {
    "zh": {0: "{subject}的故事迎来最精彩的瞬间", 1: "{subject}与{e1}交汇在同一画面中", 2: "{e1}与{e2}同时出现在画面中"},
    "en": {
        0: "the high point of {the_noun}",
        1: "{the_noun} and {the_e1} come together",
        2: "{the_e1} and {the_e2} share the frame",
    },
}
CLIMAX_ACTION = {"zh": "节奏加快，镜头{motion}，主体逐渐占满画面", "en": "The rhythm quickens as the camera {motion}"}
CLIMAX_NARRATION = {
    "zh": ("就在这一刻，一切都变得不一样了。", "这是最难忘的瞬间。"),
    "en": ("In that moment, everything changed.", "This is the moment to remember."),
}

CLOSING = {
    "zh": (
        "{label}：镜头缓缓拉远，{subject}的画面渐渐融入{light}中的广阔天地，慢慢定格",
        "{label}：镜头后拉至全景，{light}温柔地包裹一切，关于{subject}的故事在宁静中落幕",
    ),
    "en": (
        "{label}: the camera slowly pulls back, letting {the_noun} blend into the wider view in {light}, then settles",
        "{label}: a final pull-back as {light} wraps around everything, the story of {the_noun} closing quietly",
    ),
}
CLOSING_ACTION = {
    "zh": "镜头持续后拉，画面逐渐淡出",
    "en": "The camera keeps pulling back, then the picture gently fades out",
}
CLOSING_NARRATION = {
    "zh": ("{subject}的故事，未完待续。", "一切归于宁静，关于{subject}的故事就此落幕。"),
    "en": (
        "And the story of {the_noun} goes on.",
        "Everything grows quiet as the story of {the_noun} comes to an end.",
    ),
}
