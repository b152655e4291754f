"""python manage.py ingest PATH [PATH ...]: files or folders of .txt and .html stories, and
WARC files (.warc, .warc.gz) of captured pages."""

import itertools
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from archive import changes
from archive.ingest.batch import store_batch
from archive.ingest.pipeline import plain_file, prepare_all
from archive.ingest.statistics import GrowingArchive
from archive.ingest.store import ADDED
from archive.ingest.warc import WARC_SUFFIXES, Skip, is_warc, read_warc
from archive.models import Article, RepostFingerprint
from archive.repost_bands import BandIndex
from archive.text import normalisation

SUFFIXES = (".txt", ".html", ".htm", ".shtml") + WARC_SUFFIXES
OUTCOMES = ("added", "updated", "recaptured", "unchanged")
COMMIT_EVERY = 100  # stories stored in one database commit (archive/ingest/batch.py)


def story_files(paths):
    """(files to ingest, [(path, reason)] for arguments that are neither)."""
    files, problems = [], []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append((arg, "no such file or folder"))
    return files, problems


def work_items(files, skips):
    """prepare_one's items: each plain file, and each page of each WARC file; every other
    WARC record goes to skips."""
    for path in files:
        if not is_warc(path):
            yield plain_file(path)
            continue
        try:
            for found in read_warc(path):
                if isinstance(found, Skip):
                    skips.append(found)
                else:
                    yield found
        except OSError as error:
            skips.append(Skip("corrupt", path.name, f"cannot read the file: {error.strerror or error}"))


class Command(BaseCommand):
    help = (
        "Ingest story files (.txt, .html; any common Chinese encoding) and WARC captures (.warc, .warc.gz) "
        "into the archive and the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--no-cluster",
            action="store_true",
            help="store the new stories outside repost clusters, for `manage.py cluster` to group later "
            "(for a bulk load: what clustering costs an ingest is in bench/RESULTS.md)",
        )

    def handle(self, *args, paths, no_cluster=False, **options):
        files, failures = story_files(paths)
        skips = []
        counts = Counter()
        bands = None if no_cluster else BandIndex()
        growing = GrowingArchive()
        prepared = prepare_all(
            work_items(files, skips), settings.INGEST_PROCESSES, fingerprint=not no_cluster, bands=bands
        )
        total = None if any(is_warc(path) for path in files) else len(files)
        progress = iter(tqdm(prepared, total=total, unit="page", disable=None, file=sys.stderr, desc="ingest"))
        with changes.bulk():
            for batch in iter(lambda: list(itertools.islice(progress, COMMIT_EVERY)), []):
                if bands is not None:
                    bands.refresh()  # the stories other processes have committed meanwhile
                failures += [(str(origin), problem) for origin, _, problem in batch if problem]
                stories = [(story, origin) for origin, story, problem in batch if not problem]
                with transaction.atomic():  # one commit per batch (a failing story loses only itself)
                    results = store_batch(stories, bands)
                for (_, origin), result in zip(stories, results):
                    if isinstance(result, Exception):
                        failures.append((str(origin), f"{type(result).__name__}: {result}"))
                    else:
                        counts[result[0]] += 1
                growing.grew_by(counts[ADDED])
        failures += [(skip.where, skip.reason) for skip in skips if skip.kind == "corrupt"]
        self.report(counts, failures, skips)
        self.remind_to_cluster()
        settled = changes.settle()  # the search index, written while storing and now
        for line in settled.lines:
            self.stdout.write(line)
        if failures or settled.problem:
            tried = sum(counts.values()) + len(failures)
            raise CommandError(settled.problem or f"{len(failures)} of {tried} files or records failed")

    def report(self, counts, failures, skips):
        line = ", ".join(f"{name} {counts[name]}" for name in OUTCOMES) + f", failed {len(failures)}"
        kinds = Counter(skip.kind for skip in skips if skip.kind != "corrupt")
        if kinds:
            line += (
                f"; skipped {sum(kinds.values())} WARC records ("
                + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
                + ")"
            )
        self.stdout.write(line)
        for skip in skips:
            if skip.named and skip.kind != "corrupt":
                self.stdout.write(f"SKIPPED {skip.where}: {skip.reason}")
        for where, reason in failures:
            self.stderr.write(f"FAILED {where}: {reason}")

    def remind_to_cluster(self):
        """Stories without a repost fingerprint (stored before clustering, or before migration
        0007), or with one made under another text normalisation, are not found as originals by the
        stories ingested now: say how to give them one."""
        missing = Article.objects.filter(fingerprint__isnull=True).count()
        if missing:
            self.stdout.write(
                f"{missing} stored stories have no repost fingerprint yet, so new reposts of them are not "
                "grouped: run `manage.py cluster` once"
            )
        older = RepostFingerprint.objects.exclude(normalisation=normalisation()).count()
        if older:
            self.stdout.write(
                f"{older} stored stories' repost fingerprints were made under another text normalisation, "
                "so reposts of them may not be grouped: run `manage.py cluster --rebuild` once"
            )
