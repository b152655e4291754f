"""What changed between two versions of a story: a diff of their clean text, line by line, and
inside each changed line character by character (archive/intraline.py)."""

import difflib
from itertools import groupby

from archive.intraline import ADDED, REMOVED, SAME, rows

__all__ = ["ADDED", "REMOVED", "SAME", "diff", "line_diff"]  # the kinds, for whoever reads a diff


def line_diff(old, new):
    """[(SAME | ADDED | REMOVED, line)] turning old's lines into new's, blank lines left out."""
    before = [line.strip() for line in old.split("\n") if line.strip()]
    after = [line.strip() for line in new.split("\n") if line.strip()]
    result = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            result += [(SAME, line) for line in before[i1:i2]]
            continue
        result += [(REMOVED, line) for line in before[i1:i2]]
        result += [(ADDED, line) for line in after[j1:j2]]
    return result


def diff(old, new):
    """[(SAME | ADDED | REMOVED | CHANGED, parts)] turning old's lines into new's: the lines
    removed where others were added are paired with the added line each resembles most, and a
    pair is one CHANGED row whose parts mark the characters removed and added inside it."""
    result = []
    for changed, run in groupby(line_diff(old, new), key=lambda row: row[0] != SAME):
        lines = list(run)
        if not changed:
            result += [(SAME, [(SAME, line)]) for _, line in lines]
            continue
        result += rows(
            [line for kind, line in lines if kind == REMOVED], [line for kind, line in lines if kind == ADDED]
        )
    return result
