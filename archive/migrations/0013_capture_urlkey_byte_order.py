"""SURT keys compare byte by byte: the CDX API's ranges and order (archive/wayback/cdx.py) take
`,` < `-` < `)` as ASCII has them. PostgreSQL compares text by the database's collation, which
for en_US.UTF-8 and the like ignores punctuation at first: the column gets the "C" collation
there (its indexes are rebuilt with it). SQLite compares bytes already."""

from django.db import migrations


def byte_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "archive_capture" ALTER COLUMN "urlkey" TYPE varchar(2000) COLLATE "C"')


def database_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "archive_capture" ALTER COLUMN "urlkey" TYPE varchar(2000) COLLATE "default"'
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_capture_missing_and_status")]

    operations = [migrations.RunPython(byte_order, database_order, elidable=False)]
