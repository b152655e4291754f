"""What an HTML page states about its story reaches the record: meta tags, JSON-LD, the
printed headline and its 来源/时间 line, each field with how it was found."""

import datetime
import json

import pytest

from archive.ingest.pipeline import prepare

STORY = "<p>天河区的社区工作者连续奋战，守护居民健康。天河区各街道设立检查点，居民纷纷表示感谢。</p>" * 3


def page(head="", body=""):
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def meta_of(markup):
    return prepare("page.html", markup).meta


def test_title_is_the_printed_headline_without_the_sites_suffix():
    meta = meta_of(
        page(
            "<title>社区防疫纪实_广州频道_南方网</title>",
            f"<h1>南方网</h1><div><h2>社区防疫纪实</h2><div>{STORY}</div></div>",
        )
    )
    assert meta.title == "社区防疫纪实"
    assert meta.found_by["title"] == "headline"
    assert meta.source == "南方网" and meta.found_by["source"] == "site name in the title"


def test_a_column_name_before_the_headline_in_og_title_is_not_the_title():
    meta = meta_of(
        page(
            "<title>马克龙星期一在莫斯科与普京会面 - 法国报纸摘要</title>"
            "<meta property='og:title' content='法国报纸摘要 - 马克龙星期一在莫斯科与普京会面'>",
            f"<nav>法国报纸摘要</nav><h1>马克龙星期一在莫斯科与普京会面</h1>{STORY}",
        )
    )
    assert meta.title == "马克龙星期一在莫斯科与普京会面"


def test_h1_that_is_the_sites_logo_is_not_the_title():
    meta = meta_of(
        page(
            "<title>稱「憂鬱症」挨轟 -- 上報 / 焦點</title><meta property='og:site_name' content='上報'>",
            f"<h1>上報</h1><h2>稱「憂鬱症」挨轟</h2>{STORY}",
        )
    )
    assert meta.title == "稱「憂鬱症」挨轟"
    assert meta.source == "上報" and meta.found_by["source"] == "meta og:site_name"


def test_meta_tags_give_date_and_source():
    meta = meta_of(
        page(
            "<title>标题</title><meta name='publishdate' content='2020-01-02'>"
            "<meta name='source' content='来源：半月谈网'>",
            f"<h1>标题</h1>{STORY}",
        )
    )
    assert meta.date == datetime.date(2020, 1, 2) and meta.found_by["date"] == "meta publishdate"
    assert meta.source == "半月谈网" and meta.found_by["source"] == "meta source"


def test_json_ld_news_article_gives_headline_and_date():
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "是你嗎？ 發票千萬獎開出18張",
            "datePublished": "2020-04-01T10:29:51+08:00",
            "publisher": {"name": "自由時報"},
        },
        ensure_ascii=False,
    )
    meta = meta_of(
        page(
            f"<title>是你嗎？ 發票千萬獎開出18張 - 自由財經</title><script type='application/ld+json'>{ld}</script>",
            f"<div>{STORY}</div>",
        )
    )
    assert meta.title == "是你嗎？ 發票千萬獎開出18張"
    assert meta.date == datetime.date(2020, 4, 1) and meta.found_by["date"] == "json-ld"
    assert meta.source == "自由時報" and meta.found_by["source"] == "json-ld"


def test_the_source_line_under_the_headline_is_read_even_with_its_value_on_the_next_line():
    meta = meta_of(
        page(
            "<title>视频丨火化送别_中国共产党_哀悼</title>",
            "<h1>视频丨火化送别</h1><div>2023-11-02 20:13</div><div>来源:</div><div><a>搜狐政务</a></div>"
            f"<article>{STORY}</article>",
        )
    )
    assert meta.title == "视频丨火化送别"
    assert meta.date == datetime.date(2023, 11, 2)
    assert meta.source == "搜狐政务" and meta.found_by["source"] == "label line"
    assert "搜狐政务" not in meta.body and "2023-11-02" not in meta.body


@pytest.mark.parametrize(
    "headline, site, header, outlet, date",
    [
        ("新电脑已可利用记忆自学", "_科技_腾讯网", "TNW中文站2016年10月14日07:17", "TNW中文站", (2016, 10, 14)),
        # after the date, a magazine (周刊 is no weekday)
        (
            "一夜暴富后如何经营",
            "_新浪网",
            "http://www.sina.net 2005年03月21日 11:21 《理财周刊》",
            "理财周刊",
            (2005, 3, 21),
        ),
    ],
)
def test_an_outlet_printed_beside_the_date_under_the_headline_is_the_source(headline, site, header, outlet, date):
    meta = meta_of(
        page(f"<title>{headline}{site}</title>", f"<h1>{headline}</h1><div>{header}</div><div>{STORY}</div>")
    )
    assert meta.source == outlet and meta.found_by["source"] == "header line"
    assert meta.date == datetime.date(*date)


def test_a_page_without_a_printed_date_gets_none():
    meta = meta_of(page("<title>标题</title>", f"<h1>标题</h1>{STORY}"))
    assert meta.date is None and "date" not in meta.found_by


def test_related_links_after_the_story_are_not_the_story():
    links = "".join(f"<li>相关新闻标题第{n}条 2015/07/0{n}</li>" for n in range(1, 5))
    meta = meta_of(page("<title>标题</title>", f"<h1>标题</h1><div>{STORY}</div><ul>{links}</ul>"))
    assert "相关新闻标题" not in meta.body and "居民纷纷表示感谢" in meta.body


@pytest.mark.parametrize("markup", [b"<html><body></body></html>", b"<html><head><title>x</title></head></html>"])
def test_a_page_without_story_text_is_refused_with_a_reason(markup):
    from archive.ingest.decode import NotText

    with pytest.raises(NotText):
        prepare("empty.html", markup)
