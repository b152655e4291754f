"""What changed between two versions of a story: a line-by-line diff of their clean text."""

import difflib

SAME, ADDED, REMOVED = "same", "added", "removed"


def line_diff(old, new):
    """[(SAME | ADDED | REMOVED, line)] turning old's lines into new's, blank lines left out."""
    before = [line.strip() for line in old.split("\n") if line.strip()]
    after = [line.strip() for line in new.split("\n") if line.strip()]
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [(SAME, line) for line in before[i1:i2]]
            continue
        rows += [(REMOVED, line) for line in before[i1:i2]]
        rows += [(ADDED, line) for line in after[j1:j2]]
    return rows
