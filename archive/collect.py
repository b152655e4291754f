"""A small, polite collector for people without a crawler: fetch pages, write them as WARC.

Polite: it says who it is (USER_AGENT), obeys each host's robots.txt, waits `delay` seconds
between two requests to one host, and gives up on a server after `timeout` seconds. Each
response — a redirect and an error page too — is written as it was served (with the request
that asked for it), so that the WARC is the record of what happened; ingest then decides
what is a story.
"""

import io
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.ingest.warc import payload_headers, record_origin, warc_date

USER_AGENT = "chinese-news-archive-collector/1.0 (a research archive; fetches single pages, obeys robots.txt)"
MAX_REDIRECTS = 5
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Fetched:
    url: str
    status: int | None = None
    problem: str = ""  # why nothing (or not the page) was fetched
    responses: list = field(default_factory=list)  # (Origin, payload bytes) of every response written, in order

    @property
    def hops(self):
        """(url, status) of every response written."""
        return [(origin.original_url, origin.http_status) for origin, _ in self.responses]


class Collector:
    def __init__(self, warc_stream, delay=1.0, timeout=20.0, user_agent=USER_AGENT):
        self.writer = WARCWriter(warc_stream, gzip=True)
        self.file_name = Path(getattr(warc_stream, "name", "")).name  # what each response's Origin names
        self.delay, self.timeout = delay, timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.robots = {}
        self.last_request = {}

    def fetch(self, url):
        """Fetch url (following redirects, each hop written) and return what happened."""
        result = Fetched(url)
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            result.problem = "not an http(s) address"
            return result
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url):
                result.problem = f"{url} is disallowed by its site's robots.txt"
                return result
            try:
                response, served = self._get(url)
            except requests.RequestException as error:
                result.problem = f"{url}: {type(error).__name__}: {error}"
                return result
            result.responses.append(served)
            result.status = response.status_code
            if not response.is_redirect or "Location" not in response.headers:
                return result
            url = urljoin(url, response.headers["Location"])
        result.problem = f"more than {MAX_REDIRECTS} redirects"
        return result

    def allowed(self, url):
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self.robots:
            rules = urllib.robotparser.RobotFileParser()
            try:
                response = self._request(root + "/robots.txt")
                rules.parse(response.text.splitlines() if response.status_code == 200 else [])
            except requests.RequestException:
                rules.parse([])  # no robots.txt to be read: nothing is forbidden
            self.robots[root] = rules
        return self.robots[root].can_fetch(self.session.headers["User-Agent"], url)

    def _request(self, url):
        """A GET that keeps the delay per host."""
        host = urlsplit(url).netloc
        wait = self.last_request.get(host, 0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.session.get(url, timeout=self.timeout, allow_redirects=False, stream=True)
        finally:
            self.last_request[host] = time.monotonic()

    def _get(self, url):
        """Fetch one address and write its request and response records. Returns the response
        and (the Origin of its record, its payload)."""
        captured = datetime.now(UTC)
        response = self._request(url)
        body = response.raw.read(MAX_BYTES, decode_content=False)
        response.close()
        date = warc_date(captured)
        reason = response.reason or ""
        headers = payload_headers(response.raw.headers.items())
        http = StatusAndHeaders(f"{response.status_code} {reason}".strip(), headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=date
        )
        request_line = StatusAndHeaders(
            f"GET {urlsplit(url).path or '/'} HTTP/1.1", list(response.request.headers.items()), is_http_request=True
        )
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=request_line, warc_headers_dict=date
        )
        offset = self.writer.out.tell()  # the response record is written first, as its own gzip member
        self.writer.write_request_response_pair(request, record)
        return response, (record_origin(self.file_name, offset, record), body)
