"""The parameters of /search/ and /api/search, validated: every bad value is a QueryError
naming its parameter, which the views turn into a 400."""
import re
from dataclasses import dataclass, field

from archive.models import Capture, Region, Source
from search.query import SCRIPTS, SORTS, Filters, ParsedQuery, QueryError, parse, parse_date, parse_int

DEFAULT_PAGE_SIZE = 20
REPOST_KINDS = ("originals", "reposts")
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000


@dataclass
class SearchParams:
    q: str = ""
    query: ParsedQuery = field(default_factory=ParsedQuery)
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    collapse: bool = False  # one row per repost cluster
    regional: bool = True  # terms also find other regions' words for them (search.regional_words)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def from_request(cls, data):
        """From a QueryDict (request.GET). Empty values count as absent."""
        def values(name):
            found = [v.strip() for v in data.getlist(name) if v.strip()]
            if any("\x00" in v for v in found):  # no text holds one, and PostgreSQL refuses it in a lookup
                raise QueryError(name, f"{name} contains a NUL character")
            return found

        def single(name):
            found = values(name)
            if len(found) > 1:
                raise QueryError(name, f"{name} may be given once")
            return found[0] if found else None

        q = " ".join(values("q"))
        regional = single("regional")
        if regional not in (None, "on", "off"):
            raise QueryError("regional", f"regional={regional!r} must be on or off")
        regional = regional != "off"
        params = cls(q=q, query=parse(q, regional), regional=regional)
        params.filters.regions = [_region(code) for code in values("region")]
        params.filters.sources = [_source(value) for value in values("source")]
        params.filters.sites = [_site(value) for value in values("site")]
        if (year := single("year")) is not None:
            params.filters.year = str(parse_int("year", year, 1000, 2999))
        if (script := single("script")) is not None:
            if script not in SCRIPTS:
                raise QueryError("script", f"script={script!r} must be one of {', '.join(SCRIPTS)}")
            params.filters.script = script
        for start, end in (("date_from", "date_to"), ("captured_from", "captured_to")):
            for name in (start, end):
                if (value := single(name)) is not None:
                    setattr(params.filters, name, parse_date(name, value))
            if getattr(params.filters, start) and getattr(params.filters, end) and getattr(
                    params.filters, start) > getattr(params.filters, end):
                raise QueryError(start, f"{start} is after {end}")
        if (kind := single("reposts")) is not None:
            if kind not in REPOST_KINDS:
                raise QueryError("reposts", f"reposts={kind!r} must be one of {', '.join(REPOST_KINDS)}")
            params.filters.reposts = kind
        if (collapse := single("collapse")) is not None:
            if collapse not in ("reposts", "none"):
                raise QueryError("collapse", f"collapse={collapse!r} must be reposts or none")
            params.collapse = collapse == "reposts"
        if (sort := single("sort")) is not None:
            if sort not in SORTS:
                raise QueryError("sort", f"sort={sort!r} must be one of {', '.join(SORTS)}")
            params.sort = sort
        if (page := single("page")) is not None:
            params.page = parse_int("page", page, 1, MAX_PAGE)
        if (size := single("page_size")) is not None:
            params.page_size = parse_int("page_size", size, 1, MAX_PAGE_SIZE)
        return params


def _region(code):
    if not Region.objects.filter(adcode=code).exists():
        raise QueryError("region", f"region={code!r} is not an adcode of a known region (see /regions/)")
    return code


def _site(value):
    """A site (an address's host) that some capture has."""
    if not Capture.objects.filter(site=value.lower()).exists():
        raise QueryError("site", f"site={value!r} is not the host of any captured page")
    return value.lower()


def _source(value):
    """A source by id, or by its name in either script."""
    if re.fullmatch(r"[0-9]{1,18}", value):  # not str.isdigit: '³' is a digit to it, and int() refuses it
        found = Source.objects.filter(pk=int(value)).values_list("pk", flat=True).first()
    else:
        found = Source.objects.filter(name_simplified=Source.key(value)).values_list("pk", flat=True).first()
    if found is None:
        raise QueryError("source", f"source={value!r} is not a known source id or name")
    return found
