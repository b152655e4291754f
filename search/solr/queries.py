"""A search (search.params.SearchParams) as Solr request parameters, and Solr's answer as a Found.

Matching is the Whoosh engine's: each clause of two or more characters is the phrase of its
bigrams in a bigram field (Solr's {!field} parser analyses it with the field's NGram tokenizer),
one character a term of a characters field; a group of clauses is an OR, the groups an AND, the
excluded clauses a NOT. That query is a filter of the main query, which only ranks: BM25 over
the query's words (whole words, then sub-words for less, the title's twice), so a story matches
or not whatever it scores. Texts travel as parameters of their own ($v1, $v2, …): nothing to
escape. Facets are Solr's, every value counted; with collapse=reposts the collapse filter is
tagged and the facets exclude it; the count of matching stories is then the sum of the reposts
facet's counts (every document is an original or a repost), which costs no other count.
"""

import re
from collections import Counter

from search.analysis import SUBWORD_WEIGHT
from search.engine import Found
from search.filters import FACETS, RANGES

# (bigram field, characters field) that each kind of clause matches in.
MATCH_FIELDS = {
    "": ("chars", "characters"),
    "title": ("title_chars", "title_characters"),
    "source": ("source_chars", "source_characters"),
}
# The word fields that rank each kind of rank part (search.query.ParsedQuery.rank_parts), with
# their weights: (whole words, sub-words).
RANK_FIELDS = {
    "text": (("words", 1.0), ("subwords", SUBWORD_WEIGHT)),
    "title": (("title_words", 2.0), ("title_subwords", 2.0 * SUBWORD_WEIGHT)),
}
MONTHS = "month"  # a field of the dated stories' YYYYMM: the timeline is its facet
SORTS = {
    "relevance": "score desc,date desc,article_id asc",
    "date": "date desc,article_id asc",
    "date_asc": "date asc,article_id asc",
}
# A repost cluster's representative: its original, else its earliest dated story (undated
# last), else the lowest id.
COLLAPSE = "{!collapse tag=collapse field=cluster sort='repost asc,date asc,article_id asc'}"


def escaped(value):
    """A value as one term of Lucene's query syntax."""
    return re.sub(r'([+\-!(){}\[\]^"~*?:\\/&|\s])', r"\\\1", value)


class Request:
    def __init__(self):
        self.params = {}

    def ref(self, value):
        """A reference to `value` as a parameter of its own."""
        key = f"v{len(self.params) + 1}"
        self.params[key] = value
        return "$" + key


def clause_query(request, clause):
    bigrams, characters = MATCH_FIELDS[clause.field]
    if len(clause.text) == 1:
        return f"{{!term f={characters} v={request.ref(clause.text)}}}"
    return f"{{!field f={bigrams} v={request.ref(clause.text)}}}"


def any_of(request, queries):
    if len(queries) == 1:
        return queries[0]
    return "{!bool " + " ".join(f"should={request.ref(q)}" for q in queries) + "}"


def matching_query(request, parsed):
    """The query that decides which stories match, or None (every story)."""
    must = [any_of(request, [clause_query(request, c) for c in group]) for group in parsed.groups]
    must_not = [clause_query(request, c) for c in parsed.excluded]
    if not must and not must_not:
        return None
    parts = [f"must={request.ref(q)}" for q in must or ["*:*"]] + [f"must_not={request.ref(q)}" for q in must_not]
    return "{!bool " + " ".join(parts) + "}"


def rank_queries(request, parsed):
    queries = []
    for fieldname, words in parsed.rank_parts():
        text = request.ref(" ".join(words))
        for number, (rank_field, weight) in enumerate(RANK_FIELDS[fieldname]):
            if len(words) == 1:
                query = f"{{!term f={rank_field} v={text}}}"
            elif number:
                continue  # sub-words have no positions: a phrase ranks by whole words only
            else:
                query = f"{{!field f={rank_field} v={text}}}"
            queries.append(query if weight == 1.0 else f"{{!boost b={weight} v={request.ref(query)}}}")
    return queries


def filter_queries(filters):
    fq = [f"{{!terms f={facet.field}}}" + ",".join(filters.of(facet)) for facet in FACETS if filters.of(facet)]
    for date_range in RANGES:
        if date_range.name in filters.ranges:
            low, high = (day.strftime("%Y%m%d") if day else "*" for day in filters.ranges[date_range.name])
            fq.append(f"{date_range.field}:[{low} TO {high}]")
    return fq


def base(params):
    """(Request, q, fq) of a search: matching and ranking, filters."""
    request = Request()
    match = matching_query(request, params.query)
    rank = rank_queries(request, params.query)
    if rank:
        q = (
            "{!bool "
            + " ".join([f"filter={request.ref(match or '*:*')}"] + [f"should={request.ref(r)}" for r in rank])
            + "}"
        )
    else:
        q = match or "*:*"
    return request, q, filter_queries(params.filters)


def search_request(params):
    """Solr parameters of a search's page, facets, timeline and counts."""
    request, q, fq = base(params)
    exclude = "{!ex=collapse}" if params.collapse else ""
    if params.collapse:
        fq.append(COLLAPSE)
    request.params.update(
        {
            "q": q,
            "fq": fq,
            "fl": "article_id",
            "sort": SORTS[params.sort],
            "distrib.singlePass": "true",  # the page's ids come with the first pass: one round trip to the shards less
            "start": (params.page - 1) * params.page_size,
            "rows": params.page_size,
            "facet": "true",
            "facet.mincount": 1,
            # Every value, the most common chosen here (search.facets.most_common): a limited
            # facet across shards picks among equal counts, and can miss a value whose count is
            # split between shards, differently as documents are routed.
            "facet.limit": -1,
            "facet.field": [exclude + field for field in [facet.field for facet in FACETS] + [MONTHS]],
        }
    )
    return request.params


def found(answer, params):
    """The Found of Solr's answer (a parsed JSON response) to search_request(params)."""
    fields = answer["facet_counts"]["facet_fields"]
    counted = {field: Counter(dict(zip(values[::2], values[1::2]))) for field, values in fields.items()}
    counters = {facet.param: counted[facet.field] for facet in FACETS}
    hits = answer["response"]["numFound"]
    count = counters["reposts"].total() if params.collapse else hits
    months = [(f"{m // 100:04d}-{m % 100:02d}", n) for m, n in sorted((int(m), n) for m, n in counted[MONTHS].items())]
    return Found(
        count=count,
        clusters=hits if params.collapse else None,
        counters=counters,
        months=months,
        ids=[doc["article_id"] for doc in answer["response"]["docs"]],
    )
