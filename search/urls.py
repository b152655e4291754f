from django.urls import path

from search import export, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search", views.api_search, name="api-search"),
    path("api/export", export.api_export, name="api-export"),
    path("api/schema", views.api_schema, name="api-schema"),
]
