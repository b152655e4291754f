from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_delete

from archive.postgresql import send_lists_in_binary


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from archive.models import Article

        pre_delete.connect(pass_cluster_on, sender=Article, dispatch_uid="archive.pass_cluster_on")
        connection_created.connect(send_lists_in_binary, dispatch_uid="archive.send_lists_in_binary")


def pass_cluster_on(sender, instance, **kwargs):
    """A deleted original leaves its reposts one cluster under the earliest of them, indexed
    again (the database alone would make each of them an original of its own, unindexed)."""
    from archive import clusters  # here: it imports the models, which are not loaded when apps.py is

    clusters.leave(instance)
