"""bench/RESULTS.md, where each benchmark's latest figures and the command that measures them
again live, and bench/results/, where its raw report lives. Each benchmark owns a section
between <!-- NAME:start --> and <!-- NAME:end --> and rewrites only that, and owns
bench/results/NAME.json, which it replaces: earlier runs are in git's history, not here."""

import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
RAW = HERE / "results"
# What tests/with-solr reads from the environment, shown in the command when set.
SOLR_SETTINGS = ("SOLR_SHARDS", "SOLR_REPLICAS", "SOLR_HEAP")


def commit():
    """The checkout's commit, and how many tracked files other than the benchmarks' own output differ from it."""

    def git(*args):
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True
            ).stdout
        except OSError:  # no git
            return ""

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line[3:].startswith(("bench/RESULTS.md", "bench/results/"))
    ]
    return f"{head} with uncommitted changes to {len(changed)} files" if changed else head


# Read when a benchmark imports this module, at its start (export_rss.py: after its measurement, which runs
# without it): the code measured, even if a commit is made while the benchmark runs.
STARTED = datetime.date.today().isoformat(), commit()


def machine():
    """Cores, system, Python, and with Solr the Java that tests/with-solr runs it on (the one on PATH)."""
    try:
        system = platform.freedesktop_os_release()["PRETTY_NAME"]
    except OSError:
        system = platform.system()
    java = ""
    if "SOLR_URL" in os.environ:
        try:  # 'openjdk version "17.0.15" 2025-04-15'
            first = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0].split()
            java = f", {first[0].replace('openjdk', 'OpenJDK')} {first[2].strip(chr(34))}"
        except (OSError, IndexError):
            pass
    return f"{os.cpu_count()} cores ({platform.machine()}), {system}, Python {platform.python_version()}{java}"


def command():
    """The command line that ran this process, from the repository's root: tests/with-postgres and
    tests/with-solr when their exports are there (a database in the temp dir with-postgres makes,
    the control URL only with-solr sets), and the with-solr settings given."""
    wrappers = ["tests/with-postgres"] if "archive-postgres." in os.environ.get("DATABASE_URL", "") else []
    if "SOLR_CONTROL_URL" in os.environ:
        wrappers.append("tests/with-solr")
    settings = [f"{name}={os.environ[name]}" for name in SOLR_SETTINGS if wrappers and name in os.environ]

    def relative(path):
        path = Path(path).absolute()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    return shlex.join([*settings, *wrappers, relative(sys.executable), relative(sys.argv[0]), *sys.argv[1:]])


def header(name, raw):
    """The first lines of a section: when, at which commit, on what, the raw report's file, the command."""
    date, code = STARTED
    file = f"; raw report [results/{name}.json](results/{name}.json)" if raw else ""
    return f"Measured {date} at commit {code} on {machine()}{file}. Measure again with:\n\n    {command()}\n"


def write_section(name, text, raw=None):
    """Put text, under header(), between the section's markers in RESULTS.md (at the end if
    there are none yet), and raw (any JSON value) into bench/results/NAME.json with what header()
    says. With raw None, NAME.json is left as it is."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n{header(name, raw is not None)}\n{text}\n{end}"
    if start in current and end in current:
        current = current[: current.index(start)] + block + current[current.index(end) + len(end) :]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")
    if raw is not None:
        RAW.mkdir(exist_ok=True)
        measured = {"date": STARTED[0], "commit": STARTED[1], "machine": machine(), "command": command()}
        (RAW / f"{name}.json").write_text(
            json.dumps({"measured": measured, "report": raw}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


def report(name, text, write, raw=None):
    """Print a benchmark's text and, with --write, put it into its section and raw into its JSON."""
    print(text)
    if write:
        write_section(name, text, raw)
