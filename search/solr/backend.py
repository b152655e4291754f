"""haystack's Solr backend on the nodes SOLR_URL names (nodes.Nodes, which fails over between
them), writing the archive's documents (documents.py) and making them searchable at once."""

import itertools
from concurrent.futures import ThreadPoolExecutor

from haystack.backends.solr_backend import SolrEngine, SolrSearchBackend, SolrSearchQuery

from search.solr.documents import document
from search.solr.nodes import Nodes

BATCH = 500  # documents per update request


class NodesClient:
    """pysolr.Solr's methods, each answered by the first node that can (haystack calls them)."""

    def __init__(self, nodes):
        self.nodes = nodes

    def __getattr__(self, method):
        return lambda *args, **kwargs: self.nodes.call(method, *args, **kwargs)


class ArchiveSolrBackend(SolrSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.nodes = Nodes(options["URL"].split(","), self.timeout)
        self.conn = NodesClient(self.nodes)

    def write(self, index, ids, articles):
        """Replace the documents of article `ids` with those of `articles` (the ones still to be
        indexed), then a soft commit: searchable when this returns. A story's document id holds
        its cluster, which can have changed: the old documents are found by article id. While
        Solr indexes one batch, the next is prepared here (the sending thread waits on the
        socket, without the interpreter lock)."""
        self.conn.delete(q="{!terms f=article_id}" + ",".join(map(str, ids)))
        articles = iter(articles)
        with ThreadPoolExecutor(max_workers=1) as sender:
            sent = None
            for batch in iter(lambda: list(itertools.islice(articles, BATCH)), []):
                documents = [document(index, article) for article in batch]
                if sent is not None:
                    sent.result()  # one batch in flight: its error, if any, stops the write here
                sent = sender.submit(self.conn.add, documents)
            if sent is not None:
                sent.result()
        self.conn.commit(softCommit=True)

    def update(self, index, iterable, commit=True):
        articles = list(iterable)
        self.write(index, [article.pk for article in articles], articles)

    def clear(self, models=None, commit=True):
        self.conn.delete(q="*:*", softCommit=True)


class ArchiveSolrEngine(SolrEngine):
    backend = ArchiveSolrBackend
    query = SolrSearchQuery
