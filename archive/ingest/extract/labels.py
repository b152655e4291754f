"""Label: value fields as pages print them (来源:齊魯網 作者:热点), in either script.

One table of labels serves every extractor, so that a value stops where the next label on
the same line begins, whichever field that label belongs to.
"""
import re

LABELS = {
    "source": ("来源", "來源", "稿源", "出处", "出處", "转自", "轉自"),
    "author": ("作者", "记者", "記者", "通讯员", "通訊員", "撰文", "文"),
    "editor": ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "主编", "主編", "审核", "審核"),
    "keywords": ("关键词", "關鍵詞", "关键字", "關鍵字", "标签", "標籤", "標簽"),
    "date": ("发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "發布日期", "时间", "時間", "日期"),
    "original_title": ("原标题", "原標題"),
    "other": ("点击", "點擊", "浏览", "瀏覽", "阅读", "閱讀", "字号", "字號", "浏览次数", "瀏覽次數"),
}
_ALL = sorted(((label, kind) for kind, labels in LABELS.items() for label in labels), key=lambda p: -len(p[0]))
KIND_OF = dict(_ALL)
# A label starts a field when it follows the line start, a space or a bracket, and a colon
# (or, for 文, a slash) follows it.
FIELD = re.compile(
    r"(?:(?<=^)|(?<=[\s\[【(（|｜]))(%s)\s*(?:[:：]|(?<=文)\s*/)\s*" % "|".join(re.escape(label) for label, _ in _ALL)
)
SEPARATORS = re.compile(r"[\s、,，;；/|｜]+")


def fields(line):
    """[(kind, value)] for each label in the line, each value ending where the next label starts."""
    found = list(FIELD.finditer(line))
    out = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(line)
        value = line[match.end():end].strip(" \t　)）]】")
        out.append((KIND_OF[match.group(1)], value))
    return out


def unlabelled_rest(line):
    """What is left of a line once its fields and bracketed tags ([综合]) are taken out."""
    found = list(FIELD.finditer(line))
    rest = line[: found[0].start()] if found else line
    return re.sub(r"[\[【][^\]】]{0,8}[\]】]", "", rest).strip(" \t()（）")


def split_names(value):
    return [name for name in SEPARATORS.split(value) if name]
