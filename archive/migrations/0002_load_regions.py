"""Load China's administrative divisions (archive.regions) into Region."""

from django.db import migrations

from archive import regions


def load(apps, schema_editor):
    regions.load(apps.get_model("archive", "Region"))


def unload(apps, schema_editor):
    apps.get_model("archive", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
