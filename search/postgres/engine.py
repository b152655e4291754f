"""Searching the PostgreSQL index: the matching rows from SQL (matching.py), then facet counts,
timeline, repost clusters and date order over columns kept by the process (columns.py), and
relevance by ts_rank of the word vectors that hold the query's words (schema.py)."""
import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router, transaction

from archive.models import Article
from search.columns import found
from search.engine import Engine
from search.postgres import matching, writer
from search.postgres.columns import columns_of
from search.postgres.vectors import TITLE_WEIGHTS, words_query
from search.query import Filters

# The matching rows' article ids and written numbers, each as one bytea of big-endian int8s:
# two values to fetch instead of a row per match.
MATCHES = ("SELECT string_agg(int8send(s.article_id), ''::bytea), string_agg(int8send(s.written), ''::bytea) "
           "FROM search_story s WHERE {condition}")
# The best of the shown stories that hold the query's words (the GIN index finds them), each
# vector read once: the subquery is not flattened, so the score is not computed again for
# each use in ORDER BY. (A RUM index would order them itself, but its WAL records broke a
# streaming replica here: bench/RESULTS.md, eleventh session.)
RANKED = ("SELECT article_id FROM (SELECT article_id, ts_rank(words, %(query)s::tsquery) AS score FROM search_story "
          "WHERE words @@ %(query)s::tsquery {shown}OFFSET 0) scored ORDER BY score DESC, article_id LIMIT %(limit)s")
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
        writer.clear()

    def indexed_versions(self):
        return writer.versions()

    def index_problem(self):
        if connection.vendor != "postgresql":
            return NOT_POSTGRESQL
        return None


def _ranked(cursor, params, shown, limit):
    """The best `limit` of the shown article ids (an array) that hold a word of the query, best
    first, ties by lower id."""
    query = rank_query(params.query)
    if not query or not len(shown):
        return []
    values = {"query": query, "limit": limit}
    among = "" if _every_holder_shown(params) else AMONG_SHOWN
    if among:
        values["shown"] = "{" + ",".join(map(str, shown.tolist())) + "}"
    # The word vectors are TOASTed: the planner counts a sequential scan that reads every one
    # of them as cheap as the heap's few pages (45 ms at 10,000 stories for any word); the GIN
    # index reads only the holders'.
    with transaction.atomic(using=cursor.db.alias):
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(RANKED.format(shown=among), values)
        ranked = [pk for pk, in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    return ranked


def _every_holder_shown(params):
    """Whether every story that holds a word of the rank query is shown, so that no list of the
    shown ids (90,000 of them for 的) need go with the ranking: one group of terms each ranked
    by one word — a word or sub-word of a story is a substring of it, so the story matches; a
    phrase of words can stand apart in the text (a space between, or a sub-word's neighbour) —
    nothing excluded or filtered, no stories folded into their cluster's."""
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
