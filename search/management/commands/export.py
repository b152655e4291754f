"""python manage.py export > articles.jsonl: every article, one JSON object a line.
python manage.py export --csv [--fields id,title,date] [NAME=VALUE ...] > stories.csv: the
published stories (of a search) as CSV for a spreadsheet, as /api/export?format=csv.
python manage.py export --warc FILE [NAME=VALUE ...]: the stories of a search (the filters of
/api/search: q=, region=, site=…) as the WARC records they came from."""

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive.export import articles_in_chunks, stream
from archive.export_warc import write_warc
from search.export import chosen_fields
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
    help = (
        "Write every article as JSON Lines (or published ones as CSV: --csv), or a search's stories as WARC (--warc)."
    )

    def add_arguments(self, parser):
        parser.add_argument("filters", nargs="*", metavar="NAME=VALUE", help="search filters, as in /api/search")
        parser.add_argument("--published-only", action="store_true", help="leave out unpublished stories")
        parser.add_argument("--warc", metavar="FILE", help="write WARC records to FILE (.warc.gz: gzipped)")
        parser.add_argument("--csv", action="store_true", help="CSV for spreadsheets (UTF-8 with a byte-order mark)")
        parser.add_argument("--fields", default="", help="comma-separated fields, as fields= of /api/export")

    def handle(self, *args, filters=(), published_only=False, warc=None, csv=False, fields="", **options):
        try:
            chosen = chosen_fields(fields)
        except ValueError as error:
            raise CommandError(f"--fields: {error}") from error
        ids = search_ids(filters)
        # A CSV is for reading, like /api/export: unpublished stories stay out of it.
        articles = articles_in_chunks(ids, published_only=published_only or csv or ids is not None)
        if warc:
            with open(warc, "wb") as out:
                written = write_warc(articles, out, gzip=warc.endswith(".gz"))
            self.stderr.write(f"wrote {written} WARC records to {warc}")
            return
        for chunk in stream(articles, chosen, "original", "csv" if csv else "jsonl"):
            self.stdout.write(chunk, ending="")
