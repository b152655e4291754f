"""Raw text → clean text: each kind of scraping noise is one small named rule.

The rules run in RULES order; each takes and returns the whole text, so each can be tested
alone. They remove page furniture and repair scraping damage; they never rewrite the
story's own words (script conversion is search's business, not the reader's).
"""

import html
import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

# 頁(yè), 書（shū）: tone-marked pinyin in brackets after a character (or after mojibake debris).
PINYIN = re.compile(rf"(?<=[{HAN}A-Za-z?？])[(（][a-zü]*[{TONED}][a-zü]*[)）]")

# 首頁>要聞, 当前位置：首页 > 新闻 > 正文. A short line that is a path of links.
CRUMB_SEPARATORS = re.compile(r"\s*(?:>|＞|›|»|→|&gt;)\s*")
CRUMB_START = re.compile(
    r"^\s*(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|位置)?[:：]?\s*(?:首页|首頁|主页|主頁|网站首页|網站首頁)"
)

# A stray comma scraped in front of the real punctuation: ,、 ,。 ,, ,?
DOUBLED_COMMA = re.compile(r"[,，](?=[,，、。？！?!；;：:])")

# Debris of a page decoded in the wrong encoding: ?!?/p>, </p>, <br/>, and a pinyin
# annotation whose character and opening bracket became a question mark (?cè)).
MOJIBAKE = re.compile(
    rf"[?？!！]{{1,4}}/p>|</?(?:p|br|div|span|strong|b|em)\s*/?>|\?[a-zü]*[{TONED}][a-zü]*[)）]",
    re.IGNORECASE,
)
ESCAPED_NEWLINE = re.compile(r"(?:\\r)?\\n")
ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")

# Lines that open a share or related-articles footer.
FOOTER_MARKERS = (
    "分享到",
    "分享至",
    "相关文章",
    "相關文章",
    "相关内容",
    "相關內容",
    "相关新闻",
    "相關新聞",
    "相关阅读",
    "相關閱讀",
    "推荐阅读",
    "推薦閱讀",
    "精彩推荐",
    "精彩推薦",
    "热门点击",
    "熱門點擊",
    "友情链接",
    "友情鏈接",
    "延伸阅读",
    "延伸閱讀",
    "猜你喜欢",
    "猜你喜歡",
    "更多精彩",
)
FOOTER_LINE = re.compile(r"^\s*[【\[]?(?:" + "|".join(FOOTER_MARKERS) + r")[】\]]?\s*[:：]?\s*$")
# A footer is a list of link titles; a line this long with a full stop is story text, not a footer.
PARAGRAPH = re.compile(r"^.{60,}[。！？!?]")


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_escaped_newlines(text):
    """A scraper's JSON dump leaves line breaks as the two characters \\n: make them line breaks."""
    return ESCAPED_NEWLINE.sub("\n", text)


def unescape_entities(text):
    return ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def strip_pinyin_annotations(text):
    return PINYIN.sub("", text)


def strip_mojibake(text):
    return MOJIBAKE.sub("", text)


def fix_doubled_commas(text):
    return DOUBLED_COMMA.sub("", text)


def strip_breadcrumbs(text):
    def is_crumb(line):
        if len(line) > 80 or not CRUMB_SEPARATORS.search(line):
            return False
        return bool(CRUMB_START.match(line)) or len(CRUMB_SEPARATORS.findall(line)) >= 2

    return "\n".join(line for line in text.split("\n") if not is_crumb(line))


def strip_footers(text):
    """Drop share/related footers: the marker line, and everything after it when what follows
    holds no paragraph of story text."""
    lines = text.split("\n")
    kept = []
    for index, line in enumerate(lines):
        if FOOTER_LINE.match(line):
            if not any(PARAGRAPH.match(rest.strip()) for rest in lines[index + 1 :]):
                break
            continue
        kept.append(line)
    return "\n".join(kept)


def tidy_whitespace(text):
    """Non-breaking and ideographic spaces to plain ones, no indentation or trailing spaces, at most one blank line."""
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


RULES = (
    normalise_newlines,
    split_escaped_newlines,
    unescape_entities,
    strip_mojibake,
    strip_pinyin_annotations,
    fix_doubled_commas,
    strip_breadcrumbs,
    strip_footers,
    tidy_whitespace,
)


def clean(text):
    for rule in RULES:
        text = rule(text)
    return text
