"""Searching SolrCloud: one request per search (queries.py), Solr's answer as a Found."""

import pysolr
from django.core.exceptions import ImproperlyConfigured
from haystack import connections

from search.engine import Engine
from search.query import QueryError
from search.solr import collections, configset, occurrences, queries, trends

CURSOR_ROWS = 10_000  # ids read at a time when every match is wanted


class SolrEngine(Engine):
    writes_alongside = True  # Solr takes documents from any number of writers

    def __init__(self):
        if "solr" not in connections.connections_info:
            raise ImproperlyConfigured(
                "SEARCH_ENGINE=solr: set SOLR_URL to the address of a Solr collection (http://host:8983/solr/archive)"
            )
        self.backend = connections["solr"].get_backend()
        self.nodes = self.backend.nodes

    def select(self, params):
        """Solr's JSON answer to a select with these parameters. A query Solr refuses is the
        reader's to change (a 400), as the Whoosh engine's QueryErrors are."""
        try:
            return self.nodes.call("search", **params).raw_response
        except pysolr.SolrError as error:
            raise QueryError("q", f"the search engine refused this search: {error}") from error

    def search(self, params):
        return queries.found(self.select(queries.search_request(params)), params)

    def matching_ids(self, params):
        request, q, fq = queries.base(params)
        return sorted(
            int(doc["article_id"]) for doc in self.every_document({**request.params, "q": q, "fq": fq}, "article_id")
        )

    def every_document(self, params, fields):
        """Every document matching params (a select's), with these stored fields; Solr's cursor
        reads them a page at a time in id order."""
        cursor = "*"
        while True:
            answer = self.select({**params, "fl": fields, "sort": "id asc", "rows": CURSOR_ROWS, "cursorMark": cursor})
            yield from answer["response"]["docs"]
            if answer["nextCursorMark"] == cursor:
                return
            cursor = answer["nextCursorMark"]

    def trend(self, params, parsed_queries, by, regions):
        answer = self.select(trends.trend_request(params, parsed_queries, regions))
        return trends.counted(answer, parsed_queries, by, regions)

    def occurrences(self, params, terms):
        request, named = occurrences.occurrences_request(params, terms)
        return occurrences.counted(self.select(request), named) if named else {}

    def write(self, index, ids, articles):
        self.backend.write(index, ids, articles)

    def clear(self):
        self.backend.clear()

    def indexed_versions(self):
        return {
            int(doc["article_id"]): doc["version"] for doc in self.every_document({"q": "*:*"}, "article_id,version")
        }

    def indexed_normalisations(self):
        """Each normalisation found by asking for a document of none found so far."""
        found = set()
        while True:
            docs = self.select(
                {
                    "q": "*:*",
                    "fl": "version",
                    "rows": 1,
                    "fq": [f"-version:{queries.escaped(name + ':')}*" for name in sorted(found)],
                }
            )["response"]["docs"]
            if not docs:
                return found
            found.add(docs[0]["version"].partition(":")[0])

    def index_problem(self):
        """Why the documents must be rebuilt, or None; raises NotSetUp when the collection must be
        set up first, SolrUnavailable when no node answers."""
        problem = collections.setup_problem(self.nodes)
        if problem:
            raise collections.NotSetUp(problem)
        other = self.select({"q": "*:*", "rows": 0, "fq": f"-configset:{queries.escaped(configset.name())}"})
        if other["response"]["numFound"]:
            return "the collection holds documents analysed with another configset (another schema)"
        return self.normalisation_problem()
