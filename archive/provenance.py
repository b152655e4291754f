"""How each extracted field was found, as words a person can read in the interface's language.

Extraction records a short code per field (Metadata.found_by → Article.found_by): the
admin, the story page and the API show it, so that an editor can see why a field says what
it says and correct it. Meta tags keep their own name (meta og:site_name): that is the
page's vocabulary, not ours.
"""

from django.utils.translation import gettext_lazy as _

HOW = {
    "headline": _("the headline printed with the article"),
    "heading": _("a heading of the page"),
    "<title>": _("the page's <title>, site name removed"),
    "first line": _("the first line"),
    "原标题 line": _("the 原标题 (original title) line"),
    "label line": _("a labelled line (来源:, 时间:)"),
    "header line": _("a line under the headline"),
    "closing line": _("a line at the foot of the story"),
    "before the title": _("printed before the title"),
    "htmldate": _("the page's date markers (htmldate)"),
    "json-ld": _("the page's JSON-LD"),
    "dateline": _("the dateline (…电, …讯)"),
    "closing credit": _("a credit at the foot (来源于…)"),
    "closing byline": _("a closing byline in brackets"),
    "closing signature": _("the body that signs the notice, on its last line"),
    "report lead": _("the outlet's bracketed lead (【…报道】)"),
    "copyright notice": _("the site's copyright notice"),
    "site name in the title": _("the site's name in the title"),
    "reporter credit": _("an outlet's reporter credit"),
    "credit in the story": _("a credit inside the story (来源：…)"),
    "mentions": _("places the story mentions"),
    "dateline and mentions": _("the dateline's place and places the story mentions"),
}
META_PREFIX = "meta "


def describe_how(how):
    if how in HOW:
        return str(HOW[how])
    if how and how.startswith(META_PREFIX):
        return str(_("the page's <meta> tag %(name)s")) % {"name": how[len(META_PREFIX) :]}
    return how or ""
