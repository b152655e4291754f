"""Term trends at scale, measured (a benchmark, not a test).

    .venv/bin/python bench/trends.py [--size 100000] [--passes 5] [--build-only | --work DIR]
    tests/with-postgres tests/with-solr .venv/bin/python bench/trends.py --engine solr [--size ...]

Times /trends/?format=json (search.trends: one engine call for every query and region, then the
JSON) for 6 queries by month, with and without a province split, in-process through Django's
test client (no server: what is measured is the trends' own work). The archive of N stories is
bench/run.py's (bench/work/N, or N-solr): an earlier run's is reused (Whoosh's), else the corpus is built
and ingested as run.py does, and its ingest.json written so that `run.py --reuse` takes it too;
--work DIR measures the archive in DIR (an ARCHIVE_DATA_DIR) as it is.
The goal (issue 46): 6 queries at 100,000 stories by month with a province split within 500 ms.
Prints each case's p50 / p95 / max over the passes after one warm-up (the first request reads
the index's columns), and the warm-up's own time.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import run  # noqa: E402
from results import report  # noqa: E402

QUERIES = ["社区", "公司", "市场", "医院", "学校", "政府"]
CASES = {
    "6 queries by month, province split": {"q": QUERIES, "by": "month", "split": "province"},
    "6 queries by month": {"q": QUERIES, "by": "month"},
    "6 queries by quarter, cities of 广东": {"q": QUERIES, "by": "quarter", "region": "440000", "split": "city"},
    "all stories by year": {"by": "year"},
}
GOAL_MS = 500


def archive(size, engine):
    """The work folder of an archive of `size` stories on `engine`, ingested if no earlier run did."""
    work = run.work_folder(size, engine)
    # A Solr archive's database and collection are the throwaway ones of tests/with-postgres and
    # tests/with-solr: ingested afresh each run.
    if engine == "solr" or not (work / "ingest.json").exists():
        env = run.environment(work, engine)
        report = {"size": size, "engine": engine, "round": 1, "ours": run.ingest(size, run.build_corpus(size), env)}
        (work / "ingest.json").write_text(json.dumps(report, ensure_ascii=False))
    return work


def timed(client, path, params, passes):
    """([ms of each of passes + 1 GETs of path?params&format=json], the last answer's JSON)."""
    timings = []
    for _ in range(passes + 1):
        started = time.perf_counter()
        response = client.get(path, {**params, "format": "json"})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return timings, response.json()


def measure(passes):
    """{case: {first_ms, p50_ms, p95_ms, max_ms, series, periods, stories}} for each of CASES."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    report = {}
    for label, params in CASES.items():
        timings, body = timed(client, "/trends/", params, passes)
        rest = sorted(timings[1:])
        report[label] = {
            "first_ms": round(timings[0]),
            "p50_ms": round(statistics.median(rest)),
            "p95_ms": round(rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]),
            "max_ms": round(rest[-1]),
            "series": len(body["series"]),
            "periods": len(body["periods"]),
            "stories": sum(body["totals"]),
        }
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--engine", choices=("whoosh", "solr"), default="whoosh")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--build-only", action="store_true", help="ingest the archive if needed, measure nothing")
    parser.add_argument("--work", type=Path, help="measure the archive in this ARCHIVE_DATA_DIR as it is")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    work = args.work.resolve() if args.work else archive(args.size, args.engine)
    if args.build_only:
        return
    os.environ.update(run.environment(work, args.engine))
    measured = measure(args.passes)
    lines = [
        f"{args.size:,} stories, {args.engine}, /trends/?format=json in-process, {args.passes} passes after a"
        f" warm-up (goal: {GOAL_MS} ms for 6 queries by month with a province split).",
        "",
        "| case | p50 ms | p95 ms | max ms | first request ms | series × periods | dated stories |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {label} | {f['p50_ms']} | {f['p95_ms']} | {f['max_ms']} | {f['first_ms']} |"
            f" {f['series']} × {f['periods']} | {f['stories']:,} |"
            for label, f in measured.items()
        ),
    ]
    report(f"trends-{args.engine}", "\n".join(lines), args.write, raw=measured)


if __name__ == "__main__":
    main()
