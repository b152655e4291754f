"""The planner's statistics kept up with an ingest that grows the archive (PostgreSQL).

Why: PostgreSQL keeps the plan of a prepared statement (settings.py: server-side binding) until
the statistics of its tables change, and autovacuum refreshes them at most once a minute
(autovacuum_naptime). An ingest into a young archive had its lookups planned while the tables
held a few hundred rows, and ran them so for the rest of the minute or the ingest: at 10,000
stories, looking a batch's texts up in archive_version read the whole table (19 ms a batch instead
of 0.2), looking its files up in archive_capture took an index that every row matched.
ANALYZE each time the archive has doubled since the last one (eight times for 100,000 stories
into an empty archive, from 500; none for an ingest a tenth the size of the archive; five in
all took 0.9 s of the server's time at 10,000) plans the statements again.
"""

from django.db import connection

from archive.models import Article

FIRST_AT = 500  # stories


class GrowingArchive:
    """The archive an ingest adds stories to; ANALYZE at each doubling of its stories."""

    def __init__(self, first_at=FIRST_AT):
        self.postgresql = connection.vendor == "postgresql"
        self.before = Article.objects.count() if self.postgresql else 0
        self.next_at = max(first_at, 2 * self.before)

    def grew_by(self, added):
        """Call after each commit with how many stories the ingest has added so far."""
        stories = self.before + added
        if self.postgresql and stories >= self.next_at:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.next_at = 2 * stories
