"""Reposts: the same story run by another site, with another header, footer or title, in the
other script, cut short or padded with injected keywords.

Two steps, measured in bench/reposts.py: MinHash signatures over 5-character shingles of the
folded text (simplified, as search sees it), banded for LSH at a low threshold, find the
candidates; a check on the two texts decides — the shorter's shingles mostly contained in the
longer's, and half of its sentences found there whole. Stories from one template (police
notices, stock reports) share most shingles but hardly a sentence: they are never merged.
The check compares the shingles' and sentences' hashes (a Fingerprint), which are kept with
each story, so that a stored story is never read or folded again; of a long text's shingles,
only a fixed eighth of the hash range is kept (kept_shingles).
"""

import re
import zlib
from dataclasses import dataclass

import numpy as np

from archive.intraline import rows
from archive.text import normalise, search_form

NUM_PERM = 128  # a power of two: the bins of minhash()
SHINGLE = 5
BANDS, ROWS = 37, 3  # datasketch's optimum for a 0.3 threshold at 128 values
CONTAINMENT = 0.5  # share of the shorter text's shingles in the longer one
SENTENCES_KEPT = 0.5  # share of the shorter text's sentences found whole in the longer one
MIN_SENTENCE = 6
SAMPLED_BELOW = 2**32 // 8  # a long text keeps the shingle hashes below this: one in eight
KEEP_ALL = 256  # a text with no more shingles than this keeps them all
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
_POLYNOMIAL = np.uint64(0x100000001B3)  # FNV's 64-bit prime: odd, so no code point is lost
_VALUE_BITS = 64 - (NUM_PERM.bit_length() - 1)  # the top bits of a mixed hash pick its bin
BOUNDARY = "\ue000"  # a private-use character, which folding keeps (one in a text only ends a sentence)


def fold(text):
    return "".join(normalise(text).split())


def shingle_hashes(folded):
    """Sorted unique 32-bit hashes of the text's SHINGLE-character shingles, in numpy: a
    polynomial over the code points, mixed (a Python string a shingle and a CRC-32 each cost
    five times as much, measured). A text shorter than a shingle is one shingle."""
    codes = np.frombuffer(folded.encode("utf-32-le"), np.uint32).astype(np.uint64)
    count = max(1, len(codes) - SHINGLE + 1)
    rolled = np.zeros(count, np.uint64)
    for offset in range(min(SHINGLE, len(codes))):
        rolled = rolled * _POLYNOMIAL + codes[offset : offset + count]
    return np.unique((_mixed(rolled) >> np.uint64(32)).astype(np.uint32))


def _mixed(values):
    """splitmix64's finaliser: every bit of the input moves every bit of the output."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _fold_marking_ends(text):
    """The text folded in one pass, with BOUNDARY where each sentence ended (folding a sentence
    at a time cost as much as the rest of a story's clustering)."""
    return fold(BOUNDARY.join(SENTENCE_END.split(text)))


def _sentences(marked):
    return {s for s in marked.split(BOUNDARY) if len(s) >= MIN_SENTENCE}


def hashes(strings):
    """The strings' CRC-32s, sorted and unique: the same in every process and every run, which
    Python's own hash() is not."""
    return np.unique(np.array([zlib.crc32(s.encode("utf-8")) for s in strings], np.uint32))


def minhash(hashes):
    """A one-permutation MinHash of a set given as its hashes: NUM_PERM values, one a bin. The
    hashes are mixed once; the top bits pick a bin, the smallest of the rest in each bin is
    its value, and an empty bin takes the next filled bin's value marked with the distance
    (rotation densification, Shrivastava and Li 2014), so that two sets agree in a bin about as
    often as their resemblance. One hash a shingle instead of NUM_PERM (datasketch's MinHash
    hashes every shingle NUM_PERM times); bench/reposts.py measures its precision and recall."""
    mixed = np.sort(_mixed(np.asarray(hashes, np.uint64)))
    if not len(mixed):
        return np.zeros(NUM_PERM, np.uint64)
    filled, first = np.unique((mixed >> np.uint64(_VALUE_BITS)).astype(np.intp), return_index=True)
    values = np.zeros(NUM_PERM, np.uint64)
    values[filled] = mixed[first] & np.uint64((1 << _VALUE_BITS) - 1)
    bins = np.arange(NUM_PERM)
    donor = filled[np.searchsorted(filled, bins) % len(filled)]
    return values[donor] | ((donor - bins) % NUM_PERM).astype(np.uint64) << np.uint64(_VALUE_BITS)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What clustering keeps of a text, made once (in ingest's worker processes): the LSH band
    keys of its MinHash, which find candidates, and the hashes of its shingles and sentences,
    which the check compares, so that a stored story is checked without reading or folding its
    text again."""

    bands: np.ndarray  # BANDS signed 64-bit keys (band_keys)
    shingles: np.ndarray  # sorted unique 32-bit hashes of the 5-character shingles (kept_shingles)
    sentences: np.ndarray  # sorted unique CRC-32s of the sentences


def fingerprint(text):
    marked = _fold_marking_ends(text)
    shingles = shingle_hashes(marked.replace(BOUNDARY, ""))
    return Fingerprint(band_keys(minhash(shingles)), kept_shingles(shingles), hashes(_sentences(marked)))


def kept_shingles(shingles):
    """What a fingerprint keeps of a text's sorted shingle hashes: all of a short text's, of a
    longer one's those below SAMPLED_BELOW. The same part of the hash range in every text, so
    that the sampled shingles two texts share are a fair sample of the shingles they share
    (mod-sampling, Broder 1997): a story's row is an eighth of the size, with the same precision
    and recall on bench/reposts.py's set down to one in sixteen (measured)."""
    return shingles if len(shingles) <= KEEP_ALL else _sampled(shingles)


def _sampled(shingles):
    return shingles[: np.searchsorted(shingles, SAMPLED_BELOW)]


def stored_fingerprint(shingles_bytes, sentences_bytes):
    """A stored story's Fingerprint, for the check (its bands are held by archive.repost_bands)."""
    return Fingerprint(
        np.empty(0, np.int64), np.frombuffer(shingles_bytes, np.uint32), np.frombuffer(sentences_bytes, np.uint32)
    )


def band_keys(signature):
    """The signature's BANDS bands of ROWS values, each hashed with its band's number to one
    signed 64-bit key: two stories share a key when they agree on a whole band."""
    keys = np.arange(BANDS, dtype=np.uint64)
    for column in signature[: BANDS * ROWS].reshape(BANDS, ROWS).T:
        keys = _mixed(keys * _POLYNOMIAL + column)
    return keys.view(np.int64)


def resemblance(text, other):
    """How much of the shorter text the longer one holds (0–1), or None when they are not one
    story: too few shared shingles, or too few whole sentences (a template filled again)."""
    return resemblance_of(fingerprint(text), fingerprint(other))


def resemblance_of(one, other, containment=CONTAINMENT):
    """resemblance() of two texts' Fingerprints."""
    (small, small_shingles), (large, large_shingles) = sorted(
        zip((one, other), _comparable(one.shingles, other.shingles)), key=lambda pair: len(pair[1])
    )
    if not len(small_shingles):
        return None
    share = _shared(small_shingles, large_shingles) / len(small_shingles)
    if share < containment:
        return None
    if len(small.sentences) and _shared(small.sentences, large.sentences) < SENTENCES_KEPT * len(small.sentences):
        return None
    return round(share, 3)


def _comparable(one, other):
    """Two kept shingle sets over the same part of the hash range: as they are when both are
    whole (two short texts; fingerprints stored before sampling), else each one's sampled part
    (a whole set's sampled part is drawn as a long text's sample is)."""
    if _whole(one) and _whole(other):
        return one, other
    return _sampled(one), _sampled(other)


def _whole(shingles):
    """Whether kept shingles go past the sampled range (a sample never does; a whole set that
    does not is its own sampled part, so either answer compares it right)."""
    return len(shingles) > 0 and shingles[-1] >= SAMPLED_BELOW


def _shared(sorted_unique, other_sorted_unique):
    return len(np.intersect1d(sorted_unique, other_sorted_unique, assume_unique=True))


def changes(original, repost):
    """[(ADDED | REMOVED | CHANGED, parts)] (archive/intraline.py): the sentences the repost
    added and those of the original it dropped, in order, each dropped sentence paired with the
    added one it resembles most and marked inside. Compared folded, so that a repost in the
    other script differs only where its words do."""
    before = [s for s in SENTENCE_END.split(original) if any(c.isalnum() for c in s)]
    after = [s for s in SENTENCE_END.split(repost) if any(c.isalnum() for c in s)]
    kept_before, kept_after = {fold(s) for s in before}, {fold(s) for s in after}
    dropped = [s.strip() for s in before if fold(s) not in kept_after]
    added = [s.strip() for s in after if fold(s) not in kept_before]
    return rows(dropped, added, fold=search_form)
