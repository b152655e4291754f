"""Whether a page fetched again at a story's address says the story is gone from it.

Three general signals, none of them a list of sites:

- the answer's HTTP status is 404, 410 or 451;
- the address redirects to the site's front page or to a section page: a redirect's last stop
  whose path is the root (or its index page), or a directory above the story's own path, or a
  path without the long run of digits (a date, an id) that the story's address had;
- the page says so: a removal notice (页面不存在, 该内容已被删除, 文章已下线, 抱歉，您访问的页面不存在
  …, in either script and in the forms Taiwan and Hong Kong write) on a page that no longer holds
  the story's text.

Anything else that is not the story — a timeout, a refused connection, a 5xx, a 403 — says
nothing about the story and is not a removal.
"""

import re
from urllib.parse import urlsplit

from archive.text import normalise, squash

GONE_STATUSES = (404, 410, 451)
# A removal notice, matched on the page's visible text normalised to simplified script: what is
# gone (the page, the story, its content…) then, within a few characters, that it is gone.
_THING = r"(?:页面|网页|文章|内容|信息|新闻|稿件|资源|链接|帖子|该文|此文|本文|档案|文件|页)"
_GONE = (
    r"(?:不存在|已?被?(?:删除|删掉|移除|撤销|撤下|撤回|下线|关闭|屏蔽|隐藏)|已?下线|已?撤稿|已?失效|已?过期"
    r"|找不到|无法(?:找到|访问|显示|打开|查看)|未找到|不见了|已不在)"
)
NOTICE = re.compile(rf"{_THING}[^。！!？?\n]{{0,10}}?{_GONE}|(?:404|找不到)[^。\n]{{0,6}}页面|page not found", re.I)
STORY_KEPT = 0.5  # a page holding at least this share of the story's lines (by characters) still holds it
ID_DIGITS = re.compile(r"\d{4,}")
INDEX_PAGE = re.compile(r"/(?:index|default|home)\.[a-z]+$", re.I)


def status_says_gone(status):
    return f"HTTP {status}" if status in GONE_STATUSES else ""


def _path(url):
    path = INDEX_PAGE.sub("/", urlsplit(url).path or "/")
    return path if path.endswith("/") else path + "/"


def _registered_host(url):
    """The host without a leading www.: www.example.cn and example.cn are one site, news.example.cn
    another (a section page is judged on the story's own host)."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def redirect_says_gone(address, landed_at):
    """Why a redirect from the story's address to landed_at means the story is gone, or ""."""
    if landed_at == address:
        return ""
    path, story_path = _path(landed_at), _path(address)
    if path == "/" and story_path != "/":
        return f"redirected to {landed_at}, the site's front page"
    if _registered_host(landed_at) != _registered_host(address) or path == story_path:
        return ""  # another site, or the same path (http → https, another host name): follow it
    if story_path.startswith(path) or (ID_DIGITS.search(story_path) and not ID_DIGITS.search(path)):
        return f"redirected to {landed_at}, a section page"
    return ""


def notice_in(page_text):
    """The removal notice the page's visible text holds (in search script: simplified), or ""."""
    found = NOTICE.search(normalise(page_text))
    return found.group(0) if found else ""


def holds_story(page_text, story_text):
    """Whether the page still holds most of the story's text: the share of the story's lines
    (weighed by their length, compared without spaces and across scripts) found in the page."""
    page = squash(normalise(page_text or ""))
    lines = [squash(normalise(line)) for line in (story_text or "").split("\n")]
    lines = [line for line in lines if line]
    total = sum(map(len, lines))
    return total > 0 and sum(len(line) for line in lines if line in page) >= STORY_KEPT * total


def page_says_gone(page_text, story_text):
    """Why a page served at the story's address means the story is gone, or "": it carries a
    removal notice and no longer holds the story's text (a story that quotes a deleted post is
    still the story)."""
    notice = notice_in(page_text)
    if not notice or holds_story(page_text, story_text):
        return ""
    return f"the page says the story is no longer there ({notice})"
