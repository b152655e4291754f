"""The OpenAPI 3 description of the JSON API, built with apispec."""

import functools

from apispec import APISpec

from archive.export import FORMATS, SCRIPTS
from archive.serialize import EXPORT_FIELDS
from search.filters import FACETS, STATUSES, openapi_parameters
from search.params import MAX_PAGE, MAX_PAGE_SIZE
from search.query import MAX_QUERY_LENGTH, SORTS
from search.query import SCRIPTS as STORY_SCRIPTS

STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
NAMES = {"type": "array", "items": STRING}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "example": "2020-03-16"}


def query(name, schema, description):
    return {"in": "query", "name": name, "required": False, "schema": schema, "description": description}


def filters(script_name="script"):
    return [
        query(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            'Query: runs of characters match exactly; spaces separate terms that must all match; "quotes" make '
            "one phrase; OR; -exclude; title: and source: fields. Either script.",
        ),
        query(
            "regional",
            {"type": "string", "enum": ["on", "off"]},
            "on (default): a term also finds other regions' words for it (出租车: 計程車); off: only as typed",
        ),
    ] + openapi_parameters(query, DATE, script_name)


ERROR = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {"error": STRING, "detail": STRING, "parameter": STRING},
}
REGION = {
    "type": "object",
    "required": ["adcode", "name", "level", "path"],
    "properties": {
        "adcode": STRING,
        "name": STRING,
        "level": {"type": "string", "enum": ["province", "city", "district"]},
        "path": NAMES,
    },
}
ARTICLE_PROPERTIES = {
    "id": {"type": "integer"},
    "title": STRING,
    "title_simplified": STRING,
    "title_traditional": STRING,
    "script": {"type": "string", "enum": list(STORY_SCRIPTS)},
    "date": {**DATE, "nullable": True},
    "date_text": STRING,
    "date_precision": {"type": "string", "enum": ["day", "month", "year"], "nullable": True},
    "source": NULLABLE_STRING,
    "regions": {"type": "array", "items": {"$ref": "#/components/schemas/Region"}},
    "authors": NAMES,
    "editors": NAMES,
    "keywords": NAMES,
    "body_raw": STRING,
    "body_clean": STRING,
    "body_simplified": STRING,
    "body_traditional": STRING,
    "file_name": STRING,
    "sha256": STRING,
    "needs_review": {"type": "boolean"},
    "url": STRING,
    "found_by": {
        "type": "object",
        "additionalProperties": STRING,
        "description": "For each extracted field, how it was found (label line, dateline, meta tag, json-ld, "
        "htmldate, headline, closing credit…).",
    },
    "original_url": {**NULLABLE_STRING, "description": "the address of the newest capture that has one"},
    "captured_at": {**NULLABLE_STRING, "format": "date-time", "description": "when the newest capture was made"},
    "captures": {
        "type": "array",
        "description": "every capture of the story: where and when it was seen",
        "items": {
            "type": "object",
            "required": ["url", "site", "captured_at", "sha256"],
            "properties": {
                "url": NULLABLE_STRING,
                "site": NULLABLE_STRING,
                "captured_at": {**NULLABLE_STRING, "format": "date-time"},
                "sha256": {**STRING, "description": "of the payload as served"},
                "http_status": {"type": "integer", "nullable": True},
                "missing": {
                    **NULLABLE_STRING,
                    "description": "why this capture found the story gone from its address (HTTP 404, a redirect "
                    "to the front page, a notice that it was deleted); null when it was there",
                },
            },
        },
    },
    "versions": {"type": "integer", "description": "how many texts of the story are kept (the newest is shown)"},
    "repost_of": {
        "type": "integer",
        "nullable": True,
        "description": "the id of the original of this story's repost cluster; null for an original",
    },
    "cluster_size": {
        "type": "integer",
        "description": "how many stories run this story (the original and its reposts)",
    },
    "resemblance": {
        "type": "number",
        "nullable": True,
        "description": "how much of the shorter text the longer holds, against the story it joined by",
    },
    "status": {
        "type": "string",
        "enum": STATUSES,
        "description": "present; altered (more than one version); removed (missing from every address it was "
        "captured at); restored (served again at an address that had lost it)",
    },
    "removed_at": {
        **NULLABLE_STRING,
        "format": "date-time",
        "description": "when the story was found missing from the last address that held it; null unless removed",
    },
    "last_seen_at": {
        **NULLABLE_STRING,
        "format": "date-time",
        "description": "when the story was last captured present (at an address or as a file); null if never",
    },
    "review_reasons": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["code", "field", "value", "message"],
            "properties": {
                "code": STRING,
                "field": STRING,
                "value": STRING,
                "message": {**STRING, "description": "the reason in the request's language"},
            },
        },
    },
}
FACET_VALUE = {
    "type": "object",
    "required": ["value", "name", "count"],
    "properties": {"value": STRING, "name": STRING, "count": {"type": "integer"}},
}
REGION_NODE = {
    "type": "object",
    "required": ["value", "name", "count", "children"],
    "properties": {
        "value": STRING,
        "name": STRING,
        "level": STRING,
        "count": {"type": "integer"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/RegionFacet"}},
    },
}
RESULT_FIELDS = ("id", "title", "title_simplified", "title_traditional", "date", "source", "regions", "script", "url")
SEARCH = {
    "type": "object",
    "required": ["count", "page", "page_size", "results", "facets"],
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "clusters": {"type": "integer", "nullable": True, "description": "with collapse=reposts: distinct stories"},
        "collapse": {**NULLABLE_STRING, "enum": ["reposts", None]},
        "regional": {
            "type": "string",
            "enum": ["on", "off"],
            "description": "whether terms also found other regions' words for them",
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(RESULT_FIELDS) + ["snippet"],
                "properties": {
                    **{name: ARTICLE_PROPERTIES[name] for name in RESULT_FIELDS},
                    "snippet": {"type": "string", "description": "escaped HTML; the query is wrapped in <mark>"},
                    "regional_matches": {
                        "type": "array",
                        "description": "another region's words through which the story "
                        "matched, where it does not hold the term as typed",
                        "items": {
                            "type": "object",
                            "required": ["typed", "word", "region"],
                            "properties": {
                                "typed": {**STRING, "description": "the term typed, normalised"},
                                "word": {**STRING, "description": "the word the story holds, as that region writes it"},
                                "region": {"type": "string", "enum": ["mainland", "Taiwan", "Hong Kong"]},
                            },
                        },
                    },
                    "also_run_by": {
                        "type": "object",
                        "description": "with collapse=reposts: the cluster's other stories",
                        "properties": {
                            "count": {"type": "integer"},
                            "sources": NAMES,
                            "stories": {
                                "type": "array",
                                "description": "the first ten of them, the original first: each with the host of "
                                "its newest capture (null for a plain file) and its story page",
                                "items": {
                                    "type": "object",
                                    "required": ["id", "url", "site", "source"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "url": STRING,
                                        "site": NULLABLE_STRING,
                                        "source": NULLABLE_STRING,
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "facets": {
            "type": "object",
            "required": [facet.param for facet in FACETS],
            "properties": {
                facet.param: {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/RegionFacet"} if facet.param == "region" else FACET_VALUE,
                }
                for facet in FACETS
            },
        },
        "timeline": {
            "type": "array",
            "items": {"type": "object", "properties": {"month": STRING, "count": {"type": "integer"}}},
        },
    },
}


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


@functools.lru_cache(maxsize=1)
def openapi_spec():
    spec = APISpec(
        title="News archive API",
        version="1.0.0",
        openapi_version="3.0.3",
        info={"description": "Read-only JSON API of the Chinese local news archive."},
    )
    spec.components.schema("Error", ERROR)
    spec.components.schema("Region", REGION)
    spec.components.schema("RegionFacet", REGION_NODE)
    spec.components.schema(
        "Article", {"type": "object", "required": list(EXPORT_FIELDS), "properties": ARTICLE_PROPERTIES}
    )
    spec.components.schema("SearchResponse", SEARCH)
    spec.path(
        path="/api/search",
        operations={
            "get": {
                "summary": "Search stories, with facet counts for the result set",
                "parameters": filters()
                + [
                    query(
                        "sort",
                        {"type": "string", "enum": list(SORTS)},
                        "relevance (default), date (newest first) or date_asc",
                    ),
                    query(
                        "collapse",
                        {"type": "string", "enum": ["reposts", "none"]},
                        "reposts: one row per repost cluster (the search page's default); none (the API's default): every story",
                    ),
                    query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "page number, from 1"),
                    query("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}, "results per page"),
                    query(
                        "format",
                        {"type": "string", "enum": ["json", "atom"]},
                        "json (default), or atom: an Atom feed of the page_size newest matches by when the archive "
                        "got them (sort and page do not apply; docs/feeds.md)",
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "results, or with format=atom the feed",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}},
                            "application/atom+xml": {"schema": {"type": "string"}},
                        },
                    },
                    "400": error_response("a parameter that cannot be used; `parameter` names it"),
                },
            }
        },
    )
    spec.path(
        path="/api/articles/{id}",
        operations={
            "get": {
                "summary": "One story: the export record plus its text in both scripts",
                "parameters": [
                    {"in": "path", "name": "id", "required": True, "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {
                    "200": {
                        "description": "the story",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}},
                    },
                    "404": error_response("no such story, or not published"),
                },
            }
        },
    )
    spec.path(
        path="/api/export",
        operations={
            "get": {
                "summary": "Every matching story, streamed (JSON Lines, a JSON array or CSV), for download",
                "parameters": filters(script_name="written_in")
                + [
                    query(
                        "format",
                        {"type": "string", "enum": list(FORMATS)},
                        "jsonl (default), json, or csv (UTF-8 with a byte-order mark, for spreadsheets)",
                    ),
                    query(
                        "fields",
                        {"type": "string", "example": "id,title,date"},
                        "comma-separated fields to include, in this order (the CSV's columns); all by default",
                    ),
                    query("script", {"type": "string", "enum": list(SCRIPTS)}, "script of the exported text"),
                ],
                "responses": {
                    "200": {
                        "description": "the stories",
                        "content": {
                            "application/x-ndjson": {"schema": {"type": "string"}},
                            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "400": error_response("a parameter that cannot be used; `parameter` names it"),
                },
            }
        },
    )
    spec.path(
        path="/api/schema",
        operations={
            "get": {
                "summary": "This description",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3 document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    )
    return spec.to_dict()
