"""python manage.py export > articles.jsonl: every article, one JSON object a line.
python manage.py export --warc FILE [NAME=VALUE ...]: the stories of a search (the filters of
/api/search: q=, region=, site=…) as the WARC records they came from."""

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.export import articles_in_chunks, stream
from archive.export_warc import write_warc
from archive.serialize import EXPORT_FIELDS
from search.params import SearchParams
from search.query import QueryError
from search.results import matching_ids


def search_ids(filters):
    """Article ids matching NAME=VALUE filters, or None for no filters (every story)."""
    if not filters:
        return None
    query = QueryDict(mutable=True)
    for item in filters:
        name, equals, value = item.partition("=")
        if not equals:
            raise CommandError(f"{item!r}: a filter is NAME=VALUE, as in /api/search (q=房山 site=news.example.cn)")
        query.appendlist(name, value)
    try:
        return matching_ids(SearchParams.from_request(query))
    except QueryError as error:
        raise CommandError(f"{error.param}: {error}") from error


class Command(BaseCommand):
    help = "Write every article as JSON Lines on stdout, or the stories of a search as WARC records (--warc)."

    def add_arguments(self, parser):
        parser.add_argument("filters", nargs="*", metavar="NAME=VALUE", help="search filters, as in /api/search")
        parser.add_argument("--published-only", action="store_true", help="leave out unpublished stories")
        parser.add_argument("--warc", metavar="FILE", help="write WARC records to FILE (.warc.gz: gzipped)")

    def handle(self, *args, filters=(), published_only=False, warc=None, **options):
        ids = search_ids(filters)
        articles = articles_in_chunks(ids, published_only=published_only or ids is not None)
        if warc:
            with open(warc, "wb") as out:
                written = write_warc(articles, out, gzip=warc.endswith(".gz"))
            self.stderr.write(f"wrote {written} WARC records to {warc}")
            return
        for chunk in stream(articles, EXPORT_FIELDS, "original", "jsonl"):
            self.stdout.write(chunk, ending="")
