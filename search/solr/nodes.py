"""The Solr nodes that SOLR_URL names, as pysolr clients of the collection.

SOLR_URL is one address of the collection (http://host:8983/solr/archive), or several nodes'
separated by commas; credentials for Solr's basic auth go in each address
(http://user:password@host:8983/solr/archive). A request that a node cannot answer (refused,
timed out, or a 5xx) is sent to the next one: any live node answers for the whole collection
while a replica of every shard is live. When none can, SolrUnavailable (a 503 for the pages).
"""

import threading
import urllib.parse

import pysolr
import requests

from search.engine import EngineUnavailable

# What Solr says when a node it forwarded a request to went away.
UNREACHABLE_SIGNS = (
    "IOException",
    "Connection refused",
    "ConnectException",
    "Timeout",
    "timed out",
    "No live SolrServers",
    "no servers hosting shard",
)


class SolrUnavailable(EngineUnavailable):
    pass


def split_url(url):
    """(the address without credentials, (user, password) or None)."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"SOLR_URL: {url!r} is not an http(s) address of a Solr collection")
    auth = None
    if parts.username:
        auth = (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", "")), auth


def unreachable(error):
    """Whether a pysolr error says that the node, or the nodes it asked, could not answer (no
    connection, a timeout, 502-504, a node's I/O failing) rather than that Solr refused the request."""
    message = str(error)
    return (
        isinstance(error.__context__, requests.RequestException)
        or any(f"(HTTP {status})" in message for status in (502, 503, 504))
        or ("(HTTP 500)" in message and any(sign in message for sign in UNREACHABLE_SIGNS))
    )


def refused_credentials(error):
    """Whether Solr's basic authentication refused the request (none, or wrong credentials)."""
    return any(f"(HTTP {status})" in str(error) for status in (401, 403))


class Nodes:
    def __init__(self, urls, timeout):
        if not urls:
            raise ValueError("SOLR_URL is empty: give the address of a Solr collection")
        self.urls = [split_url(url) for url in urls]
        self.collection = self.urls[0][0].rsplit("/", 1)[1]
        session = requests.Session()  # one pool of connections to every node
        self.clients = [pysolr.Solr(url, timeout=timeout, auth=auth, session=session) for url, auth in self.urls]
        self.admins = [
            pysolr.Solr(url.rsplit("/", 1)[0], timeout=timeout, auth=auth, session=session) for url, auth in self.urls
        ]
        self._current = 0
        self._lock = threading.Lock()

    def call(self, method, *args, **kwargs):
        """pysolr's `method` on the collection, answered by the first node that can."""
        return self._first_answer(self.clients, lambda client: getattr(client, method)(*args, **kwargs))

    def admin(self, path, params, method="get", body=None, headers=None):
        """A node's own API (admin/collections, admin/configs) as parsed JSON."""
        query = urllib.parse.urlencode({**params, "wt": "json"})
        return self._first_answer(
            self.admins,
            lambda client: client.decoder.decode(
                client._send_request(method, f"{path}?{query}", body=body, headers=headers or {})
            ),
        )

    def _first_answer(self, clients, request):
        errors = []
        start = self._current
        for step in range(len(clients)):
            number = (start + step) % len(clients)
            try:
                answer = request(clients[number])
            except pysolr.SolrError as error:
                if refused_credentials(error):
                    raise SolrUnavailable(
                        f"Solr refused the credentials: SOLR_URL must hold a Solr user's name and "
                        f"password (http://user:password@host:8983/solr/archive): {error}"
                    ) from error
                if not unreachable(error):
                    raise
                errors.append(str(error))
                continue
            with self._lock:
                self._current = number
            return answer
        raise SolrUnavailable(f"no Solr node answered ({'; '.join(errors)})")
