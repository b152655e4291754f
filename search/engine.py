"""The engine seam: what the search pages, the API and the export ask of a search engine.

An engine takes search.params.SearchParams (a parsed query, filters, sort, page, collapse)
and answers with the matching stories' count, facet counts, timeline and the ids of one page
(Found), or with every matching id (an export). search.results turns a Found into the page's
records; the engines live in packages of their own (search/whoosh/, search/solr/).
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from archive.text import normalisation

OLDER_NORMALISATION = (
    "the index was analysed with another text normalisation than this version of the archive "
    "applies (how the mainland's, Taiwan's and Hong Kong's scripts fold for matching)"
)
ENGINES = {"whoosh": "search.whoosh.engine.WhooshEngine", "solr": "search.solr.engine.SolrEngine"}


class EngineUnavailable(Exception):
    """The engine cannot answer now (its servers are down or unreachable): a 503, not a 500. What
    is stored stays stored, and index writes stay queued."""


@dataclass
class Found:
    count: int  # matching stories
    clusters: int | None  # with collapse=reposts: the repost clusters among them (one row each)
    # facet: Counter of value -> stories (source ids, years, scripts, region codes, sites, reposts); of
    # sources and sites at least the search.facets.MAX_VALUES most common
    counters: dict
    months: list  # [(YYYY-MM, stories)] of the dated ones, in order
    ids: list  # article ids of the requested page, in order


class Engine:
    # Whether another process may write the index while the ingest stores stories
    # (search.alongside); Whoosh takes one writer at a time.
    writes_alongside = False

    def search(self, params):
        """Found for these SearchParams."""
        raise NotImplementedError

    def matching_ids(self, params):
        """Every matching article id, in id order (what an export of the search holds)."""
        raise NotImplementedError

    def trend(self, params, queries, by, regions):
        """Stories per period (search.periods: by month, quarter or year) under params' filters
        (its query is not asked): {(i, region): Counter of period key -> stories, None the
        undated}, for i each index of `queries` (parsed queries: the stories matching queries[i])
        and None (every story under the filters), and region each adcode of `regions` (the
        stories under it) and None (not split). One pass over the matches or one request, not
        one per query or region (search.trends gathers the trend)."""
        raise NotImplementedError

    def occurrences(self, params, terms):
        """{(field, text): occurrences} of each (field, text) of `terms` the index can count: how
        many times the normalised text (without whitespace) occurs in the title and body (field
        "") or the title (field "title") of the stories params match, uncollapsed, counted as
        str.count counts on the normalised text. A term left out is counted by reading the
        stories (search.concordance)."""
        raise NotImplementedError

    def write(self, index, ids, articles):
        """Replace the documents of `ids` with those of `articles` (the ones of them still to be
        indexed: search_indexes.ArticleIndex prepares them)."""
        raise NotImplementedError

    def clear(self):
        """Remove every document."""
        raise NotImplementedError

    def indexed_versions(self):
        """{article id: ArticleIndex.prepare_version} of every document (check_index compares)."""
        raise NotImplementedError

    def index_problem(self):
        """Why the index cannot be written as it is (it must be rebuilt, or cannot be here), or None."""
        raise NotImplementedError

    def indexed_normalisations(self):
        """The names of the text normalisations (archive.text.normalisation) that analysed the
        indexed documents: each document's version begins with one."""
        raise NotImplementedError

    def normalisation_problem(self):
        """OLDER_NORMALISATION when any document was analysed otherwise than queries now are:
        its terms would not match them. None for an empty index."""
        return OLDER_NORMALISATION if self.indexed_normalisations() - {normalisation()} else None


def engine(name=None):
    """The configured engine (settings.SEARCH_ENGINE), or the one named; one of each per process."""
    return _engine(name or settings.SEARCH_ENGINE)


@functools.cache
def _engine(name):
    if name not in ENGINES:
        raise ImproperlyConfigured(f"SEARCH_ENGINE={name!r}: the engines written are {', '.join(sorted(ENGINES))}")
    return import_string(ENGINES[name])()
