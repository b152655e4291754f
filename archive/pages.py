"""URLs of the record: a story's page and JSON, the regions page, export."""
from django.urls import path

from archive import views

urlpatterns = [
    path("articles/<int:pk>/", views.article_page, name="article-detail"),
    path("api/articles/<int:pk>", views.api_article, name="api-article"),
]
