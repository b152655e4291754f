"""The wayback endpoints, under /wayback/ (archive/urls.py). The address asked about is the
rest of the path (`rest`, with the query string: archive/wayback/targets.py); the CDX server
and the TimeMaps come first, a path starting with digits is a memento, any other a TimeGate."""

from django.urls import path, re_path

from archive.wayback import views

app_name = "wayback"
urlpatterns = [
    path("cdx", views.cdx_server, name="cdx"),
    re_path(r"^timemap/(?P<form>link|json)/(?P<rest>.*)$", views.timemap, name="timemap"),
    re_path(r"^(?P<timestamp>\d+)/(?P<rest>.*)$", views.memento, name="memento"),
    re_path(r"^(?P<rest>.*)$", views.timegate, name="timegate"),
]
