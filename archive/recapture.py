"""Go back to stored stories' addresses and record what is there now (manage.py recapture).

Each address is fetched as `capture` fetches (archive/collect.py: robots.txt, a user agent, a
delay per host, timeouts) into a WARC, and every answer is kept. What the answer means:

- the same text: one more capture of the story (still there);
- another text: a new version of the story (archive/ingest/store.py), as any ingest does;
- gone (archive/removal.py): a capture of the answer at the address, with why, and no version;
- no answer worth judging (a timeout, a refused connection, a 5xx, a 403, robots.txt): nothing
  is recorded, so the address stays the longest unchecked and is tried first next time.

The story's status (archive/status.py) follows from what was recorded.
"""

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from archive import removal, status
from archive.ingest.decode import NotText, decode
from archive.ingest.html import read_page
from archive.ingest.pipeline import prepare_one
from archive.ingest.store import ADDED, RECAPTURED, UPDATED, missing_capture, store
from archive.models import Article, Capture

STILL_THERE, CHANGED, MISSING, ELSEWHERE, FAILED = "still there", "changed", "missing", "elsewhere", "failed"
OUTCOMES = (STILL_THERE, CHANGED, MISSING, ELSEWHERE, FAILED)
_STORED = {RECAPTURED: STILL_THERE, UPDATED: CHANGED, ADDED: ELSEWHERE}


@dataclass(frozen=True)
class Checked:
    article_id: int
    url: str
    outcome: str  # one of OUTCOMES
    detail: str = ""  # why it is missing, or why it could not be checked


def addresses_to_check(ids=(), site=None, older_than=None, limit=None):
    """[(story id, address)] of the stories asked for (all by default): the addresses whose
    newest capture is oldest come first, and consecutive ones go to different hosts where they
    can, so that one host's delay is spent fetching from another. older_than: only addresses
    not captured for that many days; limit: at most that many stories."""
    captures = Capture.objects.exclude(original_url="")
    if ids:
        captures = captures.filter(article_id__in=ids)
    if site:
        captures = captures.filter(site=site.lower())
    rows = (
        captures.values("article_id", "original_url", "site")
        .annotate(last=Max(Coalesce("captured_at", "stored_at")), last_id=Max("id"))
        .order_by("last", "last_id")  # WARC dates are to the second: the ids order a second's captures
    )
    if older_than is not None:
        rows = rows.filter(last__lt=timezone.now() - timedelta(days=older_than))
    chosen, stories = [], set()
    for row in rows.iterator():
        if limit is not None and row["article_id"] not in stories and len(stories) >= limit:
            break
        stories.add(row["article_id"])
        chosen.append(row)
    by_site = {}
    for row in chosen:
        by_site.setdefault(row["site"], []).append((row["article_id"], row["original_url"]))
    return [pair for turn in itertools.zip_longest(*by_site.values()) for pair in turn if pair]


def check(collector, article_id, url):
    """Fetch the address again and record what it says of the story: a Checked."""
    fetched = collector.fetch(url)
    if not fetched.responses:
        return Checked(article_id, url, FAILED, fetched.problem)
    (asked, answer), (landed, page) = fetched.responses[0], fetched.responses[-1]
    if fetched.problem:
        return Checked(article_id, url, FAILED, fetched.problem)
    why = removal.status_says_gone(landed.http_status)
    if not why and 200 <= landed.http_status < 300:
        why = removal.redirect_says_gone(url, landed.original_url)
    if not why and not 200 <= landed.http_status < 300:
        return Checked(article_id, url, FAILED, f"HTTP {landed.http_status}")
    if not why:
        _, prepared, problem = prepare_one((landed, page))
        story = Article.objects.only("title", "body_clean").get(pk=article_id)
        story_text = f"{story.title}\n{story.body_clean}"
        if prepared is None or not removal.holds_story(f"{prepared.meta.title}\n{prepared.meta.body}", story_text):
            why = removal.page_says_gone(visible_text(landed, page), story_text)
        if not why:
            if prepared is None:
                return Checked(article_id, url, FAILED, problem)
            outcome, _ = store(prepared, landed)
            return Checked(article_id, url, _STORED.get(outcome, STILL_THERE))
    if landed is not asked and not why.startswith("redirected"):
        why += f", at {landed.original_url} (redirected there)"
    with transaction.atomic():
        missing_capture(article_id, asked, answer, why).save()
        status.refresh([article_id])
    return Checked(article_id, url, MISSING, why)


def visible_text(origin, payload):
    """Everything a reader sees of a page (its title, lines and main text), or the text itself."""
    try:
        text = decode(payload, declared=origin.charset).text
    except NotText:
        return ""
    if not origin.is_html:
        return text
    page = read_page(text)
    return "\n".join([page.document_title, *page.lines, page.text])


def statuses(article_ids):
    """{story id: status}, read now."""
    return dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "status"))


def summary(checks, before, after):
    """One line: what the checks found, and how the stories' statuses moved."""
    counts = Counter(c.outcome for c in checks)
    moved = Counter(after[pk] for pk in after if after[pk] != before.get(pk))
    line = f"checked {len(checks)} addresses of {len(before)} stories: " + ", ".join(
        f"{name} {counts[name]}" for name in OUTCOMES
    )
    if moved:
        line += "; now " + ", ".join(f"{name} {n}" for name, n in sorted(moved.items()))
    if counts[FAILED]:
        line += "; the failed addresses are tried again first next time"
    return line
