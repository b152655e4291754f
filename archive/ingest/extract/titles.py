"""Headlines without the site's name, and the site's name they carried.

A page's `<title>` (and a scraped text's first line, which is usually that `<title>`) ends
with the site and channel: 益阳：“数字”是优长-半月谈, …_教育频道_中国青年网, … - BBC中文网 -
两岸三地. The headline the page prints with the article is the truth; the `<title>` and
og:title confirm it (the printed headline is what they start with). Without a printed
headline the suffix is cut by the grammar of such titles: a segment after a spaced
separator (" - ", " | ", "--", "::") or after "_" is the site or a channel; after a bare "-"
only when it is a site's name or trails off (…). The site is a segment shaped like a site's
name, else the last segment (a channel's name comes before it); none when the title trails
off before its end (… - 生活 - ...: the site's name was cut).
"""

import re
from dataclasses import dataclass

from archive.text import normalise, squash

_SPACED = r"\s+[-–—|｜/»]\s+"  # a separator with spaces around it:  - ,  | ,  »
# A separator and the segment after it.
SEPARATED = re.compile(rf"({_SPACED}|\s*(?:--|——|::|\|\||[|｜_]+)\s*|-)")
# Separators that set off a site or channel; —— also sets off a headline's subtitle (…力量——热烈
# 祝贺…开幕), so what follows it is cut only when named like a site.
STRONG = re.compile(rf"^{_SPACED}$|^\s*(?:--|::|\|\||[|｜]+)\s*$")
SITE_BEFORE = re.compile(r"(?:网|網|博客|报|報|\.com|\.cn|\.net)$")  # how a site named before the headline ends
SPACED = re.compile(rf"^{_SPACED}$")
UNDERSCORE = re.compile(r"^\s*_+\s*$")
# How a site's or outlet's name ends: 新华网, 齊魯網, 自由時報, 财经头条, 央视新闻客户端, …人民政府.
SITE_END = re.compile(
    r"(网|網|网站|網站|报|報|日报|日報|晚报|晚報|时报|時報|新闻|新聞|头条|頭條|在线|在線|客户端|客戶端|频道|頻道|"
    r"电视台|電視台|广播|廣播|社|台|中文站|中心|政府|门户|門戶|博客|周刊|週刊|月刊|旬刊|杂志|雜誌|画报|畫報|\.com|\.cn|\.net|\.org|news|News|NEWS)$"
)
QUOTES = re.compile(r"[“”「」《》『』\"]")
TRUNCATED = re.compile(r"(\.{2,}|…+)$")
MAX_SEGMENT = 16
MIN_HEADLINE = 4


@dataclass(frozen=True)
class Title:
    text: str
    site: str = ""  # the site's name cut from it, if it named one


def site_like(name):
    return bool(SITE_END.search(name.strip())) and 2 <= len(name.strip()) <= MAX_SEGMENT


def split_site(title, site_names=()):
    """Title(headline, site) with trailing site and channel segments cut off."""
    parts = SEPARATED.split(title.strip())
    known = {normalise(name) for name in site_names}
    head, segments = parts[0], list(zip(parts[1::2], parts[2::2]))
    cut, named_site, spaced_site = len(segments), "", ""
    tail_lost = False  # a segment trailed off (…): the site's name, which ends a title, is lost
    for index in range(len(segments) - 1, -1, -1):
        separator, segment = segments[index]
        segment = segment.strip().rstrip("!！")
        named = normalise(segment) in known or site_like(segment)
        # A channel or site name is short beside the headline and quotes nothing; a headline
        # after a column's name (組工戰“疫”| 難不倒的“代理書記”) is neither.
        loose = (
            (STRONG.match(separator) or UNDERSCORE.match(separator))
            and len(segment) <= MAX_SEGMENT
            and len(segment) < len(head)
            and not QUOTES.search(segment)
        )
        truncated = bool(TRUNCATED.search(segment)) and len(segment) <= MAX_SEGMENT  # a long one is the headline's
        if not (named or loose or truncated or not segment):
            break
        cut = index
        named_site = named_site or (segment if named and not tail_lost else "")
        if index == len(segments) - 1 and not truncated and (STRONG.match(separator) or UNDERSCORE.match(separator)):
            spaced_site = segment  # the title's last segment: …_教育频道_中国青年网, … - BBC中文网
        tail_lost = tail_lost or truncated
    rest = "".join(sep + seg for sep, seg in segments[:cut])  # the kept segments after the head
    headline = (head + rest).strip()
    if cut and SPACED.match(segments[0][0]) and (normalise(head.strip()) in known or SITE_BEFORE.search(head.strip())):
        # the site's name before the headline, spaced off: 多维博客 » 播客热潮迅速蔓延 (美国政府 | …, 法院新闻|…
        # are the headline's subject or a column's name, which it keeps)
        named_site, headline = named_site or head.strip(), rest[len(segments[0][0]) :]
    if len(headline) < MIN_HEADLINE:
        return Title(title.strip())
    return Title(headline.strip(), named_site or spaced_site)


def _folded(text):
    return squash(normalise(text))


def printed_headline(references, printed, site_names=()):
    """The printed text (a heading or a line of the page) that a reference title (og:title,
    JSON-LD headline, <title>) starts with, followed by nothing or a separator: the longest of
    any reference's (og:title may start with a column's name, 法国报纸摘要 - <headline>)."""
    names = {_folded(name) for name in site_names}
    best = ""
    for reference in references:
        ref = _folded(reference)
        for text in printed:
            key = _folded(text)
            if len(key) < MIN_HEADLINE or key in names or len(text) <= len(best):
                continue
            rest = ref[len(key) :] if ref.startswith(key) else None
            # (not ——: what follows it is a subtitle, part of the headline)
            if rest is not None and (not rest or SEPARATED.match(rest[0]) or rest[0] in "-_|｜/:@»"):
                best = text
    return best
