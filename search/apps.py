from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        checks.register(search_engine_is_known)


def search_engine_is_known(app_configs, **kwargs):
    """SEARCH_ENGINE names an engine that is written (search.engine.ENGINES), on a database it
    can use: said at start-up, not at the first search."""
    return engine_problems(settings.SEARCH_ENGINE, settings.DATABASES["default"]["ENGINE"])


def engine_problems(name, database_engine):
    from search.engine import ENGINES

    if name not in ENGINES:
        return [checks.Error(f"SEARCH_ENGINE={name!r} is not an engine of this archive",
                             hint=f"one of: {', '.join(sorted(ENGINES))}", id="search.E001")]
    if name == "postgres" and "postgresql" not in database_engine:
        return [checks.Error("SEARCH_ENGINE=postgres keeps the search index in the database, which is not PostgreSQL",
                             hint="set DATABASE_URL to a postgres:// address", id="search.E002")]
    return []
