"""haystack fields that say which Whoosh field they become (see backend.build_schema).

haystack's Whoosh backend turns every CharField into a stemmed TEXT field and every
multi-valued field into a tokenised KEYWORD. Facet and filter values must stay exactly as
given (an adcode, a source key), and text must go through our own analyzers.
"""
from haystack import indexes
from whoosh import fields as whoosh

from search.analysis import bigram_analyzer, word_analyzer


class WordsField(indexes.CharField):
    """jieba words with positions: ranking, phrases, snippets."""

    def whoosh_field(self):
        return whoosh.TEXT(analyzer=word_analyzer(), stored=False, field_boost=self.boost)


class BigramsField(indexes.CharField):
    """Overlapping character bigrams with positions: exact substring matching."""

    def whoosh_field(self):
        return whoosh.TEXT(analyzer=bigram_analyzer(), stored=False, field_boost=self.boost)


class ExactField(indexes.CharField):
    """One untokenised value, stored, for filters and facets."""

    def whoosh_field(self):
        return whoosh.ID(stored=True)


class ExactListField(indexes.MultiValueField):
    """Several untokenised values, stored, for filters and facets."""

    def whoosh_field(self):
        return whoosh.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False)


class StoredIntegerField(indexes.IntegerField):
    def whoosh_field(self):
        return whoosh.NUMERIC(stored=True, numtype=int, bits=64)
