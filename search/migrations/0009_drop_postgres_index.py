"""Drop the retired PostgreSQL engine's index (its tables, sequence and function), where a database
still has it. Not reversible: `manage.py rebuild_index` writes an engine's index from the records."""

from django.db import migrations

from archive.postgresql import on_postgresql

DROP = [
    "DROP TABLE IF EXISTS search_posting, search_text, search_story, search_bigrams CASCADE",
    "DROP SEQUENCE IF EXISTS search_story_written",
    "DROP FUNCTION IF EXISTS search_grams(text)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_index_squashed")]
    operations = [migrations.RunPython(on_postgresql(DROP), migrations.RunPython.noop)]
