"""One search: parameters in, a plain dict out. /api/search and /search/ both render this."""
import heapq

from archive.models import Article
from archive.serialize import article_record
from search import facets as facet_counts
from search.highlight import snippet
from search.indexing import backend
from search.query import matching_docs, rank_query

RESULT_FIELDS = ("id", "title", "title_simplified", "title_traditional", "date", "source", "regions", "script", "url")


def run(params):
    engine = backend()
    with engine.reading() as searcher:
        docnums = matching_docs(searcher, params.query, params.filters.to_whoosh())
        values = facet_counts.document_values(searcher, engine.path)
        counters = facet_counts.count(values, docnums)
        months = facet_counts.months(values, docnums)
        ids = page_ids(searcher, docnums, values, params)
    articles = Article.objects.filter(pk__in=ids, published=True).select_related("source").prefetch_related(
        "regions__parent__parent"
    ).in_bulk()
    terms = params.query.highlight_terms()
    results = []
    for pk in ids:
        if pk in articles:
            record = article_record(articles[pk], RESULT_FIELDS)
            record["snippet"] = snippet(articles[pk].body_clean, terms)
            results.append(record)
    return {
        "count": len(docnums),
        "page": params.page,
        "page_size": params.page_size,
        "results": results,
        "facets": facet_counts.facets(counters, params.filters.regions),
        "timeline": [{"month": month, "count": n} for month, n in months],
    }


def page_ids(searcher, docnums, values, params):
    """Article ids of the requested page: best first, or newest or oldest first (undated last).

    Relevance orders by the rank query; any matching document it did not score (it only
    ranks, the set was decided by matching_docs) follows, so a page never loses a story."""
    offset = (params.page - 1) * params.page_size
    if offset >= len(docnums):
        return []
    limit = offset + params.page_size
    sort = params.sort if params.query.groups or params.sort != "relevance" else "date"
    if sort == "relevance":
        ordered = [hit.docnum for hit in searcher.search(rank_query(params.query), filter=docnums, limit=limit)]
        if len(ordered) < limit:
            seen = set(ordered)
            ordered += [d for d in sorted(docnums) if d not in seen][: limit - len(ordered)]
    else:
        newest = sort == "date"
        ordered = heapq.nsmallest(
            limit, docnums, key=lambda d: (values[d][4] == 0, -values[d][4] if newest else values[d][4], d)
        )
    return [values[d][5] for d in ordered[offset:limit]]


def matching_ids(params):
    """Article ids of every match, in id order: what an export of this search holds."""
    engine = backend()
    with engine.reading() as searcher:
        docnums = matching_docs(searcher, params.query, params.filters.to_whoosh())
        values = facet_counts.document_values(searcher, engine.path)
        return sorted(values[d][5] for d in docnums)
