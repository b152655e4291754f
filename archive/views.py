"""Pages and JSON of the record: home, a story, its raw text, the regions listing."""

import datetime

from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from archive.highlight import highlight
from archive.marking import terms_to_mark
from archive.models import Article, Region
from archive.region_counts import reads_traditional, region_listing, region_story_counts
from archive.reposts import changes
from archive.status import absences, returns
from archive.text import to_simplified, to_traditional
from archive.versions import diff

NEWEST = 10
TOP_PLACES = 12


def visible_articles(request):
    """Unpublished stories exist only for staff."""
    articles = Article.objects.select_related("source").prefetch_related("regions__parent__parent")
    if request.user.is_authenticated and request.user.is_staff:
        return articles
    return articles.filter(published=True)


def get_visible(request, pk):
    try:
        return visible_articles(request).with_provenance().get(pk=pk)
    except Article.DoesNotExist:
        raise Http404(f"no article with id {pk}") from None


def article_raw(request, pk):
    return HttpResponse(get_visible(request, pk).body_raw, content_type="text/plain; charset=utf-8")


def same_story_elsewhere(request, article):
    """The other stories of the article's repost cluster, the original first, each with what it
    added to the original's text and what it dropped (archive.reposts.changes)."""
    original_id = article.repost_of_id or article.pk
    members = visible_articles(request).in_clusters([original_id]).exclude(pk=article.pk)
    original = article if original_id == article.pk else next((m for m in members if m.pk == original_id), None)
    rows = []
    for member in sorted(members, key=lambda m: (m.pk != original_id, m.date or datetime.date.max, m.pk)):
        compared = changes(original.body_clean, member.body_clean) if original and member != original else []
        rows.append({"article": member, "original": member.pk == original_id, "changes": compared})
    return rows


def chosen_versions(request, versions):
    """The two versions to compare: ?diff_from=&diff_to= (version ids of this story), by default
    the one before the newest and the newest; (None, None) for a story with one version."""
    by_id = {str(v.pk): v for v in versions}
    chosen = []
    for name, default in (("diff_from", versions[-2] if len(versions) > 1 else None), ("diff_to", versions[-1])):
        value = request.GET.get(name)
        if value is None:
            chosen.append(default)
        elif value in by_id:
            chosen.append(by_id[value])
        else:
            raise ValueError(f"{name}={value!r} is not the id of a version of this story")
    return tuple(chosen) if chosen[0] else (None, None)


def article_page(request, pk):
    """Simplified and traditional side by side, paragraph by paragraph, the query marked in both;
    where the story is no longer found, and what changed between its versions."""
    article = get_visible(request, pk)
    q = request.GET.get("q", "")[:500]
    terms = terms_to_mark(request.GET)
    rows = [
        {"simplified": highlight(to_simplified(p), terms), "traditional": highlight(to_traditional(p), terms)}
        for p in (line.strip() for line in article.body_clean.split("\n"))
        if p
    ]
    versions = list(article.versions.order_by("seen_at", "id"))
    try:
        diff_from, diff_to = chosen_versions(request, versions)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    captures = article.captures.all()
    context = {
        "article": article,
        "rows": rows,
        "captures": captures,
        "absences": absences(captures),
        "returns": returns(captures),
        "versions": versions,
        "diff_from": diff_from,
        "diff_to": diff_to,
        "diff": diff(diff_from.body_clean, diff_to.body_clean) if diff_from else [],
        "elsewhere": same_story_elsewhere(request, article),
        "q": q,
        "title_simplified": highlight(article.title_simplified, terms),
        "title_traditional": highlight(article.title_traditional, terms),
        "original": Article.TRADITIONAL if article.script == Article.TRADITIONAL else Article.SIMPLIFIED,
    }
    return render(request, "archive/article.html", context)


def place_name(region, traditional):
    """A region with its ancestors (province › city › district), in the reader's script."""
    return " › ".join(r.name_traditional if traditional else r.name for r in region.path())


def home(request):
    counts, traditional = region_story_counts(), reads_traditional()
    places = Region.objects.filter(adcode__in=counts).select_related("parent__parent")
    provinces = sorted((r for r in places if r.level == Region.PROVINCE), key=lambda r: -counts[r.adcode])
    districts = sorted((r for r in places if r.level != Region.PROVINCE), key=lambda r: (-counts[r.adcode], r.adcode))
    return render(
        request,
        "home.html",
        {
            "provinces": [(r, place_name(r, traditional), counts[r.adcode]) for r in provinces[:TOP_PLACES]],
            "districts": [(r, place_name(r, traditional), counts[r.adcode]) for r in districts[:TOP_PLACES]],
            "newest": visible_articles(request)
            .filter(published=True)
            .order_by(F("date").desc(nulls_last=True), "-id")[:NEWEST],
            "total": Article.objects.filter(published=True).count(),
        },
    )


def regions_page(request):
    """Provinces › their cities › their districts, each with its count, named in the script of
    the interface language."""
    listing = region_listing(region_story_counts(), traditional=reads_traditional())
    return render(request, "archive/regions.html", {"provinces": listing})
