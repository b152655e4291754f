"""Text → index terms. One normalisation (archive.text.normalise) for documents and queries.

Three kinds of field:
- words: jieba's default-mode words at consecutive positions, so phrase queries work, with
  each long word's dictionary sub-words (临时党支部 → 临时, 党支部, 支部) added at the
  position of their word, so that a search for 支部 finds it. No stemming, no stop list.
  Words rank results and make snippets; they never decide whether a story matches.
- chars: overlapping character bigrams at consecutive positions (疫情防控 → 疫情, 情防, 防控),
  punctuation and spaces included, plus the last character alone so that every character
  begins a term. A substring query becomes a phrase of its bigrams, which matches exactly
  the texts that contain it: the exact-substring promise, across word boundaries.
- characters: the distinct characters of a text, without positions, each weighing its number
  of occurrences: a one-character query is one term (a bigram field would need every bigram
  that begins with the character), and the concordance counts a character from it.
"""

import numpy as np
import rjieba
from whoosh.analysis import Token, Tokenizer

from archive.text import normalise

# jieba-rs, jieba's Rust implementation with jieba's dictionary: about 20 times faster. With the
# HMM guesser for unknown words off, it cuts exactly as jieba does (tests/test_analysis.py).
HMM = False
# A sub-word counts for less than a whole word, so that a story where the query is a word of
# its own ranks above one where it sits inside a longer word (山区 alone, not in 房山区).
SUBWORD_WEIGHT = 0.2


def words(text):
    """[(position, word, weight)] of normalised text: default-mode words at consecutive
    positions, then each long word's dictionary sub-words (search mode) at the position of
    their word, with a lower weight."""
    whole, subwords = _search_cut(normalise(text))
    out, positions, position = [], [0] * (len(whole) + 1), 0
    for read, word in zip(range(len(whole), 0, -1), reversed(whole)):
        positions[read] = position
        if word.strip():
            out.append((position, word, 1.0))
            position += 1
    out.extend((positions[owner], word, SUBWORD_WEIGHT) for word, owner in reversed(subwords))
    return out


def _search_cut(text):
    """(default-mode words, last first; non-blank sub-words, last first, each with the number
    of default-mode words read before it) of normalised text.

    One pass of jieba's search mode gives both: it yields each default-mode word after its
    sub-words, which lie inside it, so that, read backwards, a token that starts before the
    word read last is the default-mode word before it (half the time of cutting twice)."""
    whole, subwords = [], []
    word_start = len(text) + 1
    for word, start, _ in reversed(rjieba.tokenize(text, mode="search", hmm=HMM)):
        if start < word_start:
            word_start = start
            whole.append(word)
        elif word.strip():
            subwords.append((word, len(whole)))
    return whole, subwords


def segmented(normalised):
    """(default-mode words, sub-words) of already normalised text, in order, blanks left out:
    what an engine that is sent words (search/solr/) indexes, separated by spaces."""
    whole, subwords = _search_cut(normalised)
    return [word for word in reversed(whole) if word.strip()], [word for word, _ in reversed(subwords)]


def query_words(text):
    """Default-mode words of a query term, for ranking: no sub-words."""
    return [word for word in rjieba.cut(normalise(text), hmm=HMM) if word.strip()]


def bigrams(normalised):
    """Overlapping bigrams of already normalised text, and its last character alone."""
    if not normalised:
        return []
    grams = [normalised[i : i + 2] for i in range(len(normalised) - 1)]
    grams.append(normalised[-1])
    return grams


# A bigram as one number, for sorting a segment's postings with numpy (search/whoosh/postings.py): the
# first character's code point, then the second's plus one (0: the text's last character
# alone). Numbers sort as their terms do, so as their UTF-8 bytes.
_SECOND = 22
_SECOND_MASK = (1 << _SECOND) - 1


def code_points(text):
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def bigram_keys(normalised):
    """The bigrams() of already normalised text as numbers, position by position."""
    codes = code_points(normalised)
    keys = codes << np.uint64(_SECOND)
    keys[:-1] |= codes[1:] + np.uint64(1)
    return keys


def bigram_term(key):
    second = key & _SECOND_MASK
    return chr(key >> _SECOND) + (chr(second - 1) if second else "")


def character_counts(normalised):
    """(the distinct characters of already normalised text as code points in ascending order,
    how many times each occurs)."""
    return np.unique(code_points(normalised), return_counts=True)


def query_bigrams(normalised):
    """The terms a substring query must find at consecutive positions: its bigrams.

    A one-character query has none: it is one term of a characters field."""
    return [normalised[i : i + 2] for i in range(len(normalised) - 1)]


class _PositionalTokenizer(Tokenizer):
    """Whoosh tokenizer over [(position, text, weight)] from `self.terms(value)`."""

    def terms(self, value):
        raise NotImplementedError

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            yield token
            return
        for position, text, weight in self.terms(value):
            token.text = text
            token.boost = weight
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            yield token


class CharacterTokenizer(_PositionalTokenizer):
    def terms(self, value):
        codes, counts = character_counts(normalise(value))
        return ((0, chr(code), float(count)) for code, count in zip(codes.tolist(), counts.tolist()))


class WordTokenizer(_PositionalTokenizer):
    def terms(self, value):
        return words(value)


class BigramTokenizer(_PositionalTokenizer):
    def terms(self, value):
        return ((position, gram, 1.0) for position, gram in enumerate(bigrams(normalise(value))))


def word_analyzer():
    return WordTokenizer()


def bigram_analyzer():
    return BigramTokenizer()


def character_analyzer():
    return CharacterTokenizer()
