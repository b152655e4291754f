"""Migrations 0002-0008 built the PostgreSQL engine's index tables, which are retired (the Solr
engine replaced it). A database that ran them has them dropped by 0009; a new one never has them."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("search", name)
        for name in (
            "0002_postgres_index",
            "0003_postgres_texts",
            "0004_postgres_postings",
            "0005_postgres_gram_codes",
            "0006_postgres_texts_number",
            "0007_postgres_written_statistics",
            "0008_postgres_gram_postings",
        )
    ]
    dependencies = [("search", "0001_initial")]
    operations = []
