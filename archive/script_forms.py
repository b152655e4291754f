"""Simplified script as the mainland writes it, from text in any region's script: what search
matches on. Decided by OpenCC's own dictionaries, no list of ours.

OpenCC's t2s (with its phrases: 瞭解 → 了解, 復甦 → 复苏) leaves the regional forms it does
not know: Taiwan's 著 of 隨著 (the particle 着), Hong Kong's 衞 of 衞生 (卫). tw2s and hk2s
resolve those, but each also misreads the others' text (tw2s turns the mainland's 什么 into
什幺), and none of them can tell which region a query of a few characters was typed in. So
after t2s each of those characters takes one search form of its own, whatever the context:

- two characters are one search form when any converter turns one into the other, character
  by character: t2s, tw2s and hk2s (each region's traditional → simplified), s2t, s2tw and
  s2hk (simplified → each region's traditional), so that whatever a region writes for a
  simplified character folds with it;
- but a simplified character of its own (s2t changes it) is not taken for a Taiwan or Hong
  Kong variant: tw2s reads a lone 么 as Taiwan's 幺, where mainland text writes 什么;
- each group folds to one of its simplified members: the one tw2s or hk2s resolves a regional
  form to (着, 卫), else the one t2s turns most members into.

Only characters that t2s leaves as they are need folding after it (search_forms()). Folding
is for matching only: it never changes what is shown. It merges characters that a region
does not tell apart (Taiwan writes both 著 zhù and 着 as 著), so a query of one of them alone
finds both; a longer query keeps its meaning.
"""

import functools
import hashlib
import re
from collections import Counter

import opencc

TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")
REGIONAL = ("tw2s", "hk2s")
# Every block OpenCC's dictionaries have an entry in: CJK radicals, symbols, kana and the
# unified ideographs with extension A, the compatibility ideographs, and extensions B to H.
BLOCKS = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF))
_SEPARATOR = "\n"  # no dictionary entry holds one, so each character is converted alone


@functools.cache
def converter(name):
    """OpenCC's converter of that name (s2twp, hk2sp, …), one per process."""
    return opencc.OpenCC(f"{name}.json")


def _converted(names):
    """{converter: {character: what it makes of that character alone}} for each character of
    BLOCKS that the converter changes, each converter called once on all of them (and not kept:
    a process that only normalises needs none of their dictionaries afterwards)."""
    characters = [chr(code) for start, end in BLOCKS for code in range(start, end + 1)]
    joined = _SEPARATOR.join(characters)
    return {
        name: {
            char: answer
            for char, answer in zip(characters, opencc.OpenCC(f"{name}.json").convert(joined).split(_SEPARATOR))
            if answer != char
        }
        for name in names
    }


@functools.cache
def search_forms():
    """{character: its search form} for every character that t2s leaves as it is but that folds
    to another one (著: 着, 衞: 卫)."""
    answers = _converted(TO_SIMPLIFIED + TO_TRADITIONAL)
    t2s = answers["t2s"]
    groups = _Groups()
    resolved = set()  # the characters tw2s or hk2s resolve a regional form to
    for name in TO_SIMPLIFIED + TO_TRADITIONAL:
        for char, answer in answers[name].items():
            if len(answer) != 1:
                continue
            if name in REGIONAL and answer != t2s.get(char, char):
                if char in answers["s2t"]:
                    continue  # a simplified character of its own, not a regional form
                resolved.add(answer)
            groups.join(char, answer)
    forms = {}
    for members in groups.members():
        simplified = [m for m in members if m not in t2s] or members
        made = Counter(t2s.get(m, m) for m in members)
        form = max(simplified, key=lambda m: (m in resolved, made[m], -ord(m)))
        forms.update((m, form) for m in simplified if m != form)
    return forms


class _Groups(dict):
    """Union-find over characters."""

    def find(self, char):
        root = char
        while self.get(root, root) != root:
            root = self[root]
        while char != root:
            self[char], char = root, self.get(char, char)
        return root

    def join(self, a, b):
        first, second = self.find(a), self.find(b)
        if first != second:
            self[first] = second

    def members(self):
        groups = {}
        for char in list(self):
            groups.setdefault(self.find(char), {char}).add(char)
        return [sorted(chars | {root}) for root, chars in groups.items()]


@functools.cache
def _pattern():
    """The characters to fold, as a class of the basic plane's ones and one range spanning the
    others: a class that lists characters beyond the basic plane is scanned several times
    slower, and a character of the range that does not fold is put back as it was."""
    forms = search_forms()
    basic = "".join(re.escape(char) for char in sorted(forms) if char <= "\uffff")
    beyond = sorted(char for char in forms if char > "\uffff")
    return re.compile(f"[{basic}{beyond[0]}-{beyond[-1]}]" if beyond else f"[{basic}]")


def fold(simplified):
    """Text that t2s has made simplified, with each regional character t2s left in its search
    form (same length)."""
    forms = search_forms()
    return _pattern().sub(lambda match: forms.get(match.group(), match.group()), simplified)


@functools.cache
def identity():
    """A short name of the folding (OpenCC's version and the search forms it gives): what an
    index or a repost fingerprint made under another folding is told apart by."""
    items = opencc.__version__ + "".join(f"{char}{form}" for char, form in sorted(search_forms().items()))
    return hashlib.sha1(items.encode("utf-8")).hexdigest()[:12]
