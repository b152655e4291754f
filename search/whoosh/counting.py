"""Stories' facet values as columns, and facet counts, dates, cluster picks and a page's order
over a search's matches as array arithmetic on them: how the Whoosh engine counts.

Columns are numpy arrays indexed by the Whoosh index's document number. Counting a facet over
the matching documents is then one bincount, not a loop per hit through Whoosh's categorizers.
"""

import functools
from collections import Counter

import numpy as np

from search.engine import Found
from search.filters import FACETS, RANGES


class Vocabulary:
    """Codes for the values of one facet; code 0 is 'no value'."""

    def __init__(self):
        self.values = [None]
        self.codes = {None: 0}

    def code(self, value):
        if value not in self.codes:
            self.codes[value] = len(self.values)
            self.values.append(value)
        return self.codes[value]

    def counter(self, counts):
        return Counter({self.values[code]: int(n) for code, n in enumerate(counts) if code and n})


class Columns:
    """Documents' facet values as arrays indexed by document number: source, year, script, status
    (codes), date, captured and added (YYYYMMDD, 0 when unknown), article_id, cluster (its repost
    cluster's key), repost (1 for a repost, 0 for an original), and each document's
    region and site codes (region_count / site_count of them, laid end to end in regions /
    sites)."""

    ARRAYS = (
        "source",
        "year",
        "script",
        "status",
        "date",
        "captured",
        "added",
        "article_id",
        "cluster",
        "repost",
        "region_count",
        "regions",
        "site_count",
        "sites",
    )
    LISTS = {"regions": "region_count", "sites": "site_count"}  # multi-valued facets: codes, and how many per document
    # the codes and flags are 32-bit; the rest (days, ids, cluster keys, counts) 64-bit
    DTYPES = {name: np.int32 for name in ("source", "year", "script", "status", "repost", "regions", "sites")}

    def __init__(self, vocabularies, **arrays):
        self.vocabularies = vocabularies
        for name in self.ARRAYS:
            setattr(self, name, arrays[name])

    @classmethod
    def joined(cls, parts, vocabularies):
        return cls(
            vocabularies,
            **{
                name: np.concatenate([getattr(p, name) for p in parts] or [np.zeros(0, np.int64)])
                for name in cls.ARRAYS
            },
        )

    def __len__(self):
        return len(self.date)

    @functools.cached_property
    def cluster_order(self):
        """Every document number, each repost cluster's together, in the order that picks its
        representative first: the original, then by date (undated last), then by number."""
        return np.lexsort((np.arange(len(self)), undated_last(self.date), self.repost != 0, self.cluster))


def undated_last(dates):
    """Dates (YYYYMMDD, 0 unknown, or their negatives) as sort keys that put the unknown last."""
    return np.where(dates == 0, np.iinfo(np.int64).max, dates)


def within_dates(column, selected, date_from, date_to):
    """The selected documents whose date in column (YYYYMMDD, 0 unknown) is from date_from to
    date_to (either may be None)."""
    dates = column[selected]
    keep = dates > 0
    if date_from:
        keep &= dates >= int(date_from.strftime("%Y%m%d"))
    if date_to:
        keep &= dates <= int(date_to.strftime("%Y%m%d"))
    return selected[keep]


def count(cols, selected):
    """{facet param: Counter of indexed value -> documents} over the selected document numbers
    (an array), for each facet of search.filters (numbers as strings, as the index holds them)."""
    out = {}
    mask = np.zeros(len(cols), dtype=bool)
    mask[selected] = True
    for facet in FACETS:
        column = getattr(cols, facet.field)
        if facet.field in Columns.LISTS:  # each document's codes laid end to end
            chosen = column[np.repeat(mask, getattr(cols, Columns.LISTS[facet.field]))]
        else:
            chosen = column[selected]
        vocabulary = cols.vocabularies.get(facet.field)
        if vocabulary is not None:
            out[facet.param] = vocabulary.counter(np.bincount(chosen, minlength=len(vocabulary.values)))
        else:
            values, counts = np.unique(chosen, return_counts=True)
            out[facet.param] = Counter({str(v): n for v, n in zip(values.tolist(), counts.tolist())})
    return out


def on_columns(cols, selected, filters, term_fields):
    """The selected documents that pass the filters on columns: the date ranges (a numeric
    range query over 100,000 stories would expand to thousands of terms) and the facets whose
    fields are stored numbers rather than `term_fields` (repost)."""
    for date_range in RANGES:
        if date_range.name in filters.ranges:
            selected = within_dates(getattr(cols, date_range.field), selected, *filters.ranges[date_range.name])
    for facet in FACETS:
        if facet.field not in term_fields and filters.of(facet):
            wanted = np.array([int(value) for value in filters.of(facet)])
            selected = selected[np.isin(getattr(cols, facet.field)[selected], wanted)]
    return selected


def one_per_cluster(cols, selected):
    """One document per repost cluster among the selected: its original when it is there, else
    its earliest dated member (undated last). The selected are picked out of cols.cluster_order
    with a mask: no sort of the hits (a lexsort of 90,000 hits cost 16 ms)."""
    if not len(selected):
        return selected
    chosen = np.zeros(len(cols), dtype=bool)
    chosen[selected] = True
    ordered = cols.cluster_order[chosen[cols.cluster_order]]
    clusters = cols.cluster[ordered]
    first = ordered[np.concatenate(([True], clusters[1:] != clusters[:-1]))]
    chosen[:] = False
    chosen[first] = True
    return np.flatnonzero(chosen)


def months(cols, selected):
    """[(YYYY-MM, count)] of the dated documents, in order."""
    dates = cols.date[selected]
    found, counts = np.unique(dates[dates > 0] // 100, return_counts=True)
    return [(f"{m // 100:04d}-{m % 100:02d}", int(n)) for m, n in zip(found.tolist(), counts.tolist())]


def by_date(docnums, dates, newest):
    """docnums ordered by date (newest or oldest first), undated last, then by docnum."""
    values = dates[docnums]
    return docnums[np.lexsort((docnums, undated_last(-values if newest else values)))]


def page_ids(selected, cols, params, ranked):
    """Article ids of the requested page of the selected documents: best first, or newest or
    oldest first (undated last).

    Relevance orders by ranked(selected, limit) — the engine's best `limit` of them that score,
    best first; those it did not score (it only ranks: the set was decided by matching) follow,
    newest first, so a page never loses a story."""
    offset = (params.page - 1) * params.page_size
    if offset >= len(selected):
        return []
    limit = offset + params.page_size
    ordered = ranked(selected, limit) if params.sort == "relevance" else []
    if len(ordered) < limit:
        rest = selected[~np.isin(selected, ordered)] if ordered else selected
        ordered += by_date(rest, cols.date, newest=params.sort != "date_asc")[: limit - len(ordered)].tolist()
    return cols.article_id[ordered[offset:limit]].tolist()


def found(cols, selected, params, ranked):
    """The Found (search/engine.py) of the selected documents (sorted numbers): count, facet
    counts, timeline and the page's ids, one story per repost cluster with collapse.
    ranked(shown, limit) is the engine's relevance: the best `limit` of the shown that score."""
    shown = one_per_cluster(cols, selected) if params.collapse else selected
    return Found(
        count=len(selected),
        clusters=len(shown) if params.collapse else None,
        counters=count(cols, selected),
        months=months(cols, selected),
        ids=page_ids(shown, cols, params, ranked),
    )
