"""WSGI entry point: `gunicorn archive.wsgi` or any WSGI server."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()
# What is loaded by now lives as long as the process: out of the collector's sight, a full
# collection no longer walks it in the middle of a search (up to 130 ms at 100,000 stories).
gc.freeze()
