"""PostgreSQL full text for the archive's exact-substring promise, measured (issue 15's ground
work): character-bigram tsvectors under a GIN index and under a RUM index, on corpus stories.

    tests/with-postgres .venv/bin/python bench/postgres_fts.py [--stories 30000] [--write]

RUM is Debian's postgresql-15-rum (`apt-get install postgresql-15-rum`). Each story's text as
search sees it (archive.text.normalise of title and body) becomes a tsvector of its overlapping
bigrams with positions (search.analysis.bigrams), written as a tsvector literal: no text-search
parser or locale is involved. A query term is a phrase of its bigrams ('人民' <-> '民医' <->
'医院'); bench/queries.py's one-character and title:/source: queries are left out (an engine
gives them columns of their own). Two tables hold the same rows, one indexed with GIN, one with
RUM (rum_tsvector_ops: positions in the index, ordering by rank inside it). For each query: the
count, the top 20 by rank (GIN: ts_rank over every hit; RUM: ORDER BY <=>) and a facet (GROUP
BY source), each run three times; and every count checked against strpos over the same texts.
tsvector keeps positions up to 16,383 and 256 positions a bigram: a story is cut into
overlapping pieces within both (pieces() below, as the engine did until the eleventh session), a row each, and a query is set algebra over its
groups' stories (a story with a piece holding one of a group's terms; INTERSECT across
groups, EXCEPT for an exclusion), so that terms found in different pieces still make a
match; ranking orders the rows that hold any of the query's terms, a story by its best row.

A third table tries a smaller encoding: each story's distinct bigrams as 32-bit hashes in an
int4 array under intarray's GIN (no positions, no strings), a term's stories found as those
holding all its bigrams and confirmed with strpos on the normalised text kept beside them (no
limit to lose matches by; no rank either).
"""
import argparse
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from archive.text import normalise, searchable  # noqa: E402
from corpus import SOURCES, stories  # noqa: E402
from queries import BOUNDARY, PHRASES, RARE, WORDS  # noqa: E402
from results import report  # noqa: E402
from search.analysis import bigram_keys, bigrams, query_bigrams  # noqa: E402
from search.query import MAX_QUERY_LENGTH, parse  # noqa: E402

# tsvector keeps positions up to 16,383 and 256 positions of a lexeme (the rest are dropped
# silently: measured). The engine searched bigram tsvectors cut into pieces within both until
# the eleventh session (it now keeps the text itself, search/postgres/schema.py); this
# benchmark of that design keeps its pieces here.
MAX_POSITION, MAX_POSITIONS = 16383, 256


def _escaped(term):
    """A lexeme's text as it goes between quotes in a tsvector or tsquery literal."""
    return term.replace("\\", "\\\\").replace("'", "''")


def lexeme(text):
    return f"'{_escaped(text)}'"

INDEXES = {"gin": "USING gin (bigrams)", "rum": "USING rum (bigrams rum_tsvector_ops)", "int": "USING gin (grams gin__int_ops)"}
PIECES = ("gin", "rum")  # the tsvector tables: a row a piece of a story
RANKED_ROWS = 200  # RUM: the best rows by distance, read from the index, among which a page's stories are found
LABELS = {"gin": "GIN (tsvector)", "rum": "RUM (tsvector)", "int": "GIN (int4[] of hashes) + strpos"}
TABLES = {"gin": "story int, bigrams tsvector", "rum": "story int, bigrams tsvector",
          "int": "id int PRIMARY KEY, source int, grams int4[], text text"}
RUNS = 3


def pieces(normalised, overlap=MAX_QUERY_LENGTH):
    """The text cut into pieces within tsvector's limits — at most MAX_POSITION positions, and
    MAX_POSITIONS of any one bigram — each starting `overlap` - 1 characters before the last one
    ends, so that a query term (at most MAX_QUERY_LENGTH characters) lies whole in some piece.
    Only a run that repeats one bigram MAX_POSITIONS times within `overlap` characters (哈哈哈…)
    gets less overlap: half a piece. Most stories are one piece, seen at once (numpy)."""
    if len(normalised) <= MAX_POSITION and most_of_one_bigram(normalised) <= MAX_POSITIONS:
        return [normalised]
    found, start = [], 0
    while True:
        counts, stop = {}, start  # the piece's bigrams are those starting at start … stop - 1
        while stop < len(normalised) - 1 and stop - start < MAX_POSITION - 1:
            gram = normalised[stop:stop + 2]
            if counts.get(gram, 0) == MAX_POSITIONS:
                break
            counts[gram] = counts.get(gram, 0) + 1
            stop += 1
        found.append(normalised[start:stop + 1])
        if stop >= len(normalised) - 1:
            return found
        start = max(stop + 2 - overlap, start + (stop - start) // 2 + 1)


def most_of_one_bigram(normalised):
    """How often the text's most frequent bigram occurs in it (numpy: no Python step a character)."""
    if len(normalised) < 2:
        return 0
    return int(np.unique(bigram_keys(normalised)[:-1], return_counts=True)[1].max())


def bigram_vector(piece):
    """A piece's bigrams (analysis.bigrams: the last character alone too) with their positions,
    a lexeme a position: PostgreSQL merges a lexeme's positions as it reads the literal (three
    times as fast as grouping them here)."""
    grams = bigrams(piece)
    if "'" in piece or "\\" in piece:
        grams = [_escaped(gram) for gram in grams]
    return " ".join(map("'{}':{}".format, grams, range(1, len(grams) + 1)))


def substring_query(normalised):
    """A tsquery that a bigram vector matches when its text holds `normalised` (two or more
    characters): the phrase of its bigrams."""
    return " <-> ".join(lexeme(gram) for gram in query_bigrams(normalised))


def gram_hashes(grams):
    """Distinct bigrams as signed 32-bit hashes, sorted (two bigrams sharing a hash only add
    stories for strpos to turn away)."""
    hashes = {zlib.crc32(gram.encode("utf-8")) for gram in grams}
    return sorted(h - (1 << 32) if h >= 1 << 31 else h for h in hashes)


def translated(q):
    """{kind: (SQL, its parameters)} of a query — the SQL a condition on a story row ("text": the
    strpos truth; "int"), or for the tsvector tables a set of story ids — and "any": the tsquery
    of its wanted terms, which ranks; None when it holds a one-character or field clause."""
    parsed = parse(q)
    clauses = [c for group in parsed.groups for c in group] + parsed.excluded
    if any(c.field or len(c.text) < 2 for c in clauses):
        return None

    def condition(found, params_of):
        """The query as SQL, `found` the condition that one clause's text is in a story."""
        sql = " AND ".join("(" + " OR ".join(found for _ in group) + ")" for group in parsed.groups)
        sql += "".join(f" AND NOT {found}" for _ in parsed.excluded)
        return sql, [p for c in clauses for p in params_of(c)]

    # A group's stories: those with a piece holding one of its terms. A set operation keeps a
    # story once; a lone group must say so (a story can have several matching pieces).
    alone = len(parsed.groups) == 1 and not parsed.excluded
    stories = f"(SELECT {'DISTINCT ' if alone else ''}story FROM {{table}} WHERE bigrams @@ %s::tsquery)"
    found = " INTERSECT ".join(stories for _ in parsed.groups) + "".join(f" EXCEPT {stories}" for _ in parsed.excluded)
    wanted = [" | ".join(f"({substring_query(c.text)})" for c in group) for group in parsed.groups]
    by_pieces = {kind: (found.format(table=f"fts_{kind}"), wanted + [substring_query(c.text) for c in parsed.excluded])
                 for kind in PIECES}
    return {"text": condition("strpos(text, %s) > 0", lambda c: [c.text]), **by_pieces,
            "int": condition("(grams @> %s::int4[] AND strpos(text, %s) > 0)",
                             lambda c: [gram_hashes(query_bigrams(c.text)), c.text]),
            "any": " | ".join(wanted)}


def load(count):
    """The tables filled with the first `count` corpus stories; (seconds, stories cut into more
    than one piece, rows of pieces)."""
    started, cut, rows, pieces_stored = time.perf_counter(), 0, [], 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS intarray")
        for table in ("fts_text", "fts_story", *(f"fts_{kind}" for kind in INDEXES)):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("CREATE TABLE fts_text (id int PRIMARY KEY, text text)")
        cursor.execute("CREATE TABLE fts_story (id int PRIMARY KEY, source int)")
        for kind in INDEXES:
            cursor.execute(f"CREATE TABLE fts_{kind} ({TABLES[kind]})")
        for number, title, _, source, body, _ in stories(count):
            text = normalise(searchable(title, body))
            vectors = [bigram_vector(piece) for piece in pieces(text)]
            cut += len(vectors) > 1
            pieces_stored += len(vectors)
            rows.append((number, SOURCES.index(source), text, vectors, gram_hashes(bigrams(text))))
            if len(rows) == 1000 or number == count - 1:
                cursor.executemany("INSERT INTO fts_text VALUES (%s, %s)", [(row[0], row[2]) for row in rows])
                cursor.executemany("INSERT INTO fts_story VALUES (%s, %s)", [(row[0], row[1]) for row in rows])
                for kind in PIECES:
                    cursor.executemany(f"INSERT INTO fts_{kind} VALUES (%s, %s::tsvector)",
                                       [(pk, vector) for pk, _, _, vectors, _ in rows for vector in vectors])
                cursor.executemany("INSERT INTO fts_int VALUES (%s, %s, %s::int4[], %s)",
                                   [(pk, source, grams, text) for pk, source, text, _, grams in rows])
                rows = []
    return time.perf_counter() - started, cut, pieces_stored


def index(kind):
    """Build the table's index; (seconds, index MB, MB of the table with its TOAST: story ids
    and the pieces' tsvectors, or ids, a source number, the hashes and the normalised text)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX fts_{kind}_bigrams ON fts_{kind} {INDEXES[kind]}")
        cursor.execute(f"VACUUM ANALYZE fts_{kind}")
        cursor.execute(f"SELECT pg_relation_size('fts_{kind}_bigrams'), pg_table_size('fts_{kind}')")
        index_bytes, table_bytes = cursor.fetchone()
    return time.perf_counter() - started, index_bytes / 2 ** 20, table_bytes / 2 ** 20


def timed(sql, params):
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return (time.perf_counter() - started) * 1000, rows


def measure(kind, queries):
    """{operation: [ms]} over the queries, and {query: count}."""
    times, counts = {"count": [], "top 20": [], "facet": []}, {}
    for q, translations in queries.items():
        sql, params = translations[kind]
        for operation, (query, values) in operations(kind, sql, params, translations["any"]).items():
            for _ in range(RUNS):
                ms, rows = timed(query, values)
                times[operation].append(ms)
            if operation == "count":
                counts[q] = rows[0][0]
    return times, counts


def operations(kind, sql, params, wanted):
    """{operation: (SQL, parameters)} of one query on one table."""
    if kind not in PIECES:
        matching = f"FROM fts_{kind} WHERE {sql}"
        return {"count": (f"SELECT count(*) {matching}", params),
                "facet": (f"SELECT source, count(*) {matching} GROUP BY source", params)}
    table = f"fts_{kind}"
    if kind == "gin":  # ts_rank over every row holding a wanted term
        top = (f"SELECT story FROM {table} WHERE bigrams @@ %s::tsquery AND story IN ({sql}) "
               f"GROUP BY story ORDER BY max(ts_rank(bigrams, %s::tsquery)) DESC LIMIT 20", [wanted, *params, wanted])
    else:  # the rows nearest by RUM's own order, then their stories
        top = (f"SELECT story FROM (SELECT story, bigrams <=> %s::tsquery AS distance FROM {table} "
               f"WHERE bigrams @@ %s::tsquery ORDER BY distance LIMIT {RANKED_ROWS}) best WHERE story IN ({sql}) "
               f"GROUP BY story ORDER BY min(distance) LIMIT 20", [wanted, wanted, *params])
    return {"count": (f"SELECT count(*) FROM ({sql}) found", params),
            "facet": (f"SELECT s.source, count(*) FROM ({sql}) found JOIN fts_story s ON s.id = found.story "
                      "GROUP BY s.source", params),
            "top 20": top}


def brute_counts(queries):
    with connection.cursor() as cursor:
        found = {}
        for q, conditions in queries.items():
            condition, params = conditions["text"]
            cursor.execute(f"SELECT count(*) FROM fts_text WHERE {condition}", params)
            found[q] = cursor.fetchone()[0]
    return found


def spread(ms):
    if not ms:
        return "— (no rank)"
    ordered = sorted(ms)
    return f"{statistics.median(ordered):.1f} / {ordered[int(len(ordered) * 0.95)]:.1f} / {ordered[-1]:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=30000)
    parser.add_argument("--write", action="store_true", help="put the table into bench/RESULTS.md")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run under tests/with-postgres (DATABASE_URL must name a PostgreSQL database)")
    queries = {q: t for q in WORDS + RARE + BOUNDARY + PHRASES if (t := translated(q))}
    load_seconds, cut, rows = load(args.stories)
    truth = brute_counts(queries)
    lines = [f"`bench/postgres_fts.py --stories {args.stories}`: {args.stories:,} corpus stories (bench/corpus.py) as "
             f"bigram tsvectors, loaded in {load_seconds:.0f} s; {cut} of them cut into pieces within tsvector's limits "
             f"(position {MAX_POSITION:,}, {MAX_POSITIONS} positions a bigram; {rows:,} rows of pieces). "
             f"{len(queries)} of bench/queries.py's queries "
             f"(no one-character or field queries), each operation run {RUNS} times; times in ms, p50 / p95 / max.", "",
             "| index | build | index size | table with TOAST | count | top 20 by rank | facet (GROUP BY) | counts as strpos |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind in INDEXES:
        seconds, index_mb, table_mb = index(kind)
        times, counts = measure(kind, queries)
        wrong = [q for q in queries if counts[q] != truth[q]]
        lines.append(f"| {LABELS[kind]} | {seconds:.0f} s | {index_mb:.0f} MB | {table_mb:.0f} MB | {spread(times['count'])}"
                     f" | {spread(times['top 20'])} | {spread(times['facet'])} | "
                     f"{'all ' + str(len(queries)) if not wrong else 'differ: ' + ', '.join(f'{q} {counts[q]} / {truth[q]}' for q in wrong)} |")
        print(lines[-1], flush=True)
    hits = sorted(truth.values())
    lines += ["", f"Matches a query: median {statistics.median(hits):,.0f}, most {hits[-1]:,} ({max(truth, key=truth.get)})."]
    text = "\n".join(lines)
    report("postgres-fts", text, args.write)


if __name__ == "__main__":
    main()
