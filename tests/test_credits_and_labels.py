"""Sources and dates on sites no rule was written for: datelines, credits, glued labels."""

import datetime

import pytest

from archive.ingest.extract import extract
from archive.ingest.extract.labels import fields

BODY = "\n正文第一段，记者在现场看到群众排队接种疫苗，场面井然有序。\n正文第二段。"


@pytest.mark.parametrize(
    "lead, source",
    [
        ("新华社福州12月26日电 记者从福建省获悉，今年以来全省经济运行平稳。", "新华社"),
        ("中新网温州10月11日电（记者 张三）温州市今天举行活动。", "中新网"),
        ("四川在线消息(通讯员 李四)成都市近日开展活动。", "四川在线"),
        ("西部网安康讯 近日，安康市召开会议。", "西部网"),
        ("红网时刻永州5月18日讯（通讯员 何云飞）道县召开会议。", "红网时刻"),
        ("（中央社記者溫貴香台北21日電）行政院副院長今天表示。", "中央社"),
        ("新華社北京11月17日電 記者17日從國家衛生健康委獲悉。", "新華社"),
    ],
)
def test_dateline_names_the_source(lead, source):
    meta = extract(f"标题\n{lead}{BODY}")
    assert meta.source == source
    assert meta.found_by["source"] == "dateline"


@pytest.mark.parametrize(
    "lead",
    ["本报讯 （记者 王五）近日召开会议。", "据新华社消息，今天召开会议。", "据人民日报记者报道，今天召开会议。"],
)
def test_own_paper_or_attribution_inside_a_sentence_gives_no_source(lead):
    assert extract(f"标题\n{lead}{BODY}").source is None


def test_dateline_place_locates_the_story():
    meta = extract(f"标题\n新华社福州12月26日电 记者获悉，今年以来经济运行平稳，福州企业信心增强。{BODY}")
    assert meta.regions == ["350100"]
    assert meta.found_by["regions"] == "dateline and mentions"


@pytest.mark.parametrize(
    "foot, source",
    [
        ("文章来源于中国森林公安，如有侵权，请联系删除", "中国森林公安"),
        ("骗子固然可恶，也要扪心自问一下啦 来源:福鼎法院", "福鼎法院"),
        ("（来源：新安晚报 贾汉平 赵静雅 项磊）", "新安晚报"),
        ("本文来源：21世纪经济报道(广州) 作者：何苗 张梦洁", "21世纪经济报道"),
    ],
)
def test_closing_credit_names_the_source(foot, source):
    assert extract(f"标题{BODY}\n{foot}").source == source


@pytest.mark.parametrize(
    "lead, source",
    [
        ("【环球网综合报道】周日，委内瑞拉总统表示。", "环球网"),
        ("【pconline资讯】5月22日消息：近年来一些网红餐饮店铺一再刷爆网络。", "pconline"),
    ],
)
def test_the_outlets_bracketed_lead_names_the_source(lead, source):
    meta = extract(f"标题\n{lead}{BODY}")
    assert meta.source == source and meta.found_by["source"] == "report lead"


@pytest.mark.parametrize(
    "lead",
    [
        "【记者手记】那天的雨很大。",
        "【今日关注】市民排队。",
        "【IT资讯】新款手机发布。",  # column tags, not outlets
        "【国际新闻报道】联合国大会开幕。",
        "据法新社报道，会议今天召开。",
        "据了解，今天召开会议。",
    ],
)
def test_a_column_head_or_a_hearsay_lead_names_no_source(lead):
    assert extract(f"标题\n{lead}{BODY}").source is None


@pytest.mark.parametrize(
    "foot, source, how",
    [
        (
            "来源：光明网-《光明日报》2024-05-20",
            "光明网-《光明日报》",
            "label line",
        ),  # the credit's date is not its name
        ("来源：FM93.8浙江交通之声", "FM93.8浙江交通之声", "label line"),  # a frequency is no date
        ("绿色发展的底色更亮、成色更足。（经济日报评论员）", "经济日报", "closing byline"),
        ("特此通告。\n\n吉林省人民政府\n2022年1月5日", "吉林省人民政府", "closing signature"),
        ("记者正在进一步调查核实中，未经华声在线许可，严禁转载。", "华声在线", "copyright notice"),
        ("版权所有：中华人民共和国公安部 地址：北京市东长安街14号", "中华人民共和国公安部", "copyright notice"),
        ("版权所有：中华人民共和国公安部地址北京市东长安街14号", "中华人民共和国公安部", "copyright notice"),
        ("版权所有：人民网未经授权禁止转载", "人民网", "copyright notice"),
    ],
)
def test_closing_lines_that_name_the_source(foot, source, how):
    meta = extract(f"标题{BODY}\n{foot}")
    assert meta.source == source and meta.found_by["source"] == how


@pytest.mark.parametrize(
    "foot",
    [
        "特此通告。\n\n欢迎大家踊跃参加",
        "期待与您再次相会",
        "最终伤者被紧急送往医院",
        "中国互联网违法和不良信息举报中心",
        "被告未经原告电视台许可，擅自转播了这场比赛。",  # a court story's words, not a notice against copying
    ],
)
def test_prose_and_footers_at_the_foot_name_no_source(foot):
    assert extract(f"标题{BODY}\n{foot}").source is None


def test_a_signature_is_a_weak_rule():
    meta = extract(f"标题{BODY}\n特此通告。\n\n宜宾市叙州区畜牧水产局")
    assert (
        meta.source == "宜宾市叙州区畜牧水产局"
        and {"code": "weak_rule", "field": "source", "value": "closing signature"} in meta.problems
    )


def test_photo_credit_is_not_the_source():
    assert extract(f"标题{BODY}\n图片来源：法新社").source is None


def test_reporter_credit_is_a_weak_source_that_asks_for_review():
    meta = extract(f"标题\n昨日，浔阳晚报记者从市运管处获悉，一辆出租车深夜要价300元。{BODY}")
    assert meta.source == "浔阳晚报"
    assert meta.found_by["source"] == "reporter credit"
    assert meta.problems == [{"code": "weak_rule", "field": "source", "value": "reporter credit"}]


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "发布日期:2018-12-2108:59来源:三亚日报实习编辑：丹丹",
            [("date", "2018-12-2108:59"), ("source", "三亚日报"), ("editor", "丹丹")],
        ),
        ("來源：三亞日報實習編輯：丹丹", [("source", "三亞日報"), ("editor", "丹丹")]),
        ("稿件来源： 河北日报", [("source", "河北日报")]),
        ("这笔资金来源：银行贷款", []),
    ],
)
def test_labels_glued_to_each_other_are_split(line, expected):
    assert fields(line) == expected


@pytest.mark.parametrize(
    "text, date",
    [
        ("标题\n发布日期:2018-12-2108:59来源:三亚日报" + BODY, datetime.date(2018, 12, 21)),
        ("标题\n發佈日期：2019年3月5日 來源：齊魯網" + BODY, datetime.date(2019, 3, 5)),
        ("标题\n[2018年05月21日10:01]" + BODY, datetime.date(2018, 5, 21)),
        ("标题" + BODY + "\n（2022年8月1日）", datetime.date(2022, 8, 1)),
        ("标题\n内容来源：河南秀[2018年05月21日10:01]" + BODY, datetime.date(2018, 5, 21)),
    ],
)
def test_dates_glued_bracketed_traditional_or_at_the_foot_are_read(text, date):
    assert extract(text).date == date


def test_source_value_stops_at_a_bracketed_date():
    assert extract("标题\n内容来源：河南秀[2018年05月21日10:01]" + BODY).source == "河南秀"


def test_a_labelled_line_that_is_a_sentence_stays_in_the_story():
    meta = extract("标题\n日期:1月21日，凯尔特人在主场以139-107大胜湖人。这是沃克第一次战胜詹姆斯。" + BODY)
    assert "大胜湖人" in meta.body and meta.date is None


@pytest.mark.parametrize(
    "first_line, title",
    [
        ("女子27楼坠楼死亡_捧腹网", "女子27楼坠楼死亡"),
        ("【脱贫攻坚在隆回】“猪崽扶贫”助民脱贫 - 社会民生 - 隆回新闻网", "【脱贫攻坚在隆回】“猪崽扶贫”助民脱贫"),
        ("渭南合阳县城关中学举行主题升旗仪式活动-提供留学，移民，理财，...", "渭南合阳县城关中学举行主题升旗仪式活动"),
        ("組工戰“疫”| 難不倒的“代理書記”", "組工戰“疫”| 難不倒的“代理書記”"),
        ("夜场活动18:00-21:00在中央路举行", "夜场活动18:00-21:00在中央路举行"),
        # a long segment that trails off is the headline's own; the site after it goes
        (
            "高考作文押题 | 理想信念话题怎么写?(各省二模中出理想..._搜狐",
            "高考作文押题 | 理想信念话题怎么写?(各省二模中出理想...",
        ),
        (
            "为现代化建设凝聚强大智慧和力量——热烈祝贺市政协会议开幕_某某市政府网",
            "为现代化建设凝聚强大智慧和力量——热烈祝贺市政协会议开幕",
        ),
        ("法院新闻|利川一男子酒后驾车被判刑", "法院新闻|利川一男子酒后驾车被判刑"),  # a column's name, not spaced off
        ("多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业", "播客热潮迅速蔓延 挑逗传统传媒业"),
        (
            "美国政府 | 宣布对华加征关税 美方称将于下月生效",
            "美国政府 | 宣布对华加征关税 美方称将于下月生效",
        ),  # a subject
    ],
)
def test_a_texts_title_loses_the_sites_name_which_names_no_source(first_line, title):
    """A scraped text's first line ends with whichever site carried it, a content farm as often
    as the outlet: the name is cut from the title and not taken for the story's source."""
    meta = extract(f"{first_line}{BODY}")
    assert meta.title == title
    assert meta.source is None


def test_original_title_glued_to_the_story_leaves_the_body_and_its_dateline_is_read():
    meta = extract(
        "陕西侦破首例污染环境刑事案件 嫌疑人被抓获\n原标题:陕西侦破首例污染环境刑事案件嫌疑人被抓获西部网讯(记者王晔)"
        "针对环保领域存在的问题，陕西省各级各部门高度重视。" + BODY
    )
    assert meta.title == "陕西侦破首例污染环境刑事案件 嫌疑人被抓获"
    assert meta.body.startswith("西部网讯(记者王晔)针对环保领域")
    assert meta.source == "西部网" and meta.found_by["source"] == "dateline"


@pytest.mark.parametrize(
    "original",
    [
        "原标题：男子酒驾被查 竟称自己是代驾",  # the 原标题 has a subtitle: a metadata line, whole
        "原标题：男子酒驾被查，竟称自己是代驾",
        "原标题：男子酒驾被查（图）",
        "【原标题：男子酒驾被查 竟称自己是代驾】",  # marks around the label
    ],
)
def test_an_original_title_line_with_more_headline_is_metadata_not_story(original):
    meta = extract(f"男子酒驾被查\n{original}{BODY}")
    assert meta.title == "男子酒驾被查"
    assert "代驾" not in meta.body and "（图）" not in meta.body and meta.body.startswith("正文第一段")


def test_original_title_later_in_the_line_is_not_taken_off_its_start():
    story = "中国江苏网7月20日讯 （记者 裴凌曼）晚报三版报道了老兵的故事。  原标题: 央视走进宿迁泗洪关注抗战老兵"
    meta = extract("央视走进宿迁泗洪关注抗战老兵\n" + story + BODY)
    assert meta.body.startswith("中国江苏网7月20日讯")


def test_original_title_line_gives_the_headline():
    meta = extract("盗贼在妇产科得手 在网吧落网_大道派出所\n原标题：盗贼在妇产科得手 在网吧落网" + BODY)
    assert meta.title == "盗贼在妇产科得手 在网吧落网"
    assert "原标题" not in meta.body


@pytest.mark.parametrize(
    "story",
    [
        "本次展览的展品，来源于民间收藏，共有三百余件。",  # 来源于 inside a sentence
        "“艺术，来源于生活”，他说。",
        "资金来源：财政拨款和社会捐助。",  # a label word after a letter
        "增长百分之五（来源：国家统计局）。" + "后面还有很长的正文。" * 40,  # a cited source, mid-story: weak
    ],
)
def test_a_source_named_inside_the_story_is_no_certain_source(story):
    meta = extract(f"标题\n{story}{BODY}")
    assert meta.found_by.get("source") in (None, "credit in the story")
    if meta.source:
        assert {"code": "weak_rule", "field": "source", "value": "credit in the story"} in meta.problems


def test_a_label_after_a_sentence_inside_the_story_is_no_field():
    meta = extract("标题\n2019年5月10日 09:30\n" + "正文很长，" * 20 + "欢迎市民参加。时间：2019年6月1日上午" + BODY)
    assert meta.date == datetime.date(2019, 5, 10)


@pytest.mark.parametrize("value", ["国家版权局", "中国记者网", "各界导报", "第一时间"])
def test_an_outlets_own_name_is_not_cut_at_a_word_a_notice_uses(value):
    assert extract(f"标题{BODY}\n来源：{value}").source == value


def test_a_date_line_followed_by_words_that_are_no_outlet_stays_in_the_story():
    meta = extract("标题\n2020年1月1日起实施\n正文第一段，新规定对全市居民都有影响，场面井然有序。\n正文第二段。")
    assert "2020年1月1日起实施" in meta.body


def test_a_text_that_is_one_long_line_is_titled_by_its_first_sentence():
    # no title line: the 原标题 check must not look for one
    line = "原标题:社区防疫纪实今天上午，天河区的社区工作者连续奋战，守护居民健康。" + "居民纷纷表示感谢。" * 20
    meta = extract(line)
    assert meta.title.endswith("守护居民健康。") and meta.found_by["title"] == "first line"
    assert "居民纷纷表示感谢" in meta.body


@pytest.mark.parametrize(
    "text",
    [
        f"标题\n【环球网综合报道】周日，委内瑞拉总统表示。{BODY}",
        f"标题{BODY}\n未经华声在线许可，严禁转载。",
        f"标题{BODY}\n特此通告。\n\n宜宾市叙州区畜牧水产局",
        f"标题{BODY}\n（房山区委组织部）",
    ],
)
def test_how_a_source_was_found_is_said_in_words(text):
    from archive.provenance import describe_how

    how = extract(text).found_by["source"]
    assert describe_how(how) != how
