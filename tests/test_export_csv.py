"""CSV export for spreadsheets: /api/export?format=csv and manage.py export --csv. The same
stories as the JSON export for every filter, the fields a researcher picks, UTF-8 with a
byte-order mark, RFC 4180 quoting, streamed; unpublished stories never in it."""

import csv
import io
import json

import pytest

from archive.export import articles_in_chunks
from archive.export_csv import csv_rows
from archive.models import Article
from tests.conftest import run_command

BOM = b"\xef\xbb\xbf"


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def table(data):
    """The rows of CSV bytes as a spreadsheet reads them (the BOM checked and dropped)."""
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def test_csv_is_utf8_with_a_bom_a_header_and_a_download_name(client, seeds):
    response = client.get("/api/export", {"format": "csv", "fields": "id,title,source"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="archive-export-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = table(body(response))
    assert rows[0] == ["id", "title", "source"]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {a.pk for a in seeds.values()}
    assert by_id[seeds["004"].pk][1:] == ["戰“疫”一線黨旗飄揚——泰安高新區北集坡街道龍泉社區疫情防控工作紀實", "齊魯網"]
    assert by_id[seeds["001"].pk][2] == ""  # no source: an empty cell, not "None"


def test_lists_and_dicts_are_written_as_a_person_reads_them(client, seeds):
    Article.objects.filter(pk=seeds["000"].pk).update(
        needs_review=True, review_reasons=[{"code": "date_not_real", "value": "2020-02-30"}]
    )
    fields = "id,regions,authors,keywords,needs_review,date,captures,review_reasons"
    rows = table(body(client.get("/api/export", {"format": "csv", "fields": fields})))
    by_id = {int(row[0]): dict(zip(rows[0], row)) for row in rows[1:]}
    assert by_id[seeds["002"].pk]["authors"] == "刘峥、赵盼婕、冯湛晖"
    assert by_id[seeds["000"].pk]["keywords"] == "社區、黨員、防控、工作"
    assert "北京市 › 房山区" in by_id[seeds["000"].pk]["regions"].split("; ")
    assert by_id[seeds["004"].pk]["regions"].startswith("山东省 › 泰安市")
    assert by_id[seeds["000"].pk]["needs_review"] == "true" and by_id[seeds["002"].pk]["needs_review"] == "false"
    assert by_id[seeds["002"].pk]["date"] == "2020-03-16" and by_id[seeds["000"].pk]["date"] == ""
    record = client.get(f"/api/articles/{seeds['000'].pk}").json()
    assert by_id[seeds["000"].pk]["review_reasons"] == record["review_reasons"][0]["message"]
    capture = record["captures"][0]  # a file's capture: its time, no address
    assert by_id[seeds["000"].pk]["captures"] == (capture["captured_at"] or "") and not capture["url"]


def test_quoting_is_rfc_4180_and_the_text_script_applies(client, seeds):
    Article.objects.filter(pk=seeds["002"].pk).update(title='组工干部, "社区" 日记', body_clean="第一段\n第二段")
    data = body(client.get("/api/export", {"format": "csv", "fields": "id,title,body_clean", "script": "traditional"}))
    assert (
        b'"\xe7\xb5\x84\xe5\xb7\xa5\xe5\xb9\xb9\xe9\x83\xa8, ""\xe7\xa4\xbe\xe5\x8d\x80"" \xe6\x97\xa5\xe8\xa8\x98"'
        in data
    )
    assert data.count(b"\r\n") == len(seeds) + 1  # CRLF after each row; the body's own \n stays inside its quotes
    row = next(row for row in table(data)[1:] if row[0] == str(seeds["002"].pk))
    assert row[1:] == ['組工幹部, "社區" 日記', "第一段\n第二段"]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "书记"},
        {"q": "下沉幹部", "region": "110000"},
        {"written_in": "traditional"},
        {"date_from": "2020-03-17"},
        {"source": "齐鲁网"},
        {"q": "疫情 -泰安"},
    ],
)
def test_csv_has_exactly_the_stories_of_the_json_export_for_each_filter(client, seeds, filters):
    json_ids = [
        json.loads(line)["id"] for line in body(client.get("/api/export", {**filters, "fields": "id"})).splitlines()
    ]
    csv_ids = [
        int(row[0]) for row in table(body(client.get("/api/export", {**filters, "format": "csv", "fields": "id"})))[1:]
    ]
    assert csv_ids == json_ids
    if filters:
        assert len(csv_ids) < len(seeds)  # each filter narrows the seeds: the comparison is not vacuous


def test_unpublished_stories_are_never_in_the_csv(client, seeds):
    hidden = seeds["002"]
    Article.objects.filter(pk=hidden.pk).update(published=False)
    for filters in ({}, {"q": "组工"}):
        rows = table(body(client.get("/api/export", {**filters, "format": "csv", "fields": "id"})))
        assert rows[1:] and str(hidden.pk) not in {row[0] for row in rows[1:]}
    command = run_command("export", "--csv", "--fields", "id")
    assert not command.failed
    ids = {row[0] for row in table(command.out.encode())[1:]}
    assert ids == {str(a.pk) for a in seeds.values() if a != hidden}


@pytest.mark.parametrize(
    "params, parameter",
    [({"format": "xlsx"}, "format"), ({"format": "csv", "fields": "id,body"}, "fields"), ({"format": "CSV"}, "format")],
)
def test_bad_format_or_fields_is_a_400_naming_it(client, seeds, params, parameter):
    response = client.get("/api/export", params)
    assert response.status_code == 400 and response.json()["parameter"] == parameter


def test_the_command_writes_a_search_as_csv_with_chosen_fields(seeds):
    result = run_command("export", "--csv", "--fields", "id,title,source", "source=齐鲁网")
    assert not result.failed, result.err
    assert table(result.out.encode()) == [
        ["id", "title", "source"],
        [str(seeds["004"].pk), seeds["004"].title, "齊魯網"],
    ]
    bad = run_command("export", "--csv", "--fields", "id,secret")
    assert bad.failed and "--fields" in bad.err and "secret" in bad.err


def test_rows_stream_one_story_at_a_time(seeds):
    """The header leaves before any story is read, and each row as soon as its story is: the
    export holds one chunk of stories, never the whole file."""
    read = []

    def reading():
        for article in articles_in_chunks():
            read.append(article.pk)
            yield article

    rows = csv_rows(reading(), ["id", "title"], "original")
    assert next(rows) == "\ufeffid,title\r\n" and read == []
    first = next(rows)
    assert read == [min(a.pk for a in seeds.values())] and first.startswith(f"{read[0]},")
    assert len(list(rows)) == len(seeds) - 1
