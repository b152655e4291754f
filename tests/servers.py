"""The archive run as separate processes, as it is deployed: manage.py commands and a web
server in their own environment, fetched over real HTTP."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(data_dir, **settings):
    """This process's environment with the archive in data_dir (its own SQLite database and
    index unless settings name a DATABASE_URL) and the given settings."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "WHOOSH_INDEX_DIR")}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), **settings)
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, **headers):
    """(status, headers, body) of a GET."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def first_answer(url, server, seconds=60):
    """fetch(url) once the server answers; AssertionError with its output if it died or never did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return fetch(url)
        except OSError:
            assert server.poll() is None, f"the server stopped: {server.stdout.read().decode(errors='replace')}"
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} within {seconds} s")
