"""Searching the PostgreSQL index: the matching rows from SQL (matching.py), then facet counts,
timeline, repost clusters and date order over columns kept by the process (columns.py), and
relevance from the RUM index of the word vectors (schema.py)."""
import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router

from archive.models import Article
from search.columns import found
from search.engine import Engine
from search.postgres import matching, writer
from search.postgres.columns import columns_of
from search.postgres.schema import RANKING_INDEX_MISSING
from search.postgres.vectors import TITLE_WEIGHTS, words_query
from search.query import Filters

# The matching rows' article ids and written numbers, each as one bytea of big-endian int8s:
# two values to fetch instead of a row per match.
MATCHES = ("SELECT string_agg(int8send(s.article_id), ''::bytea), string_agg(int8send(s.written), ''::bytea) "
           "FROM search_story s WHERE {condition}")
# The shown stories that hold the query's words, nearest first: RUM's distance is 1 / ts_rank,
# read from the positions in the index, not from every hit's vector.
RANKED = ("SELECT article_id, words <=> %(query)s::tsquery FROM search_story WHERE words @@ %(query)s::tsquery {shown}"
          "ORDER BY words <=> %(query)s::tsquery LIMIT %(fetch)s")
AMONG_SHOWN = "AND article_id = ANY(%(shown)s::bigint[]) "
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
            cols = columns_of(alias).covering(alias, ids, written)
            return found(cols, ids, params, lambda shown, limit: _ranked(cursor, params, shown, limit))

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
        writer.clear()  # (and makes the ranking index where it is missing)

    def indexed_versions(self):
        return writer.versions()

    def index_problem(self):
        if connection.vendor != "postgresql":
            return NOT_POSTGRESQL
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_story_words' AND indexdef LIKE '%USING rum%'")
            if not cursor.fetchone():
                return RANKING_INDEX_MISSING
        return None


def _ranked(cursor, params, shown, limit):
    """The best `limit` of the shown article ids (an array) that hold a word of the query, best
    first, ties by lower id. The index gives them best first, ties in its own order: while the
    rows fetched end in a tie that reaches the limit, twice as many are fetched, so that a page
    never depends on which of the tied stories the index gave first."""
    query = rank_query(params.query)
    if not query or not len(shown):
        return []
    sql, values = RANKED.format(shown=""), {"query": query}
    if not _every_holder_shown(params):
        sql = RANKED.format(shown=AMONG_SHOWN)
        values["shown"] = "{" + ",".join(map(str, shown.tolist())) + "}"
    fetch = 2 * limit
    while True:
        cursor.execute(sql, {**values, "fetch": fetch})
        rows = cursor.fetchall()
        if len(rows) < fetch or rows[limit - 1][1] < rows[-1][1]:
            return [pk for pk, _ in sorted(rows, key=lambda row: (row[1], row[0]))[:limit]]
        fetch *= 2


def _every_holder_shown(params):
    """Whether every story that holds a word of the rank query is shown, so that the index alone
    gives the best (no list of 90,000 shown ids to send): one group of terms each ranked by one
    word — a word or sub-word of a story is a substring of it, so the story matches; a phrase of
    words can stand apart in the text (a space between, or a sub-word's neighbour) — nothing
    excluded or filtered, no stories folded into their cluster's."""
    parsed = params.query
    return (len(parsed.groups) == 1 and not parsed.excluded and params.filters == Filters() and not params.collapse
            and all(len(words) == 1 for _, words in parsed.rank_parts()))


def rank_query(parsed):
    """The tsquery of the query's rank_parts (search/query.py), "" when it has none: a part's
    words anywhere (the title's weigh more in the vector), a title: part's among the title's."""
    parts = parsed.rank_parts()
    anywhere = {tuple(words) for fieldname, words in parts if fieldname == "text"}
    title_only = {tuple(words) for fieldname, words in parts if fieldname == "title"} - anywhere
    return " | ".join([f"({words_query(words)})" for words in sorted(anywhere)]
                      + [f"({words_query(words, TITLE_WEIGHTS)})" for words in sorted(title_only)])


def _reading():
    """The database searches read from (a replica when the router says so)."""
    return router.db_for_read(Article)
