"""Page furniture around the story, found by its grammar rather than by site.

Two kinds survive main-text extraction and scraping:
- Lists: related links, channel menus, licence numbers (- 收费公路亏在哪 2015/07/01, 证券要闻,
  行业动态): a run of short lines without a sentence's ending, or list items, before or
  after the story.
- Calls to action and notices, often glued to the story's first or last sentence: share,
  follow, scan, read the original, back to the portal, copyright and reposting notices
  (返回搜狐，查看更多 / 本文为一点号作者原创，未经授权不得转载 / 识别二维码关注我们).

This runs after metadata extraction, which reads credits out of the same lines (文章来源于…，
如有侵权…); labelled lines (责任编辑:…) are metadata, never furniture.
"""

import functools
import os
import re
from collections import defaultdict

import ahocorasick

from archive.ingest.clean import PARAGRAPH
from archive.ingest.extract.labels import fields
from archive.text import to_traditional

# Phrases of a page's calls to action and notices. Words that news uses too (关注两会, 分享经验,
# 原创剧目, 发表评论, 相关报道, 请登录, 特别声明, 推荐阅读) are not here: only the phrases of the notices.
NOTICE_PHRASES = (
    "请勿转载",
    "不得转载",
    "严禁转载",
    "禁止转载",
    "谢绝转载",
    "未经授权",
    "未经许可",
    "版权所有",
    "版权说明",
    "版权作品",
    "版权声明",
    "如有侵权",
    "涉及侵权",
    "侵删",
    "联系删除",
    "扫码",
    "扫一扫",
    "二维码",
    "阅读原文",
    "阅读全文",
    "返回搜狐",
    "查看更多",
    "下滑阅读",
    "点击上方",
    "点击下方",
    "点击左下角",
    "关注我们",
    "欢迎关注",
    "欢迎收看",
    "长按",
    "图片来源",
    "下载附件",
    "保存到相册",
    "广告合作",
    "招商电话",
    "微信号",
    "公众号",
    "一点号",
    "许可证",
    "备案号",
    "icp备",
    "纠错",
    "分享到",
    "分享至",
    "分享让",
    "转播到",
    "粉丝团",
    "点个赞",
    "版权保护",
    "版权属",
    "公网安备",
    "不良信息举报",
    "与本网无关",
    "不代表本网",
    "防抓取",
    "转载请注明",
    "请注明出处",
    "仅代表作者",
    "不代表本站",
    "转载其他媒体",
    "本网转载",
    "设为首页",
    "加入收藏",
    "收藏本站",
    "打印本页",
    "查看大图",
    "关闭窗口",
    "给编辑写信",
    "点击观看",
    "点击查看",
    "点击进入",
    "点击阅读",
    "相关阅读",
    "延伸阅读",
    "您还未登录",
    "您尚未登录",
    "您还没有登录",
    "跳转到登录页",
    "Trackback",
)
FOLLOW_BUTTON = ("关注", "關注")  # …仙气十足~关注: a line ending in a follow button


def _phrase_automaton():
    """Every notice phrase in both scripts, found in one pass over a line."""
    automaton = ahocorasick.Automaton()
    for phrase in NOTICE_PHRASES:
        for form in {phrase, to_traditional(phrase), phrase.upper()}:
            automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


NOTICES = _phrase_automaton()
# A line of the page's buttons in brackets: 【字体：大 中 小】【打印】【关闭】 (two or more: 【记者手记】
# alone is a subheading).
CONTROLS = re.compile(r"^\s*(?:[【\[][^】\]]{0,10}[】\]]\s*){2,}$")
# A breadcrumb from the home page: 您的位置：首页 > 新闻 > 本地, 首页>>新闻大观>>国内新闻 (three steps
# or more; 排名：北京>上海>广州 is not one).
BREADCRUMB = re.compile(
    r"^\s*(?:(?:您的|你的|当前|當前|您现在的)位置\s*[:：]?\s*[^\s>›»＞]{1,10}|首页|首頁|主页|主頁|网站首页|網站首頁)"
    r"(?:\s*(?:>>?|›|»|＞)\s*[^\s>›»＞]{1,12}){2,}\s*$"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")  # 投稿邮箱, 给本网提意见: a contact line
# An app's download button, nothing after it: 下载「台灣蘋果日報APP」, 下载XX新闻客户端 (not 下载该APP后，…).
DOWNLOAD_APP = re.compile(r"^\s*(?:立即|马上|馬上)?(?:下载|下載)\S{0,20}?(?:app|客户端|客戶端)」?\s*$", re.IGNORECASE)
# A web address: a notice's length does not count one (关注…公众号，报名入口：http://…), and one
# printed bare after the story's last sentence is the page's (the article's own link).
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?%&=#:~+_-]+", re.IGNORECASE)
SPACE = re.compile(r"\s+")
BAR = re.compile(r"\s*[|｜]\s*")
SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=…)(?!…)|(?<=[.~]\s)")
SENTENCE_END = re.compile(r"[。！？!?”」』）)…]$")
LIST_ITEM = re.compile(r"^(?:[-•·*]|\d+[.、])\s")
SHORT = 25  # a line this short without a sentence's ending is a link or a menu entry
LINK_WITH_TAG = 50
TAGGED = re.compile(r"[【\[][^】\]]{2,12}[】\]]$")
RUN = 3  # this many such lines in a row are a list, not the story
MIN_LINKS = 2
DATED = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
MAX_NOTICE = 80
MAX_NOTICE_BLOCK = 300  # glued attachment lists and the like, when notices are dense
CLAUSE = re.compile(r"[，,；;]")
STAMP_END = re.compile(r"[。！？!?]$")
REPEATS = 3
MIN_STAMP = 12


def _hits(text):
    return (
        sum(1 for _ in NOTICES.iter(text))
        + bool(CONTROLS.match(text))
        + bool(BREADCRUMB.match(text))
        + text.rstrip().endswith(FOLLOW_BUTTON)
        + ("@" in text and bool(EMAIL.search(text)))
        + bool(DOWNLOAD_APP.match(text))
    )


def _is_notice(text, limit=MAX_NOTICE_BLOCK):
    """A notice: short (padding aside), or a dense block of them (an attachment list glued to
    the story)."""
    hits = _hits(text)
    if not hits:
        return False
    length = len(SPACE.sub("", URL.sub("", text)))
    return length <= MAX_NOTICE or hits >= 2 and length <= limit


def _list_kind(line):
    """'link' for a line that is surely a link or list entry (a list item, a related headline
    with its site's tag, a headline with its date), 'short' for a short line without a
    sentence's ending (a menu entry, or a short line of the story), None for story text."""
    line = line.strip()
    if not line or fields(line):
        return None
    if LIST_ITEM.match(line):
        return None if PARAGRAPH.match(line[2:]) else "link"
    if len(line) <= LINK_WITH_TAG and (TAGGED.search(line) or DATED.search(line)):
        return "link"  # …為兒子比賽加油【北京新浪網】, 收费公路缘何屡陷巨亏漩涡 2015/07/01
    if len(line) <= SHORT and not SENTENCE_END.search(line) and not line.startswith(("（", "(")):
        return "short"
    return None


def _drop_notice_sentences(line, from_end):
    """The line without the notices glued to its end (or start), the space between them too, nor
    an address printed bare after its last sentence."""
    if not _hits(line) and not (from_end and URL.search(line)):
        return line  # no notice anywhere in it
    sentences = [s for s in SENTENCE.split(line) if s]
    while sentences:
        candidate = (sentences[-1] if from_end else sentences[0]).strip()
        if candidate and not _is_notice(candidate) and not (from_end and URL.fullmatch(candidate)):
            break
        sentences.pop(-1 if from_end else 0)
    return "".join(sentences)


def _opens_with_notice(line):
    """A closing line that opens with a notice (招商电话：… followed by related headlines) is
    furniture from its start."""
    first = next((sentence for sentence in SENTENCE.split(line) if sentence.strip()), "")
    return _is_notice(first.strip(), MAX_NOTICE)


def split_credit_runs(lines):
    """A line of credits and notices run together with bars (…曝光。| 记者 吴业园| 责任编辑：柯轲|
    招商电话…) as one line each, so that the credits are read as fields and the notices go."""
    out = []
    for line in lines:
        parts = BAR.split(line)
        if len(parts) > 2 and any(fields(part.strip()) or _hits(part) for part in parts[1:]):
            out.extend(part.strip() for part in parts if part.strip())
        else:
            out.append(line)
    return out


def strip_notices(lines):
    """Short notice lines anywhere (图片来源：东方IC 版权作品 请勿转载); at the story's ends, notice
    lines of any length and notices glued to its first and last sentences."""
    kept = [line for line in lines if not (line.strip() and not fields(line) and _is_notice(line.strip(), MAX_NOTICE))]
    for from_end in (True, False):
        while True:
            text_lines = [i for i, line in enumerate(kept) if line.strip()]
            if not text_lines:
                return kept
            edge = text_lines[-1] if from_end else text_lines[0]
            if not fields(kept[edge]) and (
                _is_notice(kept[edge].strip()) or from_end and len(text_lines) > 1 and _opens_with_notice(kept[edge])
            ):
                del kept[edge]
                continue
            kept[edge] = _drop_notice_sentences(kept[edge], from_end)
            break
    return kept


def _list_run_start(lines):
    """Index of the first line of a trailing list, or None: a run of list lines, surely links
    at least twice (a story may be set in short lines), after which no paragraph follows."""
    last_paragraph = max((i for i, line in enumerate(lines) if PARAGRAPH.match(line.strip())), default=-1)
    run = links = 0
    for index, line in enumerate(lines):
        if not line.strip() or fields(line):
            continue
        kind = _list_kind(line)
        if kind is None:
            run = links = 0
            continue
        run += 1
        links += kind == "link"
        if run >= RUN and links >= MIN_LINKS and index >= last_paragraph:  # no paragraph after it
            return _run_first(lines, index)
    return None


def _run_first(lines, index):
    """The first line of the run of list lines ending at index (blank and labelled lines inside it too)."""
    start = index
    for back in range(index - 1, -1, -1):
        line = lines[back]
        if not line.strip() or fields(line) or _list_kind(line):
            start = back if line.strip() else start
            continue
        break
    return start


def strip_lists(lines):
    """Lists after the story (labelled lines in them stay: they are metadata), and before it."""
    start = _list_run_start(lines)
    if start is not None:
        lines = lines[:start] + [line for line in lines[start:] if fields(line)]
    head = _list_run_start(list(reversed(lines)))
    if head is not None:
        cut = len(lines) - 1 - head
        lines = [line for line in lines[: cut + 1] if fields(line)] + lines[cut + 1 :]
    return lines


def _common_tail(sentences):
    """The longest ending that all the sentences share."""
    tail = os.path.commonprefix([sentence[::-1] for sentence in sentences])[::-1]
    return tail.lstrip("，,;；、 ")


def strip_repeated_tails(lines):
    """A sentence ending repeated through the story is a scraper's or a repost's stamp
    (…防抓取，突袭网提供内容，请查看原文。 after every few sentences), not the story's text:
    sentences that end in the same clause, at least REPEATS times, lose what they share when
    that is long enough not to be a set phrase."""
    by_last_clause = defaultdict(list)
    for line in lines:
        for sentence in SENTENCE.split(line):
            if STAMP_END.search(sentence):
                by_last_clause[CLAUSE.split(sentence)[-1]].append(sentence)
    stamps = set()
    for sentences in by_last_clause.values():
        if len(sentences) >= REPEATS:
            tail = _common_tail(sentences)
            if len(SPACE.sub("", tail)) >= MIN_STAMP:
                stamps.add(tail)
    if not stamps:
        return lines
    ordered = sorted(stamps, key=lambda stamp: (-len(stamp), stamp))  # the same result whatever the set's order
    return [functools.reduce(lambda text, stamp: text.replace(stamp, ""), ordered, line) for line in lines]


def trim(lines):
    """The story's lines without the furniture around them; a page that is all furniture
    keeps its lines (a story is never lost for looking like furniture)."""
    trimmed = split_credit_runs(strip_repeated_tails(lines))
    for _ in range(2):  # a notice can hide a list, and a list a notice
        trimmed = strip_lists(strip_notices(trimmed))
    return trimmed if any(line.strip() for line in trimmed) else lines
