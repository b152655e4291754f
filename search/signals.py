"""haystack signal processor that queues index updates instead of writing inline."""
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from archive.models import Article
from search.indexing import enqueue


class QueuedSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.queue_article, sender=Article)
        signals.post_delete.connect(self.queue_article, sender=Article)
        signals.m2m_changed.connect(self.queue_regions, sender=Article.regions.through)

    def teardown(self):
        signals.post_save.disconnect(self.queue_article, sender=Article)
        signals.post_delete.disconnect(self.queue_article, sender=Article)
        signals.m2m_changed.disconnect(self.queue_regions, sender=Article.regions.through)

    def queue_article(self, sender, instance, **kwargs):
        enqueue([instance.pk])

    def queue_regions(self, sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        enqueue((pk_set or []) if reverse else [instance.pk])
