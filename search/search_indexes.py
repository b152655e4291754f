"""What of an Article goes into the index (haystack discovers this module by its name)."""

import hashlib

from django.db.models import Prefetch
from django.utils import timezone
from haystack import indexes

from archive.models import Article, Capture, Region
from archive.text import normalisation
from search.fields import BigramsField, CharactersField, ExactField, ExactListField, StoredIntegerField, WordsField

NO_DATE = 0  # an undated story (search.results sorts these last)
# The fields of a story and of its captures that the prepare methods read (index_queryset).
INDEXED_FIELDS = ("title", "body_clean", "script", "date", "source", "repost_of", "published", "status", "created_at")
CAPTURE_FIELDS = ("article", "original_url", "site", "captured_at", "stored_at", "missing")


def region_codes(article):
    """Each region of the story and all its ancestors: a filter on 山东省 finds 泰安市's stories."""
    codes = set()
    for region in article.regions.all():
        codes.update(r.adcode for r in region.path())
    return sorted(codes)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # The story's text (title, then clean body) and its title, each as words, bigrams and characters.
    text = WordsField(document=True, model_attr="searchable_text")
    title = WordsField(boost=2.0, model_attr="title")
    chars = BigramsField(model_attr="searchable_text")
    title_chars = BigramsField(model_attr="title")
    characters = CharactersField(model_attr="searchable_text")
    title_characters = CharactersField(model_attr="title")
    source_chars = BigramsField()
    source = ExactField(null=True)
    regions = ExactListField()
    year = ExactField(null=True)
    script = ExactField()
    date = StoredIntegerField()
    sites = ExactListField()
    captured = StoredIntegerField()
    cluster = StoredIntegerField()
    repost = StoredIntegerField()
    status = ExactField(model_attr="status")  # present, altered, removed, restored (archive/status.py)
    added = StoredIntegerField()
    version = ExactField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        """The published stories with what the prepare methods read, and no more: an ingest
        reads every story back to index it, and a whole Article (its text as collected, its
        JSON fields) and its versions would be read and thrown away."""
        return (
            Article.objects.filter(published=True)
            .only(*INDEXED_FIELDS)
            .select_related("source")
            .prefetch_related(
                Prefetch("regions", queryset=Region.objects.select_related("parent__parent")),
                Prefetch("captures", queryset=Capture.objects.only(*CAPTURE_FIELDS).order_by(*Capture.IN_ORDER_MADE)),
            )
            .with_cluster_key()
        )

    def prepare_source_chars(self, article):
        return article.source.name if article.source else ""

    def prepare_source(self, article):
        return str(article.source_id) if article.source_id else None

    def prepare_regions(self, article):
        return region_codes(article)

    def prepare_year(self, article):
        return str(article.date.year) if article.date else None

    def prepare_script(self, article):
        return article.script

    def prepare_date(self, article):
        return int(article.date.strftime("%Y%m%d")) if article.date else NO_DATE

    def prepare_sites(self, article):
        return article.sites()

    def prepare_captured(self, article):
        """The day of the newest capture (YYYYMMDD) in TIME_ZONE, the day the pages show, or NO_DATE."""
        newest = article.newest_capture()
        if not newest or not newest.captured_at:
            return NO_DATE
        return int(timezone.localtime(newest.captured_at).strftime("%Y%m%d"))

    def prepare_added(self, article):
        """The day the story entered the archive (YYYYMMDD) in TIME_ZONE, as prepare_captured: what
        added_from/added_to ask, so that a saved search finds what is new since a day."""
        return int(timezone.localtime(article.created_at).strftime("%Y%m%d")) if article.created_at else NO_DATE

    def prepare_cluster(self, article):
        """The key of the story's repost cluster (ArticleQuerySet.with_cluster_key)."""
        return article.cluster_key

    def prepare_repost(self, article):
        """1 for a repost, 0 for its cluster's original or a story that stands alone."""
        return int(article.repost_of_id is not None)

    def prepare_version(self, article):
        """A fingerprint of everything indexed, after the name of the text normalisation that
        analysed it (search.engine.older_normalisation): check_index compares it with the
        database."""
        parts = [
            article.title,
            article.body_clean,
            str(article.source_id),
            article.source.name if article.source else "",
            ",".join(region_codes(article)),
            str(article.date),
            article.script,
            ",".join(article.sites()),
            str(self.prepare_captured(article)),
            str(self.prepare_cluster(article)),
            str(self.prepare_repost(article)),
            article.status,
            str(self.prepare_added(article)),
        ]
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
        return f"{normalisation()}:{digest}"
