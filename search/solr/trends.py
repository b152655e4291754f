"""A trend (search.engine.Engine.trend) as one Solr request, and Solr's answer as its counts.

One select over the filters (rows=0) with JSON facets: the month field's terms over every
story under the filters, and a query facet per parsed query (its matching query, as a search's:
queries.matching_query) holding the same; inside each, when split, a query facet per region
(a term of the regions field, which holds each story's regions and their ancestors) holding
the months again. Months are read whole (limit -1: exact across shards) and summed into the
trend's periods here; the undated stories are the domain's count less its months' counts (an
undated story has no month).
"""

import json
from collections import Counter

from search import periods
from search.solr import queries


def month_facet():
    return {"months": {"type": "terms", "field": queries.MONTHS, "limit": -1, "mincount": 1}}


def domain_facets(regions):
    """The facets of one domain: its months, and each region's months when split."""
    facets = month_facet()
    for number, adcode in enumerate(regions):
        facets[f"r{number}"] = {"type": "query", "q": f"{{!term f=regions}}{adcode}", "facet": month_facet()}
    return facets


def trend_request(params, parsed_queries, regions):
    """Solr parameters of a trend's one request."""
    request = queries.Request()
    facets = domain_facets(regions)
    for number, parsed in enumerate(parsed_queries):
        match = queries.matching_query(request, parsed) or "*:*"
        facets[f"q{number}"] = {"type": "query", "q": match, "facet": domain_facets(regions)}
    request.params.update(
        {"q": "*:*", "fq": queries.filter_queries(params.filters), "rows": 0, "json.facet": json.dumps(facets)}
    )
    return request.params


def by_period(domain, by):
    """Counter of period key (None: undated) -> stories of one facet domain of Solr's answer
    (a domain that matched nothing comes back without its sub-facets)."""
    counter = Counter()
    for bucket in domain.get("months", {}).get("buckets", []):
        counter[periods.key(int(bucket["val"]), by)] += bucket["count"]
    undated = domain.get("count", 0) - counter.total()
    if undated:
        counter[None] = undated
    return counter


def counted(answer, parsed_queries, by, regions):
    """Engine.trend's counts from Solr's answer to trend_request."""
    out = {}
    top = answer.get("facets", {})
    domains = {None: top, **{i: top.get(f"q{i}", {}) for i in range(len(parsed_queries))}}
    for i, domain in domains.items():
        out[i, None] = by_period(domain, by)
        for number, adcode in enumerate(regions):
            out[i, adcode] = by_period(domain.get(f"r{number}", {}), by)
    return out
