"""The parameters of /search/ and /api/search, validated: every bad value is a QueryError
naming its parameter, which the views turn into a 400."""

from dataclasses import dataclass, field

from django.utils.http import urlencode

from search.filters import Filters, one_of
from search.filters import parse as parse_filters
from search.query import MAX_QUERY_LENGTH, SORTS, ParsedQuery, QueryError, parse, parse_int

DEFAULT_PAGE_SIZE = 20
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
            return given(data, name)

        def single(name):
            return given_once(data, name)

        q = " ".join(values("q"))
        regional = single("regional")
        if regional not in (None, "on", "off"):
            raise QueryError("regional", f"regional={regional!r} must be on or off")
        regional = regional != "off"
        params = cls(q=q, query=parse(q, regional), regional=regional)
        params.filters = parse_filters(single, values)
        if (collapse := single("collapse")) is not None:
            if collapse not in ("reposts", "none"):
                raise QueryError("collapse", f"collapse={collapse!r} must be reposts or none")
            params.collapse = collapse == "reposts"
        if (sort := single("sort")) is not None:
            params.sort = one_of("sort", SORTS)(sort)
        if (page := single("page")) is not None:
            params.page = parse_int("page", page, 1, MAX_PAGE)
        if (size := single("page_size")) is not None:
            params.page_size = parse_int("page_size", size, 1, MAX_PAGE_SIZE)
        return params

    def marking_query(self):
        """The query string that makes a story page mark this search's terms (terms_to_mark
        reads it back), or "" without a query."""
        if not self.q:
            return ""
        return "?" + urlencode({"q": self.q, **({} if self.regional else {"regional": "off"})})


def terms_to_mark(data):
    """What a story page reached from a search marks (archive.marking): the query's terms that
    search the text, and other regions' words for them unless regional=off."""
    q = data.get("q", "")[:MAX_QUERY_LENGTH]
    return parse(q, regional=data.get("regional") != "off").highlight_terms() if q else []


def given(data, name):
    """The non-empty values of a parameter of a QueryDict, stripped."""
    found = [v.strip() for v in data.getlist(name) if v.strip()]
    if any("\x00" in v for v in found):  # no text holds one, and PostgreSQL refuses it in a lookup
        raise QueryError(name, f"{name} contains a NUL character")
    return found


def given_once(data, name, default=None):
    """The one value of a parameter (default when absent); a QueryError if given twice."""
    found = given(data, name)
    if len(found) > 1:
        raise QueryError(name, f"{name} may be given once")
    return found[0] if found else default
