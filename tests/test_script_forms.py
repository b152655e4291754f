"""Text as the mainland, Taiwan and Hong Kong write it is found by a query written in any of
their scripts (archive.script_forms), and an index or a repost fingerprint made under another
normalisation is told apart and made again."""

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from archive import script_forms
from archive.highlight import highlight
from archive.models import Article, RepostFingerprint
from archive.script_forms import converter
from archive.text import normalisation, normalise
from search.engine import engine
from search.indexing import backend, pending_count
from search.solr import configset
from tests.conftest import SEEDS, run_command

pytestmark = pytest.mark.usefixtures("committed_db")

# Words whose characters each region writes its own way: Taiwan's 著 for the particle 着,
# Hong Kong's 衞 and 敍, and characters that t2s or s2t change by their phrase (了解, 复苏).
REGIONAL_WORDS = (
    "随着 看着 意味着 执着 着急 卫生 卫生署 叙述 著名 显著 著作 什么 了解 反复 复苏 干部 头发 "
    "里面 台风 只有 面条 余下 疫情 升温 防控 社区 表示 市民 政府 新闻"
).split()
FORMS = ("s2t", "s2tw", "s2hk")


def written(form, text):
    return text if form == "simplified" else converter(form).convert(text)


def test_taiwan_and_hong_kong_forms_fold_to_the_mainlands():
    assert normalise("隨著疫情升溫") == normalise("随着疫情升温") == "随着疫情升温"
    assert normalise("衞生署表示") == normalise("卫生署表示") == normalise("衛生署表示")
    assert normalise("意味著") == normalise("意味着") and normalise("敍述") == normalise("叙述")
    assert normalise("著名") == normalise("著名".replace("著", "着"))  # one search form: Taiwan writes both 著


def test_every_search_form_is_a_character_t2s_leaves_and_folds_once():
    forms = script_forms.search_forms()
    assert {"著": "着", "衞": "卫"}.items() <= forms.items()
    assert "么" not in forms and forms.get("幺") == "么"  # 什么 stays 什么: 么 is not taken for Taiwan's 幺
    for char, form in forms.items():
        assert converter("t2s").convert(char) == char and len(form) == 1
        assert form not in forms and normalise(char) == normalise(form)


@hsettings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(REGIONAL_WORDS), min_size=1, max_size=12),
    form=st.sampled_from(FORMS),
    query_form=st.sampled_from(("simplified",) + FORMS),
)
def test_a_text_in_any_regions_script_normalises_as_its_simplified_original(words, form, query_form):
    text = "，".join(words)
    assert normalise(written(form, text)) == normalise(text)
    for word in set(REGIONAL_WORDS):
        query = normalise(written(query_form, word))
        assert (query in normalise(written(form, text))) == (normalise(word) in normalise(text)), (
            word,
            form,
            query_form,
        )


def test_highlight_marks_the_text_as_written():
    assert (
        highlight("隨著疫情升溫，衞生署表示", ["随着疫情", "卫生"])
        == "<mark>隨著疫情</mark>升溫，<mark>衞生</mark>署表示"
    )


STORIES = {
    "taiwan": ("計程車業者隨著疫情升溫", "台北市計程車司機表示，隨著疫情升溫，乘客減少，軟體叫車也少了。"),
    "hongkong": ("衞生署公布數字", "衞生署表示，市民應保持警覺，的士司機須戴口罩。"),
    "mainland": ("出租车司机随着疫情", "随着疫情防控常态化，出租车司机恢复运营，软件打车也多了。"),
}


@pytest.fixture
def regional_stories(ingest, tmp_path):
    for name, (title, body) in STORIES.items():
        (tmp_path / f"{name}.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    result = ingest(tmp_path)
    assert not result.failed, result.err
    return {a.file_name.split(".")[0]: a.pk for a in Article.objects.all()}


def found(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(client, **params):
    return {r["id"] for r in found(client, **params)["results"]}


@pytest.mark.parametrize("q", ["随着疫情", "隨著疫情", "隨着疫情"])
def test_a_query_in_any_regions_script_finds_each_regions_story(client, regional_stories, q):
    assert ids(client, q=q, regional="off") == {regional_stories["taiwan"], regional_stories["mainland"]}


@pytest.mark.parametrize("q", ["卫生署", "衞生署", "衛生署"])
def test_hong_kong_s_wei_is_found_by_the_mainland_s_and_the_traditional(client, regional_stories, q):
    assert ids(client, q=q, regional="off") == {regional_stories["hongkong"]}


def make_index_older(pk):
    """The index as an older version of the archive left it: one story analysed under another
    normalisation (its version begins with that one's name)."""
    if settings.SEARCH_ENGINE == "solr":
        conn = engine().backend.conn
        conn.delete(q=f"article_id:{pk}")
        conn.add(
            [
                {
                    "id": f"{pk}!{pk}",
                    "article_id": pk,
                    "django_ct": "archive.article",
                    "django_id": str(pk),
                    "version": "n1:older",
                    "configset": configset.name(),
                }
            ],
            softCommit=True,
        )
        return
    with backend().writer() as writer:
        writer.update_document(
            id=f"archive.article.{pk}", django_ct="archive.article", django_id=str(pk), version="n1:older"
        )


def test_check_index_and_ingest_say_the_index_is_of_another_normalisation_and_repair_rebuilds(
    client, ingest, regional_stories, tmp_path
):
    make_index_older(regional_stories["taiwan"])
    report = run_command("check_index")
    assert report.failed and "another text normalisation" in report.err and "--repair" in report.err
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "story.txt").write_text("新标题\n随着社区新闻正文。", encoding="utf-8")
    result = ingest(tmp_path / "more")
    assert result.failed and "another text normalisation" in result.err and "check_index --repair" in result.err
    assert Article.objects.count() == 4 and pending_count() == 1  # stored, and queued
    repaired = run_command("check_index", "--repair")
    assert not repaired.failed and "repaired: 4 documents rewritten" in repaired.out, repaired.out
    assert "missing 0, stale 0, orphaned 0" in run_command("check_index").out
    assert engine().indexed_normalisations() == {normalisation()}
    assert len(ids(client, q="随着", regional="off")) == 3


def test_ingest_asks_to_rebuild_clusters_made_under_another_normalisation(ingest, tmp_path):
    assert not ingest(SEEDS).failed
    assert set(RepostFingerprint.objects.values_list("normalisation", flat=True)) == {normalisation()}
    RepostFingerprint.objects.update(normalisation="")  # as migration 0011 leaves the fingerprints made before it
    (tmp_path / "story.txt").write_text("新标题\n社区新闻正文。", encoding="utf-8")
    said = ingest(tmp_path).out
    assert "5 stored stories' repost fingerprints were made under another text normalisation" in said
    assert "cluster --rebuild" in said
    assert not run_command("cluster", "--rebuild").failed
    (tmp_path / "story.txt").write_text("另一标题\n另一条社区新闻正文。", encoding="utf-8")
    assert "another text normalisation" not in ingest(tmp_path).out
