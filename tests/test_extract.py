"""Extraction on pages unlike the seeds: other date forms, sources, bylines, places."""

import datetime

import pytest

from archive.ingest.extract import extract
from archive.ingest.extract.dates import find_date
from archive.ingest.extract.regions import find_regions

BODY = "\n\n正文第一段，记者在现场看到群众排队接种疫苗。\n\n正文第二段。"


@pytest.mark.parametrize(
    "header, expected, precision",
    [
        ("2020-03-16", datetime.date(2020, 3, 16), "day"),
        ("发布时间：2021/7/9 08:00", datetime.date(2021, 7, 9), "day"),
        ("2019.12.01 来源:人民网", datetime.date(2019, 12, 1), "day"),
        ("2020年03月20日10:52  來源:齊魯網", datetime.date(2020, 3, 20), "day"),
        ("[综合] 时间:2024-05-03 23:46:40 来源:蓝影头条", datetime.date(2024, 5, 3), "day"),
        ("日期：二〇二〇年三月五日", datetime.date(2020, 3, 5), "day"),
        ("2018年6月 第3期", datetime.date(2018, 6, 1), "month"),
    ],
)
def test_date_forms_pages_print_are_read(header, expected, precision):
    meta = extract(f"标题\n{header}{BODY}")
    assert meta.date == expected
    assert meta.date_precision == precision


def test_no_date_printed_gives_none_without_review():
    meta = extract(f"标题{BODY}")
    assert meta.date is None and meta.date_text == "" and not meta.problems


def test_impossible_date_is_kept_as_text_and_flagged():
    meta = extract(f"标题\n2020-02-30{BODY}")
    assert meta.date is None and meta.date_text == "2020-02-30" and meta.problems


def test_dates_inside_story_text_are_not_the_publication_date():
    meta = extract("标题\n" + "这是一段很长很长的新闻正文，" * 3 + "2019年1月5日，当地举行了会议。" + BODY)
    assert meta.date is None


def test_date_at_the_foot_of_the_page_is_used():
    meta = extract(f"标题{BODY}\n\n（2022年8月1日）")
    assert meta.date == datetime.date(2022, 8, 1)


def test_year_less_labelled_date_is_flagged():
    meta = extract(f"标题\n时间：3月5日{BODY}")
    assert meta.date is None and meta.date_text == "3月5日" and meta.problems


def test_find_date_ignores_numbers_that_are_not_dates():
    assert find_date("增长了3.14%，共2020人") is None


@pytest.mark.parametrize(
    "text, source",
    [
        ("标题\n来源：新华网 作者：王明\n正文。", "新华网"),
        ("标题\n稿源: 廣州日報   編輯：李四\n正文。", "廣州日報"),
        ("标题\n正文第一段。\n正文最后一段。（市政府新闻办）", "市政府新闻办"),
        ("标题\n正文。\n（山阳镇、金山卫镇供图）\n（黄丽春 王萍 周倩）", None),
    ],
)
def test_source_from_label_or_closing_byline(text, source):
    assert extract(text).source == source


def test_authors_editors_and_keywords_from_labels_in_both_scripts():
    meta = extract("标题\n作者：张三、李四 責任編輯：王五\n正文。\n關鍵詞：疫情,防控;社区")
    assert meta.authors == ["张三", "李四"]
    assert meta.editors == ["王五"]
    assert meta.keywords == ["疫情", "防控", "社区"]


def test_slash_byline_is_an_author():
    assert extract("标题\n文/赵六\n正文。").authors == ["赵六"]


def test_title_skips_crumbs_and_year_less_date_prefix():
    meta = extract("05.12 四川省汶川县召开会议\n正文。")
    assert meta.title == "四川省汶川县召开会议" and meta.date_text == "05.12"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("沈阳市和平区召开会议，和平区各街道参加。", ["210102"]),
        ("天津市和平区召开会议，和平区各街道参加。", ["120101"]),
        ("江苏省南通市通州区开展活动。通州区居民参与。", ["320612"]),
        ("北京市通州区开展活动。通州区居民参与。", ["110112"]),
        ("廣東省廣州市天河區舉行活動，天河區居民參與。", ["440106"]),
        ("四川省成都市武侯区和锦江区联合开展行动。", ["510104", "510107"]),
        ("和平区召开会议。", []),
        ("新疆维吾尔自治区乌鲁木齐市召开会议，乌鲁木齐干部参加。", ["650100"]),
    ],
)
def test_regions_resolve_by_context_in_either_script(text, expected):
    assert find_regions(text) == sorted(expected)


def test_regions_passing_mention_of_another_province_is_left_out():
    text = "北京市平谷区居民在河北省承包大棚。平谷区社区干部上门服务。北京市民积极配合。"
    assert find_regions(text) == ["110117"]
