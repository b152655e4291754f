"""python manage.py cluster [--rebuild]: repost clusters for stories stored before clustering
existed (or, with --rebuild, for every story again), earliest first."""
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from tqdm import tqdm

from archive import clusters, reposts
from archive.models import Article, RepostBand
from search.indexing import deferred, enqueue, flush_or_explain


class Command(BaseCommand):
    help = "Group stored stories into repost clusters (those without one yet; --rebuild: all of them again)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="forget every cluster and build them again")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():  # a person's choices (joined, split) stay as they are
                RepostBand.objects.all().delete()
                free = Article.objects.exclude(pk__in=clusters.chosen_ids())
                enqueue(list(free.exclude(repost_of=None).values_list("pk", flat=True)))
                free.update(repost_of=None, resemblance=None)
        todo = Article.objects.exclude(pk__in=RepostBand.objects.values("article_id")).order_by(
            F("date").asc(nulls_last=True), "id")
        total, joined = todo.count(), 0
        stories = todo.only("id", "title", "body_clean", "date", "edited_fields", "repost_of_id").iterator(chunk_size=500)
        with deferred():  # the index is written once at the end, not after every story's commit
            for article in tqdm(stories, total=total, unit="story", disable=None, file=sys.stderr, desc="cluster"):
                with transaction.atomic():
                    joined += clusters.join(article, reposts.signature(article.searchable_text())) is not None
        self.stdout.write(f"clustered {total} stories; {joined} joined a cluster as reposts")
        written, problem = flush_or_explain()
        if problem:
            raise CommandError(problem)
