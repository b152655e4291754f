"""Shared fixtures: a fresh real search index for every test (Whoosh in a temp dir, or the
SolrCloud collection emptied), the seed stories."""
import contextlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive import regions
from archive.models import Article, Region
from search.engine import engine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


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
def whoosh_index_in(path):
    """haystack's Whoosh backend on a fresh index at `path` for the duration."""
    info = connections.connections_info["default"]
    previous = info["PATH"]
    info["PATH"] = str(path)
    connections.reload("default")
    try:
        yield connections["default"].get_backend()
    finally:
        info["PATH"] = previous
        connections.reload("default")


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
