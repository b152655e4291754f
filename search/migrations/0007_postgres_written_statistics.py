"""search_text's `written` column (migration 0004) kept the server's default statistics target
(100) where the table's other columns have 10 (migration 0003), and ANALYZE samples 300 rows
per unit of the highest target: 30,000 rows, each computing search_grams for the expression's
statistics — 21.5 s of the server's time at 10,000 stories instead of 2.1 s, at every
autoanalyze of an ingest (bench/RESULTS.md). Its target is 10 as theirs are."""
from django.db import migrations

from archive.postgresql import on_postgresql


class Migration(migrations.Migration):
    dependencies = [("search", "0006_postgres_texts_number")]

    operations = [migrations.RunPython(
        on_postgresql(["ALTER TABLE search_text ALTER COLUMN written SET STATISTICS 10"]),
        on_postgresql(["ALTER TABLE search_text ALTER COLUMN written SET STATISTICS -1"]))]
