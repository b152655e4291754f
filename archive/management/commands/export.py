"""python manage.py export > articles.jsonl: every article, one JSON object a line."""
from django.core.management.base import BaseCommand

from archive.export import articles_in_chunks, stream
from archive.serialize import EXPORT_FIELDS


class Command(BaseCommand):
    help = "Write every article as JSON Lines on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--published-only", action="store_true", help="leave out unpublished stories")

    def handle(self, *args, published_only=False, **options):
        for chunk in stream(articles_in_chunks(published_only=published_only), EXPORT_FIELDS, "original", "jsonl"):
            self.stdout.write(chunk, ending="")
