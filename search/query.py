"""The query language and the filters, parsed, or a QueryError that says what is wrong. An
engine matches them (search/whoosh/matching.py).

Query language (what a researcher types in the search box):
- 下沉干部        a run of characters matches exactly as written (as a substring)
- 草莓 社区       space-separated terms must all match
- "战 疫 日记"    quotes (straight or “curly”) make one phrase of anything, spaces included
- 草莓 OR 大棚    either term (| works too)
- -草莓           excludes stories containing it
- title:书记  source:齐鲁网   match in the title, or in the source's name

A term also finds other regions' words for it (出租车: 計程車, Taiwan's; search.regional_words)
unless the reader turns that off (regional=off): each such word is one more clause of the
term's OR group (or of the excluded ones), which says whose word it is.

Matching is exact substring matching over the normalised text (archive.text.normalise: each
character in its search form — simplified, whichever region's script it was written in —,
full-width forms folded, lower case, one space), done on the bigram fields
(a single character on the characters fields). The word fields only rank (an engine's ranking): a
story where the term is a whole word ranks above one where the term sits inside a longer word.
"""

import datetime
import re
from dataclasses import dataclass, field

from archive.text import normalise
from search.analysis import query_words
from search.regional_words import RegionalWord, regional_words

MAX_QUERY_LENGTH = 500
TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<field>title|source)[:：])?(?:"(?P<q1>[^"]*)"?|“(?P<q2>[^”]*)”?|(?P<bare>[^\s"“]+))'
)
SCRIPTS = ("simplified", "traditional", "mixed")
SORTS = ("relevance", "date", "date_asc")
# The word fields that rank each kind of clause (a source name ranks nothing).
WORD_FIELDS = {"": ("text", "title"), "title": ("title",), "source": ()}


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
    # Another region's word for the term the reader typed (normalised: `typed`), not the term itself.
    regional: RegionalWord | None = None
    typed: str = ""


@dataclass
class ParsedQuery:
    groups: list = field(default_factory=list)  # AND of groups, each an OR of clauses
    excluded: list = field(default_factory=list)

    def highlight_terms(self):
        """What to mark in the story text: the positive terms that search the text."""
        return sorted(
            {c.text for group in self.groups for c in group if c.field in ("", "title")}, key=len, reverse=True
        )

    def regional_clauses(self):
        """The clauses that stand for another region's word of a term the reader typed."""
        return [c for group in self.groups for c in group if c.regional]

    def rank_parts(self):
        """[(word field, [words])] that rank the matches: each positive term as whole words of
        the word fields (text and title, or the title alone for title:), a term of several
        words as their phrase."""
        parts = []
        for clause in (c for group in self.groups for c in group):
            words = query_words(clause.text)
            if words:
                parts += [(fieldname, words) for fieldname in WORD_FIELDS[clause.field]]
        return parts


def parse(q, regional=True):
    """The query as groups of clauses; regional: also other regions' words for each term of the
    text or title (not for source names)."""
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
        field_name, negated = match["field"] or "", bool(match["neg"])
        clauses = [Clause(text, field_name, negated)]
        if regional and field_name != "source":
            clauses += [Clause(normalise(word.text), field_name, negated, word, text) for word in regional_words(text)]
        if negated:
            parsed.excluded.extend(clauses)
        elif pending_or:
            parsed.groups[-1].extend(clauses)
        else:
            parsed.groups.append(clauses)
        pending_or = False
    return parsed


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
