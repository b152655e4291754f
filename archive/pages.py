"""URLs of the record: home, a story's page and raw text, the regions page, a story in JSON,
citations of a story and of stories ticked on the search page."""

from django.urls import path

from archive import api, cite, views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.regions_page, name="regions"),
    path("articles/<int:pk>/", views.article_page, name="article-detail"),
    path("articles/<int:pk>/raw", views.article_raw, name="article-raw"),
    path("articles/<int:pk>/cite", cite.cite_article, name="article-cite"),
    path("cite", cite.cite_selected, name="cite"),
    path("api/articles/<str:pk>", api.api_article, name="api-article"),
]
