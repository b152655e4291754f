"""The record: every story exactly as collected, plus what was derived from it.

body_raw and the file's sha256 are what was collected; every other field of an Article can
be recomputed from them by ingest, except the fields a person edited (edited_fields),
which ingest never touches again.
"""

import contextlib
import functools

from django.db import connection, models
from django.db.models import Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.provenance import describe_how
from archive.review import describe, field_name
from archive.text import normalise, searchable, to_simplified, to_traditional


def shown_time(value):
    """A time as pages and the admin show it: in the site's zone (TIME_ZONE), its offset named
    ("2024-05-02 04:30 UTC+8"); templates use it as the filter shown_time (archive/templatetags)."""
    local = timezone.localtime(value)
    offset = int(local.utcoffset().total_seconds())
    hours, seconds = divmod(abs(offset), 3600)
    zone = f"UTC{'-' if offset < 0 else '+'}{hours}" + (f":{seconds // 60:02d}" if seconds else "") if offset else "UTC"
    return f"{local:%Y-%m-%d %H:%M} {zone}"


class Region(models.Model):
    """A Chinese administrative division down to county level (see archive/regions.py)."""

    PROVINCE, CITY, DISTRICT = "province", "city", "district"
    LEVELS = [(PROVINCE, _("province")), (CITY, _("city")), (DISTRICT, _("district"))]

    adcode = models.CharField(_("adcode"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64, db_index=True)
    name_traditional = models.CharField(_("name in traditional script"), max_length=64, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["adcode"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return " › ".join(r.name for r in self.path())

    def path(self):
        """The region and its ancestors, province first."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def as_dict(self):
        return {"adcode": self.adcode, "name": self.name, "level": self.level, "path": [r.name for r in self.path()]}


class Source(models.Model):
    """Who published a story; 齊魯網 and 齐鲁网 are one source (same name_simplified)."""

    name = models.CharField(_("name"), max_length=200)
    name_simplified = models.CharField(_("name in simplified script"), max_length=200, unique=True)

    class Meta:
        ordering = ["name_simplified"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    @staticmethod
    def key(name):
        return normalise(name)

    def save(self, *args, **kwargs):
        self.name_simplified = self.key(self.name)
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def with_provenance(self):
        """Each story's captures (without their payloads) and versions, in two queries."""
        return self.prefetch_related(
            models.Prefetch("captures", queryset=Capture.objects.defer("payload").order_by(*Capture.IN_ORDER_MADE)),
            models.Prefetch("versions", queryset=Version.objects.only("id", "article_id", "seen_at")),
        )

    def in_clusters(self, originals):
        """The stories of the repost clusters of these originals: each original and its reposts."""
        return self.filter(models.Q(pk__in=originals) | models.Q(repost_of__in=originals))

    def with_cluster_key(self):
        """Each story's cluster_key: the smallest id in its repost cluster (its own when it
        stands alone). A story joins at ingest with a higher id than every stored one, so a
        cluster keeps its key while it grows, whichever member is its original: when an
        earlier story takes over, two stories change in the index, not the whole cluster."""
        original = Coalesce("repost_of_id", "pk")
        first_repost = (
            Article.objects.filter(repost_of=OuterRef("cluster_original"))
            .order_by()
            .values("repost_of")
            .annotate(first=Min("pk"))
            .values("first")
        )
        return self.annotate(cluster_original=original).annotate(
            cluster_key=Least("cluster_original", Coalesce(Subquery(first_repost), "cluster_original"))
        )


class Article(models.Model):
    SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"
    SCRIPTS = [(SIMPLIFIED, _("simplified")), (TRADITIONAL, _("traditional")), (MIXED, _("mixed"))]
    DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", ""
    PRECISIONS = [(DAY, _("day")), (MONTH, _("month")), (YEAR, _("year")), (UNKNOWN, _("unknown"))]
    PRESENT, ALTERED, REMOVED, RESTORED = "present", "altered", "removed", "restored"
    STATUSES = [(PRESENT, _("present")), (ALTERED, _("altered")), (REMOVED, _("removed")), (RESTORED, _("restored"))]

    # Fields a person may edit in the admin; ingest re-extracts only those not in edited_fields.
    EDITABLE_FIELDS = (
        "title",
        "date",
        "date_precision",
        "source",
        "regions",
        "authors",
        "editors",
        "keywords",
        "repost_of",
    )

    title = models.CharField(_("title"), max_length=500)
    body_raw = models.TextField(
        _("text as collected"), help_text=_("The decoded file exactly as collected; never altered.")
    )
    body_clean = models.TextField(
        _("clean text"), help_text=_("The story text without page furniture, for reading and search.")
    )
    script = models.CharField(_("script"), max_length=12, choices=SCRIPTS, db_index=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    date_text = models.CharField(
        _("date as printed"), max_length=100, blank=True, help_text=_("The date as the page printed it.")
    )
    date_precision = models.CharField(_("date precision"), max_length=5, choices=PRECISIONS, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("source")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("regions"))
    authors = models.JSONField(_("authors"), default=list, blank=True)
    editors = models.JSONField(_("editors"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, db_index=True)
    encoding = models.CharField(_("encoding"), max_length=20)
    sha256 = models.CharField(
        _("SHA-256 of the file"), max_length=64, db_index=True, help_text=_("Of the file's bytes.")
    )
    text_sha256 = models.CharField(
        _("SHA-256 of the text"),
        max_length=64,
        unique=True,
        help_text=_("Of the decoded text: one story whatever its encoding."),
    )
    found_by = models.JSONField(
        _("how the fields were found"),
        default=dict,
        blank=True,
        help_text=_("For each extracted field, the rule that found it (a labelled line, the dateline, a meta tag…)."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_reasons = models.JSONField(
        _("review reasons"),
        default=list,
        blank=True,
        help_text=_("Why extraction asks a person to look: codes, shown as sentences in the interface's language."),
    )
    edited_fields = models.JSONField(
        _("edited fields"),
        default=list,
        blank=True,
        help_text=_("Fields a person changed; ingest and re-extraction leave them alone."),
    )
    published = models.BooleanField(_("published"), default=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=STATUSES,
        default=PRESENT,
        db_index=True,
        help_text=_(
            "Whether the story is still where it was captured (archive/status.py derives it from the captures)."
        ),
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), null=True, blank=True, db_index=True, help_text=_("When the status last changed.")
    )
    repost_of = models.ForeignKey(  # (no index of its own: cluster_members starts with it)
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reposts",
        verbose_name=_("repost of"),
        db_index=False,
        help_text=_("The original of this story's repost cluster (its earliest dated story); empty for an original."),
    )
    resemblance = models.FloatField(
        _("resemblance"),
        null=True,
        blank=True,
        help_text=_("How much of the shorter text the longer one holds, against the story it joined the cluster by."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "id"]
        # A cluster's members with what "also run by" counts, read from the index alone (at
        # 100,000 stories a page of large clusters read 1,800 whole rows: 15 ms).
        # A story's place in its cluster read from the index alone (clusters._candidates): on
        # SQLite these columns come after the texts, and reading them walked the texts' pages.
        indexes = [
            models.Index(fields=["repost_of", "published", "source"], name="cluster_members"),
            models.Index(fields=["id", "repost_of", "date", "edited_fields"], name="cluster_place"),
        ]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.pk])

    @property
    def title_simplified(self):
        return to_simplified(self.title)

    @property
    def title_traditional(self):
        return to_traditional(self.title)

    @property
    def body_simplified(self):
        return to_simplified(self.body_clean)

    @property
    def body_traditional(self):
        return to_traditional(self.body_clean)

    def review_messages(self):
        """The review reasons as sentences in the active language."""
        return [describe(item) for item in self.review_reasons]

    def found_by_messages(self):
        """[(field's name, how it was found)], in the active language."""
        return [(field_name(name), describe_how(how)) for name, how in self.found_by.items()]

    def newest_capture(self):
        """The latest capture with an address that served the story (not one that found it
        missing there), or None."""
        dated = [c for c in self.captures.all() if c.original_url and not c.missing]
        return max(dated, key=lambda c: (c.captured_at is not None, c.captured_at or c.stored_at), default=None)

    def sites(self):
        """The hosts this story was captured at."""
        return sorted({c.site for c in self.captures.all() if c.site})

    @property
    def cluster_chosen(self):
        """Whether a person set this story's cluster (joined it to one, or split it out): the
        clustering leaves it as it is."""
        return "repost_of" in self.edited_fields

    def cluster_size(self):
        """How many stories run this story: its original and every repost of it."""
        original = self.repost_of_id or self.pk
        return 1 + Article.objects.filter(repost_of_id=original).count()

    def searchable_text(self):
        """What search matches against: the title, then the clean body."""
        return searchable(self.title, self.body_clean)


class Version(models.Model):
    """One text of a story. The same address captured again with changed text is a new version
    of the same story; the newest is the story's own fields (shown and searched), every older
    one is kept."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("story"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    body_raw = models.TextField(_("text as collected"))
    body_clean = models.TextField(_("clean text"))
    seen_at = models.DateTimeField(
        _("first seen"),
        db_index=True,
        help_text=_("When this text was first captured (the WARC's date), or ingested for a plain file."),
    )

    class Meta:
        ordering = ["article", "seen_at", "id"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        return f"{self.title} ({shown_time(self.seen_at)})"


class Capture(models.Model):
    """Where and when a story was seen, and what exactly was served: one WARC response
    record (its file, offset and payload digest find it again) or one plain file. A capture
    that found the story gone from its address (a 404, a redirect to the front page, a page
    saying it was deleted) has no version and says why in `missing`."""

    # A story's captures in the order they were made: newest_capture, the pages, the index and
    # the WARC export read them so.
    IN_ORDER_MADE = ("captured_at", "id")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captures", verbose_name=_("story"))
    version = models.ForeignKey(
        Version,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="captures",
        verbose_name=_("version"),
        help_text=_("The text served; empty when the story was missing."),
    )
    original_url = models.URLField(_("address"), max_length=2000, blank=True, db_index=True)
    urlkey = models.CharField(
        _("SURT key"),
        max_length=2000,
        blank=True,
        db_index=True,
        help_text=_("The address in SURT form (org,example)/path), as CDX indexes sort and match it."),
    )
    missing = models.CharField(
        _("story missing"),
        max_length=300,
        blank=True,
        help_text=_("Why this capture found the story gone from its address; empty when it was there."),
    )
    site = models.CharField(
        _("site"), max_length=255, blank=True, db_index=True, help_text=_("The host of the address.")
    )
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True, db_index=True)
    file_name = models.CharField(_("file"), max_length=255, help_text=_("The WARC file, or the plain file."))
    warc_offset = models.BigIntegerField(_("offset in the WARC"), null=True, blank=True)
    payload_digest = models.CharField(_("payload digest"), max_length=100, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    http_headers = models.TextField(
        _("HTTP headers"), blank=True, help_text=_("The status line and headers as served.")
    )
    payload = models.BinaryField(_("payload"), help_text=_("The bytes exactly as served (or as the file held them)."))
    sha256 = models.CharField(_("SHA-256 of the payload"), max_length=64)
    stored_at = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        ordering = ["article", "captured_at", "id"]
        # ingest's two lookups (archive/ingest/store.py): this capture already stored, and
        # the story last seen under a plain file's name
        indexes = [
            models.Index(fields=["sha256", "file_name", "warc_offset"], name="capture_identity"),
            models.Index(fields=["file_name", "original_url"], name="capture_file_address"),
        ]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")

    def __str__(self):
        return self.original_url or self.file_name

    def as_dict(self):
        return {
            "url": self.original_url or None,
            "site": self.site or None,
            "captured_at": self.captured_at.isoformat() if self.captured_at else None,
            "sha256": self.sha256,
            "http_status": self.http_status,
            "missing": self.missing or None,
        }


class RepostFingerprint(models.Model):
    """A story's shingle and sentence hashes (archive/reposts.py Fingerprint): a new story is
    checked against a candidate with these, without the candidate's text."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="fingerprint")
    shingles = models.BinaryField()
    sentences = models.BinaryField()
    # The text normalisation (archive.text.normalisation) the hashes were made under: those
    # made under another one no longer compare with new stories' (`manage.py cluster --rebuild`).
    normalisation = models.CharField(max_length=40, default="")

    class Meta:
        verbose_name = _("repost fingerprint")
        verbose_name_plural = _("repost fingerprints")


class RepostBands(models.Model):
    """A story's LSH band keys (archive/reposts.py band_keys), one row a story: the process that
    clusters holds every story's keys in memory (archive/repost_bands.py) and finds the stories
    a new one shares a band with there."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="repost_bands")
    keys = models.BinaryField()  # reposts.BANDS signed 64-bit keys

    class Meta:
        verbose_name = _("repost bands")
        verbose_name_plural = _("repost bands")


def quoted(model, *fields):
    """The model's table name and these fields' columns, quoted for raw SQL."""
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), *(quote(model._meta.get_field(name).column) for name in fields)


def placeholders(count):
    """count parameters of a statement run on driver_cursor(): "?, ?, …" on SQLite, "%s, %s, …" on PostgreSQL."""
    return ", ".join([_PLACEHOLDER[connection.Database.paramstyle]] * count)


_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


@contextlib.contextmanager
def driver_cursor():
    """The database driver's own cursor on Django's connection (in its transaction), for the few
    raw statements clustering runs for every story at ingest: Django's cursor rewrote each
    statement's placeholders and wrapped its call, which cost as much as SQLite's running it.
    Its statements take placeholders()."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def upsert(model, **values):
    """Store a row, or replace the other fields of the row with its primary key, in one raw
    statement: the repost tables get a row a story at ingest, where the ORM's own insert cost a
    millisecond (measured)."""
    with driver_cursor() as cursor:
        cursor.execute(_upsert_sql(model, tuple(values)), list(values.values()))


@functools.lru_cache
def _upsert_sql(model, fields):
    table, key, *columns = quoted(model, model._meta.pk.name, *fields)
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column != key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders(len(columns))}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
