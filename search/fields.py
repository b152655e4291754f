"""haystack fields that say which Whoosh field they become (see backend.build_schema).

haystack's Whoosh backend turns every CharField into a stemmed TEXT field and every
multi-valued field into a tokenised KEYWORD. Facet and filter values must stay exactly as
given (an adcode, a source key), and text must go through our own analyzers.
"""
from collections import defaultdict

from haystack import indexes
from whoosh import fields as whoosh

from search.analysis import bigram_analyzer, word_analyzer


class PositionalText(whoosh.TEXT):
    """A TEXT field that indexes straight from its tokenizer's (position, term) pairs.

    Whoosh's own path makes a Token object per term occurrence and runs it through the
    format's generic loop; for a bigram field that is one object per character. This builds
    the same postings (term, frequency, weight, encoded positions) in one dictionary pass."""

    def index(self, value, **kwargs):
        positions, weights = defaultdict(list), defaultdict(float)
        for position, term, weight in self.analyzer.terms(value):
            positions[term].append(position)
            weights[term] += weight
        encode, boost = self.format.encode, self.format.field_boost
        return [(term.encode("utf-8"), len(p), weights[term] * boost, encode(p)) for term, p in positions.items()]


class WordsField(indexes.CharField):
    """jieba words with positions: ranking, phrases, snippets."""

    def whoosh_field(self):
        return PositionalText(analyzer=word_analyzer(), stored=False, field_boost=self.boost)


class BigramsField(indexes.CharField):
    """Overlapping character bigrams with positions: exact substring matching."""

    def whoosh_field(self):
        return PositionalText(analyzer=bigram_analyzer(), stored=False, field_boost=self.boost)


class ExactField(indexes.CharField):
    """One untokenised value, stored, for filters and facets."""

    def whoosh_field(self):
        return whoosh.ID(stored=True)


class ExactListField(indexes.MultiValueField):
    """Several untokenised values, stored, for filters and facets."""

    def whoosh_field(self):
        return whoosh.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)


class StoredIntegerField(indexes.IntegerField):
    """Stored, not indexed: read into search.facets' columns (date order and date filters)."""

    def whoosh_field(self):
        return whoosh.STORED()
