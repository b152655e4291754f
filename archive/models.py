"""The record: every story exactly as collected, plus what was derived from it.

body_raw and the file's sha256 are what was collected; every other field of an Article can
be recomputed from them by ingest, except the fields a person edited (edited_fields),
which ingest never touches again.
"""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.provenance import describe_how
from archive.review import describe, field_name
from archive.text import normalise, to_simplified, to_traditional


class Region(models.Model):
    """A Chinese administrative division down to county level (see archive/regions.py)."""

    PROVINCE, CITY, DISTRICT = "province", "city", "district"
    LEVELS = [(PROVINCE, _("province")), (CITY, _("city")), (DISTRICT, _("district"))]

    adcode = models.CharField(_("adcode"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64, db_index=True)
    name_traditional = models.CharField(_("name in traditional script"), max_length=64, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("parent"))

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


class Article(models.Model):
    SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"
    SCRIPTS = [(SIMPLIFIED, _("simplified")), (TRADITIONAL, _("traditional")), (MIXED, _("mixed"))]
    DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", ""
    PRECISIONS = [(DAY, _("day")), (MONTH, _("month")), (YEAR, _("year")), (UNKNOWN, _("unknown"))]

    # Fields a person may edit in the admin; ingest re-extracts only those not in edited_fields.
    EDITABLE_FIELDS = ("title", "date", "date_precision", "source", "regions", "authors", "editors", "keywords")

    title = models.CharField(_("title"), max_length=500)
    body_raw = models.TextField(_("text as collected"), help_text=_("The decoded file exactly as collected; never altered."))
    body_clean = models.TextField(
        _("clean text"), help_text=_("The story text without page furniture, for reading and search."))
    script = models.CharField(_("script"), max_length=12, choices=SCRIPTS, db_index=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    date_text = models.CharField(_("date as printed"), max_length=100, blank=True,
                                 help_text=_("The date as the page printed it."))
    date_precision = models.CharField(_("date precision"), max_length=5, choices=PRECISIONS, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
                               verbose_name=_("source"))
    regions = models.ManyToManyField(Region, blank=True, related_name="articles", verbose_name=_("regions"))
    authors = models.JSONField(_("authors"), default=list, blank=True)
    editors = models.JSONField(_("editors"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, db_index=True)
    encoding = models.CharField(_("encoding"), max_length=20)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True, help_text=_("Of the file's bytes."))
    text_sha256 = models.CharField(
        _("SHA-256 of the text"), max_length=64, unique=True,
        help_text=_("Of the decoded text: one story whatever its encoding."),
    )
    found_by = models.JSONField(
        _("how the fields were found"), default=dict, blank=True,
        help_text=_("For each extracted field, the rule that found it (a labelled line, the dateline, a meta tag…)."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_reasons = models.JSONField(
        _("review reasons"), default=list, blank=True,
        help_text=_("Why extraction asks a person to look: codes, shown as sentences in the interface's language."),
    )
    edited_fields = models.JSONField(
        _("edited fields"), default=list, blank=True,
        help_text=_("Fields a person changed; ingest and re-extraction leave them alone."),
    )
    published = models.BooleanField(_("published"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "id"]
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

    def searchable_text(self):
        """What search matches against: the title, then the clean body."""
        return f"{self.title}\n{self.body_clean}"
