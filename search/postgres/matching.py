"""A parsed query's stories: the sorted article ids of exactly the kept stories that match (the
filters are the kept columns' business: search/columns.py, filtered).

Each clause is the set of stories holding its text (search/query.py: exact substrings of the
normalised text): those whose field's gram postings (postings.GRAMS, grams.py) hold all of the
clause's bigrams — its character, for one character — and, from three characters on, whose
field's text holds it: bigrams can all be there apart from one another, so strpos over
search_text confirms those stories, one statement for the lone clauses of one field. The query
is set algebra over them, in numpy: a group's clauses unite, the groups intersect, the
exclusions are taken away; each set is confirmed only among the stories still in the result,
the sets that need no confirming first."""
from collections import defaultdict

import numpy as np

from search.postgres import grams, postings, schema

FIELDS = {"": schema.TEXT, "title": schema.TITLE, "source": schema.SOURCE}
CONFIRM = "SELECT article_id FROM search_text WHERE field = %s AND article_id = ANY(%s)"


def key(parsed):
    """What identifies a parsed query's stories (columns.py keeps them under it)."""
    return repr((parsed.groups, parsed.excluded))


def query_ids(cursor, parsed, texts):
    """The sorted ids of the stories that match the parsed query, among the kept ones (`texts`:
    their texts numbers by article id, 0 for none)."""
    clauses = [clause for group in (*parsed.groups, parsed.excluded) for clause in group]
    term_keys = {clause.text: grams.query_keys(clause.text) for clause in clauses}
    holders = _holders(cursor, {(clause.field, gram) for clause in clauses for gram in term_keys[clause.text]}, texts)

    def holding(field, terms, within):
        """The stories among `within` (None: all) whose `field` holds all of these terms."""
        ids = within
        for term in terms:
            for gram in term_keys[term]:
                ids = holders[field, gram] if ids is None else np.intersect1d(ids, holders[field, gram], assume_unique=True)
        confirmed = [term for term in terms if _confirmed([term])]
        if confirmed and len(ids):
            cursor.execute(CONFIRM + " AND strpos(text, %s) > 0" * len(confirmed), [FIELDS[field], ids.tolist(), *confirmed])
            ids = np.array(sorted(pk for pk, in cursor.fetchall()), np.int64)
        return ids

    alone = defaultdict(list)
    for group in parsed.groups:
        if len(group) == 1:
            alone[group[0].field].append(group[0].text)
    required = [(_confirmed(terms), lambda within, field=field, terms=terms: holding(field, terms, within))
                for field, terms in alone.items()]
    required += [(_confirmed([c.text for c in group]),
                  lambda within, group=group: _union([holding(c.field, [c.text], within) for c in group]))
                 for group in parsed.groups if len(group) > 1]
    found = None
    for _, stories in sorted(required, key=lambda item: item[0]):  # those needing no strpos first
        found = stories(found)
    if found is None:
        found = np.flatnonzero(texts)
    for clause in parsed.excluded:
        found = np.setdiff1d(found, holding(clause.field, [clause.text], found), assume_unique=True)
    return found


def _confirmed(terms):
    """Whether strpos must confirm some of these terms."""
    return any(len(term) > 2 for term in terms)


def _union(sets):
    return np.unique(np.concatenate(sets))


def _holders(cursor, wanted, texts):
    """{(field, gram key): the sorted ids of the kept stories whose field holds it}."""
    found = postings.current_postings(cursor, {(schema.GRAM_FIELDS[FIELDS[field]], gram) for field, gram in wanted}, texts)
    return {(field, gram): found[schema.GRAM_FIELDS[FIELDS[field]], gram][0] for field, gram in wanted}
