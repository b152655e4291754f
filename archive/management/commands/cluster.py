"""python manage.py cluster [--rebuild]: repost clusters for the stories without a repost
fingerprint — stored before clustering existed, or before fingerprints were made the way they
are now (migration 0007) — or, with --rebuild, for every story again; earliest first."""

import itertools
import multiprocessing
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from tqdm import tqdm

from archive import changes, clusters, reposts
from archive.models import Article, RepostBands, RepostFingerprint
from archive.repost_bands import BandIndex

BATCH = 500


class Command(BaseCommand):
    help = (
        "Group stored stories into repost clusters (those without a repost fingerprint; --rebuild: all of them again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="forget every cluster and build them again")

    def handle(self, *args, rebuild=False, **options):
        indexed = clusters.index_values()
        if rebuild:
            with transaction.atomic():  # a person's choices (joined, split) stay as they are
                RepostBands.objects.all().delete()
                RepostFingerprint.objects.all().delete()
                Article.objects.exclude(pk__in=clusters.chosen_ids()).update(repost_of=None, resemblance=None)
        todo = Article.objects.filter(fingerprint__isnull=True).order_by(F("date").asc(nulls_last=True), "id")
        total, joined = todo.count(), 0
        stories = todo.only(
            "id", "title", "body_clean", "date", "edited_fields", "repost_of_id", "resemblance"
        ).iterator(chunk_size=BATCH)
        bands = BandIndex()
        progress = tqdm(total=total, unit="story", disable=None, file=sys.stderr, desc="cluster")
        with changes.bulk(), multiprocessing.get_context("fork").Pool(settings.INGEST_PROCESSES) as pool:
            # The index is written once at the end; fingerprints are made in worker processes; the
            # stories are joined in order (each one's bands are there for the next), a commit a batch.
            while batch := list(itertools.islice(stories, BATCH)):
                fingerprints = pool.map(reposts.fingerprint, [a.searchable_text() for a in batch], chunksize=25)
                bands.refresh()  # the stories other processes have committed meanwhile
                with transaction.atomic():
                    for article, fingerprint in zip(batch, fingerprints):
                        joined += clusters.join(article, fingerprint, bands) is not None
                progress.update(len(batch))
            # The index is rewritten for the stories whose cluster key or role changed.
            now = clusters.index_values()
            changes.stories_changed([pk for pk in indexed.keys() | now.keys() if indexed.get(pk) != now.get(pk)])
        progress.close()
        self.stdout.write(f"clustered {total} stories; {joined} joined a cluster as reposts")
        settled = changes.settle()
        for line in settled.lines:
            self.stdout.write(line)
        if settled.problem:
            raise CommandError(settled.problem)
