"""The PostgreSQL engine matches with gram postings (search/postgres/postings.py, grams.py),
built by the writer's processes and kept in search_posting as the word postings are, in place of
a GIN index of search_grams(text) per field: a GIN index costs the server by the (gram, story)
pairs it takes in — some 1,200 a story — which kept an ingest below the Whoosh engine's rate
however they were batched (bench/RESULTS.md). search_text keeps the texts that confirm a term
of three characters or more, in their rows (compressed, not in the TOAST table: confirming
"人民政府" among 3,001 stories at 100,000 took 66 ms instead of 127); its write numbers go
(the postings carry theirs).
The engine's rows are emptied: `manage.py check_index --repair` (make run does) writes them again."""
import importlib

from django.db import migrations

from archive.postgresql import on_postgresql

FIELDS = ("text", "title", "source")
gram_codes = importlib.import_module("search.migrations.0005_postgres_gram_codes")

FORWARD = [
    "TRUNCATE search_story, search_text, search_posting",
    "DROP STATISTICS search_text_grams",
    *(f"DROP INDEX search_text_{name}" for name in FIELDS),
    "DROP FUNCTION search_grams(text)",
    "ALTER TABLE search_text DROP COLUMN written",
    "ALTER TABLE search_text SET (toast_tuple_target = 8160)",
    "ALTER TABLE search_text ALTER COLUMN text SET STORAGE MAIN",
]
BACKWARD = [
    "TRUNCATE search_story, search_text, search_posting",
    "ALTER TABLE search_text RESET (toast_tuple_target)",
    "ALTER TABLE search_text ALTER COLUMN text SET STORAGE EXTENDED",
    "ALTER TABLE search_text ADD COLUMN written bigint NOT NULL",
    "ALTER TABLE search_text ALTER COLUMN written SET STATISTICS 10",
    *gram_codes.replacing(gram_codes.CODES)[2 + len(FIELDS):],  # the function, its indexes and statistics
]


class Migration(migrations.Migration):
    dependencies = [("search", "0007_postgres_written_statistics")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
