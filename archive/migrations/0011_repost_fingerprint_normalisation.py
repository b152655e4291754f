# The fingerprints stored before this have no normalisation name (""): they were made under the
# t2s-only folding, and `manage.py ingest` asks for `manage.py cluster --rebuild`.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_lz4_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="repostfingerprint",
            name="normalisation",
            field=models.CharField(default="", max_length=40),
        ),
    ]
