"""The concordance of a search (keyword in context): every occurrence of its terms in the matching
stories' titles and clean bodies, one line each, the match with `width` characters on each side,
in the story's own script.

Occurrences are found as the story page's marks are (archive.highlight): each term on the text
folded as archive.text.normalise folds it, positions mapped back to the text as written. Each term
is found on its own, its occurrences not overlapping one another (as str.count counts them on the
normalised text), so 中国人 is a line of 中国 and one of 中国人 when both are asked for. A title
holds the terms of the text and of title: clauses, a body those of the text alone (source: clauses
choose stories, they are not found in text).

How many occurrences there are comes from the engine's index where it can count them
(search.engine.Engine.occurrences: on Whoosh every term without whitespace, on Solr terms of
one or two characters that cannot overlap themselves), the count a reading of every matching
story gives once the index holds what the database does (a story stored a moment ago may not
be counted until its index update is written). Only the page's lines are read: the matching
stories are walked in the search's own date order (newest first, undated last:
search?sort=date), their texts read BATCH at a time, each story's occurrences counted when it
is walked, until the page is filled. A term the index cannot count
is counted by that walk, and what that costs bounds the answer (bench/concordance.py: reading
and folding the 90,000 stories of 100,000 that hold 的 takes tens of seconds): the
walk stops COUNT_SECONDS after it began once the page is ready, and the count is what it has
found, "at least" that many, with how many of the stories it counted. A page that needs a
longer walk than PAGE_SECONDS (a deep page of date order) is not reached, and the answer says
so rather than time out. Left and right order sort the lines of the newest SORTED_STORIES
stories (at most SORTED_LINES lines), the same lines on every page, and say so when there are
more.
"""

import re
import time
from dataclasses import dataclass, field, replace
from itertools import islice

from archive.highlight import folded, term_pattern
from archive.models import Article
from search.engine import engine

SORTS = ("date", "left", "right")
DEFAULT_WIDTH, MAX_WIDTH = 30, 200
SORTED_STORIES, SORTED_LINES = 300, 10_000
ID_PAGE = 1000
COUNT_SECONDS = 0.5
PAGE_SECONDS = 5.0
BATCH = 100
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    id: int
    date: object  # datetime.date or None
    where: str  # "title" or "body"
    left: str  # whitespace shown as one space
    match: str  # as written in the story
    right: str
    key: str = field(repr=False, compare=False)  # the folded context the sort reads (left: reversed)


@dataclass
class Concordance:
    lines: list  # the page's lines
    count: int  # occurrences counted
    complete: bool  # every matching story counted (else `count` is a lower bound)
    stories: int  # matching published stories
    counted_stories: int  # of them, those counted (the newest)
    seconds: float  # the walk's time
    sorted_lines: int | None  # left or right order: the lines sorted (the first of the walk)
    reached: bool  # whether the walk reached the page within PAGE_SECONDS


@dataclass(frozen=True)
class Terms:
    """The patterns of the normalised terms to find in a title and in a body (archive.highlight's:
    a space in a term matches any run of whitespace), and the (field, term) pairs whose
    occurrences make the count, as search.engine.Engine.occurrences takes them."""

    title: tuple
    body: tuple
    counted: tuple

    @classmethod
    def of(cls, query):
        """From a search.query.ParsedQuery: its positive clauses of the text and the title (with
        other regions' words for them, as the query holds them)."""
        clauses = [c for group in query.groups for c in group]
        title = sorted({c.text for c in clauses if c.field in ("", "title")})
        body = sorted({c.text for c in clauses if c.field == ""})
        patterns = {term: term_pattern([term]) for term in title}
        counted = [("", t) for t in body] + [("title", t) for t in title if t not in body]
        return cls(tuple(patterns[t] for t in title), tuple(patterns[t] for t in body), tuple(counted))

    def __bool__(self):
        return bool(self.title)


def occurrences(text, terms):
    """[(start, end, folded text, folded start, folded end)] of every occurrence of each term's
    pattern in `text`, start and end in the text as written, in order of position."""
    if not text or not terms:
        return []
    normalised, origin = folded(text)
    found = []
    for pattern in terms:
        for match in pattern.finditer(normalised):
            fstart, fend = match.span()
            start, end = (fstart, fend) if origin is None else (origin[fstart], origin[fend - 1] + 1)
            found.append((start, end, normalised, fstart, fend))
    found.sort(key=lambda o: (o[0], o[1]))
    return found


def story_lines(article, terms):
    """[(where, text, occurrence)] of the story's title, then of its body."""
    return [
        (where, text, occurrence)
        for where, text, wanted in (("title", article.title, terms.title), ("body", article.body_clean, terms.body))
        for occurrence in occurrences(text, wanted)
    ]


def counted(article, terms):
    """How many lines story_lines would give, found the same way but not placed (the walk counts
    most stories without showing them)."""
    return sum(
        len(pattern.findall(folded(text)[0]))
        for text, wanted in ((article.title, terms.title), (article.body_clean, terms.body))
        if text and wanted
        for pattern in wanted
    )


def line(article, where, text, occurrence, width, sort):
    start, end, normalised, fstart, fend = occurrence
    if sort == "left":
        key = normalised[max(0, fstart - width) : fstart][::-1] + "\x00" + normalised[fstart:fend]
    else:
        key = normalised[fstart:fend] + "\x00" + normalised[fend : fend + width]
    return Line(
        id=article.pk,
        date=article.date,
        where=where,
        left=_SPACES.sub(" ", text[max(0, start - width) : start]),
        match=text[start:end],
        right=_SPACES.sub(" ", text[end : end + width]),
        key=_SPACES.sub(" ", key),
    )


def newest_first(params):
    """(how many stories the search matches, an iterator of their ids newest first, undated
    last): the search's own date order, asked of the engine ID_PAGE ids at a time as the walk
    goes (on Whoosh 20 ms for 的 at 100,000 stories, where ordering them in the database took 400)."""

    def page(number):
        return engine().search(replace(params, sort="date", collapse=False, page=number, page_size=ID_PAGE))

    first = page(1)

    def ids():
        yield from first.ids
        for number in range(2, -(-first.count // ID_PAGE) + 1):
            yield from page(number).ids

    return first.count, ids()


def texts(ids):
    """The published stories of the ids (title, clean body, date), in that order, read BATCH at a time."""
    while chunk := list(islice(ids, BATCH)):
        found = Article.objects.filter(pk__in=chunk, published=True).only("pk", "title", "body_clean", "date").in_bulk()
        yield from (found[pk] for pk in chunk if pk in found)


def indexed_count(params, terms):
    """The occurrences of every term as the engine counts them from its index, or None when it
    cannot count them all (a term with whitespace, or one the engine does not count)."""
    if any(_SPACES.search(text) for _, text in terms.counted):
        return None  # the index holds the title and body as one text: a space may join them
    found = engine().occurrences(params, terms.counted)
    return sum(found.values()) if len(found) == len(terms.counted) else None


def concordance(params, sort="date", width=DEFAULT_WIDTH, page=1, page_size=50):
    """The Concordance of a search.params.SearchParams: the page'th page_size lines in `sort`
    order, and how many occurrences there are (or at least are)."""
    started = time.monotonic()
    terms = Terms.of(params.query)
    indexed = indexed_count(params, terms)
    stories, ids = newest_first(params)
    first, last = (page - 1) * page_size, page * page_size
    if indexed is not None and sort == "date" and first >= indexed:
        ids = iter(())  # past the last line: nothing to read
    gathered, count, walked, finished = [], 0, 0, True
    for article in texts(ids):
        elapsed = time.monotonic() - started
        ready = count >= last if sort == "date" else len(gathered) >= SORTED_LINES or walked >= SORTED_STORIES
        if elapsed > PAGE_SECONDS or (ready and (indexed is not None or elapsed > COUNT_SECONDS)):
            finished = False
            break
        if sort == "date":
            found = counted(article, terms)
            if count + found > first and count < last:  # the story holds lines of the page
                wanted = story_lines(article, terms)[max(0, first - count) : last - count]
                gathered += [line(article, where, text, occurrence, width, sort) for where, text, occurrence in wanted]
            count += found
        elif not ready:
            found = story_lines(article, terms)
            wanted = found[: SORTED_LINES - len(gathered)]
            gathered += [line(article, where, text, occurrence, width, sort) for where, text, occurrence in wanted]
            count += len(found)
        else:
            count += counted(article, terms)
        walked += 1
    if sort == "date":
        lines, sorted_lines = gathered, None
        reached = count >= last or finished
    else:
        gathered.sort(key=lambda li: li.key)
        lines, sorted_lines = gathered[first:last], len(gathered)
        reached = True
    return Concordance(
        lines=lines,
        count=count if indexed is None else indexed,
        complete=finished or indexed is not None,
        stories=stories,
        counted_stories=walked if indexed is None else stories,
        seconds=round(time.monotonic() - started, 3),
        sorted_lines=sorted_lines,
        reached=reached,
    )
