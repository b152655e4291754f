"""Articles → the index's rows (search/postgres/schema.py), replaced in the caller's transaction.

The values are those the Whoosh index gets (ArticleIndex.full_prepare): the fields' normalised
texts, the words' and the grams' postings of our own analysis (postings.py, grams.py), the
facet values. One write number (search_story.written) marks every story of a write; a story's
texts and postings carry the number of the write that made them (search_story.texts): a write
that finds a story's normalised texts as they were replaces only its search_story row. On the
inews corpus a fifth of an ingest's writes are such stories, written again when their repost
cluster changed (clusters.take_over)."""
import contextlib
import itertools
import multiprocessing
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from archive.text import normalise
from search.postgres import grams, postings, schema

STORY_COLUMNS = ("article_id", "source", "year", "script", "date", "captured", "regions", "sites", "cluster", "repost",
                 "version", "text_length", "title_length", "texts", "written")
INSERT_STORY = f"INSERT INTO search_story ({', '.join(STORY_COLUMNS)}) VALUES ({', '.join(['%s'] * len(STORY_COLUMNS))})"
# Rows INSERT_ROWS at a time as one statement of arrays, not a statement a row (each bound and
# run by psycopg and the server): a write of 2,000 stories inserts some 16,000 posting rows.
INSERT_ROWS = 2000
INSERT_TEXTS = "INSERT INTO search_text (article_id, field, text) SELECT * FROM unnest(%s::bigint[], %s::smallint[], %s::text[])"
INSERT_POSTINGS = ("INSERT INTO search_posting (field, bucket, data) "
                   "SELECT * FROM unnest(%s::smallint[], %s::int[], %s::bytea[])")
TEXT_FIELDS = {schema.TEXT: "chars", schema.TITLE: "title_chars", schema.SOURCE: "source_chars"}
WORD_FIELDS = {schema.TEXT: "text", schema.TITLE: "title"}  # the fields whose words rank
INSERT_EVERY = 500  # stories whose rows are sent at once (a story's rows are kilobytes)
MERGE_EVERY = 256  # buckets merged at once (a text bucket: ~10,000 word or ~28,000 gram postings at 100,000)
TEXTS_NUMBERS = schema.PAIRS.format(stories="SELECT article_id, texts FROM search_story")  # to drop stale postings


@dataclass(frozen=True)
class Indexed:
    """What the index holds of a story's texts: its search_text rows' (field, text)s, the number
    of the write that made them and its postings, its fields' lengths in words."""

    texts: frozenset
    number: int
    lengths: tuple


def write(index, ids, articles):
    """Replace the rows of `ids` with those of `articles` (the ones of them still indexed). A
    large batch (an ingest's) is analysed by SEARCH_WRITER_PROCESSES processes, as Whoosh's is;
    rows are inserted INSERT_EVERY stories at a time, postings postings.PER_ROW at a time. A
    story whose texts are those indexed keeps its text rows and postings."""
    with transaction.atomic(), connection.cursor() as cursor:
        indexed = _indexed(cursor, ids)
        cursor.execute("DELETE FROM search_story WHERE article_id = ANY(%s)", [list(ids)])
        cursor.execute("SELECT nextval('search_story_written')")
        written, = cursor.fetchone()
        documents = _documents(index, articles, indexed)
        parallel = len(ids) >= settings.SEARCH_LARGE_BATCH and settings.SEARCH_WRITER_PROCESSES > 1
        fields = (*WORD_FIELDS, *schema.GRAM_FIELDS.values())
        gathered = {field: postings.Gathered(postings.kind_of(field)) for field in fields}
        boosts = {field: index.fields[name].boost for field, name in WORD_FIELDS.items()}  # the title's, as Whoosh's
        touched, seen = set(), set()
        with contextlib.ExitStack() as stack:
            if parallel:  # the workers only analyse: no database in them
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(settings.SEARCH_WRITER_PROCESSES))
                analysed = pool.imap(rows, documents, chunksize=16)
            else:
                analysed = map(rows, documents)
            while batch := list(itertools.islice(analysed, INSERT_EVERY)):
                seen.update(story[0] for story, _, _, _ in batch)
                _delete_texts(cursor, [story[0] for story, number, _, _ in batch if number is None], indexed)
                cursor.executemany(INSERT_STORY, [(*story, number or written, written) for story, number, _, _ in batch])
                _insert(cursor, INSERT_TEXTS, [row for _, _, texts, _ in batch for row in texts])
                for (pk, *_), _, _, keys in batch:
                    for field, (found, *weights) in keys.items():  # grams have none
                        gathered[field].add(pk, found, *(w * boosts[field] for w in weights), written=written)
                if len(gathered[schema.GRAM_FIELDS[schema.TEXT]]) >= postings.PER_ROW:
                    touched |= _insert_postings(cursor, gathered)
        _delete_texts(cursor, [pk for pk in ids if pk not in seen], indexed)  # no longer indexed
        touched |= _insert_postings(cursor, gathered)
        _merge(cursor, touched)


def _indexed(cursor, ids):
    """{article id: Indexed} of the stories of `ids` in the index."""
    cursor.execute("SELECT article_id, field, text FROM search_text WHERE article_id = ANY(%s)", [list(ids)])
    texts = {}
    for pk, field, text in cursor.fetchall():
        texts.setdefault(pk, set()).add((field, text))
    cursor.execute("SELECT article_id, texts, text_length, title_length FROM search_story WHERE article_id = ANY(%s)",
                   [list(ids)])
    return {pk: Indexed(frozenset(texts.get(pk, ())), number, lengths) for pk, number, *lengths in cursor.fetchall()}


def _documents(index, articles, indexed):
    """(article id, prepared document, Indexed if its texts are those indexed, else None) of each article."""
    for article in articles:
        document = index.full_prepare(article)
        held = indexed.get(article.pk)
        if held and held.texts != {(field, text) for _, field, text in text_rows(article.pk, document)}:
            held = None
        yield article.pk, document, held


def _delete_texts(cursor, pks, indexed):
    """Delete the text rows of these stories (the ones indexed: the others have none)."""
    held = [pk for pk in pks if pk in indexed]
    if held:
        cursor.execute("DELETE FROM search_text WHERE article_id = ANY(%s)", [held])


def rows(document):
    """(the search_story row without its numbers, the number of the write whose texts it keeps
    or None for this write's, the search_text rows to insert, {search_posting field: (keys, the
    kind's values but the write number)}) of one _documents item: a story whose texts are
    indexed keeps them, their postings and lengths, unanalysed."""
    pk, doc, held = document
    if held:
        return _story(pk, doc, held.lengths), held.number, [], {}
    words = {field: postings.word_weights(doc[name]) for field, name in WORD_FIELDS.items()}
    lengths = (words[schema.TEXT][2], words[schema.TITLE][2])
    texts = text_rows(pk, doc)
    keys = {field: found[:2] for field, found in words.items() if found[2]}
    keys.update({schema.GRAM_FIELDS[field]: (grams.keys(text),) for _, field, text in texts})
    return _story(pk, doc, lengths), None, texts, keys


def _story(pk, doc, lengths):
    return (pk, doc.get("source"), doc.get("year"), doc.get("script"), doc["date"], doc["captured"],
            list(doc.get("regions", ())), list(doc.get("sites", ())), doc["cluster"], bool(doc["repost"]),
            doc["version"], *lengths)


def text_rows(pk, doc):
    """A row for each field with text, normalised as search sees it."""
    texts = ((field, normalise(doc[name])) for field, name in TEXT_FIELDS.items())
    return [(pk, field, text) for field, text in texts if text]


def _insert_postings(cursor, gathered):
    """Insert the gathered postings, a row a field and bucket; returns the (field, bucket)s."""
    found = [(field, *row) for field, buffer in gathered.items() for row in buffer.rows()]
    _insert(cursor, INSERT_POSTINGS, found)
    return {(field, bucket) for field, bucket, _ in found}


def _insert(cursor, statement, rows):
    """Run an INSERT ... SELECT FROM unnest(arrays) of these rows, INSERT_ROWS at a time."""
    for start in range(0, len(rows), INSERT_ROWS):
        cursor.execute(statement, [list(column) for column in zip(*rows[start:start + INSERT_ROWS])])


def _merge(cursor, touched):
    """Merge each of these buckets that holds more than postings.MERGE_AT rows into one row of
    its current postings. Rows are locked in id order (FOR UPDATE): a concurrent write merging
    the same bucket waits, then finds the rows gone and merges only its own."""
    crowded = []
    for field in sorted({field for field, _ in touched}):
        cursor.execute("SELECT bucket FROM search_posting WHERE field = %s AND bucket = ANY(%s) GROUP BY bucket "
                       "HAVING count(*) > %s ORDER BY bucket",
                       [field, sorted(bucket for f, bucket in touched if f == field), postings.MERGE_AT])
        crowded += [(field, bucket) for bucket, in cursor.fetchall()]
    if not crowded:
        return
    cursor.execute(TEXTS_NUMBERS)
    ids, numbers = schema.pairs(cursor)
    texts = np.zeros(int(ids.max(initial=0)) + 1, np.int64)
    texts[ids] = numbers
    for start in range(0, len(crowded), MERGE_EVERY):
        _merge_rows(cursor, crowded[start:start + MERGE_EVERY], texts)


def _merge_rows(cursor, buckets, texts):
    """Replace the rows of these (field, bucket)s with one a bucket of their current postings
    (`texts`: every story's texts number by article id)."""
    cursor.execute("SELECT id, field, data FROM search_posting WHERE (field, bucket) IN (SELECT * FROM unnest(%s::smallint[], "
                   "%s::int[])) ORDER BY id FOR UPDATE", [[f for f, _ in buckets], [b for _, b in buckets]])
    found = cursor.fetchall()
    decoded = {}
    for _, field, data in found:
        decoded.setdefault(field, []).append(postings.decode(data, postings.kind_of(field)))
    cursor.execute("DELETE FROM search_posting WHERE id = ANY(%s)", [[pk for pk, _, _ in found]])
    for field, rows_of_field in decoded.items():
        keys, ids, *values, written = (np.concatenate(column) for column in zip(*rows_of_field))
        keep = postings.is_current(ids, written, texts)
        _insert(cursor, INSERT_POSTINGS, [(field, bucket, data) for bucket, data in
                                          postings.cut(keys[keep], ids[keep], *(v[keep] for v in values), written[keep])])


def clear():
    """Empty the index; the write number moves on, as at every write, so that searches see it
    (search/postgres/columns.py: GENERATION)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(schema.TABLES)}")
        cursor.execute("SELECT nextval('search_story_written')")


def versions():
    """{article id: version} of every indexed story."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, version FROM search_story")
        return dict(cursor.fetchall())


def normalisations():
    """The normalisation names that begin the indexed stories' versions."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT split_part(version, ':', 1) FROM search_story")
        return {name for name, in cursor.fetchall()}
