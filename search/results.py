"""One search: parameters in, a plain dict out. /api/search and /search/ both render this."""
from collections import Counter

import numpy as np
from django.db.models import Count
from django.db.models.functions import Coalesce

from archive.models import Article, Source
from archive.serialize import article_record
from search import facets as facet_counts
from search.highlight import snippet
from search.indexing import backend
from search.query import matching_docs
from search.ranking import ranked

RESULT_FIELDS = ("id", "title", "title_simplified", "title_traditional", "date", "source", "regions", "script", "url")


def run(params):
    engine = backend()
    with engine.reading() as searcher:
        cols, selected = matching(searcher, engine.path, params)
        counters = facet_counts.count(cols, selected)
        months = facet_counts.months(cols, selected)
        shown = facet_counts.one_per_cluster(cols, selected) if params.collapse else selected
        ids = page_ids(searcher, shown, cols, params)
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
    if params.collapse:
        add_also_run_by(results, articles)
    return {
        "count": len(selected),
        "clusters": len(shown) if params.collapse else None,
        "collapse": "reposts" if params.collapse else None,
        "page": params.page,
        "page_size": params.page_size,
        "results": results,
        "facets": facet_counts.facets(counters, params.filters.regions),
        "timeline": [{"month": month, "count": n} for month, n in months],
    }


def add_also_run_by(results, articles):
    """Each collapsed row: how many other stories of its cluster there are, and their sources;
    counted per source in SQL, from the cluster_members index (large clusters are common)."""
    clusters = {r["id"]: articles[r["id"]].repost_of_id or r["id"] for r in results}
    rows = (Article.objects.filter(published=True).in_clusters(set(clusters.values()))
            .annotate(cluster=Coalesce("repost_of_id", "pk")).order_by()
            .values_list("cluster", "source_id").annotate(stories=Count("pk")))
    by_cluster = {}
    for cluster, source, stories in rows:
        by_cluster.setdefault(cluster, Counter())[source] += stories
    names = dict(Source.objects.filter(pk__in={s for c in by_cluster.values() for s in c if s}).values_list("pk", "name"))
    for record in results:
        others = by_cluster.get(clusters[record["id"]], Counter()) - Counter([articles[record["id"]].source_id])
        record["also_run_by"] = {"count": others.total(), "sources": sorted({names[s] for s in others if s})}


def page_ids(searcher, selected, cols, params):
    """Article ids of the requested page: best first, or newest or oldest first (undated last).

    Relevance orders by search.ranking; the matching documents it did not score (it only
    ranks, the set was decided by matching_docs) follow, newest first, so a page never loses
    a story."""
    offset = (params.page - 1) * params.page_size
    if offset >= len(selected):
        return []
    limit = offset + params.page_size
    ordered = ranked(searcher, params.query, selected, limit) if params.sort == "relevance" else []
    if len(ordered) < limit:
        rest = selected[~np.isin(selected, ordered)] if ordered else selected
        ordered += by_date(rest, cols.date, newest=params.sort != "date_asc")[: limit - len(ordered)].tolist()
    return cols.article_id[ordered[offset:limit]].tolist()


def by_date(docnums, dates, newest):
    """docnums ordered by date (newest or oldest first), undated last, then by docnum."""
    values = dates[docnums]
    key = np.where(values == 0, np.iinfo(np.int64).max, -values if newest else values)
    return docnums[np.lexsort((docnums, key))]


def matching(searcher, index_path, params):
    """(the index's Columns, the sorted document numbers that match the query and filters)."""
    selected = matching_docs(searcher, params.query, params.filters.to_whoosh())
    cols = facet_counts.columns(searcher, index_path)
    filters = params.filters
    if filters.date_from or filters.date_to:
        selected = facet_counts.within_dates(cols.date, selected, filters.date_from, filters.date_to)
    if filters.captured_from or filters.captured_to:
        selected = facet_counts.within_dates(cols.captured, selected, filters.captured_from, filters.captured_to)
    if filters.reposts:
        selected = facet_counts.of_kind(cols, selected, filters.reposts)
    return cols, selected


def matching_ids(params):
    """Article ids of every match, in id order: what an export of this search holds."""
    engine = backend()
    with engine.reading() as searcher:
        cols, selected = matching(searcher, engine.path, params)
        return sorted(cols.article_id[selected].tolist())
