"""Stories as citations for reference managers (Zotero, EndNote, JabRef, pandoc): RIS, BibTeX
(biblatex fields) and CSL-JSON.

Each carries the title as the story wrote it, its source as the publication, its date to the
precision it is known, its authors, the original address (the newest capture that served it),
that capture's date as the date accessed, the archive's permanent address and the language
(zh-CN for a story in simplified script, zh-TW in traditional, zh when mixed).

The title in the other script, where it differs, goes in the note. None of the formats has a
field for "the same title in another script": CSL's original-title and RIS's TT mean the title
of the work a translation was made from, and styles print them so ("Translated from …"); a
note travels into every reference manager and says exactly what it is.

The original address is the URL and the capture's date its accessed date, as a citation of a
web page pairs them; the archive's address follows as where the copy is kept (CSL
archive_location, a second RIS UR, and the note). A story ingested from a file, with no
address, is cited at the archive's address alone.
"""

import dataclasses
import datetime
import json
import re

from archive.models import Article

LANGUAGES = {Article.SIMPLIFIED: "zh-CN", Article.TRADITIONAL: "zh-TW"}


@dataclasses.dataclass(frozen=True)
class Citation:
    key: str
    title: str
    other_title: str  # the title in the other script, "" where it reads the same
    other_script: str
    source: str
    date_parts: tuple  # (year, month, day) cut to the date's precision; () with no date
    authors: tuple
    url: str
    accessed: datetime.date | None
    archived_url: str
    language: str

    @classmethod
    def of(cls, article, archived_url):
        """The citation of a story; `archived_url` is the absolute address of its page here."""
        traditional = article.script == Article.TRADITIONAL
        other_title = article.title_simplified if traditional else article.title_traditional
        capture = article.newest_capture()
        return cls(
            key=f"story{article.pk}",
            title=one_line(article.title),
            other_title=one_line(other_title) if other_title != article.title else "",
            other_script="simplified" if traditional else "traditional",
            source=article.source.name if article.source else "",
            date_parts=date_parts(article.date, article.date_precision),
            authors=tuple(article.authors),
            url=capture.original_url if capture else archived_url,
            accessed=capture.captured_at.date() if capture and capture.captured_at else None,
            archived_url=archived_url,
            language=LANGUAGES.get(article.script, "zh"),
        )

    def notes(self):
        """The note's sentences: the other script's title, then where the archived copy is."""
        notes = [f"Title in {self.other_script} script: {self.other_title}"] if self.other_title else []
        if self.url != self.archived_url:
            notes.append(f"Archived at {self.archived_url}")
        return notes


def one_line(text):
    """Whitespace runs as one space: a title never breaks a RIS line or a BibTeX field."""
    return re.sub(r"\s+", " ", text).strip()


def date_parts(date, precision):
    """(year, month, day) of a date, only as far as it is known: a month-precise date has no day."""
    if date is None:
        return ()
    parts = {Article.YEAR: 1, Article.MONTH: 2}.get(precision, 3)
    return (date.year, date.month, date.day)[:parts]


def ris(citations):
    """RIS records (type NEWS); the publication as T2 (the RIS specification's newspaper field,
    what Zotero and EndNote read) and JO (what other readers take as the periodical)."""
    lines = []
    for c in citations:
        lines += ["TY  - NEWS", f"TI  - {c.title}"]
        lines += [f"AU  - {author}" for author in c.authors]
        lines += [f"T2  - {c.source}", f"JO  - {c.source}"] if c.source else []
        if c.date_parts:
            slots = [f"{p:02d}" for p in c.date_parts] + [""] * (3 - len(c.date_parts))  # 2020/03// for a month
            lines += [f"PY  - {c.date_parts[0]}", "DA  - " + "/".join(slots) + "/"]
        lines.append(f"UR  - {c.url}")
        lines += [f"Y2  - {c.accessed:%Y/%m/%d}/"] if c.accessed else []
        lines += [f"UR  - {c.archived_url}"] if c.url != c.archived_url else []
        lines.append(f"LA  - {c.language}")
        lines += [f"N1  - {note}" for note in c.notes()]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines)


LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex(text):
    """Text safe inside a BibTeX field: TeX's special characters escaped."""
    return "".join(LATEX_SPECIALS.get(char, char) for char in text)


def verbatim_url(url):
    """An address inside a braced field: only braces could unbalance it, and they are percent-encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex(citations):
    """biblatex entries: @article with entrysubtype newspaper (biblatex's own convention for a
    newspaper story), journal (read as journaltitle by biblatex, as the publication by BibTeX),
    date and year, url and urldate, language; names braced whole, as a Chinese name has no
    given/family split a BibTeX reader could guess."""
    entries = []
    for c in citations:
        fields = [("title", latex(c.title)), ("entrysubtype", "newspaper")]
        if c.authors:
            fields.append(("author", " and ".join(f"{{{latex(author)}}}" for author in c.authors)))
        if c.source:
            fields.append(("journal", latex(c.source)))
        if c.date_parts:
            fields += [("date", "-".join(f"{p:02d}" for p in c.date_parts)), ("year", str(c.date_parts[0]))]
        fields.append(("url", verbatim_url(c.url)))
        if c.accessed:
            fields.append(("urldate", c.accessed.isoformat()))
        fields.append(("language", c.language))
        if c.notes():
            fields.append(("note", latex(". ".join(c.notes()))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@article{{{c.key},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_item(c):
    """One CSL-JSON item (type article-newspaper)."""
    item = {"id": c.key, "type": "article-newspaper", "title": c.title, "language": c.language, "URL": c.url}
    if c.authors:
        item["author"] = [{"literal": author} for author in c.authors]
    if c.source:
        item["container-title"] = c.source
    if c.date_parts:
        item["issued"] = {"date-parts": [list(c.date_parts)]}
    if c.accessed:
        item["accessed"] = {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]}
    item["archive_location"] = c.archived_url
    if c.notes():
        item["note"] = "\n".join(c.notes())
    return item


def csl_json(citations):
    """A CSL-JSON array, as citeproc processors and pandoc read it."""
    return json.dumps([csl_item(c) for c in citations], ensure_ascii=False, indent=2) + "\n"


# format= name: (writer, content type, file extension)
FORMATS = {
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "csl-json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}
