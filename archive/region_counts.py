"""How many published stories each region has, counting a story for its regions' ancestors."""

from collections import Counter

from django.utils.translation import get_language

from archive.models import Article, Region


def region_story_counts():
    parents = dict(Region.objects.values_list("adcode", "parent_id"))
    per_article = {}
    links = Article.regions.through.objects.filter(article__published=True).values_list("article_id", "region_id")
    for article_id, code in links:
        codes = per_article.setdefault(article_id, set())
        while code:
            codes.add(code)
            code = parents.get(code)
    return Counter(code for codes in per_article.values() for code in codes)


def reads_traditional():
    """Whether the reader's interface language is written in traditional characters: the
    archive's own labels (region names, stored simplified) are then shown in them."""
    return (get_language() or "").lower().startswith("zh-hant")


def region_listing(counts, traditional=False):
    """Provinces with stories, most stories first, each with its cities that have stories and
    under each city its districts that have stories (a municipality's districts, and a county
    a province governs directly, sit under the province): nested {region, name, count, places},
    places in adcode order. Names are in traditional script when `traditional`."""
    regions = {r.adcode: r for r in Region.objects.filter(adcode__in=counts)}
    below = {}
    for code in sorted(regions):
        below.setdefault(regions[code].parent_id, []).append(regions[code])

    def node(region):
        return {
            "region": region,
            "name": region.name_traditional if traditional else region.name,
            "count": counts[region.adcode],
            "places": [node(r) for r in below.get(region.adcode, [])],
        }

    provinces = [node(r) for r in regions.values() if r.level == Region.PROVINCE]
    return sorted(provinces, key=lambda p: (-p["count"], p["region"].adcode))
