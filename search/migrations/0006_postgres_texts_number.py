"""Each story row keeps the number of the write that wrote its texts and postings (`texts`)
beside the number of its own last write (`written`): a write that finds a story's normalised
texts as they were — a repost cluster's take-over, a new date, region or source — replaces only
its search_story row, and its search_text rows and postings stay, under their older number
(search/postgres/writer.py). Until now both numbers were one, so the rows keep it as both."""
from django.db import migrations

from archive.postgresql import on_postgresql

FORWARD = [
    "ALTER TABLE search_story ADD COLUMN texts bigint",
    "UPDATE search_story SET texts = written",
    "ALTER TABLE search_story ALTER COLUMN texts SET NOT NULL",
]
# Without the column a story's texts must carry its last write's number again: the engine's
# rows are emptied, and `manage.py check_index --repair` writes them again.
BACKWARD = [
    "TRUNCATE search_story, search_text, search_posting",
    "ALTER TABLE search_story DROP COLUMN texts",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_gram_codes")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
