"""The PostgreSQL engine ranks by word postings read a bucket of words at a time
(search/postgres/postings.py), in place of a word tsvector a story whose GIN index made the
commonest words read every holder's vector: each story row keeps its fields' lengths in words
instead (BM25F, as the Whoosh engine ranks). Matching reads search_text alone, and the filters
are applied to the columns each process keeps: the story rows' own indexes go.

The engine's rows are emptied: `manage.py check_index --repair` (make run does) writes them again."""
from django.db import migrations

from archive.postgresql import on_postgresql

FILTERED = ("regions", "sites", "source", "year", "script", "date", "captured", "cluster")
FORWARD = [
    "TRUNCATE search_story, search_text",
    "ALTER TABLE search_story DROP COLUMN words, ADD COLUMN text_length integer NOT NULL, "
    "ADD COLUMN title_length integer NOT NULL",
    # A story's text rows carry its write number: matching reads them alone, and filters are
    # applied to the kept columns (search/postgres/columns.py), so search_story needs no index
    # but its key.
    "ALTER TABLE search_text ADD COLUMN written bigint NOT NULL",
    *(f"DROP INDEX search_story_{column}" for column in FILTERED),
    """CREATE TABLE search_posting (
        id bigserial PRIMARY KEY, field smallint NOT NULL, bucket integer NOT NULL, data bytea NOT NULL)""",
    # Compressed by the writer already: not again by TOAST.
    "ALTER TABLE search_posting ALTER COLUMN data SET STORAGE EXTERNAL",
    "CREATE INDEX search_posting_bucket ON search_posting (field, bucket)",
]
BACKWARD = [
    "DROP TABLE search_posting",
    "TRUNCATE search_story, search_text",
    "ALTER TABLE search_text DROP COLUMN written",
    *(f"CREATE INDEX search_story_{column} ON search_story USING gin ({column})" for column in ("regions", "sites")),
    *(f"CREATE INDEX search_story_{column} ON search_story ({column})" for column in FILTERED[2:]),
    "ALTER TABLE search_story DROP COLUMN text_length, DROP COLUMN title_length, ADD COLUMN words tsvector NOT NULL",
    "CREATE INDEX search_story_words ON search_story USING gin (words)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_texts")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
