"""Citations of a story and of the stories a reader ticks: RIS, BibTeX and CSL-JSON, read back by
maintained parsers (rispy, bibtexparser, citeproc-py rendering the CSL-JSON with its bundled
Harvard style) as reference managers would read them."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.contrib.auth.models import User

from archive.models import Article, Source
from tests.conftest import SEEDS, run_command
from tests.warcs import page, write_warc

URL = "http://news.example.cn/2020/03/fangshan.html"
TITLE = "房山區社區防疫 & 100% 下沉_幹部"  # traditional, with TeX's special characters


@pytest.fixture
def captured(ingest, tmp_path):
    """A traditional-script story captured at URL on 2024-06-01, from 齊魯網, dated 2020-03-05."""
    body = "房山區竇店鎮的社區幹部堅守崗位，守護居民健康。房山區各街道設立檢查點，居民紛紛點讚。"
    when = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    write_warc(tmp_path / "a.warc", [{"url": URL, "payload": page("房山區社區防疫", body), "date": when}])
    assert not ingest(tmp_path / "a.warc").failed
    source, _ = Source.objects.get_or_create(name_simplified="齐鲁网", defaults={"name": "齊魯網"})
    Article.objects.update(
        title=TITLE, source=source, date=date(2020, 3, 5), date_precision="day", authors=["王小明", "李華"]
    )
    return Article.objects.get()


def cite(client, article, fmt):
    response = client.get(f"/articles/{article.pk}/cite", {"format": fmt})
    assert response.status_code == 200
    return response.content.decode()


def permanent(article):
    return f"http://testserver/articles/{article.pk}/"


def test_ris_reads_back_with_rispy(client, captured):
    [record] = rispy.loads(cite(client, captured, "ris"))
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == TITLE
    assert record["authors"] == ["王小明", "李華"]
    assert record["secondary_title"] == record["journal_name"] == "齊魯網"
    assert record["year"] == "2020" and record["date"] == "2020/03/05/"
    assert record["urls"] == [URL, permanent(captured)]
    assert record["access_date"] == "2024/06/01/"
    assert record["language"] == "zh-TW"
    assert record["notes"] == [
        "Title in simplified script: 房山区社区防疫 & 100% 下沉_干部",
        f"Archived at {permanent(captured)}",
    ]


def test_bibtex_reads_back_with_bibtexparser_tex_escapes_and_all(client, captured):
    text = cite(client, captured, "bibtex")
    assert r"\& 100\% 下沉\_幹部" in text  # escaped for TeX
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    [entry] = library.entries
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert entry.entry_type == "article" and entry.key == f"story{captured.pk}"
    assert fields["title"] == TITLE
    assert fields["journal"] == "齊魯網" and fields["entrysubtype"] == "newspaper"
    assert fields["author"] == "王小明 and 李華"
    assert fields["date"] == "2020-03-05" and fields["year"] == "2020"
    assert fields["url"] == URL and fields["urldate"] == "2024-06-01"
    assert fields["language"] == "zh-TW"
    assert "Title in simplified script: 房山区社区防疫 & 100% 下沉_干部" in fields["note"]
    assert f"Archived at {permanent(captured)}" in fields["note"]


def render(items, style="harvard-cite-them-right"):
    """The bibliography citeproc-py renders from CSL-JSON items, one plain-text line each."""
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(style, validate=False), CiteProcJSON(items), formatter.plain
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(line) for line in bibliography.bibliography()]


def test_csl_json_renders_with_citeproc(client, captured):
    items = json.loads(cite(client, captured, "csl-json"))
    assert items[0]["type"] == "article-newspaper" and items[0]["language"] == "zh-TW"
    assert items[0]["archive_location"] == permanent(captured)
    assert items[0]["accessed"] == {"date-parts": [[2024, 6, 1]]}
    [line] = render(items)
    for part in (TITLE, "齊魯網", "2020", "5 March", URL, "Accessed: June 1, 2024", "王小明"):
        assert part in line, (part, line)


def test_a_date_known_to_the_month_is_cited_to_the_month(client, captured):
    Article.objects.filter(pk=captured.pk).update(date_precision="month")
    assert rispy.loads(cite(client, captured, "ris"))[0]["date"] == "2020/03//"
    assert json.loads(cite(client, captured, "csl-json"))[0]["issued"] == {"date-parts": [[2020, 3]]}
    assert "date = {2020-03}" in cite(client, captured, "bibtex")


def test_language_follows_the_script_and_the_other_scripts_title_only_where_it_differs(client, seeds):
    simplified, traditional = seeds["002"], seeds["004"]
    [item] = json.loads(cite(client, simplified, "csl-json"))
    assert item["language"] == "zh-CN" and item["note"] == "Title in traditional script: 組工幹部的社區戰“疫”日記"
    [record] = rispy.loads(cite(client, traditional, "ris"))
    assert record["language"] == "zh-TW"
    assert record["notes"] == [
        "Title in simplified script: 战“疫”一线党旗飘扬——泰安高新区北集坡街道龙泉社区疫情防控工作纪实"
    ]
    # a story ingested from a file has no address but the archive's: cited there, no accessed date
    assert record["urls"] == [permanent(traditional)] and "access_date" not in record
    Article.objects.filter(pk=simplified.pk).update(title="2020")  # the same in both scripts: no note
    assert "note" not in json.loads(cite(client, simplified, "csl-json"))[0]


@pytest.mark.parametrize(
    "fmt, content_type, extension",
    [
        ("ris", "application/x-research-info-systems; charset=utf-8", "ris"),
        ("bibtex", "application/x-bibtex; charset=utf-8", "bib"),
        ("csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    ],
)
def test_each_format_has_its_content_type_and_download_name(client, seeds, fmt, content_type, extension):
    story = seeds["000"]
    response = client.get(f"/articles/{story.pk}/cite", {"format": fmt})
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="story-{story.pk}.{extension}"'
    selected = client.get("/cite", {"id": [story.pk, seeds["002"].pk], "format": fmt})
    assert selected["Content-Type"] == content_type
    assert selected["Content-Disposition"] == f'attachment; filename="stories-2.{extension}"'


def test_the_ticked_stories_are_cited_together_in_the_order_ticked(client, seeds):
    ids = [seeds["004"].pk, seeds["000"].pk, seeds["004"].pk]
    records = rispy.loads(client.get("/cite", {"id": ids, "format": "ris"}).content.decode())
    assert [r["title"] for r in records] == [seeds["004"].title, seeds["000"].title]
    library = bibtexparser.parse_string(client.get("/cite", {"id": ids, "format": "bibtex"}).content.decode())
    assert [e.key for e in library.entries] == [f"story{seeds['004'].pk}", f"story{seeds['000'].pk}"]
    items = json.loads(client.get("/cite", {"id": ids, "format": "csl-json"}).content)
    assert len(render(items)) == 2


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"format": "endnote"}, "format"),
        ({}, "format"),
        ({"format": "ris", "id": []}, "id"),
        ({"format": "ris", "id": ["1", "x"]}, "id"),
        ({"format": "ris", "id": ["²"]}, "id"),
        ({"format": "ris", "id": ["1"] * 501}, "id"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, seeds, params, parameter):
    params.setdefault("id", [seeds["000"].pk])
    response = client.get("/cite", params)
    assert response.status_code == 400 and response.content.decode().startswith(f"{parameter}:")
    if parameter == "format":
        response = client.get(f"/articles/{seeds['000'].pk}/cite", params)
        assert response.status_code == 400 and response.content.decode().startswith("format:")


def test_a_story_that_is_not_there_is_a_404(client, seeds):
    assert client.get("/articles/999999/cite", {"format": "ris"}).status_code == 404
    assert client.get(f"/articles/{10**30}/cite", {"format": "ris"}).status_code == 404
    assert client.get("/cite", {"id": [seeds["000"].pk, 999999], "format": "ris"}).status_code == 404


def test_unpublished_stories_are_never_cited_not_even_for_staff(client, seeds):
    hidden = seeds["002"]
    Article.objects.filter(pk=hidden.pk).update(published=False)
    for logged_in in (False, True):
        if logged_in:
            client.force_login(User.objects.create_user("editor", is_staff=True))
            page_html = client.get(f"/articles/{hidden.pk}/").content.decode()
            assert 'id="cite"' not in page_html  # staff see the story, without a Cite line
        for fmt in ("ris", "bibtex", "csl-json"):
            assert client.get(f"/articles/{hidden.pk}/cite", {"format": fmt}).status_code == 404
            assert client.get("/cite", {"id": [seeds["000"].pk, hidden.pk], "format": fmt}).status_code == 404


def test_the_story_page_links_to_its_citations_and_the_search_page_lets_a_reader_tick(client, seeds):
    story = seeds["004"]
    html = client.get(f"/articles/{story.pk}/").content.decode()
    for fmt in ("ris", "bibtex", "csl-json"):
        link = f"/articles/{story.pk}/cite?format={fmt}"
        assert f'href="{link}"' in html and client.get(link).status_code == 200
    html = client.get("/search/", {"q": "书记"}).content.decode()
    ticks = html.count('type="checkbox" name="id"')
    assert ticks >= 2 and ticks == html.count('class="hit"')
    assert f'name="id" value="{seeds["000"].pk}" form="cite-form"' in html
    assert 'id="cite-form"' in html and 'action="/cite"' in html


@pytest.mark.browser
@pytest.mark.usefixtures("committed_db")
def test_browser_tick_two_results_and_download_them_as_bibtex(chromium, live_server):
    assert not run_command("ingest", str(SEEDS)).failed
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        tab = context.new_page()
        tab.goto(f"{live_server.url}/search/?q=书记")
        ticks = tab.locator("input.pick")
        chosen = [ticks.nth(0).get_attribute("value"), ticks.nth(1).get_attribute("value")]
        ticks.nth(0).check()
        ticks.nth(1).check()
        tab.select_option("#cite-form select[name=format]", "bibtex")
        with tab.expect_download() as download:
            tab.click("#cite-ticked")
        assert download.value.suggested_filename == "stories-2.bib"
        text = Path(download.value.path()).read_text(encoding="utf-8")
    finally:
        context.close()
    library = bibtexparser.parse_string(text)
    assert [entry.key for entry in library.entries] == [f"story{pk}" for pk in chosen]
