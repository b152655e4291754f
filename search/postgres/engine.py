"""Searching the PostgreSQL index: matching, facet counts, timeline and a page's ids for one
search, in two statements over the matching set (matching.py)."""
from collections import Counter

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router

from archive.models import Article
from search.engine import Engine, Found
from search.postgres import matching, writer
from search.postgres.vectors import words_query

# The facets and the timeline of the matching stories, each a (kind, value, stories) row.
COUNTS = """
WITH m AS MATERIALIZED (SELECT s.source, s.year, s.script, s.date, s.regions, s.sites, s.cluster, s.repost
                        FROM search_story s WHERE {condition})
SELECT 'count', NULL, count(*) FROM m
UNION ALL SELECT 'clusters', NULL, count(DISTINCT cluster) FROM m
UNION ALL SELECT 'source', source, count(*) FROM m WHERE source IS NOT NULL GROUP BY source
UNION ALL SELECT 'year', year, count(*) FROM m WHERE year IS NOT NULL GROUP BY year
UNION ALL SELECT 'script', script, count(*) FROM m WHERE script IS NOT NULL GROUP BY script
UNION ALL SELECT 'regions', code, count(*) FROM m, unnest(m.regions) code GROUP BY code
UNION ALL SELECT 'sites', site, count(*) FROM m, unnest(m.sites) site GROUP BY site
UNION ALL SELECT 'reposts', CASE WHEN repost THEN 'reposts' ELSE 'originals' END, count(*) FROM m GROUP BY repost
UNION ALL SELECT 'month', (date / 100)::text, count(*) FROM m WHERE date > 0 GROUP BY date / 100
"""
# A repost cluster's row: its original when it matches, else its earliest dated match (undated last).
ONE_PER_CLUSTER = "SELECT DISTINCT ON (cluster) * FROM m ORDER BY cluster, repost, date = 0, date, article_id"
ORDER = {"date": "date = 0, date DESC, article_id", "date_asc": "date = 0, date, article_id"}  # undated last
TITLE_BOOST = 2.0  # as the Whoosh index's title field (search/search_indexes.py)


class PostgresEngine(Engine):
    transactional = True

    def search(self, params):
        condition, values = matching.condition(params)
        with _reading() as cursor:
            cursor.execute(COUNTS.format(condition=condition), values)
            rows = cursor.fetchall()
            counters = {name: Counter() for name in ("source", "year", "script", "regions", "sites", "reposts")}
            totals, months = {}, []
            for kind, value, stories in rows:
                if kind in counters:
                    counters[kind][value] = stories
                elif kind == "month":
                    months.append((f"{value[:4]}-{value[4:]}", stories))
                else:
                    totals[kind] = stories
            ids = self._page(cursor, params, condition, values)
        return Found(count=totals["count"], clusters=totals["clusters"] if params.collapse else None,
                     counters=counters, months=sorted(months), ids=ids)

    def _page(self, cursor, params, condition, values):
        """Article ids of the requested page: best first (stories that hold no query term as a
        word follow, newest first), or newest or oldest first; undated last, then by id."""
        score, score_values = _score(params.query) if params.sort == "relevance" else ("0", [])
        order = ORDER.get(params.sort) or (f"score DESC, CASE WHEN score > 0 THEN false ELSE date = 0 END, "
                                            f"CASE WHEN score > 0 THEN 0 ELSE date END DESC, article_id")
        shown = ONE_PER_CLUSTER if params.collapse else "SELECT * FROM m"
        scored = (f"SELECT shown.*, {score} AS score FROM shown JOIN search_story r ON r.article_id = shown.article_id"
                  if score_values else "SELECT shown.*, 0 AS score FROM shown")  # the word vectors only to rank
        cursor.execute(
            f"WITH m AS (SELECT s.article_id, s.date, s.cluster, s.repost FROM search_story s WHERE {condition}), "
            f"shown AS ({shown}), scored AS MATERIALIZED ({scored}) "  # each score computed once, not per use in ORDER BY
            f"SELECT article_id FROM scored ORDER BY {order} LIMIT %s OFFSET %s",
            [*values, *score_values, params.page_size, (params.page - 1) * params.page_size])
        return [pk for pk, in cursor.fetchall()]

    def matching_ids(self, params):
        condition, values = matching.condition(params)
        with _reading() as cursor:
            cursor.execute(f"SELECT s.article_id FROM search_story s WHERE {condition} ORDER BY s.article_id", values)
            return [pk for pk, in cursor.fetchall()]

    def write(self, index, ids, articles):
        writer.write(index, ids, articles)

    def clear(self):
        problem = self.index_problem()
        if problem:
            raise ImproperlyConfigured(problem)
        writer.clear()

    def indexed_versions(self):
        return writer.versions()

    def index_problem(self):
        if connection.vendor != "postgresql":
            return "SEARCH_ENGINE=postgres keeps the index in the database: DATABASE_URL must name a PostgreSQL database"
        return None


def _score(parsed):
    """(SQL of a story's score in the row r, its parameters): ts_rank of the query's rank_parts
    in the word fields, the title's boosted as in the Whoosh index; 0 when none is there.

    ts_rank is 0 where no word of the query is, but counts a phrase's words apart too: only a
    query with a phrase among its parts asks first whether the vector holds one (every test of
    a vector reads it from TOAST again: half the ranking's time)."""
    by_field, phrases = {}, False
    for fieldname, words in parsed.rank_parts():
        by_field.setdefault(fieldname, []).append(f"({words_query(words)})")
        phrases = phrases or len(words) > 1
    terms, values = [], []
    for fieldname, column, boost in (("text", "words", 1.0), ("title", "title_words", TITLE_BOOST)):
        if fieldname in by_field:
            query = " | ".join(by_field[fieldname])
            if phrases:
                terms.append(f"CASE WHEN r.{column} @@ %s::tsquery THEN {boost} * ts_rank(r.{column}, %s::tsquery) ELSE 0 END")
                values += [query, query]
            else:
                terms.append(f"{boost} * ts_rank(r.{column}, %s::tsquery)")
                values.append(query)
    return (" + ".join(terms) or "0"), values


def _reading():
    """A cursor on the database searches read from (a replica when the router says so)."""
    return connections[router.db_for_read(Article)].cursor()
