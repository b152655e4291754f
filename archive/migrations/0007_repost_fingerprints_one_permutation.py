"""Repost fingerprints are made another way (archive/reposts.py: one-permutation MinHash over
numpy shingle hashes), which the kept bands and hashes cannot be compared with: they are
forgotten here, clusters stay as they are, and `manage.py cluster` makes every story's anew
(ingest reminds while some story has none)."""
from django.db import migrations


def forget_fingerprints(apps, schema_editor):
    apps.get_model("archive", "RepostBand").objects.all().delete()
    apps.get_model("archive", "RepostFingerprint").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0006_repost_fingerprints'),
    ]

    operations = [
        migrations.RunPython(forget_fingerprints, migrations.RunPython.noop),
    ]
