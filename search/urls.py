from django.urls import path

from search import views

urlpatterns = [
    path("api/search", views.api_search, name="api-search"),
]
