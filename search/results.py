"""One search: parameters in, a plain dict out. /api/search and /search/ both render this; the
configured engine (search.engine) matches, counts and picks the page."""

from collections import Counter

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import Coalesce, RowNumber

from archive.highlight import snippet
from archive.models import Article, Capture, Region, Source
from archive.serialize import article_record
from archive.text import normalise
from search.engine import engine
from search.facets import facets

RESULT_FIELDS = ("id", "title", "title_simplified", "title_traditional", "date", "source", "regions", "script", "url")
# What a result row reads of its story (not the text as collected, nor the JSON fields): one
# query, and one for the regions with their parents.
SHOWN_FIELDS = ("title", "body_clean", "script", "date", "published", "repost_of", "source__name")
ALSO_RUN_LISTED = 10  # stories of its cluster a collapsed row links to (also_run_by's count counts them all)


def run(params):
    found = engine().search(params)
    ids = found.ids
    articles = (
        Article.objects.filter(pk__in=ids, published=True)
        .only(*SHOWN_FIELDS)
        .select_related("source")
        .prefetch_related(Prefetch("regions", queryset=Region.objects.select_related("parent__parent")))
        .in_bulk()
    )
    terms = params.query.highlight_terms()
    regional = params.query.regional_clauses()
    results = []
    for pk in ids:
        if pk in articles:
            record = article_record(articles[pk], RESULT_FIELDS)
            record["snippet"] = snippet(articles[pk].body_clean, terms)
            record["regional_matches"] = regional_matches(articles[pk], regional) if regional else []
            results.append(record)
    if params.collapse:
        add_also_run_by(results, articles)
    return {
        "count": found.count,
        "clusters": found.clusters,
        "collapse": "reposts" if params.collapse else None,
        "regional": "on" if params.regional else "off",
        "page": params.page,
        "page_size": params.page_size,
        "results": results,
        "facets": facets(found.counters, params.filters.values.get("region", [])),
        "timeline": [{"month": month, "count": n} for month, n in found.months],
    }


def regional_matches(article, clauses):
    """The other regions' words through which the story matched: those it holds where it does
    not hold the term the reader typed."""
    texts = {"": normalise(article.searchable_text()), "title": normalise(article.title)}
    return [
        {"typed": c.typed, "word": c.regional.text, "region": c.regional.region}
        for c in clauses
        if c.text in texts[c.field] and c.typed not in texts[c.field]
    ]


def add_also_run_by(results, articles):
    """Each collapsed row: how many other stories of its cluster there are, and their sources,
    counted per source in SQL, from the cluster_members index (large clusters are common); and
    the first ALSO_RUN_LISTED of them, each with its site and story page (listed_stories)."""
    clusters = {r["id"]: articles[r["id"]].repost_of_id or r["id"] for r in results}
    rows = (
        Article.objects.filter(published=True)
        .in_clusters(set(clusters.values()))
        .annotate(cluster=Coalesce("repost_of_id", "pk"))
        .order_by()
        .values_list("cluster", "source_id")
        .annotate(stories=Count("pk"))
    )
    by_cluster = {}
    for cluster, source, stories in rows:
        by_cluster.setdefault(cluster, Counter())[source] += stories
    listed = listed_stories(set(clusters.values()))
    names = dict(
        Source.objects.filter(pk__in={s for c in by_cluster.values() for s in c if s}).values_list("pk", "name")
    )
    for record in results:
        others = by_cluster.get(clusters[record["id"]], Counter()) - Counter([articles[record["id"]].source_id])
        record["also_run_by"] = {
            "count": others.total(),
            "sources": sorted({names[s] for s in others if s}),
            "stories": [s for s in listed[clusters[record["id"]]] if s["id"] != record["id"]][:ALSO_RUN_LISTED],
        }


def listed_stories(originals):
    """{original: [{id, url, site, source}]}: the first ALSO_RUN_LISTED + 1 published stories of
    each of these clusters (the original, then in the order stored), enough to list
    ALSO_RUN_LISTED besides any one of them; each with the host of its newest capture (None for
    a plain file). Two queries whatever the page holds: the stories, ranked in their cluster by
    the database, and their captures."""
    cluster = Coalesce("repost_of_id", "pk")
    stories = (
        Article.objects.filter(published=True)
        .in_clusters(originals)
        .annotate(
            place=Window(RowNumber(), partition_by=cluster, order_by=[F("repost_of_id").asc(nulls_first=True), "pk"])
        )
        .filter(place__lte=ALSO_RUN_LISTED + 1)
        .order_by("place")
        .only("pk", "repost_of", "source__name")
        .select_related("source")
        .prefetch_related(
            Prefetch(
                "captures",
                queryset=Capture.objects.only(
                    "pk", "article", "original_url", "site", "captured_at", "stored_at", "missing"
                ),
            )
        )
    )
    listed = {original: [] for original in originals}
    for story in stories:
        newest = story.newest_capture()
        listed[story.repost_of_id or story.pk].append(
            {
                "id": story.pk,
                "url": story.get_absolute_url(),
                "site": newest.site if newest and newest.site else None,
                "source": story.source.name if story.source else None,
            }
        )
    return listed


def matching_ids(params):
    """Article ids of every match, in id order: what an export of this search holds."""
    return engine().matching_ids(params)
