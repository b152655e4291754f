"""Shared fixtures: a fresh Whoosh index in a temp dir for every test, the seed stories."""
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from archive import regions
from archive.models import Article, Region

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def search_index(tmp_path):
    """Every test writes and reads its own real Whoosh index."""
    info = connections.connections_info["default"]
    previous = info["PATH"]
    info["PATH"] = str(tmp_path / "whoosh_index")
    connections.reload("default")
    yield connections["default"].get_backend()
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
