"""The concordance at scale, measured (a benchmark, not a test).

    .venv/bin/python bench/concordance.py [--size 100000] [--passes 5] [--full-count]

Times /concordance/?format=json (search.concordance) in-process through Django's test client, on
the archive of N stories bench/run.py builds (bench/work/N: an earlier run's is reused, else it is
ingested as bench/trends.py does). The goal (issue 46): the first page for 的 at 100,000 stories
within 1 s. Prints each case's first request (a fresh process: the index's columns are read then)
and p50 / max over the passes after it, with the count it gave and how many stories it counted.
--full-count also counts every 的 the slow way, reading and normalising every story, and
says whether the count the concordance takes from the index is the same.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from results import report  # noqa: E402
from run import environment  # noqa: E402
from trends import archive  # noqa: E402

CASES = {
    "的, date order, page 1": {"q": "的"},
    "的, date order, page 100": {"q": "的", "page": 100},
    "的, left context, page 1": {"q": "的", "sort": "left"},
    "的 in 2018, date order": {"q": "的", "year": "2018"},
    "垃圾分类 (rare), date order": {"q": "垃圾分类"},
    "社区 干部, right context": {"q": "社区 干部", "sort": "right"},
}
GOAL_MS = 1000


def measure(passes):
    import django

    django.setup()
    from django.test import Client

    client = Client()
    report = {}
    for label, params in CASES.items():
        timings = []
        for _ in range(passes + 1):
            started = time.perf_counter()
            response = client.get("/concordance/", {**params, "format": "json"})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
        body = response.json()
        report[label] = {
            "first_ms": round(timings[0]),
            "p50_ms": round(statistics.median(timings[1:])),
            "max_ms": round(max(timings[1:])),
            "count": body["count"],
            "complete": body["count_complete"],
            "stories": body["stories"],
            "counted_stories": body["counted_stories"],
            "lines": len(body["lines"]),
            "sorted_lines": body["sorted_lines"],
        }
    return report


def brute_force(term):
    """(occurrences, stories, seconds) of `term` counted the slow way: every published story's
    title and clean body read and normalised, str.count on each."""
    from archive.models import Article
    from archive.text import normalise

    started = time.perf_counter()
    occurrences = stories = 0
    texts = Article.objects.filter(published=True).values_list("title", "body_clean")
    for title, body in texts.iterator(chunk_size=2000):
        found = normalise(title).count(term) + normalise(body).count(term)
        occurrences += found
        stories += found > 0
    return occurrences, stories, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--full-count", action="store_true", help="also count every 的 by reading every story")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    work = HERE / "work" / str(args.size)
    if not (work / "whoosh_index").exists():  # an archive without ingest.json is taken as it is, not built again
        work = archive(args.size, "whoosh")
    os.environ.update(environment(work, "whoosh"))
    measured = measure(args.passes)
    lines = [
        f"{args.size:,} stories, Whoosh, /concordance/?format=json in-process, {args.passes} passes after the"
        f" first request (goal: the first page for 的 within {GOAL_MS} ms).",
        "",
        "| case | first request ms | p50 ms | max ms | occurrences | matching stories | lines shown |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, f in measured.items():
        counted = "" if f["complete"] else f" (at least: {f['counted_stories']:,} stories counted)"
        sorted_lines = f", sorted among {f['sorted_lines']:,}" if f["sorted_lines"] is not None else ""
        lines.append(
            f"| {label} | {f['first_ms']} | {f['p50_ms']} | {f['max_ms']} | {f['count']:,}{counted} |"
            f" {f['stories']:,} | {f['lines']}{sorted_lines} |"
        )
    if args.full_count:
        count, stories, seconds = brute_force("的")
        same = count == measured["的, date order, page 1"]["count"]
        measured["brute force 的"] = {"count": count, "stories": stories, "seconds": round(seconds, 1), "same": same}
        lines += [
            "",
            f"Every 的 counted by reading and normalising every story: {count:,} in {stories:,} stories"
            f" ({seconds:.0f} s); the concordance's count from the index is {'the same' if same else 'DIFFERENT'}.",
        ]
    report("concordance", "\n".join(lines), args.write, raw=measured)


if __name__ == "__main__":
    main()
