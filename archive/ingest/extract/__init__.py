"""Clean text (and, for a page, what the page states) → title, date, source, people, keywords,
regions, and the story body; each field with how it was found.

Each field has its own module; this one decides where to look, strongest signal first.
Metadata lines (the header line with 时间/来源/作者, 编辑:, 关键词:, 原标题:) are consumed: they
become fields and leave the body, so that body_clean is the story a person reads. A field
found only by a weak rule (a reporter credit, a site name cut from the title) adds a review
reason, so that a person looks at it.
"""

import re
from dataclasses import dataclass, field
from datetime import date as Date

from archive.ingest.extract import dates, furniture, people
from archive.ingest.extract import source as sources
from archive.ingest.extract.labels import LABELS, credit_run_start, fields, split_names, unlabelled_rest
from archive.ingest.extract.regions import regions_and_support
from archive.ingest.extract.titles import MIN_HEADLINE, printed_headline, site_like, split_site
from archive.review import reason
from archive.text import squash

HEAD_LINES = 8  # non-empty lines after the title where pages print date and source
TAIL_LINES = 6  # and at the foot
MAX_META_LINE = 100  # longer lines are story text, whatever they contain
MAX_TITLE = 120
MAX_DATE_LINE_REST = 12  # an unlabelled date counts on a line with little else: not in a sentence
MAX_OUTLET = 12  # 北京新浪網 (2020-01-21 11:12): an outlet's name printed before the date
FULL_STOP = re.compile(r"。")  # a field value with a full stop in it is a sentence of the story
OUTLET_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z·—-]+")  # a name: no digits, spaces or punctuation
NOT_AN_OUTLET = re.compile(r"(时间|時間|日期|发布|發佈|發布|更新|发表|發表|(?:星期|周|週)[一二三四五六日天])$")
ORIGINAL_TITLE = re.compile("|".join(LABELS["original_title"]))  # 原标题, 原標題
ORIGINAL_TITLE_LABEL = re.compile(rf"\s*(?:{ORIGINAL_TITLE.pattern})\s*[:：]?\s*")
# What follows a 原标题's headline when the headline goes on (a subtitle, a comma, （图）), not a story.
CONTINUED = re.compile(r"^\s*[，,、；;：:—\-－|｜/（(]")
SENTENCE_END = re.compile(r"[。！？!?]")
MIN_GLUED_STORY = 20
WORD = re.compile(r"[^\W_]")  # a letter, digit or CJK character
# How a field was found, for the record; the weak ones ask a person to look.
WEAK = {"reporter credit", "site name in the title", "credit in the story", "closing signature"}
# Regions said fewer times than this (the title's mention counting thrice) go to review.
WELL_SAID = 3


@dataclass
class Metadata:
    title: str = ""
    date: Date | None = None
    date_text: str = ""
    date_precision: str = ""
    source: str | None = None
    authors: list = field(default_factory=list)
    editors: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    body: str = ""
    found_by: dict = field(default_factory=dict)  # field → how it was found
    problems: list = field(default_factory=list)  # review reasons (archive.review)


def _unique(items):
    return list(dict.fromkeys(items))


def _first(*candidates):
    """The first (value, how) whose value is not empty, or (None, None); a value may be a
    function, called only when the candidates before it gave nothing."""
    for value, how in candidates:
        value = value() if callable(value) else value
        if value:
            return value, how
    return None, None


def _text_title(lines):
    """(title, index of its line, a year-less date printed before it). The site's name the line
    may end with is cut off and not kept: a scraped text's first line names whichever site
    carried it, a content farm or an aggregator as often as the outlet (bench/precision/), so
    it is no source; a page's <title> names the page's own site (page_title)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return "", None, None
    line = lines[first].strip()
    yearless = dates.find_yearless(line)
    if yearless:
        line = line[len(yearless.text) :].strip()
    if len(line) > MAX_TITLE:
        sentence = re.split(r"(?<=[。！？!?])", line)[0]
        return sentence[:MAX_TITLE], None, yearless
    return split_site(line).text, first, yearless


def page_title(page):
    """(title, how, site name) of a page: the headline it prints, confirmed by its metadata."""
    site_names = [name for name, _ in page.site_names]
    references = [value for value, _ in page.meta_titles] + [page.document_title]
    from_title = split_site(page.document_title, site_names) if page.document_title else None
    title_site = from_title.site if from_title else ""
    echoed = squash(page.document_title) if title_site else None  # the <title> echoed in the page is not the headline
    headings = [text for text in page.headings if squash(text) != echoed]
    lines = [text for text in page.lines if squash(text) != echoed]
    references = [r for r in references if r]
    # a heading first: og:title may open with a column's name that the page prints in a menu
    headline = printed_headline(references, headings, site_names) or printed_headline(
        references, headings + lines, site_names
    )
    if headline:
        return headline, "headline", title_site
    names = {squash(name) for name in site_names + [title_site] if name}
    heading = next((h for h in page.top_headings if len(h) >= MIN_HEADLINE and squash(h) not in names), None)
    if heading:  # printed as the page's main heading, though its <title> says something shorter
        return heading, "heading", title_site
    if page.meta_titles:
        value, how = page.meta_titles[0]
        title = split_site(value, site_names)
        return title.text, how, title.site or title_site
    if from_title:
        return from_title.text, "<title>", title_site
    return "", None, ""


def _glued_original_title(line, title, title_line):
    """(headline, story) for a first line of story that is 原标题:<headline> glued to the story's
    first sentences (a repost's way): the line keeps only the story. None for any other line:
    one that 原标题 does not open, a 原标题 that the title line holds whole, and a 原标题 whose
    headline goes on after the title's (a subtitle, （图）: a metadata line)."""
    if not ORIGINAL_TITLE_LABEL.match(line):
        return None
    original = dict(fields(line.strip())).get("original_title")
    if not original or not ORIGINAL_TITLE_LABEL.fullmatch(line[: line.index(original)]):
        return None  # none, or not opening the line
    key = squash(title)
    if not key or squash(title_line).startswith(squash(original)) or not squash(original).startswith(key):
        return None
    end, taken = line.index(original), 0
    while taken < len(key):  # the characters after the label that spell the headline, spaces aside
        taken += not line[end].isspace()
        end += 1
    story = line[end:]
    if CONTINUED.match(story) or len(story.strip()) < MIN_GLUED_STORY or not SENTENCE_END.search(story):
        return None
    return title, story.strip()


def _outlet_line(line):
    """The outlet printed beside the date on a header line: before it (TNW中文站2016年10月14日07:17)
    or after it (http://house.sina.com.cn 2005年03月31日03:18 北京娱乐信报, … 《理财周刊》)."""
    found = dates.find_date(line)
    if not found or fields(line):
        return None
    before, _, after = line.partition(found.text)
    for name, shaped in ((before, False), (after, True)):  # after the date, only a name shaped like an outlet's
        name = name.strip(" \t(（[【|｜)）]】《》·・")
        if 2 <= len(name) <= MAX_OUTLET and OUTLET_CHARS.fullmatch(name) and not NOT_AN_OUTLET.search(name):
            if not shaped or site_like(name):  # 2020年1月1日起实施 is a sentence
                return name
    return None


def _credits_apart(lines):
    """Each line with the run of credits glued to its end (…共享 供稿：交警支队 编辑：恭伟冲) as
    two lines, so that the credits are read as fields."""
    out = []
    for line in lines:
        start = credit_run_start(line)
        out.extend([line] if start is None else [line[:start].rstrip(), line[start:]])
    return out


def extract(text, page=None):
    """Metadata of a story. `page`: what an HTML page stated (archive.ingest.html.Page)."""
    meta = Metadata()
    header = []
    if page is not None:
        title, title_how, site = page_title(page)
        header = page.header_after(title) if title else []
    lines = header + _credits_apart(text.split("\n"))
    if page is not None:
        meta.title = title.strip()
        title_index = next((i for i, line in enumerate(lines) if line.strip() == meta.title), None)
        yearless = None
    else:
        meta.title, title_index, yearless = _text_title(lines)
        site = ""
        title_how = "first line" if meta.title else None
    story = [i for i, line in enumerate(lines) if line.strip() and i != title_index]
    glued = (
        _glued_original_title(lines[story[0]], meta.title, lines[title_index])
        if title_how == "first line" and story and title_index is not None
        else None
    )
    if glued:
        meta.title, lines[story[0]] = glued
    head, tail = set(story[:HEAD_LINES]), set(story[-TAIL_LINES:])
    labelled, consumed = _metadata_lines(lines, story, head, tail)
    consumed |= set(range(len(header))) | ({title_index} if title_index is not None else set())

    original = labelled.get("original_title", "")
    if title_how == "first line" and original and title_index is not None:
        if squash(lines[title_index]).startswith(squash(original)) and squash(original) != squash(meta.title):
            meta.title, title_how = original, "原标题 line"
    meta.found_by["title"] = title_how

    _set_date(meta, page, lines, labelled, story, head, tail, yearless)
    body_lines = [lines[i] for i in range(len(lines)) if i not in consumed]
    # Datelines and credits are read before the furniture goes: a credit often shares its
    # line with a notice (文章来源于中国森林公安，如有侵权，请联系删除).
    meta.body = _joined(body_lines)
    line_of_date = sources.dateline(meta.body)
    _set_source(meta, page, labelled, body_lines, line_of_date, site, header)
    meta.body = _joined(furniture.trim(body_lines))
    meta.authors = _unique(people.names(labelled.get("author", "")) + [n for _, n in people.byline_authors(body_lines)])
    meta.editors = _unique(people.names(labelled.get("editor", "")))
    meta.keywords = _unique(split_names(labelled.get("keywords", "")))
    place = line_of_date.place if line_of_date else ""
    meta.regions, said = regions_and_support(meta.title + "\n" + meta.body, title=meta.title, dateline=place)
    if meta.regions:
        meta.found_by["regions"] = "dateline and mentions" if place else "mentions"
        if said < WELL_SAID:
            meta.problems.append(reason("weak_evidence", "regions", str(said)))
    for name, how in meta.found_by.items():
        if how in WEAK:
            meta.problems.append(reason("weak_rule", name, how))
    return meta


def _joined(lines):
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _metadata_lines(lines, story, head, tail):
    """({kind: first value}, indexes of the lines that are metadata and leave the body)."""
    labelled, consumed = {}, set()
    for i in story:
        line = lines[i].strip()
        if len(line) > MAX_META_LINE:
            continue
        found = fields(line)
        if any(FULL_STOP.search(value) for _, value in found):
            found = []  # 日期:1月21日，凯尔特人在主场…大胜湖人。 is the story's first sentence, not a field
        for kind, value in found:
            if value:
                labelled.setdefault(kind, value)
        rest = unlabelled_rest(line)
        in_zone = i in head or i in tail
        if found and (not rest or dates.find_date(rest) or not in_zone and len(rest) < 4):
            consumed.add(i)
        elif in_zone and not found:
            only_date = dates.find_date(line) or dates.find_yearless(line)
            if only_date and (only_date.text == line or i in head and _outlet_line(line)):
                consumed.add(i)
        if any(kind == "original_title" for kind, _ in found) and not WORD.search(ORIGINAL_TITLE.split(line)[0]):
            consumed.add(i)  # a line 原标题 opens, marks aside (【原标题：…】); one ending with it keeps its story
    return labelled, consumed


def _set_source(meta, page, labelled, body_lines, line_of_date, site, header):
    page_sources = [(_unlabel(value), how) for value, how in page.meta_sources] if page else []
    # A page's header lines (under its headline) may print the outlet beside the date.
    header_outlet = next((o for o in map(_outlet_line, header) if o and site_like(o)), None)
    page_sites = [(value, how) for value, how in page.site_names] if page else []
    named = sources.outlet_name  # each candidate as the outlet it names, or "" (网络, 来源：　作者：, none)
    meta.source, how = _first(
        (named(labelled.get("source")), "label line"),
        *((named(value), how) for value, how in page_sources),
        (named(line_of_date and line_of_date.outlet), line_of_date and line_of_date.kind),
        (lambda: named(sources.closing_credit(meta.body)), "closing credit"),
        (lambda: named(sources.closing_byline(body_lines)), "closing byline"),
        (lambda: named(sources.closing_signature(body_lines)), "closing signature"),
        (named(header_outlet), "header line"),
        *((named(value), how) for value, how in page_sites),
        (lambda: named(sources.copyright_owner(meta.body)), "copyright notice"),
        (named(site), "site name in the title"),
        (lambda: named(sources.story_credit(meta.body)), "credit in the story"),
        (lambda: named(sources.reporter_credit(meta.body)), "reporter credit"),
    )
    if line_of_date and not line_of_date.outlet and how in WEAK:
        meta.source, how = None, None  # 本报讯: the paper's own story, and it names no paper
    if meta.source:
        meta.found_by["source"] = how


def _unlabel(value):
    found = fields(value)
    return found[0][1] if found else value


def _set_date(meta, page, lines, labelled, story, head, tail, yearless):
    """A labelled date first, then one printed near the top or foot; a page's metadata before both."""
    candidates = []
    if page is not None:
        candidates += [(dates.find_date(value), how) for value, how in page.meta_dates]
    if "date" in labelled:
        candidates.append((dates.find_date(labelled["date"]) or dates.find_yearless(labelled["date"]), "label line"))
    candidates += [(_date_line(lines[i]), "header line") for i in story if i in head]
    candidates.append((yearless, "before the title"))
    candidates += [(dates.find_yearless(lines[i]), "header line") for i in story if i in head]
    candidates += [(_date_line(lines[i]), "closing line") for i in story if i in tail]
    if page is not None and page.htmldate:
        candidates.append((dates.find_date(page.htmldate), "htmldate"))
    found, how = next(((c, how) for c, how in candidates if c and (c.date or c.problem)), (None, None))
    if found is None:
        return
    if found.problem:
        meta.problems.append(reason(found.problem, "date", found.text))
    meta.date_text, meta.date, meta.date_precision = found.text, found.date, found.precision
    meta.found_by["date"] = how


def _date_line(line):
    """The date of a header or footer line: one with labels, or with little but the date."""
    line = line.strip()
    found = dates.find_date(line) if len(line) <= MAX_META_LINE else None
    if found and (fields(line) or len(line) - len(found.text) <= MAX_DATE_LINE_REST or _outlet_line(line)):
        return found
    return None
