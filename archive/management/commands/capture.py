"""python manage.py capture URL ... | --from FILE: fetch pages politely, keep them as a WARC
under ARCHIVE_DATA_DIR/warc/, and ingest that WARC."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.collect import Collector


def addresses(urls, from_file):
    found = list(urls)
    if from_file:
        try:
            lines = Path(from_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"--from {from_file}: cannot read it ({error})") from error
        found += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not found:
        raise CommandError("give addresses to capture, or --from FILE with one address a line")
    return found


def add_politeness_arguments(parser):
    """--delay and --timeout, as capture and recapture take them."""
    parser.add_argument(
        "--delay",
        type=float,
        default=settings.CAPTURE_DELAY,
        help="seconds between two requests to one host (default %(default)s, CAPTURE_DELAY)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=settings.CAPTURE_TIMEOUT,
        help="seconds to wait for a server (default %(default)s, CAPTURE_TIMEOUT)",
    )


class Command(BaseCommand):
    help = "Fetch pages (robots.txt obeyed, a delay per host), write them as WARC, and ingest them."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument("--from", dest="from_file", metavar="FILE", help="a file of addresses, one a line")
        add_politeness_arguments(parser)

    def handle(self, *args, urls, from_file, delay, timeout, **options):
        todo = addresses(urls, from_file)
        folder = settings.DATA_DIR / "warc"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"capture-{datetime.now(UTC):%Y%m%d%H%M%S%f}.warc.gz"
        problems = []
        with open(path, "wb") as stream:
            collector = Collector(stream, delay=delay, timeout=timeout)
            for url in todo:
                fetched = collector.fetch(url)
                hops = " → ".join(f"{hop} ({status})" for hop, status in fetched.hops)
                if fetched.problem:
                    problems.append(f"{url}: {fetched.problem}")
                self.stdout.write(f"fetched {hops}" if hops else f"not fetched {url}")
        self.stdout.write(f"wrote {path}")
        for problem in problems:
            self.stderr.write(f"NOT CAPTURED {problem}")
        call_command("ingest", str(path), stdout=self.stdout, stderr=self.stderr)
        if problems:
            raise CommandError(f"{len(problems)} of {len(todo)} addresses were not captured")
