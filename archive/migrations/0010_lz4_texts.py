"""A story's texts and captured bytes compressed with lz4 instead of pglz on PostgreSQL: lz4
compresses them to about the same size in a fraction of the server's time, which an ingest
spends on every story. Values stored before stay as they were written (PostgreSQL reads
either)."""

from django.db import migrations

from archive.postgresql import compression, on_postgresql

COLUMNS = (
    ("archive_article", "body_raw"),
    ("archive_article", "body_clean"),
    ("archive_version", "body_raw"),
    ("archive_version", "body_clean"),
    ("archive_capture", "payload"),
    ("archive_capture", "http_headers"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_cluster_indexes"),
    ]

    operations = [
        migrations.RunPython(
            on_postgresql([compression("lz4", *COLUMNS)]), on_postgresql([compression("default", *COLUMNS)])
        )
    ]
