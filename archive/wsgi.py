"""WSGI entry point: `gunicorn archive.wsgi` or any WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()
# gunicorn runs no system checks: a set-up step not done (migrate, collectstatic, DJANGO_SECRET_KEY,
# an index to rebuild) stops the server here, saying what to run, instead of a 500 on every page.
from archive.checks import stop_unless_set_up  # noqa: E402  (the apps are loaded by now)

stop_unless_set_up()
# What is loaded by now lives as long as the process: out of the collector's sight, a full
# collection no longer walks it in the middle of a search.
gc.freeze()
