"""haystack fields that say which Whoosh field they become (see backend.build_schema).

haystack's Whoosh backend turns every CharField into a stemmed TEXT field and every
multi-valued field into a tokenised KEYWORD. Facet and filter values must stay exactly as
given (an adcode, a source key), and text must go through our own analyzers.
"""

from collections import defaultdict

import numpy as np
from haystack import indexes
from whoosh import fields as whoosh

from search.analysis import bigram_analyzer, character_analyzer, word_analyzer
from search.codec import CharacterCounts, PackedPositions
from search.whoosh.postings import BigramPostings, CharacterPostings, WordPostings


class SegmentPostings:
    """A Whoosh field whose postings our writer (search/whoosh/writer.py) gathers for a whole segment
    in a `postings_class` buffer (search/whoosh/postings.py). `index` stays Whoosh's path for a plain
    writer, and gives the same postings."""

    postings_class = None

    def postings_buffer(self, fieldname):
        return self.postings_class(fieldname, self)


class PositionalText(SegmentPostings, whoosh.TEXT):
    """A TEXT field with positions in PackedPositions.

    `index` builds the postings from the analyzer's (position, term, weight) triples in one
    dictionary pass, weights as the 32-bit floats W3 stores."""

    def __init__(self, analyzer, field_boost=1.0):
        super().__init__(analyzer=analyzer, stored=False, field_boost=field_boost)
        self.format = PackedPositions(field_boost=field_boost)

    def index(self, value, **kwargs):
        positions, weights = defaultdict(list), defaultdict(float)
        for position, term, weight in self.analyzer.terms(value):
            positions[term].append(position)
            weights[term] += weight
        encode, boost = self.format.encode, self.format.field_boost
        return [
            (term.encode("utf-8"), len(p), float(np.float32(weights[term] * boost)), encode(sorted(p)))
            for term, p in positions.items()
        ]


class WordsText(PositionalText):
    postings_class = WordPostings


class BigramsText(PositionalText):
    postings_class = BigramPostings


class CharactersText(SegmentPostings, whoosh.FieldType):
    """The distinct characters of a text, each weighing its number of occurrences; without
    positions or scores."""

    postings_class = CharacterPostings

    def __init__(self):
        super().__init__(CharacterCounts(), analyzer=character_analyzer(), scorable=False, stored=False)

    def index(self, value, **kwargs):
        return [(term.encode("utf-8"), int(count), count, b"") for _, term, count in self.analyzer.terms(value)]


class WordsField(indexes.CharField):
    """jieba words with positions: ranking, phrases, snippets."""

    def whoosh_field(self):
        return WordsText(word_analyzer(), field_boost=self.boost)


class BigramsField(indexes.CharField):
    """Overlapping character bigrams with positions: exact substring matching."""

    def whoosh_field(self):
        return BigramsText(bigram_analyzer(), field_boost=self.boost)


class CharactersField(indexes.CharField):
    """Which characters a text holds: a one-character query is one term."""

    def whoosh_field(self):
        return CharactersText()


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
