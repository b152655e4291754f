from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wayback/", include("archive.wayback.urls")),  # Memento and CDX (docs/wayback.md)
    path("accounts/", include("django.contrib.auth.urls")),  # log in and out, for saved searches
    path("", include("search.urls")),
    path("", include("archive.pages")),
]

handler404 = "archive.api.not_found"
handler500 = "archive.api.server_error"
