"""python manage.py rebuild_index [--engine whoosh|solr]: write every published story into an
engine's index from nothing, with a progress bar. Moving an archive to another engine: rebuild
its index while the current one serves, switch SEARCH_ENGINE, then `check_index --repair`
writes what changed meanwhile."""

import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from search.engine import ENGINES, EngineUnavailable, engine
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild a search engine's index from the database (the configured engine unless --engine says)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            dest="engine_name",
            choices=sorted(ENGINES),
            help=f"default: SEARCH_ENGINE ({settings.SEARCH_ENGINE})",
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="(accepted for haystack's habit; nothing is asked)"
        )

    def handle(self, *args, engine_name=None, **options):
        name = engine_name or settings.SEARCH_ENGINE
        try:
            with tqdm(unit="story", disable=None, file=sys.stderr, desc=f"rebuild {name}") as progress:
                written = rebuild(engine(name), progress)
        except (DatabaseError, ImproperlyConfigured, EngineUnavailable) as error:
            raise CommandError(f"the {name} index cannot be written here: {error}".strip()) from error
        self.stdout.write(f"{name}: {written} stories indexed")
