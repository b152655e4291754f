from django.http import Http404, JsonResponse
from django.shortcuts import render

from archive.models import Article
from archive.serialize import EXPORT_FIELDS, article_record

ARTICLE_FIELDS = EXPORT_FIELDS + ("body_simplified", "body_traditional", "url")


def visible_articles(request):
    """Unpublished stories exist only for staff."""
    articles = Article.objects.select_related("source").prefetch_related("regions__parent__parent")
    if request.user.is_authenticated and request.user.is_staff:
        return articles
    return articles.filter(published=True)


def get_visible(request, pk):
    try:
        return visible_articles(request).get(pk=pk)
    except Article.DoesNotExist:
        raise Http404(f"no article with id {pk}")


def api_article(request, pk):
    try:
        article = visible_articles(request).get(pk=pk)
    except Article.DoesNotExist:
        return JsonResponse({"error": "not_found", "detail": f"no article with id {pk}"}, status=404)
    return JsonResponse(article_record(article, ARTICLE_FIELDS), json_dumps_params={"ensure_ascii": False})


def article_page(request, pk):
    article = get_visible(request, pk)
    return render(request, "archive/article.html", {"article": article})
