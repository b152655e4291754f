"""Clean text → title, date, source, people, keywords, regions, and the story body.

Each field has its own module; this one decides where to look. Metadata lines (the header
line with 时间/来源/作者, 编辑:, 关键词:, 原标题:) are consumed: they become fields and leave the
body, so that body_clean is the story a person reads.
"""
import re
from dataclasses import dataclass, field
from datetime import date as Date

from archive.ingest.extract import dates, people, source as sources
from archive.ingest.extract.labels import fields, split_names, unlabelled_rest
from archive.ingest.extract.regions import find_regions

HEAD_LINES = 8  # non-empty lines after the title where pages print date and source
TAIL_LINES = 6  # and at the foot
MAX_META_LINE = 100  # longer lines are story text, whatever they contain
MAX_TITLE = 120
MAX_DATE_LINE_REST = 12  # an unlabelled date counts on a line with little else: not in a sentence


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
    problems: list = field(default_factory=list)


def _unique(items):
    return list(dict.fromkeys(items))


def _title(lines, given_title):
    """(title, index of its line or None, a year-less date printed before it or None)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if given_title:
        match = next((i for i, line in enumerate(lines) if line.strip() == given_title.strip()), None)
        return given_title.strip(), match, None
    if first is None:
        return "", None, None
    line = lines[first].strip()
    yearless = dates.find_yearless(line)
    if yearless:
        line = line[len(yearless.text):].strip()
    if len(line) > MAX_TITLE:
        sentence = re.split(r"(?<=[。！？!?])", line)[0]
        return sentence[:MAX_TITLE], None, yearless
    return line, first, yearless


def extract(text, title=None):
    lines = text.split("\n")
    meta = Metadata()
    meta.title, title_index, yearless = _title(lines, title)
    consumed = {title_index} if title_index is not None else set()
    story = [i for i, line in enumerate(lines) if line.strip() and i != title_index]
    head, tail = set(story[:HEAD_LINES]), set(story[-TAIL_LINES:])

    labelled = {}
    for i in story:
        line = lines[i].strip()
        if len(line) > MAX_META_LINE:
            continue
        found = fields(line)
        for kind, value in found:
            labelled.setdefault(kind, value)
        rest = unlabelled_rest(line)
        in_zone = i in head or i in tail
        if found and (not rest or dates.find_date(rest) or not in_zone and len(rest) < 4):
            consumed.add(i)
        elif in_zone and not found:
            only_date = dates.find_date(line) or dates.find_yearless(line)
            if only_date and only_date.text == line:
                consumed.add(i)
        if found and any(kind == "original_title" for kind, _ in found):
            consumed.add(i)

    meta.date_text, meta.date, meta.date_precision = _date(lines, labelled, story, head, tail, yearless, meta.problems)
    body_lines = [lines[i] for i in range(len(lines)) if i not in consumed]
    meta.source = labelled.get("source") or sources.closing_byline(body_lines) or None
    meta.authors = _unique(people.names(labelled.get("author", "")) + [n for _, n in people.byline_authors(body_lines)])
    meta.editors = _unique(people.names(labelled.get("editor", "")))
    meta.keywords = _unique(split_names(labelled.get("keywords", "")))
    meta.body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip()
    meta.regions = find_regions(meta.title + "\n" + meta.body)
    return meta


def _date(lines, labelled, story, head, tail, yearless, problems):
    """(date_text, date, precision): a labelled date first, then one printed near the top or foot."""
    candidates = []
    if "date" in labelled:
        candidates.append(dates.find_date(labelled["date"]) or dates.find_yearless(labelled["date"]))
    candidates += [_date_line(lines[i]) for i in story if i in head]
    candidates.append(yearless)
    candidates += [dates.find_yearless(lines[i]) for i in story if i in head]
    candidates += [_date_line(lines[i]) for i in story if i in tail]
    found = next((c for c in candidates if c), None)
    if found is None:
        return "", None, ""
    if found.problem:
        problems.append(found.problem)
    return found.text, found.date, found.precision


def _date_line(line):
    """The date of a header or footer line: one with labels, or with little but the date."""
    line = line.strip()
    found = dates.find_date(line) if len(line) <= MAX_META_LINE else None
    if found and (fields(line) or len(line) - len(found.text) <= MAX_DATE_LINE_REST):
        return found
    return None
