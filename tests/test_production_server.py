"""`make serve`'s production set-up: gunicorn with DEBUG off serving pages, the API and compressed
static files; the deploy checks; admin logins locked out after repeated failures (django-axes)."""

import json
import re

import pytest
from django.contrib.auth.models import User

from tests.conftest import SEEDS
from tests.servers import environment, fetch, make_serve, manage, serving


def production_env(data_dir):
    """DEBUG off with a secret key, on SQLite in data_dir (the server's own, not the tests')."""
    return environment(data_dir, DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-test-secret-" + "x" * 50)


def test_deploy_checks_with_debug_off_leave_only_what_the_reverse_proxy_provides(tmp_path):
    env = production_env(tmp_path)
    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):  # else archive.E001, E002
        assert manage(env, *step).returncode == 0
    result = manage(env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert set(re.findall(r"security\.W\d+", result.stdout + result.stderr)) == {"security.W004", "security.W008"}


def test_debug_off_without_a_secret_key_refuses_to_start_naming_the_setting(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check", "--deploy")  # as make serve runs it before gunicorn
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


def test_make_serve_runs_gunicorn_with_debug_off_serving_pages_api_and_compressed_static_files(tmp_path):
    env = production_env(tmp_path)
    result = manage(env, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    assert manage(env, "ingest", str(SEEDS)).returncode == 0
    with serving(make_serve, env, tmp_path / "server.log") as base:
        status, headers, page = fetch(base + "/search/?q=%E7%96%AB")
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
        page = page.decode()
        assert "<mark>疫" in page
        status, _, body = fetch(base + "/api/search?q=%E7%96%AB")
        assert status == 200 and json.loads(body)["count"] == 5  # every seed story
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)  # content-hashed name
        status, headers, _ = fetch(base + stylesheet, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers["Cache-Control"]


def login(client, username, password, address):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def archivists(db):
    User.objects.create_superuser("archivist", "a@example.org", "right-password")
    User.objects.create_superuser("editor", "e@example.org", "editor-password")


def test_repeated_failed_logins_for_one_user_lock_that_user_out_from_every_address(client, archivists, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "archivist", "wrong", f"10.0.0.{attempt + 1}").status_code == 200  # the form again
    assert login(client, "archivist", "wrong", "10.0.0.99").status_code == 429  # the last failure locks
    assert login(client, "archivist", "right-password", "10.0.1.1").status_code == 429
    assert login(client, "editor", "editor-password", "10.0.1.2").status_code == 302  # another user logs in


def test_repeated_failed_logins_from_one_address_lock_that_address_out(client, archivists, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"guess{attempt}", "wrong", "10.0.0.9").status_code == 200
    assert login(client, "guess", "wrong", "10.0.0.9").status_code == 429
    assert login(client, "archivist", "right-password", "10.0.0.9").status_code == 429
    assert login(client, "archivist", "right-password", "10.0.0.10").status_code == 302
