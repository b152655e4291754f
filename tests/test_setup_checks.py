"""A set-up step not done stops the server at start with what to run, never a 500 —
static files not collected (DEBUG off), the database not migrated, no secret key (DEBUG off), a
search index this version cannot use; a search engine out of reach is only a warning. The
commands that do the set-up (migrate, collectstatic, check_index --repair, rebuild_index) are
not held up by these checks (archive/checks.py, search/checks.py)."""

import contextlib
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings
from haystack import connections as haystack_connections
from whoosh import index

from archive.checks import SETUP, ServerNotSetUp, database_is_migrated, stop_unless_set_up
from search import engine as engines
from search.indexing import backend
from tests.conftest import haystack_connection
from tests.servers import ROOT, environment, free_port, manage

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def check(*args, **options):
    """`manage.py check --deploy --tag setup`'s report (stdout + stderr) when it passes (the
    set-up checks, as a server starting runs them); SystemCheckError otherwise."""
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", "--tag", SETUP, *args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def check_error(*args, **options):
    with pytest.raises(SystemCheckError) as raised:
        check(*args, **options)
    return str(raised.value)


@pytest.fixture
def production_static(settings, tmp_path):
    """DEBUG off, whitenoise's manifest storage (as settings.py has it then), an empty STATIC_ROOT."""
    settings.DEBUG = False
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    return settings.STATIC_ROOT


def test_static_files_not_collected_with_debug_off_stop_the_server_saying_to_run_collectstatic(db, production_static):
    error = check_error()
    assert "(archive.E001) the static files are not collected" in error
    assert str(production_static / "staticfiles.json") in error and "HINT: run: manage.py collectstatic" in error
    call_command("collectstatic", "--noinput", verbosity=0, skip_checks=False)  # not held up by the check
    assert "archive.E001" not in check()


def test_a_manifest_without_a_file_the_pages_use_stops_the_server_naming_it(db, production_static):
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = production_static / "staticfiles.json"
    stored = json.loads(manifest.read_text())
    del stored["paths"]["archive/site.css"]  # collected by an older version, before site.css
    manifest.write_text(json.dumps(stored))
    error = check_error()
    assert "(archive.E001) the collected static files are older than the code: 1 of them" in error
    assert "archive/site.css" in error and "manage.py collectstatic" in error


def test_static_files_are_not_checked_while_debug_serves_them_from_the_finders(db, production_static, settings):
    settings.DEBUG = True  # nothing collected
    assert "archive.E001" not in check()
    settings.DEBUG = False
    settings.STORAGES = {
        **MANIFEST_STORAGE,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }  # no manifest to miss
    assert "archive.E001" not in check()


def sqlite_database(path, alias):
    """A connection to the SQLite database file at path (whatever engine the tests' own database
    runs on), made here, not in DATABASES."""
    options = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}}
    return DatabaseWrapper({**connections["default"].settings_dict, **options}, alias=alias)


@pytest.fixture
def empty_database(tmp_path):
    """The alias "fresh": a new, empty SQLite database file (the test database is migrated); a
    connection made here, not in DATABASES, that the test may use."""
    fresh = sqlite_database(tmp_path / "fresh.sqlite3", "fresh")
    connections["fresh"] = fresh
    try:
        yield "fresh"
    finally:
        fresh.close()
        del connections["fresh"]


def test_a_database_not_migrated_stops_the_server_saying_to_run_migrate(db, empty_database):
    error = check_error(databases=[empty_database])
    assert "(archive.E002) the database 'fresh' is not migrated" in error
    assert "contenttypes.0001_initial" in error and "HINT: run: manage.py migrate --database fresh" in error
    assert "archive.E002" not in check()  # the tests' own database is migrated


def test_a_database_out_of_reach_is_a_warning(db, tmp_path):
    connections["gone"] = sqlite_database(tmp_path / "no such folder" / "archive.sqlite3", "gone")
    try:
        [warning] = database_is_migrated(databases=["gone"])  # (Django's own checks of "gone" would fail first)
    finally:
        del connections["gone"]
    assert warning.id == "archive.W001" and not warning.is_serious()
    assert "the database 'gone' cannot be reached to see whether it is migrated" in warning.msg
    assert "DATABASE_URL" in warning.hint


def no_secret_key():
    """SECRET_KEY empty, as settings.py leaves it with DEBUG off and no DJANGO_SECRET_KEY. (Not the
    settings fixture: restoring a setting after another override of SECRET_KEY reads the empty one,
    which Django refuses.)"""
    return override_settings(SECRET_KEY="")


def test_debug_off_without_a_secret_key_stops_the_server_naming_the_variable_and_how_to_make_one(db, settings):
    settings.DEBUG = False
    with no_secret_key():
        error = check_error()
    assert "(archive.E003) DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in error
    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in error
    assert "archive.E003" not in check()
    settings.DEBUG = True
    with no_secret_key():
        assert "archive.E003" not in check()  # settings.py has a development key then


def index_of_another_version():
    """Replace the index with an empty one of the layout before the characters fields."""
    engine = backend()
    engine.ready()
    older = engine.schema.copy()
    older.remove("characters")
    older.remove("title_characters")
    index.create_in(engine.path, older)
    assert not engine.layout_is_current()


@pytest.mark.whoosh
def test_an_index_of_another_version_stops_the_server_and_check_index_repair_still_runs(committed_db):
    index_of_another_version()
    error = check_error()
    assert "(search.E003) the search index cannot be used as it is: the index was written by another version" in error
    assert "HINT: run: manage.py check_index --repair" in error
    call_command("check_index", "--repair", stdout=StringIO(), skip_checks=False)  # not held up by the check
    assert "search.E003" not in check()
    index_of_another_version()
    call_command("rebuild_index", stdout=StringIO(), stderr=StringIO(), skip_checks=False)
    assert "search.E003" not in check()


@pytest.mark.whoosh
def test_the_set_up_commands_run_while_the_set_up_checks_would_fail(db, production_static):
    index_of_another_version()
    with no_secret_key():
        error = check_error()
        assert all(found in error for found in ("archive.E001", "archive.E003", "search.E003"))
        call_command("migrate", verbosity=0, skip_checks=False)
        call_command("check_index", stdout=StringIO(), stderr=StringIO(), skip_checks=False, repair=True)
        call_command("collectstatic", "--noinput", verbosity=0, skip_checks=False)
        assert "archive.E003" in check_error()  # a secret key is not a command's to make
    check()  # now set up: a server would start


@contextlib.contextmanager
def solr_nowhere(settings):
    """SEARCH_ENGINE=solr with SOLR_URL at a port where nothing listens."""
    url, alias = f"http://127.0.0.1:{free_port()}/solr/archive", "solr"
    settings.SEARCH_ENGINE = "solr"
    if alias in haystack_connections.connections_info:  # make test's Solr run
        with haystack_connection(alias, URL=url):
            yield
        return
    options = {"ENGINE": "search.solr.backend.ArchiveSolrEngine", "URL": url, "TIMEOUT": 5}
    settings.HAYSTACK_CONNECTIONS = {**settings.HAYSTACK_CONNECTIONS, alias: options}
    haystack_connections.connections_info[alias] = options
    engines._engine.cache_clear()
    try:
        yield
    finally:
        del haystack_connections.connections_info[alias]
        getattr(haystack_connections.thread_local, "connections", {}).pop(alias, None)
        engines._engine.cache_clear()


def test_a_search_engine_out_of_reach_is_a_warning_the_server_starts_and_answers_503(db, settings, client):
    with solr_nowhere(settings):
        report = check()  # no SystemCheckError: the server starts
        assert "(search.W001) the search engine cannot be reached" in report and "SOLR_URL" in report
        assert client.get("/api/search", {"q": "社区"}).status_code == 503


@pytest.mark.solr
def test_a_solr_collection_not_set_up_stops_the_server_saying_to_run_solr_setup(db):
    nodes = haystack_connections.connections_info["solr"]["URL"].split(",")
    with haystack_connection("solr", URL=",".join(url.rsplit("/", 1)[0] + "/nonesuch" for url in nodes)):
        error = check_error()
    assert "(search.E004)" in error and "there is no Solr collection 'nonesuch'" in error
    assert "HINT: run: manage.py solr_setup" in error


def test_at_wsgi_start_the_checks_stop_the_server_with_every_error(db, production_static):
    with no_secret_key(), pytest.raises(ServerNotSetUp) as raised:
        stop_unless_set_up()
    message = str(raised.value)
    assert "archive.E001" in message and "collectstatic" in message and "archive.E003" in message
    assert isinstance(raised.value, RuntimeError)  # gunicorn prints a RuntimeError's message and exits
    call_command("collectstatic", "--noinput", verbosity=0)
    stop_unless_set_up()


def test_a_fresh_data_dir_refuses_to_serve_until_migrate_and_collectstatic_have_run(tmp_path):
    env = environment(tmp_path, DJANGO_DEBUG="false", DJANGO_SECRET_KEY="a-test-secret-" + "x" * 50)
    for command in (["check", "--deploy"], ["runserver", "--noreload", f"127.0.0.1:{free_port()}"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert "archive.E001" in result.stderr and "manage.py collectstatic" in result.stderr
        assert "archive.E002" in result.stderr and "manage.py migrate" in result.stderr
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = manage(env, *step)
        assert result.returncode == 0, (step, result.stderr)
    result = manage(env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
