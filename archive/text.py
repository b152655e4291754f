"""Script conversion and the one text normalisation the whole archive shares.

The index, the query parser, the brute-force checks and the highlighter all call
`normalise`, so a story is found the same way whichever script it or the query is in.
"""
import functools
import re
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s.json")
_S2T = opencc.OpenCC("s2t.json")
_SPACES = re.compile(r"\s+")


def searchable(title, body_clean):
    """What search matches against and what reposts compare: the title, then the clean body."""
    return f"{title}\n{body_clean}"


def squash(text):
    """The text without any whitespace: how extraction compares a printed line with a title,
    whatever spaces the page or the scraper put in."""
    return _SPACES.sub("", text or "")


def to_simplified(text):
    return _T2S.convert(text) if text else text


def to_traditional(text):
    return _S2T.convert(text) if text else text


class _CharacterForms(dict):
    """{code point: that character's NFKC form}, filled as characters are met: str.translate's
    table for nfkc()."""

    def __missing__(self, code):
        self[code] = form = unicodedata.normalize("NFKC", chr(code))
        return form


_NFKC_FORMS = _CharacterForms()


def nfkc(text):
    """unicodedata.normalize("NFKC", text), the same string in about half the time on Chinese
    text (0.27 → 0.15 ms a story over 10,000 files of bench/corpus.py's corpus, every one the
    same as the library's). Full-width punctuation makes nearly every Chinese text fail NFKC's
    quick check, and the library then decomposes and recomposes all of it; with each character
    first replaced by its own NFKC form, what is left passes the check (or is finished by the
    library, as before: normalising each character first never changes the result)."""
    return unicodedata.normalize("NFKC", text.translate(_NFKC_FORMS))


@functools.lru_cache(maxsize=16)
def normalise(text):
    """Compatibility forms folded (full-width ，→ ,), simplified script, lower case, one space.

    The last few answers are kept: the index analyses a story's text for two fields."""
    if not text:
        return ""
    return _SPACES.sub(" ", to_simplified(nfkc(text))).strip().lower()


@functools.lru_cache(maxsize=65536)
def _char_script(char):
    """'t' if the character exists only in traditional script, 's' if only simplified, '' if both."""
    if to_simplified(char) != char:
        return "t"
    if to_traditional(char) != char:
        return "s"
    return ""


def detect_script(text):
    """'simplified', 'traditional' or 'mixed', from the characters unique to each script."""
    counts = {"t": 0, "s": 0}
    for char in text:
        kind = _char_script(char) if char >= "\u3400" else ""
        if kind:
            counts[kind] += 1
    marked = counts["t"] + counts["s"]
    if not marked:
        return "simplified"
    share = counts["t"] / marked
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"
