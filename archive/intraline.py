"""What changed inside a line, and which removed line became which added line.

marks() splits a pair of lines into parts: the characters both hold plain (SAME), those only
the old line holds REMOVED, those only the new one ADDED (用了两天 → 用了一天半: 用了<del>两</del>
<ins>一</ins>天<ins>半</ins>). Character by character, since Chinese has no spaces. difflib's matcher runs
with autojunk off: on, every character filling more than 1% of a long line (的, ，, 。) could no
longer anchor a match and would show as removed and added again. Off, a 20,000-character
paragraph costs half a second (measured), so the lines are first compared clause by clause
(runs ending in punctuation or a space) and only the clauses that differ character by
character; a run of differing clauses too long for that is shown removed and added whole.

rows() pairs each removed line with the added line it resembles most (difflib's ratio, from
RESEMBLING up), in order, and gives the pairs their marks; a line with no partner stays a
whole-line removal or addition.
"""

import difflib
import heapq
import re
from itertools import accumulate

import numpy as np

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
RESEMBLING = 0.6  # below it, a pair's marks are more noise than text: the lines stay whole
CLAUSE_END = re.compile(r"(?<=[，。！？；：、,.!?;:\s])")
LONGEST_COMPARED = 4_000_000  # characters old × new in one run of differing clauses (2,000 × 2,000: 15 ms)


def marks(old, new, fold=None):
    """[(SAME | REMOVED | ADDED, text)] turning old into new. `fold` maps a character to the
    form it is compared in (archive.text.search_form: a traditional repost of a simplified
    story differs only where its words do); SAME parts are shown as new writes them."""
    old_ends, new_ends = _clause_ends(old), _clause_ends(new)
    matcher = difflib.SequenceMatcher(
        a=_clause_keys(old, old_ends, fold), b=_clause_keys(new, new_ends, fold), autojunk=False
    )
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = old[old_ends[i1] : old_ends[i2]], new[new_ends[j1] : new_ends[j2]]
        parts += [(SAME, after)] if tag == "equal" else _characters(before, after, fold)
    return _joined(parts)


def likeness(parts):
    """difflib's ratio of the two lines the parts turn one into the other: twice the characters
    they share over the characters of both."""
    shared = sum(len(text) for kind, text in parts if kind == SAME)
    total = sum(len(text) * (2 if kind == SAME else 1) for kind, text in parts)
    return 2 * shared / total if total else 1.0


def rows(removed, added, fold=None):
    """[(REMOVED | ADDED | CHANGED, parts)] for lines removed and lines added in their place:
    each pair (resembling, in order) one CHANGED row with its marks, every other line a row
    of one part, the unpaired removed lines before the unpaired added lines between pairs."""
    result, i, j = [], 0, 0
    for pair_i, pair_j, parts in _pairs(removed, added, fold):
        result += _whole(REMOVED, removed[i:pair_i]) + _whole(ADDED, added[j:pair_j]) + [(CHANGED, parts)]
        i, j = pair_i + 1, pair_j + 1
    return result + _whole(REMOVED, removed[i:]) + _whole(ADDED, added[j:])


def _whole(kind, lines):
    return [(kind, [(kind, line)]) for line in lines]


def _pairs(removed, added, fold):
    """[(i, j, marks)]: removed[i] paired with added[j], in order. The pair that resembles
    most is taken first, then the best of those that keep the order with the pairs taken (as
    difflib's Differ pairs lines). Best first from an upper bound of each pair's ratio
    (_bounds): a pair's marks are computed only when its bound tops the rest, and never for a
    pair that can no longer be taken or cannot reach RESEMBLING."""
    if not removed or not added:
        return []
    bounds = _bounds([_folded(line, fold) for line in removed], [_folded(line, fold) for line in added])
    heap = [(-bounds[i, j], 1, int(i), int(j), None) for i, j in zip(*np.nonzero(bounds >= RESEMBLING))]
    heapq.heapify(heap)
    chosen = []
    while heap:
        _, estimate, i, j, parts = heapq.heappop(heap)
        if not all((i < ci) == (j < cj) and i != ci and j != cj for ci, cj, _ in chosen):
            continue
        if not estimate:
            chosen.append((i, j, parts))
            continue
        parts = marks(removed[i], added[j], fold)
        if (ratio := likeness(parts)) >= RESEMBLING:
            heapq.heappush(heap, (-ratio, 0, i, j, parts))
    return sorted(chosen, key=lambda pair: pair[0])


def _bounds(removed, added):
    """difflib's quick_ratio of every removed line with every added line at once (the
    characters two lines share, counted as if order did not matter, bound the ratio): one
    count of each character a line, in numpy; a pair per Python call cost half a second for
    100 lines against 100 (measured)."""
    vocabulary = {}

    def coded(line):
        return np.array([vocabulary.setdefault(c, len(vocabulary)) for c in line], np.intp)

    old_codes, new_codes = [coded(line) for line in removed], [coded(line) for line in added]
    old = np.array([np.bincount(codes, minlength=len(vocabulary)) for codes in old_codes], np.int32)
    shared = np.zeros((len(removed), len(added)), np.int32)
    for column, codes in enumerate(new_codes):
        present, times = np.unique(codes, return_counts=True)
        shared[:, column] = np.minimum(old[:, present], times).sum(axis=1)
    lengths = np.array([len(line) for line in removed])[:, None] + np.array([len(line) for line in added])[None, :]
    return 2 * shared / np.maximum(lengths, 1)


def _folded(text, fold):
    return text if fold is None else "".join(map(fold, text))


def _clause_ends(text):
    """[0, the end of each clause …]: the offsets that cut the text into its clauses."""
    return [0, *accumulate(len(clause) for clause in CLAUSE_END.split(text) if clause)]


def _clause_keys(text, ends, fold):
    return [_folded(text[start:end], fold) for start, end in zip(ends, ends[1:])]


def _characters(old, new, fold):
    """Character by character, for the clauses that differ."""
    if len(old) * len(new) > LONGEST_COMPARED:
        return [(REMOVED, old), (ADDED, new)]
    before, after = (old, new) if fold is None else ([fold(c) for c in old], [fold(c) for c in new])
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append((SAME, new[j1:j2]))
            continue
        parts += [(REMOVED, old[i1:i2]), (ADDED, new[j1:j2])]
    return parts


def _joined(parts):
    """The parts without empty ones, neighbours of one kind made one."""
    joined = []
    for kind, text in parts:
        if not text:
            continue
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, joined[-1][1] + text)
        else:
            joined.append((kind, text))
    return joined
