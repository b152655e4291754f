"""Articles → the index's rows (search/postgres/schema.py), replaced in the caller's transaction.

The values are those the Whoosh index gets (ArticleIndex.full_prepare): the fields' normalised
texts (PostgreSQL computes their grams for the index), the words as tsvector literals of our
own analyzer (vectors.py), the facet values."""
import contextlib
import itertools
import multiprocessing

from django.conf import settings
from django.db import connection, transaction

from archive.text import normalise
from search.postgres import schema, vectors

STORY_COLUMNS = ("article_id", "words", "source", "year", "script", "date", "captured", "regions", "sites", "cluster",
                 "repost", "version")
INSERT_STORY = (f"INSERT INTO search_story ({', '.join(STORY_COLUMNS)}) VALUES ("
                + ", ".join("%s::tsvector" if c == "words" else "%s" for c in STORY_COLUMNS) + ")")
INSERT_TEXT = "INSERT INTO search_text (article_id, field, text) VALUES (%s, %s, %s)"
TEXT_FIELDS = {schema.TEXT: "chars", schema.TITLE: "title_chars", schema.SOURCE: "source_chars"}
INSERT_EVERY = 500  # stories whose rows are sent at once (a story's rows are kilobytes)


def write(index, ids, articles):
    """Replace the rows of `ids` with those of `articles` (the ones of them still indexed). A
    large batch (an ingest's) is analysed by SEARCH_WRITER_PROCESSES processes, as Whoosh's is;
    rows are inserted INSERT_EVERY stories at a time."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in schema.TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE article_id = ANY(%s)", [list(ids)])
        documents = ((article.pk, index.full_prepare(article)) for article in articles)
        parallel = len(ids) >= settings.SEARCH_LARGE_BATCH and settings.SEARCH_WRITER_PROCESSES > 1
        with contextlib.ExitStack() as stack:
            if parallel:  # the workers only analyse: no database in them
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(settings.SEARCH_WRITER_PROCESSES))
                analysed = pool.imap(rows, documents, chunksize=16)
            else:
                analysed = map(rows, documents)
            while batch := list(itertools.islice(analysed, INSERT_EVERY)):
                cursor.executemany(INSERT_STORY, [story for story, _ in batch])
                cursor.executemany(INSERT_TEXT, [row for _, texts in batch for row in texts])


def rows(document):
    """(the search_story row, the search_text rows) of one (article id, prepared document)."""
    pk, doc = document
    return story_row(pk, doc), text_rows(pk, doc)


def story_row(pk, doc):
    """(ArticleIndex.full_prepare leaves out the fields without a value.)"""
    return (pk, vectors.word_vector(doc["text"], doc["title"]), doc.get("source"), doc.get("year"), doc.get("script"),
            doc["date"], doc["captured"], list(doc.get("regions", ())), list(doc.get("sites", ())), doc["cluster"],
            bool(doc["repost"]), doc["version"])


def text_rows(pk, doc):
    """A row for each field with text, normalised as search sees it."""
    texts = ((field, normalise(doc[name])) for field, name in TEXT_FIELDS.items())
    return [(pk, field, text) for field, text in texts if text]


def clear():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(schema.TABLES)}")


def versions():
    """{article id: version} of every indexed story."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, version FROM search_story")
        return dict(cursor.fetchall())
