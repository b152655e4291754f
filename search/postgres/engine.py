"""Searching the PostgreSQL index: the stories that hold the query from its grams' postings
(matching.py), then filters, facet counts, timeline, repost clusters and date order over
columns kept by the process (columns.py), and relevance by BM25F over the query's words'
postings (ranking.py), as the Whoosh engine ranks."""
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router

from archive.models import Article
from search.columns import filtered, found
from search.engine import Engine
from search.postgres import matching, ranking, writer
from search.postgres.columns import columns_of

NOT_POSTGRESQL = "SEARCH_ENGINE=postgres keeps the index in the database: DATABASE_URL must name a PostgreSQL database"


class PostgresEngine(Engine):
    transactional = True

    def search(self, params):
        with connections[_reading()].cursor() as cursor:
            cols, stories, selected = _matching(cursor, params)
            return found(cols, selected, params,
                         lambda shown, limit: ranking.ranked(cursor, params.query, stories, shown, limit))

    def matching_ids(self, params):
        with connections[_reading()].cursor() as cursor:
            return _matching(cursor, params)[2].tolist()

    def write(self, index, ids, articles):
        writer.write(index, ids, articles)

    def clear(self):
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(NOT_POSTGRESQL)
        writer.clear()

    def indexed_versions(self):
        return writer.versions()

    def indexed_normalisations(self):
        return writer.normalisations()

    def index_problem(self):
        if connection.vendor != "postgresql":
            return NOT_POSTGRESQL
        return self.normalisation_problem()


def _matching(cursor, params):
    """(Columns, ranking.Stories, the sorted ids of the stories that match the query and filters):
    the query's stories, found over the kept columns (brought up to date first), then filtered."""
    query = params.query
    cols, stories, ids = columns_of(cursor.db.alias).matching(
        cursor, matching.key(query), lambda cursor, texts: matching.query_ids(cursor, query, texts))
    return cols, stories, filtered(cols, ids, params.filters)


def _reading():
    """The database searches read from (a replica when the router says so)."""
    return router.db_for_read(Article)
