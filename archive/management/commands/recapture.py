"""python manage.py recapture [ID …] [--site HOST] [--older-than DAYS] [--limit N]: go back to
stored stories' addresses and record whether each story is still there, changed or gone
(archive/recapture.py)."""

import sys
from datetime import UTC, datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import changes, recapture
from archive.collect import Collector
from archive.management.commands.capture import add_politeness_arguments


class Command(BaseCommand):
    help = (
        "Fetch stored stories' addresses again (robots.txt obeyed, a delay per host), keep the answers as WARC, "
        "and record what each says: still there, a new version, or gone (404/410/451, a redirect to the front or a "
        "section page, a page saying the story was deleted). Failed fetches are not removals: tried again next time."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="only these stories (default: all)")
        parser.add_argument("--site", metavar="HOST", help="only addresses at this host")
        parser.add_argument(
            "--older-than", type=float, metavar="DAYS", help="only addresses not captured for this many days"
        )
        parser.add_argument("--limit", type=int, metavar="N", help="at most N stories, the longest unchecked first")
        add_politeness_arguments(parser)

    def handle(self, *args, ids, site, older_than, limit, delay, timeout, **options):
        for name, value in (("--older-than", older_than), ("--limit", limit), ("--delay", delay)):
            if value is not None and value < 0:
                raise CommandError(f"{name} must not be negative (got {value})")
        if timeout <= 0:
            raise CommandError(f"--timeout must be positive (got {timeout})")
        todo = recapture.addresses_to_check(ids, site, older_than, limit)
        if not todo:
            self.stdout.write("no stored addresses to check among the stories, site or age asked for")
            return
        before = recapture.statuses({pk for pk, _ in todo})
        folder = settings.DATA_DIR / "warc"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"recapture-{datetime.now(UTC):%Y%m%d%H%M%S%f}.warc.gz"
        checks = []
        with open(path, "wb") as stream, changes.bulk():
            collector = Collector(stream, delay=delay, timeout=timeout)
            for article_id, url in tqdm(todo, unit="address", disable=None, file=sys.stderr, desc="recapture"):
                checked = recapture.check(collector, article_id, url)
                checks.append(checked)
                if checked.detail:
                    stream_out = self.stderr if checked.outcome == recapture.FAILED else self.stdout
                    stream_out.write(f"{checked.outcome.upper()} {url} (story {article_id}): {checked.detail}")
        self.stdout.write(f"wrote {path}")
        self.stdout.write(recapture.summary(checks, before, recapture.statuses(before)))
        settled = changes.settle()
        for line in settled.lines:
            self.stdout.write(line)
        if settled.problem:
            raise CommandError(settled.problem)
