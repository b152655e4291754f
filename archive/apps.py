from django.apps import AppConfig
from django.db.models.signals import pre_delete


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from archive.models import Article

        pre_delete.connect(pass_cluster_on, sender=Article, dispatch_uid="archive.pass_cluster_on")


def pass_cluster_on(sender, instance, **kwargs):
    """A deleted original leaves its reposts one cluster under the earliest of them, indexed
    again (the database alone would make each of them an original of its own, unindexed)."""
    from archive import clusters  # here: it imports the models, which are not loaded when apps.py is

    clusters.leave(instance)
