"""What repost clustering costs ingest: the same files ingested into fresh copies of one archive
with `manage.py ingest --no-cluster` and with clustering, alternating.

    .venv/bin/python bench/corpus.py /tmp/next2k --count 2000 --start 100000
    .venv/bin/python bench/cluster_cost.py bench/work/100000 /tmp/next2k [--rounds 4] [--write]

ARCHIVE: an archive's data directory (bench/work/100000 is the one `bench/run.py --sizes 100000`
leaves), migrated first, then copied afresh before every ingest, so that each starts from the
same archive; FILES: the stories to add. Issue 14's case is the corpus's next 2,000 files: each
a repost of an inews story the archive holds, with another title, date and place sentence. Ingest
runs as bench/run.py runs it (DEBUG off). Wall time, and CPU time (user and system) of the
ingest and every process it starts; and of the wall time, the seconds the index write at the end
took (ingest's "indexed N in S s"), which both ingests do alike.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from results import report

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
MODES = {"off": ["--no-cluster"], "on": []}


def manage(data, *args):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "benchmark"}
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def ingest_copy(archive, files, mode, scratch):
    """(wall seconds, CPU seconds, seconds writing the index, ingest's summary line) of one ingest into a fresh copy."""
    copy = scratch / "archive"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(archive, copy)
    os.sync()
    time.sleep(5)  # the copy's writes settled before the clock starts
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = manage(copy, "ingest", *MODES[mode], str(files))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    indexing = float(re.search(r"^indexed \d+ in ([\d.]+) s$", done.stdout, re.MULTILINE).group(1))
    return wall, cpu, indexing, done.stdout.strip().splitlines()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("files", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--scratch",
        type=Path,
        help="where the copies go (default: beside ARCHIVE); a tmpfs such as "
        "/dev/shm takes the disk's own variation out of the comparison",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="put the table into bench/RESULTS.md, each run's figures into bench/results/cluster-cost.json",
    )
    args = parser.parse_args()
    manage(args.archive, "migrate", "--noinput")
    stories = sum(1 for path in args.files.iterdir() if path.is_file())
    lines = [
        f"{stories:,} files "
        "into fresh copies of the archive, `ingest --no-cluster` and `ingest` alternating (each first in every other "
        "round); wall / CPU seconds (of the wall time, writing the index).",
        "",
        "| round | without clustering | with clustering | cost, wall | cost, CPU |",
        "| --- | --- | --- | --- | --- |",
    ]
    costs, raw = [], []
    with tempfile.TemporaryDirectory(dir=args.scratch or args.archive.parent) as scratch:
        for round_ in range(1, args.rounds + 1):
            order = list(MODES) if round_ % 2 else list(MODES)[::-1]  # the machine's drift within a round cancels out
            runs = {mode: ingest_copy(args.archive, args.files, mode, Path(scratch)) for mode in order}
            raw.append(
                {
                    "round": round_,
                    "first": order[0],
                    **{
                        mode: dict(zip(("wall_s", "cpu_s", "index_s", "summary"), result))
                        for mode, result in runs.items()
                    },
                }
            )
            (off_wall, off_cpu, off_index, _), (on_wall, on_cpu, on_index, summary) = runs["off"], runs["on"]
            costs.append((on_wall / off_wall - 1, on_cpu / off_cpu - 1))
            lines.append(
                f"| {round_} | {off_wall:.1f} / {off_cpu:.1f} s ({off_index:.1f}) | "
                f"{on_wall:.1f} / {on_cpu:.1f} s ({on_index:.1f}) | "
                f"{costs[-1][0]:+.0%} | {costs[-1][1]:+.0%} |"
            )
            print(lines[-1], summary, flush=True)
    lines += [
        "",
        f"Median cost: wall {statistics.median(c[0] for c in costs):+.0%}, "
        f"CPU {statistics.median(c[1] for c in costs):+.0%}.",
    ]
    report("cluster-cost", "\n".join(lines), args.write, {"stories": stories, "rounds": raw})


if __name__ == "__main__":
    main()
