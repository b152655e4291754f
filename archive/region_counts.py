"""How many published stories each region has, counting a story for its regions' ancestors."""
from collections import Counter

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


def region_listing(counts):
    """Provinces with stories, each with its cities and districts that have stories."""
    regions = {r.adcode: r for r in Region.objects.filter(adcode__in=counts)}
    provinces = []
    for code, region in sorted(regions.items()):
        if region.level == Region.PROVINCE:
            below = [r for r in regions.values() if r.parent_id == code or (r.parent and r.parent.parent_id == code)]
            provinces.append({
                "region": region,
                "count": counts[code],
                "places": [{"region": r, "count": counts[r.adcode]} for r in sorted(below, key=lambda r: r.adcode)],
            })
    return sorted(provinces, key=lambda p: -p["count"])
