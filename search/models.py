from django.db import models


class PendingIndexUpdate(models.Model):
    """An article whose index document must be rewritten (or removed).

    Rows are written in the same transaction as the change itself, so an edit is never
    committed without its index update being recorded; search.indexing deletes a row only
    after the index commit that wrote it."""

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
