"""Load China's administrative divisions (archive.regions) into Region."""
from django.db import migrations

from archive.regions import read_divisions
from archive.text import to_traditional


def load(apps, schema_editor):
    Region = apps.get_model("archive", "Region")
    Region.objects.bulk_create(
        [
            Region(adcode=code, name=name, name_traditional=to_traditional(name), level=level, parent_id=parent)
            for code, name, level, parent in read_divisions()
        ],
        batch_size=500,
    )


def unload(apps, schema_editor):
    apps.get_model("archive", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
