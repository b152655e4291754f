"""python manage.py ingest PATH [PATH ...]: files or folders of .txt and .html stories."""
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import prepare_files
from archive.ingest.store import store
from search.indexing import deferred, flush_or_explain

SUFFIXES = {".txt", ".html", ".htm", ".shtml"}


def story_files(paths):
    """(files to ingest, [(path, reason)] for arguments that are neither)."""
    files, problems = [], []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((arg, "no such file or folder"))
    return files, problems


class Command(BaseCommand):
    help = "Ingest story files (.txt, .html; any common Chinese encoding) into the archive and the search index."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, paths, **options):
        files, failures = story_files(paths)
        tried = len(files) + len(failures)
        counts = Counter()
        prepared = prepare_files(files, settings.INGEST_PROCESSES)
        progress = tqdm(prepared, total=len(files), unit="file", disable=None, file=sys.stderr, desc="ingest")
        with deferred():
            for path, story, problem in progress:
                if problem:
                    failures.append((str(path), problem))
                    continue
                try:
                    outcome, _ = store(story)
                except Exception as error:  # one broken story must not stop the batch
                    failures.append((str(path), f"{type(error).__name__}: {error}"))
                else:
                    counts[outcome] += 1
        self.stdout.write(
            f"added {counts['added']}, updated {counts['updated']}, unchanged {counts['unchanged']}, "
            f"failed {len(failures)}"
        )
        for path, reason in failures:
            self.stderr.write(f"FAILED {path}: {reason}")
        index_problem = self.update_index()
        if failures or index_problem:
            raise CommandError(index_problem or f"{len(failures)} of {tried} files failed")

    def update_index(self):
        """Write the queued stories to the search index; a reason if that failed (they stay queued)."""
        started = time.monotonic()
        written, problem = flush_or_explain()
        if written:
            self.stdout.write(f"indexed {written} in {time.monotonic() - started:.1f} s")
        return problem
