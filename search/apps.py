from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        checks.register(search_engine_is_known)


def search_engine_is_known(app_configs, **kwargs):
    """SEARCH_ENGINE names an engine that is written (search.engine.ENGINES): said at start-up,
    not at the first search."""
    from search.engine import ENGINES

    if settings.SEARCH_ENGINE in ENGINES:
        return []
    return [checks.Error(f"SEARCH_ENGINE={settings.SEARCH_ENGINE!r} is not an engine of this archive",
                         hint=f"one of: {', '.join(sorted(ENGINES))}", id="search.E001")]
