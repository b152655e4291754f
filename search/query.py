"""The query language and the filters → Whoosh queries, or a QueryError that says what is wrong.

Query language (what a researcher types in the search box):
- 下沉干部        a run of characters matches exactly as written (as a substring)
- 草莓 社区       space-separated terms must all match
- "战 疫 日记"    quotes (straight or “curly”) make one phrase of anything, spaces included
- 草莓 OR 大棚    either term (| works too)
- -草莓           excludes stories containing it
- title:书记  source:齐鲁网   match in the title, or in the source's name

Matching is exact substring matching over the normalised text (archive.text.normalise:
simplified script, full-width forms folded, lower case, one space), done on the bigram fields
(a single character on the characters fields). The word fields only rank (search.ranking): a
story where the term is a whole word ranks above one where the term sits inside a longer word.
"""
import datetime
import functools
import re
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as Q

from archive.text import normalise
from search.analysis import query_bigrams
from search.posting_arrays import live_docs, phrase_docs, term_docs

MAX_QUERY_LENGTH = 500
# The bigram field each kind of clause matches in (search.ranking has the word fields that rank).
FIELDS = {"title": "title_chars", "source": "source_chars", "": "chars"}
# Each bigram field's characters field, for one-character queries. A source name is short:
# there the bigram prefix is cheap.
CHARACTERS = {"chars": "characters", "title_chars": "title_characters"}
TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>title|source)[:：])?(?:"(?P<q1>[^"]*)"?|“(?P<q2>[^”]*)”?|(?P<bare>[^\s"“]+))'
)
SCRIPTS = ("simplified", "traditional", "mixed")
SORTS = ("relevance", "date", "date_asc")


class QueryError(ValueError):
    """A parameter the search cannot use; `param` names it, str() says why."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class Clause:
    text: str  # normalised
    field: str = ""  # "", "title" or "source"
    negated: bool = False


@dataclass
class ParsedQuery:
    groups: list = field(default_factory=list)  # AND of groups, each an OR of clauses
    excluded: list = field(default_factory=list)

    def highlight_terms(self):
        """What to mark in the story text: the positive terms that search the text."""
        return sorted({c.text for group in self.groups for c in group if c.field in ("", "title")}, key=len, reverse=True)


def parse(q):
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError("q", f"the query is {len(q)} characters long; the limit is {MAX_QUERY_LENGTH}")
    parsed = ParsedQuery()
    pending_or = False
    for match in TOKEN.finditer(q):
        raw = match["q1"] if match["q1"] is not None else match["q2"] if match["q2"] is not None else match["bare"]
        if match["bare"] in ("OR", "|") and not match["neg"] and not match["field"]:
            pending_or = bool(parsed.groups)
            continue
        text = normalise(raw)
        if not text:
            continue
        clause = Clause(text, match["field"] or "", bool(match["neg"]))
        if clause.negated:
            parsed.excluded.append(clause)
        elif pending_or:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
    return parsed


def substring_query(fieldname, text):
    """Documents whose bigram field contains `text` exactly: its bigrams at consecutive
    positions. One character is a term of the characters field (a bigram prefix would
    expand to thousands of terms for a common character)."""
    if len(text) == 1:
        return Q.Term(CHARACTERS[fieldname], text) if fieldname in CHARACTERS else Q.Prefix(fieldname, text)
    grams = query_bigrams(text)
    return Q.Term(fieldname, grams[0]) if len(grams) == 1 else Q.Phrase(fieldname, grams)


def matching_docs(searcher, parsed, filters):
    """The exact set of matching document numbers, as a sorted array.

    Set algebra over each clause's own documents (search.posting_arrays), not Whoosh's
    And/AndNot matchers: those skip ahead inside phrase matchers and, in Whoosh 2.7.4, can
    return a document an excluded phrase contains."""
    def clause_docs(clause):
        return query_docs(searcher, substring_query(FIELDS[clause.field], clause.text))

    result = query_docs(searcher, filters) if filters is not None else None
    for group in parsed.groups:
        found = functools.reduce(np.union1d, (clause_docs(c) for c in group))
        result = found if result is None else np.intersect1d(result, found, assume_unique=True)
    if result is None:
        result = live_docs(searcher)
    for clause in parsed.excluded:
        if not len(result):
            break
        result = np.setdiff1d(result, clause_docs(clause), assume_unique=True)
    return result


def query_docs(searcher, query):
    """Sorted document numbers of a Term, Phrase, And or Or of them; Whoosh's own matching for
    anything else (a source name's one-character prefix)."""
    if isinstance(query, Q.Term):
        return term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, Q.Phrase):
        return phrase_docs(searcher, query.fieldname, query.words)
    if isinstance(query, (Q.And, Q.Or)):
        combine = np.intersect1d if isinstance(query, Q.And) else np.union1d
        return functools.reduce(combine, (query_docs(searcher, q) for q in query.subqueries))
    return np.array(sorted(query.docs(searcher)), dtype=np.int64)


@dataclass
class Filters:
    regions: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    year: str | None = None
    script: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sites: list = field(default_factory=list)
    captured_from: datetime.date | None = None
    captured_to: datetime.date | None = None
    reposts: str | None = None  # "originals" or "reposts"

    def to_whoosh(self):
        parts = []
        if self.regions:
            parts.append(Q.Or([Q.Term("regions", code) for code in self.regions]))
        if self.sources:
            parts.append(Q.Or([Q.Term("source", str(pk)) for pk in self.sources]))
        if self.sites:
            parts.append(Q.Or([Q.Term("sites", site) for site in self.sites]))
        if self.year:
            parts.append(Q.Term("year", self.year))
        if self.script:
            parts.append(Q.Term("script", self.script))
        # Dates (and capture dates) are filtered on their columns (search.facets.within_dates): a numeric range
        # query over 100,000 stories expands to thousands of terms.
        return Q.And(parts) if parts else None


def parse_date(param, value):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise QueryError(param, f"{param}={value!r} is not a date in the form YYYY-MM-DD")


def parse_int(param, value, low, high):
    if not re.fullmatch(r"\d{1,9}", value or "") or not low <= int(value) <= high:
        raise QueryError(param, f"{param}={value!r} must be a whole number from {low} to {high}")
    return int(value)
