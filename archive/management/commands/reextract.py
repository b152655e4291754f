"""python manage.py reextract [--dry-run] [ID ...]: extraction again over stored stories.

An archive gains from better extraction rules without re-ingesting: each story is read
again from its body_raw; fields a person edited stay as they are. Prints what changed, field
by field; --dry-run changes nothing.
"""

import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import changes
from archive.ingest.reextract import reextract
from archive.models import Article


class Command(BaseCommand):
    help = "Run metadata extraction again over stored stories (fields nobody edited)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="only these stories (default: all)")
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")

    def handle(self, *args, ids, dry_run, **options):
        stories = Article.objects.order_by("pk")
        if ids:
            stories = stories.filter(pk__in=ids)
        total = stories.count()
        changed_fields, changed_stories, failures = Counter(), 0, []
        with changes.bulk():
            for article in tqdm(
                stories.iterator(chunk_size=200),
                total=total,
                unit="story",
                disable=None,
                file=sys.stderr,
                desc="reextract",
            ):
                try:
                    changed = reextract(article, dry_run=dry_run)
                except Exception as error:  # one story that no longer reads must not stop the rest
                    failures.append((article.pk, article.file_name, f"{type(error).__name__}: {error}"))
                    continue
                changed_stories += bool(changed)
                changed_fields.update(changed)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{total} stories read, {changed_stories} {verb}, {len(failures)} failed")
        for name, count in sorted(changed_fields.items(), key=lambda item: (-item[1], item[0])):
            self.stdout.write(f"  {name}: {count}")
        for pk, file_name, reason in failures:
            self.stderr.write(f"FAILED story {pk} ({file_name}): {reason}")
        problem = None
        if not dry_run:
            settled = changes.settle()
            for line in settled.lines:
                self.stdout.write(line)
            problem = settled.problem
        if failures or problem:
            raise CommandError(problem or f"{len(failures)} of {total} stories failed")
