"""Set-up checks: a set-up step not done (the database not migrated, the static files not
collected, no secret key) stops the server at start with what to run, instead of a 500 on every
page. search/checks.py holds the search index's.

They are Django system checks tagged SETUP and registered as deployment checks, so that they run
where a server starts and nowhere else: `manage.py check --deploy` (make serve runs it before
gunicorn), runserver (archive/management/commands/runserver.py asks for them), and the WSGI
application (stop_unless_set_up, for gunicorn, which runs no checks). Commands run only the
other checks: migrate and collectstatic are what these ask for, check_index --repair and
rebuild_index mend the index, and no other command need wait on them.
"""

import os
import sys

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

SETUP = "setup"  # `manage.py check --deploy --tag setup` runs only these
SECRET_KEY_HINT = (
    "set DJANGO_SECRET_KEY to a long random string kept secret, e.g. what "
    'python -c "import secrets; print(secrets.token_urlsafe(50))" prints'
)


def static_files_are_collected(app_configs=None, **kwargs):
    """With DEBUG off, whitenoise serves the content-hashed copies `collectstatic` writes, found
    through its manifest: a page naming a file the manifest lacks is a 500 ("Missing
    staticfiles manifest entry for 'archive/site.css'"). Every file collectstatic would collect
    must be in the manifest."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    hint = "run: manage.py collectstatic --noinput, with the settings the server has (DJANGO_DEBUG=false)"
    manifest = os.path.join(settings.STATIC_ROOT, staticfiles_storage.manifest_name)
    if staticfiles_storage.read_manifest() is None:
        return [
            checks.Error(
                f"the static files are not collected: {manifest} is missing, and with DEBUG off every "
                f"page would fail (500)",
                hint=hint,
                id="archive.E001",
            )
        ]
    try:
        collected, _ = staticfiles_storage.load_manifest()  # read afresh: collectstatic may have run since
    except ValueError as error:
        return [
            checks.Error(f"the static files' manifest {manifest} cannot be read: {error}", hint=hint, id="archive.E001")
        ]
    missing = sorted(set(static_files()) - set(collected))
    if missing:
        return [
            checks.Error(
                f"the collected static files are older than the code: {len(missing)} of them are not "
                f"in {manifest} ({', '.join(missing[:5])}{', …' if len(missing) > 5 else ''}), and a "
                f"page that uses one would fail (500)",
                hint=hint,
                id="archive.E001",
            )
        ]
    return []


def static_files():
    """The static files collectstatic collects (the files of STATICFILES_DIRS and of the apps)."""
    from django.contrib.staticfiles.finders import get_finders

    ignore = apps.get_app_config("staticfiles").ignore_patterns
    for finder in get_finders():
        for path, storage in finder.list(ignore):
            yield os.path.join(getattr(storage, "prefix", None) or "", path).replace(os.sep, "/")


def database_is_migrated(app_configs=None, databases=None, **kwargs):
    """Every migration applied to the database (or to each of `databases`, with `check
    --database`): a table or column missing is a 500 on the pages that use it."""
    from django.db.migrations.executor import MigrationExecutor

    found = []
    for alias in databases or [DEFAULT_DB_ALIAS]:
        try:
            executor = MigrationExecutor(connections[alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            found.append(
                checks.Warning(
                    f"the database {alias!r} cannot be reached to see whether it is migrated: {error}",
                    hint="start it, or correct DATABASE_URL",
                    id="archive.W001",
                )
            )
            continue
        if plan:
            names = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
            found.append(
                checks.Error(
                    f"the database {alias!r} is not migrated: {len(names)} migrations are not applied "
                    f"({', '.join(names[:3])}{', …' if len(names) > 3 else ''})",
                    hint="run: manage.py migrate" + ("" if alias == DEFAULT_DB_ALIAS else f" --database {alias}"),
                    id="archive.E002",
                )
            )
    return found


def secret_key_is_set(app_configs=None, **kwargs):
    """With DEBUG off there is no development key: sessions, logins and forms are signed with
    DJANGO_SECRET_KEY, and without it the admin fails (500)."""
    if settings.DEBUG:
        return []
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty SECRET_KEY
        key = None
    if key:
        return []
    return [
        checks.Error("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off", hint=SECRET_KEY_HINT, id="archive.E003")
    ]


def register():
    """ArchiveConfig.ready's: register the set-up checks."""
    for check in (static_files_are_collected, database_is_migrated, secret_key_is_set):
        checks.register(check, SETUP, deploy=True)


class ServerNotSetUp(RuntimeError):
    """A set-up check failed as a WSGI server started. A RuntimeError: gunicorn prints its
    message alone ("Error: …") and exits."""


def stop_unless_set_up():
    """For archive/wsgi.py: the system checks and the set-up checks, for WSGI servers, which run
    none. Warnings go to stderr; errors raise ServerNotSetUp with every one of them and what to run.
    The database connections the checks opened are closed (as runserver closes them): a server
    that forks its workers afterwards (gunicorn --preload) must not hand them one connection to
    share."""
    try:
        issues = [
            issue
            for issue in checks.run_checks() + checks.run_checks(tags=[SETUP], include_deployment_checks=True)
            if not issue.is_silenced()
        ]
    finally:
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
    for issue in issues:
        if not issue.is_serious():
            print(f"WARNING: {issue}", file=sys.stderr)
    errors = [issue for issue in issues if issue.is_serious()]
    if errors:
        raise ServerNotSetUp("the archive is not set up to serve:\n" + "\n".join(str(error) for error in errors))
