"""python manage.py check_index [--repair]: does the index hold exactly the published articles,
each as it is now? Reports missing, stale and orphaned documents; --repair rewrites them
through the single writer. An index written by another version of the archive (other fields
or posting formats) is reported as such; --repair rebuilds it from the database."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from search.engine import EngineUnavailable, engine
from search.indexing import article_index, enqueue, flush, rebuild


def compare():
    indexed = engine().indexed_versions()
    index = article_index()
    missing, stale = [], []
    for article in index.index_queryset().iterator(chunk_size=2000):
        version = index.prepare_version(article)
        if article.pk not in indexed:
            missing.append(article.pk)
        elif indexed.pop(article.pk) != version:
            stale.append(article.pk)
    return missing, stale, sorted(indexed)


class Command(BaseCommand):
    help = "Compare the search index with the database; --repair fixes what differs."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="rewrite missing and stale documents, remove orphans")

    def handle(self, *args, repair=False, **options):
        try:
            self.check_and_repair(repair)
        except (EngineUnavailable, ImproperlyConfigured) as error:
            raise CommandError(f"the index cannot be checked: {error}") from error

    def check_and_repair(self, repair):
        problem = engine().index_problem()
        if problem:
            self.rebuild(problem, repair)
            return
        missing, stale, orphans = compare()
        self.stdout.write(f"missing {len(missing)}, stale {len(stale)}, orphaned {len(orphans)}")
        for label, ids in (("missing", missing), ("stale", stale), ("orphaned", orphans)):
            if ids:
                self.stdout.write(f"  {label}: {', '.join(map(str, ids[:20]))}{' …' if len(ids) > 20 else ''}")
        problems = missing + stale + orphans
        if repair:
            if problems:
                enqueue(problems)
            written = flush()
            self.stdout.write(f"repaired: {written} documents rewritten")
        elif problems:
            raise CommandError("the index differs from the database; run check_index --repair")

    def rebuild(self, problem, repair):
        if not repair:
            raise CommandError(f"{problem}; run check_index --repair to rebuild it")
        self.stdout.write(f"{problem}: rebuilding it")
        self.stdout.write(f"repaired: {rebuild(engine())} documents rewritten")
