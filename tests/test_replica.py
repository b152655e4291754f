"""A real streaming replica (pg_basebackup from the throwaway PostgreSQL primary that
tests/with-postgres starts): searches read from it, writes go to the primary, and a replica
that is down leaves reads on the primary with a warning. Runs in `make test`'s PostgreSQL run."""

import json
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.servers import database_with_replica, environment, fetch, manage, serving

pytestmark = pytest.mark.postgres

CHARACTERS = (
    "的一是在不了有和人这中大为上国我以要他时来用们生到作地于出就年分对成会可也你说产主经济发展社会文化交通教育市场"
)
STORY = "副本測試新聞\n2024-03-01 来源：测试网\n北京市朝阳区举办副本同步演练，检验灾备数据库的回放速度。\n"


@pytest.fixture
def primary_and_replica():
    """(primary URL, replica URL, stop the replica) of a fresh database on the primary."""
    primary = settings.DATABASES["default"]
    assert primary["ENGINE"] == "django.db.backends.postgresql", "run through tests/with-postgres"
    with database_with_replica(primary, f"replica_check_{os.getpid()}") as found:
        yield found


@pytest.fixture(params=["whoosh", "solr"])
def archive_on(request, primary_and_replica, tmp_path):
    """A web server reading from the replica, and the environment of the commands that write
    to the primary (migrated), with either engine: Whoosh's index in tmp_path, shared by both,
    or the SolrCloud collection tests/with-solr started."""
    primary_url, replica_url, stop_replica = primary_and_replica
    writer = environment(tmp_path, DATABASE_URL=primary_url, SEARCH_ENGINE=request.param)
    result = manage(writer, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    log = tmp_path / "server.log"
    with serving(runserver, {**writer, "DATABASE_REPLICA_URL": replica_url}, log) as base:
        yield base, writer, replica_url, stop_replica, log


def runserver(address):
    return [sys.executable, "manage.py", "runserver", "--noreload", address]


def ingest_story(writer, folder):
    story = Path(folder) / "replica-story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = manage(writer, "ingest", str(story))
    assert result.returncode == 0, result.stderr


def searched(base, query):
    """/api/search's answer to a query (the response is a 200, or fetch raises)."""
    _, _, body = fetch(f"{base}/api/search?q={urllib.parse.quote(query)}")
    return json.loads(body)


def found(base, query="副本同步"):
    """Titles of the stories a search finds."""
    return [result["title"] for result in searched(base, query)["results"]]


def test_search_reads_from_the_replica_and_finds_a_primary_write_once_replayed(archive_on, tmp_path):
    base, writer, replica_url, _, _ = archive_on
    with psycopg.connect(replica_url, autocommit=True) as replica:
        assert replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]  # a standby, not a copy
        replica.execute("SELECT pg_wal_replay_pause()")
        ingest_story(writer, tmp_path)  # on the primary; the primary's index has it at once
        assert found(base) == []  # the replica has not replayed it: the page reads from the replica
        replica.execute("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while not found(base) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found(base) == ["副本測試新聞"]


def test_a_replica_that_is_down_leaves_reads_on_the_primary_with_a_logged_warning(archive_on, tmp_path):
    base, writer, _, stop_replica, log = archive_on
    stop_replica()
    ingest_story(writer, tmp_path)
    assert found(base) == ["副本測試新聞"]  # a 200 from the primary, not a 500
    assert "read replica unreachable, reading from the primary" in log.read_text(errors="replace")


def test_a_replica_replays_an_ingest_of_hundreds_of_stories_and_stays_up(archive_on, tmp_path):
    """Enough stories to grow every index page by page: an index whose WAL a standby cannot
    replay (RUM's, measured) stops the replica, and reads would quietly fall back to the primary."""
    base, writer, replica_url, _, _ = archive_on
    rng = random.Random(300)
    folder = tmp_path / "stories"
    folder.mkdir()
    for number in range(300):
        body = "".join(rng.choice(CHARACTERS) for _ in range(600))
        (folder / f"{number:03d}.txt").write_text(
            f"同步演练第{number}号\n2024-03-01 来源：测试网\n{body}\n", encoding="utf-8"
        )
    result = manage(writer, "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 60
    while searched(base, "同步演练")["count"] < 300 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert searched(base, "同步演练")["count"] == 300
    with psycopg.connect(replica_url, autocommit=True) as replica:  # the standby itself, still replaying
        assert replica.execute("SELECT pg_is_in_recovery(), count(*) FROM archive_article").fetchone() == (True, 300)
