"""The filters of a search and the facets that count them, each defined once: its request
parameter, how a value is checked and what it becomes, the index field (search_indexes.py)
that holds a story's value, how a counted value is linked and shown, its OpenAPI entry.
search.params parses requests with these, each engine translates them (search/whoosh/,
search/solr/queries.py), search.facets and search.pages show them, search.openapi describes
them, and the export takes them as the search does."""

import re
from dataclasses import dataclass, field

from archive.models import Article, Capture, Region, Source
from search.query import SCRIPTS, QueryError, parse_date, parse_int


@dataclass(frozen=True)
class Facet:
    """A filter on one of a story's indexed values, and the facet of the results that counts
    them. A story passes when it has any of the values asked for."""

    param: str  # request parameter, and the facet's name in the results
    field: str  # the index field with each story's value(s) (search_indexes.ArticleIndex)
    repeatable: bool  # the parameter may be given several times
    check: object  # value as given -> value as indexed, or QueryError
    schema: dict  # OpenAPI schema of one value
    description: str
    indexed: dict = field(default_factory=dict)  # given -> indexed, where they differ (reposts: originals -> 0)

    def shown(self, value):
        """The parameter value that asks for an indexed value (what a facet's link sets)."""
        return next((given for given, indexed in self.indexed.items() if indexed == value), value)


@dataclass(frozen=True)
class DateRange:
    """A filter on one of a story's days (YYYYMMDD in the index, absent when unknown): from
    and to, both inclusive, either may be left out."""

    name: str  # the parameters are name_from and name_to
    field: str
    description: str

    @property
    def params(self):
        return f"{self.name}_from", f"{self.name}_to"


def region(code):
    if not Region.objects.filter(adcode=code).exists():
        raise QueryError("region", f"region={code!r} is not an adcode of a known region (see /regions/)")
    return code


def source(value):
    """A source by id, or by its name in either script; indexed as its id."""
    if re.fullmatch(r"[0-9]{1,18}", value):  # not str.isdigit: '³' is a digit to it, and int() refuses it
        found = Source.objects.filter(pk=int(value)).values_list("pk", flat=True).first()
    else:
        found = Source.objects.filter(name_simplified=Source.key(value)).values_list("pk", flat=True).first()
    if found is None:
        raise QueryError("source", f"source={value!r} is not a known source id or name")
    return str(found)


def site(value):
    """A site (an address's host) that some capture has."""
    if not Capture.objects.filter(site=value.lower()).exists():
        raise QueryError("site", f"site={value!r} is not the host of any captured page")
    return value.lower()


def one_of(param, choices):
    def check(value):
        if value not in choices:
            raise QueryError(param, f"{param}={value!r} must be one of {', '.join(choices)}")
        return choices[value] if isinstance(choices, dict) else value

    return check


REPOST_KINDS = {"originals": "0", "reposts": "1"}
STATUSES = [value for value, _name in Article.STATUSES]  # archive/status.py derives them
FACETS = (
    Facet(
        "region",
        "regions",
        True,
        region,
        {"type": "string", "pattern": r"^\d{6}$", "example": "110000"},
        "adcode of a province, city or district; includes everything under it (repeatable: any of them)",
    ),
    Facet(
        "source",
        "source",
        True,
        source,
        {"type": "string", "example": "齐鲁网"},
        "source id or name, in either script (repeatable: any of them)",
    ),
    Facet(
        "site",
        "sites",
        True,
        site,
        {"type": "string", "example": "news.example.cn"},
        "the host of a capture's address (repeatable: any of them)",
    ),
    Facet(
        "year",
        "year",
        False,
        lambda value: str(parse_int("year", value, 1000, 2999)),
        {"type": "string", "pattern": r"^\d{4}$", "example": "2020"},
        "publication year",
    ),
    Facet(
        "script",
        "script",
        False,
        one_of("script", SCRIPTS),
        {"type": "string", "enum": list(SCRIPTS)},
        "the script the story was published in",
    ),
    Facet(
        "reposts",
        "repost",
        False,
        one_of("reposts", REPOST_KINDS),
        {"type": "string", "enum": list(REPOST_KINDS)},
        "only the originals of repost clusters, or only their reposts",
        indexed=REPOST_KINDS,
    ),
    Facet(
        "status",
        "status",
        True,
        one_of("status", STATUSES),
        {"type": "string", "enum": STATUSES},
        "whether the story is still where it was captured: present; altered (its text changed); removed (gone "
        "from every address it was captured at); restored (back after it was gone) (repeatable: any of them)",
    ),
)
RANGES = (
    DateRange("date", "date", "publication date"),
    DateRange("captured", "captured", "day of the newest capture, in the time zone the pages name (UTC+8)"),
    DateRange("added", "added", "day the story entered the archive, in the time zone the pages name (UTC+8)"),
)
PARAMS = tuple(f.param for f in FACETS) + tuple(param for r in RANGES for param in r.params)


@dataclass
class Filters:
    """What a search is narrowed to: {facet param: indexed values, any of which passes} and
    {range name: (first day or None, last day or None)}."""

    values: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.values or self.ranges)

    def of(self, facet):
        return self.values.get(facet.param, [])


def parse(single, values):
    """Filters from a request: single(name) gives a parameter's one value (or None), values(name)
    every value given."""
    found = Filters()
    for facet in FACETS:
        given = values(facet.param) if facet.repeatable else [v for v in [single(facet.param)] if v is not None]
        if given:
            found.values[facet.param] = [facet.check(value) for value in given]
    for date_range in RANGES:
        start, end = (single(name) for name in date_range.params)
        start, end = (
            parse_date(name, value) if value is not None else None
            for name, value in zip(date_range.params, (start, end))
        )
        if start and end and start > end:
            raise QueryError(date_range.params[0], f"{date_range.params[0]} is after {date_range.params[1]}")
        if start or end:
            found.ranges[date_range.name] = (start, end)
    return found


def openapi_parameters(query, date, script_name="script"):
    """The filters' OpenAPI parameters, made by query(name, schema, description), a day's
    schema being `date`. The export calls the story's script written_in= (its script= is the
    exported text's)."""
    parameters = [query(script_name if f.param == "script" else f.param, f.schema, f.description) for f in FACETS]
    for date_range in RANGES:
        first, last = date_range.params
        parameters += [
            query(first, date, f"first {date_range.description}, inclusive"),
            query(last, date, f"last {date_range.description}, inclusive"),
        ]
    return parameters
