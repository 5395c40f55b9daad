"""The planner's scene vocabulary: which words hint at a camera, a light or a kind of subject.

Used by `studio.storyboard.planner.plan`; each table has a Chinese and an English side. How requests are
phrased is in `studio.storyboard.planner.idea_phrases`, the sentence templates in `studio.storyboard.planner.templates`.
"""

from __future__ import annotations

import re

# English subjects that read as sentences ("a cat chases a ball").
EN_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had)\b|"
    r"\b\w+(?:s|ed)\s+(?:a|an|the|across|through|into|to|with|from|his|her|their|its|out|up|down|away|around|over)\b"
)

# --- Cameras ---------------------------------------------------------------------------------------

CAMERA_LABEL = {
    "zh": {
        "wide shot": "远景",
        "medium shot": "中景",
        "close up": "特写",
        "extreme close up": "大特写",
        "aerial view": "航拍",
        "tracking shot": "跟拍",
        "low angle": "仰拍",
        "static shot": "固定镜头",
    },
    "en": {
        "wide shot": "Wide shot",
        "medium shot": "Medium shot",
        "close up": "Close up",
        "extreme close up": "Extreme close up",
        "aerial view": "Aerial view",
        "tracking shot": "Tracking shot",
        "low angle": "Low angle",
        "static shot": "Static shot",
    },
}
CAMERA_MOTION = {
    "zh": {
        "wide shot": "缓慢横移",
        "medium shot": "平稳推近",
        "close up": "缓慢推近",
        "extreme close up": "极缓慢地推近",
        "aerial view": "缓缓下降并向前推进",
        "tracking shot": "与主体同步移动",
        "low angle": "从低处缓缓上摇",
        "static shot": "保持静止",
    },
    "en": {
        "wide shot": "pans slowly across the scene",
        "medium shot": "eases in steadily",
        "close up": "pushes in slowly",
        "extreme close up": "creeps in almost imperceptibly",
        "aerial view": "glides forward while slowly descending",
        "tracking shot": "moves alongside the subject",
        "low angle": "tilts up from a low position",
        "static shot": "holds perfectly still",
    },
}
CAMERA_SECONDS = {
    "aerial view": 6.0,
    "wide shot": 5.0,
    "tracking shot": 5.0,
    "static shot": 4.5,
    "medium shot": 4.5,
    "low angle": 4.0,
    "close up": 3.5,
    "extreme close up": 3.0,
}
CAMERA_ALTERNATIVES = {
    "wide shot": ("aerial view", "static shot", "medium shot"),
    "aerial view": ("wide shot", "static shot", "medium shot"),
    "medium shot": ("tracking shot", "static shot", "low angle"),
    "close up": ("extreme close up", "medium shot", "static shot"),
    "extreme close up": ("close up", "medium shot", "static shot"),
    "tracking shot": ("medium shot", "low angle", "static shot"),
    "low angle": ("tracking shot", "medium shot", "static shot"),
    "static shot": ("medium shot", "close up", "tracking shot"),
}

# --- Lighting (one look for the whole film, for continuity) -------------------------------------------

LIGHTS = {
    "zh": ("清晨柔和的阳光", "午后温暖的金色阳光", "薄雾中柔和的散射光", "傍晚金色的余晖"),
    "en": ("soft morning light", "warm afternoon sunlight", "soft light filtered through mist", "golden evening light"),
}
# (Chinese keywords, English pattern, zh light, en light); first match wins.
LIGHT_HINTS = (
    (
        "霓虹|城市夜|都市夜|夜景",
        r"\b(?:neon|nightlife|city at night|night city)\b",
        "霓虹闪烁的夜色灯光",
        "neon-lit night light",
    ),
    ("夜|晚上|星空|月光|月亮", r"\b(?:night|moon\w*|stars?|starry|neon|midnight)\b", "清冷的月光", "cool moonlight"),
    ("雨", r"\b(?:rain\w*|storm\w*)\b", "雨中湿润的冷色调光线", "cool, rain-washed light"),
    ("雪|冬", r"\b(?:snow\w*|winter|ice|icy)\b", "雪地反射的清冷光线", "cold light bouncing off fresh snow"),
    ("日落|黄昏|夕阳|傍晚", r"\b(?:sunset|dusk|twilight|evening)\b", "傍晚金色的余晖", "golden evening light"),
    ("清晨|日出|早晨|黎明", r"\b(?:morning|sunrise|dawn)\b", "清晨柔和的阳光", "soft morning light"),
    (
        "水下|海底",
        r"\b(?:underwater|under the sea|undersea)\b",
        "透过水面洒下的蓝色光束",
        "blue shafts of light from the surface",
    ),
)

# --- What a thing is, and how to shoot it --------------------------------------------------------------

# (name, Chinese keywords, English keywords, camera); first match wins, so order matters.
CATEGORIES = (
    (
        "animal",
        "动物|猫(?!眼)|狗|鸟(?!瞰)|鱼|兔|鹿|松鼠|狐狸|熊|猴|昆虫|蝴蝶|蜜蜂|萤火虫|企鹅|鲸|海豚|海龟|海鸥|燕子|麻雀|马儿|骏马|小马|斑马|羊|鸭|龟|蛙|鹰|瓢虫|蚂蚁|蜗牛|蜘蛛|毛毛虫|老鼠|甲虫",
        "animals?|cats?|kittens?|dogs?|puppy|puppies|birds?|fish|fishes|rabbits?|bunn(?:y|ies)|deer|squirrels?|"
        "fox|foxes|bears?|monkeys?|insects?|butterfl(?:y|ies)|bees?|fireflies|firefly|penguins?|whales?|dolphins?|"
        "horses?|sheep|ducks?|turtles?|owls?|frogs?|eagles?|ladybirds?|ladybugs?|ants?|snails?|spiders?|"
        "caterpillars?|beetles?|mice|mouse|wildlife|creatures?",
        "close up",
    ),
    (
        "vast",
        "海洋|大海|山脉|群山|城市|都市|峡谷|沙漠|草原|冰川|海岸|天际线|高原|宇宙|星球",
        "oceans?|seas?|mountains|mountain ranges?|city|cities|skylines?|canyons?|deserts?|prairies?|glaciers?|"
        "coast(?:line)?s?|plateaus?|universe|planets?|galax(?:y|ies)|metropolis",
        "aerial view",
    ),
    (
        "water",
        "河|溪|湖|瀑布|水|浪|泉|池塘|海",
        "rivers?|streams?|creeks?|lakes?|waterfalls?|water|waves?|springs?|ponds?|brooks?",
        "wide shot",
    ),
    (
        "sky",
        "天空|星空|星星|月亮|太阳|云|日出|日落|夕阳|极光|彩虹|烟花|风筝|气球",
        "sky|skies|stars?|moon|sun|clouds?|sunrise|sunset|aurora|rainbows?|fireworks|kites?|balloons?",
        "static shot",
    ),
    (
        "tall",
        "塔|大楼|高楼|摩天|城堡|雕像|寺庙|教堂|宫殿|巨人|大树|古树|火箭",
        "towers?|buildings?|skyscrapers?|castles?|statues?|temples?|cathedrals?|palaces?|giants?|rockets?|"
        "monuments?|lighthouses?",
        "low angle",
    ),
    (
        "vehicle",
        "车|火车|列车|船|飞机|自行车|摩托|帆船|飞船",
        "cars?|trains?|boats?|ships?|planes?|airplanes?|bikes?|bicycles?|motorcycles?|trucks?|buses|bus|taxis?|cabs?|"
        "trams?|spaceships?|sailboats?",
        "tracking shot",
    ),
    (
        "person",
        "人|孩子|儿童|女孩|男孩|老人|少年|少女|探险家|旅者|探险者|主角|朋友|家人|一家|宇航员|学生|老师|歌手|画家|厨师|"
        "农民|渔夫|警察|士兵|国王|公主|王子|情侣|村民|舞者",
        "people|persons?|man|men|woman|women|girls?|boys?|child|children|kids?|explorers?|hikers?|travell?ers?|"
        "family|families|friends?|astronauts?|students?|teachers?|heroe?s?|dancers?|runners?|musicians?|singers?|"
        "players?|artists?|painters?|chefs?|workers?|farmers?|fishermen|fisherman|soldiers?|kings?|queens?|"
        "princes?|princess(?:es)?|couples?|crowds?|everyone|villagers?|robots?|grandm\\w+|grandp\\w+|"
        "mothers?|fathers?|mums?|moms?|dads?|babies|baby",
        "medium shot",
    ),
    (
        "tiny",
        "露珠|水滴|眼睛|眼神|纹理|细节|指纹|雨滴",
        "dew|dewdrops?|drops?|droplets?|eyes?|textures?|details?|fingerprints?|raindrops?",
        "extreme close up",
    ),
    (
        "detail",
        "花|叶|手|脸|蘑菇|钥匙|杯|书本|信|硬币|果|种子|羽毛|贝壳|石头|糖|蛋糕|食物",
        "flowers?|petals?|leaf|leaves|hands?|faces?|mushrooms?|keys?|cups?|mugs?|books?|letters?|coins?|fruits?|"
        "seeds?|feathers?|shells?|pebbles?|stones?|candles?|cakes?|coffee|food|jewel\\w*|rings?|toys?",
        "close up",
    ),
    (
        "land",
        "森林|树林|竹林|林|竹|树|草地|草坪|田野|花园|公园|山丘|山坡|山|村庄|小镇|街道|乡村|岛|海滩|沙滩|校园|广场|咖啡馆|餐厅|商店|书店|"
        "市场|街角|房|屋",
        "forests?|woods?|woodlands?|trees?|fields?|meadows?|gardens?|parks?|hills?|mountain|villages?|towns?|"
        "streets?|countryside|islands?|beach(?:es)?|campus|squares?|valleys?|jungles?|cafes?|houses?|cottages?|"
        "markets?|shops?",
        "wide shot",
    ),
)
CATEGORY_FAMILIES = (
    ("vast", "land", "water", "sky", "tall"),
    ("person", "vehicle", "generic"),
    ("animal", "tiny", "detail"),
)
SMALL_HINT_ZH = ("小", "微小", "小小")
SMALL_HINT_EN = r"\b(?:small|tiny|little|miniature|mini)\b"

# Subjects that move (introduced with a tracking shot) and that live outdoors (opened from the air).
MOTION_ZH = "探险|冒险|旅行|旅程|旅途|远足|徒步|穿越|漂流|航行|之旅|远征"
MOTION_EN = r"\b(?:adventures?|journeys?|trips?|travels?|voyages?|quests?|hikes?|treks?|expeditions?|explorations?)\b"
# Chinese subjects that read as a sentence ("一只小猫在花园里追蝴蝶") rather than a noun.
OUTDOOR_ZH = "森林|探险|冒险|海|山|城|岛|村|乡|自然|旅行|河|湖|草原|沙漠|天空|星空|田野|公园|花园|峡谷|雪|户外"
OUTDOOR_EN = (
    r"\b(?:forests?|adventures?|ocean|sea|mountains?|city|island|village|countryside|nature|travel\w*|rivers?|"
    r"lakes?|desert|sky|fields?|park|garden|canyon|snow|outdoors?|beach|coast|valley|jungle|journey|world|planet|"
    r"earth|landscape|wilderness)\b"
)
