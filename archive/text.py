"""Script conversion and the one text normalisation the whole archive shares.

The index, the query parser, the brute-force checks, the highlighter and the repost
fingerprints all call `normalise`, so a story is found the same way whichever script it or
the query is in, as the mainland, Taiwan or Hong Kong writes it (archive.script_forms).
"""

import functools
import re
import unicodedata

import opencc

from archive import script_forms

_T2S = opencc.OpenCC("t2s.json")
_S2T = opencc.OpenCC("s2t.json")
# The search forms are derived when this module is first imported, so that the processes forked
# later (ingest's workers and index writer, gunicorn's workers) share them instead of each
# deriving them again.
script_forms.search_forms()
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


def search_script(text):
    """Simplified as the mainland writes it, whichever region's script the text is in: OpenCC's
    t2s, then the regional characters t2s leaves (archive.script_forms)."""
    return script_forms.fold(to_simplified(text))


@functools.lru_cache(maxsize=65536)
def search_form(char):
    """One character as normalise() folds it, for a highlighter to map back to the text as
    written: its NFKC form (one character or several) in search script, each character lower
    case where that keeps it one character."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in search_script(unicodedata.normalize("NFKC", char)))


_NFKC_FORMS = _CharacterForms()


def nfkc(text):
    """unicodedata.normalize("NFKC", text), the same string in less time on Chinese text. Full-width punctuation makes nearly every Chinese text fail NFKC's
    quick check, and the library then decomposes and recomposes all of it; with each character
    first replaced by its own NFKC form, what is left passes the check (or is finished by the
    library, as before: normalising each character first never changes the result)."""
    return unicodedata.normalize("NFKC", text.translate(_NFKC_FORMS))


@functools.lru_cache(maxsize=16)
def normalise(text):
    """Compatibility forms folded (full-width ，→ ,), in search script (simplified as the
    mainland writes it, whichever region's script it was in), lower case, one space.

    The last few answers are kept: the index analyses a story's text for two fields."""
    if not text:
        return ""
    return _SPACES.sub(" ", search_script(nfkc(text))).strip().lower()


def normalisation():
    """The name of the normalisation this process applies: an index or a repost fingerprint
    made under another one must be made again."""
    return f"n2-{script_forms.identity()}"


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
