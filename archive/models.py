"""The record: every story exactly as collected, plus what was derived from it.

body_raw and the file's sha256 are what was collected; every other field of an Article can
be recomputed from them by ingest, except the fields a person edited (edited_fields),
which ingest never touches again.
"""
from django.db import models
from django.urls import reverse

from archive.text import normalise, to_simplified, to_traditional


class Region(models.Model):
    """A Chinese administrative division down to county level (see archive/regions.py)."""

    PROVINCE, CITY, DISTRICT = "province", "city", "district"
    LEVELS = [(PROVINCE, "province"), (CITY, "city"), (DISTRICT, "district")]

    adcode = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=64, db_index=True)
    name_traditional = models.CharField(max_length=64, db_index=True)
    level = models.CharField(max_length=10, choices=LEVELS)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        ordering = ["adcode"]

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

    name = models.CharField(max_length=200)
    name_simplified = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name_simplified"]

    def __str__(self):
        return self.name

    @staticmethod
    def key(name):
        return normalise(name)

    def save(self, *args, **kwargs):
        self.name_simplified = self.key(self.name)
        super().save(*args, **kwargs)


class Article(models.Model):
    SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"
    SCRIPTS = [(SIMPLIFIED, "simplified"), (TRADITIONAL, "traditional"), (MIXED, "mixed")]
    DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", ""
    PRECISIONS = [(DAY, "day"), (MONTH, "month"), (YEAR, "year"), (UNKNOWN, "unknown")]

    # Fields a person may edit in the admin; ingest re-extracts only those not in edited_fields.
    EDITABLE_FIELDS = ("title", "date", "date_precision", "source", "regions", "authors", "editors", "keywords")

    title = models.CharField(max_length=500)
    body_raw = models.TextField(help_text="The decoded file exactly as collected; never altered.")
    body_clean = models.TextField(help_text="The story text without page furniture, for reading and search.")
    script = models.CharField(max_length=12, choices=SCRIPTS, db_index=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    date_text = models.CharField(max_length=100, blank=True, help_text="The date as the page printed it.")
    date_precision = models.CharField(max_length=5, choices=PRECISIONS, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    regions = models.ManyToManyField(Region, blank=True, related_name="articles")
    authors = models.JSONField(default=list, blank=True)
    editors = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    file_name = models.CharField(max_length=255, db_index=True)
    encoding = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64, db_index=True, help_text="Of the file's bytes.")
    text_sha256 = models.CharField(
        max_length=64, unique=True, help_text="Of the decoded text: one story whatever its encoding."
    )
    needs_review = models.BooleanField(default=False, db_index=True)
    review_notes = models.TextField(blank=True)
    edited_fields = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "id"]

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

    def searchable_text(self):
        """What search matches against: the title, then the clean body."""
        return f"{self.title}\n{self.body_clean}"
