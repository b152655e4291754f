"""Benchmark (not a test): stream /api/export of 20,000 articles and report peak RSS.

    .venv/bin/python bench/export_rss.py [--articles 20000] [--write]

Builds a throwaway archive in a temp dir (SQLite), fills it with articles made from the seed
stories (bulk insert in a child process, so that building does not count), then, in a fresh
process, streams /api/export in both formats through Django's WSGI handler, discarding the
bytes as a client would, and prints the peak RSS of that process; --write puts the table into
bench/RESULTS.md and the report into bench/results/export-rss.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(data_dir):
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(data_dir, count):
    django_setup(data_dir)
    from django.core.management import call_command

    from archive.ingest.pipeline import prepare
    from archive.models import Article, Region

    call_command("migrate", verbosity=0)
    seeds = [prepare(p.name, p.read_bytes()) for p in sorted((ROOT / "seeds").iterdir())]
    regions = list(Region.objects.filter(adcode__in=["110111", "120101", "310116", "370900"]))
    batch = []
    for number in range(count):
        seed = seeds[number % len(seeds)]
        batch.append(
            Article(
                title=f"{seed.meta.title} #{number}",
                body_raw=seed.body_raw,
                body_clean=seed.meta.body,
                script=seed.script,
                date_text=seed.meta.date_text,
                date=seed.meta.date,
                file_name=f"bench_{number}.txt",
                encoding="utf-8",
                sha256=f"{number:064d}",
                text_sha256=f"{number:064x}",
                authors=seed.meta.authors,
                keywords=seed.meta.keywords,
            )
        )
        if len(batch) == 1000:
            created = Article.objects.bulk_create(batch)
            Article.regions.through.objects.bulk_create(
                Article.regions.through(article_id=a.pk, region_id=regions[a.pk % len(regions)].adcode) for a in created
            )
            batch = []


def stream(data_dir):
    django_setup(data_dir)
    import resource

    from django.test import Client

    client = Client()
    measured = {"rss_before_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for fmt in ("jsonl", "json"):
        started, size, records = time.perf_counter(), 0, 0
        response = client.get("/api/export", {"format": fmt})
        for chunk in response.streaming_content:
            size += len(chunk)
            records += chunk.count(b"\n")
        measured[fmt] = {
            "seconds": round(time.perf_counter() - started, 1),
            "megabytes": round(size / 2**20, 1),
            "lines": records,
        }
    measured["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(measured))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--write", action="store_true", help="put the table into bench/RESULTS.md")
    parser.add_argument("--step", choices=["fill", "stream"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "fill":
        return fill(args.data_dir, args.articles)
    if args.step == "stream":
        return stream(args.data_dir)
    with tempfile.TemporaryDirectory() as data_dir:
        me = [sys.executable, __file__, "--data-dir", data_dir, "--articles", str(args.articles)]
        subprocess.run(me + ["--step", "fill"], check=True)
        result = subprocess.run(me + ["--step", "stream"], check=True, capture_output=True, text=True)
        measured = json.loads(result.stdout.strip().splitlines()[-1])
    from results import report  # here, not in the processes measured

    jsonl, array = measured["jsonl"], measured["json"]
    report(
        "export-rss",
        "\n".join(
            [
                "| what | figure |",
                "| --- | --- |",
                f"| articles exported | {args.articles:,} ({jsonl['megabytes']} MB of JSON Lines, {array['megabytes']} MB as a JSON array) |",
                f"| time | {jsonl['seconds']} s (jsonl), {array['seconds']} s (json) |",
                f"| peak RSS of the exporting process | {measured['peak_rss_mb']} MB ({measured['rss_before_mb']:.0f} MB of it is "
                "the process after start-up) |",
            ]
        ),
        args.write,
        {"articles": args.articles, **measured},
    )


if __name__ == "__main__":
    main()
