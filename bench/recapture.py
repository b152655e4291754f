"""Recapture of STORIES stories against a local site with planted changes (a benchmark, not a test).

    .venv/bin/python bench/recapture.py [--stories 1000] [--delay 0.05] [--write]

bench/corpus.py's inews stories are served as pages of tests/changing_site.py on loopback and
captured once (`manage.py capture`, into a fresh SQLite archive with a Whoosh index). Then the
site changes: a tenth of the stories are edited, a fifth are taken down (404, 410, 451, a
redirect to the front page or a section, a removal notice in either script, in equal shares),
and 6 % fail (500, 503, a timeout). `manage.py recapture --delay DELAY` runs over every story;
then half of the removed ones come back and the failed ones answer again, and a second
recapture (--delay 0: our own cost an address) runs. Checks that every planted removal,
alteration and restoration is found, and no failure is taken for a removal; reports the time
of each round against STORIES × DELAY, the bound a polite recapture of one host cannot beat.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from results import report  # noqa: E402
from run import build_corpus  # noqa: E402

TIMEOUT = 1.0  # the recapture's --timeout: a planted timeout costs this much


def plan(paths, seed=45):
    """{path: what happens to it}: altered, one kind of removal, one kind of failure, or nothing."""
    rng = random.Random(seed)
    shuffled = paths[:]
    rng.shuffle(shuffled)
    n = len(paths)
    removals = ["404", "410", "451", "front", "section", "notice", "notice-traditional"]
    failures = ["500", "503", "timeout"]
    planned, at = {}, 0
    for kind, count in (
        [("altered", n // 10)]
        + [(k, n // 5 // len(removals)) for k in removals]
        + [(k, max(1, n * 6 // 100 // len(failures))) for k in failures]
    ):
        for path in shuffled[at : at + count]:
            planned[path] = kind
        at += count
    return planned


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.05, help="CAPTURE_DELAY of the first recapture")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    corpus = sorted(build_corpus(args.stories).glob("*.txt"))
    with tempfile.TemporaryDirectory() as data:
        os.environ.update(ARCHIVE_DATA_DIR=data, DJANGO_SETTINGS_MODULE="archive.settings")
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("SEARCH_ENGINE", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        measured = run(corpus, args.delay)
    rows = measured["rounds"]
    text = "\n".join(
        [
            f"{args.stories} stories on one loopback host (inews texts as pages), a fresh SQLite archive, Whoosh.",
            "",
            "| round | --delay s | addresses | seconds | bound: addresses × delay | timeouts waited (1 s) |"
            " ms an address beyond both |",
            "|---|---|---|---|---|---|---|",
            *(
                f"| {r['name']} | {r['delay']} | {r['addresses']} | {r['seconds']} | {r['bound']} |"
                f" {r['timeouts_waited']} | {r['own_ms']} |"
                for r in rows
            ),
            "",
            "| planted | count | found |",
            "|---|---|---|",
            *(f"| {kind} | {c['planted']} | {c['found']} |" for kind, c in measured["checks"].items()),
            "",
            f"False removals: {measured['false_removals']}. Summaries: "
            + " / ".join(f"`{r['summary']}`" for r in rows),
        ]
    )
    report("recapture", text, args.write, raw=measured)


def run(corpus, delay):
    from archive.models import Article, Capture
    from tests.changing_site import NOTICES, Answer, changing_site
    from tests.conftest import run_command
    from tests.warcs import page

    with changing_site() as site:
        paths = [f"/news/2024/05/{1000000 + i}.html" for i in range(len(corpus))]
        original = {}
        for path, file in zip(paths, corpus, strict=True):
            original[path] = Answer(200, file.read_bytes(), content_type="text/plain")
            site.answers[path] = original[path]
        captured = run_command("capture", "--delay", "0", "--timeout", "5", *map(site.url, paths))
        assert not captured.failed, captured.err[-2000:]
        story = {c.original_url: c.article_id for c in Capture.objects.only("original_url", "article_id")}
        planned = plan(paths)
        answers = {
            "404": Answer(404, page("404", "Not Found")),
            "410": Answer(410, b"Gone"),
            "451": Answer(451, b"Unavailable For Legal Reasons"),
            "front": Answer(302, location="/"),
            "section": Answer(301, location="/news/"),
            "notice": Answer(200, NOTICES["simplified"]),
            "notice-traditional": Answer(200, NOTICES["traditional"]),
            "500": Answer(500, b"Internal Server Error"),
            "503": Answer(503, b"Service Unavailable"),
            "timeout": Answer(200, b"", stall=TIMEOUT + 1),
        }
        for path, kind in planned.items():
            if kind == "altered":
                text = original[path].body.decode("utf-8", "replace")
                cut = len(text) // 2
                site.answers[path] = Answer(200, (text[:cut] + "（本报记者补充报道）" + text[cut:]).encode("utf-8"))
            else:
                site.answers[path] = answers[kind]
        first = timed_recapture(delay, len(paths), waits=sum(k == "timeout" for k in planned.values()))
        removed_kinds = {k for k in planned.values() if k not in ("altered", "500", "503", "timeout")}
        removed = {story[site.url(p)] for p, k in planned.items() if k in removed_kinds}
        altered = {story[site.url(p)] for p, k in planned.items() if k == "altered"}
        status = dict(Article.objects.values_list("pk", "status"))
        checks = {
            "removed": {"planted": len(removed), "found": sum(status[pk] == "removed" for pk in removed)},
            "altered": {"planted": len(altered), "found": sum(status[pk] == "altered" for pk in altered)},
            "failed (no removal)": {
                "planted": sum(k in ("500", "503", "timeout") for k in planned.values()),
                "found": first["failed"],
            },
        }
        false_removals = sum(status[pk] == "removed" for pk in status if pk not in removed)
        back = sorted(p for p, k in planned.items() if k in removed_kinds)[::2]
        for path in back + [p for p, k in planned.items() if k in ("500", "503", "timeout")]:
            site.answers[path] = original[path]
        second = timed_recapture(0, len(paths), waits=0)
        status = dict(Article.objects.values_list("pk", "status"))
        checks["restored"] = {
            "planted": len(back),
            "found": sum(status[story[site.url(p)]] == "restored" for p in back),
        }
        false_removals += sum(status[pk] == "removed" for pk in status if pk not in removed)
    return {"rounds": [first, second], "checks": checks, "false_removals": false_removals}


def timed_recapture(delay, addresses, waits):
    """Run recapture over every address; own_ms: the time an address took beyond the delay and
    the planted timeouts' waits (`waits` of TIMEOUT seconds)."""
    from tests.conftest import run_command

    started = time.perf_counter()
    result = run_command("recapture", "--delay", str(delay), "--timeout", str(TIMEOUT))
    seconds = time.perf_counter() - started
    summary = next(line for line in result.out.splitlines() if line.startswith("checked "))
    failed = int(summary.split("failed ")[1].split(";")[0].split(",")[0])
    bound = addresses * delay
    return {
        "name": "changes planted" if delay else "half come back",
        "delay": delay,
        "addresses": addresses,
        "seconds": round(seconds, 1),
        "bound": round(bound, 1),
        "timeouts_waited": waits,
        "own_ms": round(max(seconds - bound - waits * TIMEOUT, 0) * 1000 / addresses, 1),
        "failed": failed,
        "summary": summary,
    }


if __name__ == "__main__":
    main()
