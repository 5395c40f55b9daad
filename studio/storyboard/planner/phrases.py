"""The planner's camera vocabulary: what each camera is called and does, and which camera suits which thing.

Used by `studio.storyboard.planner.plan`; each table has a Chinese and an English side. How requests are
phrased is in `idea_phrases`, times, weather and light in `lexicon`, the description templates in `templates`.
"""

from __future__ import annotations

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
        "monuments?|lighthouses?|bridges?",
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
        "农民|渔夫|警察|士兵|国王|公主|王子|情侣|村民|舞者|看守人|小明|艺伎",
        "people|persons?|man|men|woman|women|girls?|boys?|child|children|kids?|explorers?|hikers?|travell?ers?|"
        "family|families|friends?|astronauts?|students?|teachers?|heroe?s?|dancers?|runners?|musicians?|singers?|"
        "players?|artists?|painters?|chefs?|workers?|farmers?|fishermen|fisherman|soldiers?|kings?|queens?|"
        "princes?|princess(?:es)?|couples?|crowds?|everyone|villagers?|robots?|grandm\\w+|grandp\\w+|"
        "mothers?|fathers?|mums?|moms?|dads?|babies|baby|keepers?|geishas?|she|he|they",
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
        "花|叶|手|脸|蘑菇|钥匙|杯|书本|信|硬币|果|种子|羽毛|贝壳|石头|糖|蛋糕|食物|饺子|瓶|耳机|手机|咖啡|灯(?!塔)",
        "flowers?|petals?|leaf|leaves|hands?|faces?|mushrooms?|keys?|cups?|mugs?|books?|letters?|coins?|fruits?|"
        "seeds?|feathers?|shells?|pebbles?|stones?|candles?|cakes?|coffee|food|jewel\\w*|rings?|toys?|bottles?|"
        "messages?|beans?|kettles?|phones?|headphones|doors?|windows?|desks?",
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
SMALL_HINT_ZH = ("小", "微小", "小小")
SMALL_HINT_EN = r"\b(?:small|tiny|little|miniature|mini)\b"

# Ideas that live outdoors open from the air.
OUTDOOR_ZH = "森林|探险|冒险|海|山|城|岛|村|乡|自然|旅行|河|湖|草原|沙漠|天空|星空|田野|公园|花园|峡谷|户外"
OUTDOOR_EN = (
    r"\b(?:forests?|adventures?|ocean|sea|mountains?|city|island|village|countryside|nature|travel\w*|rivers?|"
    r"lakes?|desert|sky|fields?|park|garden|canyon|outdoors?|beach|coast|valley|jungle|journey|world|planet|"
    r"earth|landscape|wilderness)\b"
)

# Where things happen, beyond the landscapes above: the opening shot shows the place.
PLACES_EN = (
    r"rooms?|kitchens?|stations?|stops?|offices?|cafés?|restaurants?|shops?|schools?|classrooms?|librar(?:y|ies)|"
    r"museums?|harbou?rs?|ports?|piers?|bridges?|roads?|streets?|alleys?|platforms?|studios?|labs?|yards?|rooftops?|"
    r"balcon(?:y|ies)|stages?|Mars|moon|space|traffic"
)
PLACES_ZH = (
    "车站|站台|房间|厨房|办公室|咖啡馆|餐厅|商店|学校|教室|图书馆|博物馆|港口|码头|桥|街|广场|市场|舞台|屋顶|阳台|"
    "灯塔|车流"
)

# How each camera frames what it sees, for the description (a prompt for image and video models).
COMPOSITION = {
    "zh": {
        "wide shot": "全景构图，环境完整呈现",
        "medium shot": "中景构图，主体居中",
        "close up": "主体占满画面，背景柔和虚化",
        "extreme close up": "微距下细节清晰可见",
        "aerial view": "高空俯瞰，全景展开",
        "tracking shot": "镜头跟随主体移动",
        "low angle": "从低处仰视",
        "static shot": "固定机位，构图稳定",
    },
    "en": {
        "wide shot": "the whole setting in frame",
        "medium shot": "framed at mid distance",
        "close up": "filling the frame, background softly blurred",
        "extreme close up": "in fine macro detail",
        "aerial view": "seen from high above",
        "tracking shot": "the camera following alongside",
        "low angle": "seen from below",
        "static shot": "a steady, locked-off frame",
    },
}

# What moves in a shot of a thing of each category (the action column), by category name.
CATEGORY_MOTION = {
    "zh": {
        "animal": "{el}抬头张望，随后轻快地移动",
        "vast": "{el}的辽阔逐渐展开",
        "water": "水面波光流动",
        "sky": "云影与光线缓慢变化",
        "tall": "视线沿着{el}向上延伸",
        "vehicle": "{el}向前行进",
        "person": "{el}向前走去，回头张望",
        "tiny": "焦点缓缓落在{el}上",
        "detail": "焦点从背景移到{el}上",
        "land": "微风拂过{el}",
        "generic": "{el}成为画面焦点",
    },
    "en": {
        "animal": "A curious look up, then a quick, light movement",
        "vast": "The full scale of {el} opening out",
        "water": "Ripples of light running across the water",
        "sky": "Clouds and light changing slowly overhead",
        "tall": "The view climbing the full height of {el}",
        "vehicle": "{el} moving steadily ahead",
        "person": "A step forward, then a glance around",
        "tiny": "The focus settling gently on {el}",
        "detail": "The focus racking onto {el}",
        "land": "A breeze moving through {el}",
        "generic": "{el} becoming the focus of the frame",
    },
}
