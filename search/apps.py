from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from archive import changes, marking
        from search import checks as setup_checks
        from search.index_listener import IndexListener
        from search.params import terms_to_mark

        checks.register(search_engine_is_known)
        setup_checks.register()  # an index this version cannot use stops a server at start
        changes.connect(IndexListener())  # the index follows every change to the record
        marking.connect(terms_to_mark)  # a story page marks the query that led to it


def search_engine_is_known(app_configs, **kwargs):
    """SEARCH_ENGINE names an engine that is written (search.engine.ENGINES), with what it needs
    to reach it: said at start-up, not at the first search."""
    return engine_problems(settings.SEARCH_ENGINE, settings.HAYSTACK_CONNECTIONS)


def engine_problems(name, haystack_connections):
    from search.engine import ENGINES

    if name not in ENGINES:
        return [
            checks.Error(
                f"SEARCH_ENGINE={name!r} is not an engine of this archive",
                hint=f"one of: {', '.join(sorted(ENGINES))}",
                id="search.E001",
            )
        ]
    if name == "solr" and "solr" not in haystack_connections:
        return [
            checks.Error(
                "SEARCH_ENGINE=solr needs the address of the Solr collection",
                hint="set SOLR_URL, e.g. http://host:8983/solr/archive (manage.py solr_setup creates it)",
                id="search.E002",
            )
        ]
    return []
