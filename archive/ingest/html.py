"""An HTML page → its story text and everything the page states about the story.

Main-text extraction (trafilatura) throws away what it takes for page furniture, and that is
where pages print their metadata: the 来源/时间 line under the headline, the `<title>` with
the site's name, `<meta>` tags, JSON-LD. So the page's structure is read first, into
candidates that extraction chooses from (archive/ingest/extract/): nothing the page states
is thrown away. When trafilatura finds no article (a page with little text), all visible
text of the body stands in, so a story is never lost for being short.
"""

import json
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from htmldate import find_date as htmldate_find_date

from archive.ingest.extract import dates
from archive.ingest.extract.labels import fields
from archive.text import squash

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "tr",
    "table",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "dl",
    "form",
    "center",
    "blockquote",
    "pre",
    "address",
}
HEADLINE_TAGS = ("h1", "h2", "h3")
HEADER_LINES = 8  # lines read after the printed headline for its 来源/时间 line
MAX_HEADER_LINE = 100
# <meta> names and properties that carry the publication date, the outlet, the headline.
DATE_META = (
    "article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "og:release_date",
    "og:time",
    "publish_time",
    "publishtime",
    "release_date",
    "dc.date",
    "dc.date.issued",
    "date",
    "datecreated",
    "sailthru.date",
    "parsely-pub-date",
)
SOURCE_META = ("source", "article:source", "dc.source")
SITE_META = ("og:site_name",)
TITLE_META = ("og:title", "twitter:title", "title", "dc.title")
NEWS_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage", "analysisnewsarticle"}


@dataclass
class Page:
    """What a page states, as candidates; `text` is its story text."""

    text: str = ""
    document_title: str = ""  # the <title>
    headings: list = field(default_factory=list)  # every <h1>-<h3> text, in page order
    top_headings: list = field(default_factory=list)  # the <h1> texts
    lines: list = field(default_factory=list)  # short visible lines, in page order
    meta_titles: list = field(default_factory=list)  # [(value, how)]
    meta_dates: list = field(default_factory=list)  # [(value, how)]
    meta_sources: list = field(default_factory=list)  # [(value, how)]
    site_names: list = field(default_factory=list)  # [(value, how)]
    htmldate: str = ""  # htmldate's date (structural markers only, no guessing)

    def header_after(self, headline):
        """The short lines printed right after the headline, with a label's value that the page
        put on the next line joined back (来源: / 搜狐政务)."""
        key = squash(headline)
        start = next((i for i, line in enumerate(self.lines) if squash(line) == key), None)
        if start is None:
            return []
        out = []
        for line in self.lines[start + 1 : start + 1 + HEADER_LINES]:
            if out and re.search(r"[:：]$", out[-1]) and len(out[-1]) + len(line) <= MAX_HEADER_LINE:
                out[-1] += line
            else:
                out.append(line)
        return [line for line in out if _is_metadata_line(line)]


def _is_metadata_line(line):
    return len(line) <= MAX_HEADER_LINE and bool(fields(line) or dates.find_date(line))


def looks_like_html(file_name, text):
    return file_name.lower().endswith(HTML_SUFFIXES) or text.lstrip()[:200].lower().startswith(
        ("<!doctype html", "<html")
    )


def _tree(markup):
    try:
        return lxml.html.fromstring(markup.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (ValueError, lxml.etree.ParserError):
        return None


def _text(element):
    return " ".join(element.text_content().split())


def _visible_lines(root):
    """The page's visible text, one line per block element, short lines only matter here."""
    parts = []

    def walk(element):
        if not isinstance(element.tag, str) or element.tag in ("script", "head", "title"):
            parts.append(element.tail or "")
            return
        block = element.tag in BLOCKS
        if block:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        parts.append(element.tail or "")

    body = root.find("body")
    walk(body if body is not None else root)
    return [" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip()]


def _json_ld(root):
    """[(key, value, how)] from JSON-LD articles: headline, datePublished, publisher and author names."""
    found = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict):
                continue
            kind = item.get("@type")
            kinds = {k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}
            if not kinds & NEWS_TYPES:
                continue
            for key in ("headline", "datePublished", "dateCreated"):
                if isinstance(item.get(key), str):
                    found.append((key, item[key], "json-ld"))
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.append(("publisher", publisher["name"], "json-ld"))
    return found


def _meta(root):
    """{lowercased name or property: content} of the page's <meta> tags (first wins)."""
    values = {}
    for tag in root.xpath("//meta[@content]"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = " ".join(tag.get("content").split())
        if key and content:
            values.setdefault(key, content)
    return values


def read_page(markup):
    """A Page: main text from trafilatura, candidates from the page's own structure."""
    page = Page()
    root = _tree(markup)
    if root is not None:
        _read_structure(page, root)
    document = trafilatura.bare_extraction(markup, include_comments=False, include_tables=True, favor_recall=True)
    if document is not None and document.text:
        page.text = document.text
    elif root is not None:
        page.text = "\n".join(page.lines)
    return page


def _read_structure(page, root):
    for element in root.xpath("//script|//style|//noscript|//template"):
        if element.get("type") != "application/ld+json":
            element.drop_tree()
    titles = root.xpath("//title")
    page.document_title = _text(titles[0]) if titles else ""
    page.headings = [text for text in (_text(h) for h in root.iter(*HEADLINE_TAGS)) if text]
    page.top_headings = [text for text in (_text(h) for h in root.iter("h1")) if text]
    meta = _meta(root)
    page.meta_titles = [(meta[k], f"meta {k}") for k in TITLE_META if k in meta]
    page.meta_dates = [(meta[k], f"meta {k}") for k in DATE_META if k in meta]
    page.meta_sources = [(meta[k], f"meta {k}") for k in SOURCE_META if k in meta]
    page.site_names = [(meta[k], f"meta {k}") for k in SITE_META if k in meta]
    page.lines = _visible_lines(root)
    for key, value, how in _json_ld(root):
        if key == "headline":
            page.meta_titles.insert(0, (value, how))
        elif key == "publisher":
            page.site_names.append((value, how))
        else:
            page.meta_dates.insert(0, (value, how))
    try:  # last: htmldate prunes the tree it is given
        page.htmldate = htmldate_find_date(root, extensive_search=False, original_date=True) or ""
    except Exception:  # htmldate is a heuristic over arbitrary markup: a failure is no date
        page.htmldate = ""
