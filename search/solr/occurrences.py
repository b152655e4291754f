"""Engine.occurrences as one Solr request: the stories the search matches (queries.matching_query
under its filters, rows=0), with a JSON facet per term summing its term frequency over them
(termfreq of the characters field for a character, of the bigram field for a two-character
term). The characters fields keep term frequencies for this (configset schema.xml).

Solr's functions count terms, not phrases: a term of three or more characters, or one that can
overlap itself (哈哈, where str.count counts 哈哈哈 once and the bigram twice), is left out and
the concordance counts it by reading the stories.
"""

import json

from search.solr import queries


def countable(text):
    return len(text) == 1 or (len(text) == 2 and text[0] != text[1])


def occurrences_request(params, terms):
    """(Solr parameters, {facet name: (field, text)}) for the countable terms."""
    request = queries.Request()
    named = {f"t{number}": term for number, term in enumerate(t for t in terms if countable(t[1]))}
    facets = {}
    for name, (field, text) in named.items():
        bigrams, characters = queries.MATCH_FIELDS[field]
        facets[name] = f"sum(termfreq({characters if len(text) == 1 else bigrams},{request.ref(text)}))"
    request.params.update(
        {
            "q": queries.matching_query(request, params.query) or "*:*",
            "fq": queries.filter_queries(params.filters),
            "rows": 0,
            "json.facet": json.dumps(facets),
        }
    )
    return request.params, named


def counted(answer, named):
    """{(field, text): occurrences} from Solr's answer (a sum over no story is left out of it)."""
    facets = answer.get("facets", {})
    return {term: round(facets.get(name, 0)) for name, term in named.items()}
