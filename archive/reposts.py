"""Reposts: the same story run by another site, with another header, footer or title, in the
other script, cut short or padded with injected keywords.

Two steps, measured in bench/reposts.py: MinHash signatures over 5-character shingles of the
folded text (simplified, as search sees it), banded for LSH at a low threshold, find the
candidates; a check on the two texts decides — the shorter's shingles mostly contained in the
longer's, and half of its sentences found there whole. Stories from one template (police
notices, stock reports) share most shingles but hardly a sentence: they are never merged.
"""
import hashlib
import re
import zlib

import numpy as np

from archive.text import normalise

NUM_PERM = 128
SEED = 14
SHINGLE = 5
BANDS, ROWS = 37, 3  # datasketch's optimum for a 0.3 threshold at 128 permutations
CONTAINMENT = 0.5  # share of the shorter text's shingles in the longer one
SENTENCES_KEPT = 0.5  # share of the shorter text's sentences found whole in the longer one
MIN_SENTENCE = 6
SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
BOUNDARY = "\ue000"  # a private-use character, which folding keeps (one in a text only ends a sentence)


def fold(text):
    return "".join(normalise(text).split())


def shingles(text):
    return _shingles(fold(text))


def _shingles(folded):
    return {folded[i:i + SHINGLE] for i in range(max(1, len(folded) - SHINGLE + 1))}


def sentences(text):
    """The text's sentences, folded, without the very short ones."""
    return _sentences(_fold_marking_ends(text))


def _fold_marking_ends(text):
    """The text folded in one pass, with BOUNDARY where each sentence ended (folding a sentence
    at a time cost as much as the rest of a story's clustering)."""
    return fold(BOUNDARY.join(SENTENCE_END.split(text)))


def _sentences(marked):
    return {s for s in marked.split(BOUNDARY) if len(s) >= MIN_SENTENCE}


def minhash(shingle_set):
    """The MinHash of a set of shingles. Each shingle is hashed with CRC-32 (in C; datasketch's
    default SHA-1 costs twice the time, measured) — the signature must be the same in every
    process and every run, which Python's own hash() is not."""
    from datasketch import MinHash  # here, not at the top: datasketch imports scipy (~2 s) for its LSH, which
    # the web processes never need

    found = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    found.update_batch([s.encode("utf-8") for s in shingle_set])
    return found


def signature(text):
    """The MinHash signature of the text's shingles, as bytes (NUM_PERM unsigned 64-bit values)."""
    return minhash(shingles(text)).hashvalues.astype(np.uint64).tobytes()


def band_keys(signature_bytes):
    """[(band, key)]: each band of ROWS values hashed to a signed 64-bit key."""
    values = np.frombuffer(signature_bytes, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def features(text):
    """What resemblance() compares: (shingles, sentences), from one folding of the text."""
    marked = _fold_marking_ends(text)
    return _shingles(marked.replace(BOUNDARY, "")), _sentences(marked)


def resemblance(text, other):
    """How much of the shorter text the longer one holds (0–1), or None when they are not one
    story: too few shared shingles, or too few whole sentences (a template filled again)."""
    return resemblance_of(features(text), features(other))


def resemblance_of(one, other, containment=CONTAINMENT):
    """resemblance() of two texts' features()."""
    small, large = sorted((one, other), key=lambda pair: len(pair[0]))
    share = len(small[0] & large[0]) / len(small[0]) if small[0] else 0.0
    if share < containment:
        return None
    if small[1] and len(small[1] & large[1]) < SENTENCES_KEPT * len(small[1]):
        return None
    return round(share, 3)


def changes(original, repost):
    """(sentences the repost added, sentences it dropped) against the original, in order."""
    before = [s for s in SENTENCE_END.split(original) if any(c.isalnum() for c in s)]
    after = [s for s in SENTENCE_END.split(repost) if any(c.isalnum() for c in s)]
    kept_before, kept_after = {fold(s) for s in before}, {fold(s) for s in after}
    return [s.strip() for s in after if fold(s) not in kept_before], [s.strip() for s in before if fold(s) not in kept_after]
