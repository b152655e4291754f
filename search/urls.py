from django.urls import path

from search import concordance_views, export, feeds, trend_views, views
from search.saved import views as saved

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search", views.api_search, name="api-search"),
    path("trends/", trend_views.trends, name="trends"),
    path("concordance/", concordance_views.concordance_page, name="concordance"),
    path("api/export", export.api_export, name="api-export"),
    path("api/schema", views.api_schema, name="api-schema"),
    path("saved/", saved.saved_list, name="saved-searches"),
    path("saved/<int:pk>/", saved.saved_edit, name="saved-search"),
    path("saved/<int:pk>/token", saved.saved_token, name="saved-search-token"),
    path("saved/<int:pk>/delete", saved.saved_delete, name="saved-search-delete"),
    path("saved/feeds/<str:token>/new", feeds.saved_arrivals_feed, name="saved-feed-new"),
    path("saved/feeds/<str:token>/changes", feeds.saved_changes_feed, name="saved-feed-changes"),
]
