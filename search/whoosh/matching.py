"""Matching on the Whoosh index: the exact set of documents for a parsed query and filters,
as set algebra over whole posting lists (search/whoosh/posting_arrays.py)."""

import functools

import numpy as np
from whoosh import query as Q

from search.analysis import query_bigrams
from search.fields import ExactField, ExactListField
from search.filters import FACETS
from search.search_indexes import ArticleIndex
from search.whoosh.posting_arrays import live_docs, phrase_docs, term_docs

# The bigram field each kind of clause matches in (search/whoosh/ranking.py has the word fields that rank).
FIELDS = {"title": "title_chars", "source": "source_chars", "": "chars"}
# The fields a filter finds by their terms (the rest are stored: read as columns).
TERM_FIELDS = {name for name, field in ArticleIndex.fields.items() if isinstance(field, (ExactField, ExactListField))}
# Each bigram field's characters field, for one-character queries. A source name is short:
# there the bigram prefix is cheap.
CHARACTERS = {"chars": "characters", "title_chars": "title_characters"}


def substring_query(fieldname, text):
    """Documents whose bigram field contains `text` exactly: its bigrams at consecutive
    positions. One character is a term of the characters field (a bigram prefix would
    expand to thousands of terms for a common character)."""
    if len(text) == 1:
        return Q.Term(CHARACTERS[fieldname], text) if fieldname in CHARACTERS else Q.Prefix(fieldname, text)
    grams = query_bigrams(text)
    return Q.Term(fieldname, grams[0]) if len(grams) == 1 else Q.Phrase(fieldname, grams)


def matching_docs(searcher, parsed, filters):
    """The exact set of matching document numbers, as a sorted array.

    Set algebra over each clause's own documents (posting_arrays), not Whoosh's
    And/AndNot matchers: those skip ahead inside phrase matchers and, in Whoosh 2.7.4, can
    return a document an excluded phrase contains."""

    def clause_docs(clause):
        return query_docs(searcher, substring_query(FIELDS[clause.field], clause.text))

    result = query_docs(searcher, filters) if filters is not None else None
    for group in parsed.groups:
        found = functools.reduce(np.union1d, (clause_docs(c) for c in group))
        result = found if result is None else np.intersect1d(result, found, assume_unique=True)
    if result is None:
        result = live_docs(searcher)
    for clause in parsed.excluded:
        if not len(result):
            break
        result = np.setdiff1d(result, clause_docs(clause), assume_unique=True)
    return result


def query_docs(searcher, query):
    """Sorted document numbers of a Term, Phrase, And or Or of them; Whoosh's own matching for
    anything else (a source name's one-character prefix)."""
    if isinstance(query, Q.Term):
        return term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, Q.Phrase):
        return phrase_docs(searcher, query.fieldname, query.words)
    if isinstance(query, (Q.And, Q.Or)):
        combine = np.intersect1d if isinstance(query, Q.And) else np.union1d
        return functools.reduce(combine, (query_docs(searcher, q) for q in query.subqueries))
    return np.array(sorted(query.docs(searcher)), dtype=np.int64)


def filters_query(filters):
    """The filters on fields indexed as terms, as one Whoosh query (None: no such filter). The
    others — date ranges, stored numbers — are applied to columns (counting.on_columns)."""
    parts = [
        Q.Or([Q.Term(facet.field, value) for value in filters.of(facet)])
        for facet in FACETS
        if facet.field in TERM_FIELDS and filters.of(facet)
    ]
    return Q.And(parts) if parts else None
