from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.urls")),
    path("", include("archive.pages")),
]

handler404 = "archive.api.not_found"
handler500 = "archive.api.server_error"
