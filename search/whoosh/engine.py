"""Searching the Whoosh index: matching, facet counts, timeline and a page's ids for one search."""

import numpy as np

from search.engine import Engine
from search.indexing import backend
from search.params import SearchParams
from search.whoosh import counting as facet_columns
from search.whoosh.columns import columns
from search.whoosh.matching import TERM_FIELDS, filters_query, matching_docs
from search.whoosh.occurrences import occurrences as counted_in
from search.whoosh.ranking import ranked
from search.whoosh.trends import counted


class WhooshEngine(Engine):
    def search(self, params):
        index = backend()
        with index.reading() as searcher:
            cols, selected = matching(searcher, index.path, params)
            return facet_columns.found(
                cols, selected, params, lambda shown, limit: ranked(searcher, params.query, shown, limit)
            )

    def matching_ids(self, params):
        index = backend()
        with index.reading() as searcher:
            cols, selected = matching(searcher, index.path, params)
            return sorted(cols.article_id[selected].tolist())

    def trend(self, params, queries, by, regions):
        index = backend()
        with index.reading() as searcher:
            cols, selected = matching(searcher, index.path, SearchParams(filters=params.filters))
            selections = {None: selected}
            for i, parsed in enumerate(queries):
                selections[i] = np.intersect1d(selected, matching_docs(searcher, parsed, None), assume_unique=True)
            return counted(cols, selections, by, regions)

    def occurrences(self, params, terms):
        index = backend()
        with index.reading() as searcher:
            _, selected = matching(searcher, index.path, params)
            return {(field, text): counted_in(searcher, selected, field, text) for field, text in terms}

    def write(self, index, ids, articles):
        backend().write(index, ids, articles)

    def clear(self):
        backend().clear()

    def indexed_versions(self):
        with backend().searcher() as searcher:
            return {int(doc["django_id"]): doc.get("version") for doc in searcher.all_stored_fields()}

    def indexed_normalisations(self):
        with backend().searcher() as searcher:
            return {version.partition(":")[0] for version in searcher.reader().field_terms("version")}

    def index_problem(self):
        if not backend().layout_is_current():
            return "the index was written by another version of the archive (its fields or formats differ)"
        return self.normalisation_problem()


def matching(searcher, index_path, params):
    """(the index's Columns, the sorted document numbers that match the query and filters)."""
    selected = matching_docs(searcher, params.query, filters_query(params.filters))
    cols = columns(searcher, index_path)
    return cols, facet_columns.on_columns(cols, selected, params.filters, TERM_FIELDS)
