"""Searching the PostgreSQL index: the matching rows from SQL (matching.py), then facet counts,
timeline, repost clusters and date order over columns kept by the process (columns.py), and
relevance by BM25F over the query's words' postings (ranking.py), as the Whoosh engine ranks."""
import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router

from archive.models import Article
from search.columns import found
from search.engine import Engine
from search.postgres import matching, ranking, writer
from search.postgres.columns import columns_of

# The matching rows' article ids and written numbers, each as one bytea of big-endian int8s:
# two values to fetch instead of a row per match.
MATCHES = ("SELECT string_agg(int8send(s.article_id), ''::bytea), string_agg(int8send(s.written), ''::bytea) "
           "FROM search_story s WHERE {condition}")
NOT_POSTGRESQL = "SEARCH_ENGINE=postgres keeps the index in the database: DATABASE_URL must name a PostgreSQL database"


class PostgresEngine(Engine):
    transactional = True

    def search(self, params):
        condition, values = matching.condition(params)
        alias = _reading()
        with connections[alias].cursor() as cursor:
            cursor.execute(MATCHES.format(condition=condition), values)
            ids, written = (np.frombuffer(column or b"", ">i8").astype(np.int64) for column in cursor.fetchone())
            order = np.argsort(ids)
            ids, written = ids[order], written[order]
            cols, stories = columns_of(alias).covering(alias, ids, written)
            return found(cols, ids, params, lambda shown, limit: ranking.ranked(cursor, params.query, stories, shown, limit))

    def matching_ids(self, params):
        condition, values = matching.condition(params)
        with connections[_reading()].cursor() as cursor:
            cursor.execute(f"SELECT s.article_id FROM search_story s WHERE {condition} ORDER BY s.article_id", values)
            return [pk for pk, in cursor.fetchall()]

    def write(self, index, ids, articles):
        writer.write(index, ids, articles)

    def clear(self):
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(NOT_POSTGRESQL)
        writer.clear()

    def indexed_versions(self):
        return writer.versions()

    def index_problem(self):
        if connection.vendor != "postgresql":
            return NOT_POSTGRESQL
        return None


def _reading():
    """The database searches read from (a replica when the router says so)."""
    return router.db_for_read(Article)
