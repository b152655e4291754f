"""Repost fingerprints are made another way (archive/reposts.py: one-permutation MinHash over
numpy shingle hashes), which the kept hashes cannot be compared with: they are forgotten, and
a story's band keys become one row (RepostBands, held in memory by archive/repost_bands.py)
instead of a row a band. Clusters stay as they are; `manage.py cluster` fingerprints every
story anew (ingest says so while some story has no fingerprint)."""

import django.db.models.deletion
from django.db import migrations, models


def forget_fingerprints(apps, schema_editor):
    apps.get_model("archive", "RepostFingerprint").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_repost_fingerprints"),
    ]

    operations = [
        migrations.RunPython(forget_fingerprints, migrations.RunPython.noop),
        migrations.CreateModel(
            name="RepostBands",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="repost_bands",
                        serialize=False,
                        to="archive.article",
                    ),
                ),
                ("keys", models.BinaryField()),
            ],
            options={
                "verbose_name": "repost bands",
                "verbose_name_plural": "repost bands",
            },
        ),
        migrations.DeleteModel(
            name="RepostBand",
        ),
    ]
