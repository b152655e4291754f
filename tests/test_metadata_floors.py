"""Extraction on the check half of the labelled development set (tests/data/real/, scored by
bench/metadata.py) stays at or above two points under what it scored when the floors were set
(bench/RESULTS.md): a change that loses generality fails here. The check half's misses are not
named (its README: nobody writes a rule from them); the tuning half is where to look."""

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from metadata import DATA, rates, score  # noqa: E402

# The check half's scores, less two points.
FLOORS = {
    "texts": {"title": 0.91, "date": 0.98, "source": 0.72, "regions": 0.72, "body": 0.80},
    "pages": {"title": 0.90, "date": 0.94, "source": 0.66, "regions": 0.78, "body": 0.86},
}


@pytest.fixture(scope="module")
def outcomes():
    return score()


@pytest.mark.parametrize("kind,field", [(kind, field) for kind, floors in FLOORS.items() for field in floors])
def test_check_half_field_stays_above_its_floor(outcomes, kind, field):
    measured, files = rates(outcomes, kind, "check")
    assert measured[field] >= FLOORS[kind][field], f"{kind} {field}: {measured[field]:.0%} of {files} files"


def test_development_set_has_the_files_the_issue_asks_for(outcomes):
    texts = [o for o in outcomes if o.kind == "texts"]
    pages = [o for o in outcomes if o.kind == "pages"]
    hosts = {o.file.split("/")[1].removesuffix(".html").rsplit("-", 1)[0] for o in pages}
    with open(DATA / "labels.tsv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    text_sources = {row["source"].split("|")[0] for row in rows if row["file"].startswith("texts/") and row["source"]}
    assert len(texts) >= 200 and len(pages) >= 100 and len(hosts) >= 50 and len(text_sources) >= 80
    for kind in ("texts", "pages"):
        halves = [o.half for o in outcomes if o.kind == kind]
        assert abs(halves.count("tuning") - halves.count("check")) <= 1, kind
