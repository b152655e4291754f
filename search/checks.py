"""The search index's set-up check (archive/checks.py holds the others and says where they run): an index this version of the archive cannot use — written by another version, analysed
with another text normalisation, a Solr collection of another configset or none — stops the
server at start with what to run, instead of searches that fail or miss. An engine that cannot
be reached is a warning: the server starts, and its searches answer 503 until the engine is back.

Like every set-up check it runs only where a server starts (runserver, `manage.py check --deploy`,
the WSGI application): never in check_index --repair, rebuild_index or solr_setup, which mend
what it finds, nor in migrate or any other command, which need not wait for the engine.
"""

from django.conf import settings
from django.core import checks

from archive.checks import SETUP
from search.engine import EngineUnavailable, engine

REPAIR_HINT = "run: manage.py check_index --repair (it rebuilds the index from the database)"


def index_is_current(app_configs=None, **kwargs):
    from search.apps import engine_problems
    from search.solr.collections import NotSetUp

    if engine_problems(settings.SEARCH_ENGINE, settings.HAYSTACK_CONNECTIONS):
        return []  # search.E001/E002 say what is wrong with the settings
    current = engine()
    try:
        problem = current.index_problem()
    except NotSetUp as error:
        return [
            checks.Error(
                f"the search index cannot be used: {error}", hint="run: manage.py solr_setup", id="search.E004"
            )
        ]
    except EngineUnavailable as error:
        return [
            checks.Warning(
                f"the search engine cannot be reached: {error}. The server starts, and searches "
                f"answer 503 until it is back",
                hint="start Solr, or correct SOLR_URL; then run manage.py check_index",
                id="search.W001",
            )
        ]
    finally:
        let_go(current)
    if problem:
        return [
            checks.Error(f"the search index cannot be used as it is: {problem}", hint=REPAIR_HINT, id="search.E003")
        ]
    return []


def let_go(current):
    """Close the connections to Solr's nodes the check opened: a server that forks its workers
    after the checks (gunicorn --preload) must not hand them one connection to share. The
    engine opens new ones when it next asks."""
    for client in getattr(getattr(current, "nodes", None), "clients", ()):
        client.session.close()


def register():
    """SearchConfig.ready's."""
    checks.register(index_is_current, SETUP, deploy=True)
