"""Stories stored before statuses existed that already have more than one version are altered
(archive/status.py); none had a capture that found it missing, so none is removed or restored."""

from django.db import migrations
from django.db.models import Count


def mark_altered(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    several = Article.objects.annotate(texts=Count("versions")).filter(texts__gt=1).values("pk")
    Article.objects.filter(pk__in=several, status="present").update(status="altered")


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_capture_urlkey_byte_order")]

    operations = [migrations.RunPython(mark_altered, migrations.RunPython.noop, elidable=True)]
