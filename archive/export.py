"""Export of many articles as a stream: JSON Lines, one JSON array or CSV, in constant memory.

Articles are read in chunks by id (never all at once), each chunk's records serialised and
yielded before the next is read.
"""

import json

from archive.export_csv import CONTENT_TYPE as CSV_CONTENT_TYPE
from archive.export_csv import csv_rows
from archive.models import Article
from archive.serialize import article_record

CHUNK = 200
FORMATS = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": CSV_CONTENT_TYPE,
}
SCRIPTS = ("original", "simplified", "traditional")


def articles_in_chunks(ids=None, published_only=True):
    """Articles in id order, CHUNK at a time, by id list or all of them."""
    base = (
        Article.objects.select_related("source")
        .prefetch_related("regions__parent__parent")
        .with_provenance()
        .order_by("pk")
    )
    if published_only:
        base = base.filter(published=True)
    if ids is not None:
        for start in range(0, len(ids), CHUNK):
            yield from base.filter(pk__in=ids[start : start + CHUNK])
        return
    last = 0
    while True:
        chunk = list(base.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


def records(articles, fields, script):
    for article in articles:
        yield json.dumps(article_record(article, fields, script), ensure_ascii=False)


def stream(articles, fields, script, fmt):
    """Text chunks of the export in `fmt` ('jsonl', 'json' or 'csv')."""
    if fmt == "csv":
        yield from csv_rows(articles, fields, script)
        return
    if fmt == "jsonl":
        for line in records(articles, fields, script):
            yield line + "\n"
        return
    yield "["
    for index, line in enumerate(records(articles, fields, script)):
        yield ("," if index else "") + "\n" + line
    yield "\n]\n"
