"""How the archive's records sit in PostgreSQL (make test's PostgreSQL run): texts compressed
with lz4, lists sent in binary, and the planner's statistics kept up with an ingest that grows
the archive."""

import importlib

import pytest
from django.db import connection
from psycopg.adapt import PyFormat
from psycopg.types.array import ListBinaryDumper

from archive.ingest.statistics import GrowingArchive
from archive.models import Article

pytestmark = pytest.mark.postgres

LZ4_COLUMNS = importlib.import_module("archive.migrations.0010_lz4_texts").COLUMNS


def add_articles(start, stop):
    Article.objects.bulk_create(
        Article(file_name=f"{n}.txt", text_sha256=f"{n:064x}", sha256=f"{n:064x}") for n in range(start, stop)
    )


def estimated_articles():
    """What the planner believes archive_article holds (-1: never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass")
        return cursor.fetchone()[0]


def test_story_texts_and_captured_bytes_are_compressed_with_lz4(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
            "WHERE (attrelid::regclass::text, attname) IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
            [[table for table, _ in LZ4_COLUMNS], [column for _, column in LZ4_COLUMNS]],
        )
        found = {(table, column): method for table, column, method in cursor.fetchall()}
    assert found == {column: "l" for column in LZ4_COLUMNS}


def test_lists_go_in_binary_and_bulk_inserted_texts_come_back_exactly_as_given(db):
    texts = ['引号"与\\反斜杠', "{花括号,逗号}", "NULL", "", "第一行\n第二行\t", "鄉鎮 " * 2000]
    Article.objects.bulk_create(
        Article(
            file_name=f"{n}.txt",
            text_sha256=f"{n:064x}",
            sha256=f"{n:064x}",
            title=text[:500],
            body_raw=text,
            body_clean=text,
        )
        for n, text in enumerate(texts)
    )
    connection.ensure_connection()
    assert connection.connection.adapters.get_dumper(list, PyFormat.AUTO) is ListBinaryDumper
    stored = Article.objects.order_by("file_name")
    assert [article.body_raw for article in stored] == texts
    assert [article.body_clean for article in stored] == texts
    with connection.cursor() as cursor:  # a list of strings is text[]: it compares with a varchar column
        cursor.execute("SELECT count(*) FROM archive_article WHERE file_name = ANY(%s)", [["0.txt", "5.txt", "9.txt"]])
        assert cursor.fetchone()[0] == 2


def test_an_ingest_analyses_the_archive_each_time_its_stories_have_doubled(db):
    """Prepared statements keep plans made on a young archive's statistics until ANALYZE."""
    growing = GrowingArchive(first_at=5)
    before = estimated_articles()
    add_articles(0, 4)
    growing.grew_by(4)
    assert estimated_articles() == before != 4  # below the first doubling: not analysed
    add_articles(4, 5)
    growing.grew_by(5)
    assert estimated_articles() == 5
    add_articles(5, 9)
    growing.grew_by(9)
    assert estimated_articles() == 5  # next at 10
    add_articles(9, 10)
    growing.grew_by(10)
    assert estimated_articles() == 10


def test_an_ingest_into_a_large_archive_waits_for_it_to_double(db):
    add_articles(0, 6)
    growing = GrowingArchive(first_at=2)
    add_articles(6, 11)
    growing.grew_by(5)
    assert estimated_articles() != 11
    add_articles(11, 12)
    growing.grew_by(6)
    assert estimated_articles() == 12
