"""The JSON API: one article, streamed export, and schemathesis against /api/schema."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# archive/wsgi.py's application without its start-up checks (they read the database, which a
# test module may not do as it is imported)
schema = schemathesis.openapi.from_wsgi("/api/schema", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def keep_test_connection():
    """Django's WSGI handler closes database connections after each request; Django's test
    client switches that off, and so must a test that calls the WSGI app itself."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_conforms_to_its_openapi_schema_and_never_gives_a_500(case, seeds, keep_test_connection):
    case.call_and_validate(checks=CHECKS)


def lines(response):
    return b"".join(response.streaming_content).decode().splitlines()


def test_article_api_returns_the_whole_record_in_both_scripts(client, seeds):
    record = client.get(f"/api/articles/{seeds['000'].pk}").json()
    assert record["body_raw"] == seeds["000"].body_raw
    assert "代理書記" in record["body_traditional"] and "代理书记" in record["body_simplified"]
    assert record["regions"][0]["path"] == ["北京市", "房山区"]


def test_export_streams_jsonl_with_a_download_name(client, seeds):
    response = client.get("/api/export")
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response["Content-Disposition"].startswith('attachment; filename="archive-export-')
    assert {json.loads(line)["id"] for line in lines(response)} == {a.pk for a in seeds.values()}


def test_export_as_json_with_filters_fields_and_script(client, seeds):
    response = client.get(
        "/api/export",
        {"format": "json", "q": "下沉幹部", "region": "110000", "fields": "id,title", "script": "simplified"},
    )
    records = json.loads(b"".join(response.streaming_content))
    assert records == [
        {"id": seeds["000"].pk, "title": "组工战“疫”| 难不倒的“代理书记”"},
        {"id": seeds["002"].pk, "title": "组工干部的社区战“疫”日记"},
    ]


def test_export_filters_on_the_story_script_with_written_in(client, seeds):
    ids = {
        json.loads(line)["id"]
        for line in lines(client.get("/api/export", {"written_in": "simplified", "fields": "id"}))
    }
    assert ids == {seeds["002"].pk, seeds["003"].pk}


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"format": "xml"}, "format"),
        ({"fields": "id,password"}, "fields"),
        ({"script": "mixed"}, "script"),
        ({"written_in": "latin"}, "written_in"),
        ({"region": "12"}, "region"),
        ({"date_to": "2020-1-1"}, "date_to"),
    ],
)
def test_export_bad_parameters_are_400_naming_them(client, seeds, params, parameter):
    response = client.get("/api/export", params)
    assert response.status_code == 400 and response.json()["parameter"] == parameter
