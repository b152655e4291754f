"""The benchmark's queries: common and rare words, one character, runs that cross word
boundaries, phrases, OR and exclusions, with and without filters."""

WORDS = [
    "中国",
    "社区",
    "公司",
    "发展",
    "学生",
    "医院",
    "警方",
    "政府",
    "经济",
    "文化",
    "交通",
    "教育",
    "市场",
    "记者",
    "疫情",
    "天气",
    "手机",
    "房价",
    "旅游",
    "安全",
]
RARE = ["龙泉社区", "地铁线路图", "二手车", "高铁站", "养老院", "消防", "暴雨预警", "垃圾分类", "足球", "奥运"]
ONE_CHARACTER = ["的", "疫", "人", "龍", "省"]
BOUNDARY = ["山区", "区政府", "市民", "民警", "人民医院", "国人"]
PHRASES = ['"中国 经济"', '"人民政府"', "学生 OR 老师", "医院 -警方", "title:北京", "source:新华网", "公司 发展 市场"]
FILTERS = [
    {"region": "440000"},
    {"year": "2018"},
    {"script": "traditional"},
    {"date_from": "2016-01-01", "date_to": "2017-12-31"},
    {"region": "110000", "sort": "date"},
    {"source": "人民网"},
]


def queries():
    """[(label, params)]: 58 searches."""
    out = [(q, {"q": q}) for q in WORDS + RARE + ONE_CHARACTER + BOUNDARY + PHRASES]
    for index, extra in enumerate(FILTERS):
        out.append((f"{WORDS[index]} + {extra}", {"q": WORDS[index], **extra}))
    out += [(f"(filter only) {extra}", dict(extra)) for extra in FILTERS[:4]]
    return out
