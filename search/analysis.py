"""Text → index terms. One normalisation (archive.text.normalise) for documents and queries.

Two kinds of field:
- words: jieba's default-mode words at consecutive positions, so phrase queries work, with
  each long word's dictionary sub-words (临时党支部 → 临时, 党支部, 支部) added at the
  position of their word, so that a search for 支部 finds it. No stemming, no stop list.
  Words rank results and make snippets; they never decide whether a story matches.
- chars: overlapping character bigrams at consecutive positions (疫情防控 → 疫情, 情防, 防控),
  punctuation and spaces included, plus the last character alone so that every character
  begins a term. A substring query becomes a phrase of its bigrams, which matches exactly
  the texts that contain it: the exact-substring promise, across word boundaries.
"""
import jieba
from whoosh.analysis import Token, Tokenizer

from archive.text import normalise

jieba.setLogLevel(60)  # jieba logs its dictionary loading at INFO on every process start
MAX_SUBWORD = 3


def words(text):
    """[(position, word)] of normalised text: default-mode words, then their sub-words."""
    out = []
    position = 0
    for word in jieba.cut(normalise(text), HMM=True):
        if not word.strip():
            continue
        out.append((position, word))
        if len(word) > 2:
            out.extend((position, sub) for sub in subwords(word))
        position += 1
    return out


def subwords(word):
    """Dictionary words of two or three characters inside a longer word (as cut_for_search)."""
    freq = jieba.dt.FREQ
    found = []
    for size in range(2, min(MAX_SUBWORD, len(word) - 1) + 1):
        for start in range(len(word) - size + 1):
            gram = word[start:start + size]
            if freq.get(gram):
                found.append(gram)
    return found


def query_words(text):
    """Default-mode words of a query term, for ranking: no sub-words."""
    return [word for word in jieba.cut(normalise(text), HMM=True) if word.strip()]


def bigrams(normalised):
    """Overlapping bigrams of already normalised text, and its last character alone."""
    if not normalised:
        return []
    grams = [normalised[i:i + 2] for i in range(len(normalised) - 1)]
    grams.append(normalised[-1])
    return grams


def query_bigrams(normalised):
    """The terms a substring query must find at consecutive positions: its bigrams.

    A one-character query has none; it is answered with a prefix query (see search.query)."""
    return [normalised[i:i + 2] for i in range(len(normalised) - 1)]


class _PositionalTokenizer(Tokenizer):
    """Whoosh tokenizer over [(position, text)] pairs from `self.terms(value)`."""

    def terms(self, value):
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            yield token
            return
        for position, text in self.terms(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            yield token


class WordTokenizer(_PositionalTokenizer):
    def terms(self, value):
        return words(value)


class BigramTokenizer(_PositionalTokenizer):
    def terms(self, value):
        return enumerate(bigrams(normalise(value)))


def word_analyzer():
    return WordTokenizer()


def bigram_analyzer():
    return BigramTokenizer()
