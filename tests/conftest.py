"""Shared fixtures: a fresh real search index for every test (Whoosh in a temp dir, or the
SolrCloud collection emptied), the seed stories."""

import contextlib
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive import regions
from archive.models import Article, Region
from search import engine as engines
from search.engine import engine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# The browser tests' Chromium (Debian's: make browser-deps) and where they keep screenshots.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def english(settings):
    """Pages, feeds and e-mails in English for a test that reads their English text: a request
    that asks for no language gets the site's default, simplified Chinese."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(scope="session")
def chromium():
    """The run's one browser: Playwright's sync API drives one at a time in a thread, so every
    browser test opens its pages in this one (a context of its own each)."""
    from playwright.sync_api import sync_playwright  # only where browser tests run

    # Playwright's sync API leaves its event loop in this thread for the rest of the run: the
    # ORM calls of every later test are synchronous all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def search_index(request, tmp_path, settings):
    """Every test writes and reads its own real index: a Whoosh index in a temp dir, or with
    SEARCH_ENGINE=solr (make test's second run, tests/with-solr) the SolrCloud collection, emptied."""
    if settings.SEARCH_ENGINE == "solr":
        engine().clear()
        yield engine()
        return
    with whoosh_index_in(tmp_path / "whoosh_index") as backend:
        yield backend


@contextlib.contextmanager
def haystack_connection(alias, **options):
    """haystack's connection `alias` with these options (a Whoosh PATH, a Solr URL) for the
    duration, the engines made afresh on it; yields its backend."""
    info = connections.connections_info[alias]
    previous = {key: info[key] for key in options}

    def reload(settings):
        info.update(settings)
        connections.reload(alias)
        engines._engine.cache_clear()

    reload(options)
    try:
        yield connections[alias].get_backend()
    finally:
        reload(previous)


def whoosh_index_in(path):
    """haystack's Whoosh backend on a fresh index at `path` for the duration."""
    return haystack_connection("default", PATH=str(path))


class CommandResult:
    def __init__(self, out, err, failed):
        self.out, self.err, self.failed = out, err, failed


def run_command(name, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        failed = False
    except CommandError as error:
        err.write(str(error))
        failed = True
    return CommandResult(out.getvalue(), err.getvalue(), failed)


@pytest.fixture
def ingest(db):
    return lambda *paths: run_command("ingest", *map(str, paths))


@pytest.fixture
def seeds(ingest):
    """The five seed stories ingested; {"000": Article, ...}."""
    result = ingest(SEEDS)
    assert not result.failed, result.err
    return {a.file_name[:3]: a for a in Article.objects.all()}


@pytest.fixture
def committed_db(transactional_db):
    """Real commits (so on_commit index flushes run). Flushing after each such test empties
    every table, the regions loaded by a data migration too: load them again."""
    regions.load(Region)
