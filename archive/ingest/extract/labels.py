"""Label: value fields as pages print them (来源:齊魯網 作者:热点), in either script.

One table of labels serves every extractor, so that a value stops where the next label on
the same line begins, whichever field that label belongs to. Pages glue fields together
(发布日期:2018-12-2108:59来源:三亚日报实习编辑:丹丹): once a line has opened with a field,
a later label counts wherever it stands, and a role word left at the end of the value before
it (实习, 见习) goes with that label, not with the value.
"""

import functools
import re

LABELS = {
    "source": (
        "来源",
        "來源",
        "稿源",
        "出处",
        "出處",
        "转自",
        "轉自",
        "稿件来源",
        "稿件來源",
        "本文来源",
        "本文來源",
        "文章来源",
        "文章來源",
        "内容来源",
        "內容來源",
        "新闻来源",
        "新聞來源",
        "信息来源",
        "資訊來源",
        "供稿",
        "来源于",
        "來源於",
        "本文来源于",
        "本文來源於",
        "文章来源于",
        "文章來源於",
    ),
    "author": ("作者", "记者", "記者", "通讯员", "通訊員", "撰文", "文"),
    "editor": (
        "责任编辑",
        "責任編輯",
        "责编",
        "責編",
        "编辑",
        "編輯",
        "主编",
        "主編",
        "审核",
        "審核",
        "执行",
        "執行",
        "编审",
        "編審",
    ),
    "keywords": ("关键词", "關鍵詞", "关键字", "關鍵字", "标签", "標籤", "標簽"),
    "date": (
        "发布时间",
        "發佈時間",
        "發布時間",
        "发布日期",
        "發佈日期",
        "發布日期",
        "发稿时间",
        "發稿時間",
        "更新时间",
        "更新時間",
        "时间",
        "時間",
        "日期",
    ),
    "original_title": ("原标题", "原標題"),
    "other": ("点击", "點擊", "浏览", "瀏覽", "阅读", "閱讀", "字号", "字號", "浏览次数", "瀏覽次數"),
}
_ALL = sorted(((label, kind) for kind, labels in LABELS.items() for label in labels), key=lambda p: -len(p[0]))
KIND_OF = dict(_ALL)
_ALTERNATIVES = "|".join(re.escape(label) for label, _ in _ALL)
# A colon follows a label; for 文 a slash will do; a line that opens with 来源于 needs none
# (本文来源于国家统计局), one that says it inside a sentence is prose (艺术来源于生活).
_COLON = (
    r"\s*(?:[:：]|(?<=文)\s*/|"
    + "|".join(f"(?<=^{re.escape(label)})" for label, _ in _ALL if label.endswith(("于", "於")))
    + r")\s*"
)
# What may not stand before a label: a letter, or the punctuation inside a sentence. A line's
# start, a space, a bracket, a time it is glued to, a decoration (▍來源:) may.
_INSIDE_A_SENTENCE = "\u4e00-\u9fffA-Za-z，、；：“‘,;:"
# A credit may also follow a sentence's end (…追悔莫及！！！来源：马村公安责编：…).
CREDIT_START = rf"(?<![{_INSIDE_A_SENTENCE}])"
# A field not: …参加。时间：… is prose.
NOT_AFTER_LETTER = rf"(?<![{_INSIDE_A_SENTENCE}。！？”’!?])"
FIELD = re.compile(NOT_AFTER_LETTER + "(" + _ALTERNATIVES + ")" + _COLON)
RUN_FIELD = re.compile(CREDIT_START + "(" + _ALTERNATIVES + ")" + _COLON)
# Inside a line that has opened with a field, a label of two characters or more may be glued
# to the value before it.
GLUED = re.compile("(" + "|".join(re.escape(label) for label, _ in _ALL if len(label) >= 2) + ")" + _COLON)
ROLE_PREFIX = re.compile(r"(?:实习|實習|见习|見習|特约|特約|值班|本网|本網)$")
MAX_CREDIT = 20  # a credit's value: a name or two, not a sentence
MAX_CREDIT_RUN = 120  # a run of credits stands in a line's last characters
SEPARATORS = re.compile(r"[\s、,，;；/|｜]+")


def _matches(line):
    found = list(FIELD.finditer(line))
    if not found or found[0].start() > 0 and line[: found[0].start()].strip():
        return found
    opened = found[0].end()
    glued = [
        m for m in GLUED.finditer(line, opened) if not any(m.start() < f.end() and f.start() < m.end() for f in found)
    ]
    return sorted(found + glued, key=lambda m: m.start())


def fields(line):
    """[(kind, value)] for each label in the line, each value ending where the next label starts."""
    return list(_fields(line))


@functools.lru_cache(maxsize=4096)
def _fields(line):
    """fields(), kept for the lines of the story at hand: extraction and the furniture rules
    ask about the same lines many times."""
    found = _matches(line)
    out = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(line)
        value = line[match.end() : end]
        value = ROLE_PREFIX.sub("", value.strip()).strip(" \t　)）]】")
        out.append((KIND_OF[match.group(1)], value))
    return tuple(out)


def unlabelled_rest(line):
    """What is left of a line once its fields and bracketed tags ([综合]) are taken out."""
    found = _matches(line)
    rest = line[: found[0].start()] if found else line
    return re.sub(r"[\[【][^\]】]{0,8}[\]】]", "", rest).strip(" \t()（）")


def credit_run_start(line):
    """Where a run of two or more fields glued to the end of a line of story text begins
    (…你我共享 供稿：交警支队 编辑：恭伟冲 审核：杨卫萍), or None: the credits of the story's
    last line, to be read as fields and kept out of its text."""
    for match in RUN_FIELD.finditer(line, max(0, len(line) - MAX_CREDIT_RUN)):
        if not unlabelled_rest(line[: match.start()]):
            return None  # a line that opens with fields (or a tag: [综合]) is read as fields already
        run = line[match.start() :]
        found = fields(run)
        if len(found) >= 2 and not unlabelled_rest(run) and all(len(value) <= MAX_CREDIT for _, value in found):
            return match.start()
    return None


def split_names(value):
    return [name for name in SEPARATORS.split(value) if name]
