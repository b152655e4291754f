"""Term trends over time and place: for each query (up to MAX_QUERIES), the stories that match
it per period (month, quarter or year) and their share of all stories of that period, per
10,000, optionally split by the regions directly under the chosen one. /trends/ and its JSON
and CSV twins render gather()'s dict.

"All stories" of a period are the published stories of that period under the same filters,
without q; of a region's series, those of that region. The counts are the engine's
(Engine.trend: one pass, or one Solr request, for every query and region) and equal what
/api/search counts for the same filters, the period's days as date_from/date_to and, split,
the region as region=. Undated stories belong to no period: they are counted apart.
"""

from dataclasses import dataclass, field

from archive.models import Region
from search import periods
from search.engine import engine
from search.filters import one_of
from search.params import SearchParams, given_once
from search.query import QueryError, parse

MAX_QUERIES = 6
SPLITS = ("province", "city")
PER = 10_000


@dataclass
class TrendParams:
    params: SearchParams  # the filters (its q is left empty: each query is counted apart)
    queries: list = field(default_factory=list)  # [(q as typed, ParsedQuery)]
    by: str = "month"
    split: str | None = None
    regions: list = field(default_factory=list)  # the Regions a split counts apart

    @classmethod
    def from_request(cls, data):
        """From a QueryDict; every bad value a QueryError naming its parameter."""
        rest = data.copy()
        typed = [q.strip() for q in rest.pop("q", []) if q.strip()]
        params = SearchParams.from_request(rest)
        if len(typed) > MAX_QUERIES:
            raise QueryError("q", f"{len(typed)} queries given; a trend compares at most {MAX_QUERIES}")
        queries = []
        for q in typed:
            parsed = parse(q, params.regional)
            if not parsed.groups and not parsed.excluded:
                raise QueryError("q", f"q={q!r} has nothing to search for")
            queries.append((q, parsed))
        by = one_of("by", periods.BY)(given_once(data, "by", "month"))
        split = given_once(data, "split")
        split = split and one_of("split", SPLITS)(split)
        return cls(params, queries, by, split, split_regions(split, params.filters.values.get("region", [])))


def split_regions(split, chosen):
    """The regions directly under the chosen one that a split counts apart: the provinces, or
    the cities (a municipality's districts) of the one province chosen with region=. The
    chosen region stays a filter: a province's city is inside it, so its series counts what
    region=<city> alone counts."""
    if split is None:
        return []
    if split == "province":
        if chosen:
            raise QueryError("split", "split=province splits the whole country: leave out region=, or split=city")
        return list(Region.objects.filter(level=Region.PROVINCE))
    if len(chosen) != 1:
        raise QueryError("split", "split=city splits one province: choose it with region= (once)")
    province = Region.objects.get(adcode=chosen[0])
    if province.level != Region.PROVINCE:
        raise QueryError("region", f"split=city splits a province; region={province.adcode} is a {province.level}")
    return list(province.children.all())


def shares(counts, totals):
    """Each count per PER stories of its period (None where the period has none)."""
    return [round(n * PER / total, 2) if total else None for n, total in zip(counts, totals)]


def days_within(days, filters):
    """A period's [first day, last day] (ISO) within the date range the filters set, if any: the
    date_from and date_to of the search that counts it."""
    first, last = days
    start, end = filters.ranges.get("date", (None, None))
    return [max(first, start or first).isoformat(), min(last, end or last).isoformat()]


def gather(trend):
    """The trend of a TrendParams as a plain dict: {by, split, periods, ranges (each period's
    first and last day, within the filters' dates), totals, undated, series: [{q, region, region_name, counts, per_10k,
    totals, undated}]}. Periods run from the first to the
    last period with any story under the filters, gaps included; a series' totals are its
    denominators (the region's stories of each period when split)."""
    adcodes = [region.adcode for region in trend.regions]
    counted = engine().trend(trend.params, [parsed for _, parsed in trend.queries], trend.by, adcodes)
    whole = counted[None, None]
    dated = [key for key in whole if key is not None]
    keys = list(range(min(dated), max(dated) + 1)) if dated else []
    totals = [whole[key] for key in keys]
    # A split shows the regions that have stories under the filters, most first.
    regions = sorted(
        (r for r in trend.regions if counted[None, r.adcode].total()),
        key=lambda r: (-counted[None, r.adcode].total(), r.adcode),
    )
    series = []
    for i, q in [(i, q) for i, (q, _) in enumerate(trend.queries)] or [(None, None)]:
        for region in regions or [None]:
            adcode = region.adcode if region else None
            counts = [counted[i, adcode][key] for key in keys]
            base = [counted[None, adcode][key] for key in keys] if region else totals
            series.append(
                {
                    "q": q,
                    "region": adcode,
                    "region_name": region.name if region else None,
                    "counts": counts,
                    "per_10k": shares(counts, base),
                    "totals": base,
                    "undated": counted[i, adcode][None],
                }
            )
    return {
        "by": trend.by,
        "split": trend.split,
        "periods": [periods.label(key, trend.by) for key in keys],
        "totals": totals,
        "undated": whole[None],
        "series": series,
        "ranges": [days_within(periods.days(key, trend.by), trend.params.filters) for key in keys],
    }
