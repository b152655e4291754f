"""The seed table of the archive-core issue: what ingest must extract from each sample story."""

import datetime

import pytest

EXPECTED = {
    "000": dict(
        title="組工戰“疫”| 難不倒的“代理書記”",
        date=None,
        date_text="",
        source="房山區委組織部",
        regions=[["北京市", "房山区"]],
        script="traditional",
    ),
    "001": dict(
        title="天津市和平區:黨徽閃亮士氣昂 下沉幹部防控忙",
        date=None,
        date_text="03.05",
        source=None,
        regions=[["天津市", "和平区"]],
        script="traditional",
    ),
    "002": dict(
        title="组工干部的社区战“疫”日记",
        date=datetime.date(2020, 3, 16),
        date_text="2020-03-16",
        source=None,
        regions=[["北京市", "平谷区"], ["北京市", "石景山区"], ["北京市", "通州区"]],
        script="simplified",
    ),
    "003": dict(
        title="闻令而动“原地”上岗!这些“临时书记”在小区当起“大家长”",
        date=datetime.date(2024, 5, 3),
        date_text="2024-05-03 23:46:40",
        source="蓝影头条",
        regions=[["上海市", "金山区"]],
        script="simplified",
    ),
    "004": dict(
        title="戰“疫”一線黨旗飄揚——泰安高新區北集坡街道龍泉社區疫情防控工作紀實",
        date=datetime.date(2020, 3, 20),
        date_text="2020年03月20日10:52",
        source="齊魯網",
        regions=[["山东省", "泰安市"]],
        script="traditional",
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_metadata_matches_the_table(seeds, seed):
    article, expected = seeds[seed], EXPECTED[seed]
    assert article.title == expected["title"]
    assert article.date == expected["date"]
    assert article.date_text == expected["date_text"]
    assert (article.source.name if article.source else None) == expected["source"]
    assert sorted([r.name for r in region.path()] for region in article.regions.all()) == sorted(expected["regions"])
    assert article.script == expected["script"]


def test_seed_without_year_keeps_printed_date_and_needs_review(seeds):
    article = seeds["001"]
    assert article.date is None and article.date_text == "03.05"
    assert article.needs_review
    assert article.review_reasons == [{"code": "date_without_year", "field": "date", "value": "03.05"}]


def test_seed_002_authors_are_the_three_diarists(seeds):
    assert seeds["002"].authors == ["刘峥", "赵盼婕", "冯湛晖"]


def test_seed_000_editor_and_keywords(seeds):
    assert seeds["000"].editors == ["付振強"]
    assert seeds["000"].keywords == ["社區", "黨員", "防控", "工作"]


def test_seed_body_raw_is_the_file_exactly(seeds):
    from tests.conftest import SEEDS

    for path in SEEDS.iterdir():
        assert seeds[path.name[:3]].body_raw == path.read_text(encoding="utf-8")


def test_seed_clean_body_has_no_pinyin_crumbs_or_footers(seeds):
    body = seeds["000"].body_clean
    assert "(shū)" not in body and "首頁" not in body and "?!?/p>" not in body and ",," not in body
    assert "代理書記" in seeds["000"].title
    assert "分享到" not in seeds["001"].body_clean and "相關文章" not in seeds["001"].body_clean
    assert "精彩推荐" not in seeds["003"].body_clean and "推薦閱讀" not in seeds["004"].body_clean


def test_seed_metadata_lines_leave_the_body(seeds):
    assert "来源:蓝影头条" not in seeds["003"].body_clean
    assert "關鍵詞" not in seeds["000"].body_clean
    assert seeds["003"].body_clean.startswith("上海本轮疫情")
