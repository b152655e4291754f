from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

from archive.postgresql import send_lists_in_binary


class ArchiveConfig(AppConfig):
    default = True  # the archive app's config; LoginProtectionConfig below is axes'
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from archive import checks
        from archive.models import Article

        checks.register()  # set-up steps not done stop a server at start (archive/checks.py)
        pre_delete.connect(pass_cluster_on, sender=Article, dispatch_uid="archive.pass_cluster_on")
        connection_created.connect(send_lists_in_binary, dispatch_uid="archive.send_lists_in_binary")
        # A story saved, deleted or given other regions one at a time (a form, store()) is a change
        # the layers above follow, as the bulk writes' own stories_changed calls are.
        post_save.connect(story_saved_or_deleted, sender=Article, dispatch_uid="archive.story_saved")
        post_delete.connect(story_saved_or_deleted, sender=Article, dispatch_uid="archive.story_deleted")
        m2m_changed.connect(regions_changed, sender=Article.regions.through, dispatch_uid="archive.regions_changed")


class LoginProtectionConfig(AxesAppConfig):
    """django-axes (admin logins locked out after repeated failures) under a name the admin can
    translate: axes names its app "Axes", an untranslated string."""

    verbose_name = _("Login protection")


def pass_cluster_on(sender, instance, **kwargs):
    """A deleted original leaves its reposts one cluster under the earliest of them, indexed
    again (the database alone would make each of them an original of its own, unindexed)."""
    from archive import clusters  # here: it imports the models, which are not loaded when apps.py is

    clusters.leave(instance)


def story_saved_or_deleted(sender, instance, **kwargs):
    from archive.changes import stories_changed

    stories_changed([instance.pk])


def regions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from archive.changes import stories_changed

    if action.startswith("post_"):
        stories_changed((pk_set or []) if reverse else [instance.pk])
