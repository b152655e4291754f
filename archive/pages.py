"""URLs of the record: home, a story's page, raw text and JSON, the regions page."""
from django.urls import path

from archive import views

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.regions_page, name="regions"),
    path("articles/<int:pk>/", views.article_page, name="article-detail"),
    path("articles/<int:pk>/raw", views.article_raw, name="article-raw"),
    path("api/articles/<int:pk>", views.api_article, name="api-article"),
]
