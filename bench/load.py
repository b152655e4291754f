"""Searching under load, with a read replica and a Solr node killed (a benchmark, not a test).

    tests/with-postgres tests/with-solr .venv/bin/python bench/load.py [--stories 10000] [--clients 8]
        [--kill-node 2 --kill-after 20 --down-for 20] [--steady 30]

On the throwaway PostgreSQL server tests/with-postgres starts (the primary): a fresh database,
a streaming replica of the server (pg_basebackup, on loopback), and `make serve` (gunicorn,
DEBUG off) reading from the replica, with the engine the environment names (tests/with-solr:
its SolrCloud, emptied first). While `manage.py ingest` stores bench/corpus.py's files on the
primary, CLIENTS threads search through bench/queries.py's queries, each waiting for its
answer before asking again; with --kill-node, that Solr node is stopped KILL_AFTER seconds into
the ingest and started again DOWN_FOR seconds later (tests/with-solr's control). Reports each
search's time, every 503 (the engine unavailable: the answer promised), every error (any other
status from 500 up, or no answer), and at the end whether every story is on the replica and in
search; then, with --steady, CLIENTS search for that many seconds with nothing else running
(searches a second). Writes the table into bench/RESULTS.md and the report into
bench/results/load.json. Bounded: the ingest's files, and a sample of stories searched.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg
from queries import queries
from results import write_section
from run import build_corpus, cpu_seconds, ms, spread

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import database_with_replica, make_serve, serving  # noqa: E402 (after the path)

SAMPLE = 500  # stories looked for by title at the end


def search(base, params):
    with urllib.request.urlopen(f"{base}/api/search?{urllib.parse.urlencode(params)}", timeout=60) as response:
        return json.loads(response.read())


def clients(base, count, stop):
    """Threads searching until stop is set: [(ms, None, "503" or the error)] of every search. An
    error is another 5xx or no answer; a 400 (a filter naming a source the ingest has not stored
    yet) is the right answer."""
    timings, lock = [], threading.Lock()

    def client(seed):
        mine, order = [], queries()
        random.Random(seed).shuffle(order)
        while not stop.is_set():
            for _, params in order:
                started = time.perf_counter()
                try:
                    search(base, params)
                    error = None
                except urllib.error.HTTPError as problem:  # a 400 names a source not stored yet: a right answer
                    error = None if problem.code < 500 else "503" if problem.code == 503 else f"HTTP {problem.code}"
                except Exception as problem:  # no answer: counted, not fatal
                    error = f"{type(problem).__name__}: {problem}"
                mine.append(((time.perf_counter() - started) * 1000, error))
                if stop.is_set():
                    break
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads, timings


def replayed(primary_url, replica_url, seconds=300):
    """Seconds the replica took, after the ingest, to hold every story the primary holds."""
    started = time.monotonic()
    with psycopg.connect(primary_url) as primary, psycopg.connect(replica_url, autocommit=True) as replica:
        want = primary.execute("SELECT count(*) FROM archive_article").fetchone()[0]
        while replica.execute("SELECT count(*) FROM archive_article").fetchone()[0] < want:
            if time.monotonic() - started > seconds:
                raise AssertionError(f"the replica lacks stories {seconds} s after the ingest")
            time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def searchable(base, primary_url):
    """(stories the index counts, stories of a random sample found by their title)."""
    with psycopg.connect(primary_url) as primary:
        rows = primary.execute("SELECT id, title FROM archive_article").fetchall()
    sample = random.Random(1).sample(rows, min(SAMPLE, len(rows)))
    found = sum(
        pk in {r["id"] for r in search(base, {"q": f'title:"{title}"', "page_size": 50})["results"]}
        for pk, title in sample
    )
    return search(base, {})["count"], f"{found} of {len(sample)}"


def kill_and_restart(node, after, down_for, stop):
    """A thread that stops a Solr node `after` seconds from now and starts it `down_for` seconds
    later (or as soon as stop is set); [(event, seconds from the start)]."""
    control, events, started = os.environ["SOLR_CONTROL_URL"], [], time.monotonic()

    def post(action):
        urllib.request.urlopen(
            urllib.request.Request(f"{control}/{action}?node={node}", method="POST"), timeout=300
        ).read()
        events.append(
            (
                f"node {node} {action}ped" if action == "stop" else f"node {node} started",
                round(time.monotonic() - started, 1),
            )
        )

    def run():
        if not stop.wait(after):
            post("stop")
            stop.wait(down_for)
            post("start")

    thread = threading.Thread(target=run)
    thread.start()
    return thread, events


# Where a search's CPU time goes: the processes of each part (command-line patterns).
PARTS = {"web": "gunicorn archive.wsgi", "solr": "archive.solr.LocalCluster", "postgres": "postgres"}


def steady(base, count, seconds):
    """(searches a second, spread of their ms, errors, {part: CPU ms a search}) of CLIENTS searching
    for SECONDS. Two cores give 2,000 CPU ms a second: the parts' sum bounds the rate."""
    stop = threading.Event()
    before, clients_before = {part: cpu_seconds(p) for part, p in PARTS.items()}, time.process_time()
    threads, timings = clients(base, count, stop)
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    used = {part: cpu_seconds(p) - before[part] for part, p in PARTS.items()}
    used["clients"] = time.process_time() - clients_before
    cpu_ms = {part: round(s * 1000 / max(len(timings), 1), 1) for part, s in used.items()}
    return round(len(timings) / seconds, 1), spread([t for t, _ in timings]), sum(bool(e) for _, e in timings), cpu_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kill-node", type=int, help="the Solr node to stop during the ingest (tests/with-solr)")
    parser.add_argument("--kill-after", type=float, default=20, help="seconds into the ingest")
    parser.add_argument("--down-for", type=float, default=20, help="seconds the node stays down")
    parser.add_argument("--steady", type=float, default=0, help="seconds of searching alone after the ingest")
    args = parser.parse_args()
    corpus = build_corpus(args.stories)
    primary = dj_database_url.parse(os.environ["DATABASE_URL"])
    with (
        tempfile.TemporaryDirectory() as data,
        database_with_replica(primary, "load_bench") as (primary_url, replica_url, _),
    ):
        env = {
            **os.environ,
            "ARCHIVE_DATA_DIR": data,
            "DATABASE_URL": primary_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "load-bench-" + "x" * 50,
        }
        with serving(
            make_serve, {**env, "DATABASE_REPLICA_URL": replica_url}, Path(data) / "server.log", seconds=300
        ) as base:
            if env.get("SEARCH_ENGINE") == "solr":
                subprocess.run(
                    [sys.executable, "manage.py", "rebuild_index"], cwd=ROOT, env=env, check=True, capture_output=True
                )  # no stories yet: empties the collection
            stop = threading.Event()
            threads, timings = clients(base, args.clients, stop)
            killer, events = (
                kill_and_restart(args.kill_node, args.kill_after, args.down_for, stop) if args.kill_node else (None, [])
            )
            started = time.perf_counter()
            ingest = subprocess.run(
                [sys.executable, "manage.py", "ingest", str(corpus)], cwd=ROOT, env=env, capture_output=True, text=True
            )
            ingest_seconds = time.perf_counter() - started
            stop.set()
            for thread in threads + ([killer] if killer else []):
                thread.join()
            # What a failed write left queued (a node down) is written now, as an operator would.
            repair = subprocess.run(
                [sys.executable, "manage.py", "check_index", "--repair"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            catch_up = replayed(primary_url, replica_url)
            indexed, found = searchable(base, primary_url)
            rate, steady_ms, steady_errors, cpu_ms = (
                steady(base, args.clients, args.steady) if args.steady else (None, None, 0, {})
            )
    unavailable = sum(error == "503" for _, error in timings)
    errors = [error for _, error in timings if error and error != "503"]
    report = {
        "stories": args.stories,
        "clients": args.clients,
        "ingest_seconds": round(ingest_seconds, 1),
        "ingest_summary": ingest.stdout.strip().splitlines()[-2:],
        "ingest_ok": ingest.returncode == 0,
        "searches": len(timings),
        "unavailable_503": unavailable,
        "errors": len(errors),
        "first_errors": errors[:5],
        "solr_node_events": events,
        "repair": repair.stdout.strip().splitlines(),
        "steady": {
            "seconds": args.steady,
            "searches_per_second": rate,
            "search_ms": steady_ms,
            "errors": steady_errors,
            "cpu_ms_per_search": cpu_ms,
        },
        "search_ms": spread([t for t, _ in timings]),
        "replica_caught_up_s": catch_up,
        "index_count": indexed,
        "found_by_title": found,
    }
    table = "\n".join(
        [
            "| engine | stories ingested | clients | Solr node | ingest | searches during it | 503 | errors"
            " | search p50 / p95 / p99 | replica caught up | index holds | sample found by title | alone: searches/s, p50 / p95 / p99"
            " | alone: CPU ms a search |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| {env.get('SEARCH_ENGINE', 'whoosh')} | {args.stories:,} | {args.clients} | "
            f"{', '.join(f'{e} at {t} s' for e, t in events) or '—'} | {report['ingest_seconds']} s | {len(timings):,} | "
            f"{unavailable} | {len(errors)} | {ms(report['search_ms'])} | {catch_up} s after | {indexed:,} | {found} | "
            f"{f'{rate}/s, {ms(steady_ms)}' if rate else '—'} | {', '.join(f'{k} {v}' for k, v in cpu_ms.items()) or '—'} |",
        ]
    )
    print(table)
    write_section("load", table, report)


if __name__ == "__main__":
    main()
