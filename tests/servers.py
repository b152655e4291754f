"""The archive run as separate processes, as it is deployed: manage.py commands and a web
server in their own environment, fetched over real HTTP."""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the test process's environment holds for itself, not passed on: the tests' database and
# search engine (a server or command of a test has its own database, so the default engine), and
# the browser tests' leave to call the ORM from Playwright's event loop (a deploy check error).
TEST_ONLY = ("DATABASE_URL", "SEARCH_ENGINE", "WHOOSH_INDEX_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")


def environment(data_dir, **settings):
    """This process's environment with the archive in data_dir (its own SQLite database and
    index unless settings name a DATABASE_URL) and the given settings."""
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), **settings)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, **headers):
    """(status, headers, body) of a GET."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, dict(response.headers), response.read()


@contextlib.contextmanager
def serving(command, env, log, seconds=60):
    """The base URL of a web server that command(address) starts (in a process group of its
    own, so that `make serve`'s gunicorn stops with it), once it answers a search; stopped at
    the end. Its output goes to the file log: a pipe nobody reads fills up with access lines
    and stops the server. AssertionError with the log if it dies or never answers."""
    address = f"127.0.0.1:{free_port()}"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            command(address), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                fetch(f"http://{address}/api/search?q=x")
                break
            except OSError:
                assert server.poll() is None, f"the server stopped: {Path(log).read_text(errors='replace')}"
                assert time.monotonic() < deadline, (
                    f"no answer within {seconds} s: {Path(log).read_text(errors='replace')}"
                )
                time.sleep(0.2)
        yield f"http://{address}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def make_serve(address):
    """`make serve`'s command line, on address."""
    return ["make", "--no-print-directory", "serve", f"HOST={address}"]


def as_postgres(command):
    """PostgreSQL's programs refuse to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def postgres_url(host, port, user, name):
    return f"postgres://{user}@{urllib.parse.quote(host, safe='')}:{port}/{name}"


@contextlib.contextmanager
def database_with_replica(primary, name):
    """(primary URL, replica URL, stop the replica): a fresh database `name` on the PostgreSQL
    server that primary (Django DATABASES settings: HOST a socket folder, PORT, USER with
    replication rights) describes, and a hot standby of that server streaming from it
    (pg_basebackup) on a socket of its own; both removed at the end."""
    programs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))[-1]
    host, port, user = primary["HOST"], str(primary["PORT"]), primary["USER"]
    subprocess.run([f"{programs}/createdb", "-h", host, "-p", port, "-U", user, name], check=True)
    folder = tempfile.mkdtemp(prefix="archive-replica.")
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
    replica_port = free_port()
    control = as_postgres([f"{programs}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/server.log", "-w"])

    def stop_replica():
        subprocess.run([*control, "-m", "immediate", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        subprocess.run(
            as_postgres(
                [
                    f"{programs}/pg_basebackup",
                    "-h",
                    host,
                    "-p",
                    port,
                    "-U",
                    user,
                    "-D",
                    f"{folder}/data",
                    "-R",
                    "-X",
                    "stream",
                    "--no-sync",
                    "--checkpoint=fast",
                ]
            ),
            check=True,
        )
        subprocess.run(
            [*control, "-o", f"-k {folder} -p {replica_port} -c listen_addresses='' -c fsync=off", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield postgres_url(host, port, user, name), postgres_url(folder, replica_port, user, name), stop_replica
    finally:
        stop_replica()
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([f"{programs}/dropdb", "--force", "-h", host, "-p", port, "-U", user, name], check=True)
