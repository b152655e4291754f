"""Searching the Whoosh index: matching, facet counts, timeline and a page's ids for one search."""
import numpy as np

from search.engine import Engine, Found
from search.indexing import backend
from search.whoosh import columns as facet_columns
from search.whoosh.matching import filters_query, matching_docs
from search.whoosh.ranking import ranked


class WhooshEngine(Engine):
    def search(self, params):
        index = backend()
        with index.reading() as searcher:
            cols, selected = matching(searcher, index.path, params)
            shown = facet_columns.one_per_cluster(cols, selected) if params.collapse else selected
            return Found(count=len(selected), clusters=len(shown) if params.collapse else None,
                         counters=facet_columns.count(cols, selected), months=facet_columns.months(cols, selected),
                         ids=page_ids(searcher, shown, cols, params))

    def matching_ids(self, params):
        index = backend()
        with index.reading() as searcher:
            cols, selected = matching(searcher, index.path, params)
            return sorted(cols.article_id[selected].tolist())

    def write(self, index, ids, articles):
        backend().write(index, ids, articles)

    def clear(self):
        backend().clear()

    def indexed_versions(self):
        with backend().searcher() as searcher:
            return {int(doc["django_id"]): doc.get("version") for doc in searcher.all_stored_fields()}

    def index_problem(self):
        if not backend().layout_is_current():
            return "the index was written by another version of the archive (its fields or formats differ)"
        return None


def matching(searcher, index_path, params):
    """(the index's Columns, the sorted document numbers that match the query and filters)."""
    selected = matching_docs(searcher, params.query, filters_query(params.filters))
    cols = facet_columns.columns(searcher, index_path)
    filters = params.filters
    if filters.date_from or filters.date_to:
        selected = facet_columns.within_dates(cols.date, selected, filters.date_from, filters.date_to)
    if filters.captured_from or filters.captured_to:
        selected = facet_columns.within_dates(cols.captured, selected, filters.captured_from, filters.captured_to)
    if filters.reposts:
        selected = facet_columns.of_kind(cols, selected, filters.reposts)
    return cols, selected


def page_ids(searcher, selected, cols, params):
    """Article ids of the requested page: best first, or newest or oldest first (undated last).

    Relevance orders by ranking.py; the matching documents it did not score (it only
    ranks, the set was decided by matching_docs) follow, newest first, so a page never loses
    a story."""
    offset = (params.page - 1) * params.page_size
    if offset >= len(selected):
        return []
    limit = offset + params.page_size
    ordered = ranked(searcher, params.query, selected, limit) if params.sort == "relevance" else []
    if len(ordered) < limit:
        rest = selected[~np.isin(selected, ordered)] if ordered else selected
        ordered += by_date(rest, cols.date, newest=params.sort != "date_asc")[: limit - len(ordered)].tolist()
    return cols.article_id[ordered[offset:limit]].tolist()


def by_date(docnums, dates, newest):
    """docnums ordered by date (newest or oldest first), undated last, then by docnum."""
    values = dates[docnums]
    return docnums[np.lexsort((docnums, facet_columns.undated_last(-values if newest else values)))]
