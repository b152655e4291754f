"""The keys of the gram postings (postings.GRAMS), which find a field's exact substrings: a
text's distinct characters and overlapping bigrams, as numbers (a character's code point; a
bigram's two, as first × CODE_POINTS + second), scrambled by splitmix64's finaliser — a
bijection of 64-bit numbers, so that keys stay distinct — so that they spread over the buckets
(a bigram's number modulo 4,096 would be its second character's). A query term's stories hold
all of its bigrams, or its character for one character (matching.py)."""
import numpy as np

from search.analysis import code_points

CODE_POINTS = 0x110000


def _scrambled(numbers):
    x = numbers ^ (numbers >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _bigrams(codes):
    """The numbers of the overlapping bigrams of these code points."""
    return codes[:-1] * np.uint64(CODE_POINTS) + codes[1:]


def keys(normalised):
    """The distinct keys of a field's normalised text, ascending."""
    codes = code_points(normalised)
    with np.errstate(over="ignore"):
        return np.unique(_scrambled(np.concatenate([codes, _bigrams(codes)])))


def query_keys(term):
    """The keys a story's field must hold to hold this normalised term: its bigrams', or its
    character's for one character."""
    codes = code_points(term)
    with np.errstate(over="ignore"):
        return sorted({int(key) for key in _scrambled(codes if len(codes) == 1 else _bigrams(codes))})
