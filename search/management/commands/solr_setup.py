"""python manage.py solr_setup [--shards N] [--replicas N]: make SOLR_URL's collection ready for
the archive. Uploads the configset in the repository (search/solr/configset) unless Solr has
it, then creates the collection with it (shards and replicas through the Collections API) or,
when the collection exists with another configset, moves it onto this one; then
`manage.py check_index --repair` writes the stories."""

import pysolr
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from search.engine import EngineUnavailable, engine
from search.solr import collections, configset


class Command(BaseCommand):
    help = "Upload the archive's Solr configset and create (or update) the collection SOLR_URL names."

    def add_arguments(self, parser):
        parser.add_argument("--shards", type=int, default=2, help="shards of a new collection (default 2)")
        parser.add_argument("--replicas", type=int, default=2, help="replicas of each shard (default 2)")

    def handle(self, *args, shards=2, replicas=2, **options):
        if shards < 1 or replicas < 1:
            raise CommandError("--shards and --replicas must be at least 1")
        try:
            nodes = engine("solr").nodes
            self.set_up(nodes, shards, replicas)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        except EngineUnavailable as error:
            raise CommandError(f"Solr cannot be reached: {error}") from error
        except pysolr.SolrError as error:
            raise CommandError(f"Solr refused: {error}") from error

    def set_up(self, nodes, shards, replicas):
        name = configset.name()
        if collections.upload(nodes):
            self.stdout.write(f"configset {name} uploaded")
        current = collections.configset_of(nodes)
        if current is None:
            collections.create(nodes, shards, replicas)
            self.stdout.write(
                f"collection {nodes.collection} created: {shards} shards, {replicas} replicas each, "
                f"configset {name}; run manage.py check_index --repair to index the stories"
            )
        elif current != name:
            collections.move_to_configset(nodes)
            self.stdout.write(
                f"collection {nodes.collection} moved from configset {current} to {name}; run "
                "manage.py check_index --repair to index the stories again"
            )
        else:
            self.stdout.write(f"collection {nodes.collection} is up to date (configset {name})")
