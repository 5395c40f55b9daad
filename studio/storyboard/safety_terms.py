"""The content filter's default rules, in English and Chinese, in the rule syntax of `safety_rules`.

Seeded once each (an admin's removal sticks). A plain term refuses wherever it appears; a group
rule (parts joined by +) needs all its parts in one sentence, which is how "把明星的脸替换到视频里"
is caught without refusing every "face" or "swap". The words that make a group are chosen so
that ordinary film ideas pass: "make a video about..." starts half the ideas, so "make" alone
never marks an instruction; "制作" likewise. Exceptions (!) take well-known harmless phrases out
before the rules run (斩首行动 is a military operation's name, a bath bomb is soap).
Each term fits the table's 100 characters.
"""

from __future__ import annotations

MINORS = "sexual content involving minors"
LIKENESS = "non-consensual likeness of real people"
VIOLENCE = "graphic violence"
SELF_HARM = "self-harm"
WEAPONS = "weapons instructions"
ALLOWED = "allowed phrase (exception)"

CATEGORIES: tuple[str, ...] = (MINORS, LIKENESS, VIOLENCE, SELF_HARM, WEAPONS)

_SEXUAL = "nude|naked|sex|sexual|sexually|sexy|porn*|erotic|lewd|undress*|topless|molest*|rape"
_SEXUAL_ZH = "色情|裸体|裸照|全裸|性爱|性交|做爱|脱光|淫秽|情色|性感"
_SWAP = "swap|replace|paste|transplant|superimpose|graft|morph"
_SWAP_ZH = "替换|换成|换到|贴到|移植|合成|p到|p成"
_FACE_ZH = "脸|面孔|面部|头像|五官"
_UNDRESS = "undress*|nude|naked|nudify|topless|without clothes|clothes off|remove* the clothes|remove* her clothes"
_UNDRESS_ZH = "脱衣|脱光|扒光|裸照|裸体|去衣"
_GRAPHIC = "graphic|gory|gruesome|grisly|explicit|close up"
_AGES = "|".join(f"{age} year old" for age in range(1, 18))
_AGES_ZH = "|".join(f"{age}岁" for age in range(1, 18))
_HOW = "how to|how do i|ways to|best way to|easiest way to|painless way to|step by step|tutorial"
_HOW_ZH = "怎么|怎样|如何|教程|教你|步骤|无痛"
_INSTRUCT = "how to|how do i|instructions|step by step|tutorial|blueprint*|recipe|guide"
_BUILD = "make|build|assemble|construct|manufactur*|3d print*|cook|synthesi*|brew"
_EXPLOSIVES = "bomb|explosive*|ied|grenade*|detonator*|napalm|thermite|molotov*|tnt|gunpowder"
_FIREARMS = "gun|firearm*|rifle*|pistol*|silencer*|suppressor*|machine gun*|ammunition|ammo"
_AGENTS = "sarin|ricin|nerve agent*|vx|tabun|novichok|mustard gas|poison gas|anthrax|cyanide"
_MAKE_ZH = "|".join(
    (
        "怎么做|怎么制作|如何制作|如何做|怎样制作|怎么造|如何造|如何合成|怎么合成|提炼",
        "自制|土制|制作方法|制作教程|配方|教程|步骤|教你|组装|3d打印",
    )
)

DEFAULT_TERMS: tuple[tuple[str, str], ...] = (
    # sexual content involving minors
    ("child sexual abuse|child porn*|csam|underage sex*|pedophil*|paedophil*|lolicon|shotacon", MINORS),
    ("sexualized minor*|sexualised minor*|sexualized child*|sexualised child*", MINORS),
    (f"child|children|kid|minor|underage|preteen + {_SEXUAL}", MINORS),
    (f"toddler|infant|schoolgirl|schoolboy|little girl|little boy|year old girl|year old boy + {_SEXUAL}", MINORS),
    ("儿童色情|未成年人色情|恋童|幼女色情|奸淫幼女", MINORS),
    (f"{_AGES} + {_SEXUAL}", MINORS),
    (f"{_AGES_ZH} + {_SEXUAL_ZH}", MINORS),
    (f"儿童|未成年|幼女|幼童|女童|男童|小学生|初中生|萝莉|正太|小孩|孩子 + {_SEXUAL_ZH}", MINORS),
    # non-consensual likeness of real people
    ("deep fake|face swap|swap face|deep nude|nudify|undress app|undressing app|voice clone of", LIKENESS),
    (f"face + {_SWAP} + celebrity|celebrities|famous|real person|real people|movie star|pop star", LIKENESS),
    (f"face + {_SWAP} + actor|actress|singer|influencer|politician|president|prime minister", LIKENESS),
    (f"face + {_SWAP} + colleague|coworker|classmate|neighbor|neighbour|ex|girlfriend|boyfriend", LIKENESS),
    ("face|faces + porn*|adult video*|adult film*|sex video*|sex tape*|sex scene*|xxx", LIKENESS),
    (f"{_UNDRESS} + celebrity|celebrities|actress|singer|influencer|real person|real people", LIKENESS),
    (f"{_UNDRESS} + classmate|colleague|coworker|neighbor|neighbour|ex|girlfriend|my teacher", LIKENESS),
    (f"{_FACE_ZH} + 色情|成人视频|成人电影|黄片|av女优|a片|裸体", LIKENESS),
    ("深度伪造|换脸|一键脱衣|脱衣软件|去衣软件|ai脱衣", LIKENESS),
    (f"{_FACE_ZH} + {_SWAP_ZH} + 明星|名人|真人|演员|网红|主播|歌手|总统|总理|政治人物", LIKENESS),
    (f"{_FACE_ZH} + {_SWAP_ZH} + 同学|同事|老师|邻居|前女友|前男友|女友|男友|老板", LIKENESS),
    (f"{_UNDRESS_ZH} + 明星|名人|真人|网红|主播|女演员|女明星|同学|同事|老师|邻居|前女友|女友", LIKENESS),
    # graphic violence
    ("behead*|decapitat*|dismember*|disembowel*|eviscerat*|snuff film*|snuff video*|torture porn", VIOLENCE),
    (f"{_GRAPHIC} + gore|mutilat*|tortur*|massacre*|slaughter*|flay*|impale*|severed head*", VIOLENCE),
    (f"{_GRAPHIC} + entrails|intestine*|guts spill*|brains splatter*|blood splatter*|eyes gouged", VIOLENCE),
    ("head cut off|heads cut off|cut off his head|cut off her head|cut his head off|cut her head off", VIOLENCE),
    ("slit + throat*", VIOLENCE),
    ("肢解|开膛破肚|斩首|砍头|碎尸|分尸|虐杀|血肉横飞|脑浆迸裂|凌迟|挖眼", VIOLENCE),
    ("血腥|血淋淋|血浆四溅 + 酷刑|内脏|割喉|尸块|断肢|虐待|砍杀|爆头", VIOLENCE),
    # self-harm: instructions and encouragement
    ("pro ana|pro mia|thinspo*|kys|go kill yourself", SELF_HARM),
    (f"{_HOW} + kill myself|kill yourself|commit suicide|end my life|end your life", SELF_HARM),
    (f"{_HOW} + hang myself|hang yourself|cut myself|cut yourself|slit my wrist*|slit your wrist*", SELF_HARM),
    (
        "you should|they should|should just|encourag*|urg*|dare + kill yourself|kill themselves|commit suicide",
        SELF_HARM,
    ),
    ("encourag*|glorif*|romanticiz*|romanticis*|promot* + suicide|self harm|self injury|starve yourself", SELF_HARM),
    ("自杀方法|自杀教程|自残教程|割腕教程|教你自杀", SELF_HARM),
    (f"{_HOW_ZH} + 自杀|自残|割腕|上吊|轻生|结束自己的生命", SELF_HARM),
    ("鼓励|美化|宣扬|怂恿|教唆 + 自杀|自残|割腕|轻生", SELF_HARM),
    # weapons instructions
    ("bomb making|ghost gun*|3d printed gun*|zip gun*", WEAPONS),
    (f"{_INSTRUCT} + {_BUILD} + {_EXPLOSIVES}", WEAPONS),
    (f"{_INSTRUCT} + {_BUILD} + {_FIREARMS}", WEAPONS),
    (f"{_INSTRUCT} + {_BUILD} + {_AGENTS}", WEAPONS),
    (f"homemade|home made|diy|improvised|makeshift + {_EXPLOSIVES}|gun|firearm*|silencer*", WEAPONS),
    ("synthesi* + sarin|ricin|nerve agent*|vx|tabun|novichok|mustard gas|chemical weapon*", WEAPONS),
    ("how to|ways to|best way to + poison + someone|somebody|a person|people|my|him|her", WEAPONS),
    (f"{_MAKE_ZH} + 炸弹|炸药|爆炸物|雷管|燃烧瓶|手雷|tnt|硝化甘油", WEAPONS),
    (f"{_MAKE_ZH} + 枪支|手枪|步枪|猎枪|冲锋枪|机枪|消音器|子弹|弹药", WEAPONS),
    (f"{_MAKE_ZH} + 毒药|毒气|沙林|蓖麻毒素|神经毒剂|氰化物|芥子气|化学武器|生物武器", WEAPONS),
    ("如何投毒|怎么投毒|投毒方法|如何毒死|怎么毒死", WEAPONS),
    # exceptions: harmless phrases that contain a blocked word
    ("!naked eye|naked truth|sex education|sexual education|sex ed", ALLOWED),
    ("!decapitation strike*|decapitation attack*|斩首行动|斩首战术", ALLOWED),
    ("!suicide prevention|prevent suicide|suicide hotline|suicide helpline|suicide awareness", ALLOWED),
    ("!预防自杀|防止自杀|自杀干预|自杀预防|自杀热线|自杀念头", ALLOWED),
    ("!bath bomb*|photo bomb*|smoke bomb*|bomb shelter*|bomb disposal|bomb squad*|bomb cyclone*", ALLOWED),
    ("!minor league*|minor key*|minor chord*|minor character*|minor role*|minor injur*", ALLOWED),
    ("!glue gun*|nail gun*|water gun*|toy gun*|squirt gun*|nerf gun*|spray gun*|heat gun*|staple gun*", ALLOWED),
    ("!水枪|玩具枪|喷枪|胶枪|焊枪|子弹时间", ALLOWED),
)
