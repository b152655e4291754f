"""A news site on loopback whose pages change between two visits, as real ones do: a story
edited, taken down (404, 410, 451, a redirect to the front page or a section, a page saying it
was deleted), put back, or a server that fails (a 5xx, a timeout). Tests and bench/recapture.py
plant what each address answers and run recapture against it."""

import contextlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.warcs import page

FRONT_PAGE = page("本地新闻网", "欢迎访问本地新闻网。要闻 本地 社会 财经。")
SECTION_PAGE = page("社会新闻", "社会新闻列表：暂无更多内容。")
# Removal notices as sites write them, in both scripts, inside the site's furniture.
NOTICES = {
    "simplified": page("本地新闻网", "抱歉，您访问的页面不存在或已被删除！3秒后返回首页 首页 要闻 本地"),
    "traditional": page("本地新聞網", "該內容已被刪除。 首頁 要聞 本地 設為首頁"),
}


@dataclass
class Answer:
    """What one address answers now: a status and a body, a redirect, or a wait."""

    status: int = 200
    body: bytes = b""
    location: str = ""  # a redirect's target (a path on this site)
    stall: float = 0.0  # seconds to wait before answering (longer than the client's timeout: a timeout)
    content_type: str = "text/html; charset=utf-8"


class ChangingSite(ThreadingHTTPServer):
    """answers: {path: Answer}; any other path is a 404; /robots.txt allows everything."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers = {}
        self.requests = 0

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path):
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        site = self.server
        site.requests += 1
        if self.path == "/robots.txt":
            return self._reply(Answer(200, b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        if self.path == "/":
            return self._reply(Answer(200, FRONT_PAGE))
        if self.path == "/news/":
            return self._reply(Answer(200, SECTION_PAGE))
        answer = site.answers.get(self.path, Answer(404, page("404", "Not Found")))
        if answer.stall:
            time.sleep(answer.stall)
        return self._reply(answer)

    def _reply(self, answer):
        try:
            self.send_response(answer.status)
            if answer.location:
                self.send_header("Location", answer.location)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a planted timeout)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def changing_site():
    site = ChangingSite()
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
