"""python manage.py export > articles.jsonl: every article, one JSON object a line."""
import json

from django.core.management.base import BaseCommand

from archive.models import Article
from archive.serialize import article_record


class Command(BaseCommand):
    help = "Write every article as JSON Lines on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--published-only", action="store_true", help="leave out unpublished stories")

    def handle(self, *args, published_only=False, **options):
        articles = Article.objects.select_related("source").prefetch_related("regions__parent__parent").order_by("id")
        if published_only:
            articles = articles.filter(published=True)
        for article in articles.iterator(chunk_size=500):
            self.stdout.write(json.dumps(article_record(article), ensure_ascii=False))
