"""The Solr engine on a real SolrCloud (tests/with-solr: 2 nodes, 2 shards of 2 replicas): it
answers as the Whoosh engine does for every filter and facet, keeps answering with a node down,
and when no node answers the pages say so with a 503 while writes stay queued."""

import contextlib
import itertools
import os
import random
import re
import subprocess
import time
import urllib.request
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.http import QueryDict
from haystack import connections

from archive.ingest.pipeline import prepare
from archive.ingest.store import store
from archive.models import Article
from archive.text import normalise
from search.alongside import indexing_alongside
from search.engine import engine
from search.filters import FACETS, RANGES
from search.indexing import deferred, flush, pending_count, rebuild
from search.params import SearchParams
from tests.conftest import SEEDS, haystack_connection, run_command, whoosh_index_in
from tests.warcs import page, write_warc

pytestmark = pytest.mark.solr
ROOT = SEEDS.parent
REAL = ROOT / "tests" / "data" / "real"


@pytest.fixture
def sample(ingest, tmp_path):
    """The seeds, the development set's pages and texts, and a crawl with reposts on two sites."""
    body = "房山区窦店镇的社区干部坚守岗位，守护居民健康。房山区各街道设立检查点，居民纷纷点赞。"
    write_warc(
        tmp_path / "crawl.warc",
        [
            {
                "url": "http://news.example.cn/1.html",
                "payload": page("房山区社区防疫", body),
                "date": datetime(2024, 5, 1, tzinfo=UTC),
            },
            {
                "url": "http://mirror.example.com/1.html",
                "payload": page("房山区社区防疫", body + "转载。"),
                "date": datetime(2024, 6, 3, tzinfo=UTC),
            },
        ],
    )
    for path in (SEEDS, REAL / "texts", REAL / "pages", tmp_path / "crawl.warc"):
        result = ingest(path)
        assert not result.failed, result.err


def answer(client, params):
    response = client.get("/api/search", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    data = response.json()
    ids = [r["id"] for r in data["results"]]
    return {
        "count": data["count"],
        "clusters": data["clusters"],
        "facets": data["facets"],
        "timeline": data["timeline"],
        "ids": ids if params.get("sort", "relevance") != "relevance" else sorted(ids),
    }


def facet_values(facets):
    """Every value of each facet, a region tree's nodes included."""

    def walk(nodes):
        for node in nodes:
            yield node["value"]
            yield from walk(node.get("children", []))

    return {name: list(walk(nodes)) for name, nodes in facets.items()}


def searches(everything, cities):
    """Each filter of search.filters with the first and last of its values in the sample (a
    region's cities too), each date range from, to and both; queries of each kind; with and
    without collapse, in each order."""
    values = facet_values(everything["facets"])
    values["region"] += [city["value"] for city in cities]
    filters = [{}]
    for facet in FACETS:
        assert values[facet.param], f"the sample has no value of {facet.param}"
        filters += [{facet.param: value} for value in dict.fromkeys([values[facet.param][0], values[facet.param][-1]])]
    for first, last in (r.params for r in RANGES):
        filters += [{first: "2020-01-01", last: "2022-12-31"}, {first: "2024-05-02"}, {last: "2024-05-31"}]
    queries = [
        "",
        "社区",
        "区",
        "疫情防控",
        '"社区 干部"',
        "社区 OR 疫情",
        "社区 -房山",
        "title:社区",
        "source:网",
        "随著",
        "衞生",
    ]
    for q, chosen, collapse, sort in itertools.product(
        queries, filters, ("none", "reposts"), ("relevance", "date", "date_asc")
    ):
        if sort == "relevance" or (not chosen and q in ("", "社区")):
            yield {"q": q, **chosen, "collapse": collapse, "sort": sort}


def test_solr_and_whoosh_answer_every_filter_facet_query_and_order_alike(client, sample, tmp_path):
    everything = client.get("/api/search", {"page_size": 100}).json()
    assert everything["count"] == Article.objects.filter(published=True).count() > 90
    province = everything["facets"]["region"][0]["value"]
    cities = client.get("/api/search", {"region": province}).json()["facets"]["region"][0]["children"]
    asked = list(searches(everything, cities))
    from_solr = [answer(client, params) for params in asked]
    with whoosh_index_in(tmp_path / "whoosh"), settings_engine("whoosh"):
        rebuild(engine())
        from_whoosh = [answer(client, params) for params in asked]
    differing = [(params, s, w) for params, s, w in zip(asked, from_solr, from_whoosh) if s != w]
    assert not differing, [
        (
            params,
            {key: value for key, value in solr.items() if whoosh[key] != value},
            {key: value for key, value in whoosh.items() if solr[key] != value},
        )
        for params, solr, whoosh in differing[:2]
    ]
    assert sum(a["count"] > 0 for a in from_solr) > len(asked) / 2  # the searches find something


@contextlib.contextmanager
def settings_engine(name):
    previous = settings.SEARCH_ENGINE
    settings.SEARCH_ENGINE = name
    try:
        yield
    finally:
        settings.SEARCH_ENGINE = previous


def control(action, node):
    """Stop or start a node of the cluster tests/with-solr started (it waits for the node to be back)."""
    request = urllib.request.Request(f"{os.environ['SOLR_CONTROL_URL']}/{action}?node={node}", method="POST")
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 200


def test_searches_keep_answering_from_the_replicas_while_a_node_is_down(client, seeds):
    before = [answer(client, {"q": q}) for q in ("", "社区", "区")]
    control("stop", 2)
    try:
        assert [answer(client, {"q": q}) for q in ("", "社区", "区")] * 3 == before * 3
    finally:
        control("start", 2)
    assert [answer(client, {"q": q}) for q in ("", "社区", "区")] == before


def solr_at(url):
    """The Solr engine on the collection at `url` (SOLR_URL) for the duration."""
    return haystack_connection("solr", URL=url)


def solr_unreachable():
    """SOLR_URL pointing at a port where nothing listens: every request refused."""
    return solr_at("http://127.0.0.1:9/solr/archive")


def test_solr_down_is_a_503_with_retry_after_and_writes_stay_queued_until_it_is_back(client, seeds, tmp_path):
    client.cookies["django_language"] = "en"  # the message read below
    with solr_unreachable():
        for path, params in (
            ("/api/search", {"q": "社区"}),
            ("/search/", {"q": "社区"}),
            ("/search/", {"q": "社区", "format": "json"}),
            ("/api/export", {"q": "社区"}),
        ):
            response = client.get(path, params)
            assert response.status_code == 503 and response["Retry-After"], (path, response.status_code)
            assert "cannot be reached" in response.content.decode()
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "story.txt").write_text(
            "新的标题\n社区新闻的正文，写在搜索引擎停机的时候。", encoding="utf-8"
        )
        result = run_command("ingest", str(tmp_path / "new"))
        assert result.failed and "stay queued" in result.err
        assert Article.objects.count() == 6 and pending_count() == 1
        assert run_command("check_index").failed
    repaired = run_command("check_index", "--repair")
    assert not repaired.failed and pending_count() == 0
    assert "missing 0, stale 0, orphaned 0" in run_command("check_index").out
    assert "新的标题" in [r["title"] for r in client.get("/api/search", {"q": "停机"}).json()["results"]]


def test_solr_setup_says_what_is_wrong_and_sets_up_a_new_collection(settings):
    with solr_unreachable():
        result = run_command("solr_setup")
        assert result.failed and "Solr cannot be reached" in result.err
    result = run_command("solr_setup")
    assert not result.failed and "is up to date" in result.out
    other = ",".join(url.rsplit("/", 1)[0] + "/other" for url in connections.connections_info["solr"]["URL"].split(","))
    with solr_at(other):
        try:
            with pytest.raises(Exception, match="there is no Solr collection 'other': run manage.py solr_setup"):
                engine().index_problem()
            result = run_command("solr_setup", "--shards", "1", "--replicas", "1")
            assert not result.failed and "collection other created: 1 shards" in result.out
            assert engine().index_problem() is None
        finally:
            engine().nodes.admin("admin/collections", {"action": "DELETE", "name": "other"})


@contextlib.contextmanager
def local_cluster(folder, *options):
    """A SolrCloud of one node of its own, from the launcher tests/with-solr runs, started with
    these options: yields the node's address."""
    project = ROOT / "search" / "solr" / "cluster"
    out, log = folder / "launcher.out", folder / "solr.log"
    with open(out, "w") as stdout, open(log, "w") as stderr:
        process = subprocess.Popen(
            [
                "java",
                "-Xmx512m",
                "-cp",
                f"{project}/target/classes:{project}/target/lib/*",
                "archive.solr.LocalCluster",
                "--nodes",
                "1",
                "--dir",
                str(folder / "cluster"),
                *options,
            ],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 180
        while "ready" not in out.read_text().split():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield next(line.split()[2] for line in out.read_text().splitlines() if line.startswith("node "))
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_solr_with_basic_auth_takes_the_credentials_in_solr_url_and_says_when_they_are_missing(client, seeds, tmp_path):
    with local_cluster(tmp_path, "--basic-auth", "archive:s3cret") as node:
        with solr_at(node.replace("http://", "http://archive:s3cret@") + "/archive"):
            assert not run_command("solr_setup", "--shards", "1", "--replicas", "1").failed
            assert not run_command("check_index", "--repair").failed
            assert answer(client, {"q": "疫"})["count"] == 5
        with solr_at(node + "/archive"):
            result = run_command("solr_setup")
            assert result.failed and "refused the credentials" in result.err and "s3cret" not in result.err
            response = client.get("/api/search", {"q": "疫"})
            assert response.status_code == 503 and response["Retry-After"]


def search(q):
    data = QueryDict(mutable=True)
    data.update({"q": q, "page_size": "100"})
    return engine().search(SearchParams.from_request(data))


def test_a_60000_character_story_and_a_term_repeated_1000_times_are_found_exactly(db):
    common = "的一是在不了有和人这中大为上国我以要他时来用们生到作地于出就年分对成会可也你说产主"
    rng = random.Random(15)
    body = (
        "".join(rng.choice(common) for _ in range(30_000))
        + "草莓大棚" * 1000
        + "".join(rng.choice(common) for _ in range(26_000))
    )
    pk = store(prepare("long.txt", f"长篇测试\n{body}\n".encode()))[1]
    flush()
    text = normalise(Article.objects.get().searchable_text())
    for start in [rng.randrange(len(text) - 40) for _ in range(40)] + [len(text) - 12]:
        term = text[start : start + rng.randint(2, 12)].strip()
        if len(term) >= 2:
            assert search(term).ids == [pk], (start, term)
    assert search("草莓大棚" * 3).ids == [pk] and search(text[-2:]).ids == [pk]
    assert search("草莓大棚莓").count == 0  # never in the text


def test_characters_beyond_the_basic_plane_are_found_alone_and_in_pairs(db):
    pk = store(prepare("rare.txt", "𡈼𠀀村新闻\n村里的𠀀字碑，旁边是𡈼姓人家。\n".encode()))[1]
    flush()
    for term in ("𠀀", "𡈼", "𠀀字", "𡈼𠀀村", "的𠀀"):
        assert search(term).ids == [pk], term
    assert search("𠀀𡈼").count == 0


@pytest.mark.postgres  # on SQLite, which takes one writer at a time, an ingest indexes at its end
def test_an_ingest_writes_each_story_to_the_index_once_alongside_its_storing_or_at_its_end(committed_db, settings):
    settings.SEARCH_INDEX_ALONGSIDE = 3  # whole commits of three stories (how many come while storing: timing)
    result = run_command("ingest", str(SEEDS))
    assert not result.failed, result.err
    alongside = re.search(r"indexed (\d+) while storing", result.out)
    at_end = re.search(r"indexed (\d+) in", result.out)
    assert sum(int(m.group(1)) for m in (alongside, at_end) if m) == 5, result.out
    assert pending_count() == 0
    assert sorted(engine().indexed_versions()) == sorted(Article.objects.values_list("pk", flat=True))


@pytest.mark.postgres
def test_indexing_alongside_writes_only_whole_commits_while_its_block_runs_and_none_after(committed_db, settings):
    settings.SEARCH_INDEX_ALONGSIDE = 3
    with deferred(), indexing_alongside() as written:
        for path in sorted(SEEDS.glob("*.txt")):
            store(prepare(path.name, path.read_bytes()))
        deadline = time.monotonic() + 60
        while written.value < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert written.value == 3
        assert pending_count() == 2  # two stories are less than a commit: left for the ingest's flush
    assert written.value == 3
    assert flush() == 2
    assert sorted(engine().indexed_versions()) == sorted(Article.objects.values_list("pk", flat=True))
