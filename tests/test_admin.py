"""Admin editing that sticks: in search at once, through re-ingest, in exports; merging sources;
unpublished stories hidden from the public."""

import json

import pytest
from django.contrib.auth.models import User

from archive.models import Article, Source
from search.indexing import pending_count
from tests.conftest import SEEDS, run_command

pytestmark = pytest.mark.usefixtures("committed_db")


@pytest.fixture
def stories(ingest):
    assert not ingest(SEEDS).failed
    return {a.file_name[:3]: a for a in Article.objects.all()}


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("archivist", "a@example.org", "pw")
    client.force_login(user)
    return client


def form_data(article, **changes):
    data = {
        "title": article.title,
        "date": article.date.isoformat() if article.date else "",
        "date_precision": article.date_precision,
        "source": article.source_id or "",
        "regions": [r.adcode for r in article.regions.all()],
        "authors": "、".join(article.authors),
        "editors": "、".join(article.editors),
        "keywords": " ".join(article.keywords),
        "needs_review": "on" if article.needs_review else "",
        "published": "on" if article.published else "",
    }
    data.update(changes)
    for prefix, rows in (("captures", article.captures.all()), ("versions", article.versions.all())):
        data.update(inline_management(prefix, article, rows))  # as the browser posts the read-only inlines
    return {k: v for k, v in data.items() if v != ""}


def inline_management(prefix, article, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-id": row.pk, f"{prefix}-{number}-article": article.pk})
    return data


def edit(staff, article, **changes):
    response = staff.post(f"/admin/archive/article/{article.pk}/change/", form_data(article, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def search_ids(client, **params):
    return {r["id"] for r in client.get("/api/search", params).json()["results"]}


def test_admin_edit_shows_in_search_and_export_at_once(staff, stories):
    article = edit(staff, stories["001"], date="2020-03-05", date_precision="day", regions=["120101", "110111"])
    assert article.edited_fields == ["date", "date_precision", "regions"]
    assert pending_count() == 0
    assert article.pk in search_ids(staff, region="110000", year="2020")
    record = next(
        json.loads(line) for line in run_command("export").out.splitlines() if json.loads(line)["id"] == article.pk
    )
    assert record["date"] == "2020-03-05" and {r["adcode"] for r in record["regions"]} == {"120101", "110111"}


def test_admin_edit_survives_reingest_of_a_changed_file(staff, ingest, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("原来的标题\n2021-05-06 来源：齐鲁网\n济南市历下区的社区干部坚守岗位。\n", encoding="utf-8")
    ingest(path)
    article = edit(staff, Article.objects.get(), title="人工校对的标题", keywords="社区 干部")
    path.write_text("新的标题\n2021-05-07 来源：齐鲁网\n济南市历下区的社区干部日夜坚守岗位。\n", encoding="utf-8")
    assert "updated 1" in ingest(path).out
    article.refresh_from_db()
    assert article.title == "人工校对的标题" and article.keywords == ["社区", "干部"]
    assert article.date.isoformat() == "2021-05-07"  # not edited: re-extracted
    assert search_ids(staff, q="title:人工校对") == {article.pk}


def test_change_form_shows_edited_fields_and_release_action_frees_them(staff, stories):
    article = edit(staff, stories["000"], title="新标题")
    page = staff.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "已由人工编辑" in page  # the admin speaks the editors' language (zh-hans by default)
    staff.post("/admin/archive/article/", {"action": "release_edited_fields", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.edited_fields == []


def test_mark_reviewed_and_reextract_actions(staff, stories):
    article = stories["001"]
    Article.objects.filter(pk=article.pk).update(title="弄乱了的标题")
    staff.post("/admin/archive/article/", {"action": "reextract_metadata", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.title == "天津市和平區:黨徽閃亮士氣昂 下沉幹部防控忙"
    staff.post("/admin/archive/article/", {"action": "mark_reviewed", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert not article.needs_review and "needs_review" in article.edited_fields


def test_admin_search_finds_either_script(staff, stories):
    page = staff.get("/admin/archive/article/", {"q": "代理书记"}).content.decode()
    assert "代理書記" in page and "下沉幹部防控忙" not in page
    page = staff.get("/admin/archive/source/", {"q": "齐鲁网"}).content.decode()
    assert "齊魯網" in page


def test_merging_sources_moves_their_stories(staff, stories):
    other = Source.objects.create(name="齐鲁网客户端")
    moved = stories["003"]
    moved.source = other
    moved.save()
    target = Source.objects.get(name="齊魯網")
    response = staff.post(
        "/admin/archive/source/",
        {
            "action": "merge_sources",
            "_selected_action": [target.pk, other.pk],
            "merge_into": target.pk,
        },
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.source == target and "source" in moved.edited_fields
    assert not Source.objects.filter(pk=other.pk).exists()
    assert search_ids(staff, source=str(target.pk)) == {moved.pk, stories["004"].pk}


def test_merge_asks_which_source_to_keep(staff, stories):
    a, b = Source.objects.create(name="甲网"), Source.objects.create(name="乙网")
    page = staff.post("/admin/archive/source/", {"action": "merge_sources", "_selected_action": [a.pk, b.pk]})
    assert page.status_code == 200 and 'name="merge_into"' in page.content.decode()


def test_unpublished_story_is_hidden_from_the_public_and_shown_to_staff(client, staff, stories):
    article = edit(staff, stories["000"], published="")
    assert not article.published
    staff.logout()
    assert client.get(f"/articles/{article.pk}/").status_code == 404
    assert client.get(f"/api/articles/{article.pk}").status_code == 404
    assert article.pk not in search_ids(client, q="疫")
    assert article.title not in client.get("/").content.decode()
    exported = b"".join(client.get("/api/export").streaming_content).decode()
    assert f'"id": {article.pk},' not in exported and exported.count("\n") == 4
    client.force_login(User.objects.get(username="archivist"))
    assert client.get(f"/articles/{article.pk}/").status_code == 200
