"""Page furniture around a story goes; the story, however it is set, stays."""

import pytest

from archive.ingest.extract.furniture import strip_lists, strip_notices, trim

STORY = [
    "他们事先到医院里捡一些废弃的盐水瓶，用针筒把里面灌上半瓶自来水，然后两人分工，开摩托车在路上寻找目标。" * 2,
    "目前郭某赵某因为诈骗，被行政拘留14天。",
]


def test_related_links_after_the_story_are_cut():
    links = [
        "- 收费公路亏在哪，要让公众看得清 2015/07/01",
        "- 收费公路缘何屡陷巨亏漩涡 2015/07/01",
        "证券要闻",
        "- 全国收费公路去年亏1571亿 2015/07/01",
    ]
    assert strip_lists(STORY + links) == STORY


def test_labelled_lines_inside_a_trailing_list_stay_for_extraction():
    tail = ["【纠错】", "- 相关一 2020-01-01", "【责任编辑:张樵苏", "- 相关二 2020-01-02", "- 相关三 2020-01-03"]
    assert strip_lists(STORY + tail) == STORY + ["【责任编辑:张樵苏"]


def test_a_list_before_the_story_is_cut():
    head = [
        "- 最新消息 上班族移入、捷運加持！ 2020-03-12 20:00",
        "- 最新消息 中職二度延賽 2020-03-12 19:00",
        "- 最新消息 巴菲系列冰淇淋買一送一 2020-03-12 19:00",
    ]
    assert strip_lists(head + STORY) == STORY


def test_a_story_set_in_short_lines_is_not_a_list():
    poem = ["疫情发生以来", "市级机关企事业单位", "下沉干部驰援社区", "他们纷纷写下战“疫”日记"]
    assert strip_lists(poem + STORY + ["02.27", "刘峥", "下沉平谷区滨河街道", "建西社区"]) == poem + STORY + [
        "02.27",
        "刘峥",
        "下沉平谷区滨河街道",
        "建西社区",
    ]


def test_notices_glued_to_the_last_sentence_are_cut():
    last = "目前，犯罪嫌疑人陈某已被依法刑事拘留，案件正在进一步办理中。返回搜狐，查看更多 责任编辑："
    assert strip_notices(STORY[:1] + [last]) == STORY[:1] + [
        "目前，犯罪嫌疑人陈某已被依法刑事拘留，案件正在进一步办理中。"
    ]


def test_notice_lines_anywhere_are_cut_in_either_script():
    lines = [
        STORY[0],
        "图片来源：东方IC 版权作品 请勿转载",
        STORY[1],
        "本網站之文字、圖片及影音，非經授權，不得轉載、公開播送。",
    ]
    assert strip_notices(lines) == STORY


def test_news_words_that_notices_also_use_are_story_text():
    lines = ["出国前后关注点大不同", "我们分享了原创剧目的经验。", STORY[0]]
    assert trim(lines) == lines


def test_a_page_that_is_all_furniture_keeps_its_lines():
    lines = ["分享到微信", "阅读全文"]
    assert trim(lines) == lines


def test_a_stamp_repeated_after_sentences_is_cut_and_the_sentences_stay():
    stamp = "防抓取，突袭网提供内容，请查看原文。"
    lines = [
        "合阳县城关中学的成绩可以去官方网站查询" + stamp + STORY[0] + "毕业成绩单编号是020356的升级是" + stamp,
        "最后，政教主任的国旗下讲话号召全体学生爱校如家。陕西省渭南市合阳县有哪些高中和初中等" + stamp,
    ]
    kept = "".join(trim(lines))
    assert stamp not in kept
    assert STORY[0] in kept and "号召全体学生爱校如家。" in kept


def test_a_sentence_ending_said_twice_is_story_text():
    lines = [
        "他说：“我们一定要把这件事情做好，做到让群众满意。”",
        "她也说：“我们一定要把这件事情做好，做到让群众满意。”",
    ]
    assert trim(STORY + lines) == STORY + lines


def test_credits_run_together_with_bars_become_fields_and_the_advert_after_them_goes():
    last = (
        "“一经查实违规经营，将严查到底，并在媒体上曝光。”| 浔阳晚报记者 吴业园| 责任编辑：柯轲| 小编微信号 : xywb96（晚报君）"
        "| 招商电话 : 13707923450 卢先生99%的九江人都喜欢?不礼让行人！九江795辆车高清抓拍曝光，快看看有没有你？"
    )
    kept = trim(STORY + [last])
    assert kept[:3] == STORY + ["“一经查实违规经营，将严查到底，并在媒体上曝光。”"]
    assert "责任编辑：柯轲" in kept
    assert not any("招商电话" in line or "九江795辆车" in line for line in kept)


def test_a_site_footer_with_its_filing_numbers_and_contact_address_is_cut():
    footer = [
        "- 违法和不良信息举报",
        "- 京公网安备11010502032503号",
        "版权保护：本网登载的内容（包括文字、图片、多媒体资讯等）版权属本网独家所有使用。 未经本网事先协议授权，禁止转载使用。"
        "给本网提意见：rx@example.com.cn",
    ]
    assert trim(STORY + footer) == STORY


@pytest.mark.parametrize(
    "line",
    [
        "该公司当晚发布特别声明，否认上述传闻。",
        "有需要的市民请登录市政府网站查询。",
        "专家推荐阅读经典名著，每天至少半小时。",
        "【记者手记】",
        "排名：北京>上海>广州",
        # an anti-fraud story's words about apps, logins and addresses
        "下载该APP后，王女士按照对方指示输入了银行卡号和验证码。",
        "下載該應用程式APP後，陳先生的帳戶就被盜刷。",
        "警方调查发现，该账户自2019年起一直处于未登录状态。",
        "诈骗分子仿冒银行登录页面，骗取受害人的账号和密码。",
        "www.12306.cn官网显示车票已售罄",
    ],
)
def test_story_lines_that_look_a_little_like_furniture_stay(line):
    lines = ["正文第一段，记者在现场看到群众排队。", line, "正文最后一段，场面井然有序。"]
    assert line in trim(lines)


@pytest.mark.parametrize(
    "line", ["【字体：大 中 小】【打印】【关闭】", "您的位置：首页 > 新闻 > 本地", "首页>>新闻大观>>国内新闻"]
)
def test_buttons_and_breadcrumbs_are_furniture(line):
    lines = ["正文第一段，记者在现场看到群众排队。", line, "正文最后一段，场面井然有序。"]
    assert line not in trim(lines)


@pytest.mark.parametrize(
    "line",
    ["您还未登录，请登录后进行收藏！", "是否“确认”跳转到登录页？", "下載「台灣蘋果日報APP」", "立即下载新闻客户端"],
)
def test_login_prompts_and_app_buttons_are_furniture(line):
    lines = ["正文第一段，记者在现场看到群众排队。", line, "正文最后一段，场面井然有序。"]
    assert line not in trim(lines)


def test_an_address_glued_after_the_last_sentence_goes_and_one_in_a_sentence_stays():
    glued = STORY[:-1] + ["目前郭某赵某因为诈骗，被行政拘留14天。https://static.example.com/articles/9e41.html"]
    assert trim(glued) == STORY
    cited = STORY[:-1] + ["详情可登录http://www.example.gov.cn查询。"]
    assert trim(cited) == cited


def test_a_notice_with_an_address_is_short_enough_to_go():
    notice = (
        "更多资讯请关注江苏华图微信公众号(jiangsuht)，报名入口：http://js.example.com/guojia/kaoshi/baoming/index.html"
    )
    assert trim([STORY[-1], STORY[0] + notice]) == [STORY[-1], STORY[0]]


def test_a_table_of_data_after_the_story_stays():
    table = [
        "正文最后一段，以下是本次停水安排：",
        "| 日期 | 区域 | 时段 |",
        "| 2024-05-20 | 新吴区 | 全天 |",
        "| 2024-05-21 | 梁溪区 | 上午 |",
    ]
    assert trim(STORY + table) == STORY + table
