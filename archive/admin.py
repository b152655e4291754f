"""The admin: the one place where people edit the record.

A field a person changes is added to the article's edited_fields; ingest then leaves it
alone for good, until someone releases it. Saving goes through the ordinary signals, so
every change is queued for the search index and written right after the commit.

Its pages fit a laptop's screen: long titles, names and addresses are cut (whole in a tooltip),
what was collected is folded away, and the source filter lists only the commonest sources.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from archive.changes import stories_changed
from archive.clusters import members, split
from archive.ingest.extract.labels import split_names
from archive.ingest.reextract import reextract
from archive.models import Article, Capture, Region, Source, Version
from archive.text import to_simplified, to_traditional

admin.site.site_header = admin.site.site_title = _("News archive administration")

# django-axes has no Chinese catalog: its models' and fields' names (gettext_lazy in axes) are
# translated in our locale/ catalogs, which Django looks in first (its app's name in
# archive.apps.LoginProtectionConfig). Marked here so that `make messages` keeps them.
THIRD_PARTY_MESSAGES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Account locked: too many login attempts. Contact an admin to unlock your account."),
)


def clipped(text, length, href=None):
    """`text` cut to `length` characters, the whole of it in a tooltip (title) when cut; a link
    to `href` if given."""
    text = str(text)
    short = Truncator(text).chars(length)
    title = text if short != text else ""
    if href:
        return format_html(
            '<a href="{}" title="{}" rel="nofollow noopener noreferrer">{}</a>', href, title or text, short
        )
    if title:
        return format_html('<span title="{}">{}</span>', title, short)
    return short


def script_variants(term):
    return {term, to_simplified(term), to_traditional(term)}


class EitherScriptSearchMixin:
    """Admin search that finds 齊魯網 when you type 齐鲁网, and the reverse."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        condition = Q()
        for term in search_term.split():
            any_form = Q()
            for variant in script_variants(term):
                for field in self.search_fields:
                    any_form |= Q(**{f"{field}__icontains": variant})
            condition &= any_form
        return queryset.filter(condition).distinct(), True


class ListField(forms.CharField):
    """A list of names edited as one line, separated by 、 , ; or spaces."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return split_names(value or "")


class ArticleForm(forms.ModelForm):
    authors = ListField(label=_("authors"), required=False, help_text=_("Separate names with 、 or commas."))
    editors = ListField(label=_("editors"), required=False, help_text=_("Separate names with 、 or commas."))
    keywords = ListField(
        label=_("keywords"), required=False, help_text=_("Separate keywords with spaces, 、 or commas.")
    )

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.instance.edited_fields if self.instance.pk else ():
            if name in self.fields:
                self.fields[name].help_text = (
                    str(_("✎ Edited by a person: ingest leaves this field alone."))
                    + " "
                    + str(self.fields[name].help_text or "")
                )


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Article.objects.filter(date__isnull=False).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years] + [("none", _("no date"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(date__isnull=True)
        if self.value():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class ProvinceFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        codes = Article.regions.through.objects.values_list("region_id", flat=True).distinct()
        provinces = Region.objects.filter(adcode__in={code[:2] + "0000" for code in codes}).order_by("adcode")
        return [(r.adcode, r.name) for r in provinces]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(regions__adcode__startswith=self.value()[:2]).distinct()
        return queryset


class SourceFilter(admin.SimpleListFilter):
    """The TOP sources with the most stories, and the one chosen: a list of every source is useless
    with thousands of them. Any other source: its name in the search box, or the count of its
    stories in the list of sources (a link here)."""

    title = _("source")
    parameter_name = "source"
    template = "admin/archive/article/source_filter.html"
    TOP = 20

    def lookups(self, request, model_admin):
        common = list(
            Source.objects.annotate(stories=Count("articles"))
            .filter(stories__gt=0)
            .order_by("-stories", "name_simplified")
            .values_list("pk", "name")[: self.TOP]
        )
        chosen = self.value()
        if chosen and chosen.isdigit() and int(chosen) not in {pk for pk, _name in common}:
            common += Source.objects.filter(pk=int(chosen)).values_list("pk", "name")
        return [(str(pk), name) for pk, name in common] + [("none", _("no source"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(source__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(source_id=int(self.value()))
        return queryset


class ReadOnlyInline(admin.TabularInline):
    """What was collected is never edited: captures and versions are shown, not changed."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def short_digest(digest, label=""):
    """The first 12 characters of a digest, the whole (and what it is of) in a tooltip."""
    return format_html('<span class="digest" title="{}">{}</span>', f"{label}{digest}", digest[:12]) if digest else "—"


class CaptureInline(ReadOnlyInline):
    """Folded, one compact row a capture: the address cut (whole in the link and its tooltip) with
    the HTTP headers and digests folded under it, the status and type of the answer in one column,
    and why the story was missing there when it was (such a capture has no version)."""

    model = Capture
    classes = ["collapse"]
    fields = readonly_fields = ("address", "captured_at", "answer", "why_missing", "record", "version_digest")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("version")
            .defer("payload", "version__body_raw", "version__body_clean")
        )

    @admin.display(description=_("address"))
    def address(self, capture):
        link = clipped(capture.original_url, 48, href=capture.original_url) if capture.original_url else "—"
        fields = Capture._meta
        return format_html(
            '{}<details class="capture-details"><summary>{}</summary><pre>{}</pre>'
            "<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl></details>",
            link,
            _("headers and digests"),
            capture.http_headers or "—",
            fields.get_field("payload_digest").verbose_name,
            capture.payload_digest or "—",
            fields.get_field("sha256").verbose_name,
            capture.sha256,
        )

    @admin.display(description=_("HTTP status"))
    def answer(self, capture):
        parts = [str(part) for part in (capture.http_status, capture.content_type) if part]
        return clipped(" · ".join(parts), 24) if parts else "—"

    @admin.display(description=_("story missing"))
    def why_missing(self, capture):
        """Why the capture found the story gone from its address (cut; whole in a tooltip)."""
        return clipped(capture.missing, 20) if capture.missing else "—"

    @admin.display(description=_("file"))
    def record(self, capture):
        offset = f" @ {capture.warc_offset}" if capture.warc_offset is not None else ""
        return clipped(capture.file_name + offset, 28)

    @admin.display(description=_("version"))
    def version_digest(self, capture):
        """The text served; none when the capture found the story missing (`missing` says why)."""
        if capture.version is None:
            return "—"
        return short_digest(capture.version.text_sha256, f"{capture.version}\n")


class VersionInline(ReadOnlyInline):
    model = Version
    fields = readonly_fields = ("seen_at", "title", "text_digest")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_raw", "body_clean")

    @admin.display(description=_("SHA-256 of the text"))
    def text_digest(self, version):
        return short_digest(version.text_sha256)


@admin.register(Article)
class ArticleAdmin(EitherScriptSearchMixin, admin.ModelAdmin):
    form = ArticleForm
    inlines = (CaptureInline, VersionInline)
    # Few, narrow columns: the title cut (whole in a tooltip), dates as digits, short names; the
    # script is a filter, not a column; the status a filter, and a mark under the title of a story
    # that is not simply present (a column of its own would widen the list past a laptop's screen).
    list_display = ("headline", "day", "source_name", "needs_review", "published", "edited")
    list_filter = (ProvinceFilter, SourceFilter, YearFilter, "script", "status", "needs_review", "published")
    search_fields = ("title", "body_clean", "file_name", "source__name")
    autocomplete_fields = ("source", "regions", "repost_of")
    list_select_related = ("source",)
    readonly_fields = (
        "resemblance",
        "edited_fields",
        "script",
        "date_text",
        "why_review",
        "how_found",
        "file_name",
        "encoding",
        "sha256",
        "text_sha256",
        "body_clean",
        "body_raw",
        "created_at",
        "updated_at",
        "status",
        "status_changed_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "date",
                    "date_precision",
                    "date_text",
                    "source",
                    "regions",
                    "authors",
                    "editors",
                    "keywords",
                    "repost_of",
                    "resemblance",
                    "needs_review",
                    "why_review",
                    "how_found",
                    "published",
                    "status",
                    "status_changed_at",
                    "edited_fields",
                )
            },
        ),
        (
            _("As collected"),
            {
                "classes": ("collapse",),
                "fields": (
                    "script",
                    "file_name",
                    "encoding",
                    "sha256",
                    "text_sha256",
                    "created_at",
                    "updated_at",
                    "body_clean",
                    "body_raw",
                ),
            },
        ),
    )
    actions = ("mark_reviewed", "release_edited_fields", "reextract_metadata", "reindex", "split_from_cluster")

    class Media:
        css = {"all": ["archive/admin.css"]}  # narrow columns, wrapped and folded captures

    @admin.action(description=_("Split selected stories out of their repost clusters"))
    def split_from_cluster(self, request, queryset):
        for article in queryset:
            split(article)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d story split out of its repost cluster.",
                "%(count)d stories split out of their repost clusters.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("title"), ordering="title")
    def headline(self, article):
        if article.status == Article.PRESENT:
            return clipped(article.title, 40)
        return format_html(
            '{} <small class="status">{}</small>', clipped(article.title, 40), article.get_status_display()
        )

    @admin.display(description=_("date"), ordering="date")
    def day(self, article):
        if article.date is None:
            return "—"
        digits = {Article.YEAR: 4, Article.MONTH: 7}.get(article.date_precision, 10)
        return article.date.isoformat()[:digits]

    @admin.display(description=_("source"), ordering="source__name_simplified")
    def source_name(self, article):
        return clipped(article.source.name, 12) if article.source else "—"

    @admin.display(description=_("edited"))
    def edited(self, article):
        names = []
        for name in article.edited_fields:
            try:
                names.append(str(Article._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                names.append(name)
        return clipped("、".join(names), 10) if names else "—"

    @admin.display(description=_("review reasons"))
    def why_review(self, article):
        return format_html_join("", "<p>{}</p>", ((message,) for message in article.review_messages())) or "—"

    @admin.display(description=_("how the fields were found"))
    def how_found(self, article):
        return format_html_join("", "<p>{}: {}</p>", article.found_by_messages()) or "—"

    def save_model(self, request, article, form, change):
        changed = [name for name in form.changed_data if name in Article.EDITABLE_FIELDS + ("needs_review",)]
        if change and changed:
            article.edited_fields = sorted(set(article.edited_fields) | set(changed))
        if change and "repost_of" in changed:  # both clusters' keys may change: index their members again
            before = Article.objects.values_list("repost_of_id", flat=True).get(pk=article.pk)
            stories_changed(members([before or article.pk, article.repost_of_id or article.pk]))
        super().save_model(request, article, form, change)

    @admin.action(description=_("Mark selected stories as reviewed"))
    def mark_reviewed(self, request, queryset):
        for article in queryset:
            article.needs_review = False
            article.edited_fields = sorted(set(article.edited_fields) | {"needs_review"})
            article.save()
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d story marked as reviewed.", "%(count)d stories marked as reviewed.", count)
            % {"count": count},
        )

    @admin.action(description=_("Release edited fields (ingest may overwrite them again)"))
    def release_edited_fields(self, request, queryset):
        for article in queryset:
            article.edited_fields = []
            article.save()
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Edited fields released on %(count)d story.", "Edited fields released on %(count)d stories.", count
            )
            % {"count": count},
        )

    @admin.action(description=_("Re-extract metadata (fields nobody edited)"))
    def reextract_metadata(self, request, queryset):
        failed = []
        for article in queryset:
            try:
                reextract(article)
            except ValueError as error:
                failed.append(f"{article.file_name}: {error}")
        count = queryset.count() - len(failed)
        self.message_user(
            request,
            ngettext("Re-extracted %(count)d story.", "Re-extracted %(count)d stories.", count) % {"count": count},
        )
        for problem in failed:
            self.message_user(request, problem, level=messages.ERROR)

    @admin.action(description=_("Reindex selected stories"))
    def reindex(self, request, queryset):
        stories_changed(list(queryset.values_list("pk", flat=True)))
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d story queued for the search index.", "%(count)d stories queued for the search index.", count
            )
            % {"count": count},
        )


@admin.register(Source)
class SourceAdmin(EitherScriptSearchMixin, admin.ModelAdmin):
    list_display = ("name", "name_simplified", "story_count")
    search_fields = ("name", "name_simplified")
    readonly_fields = ("name_simplified",)
    actions = ("merge_sources",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("articles"))

    @admin.display(description=_("stories"), ordering="stories")
    def story_count(self, source):
        """A link to the source's stories (the stories' filter lists only the commonest sources)."""
        url = reverse("admin:archive_article_changelist")
        return format_html('<a href="{}?{}={}">{}</a>', url, SourceFilter.parameter_name, source.pk, source.stories)

    @admin.action(description=_("Merge selected sources into one"))
    def merge_sources(self, request, queryset):
        sources = list(queryset.order_by("-stories", "pk"))
        if len(sources) < 2:
            self.message_user(request, _("Select at least two sources to merge."), level=messages.WARNING)
            return None
        target_id = request.POST.get("merge_into")
        if not target_id:
            return TemplateResponse(
                request,
                "admin/archive/source/merge.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Merge sources"),
                    "sources": sources,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        target = next((s for s in sources if str(s.pk) == target_id), None)
        if target is None:
            self.message_user(request, _("Choose one of the selected sources to merge into."), level=messages.ERROR)
            return None
        moved = merge_sources(target, [s for s in sources if s.pk != target.pk])
        self.message_user(
            request,
            _("Merged %(merged)d sources into %(target)s; %(moved)d stories moved.")
            % {"merged": len(sources) - 1, "target": target.name, "moved": moved},
        )
        return None


def merge_sources(target, others):
    """Move every story of `others` to `target`, keep that as a person's edit, delete `others`."""
    with transaction.atomic():
        articles = list(Article.objects.filter(source__in=others))
        for article in articles:
            article.source = target
            article.edited_fields = sorted(set(article.edited_fields) | {"source"})
            article.save()
        Source.objects.filter(pk__in=[s.pk for s in others]).delete()
    return len(articles)


@admin.register(Region)
class RegionAdmin(EitherScriptSearchMixin, admin.ModelAdmin):
    list_display = ("adcode", "name", "name_traditional", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "name_traditional", "adcode")
    list_select_related = ("parent__parent",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
