"""Regions are what a story is about, not every place it mentions."""

import pytest

from archive.ingest.extract import extract
from archive.ingest.extract.regions import find_regions


@pytest.mark.parametrize(
    "text",
    [
        "当地时间21日晚，日本北海道地区发生5.7级地震，北海道札幌市有震感，日本气象厅表示没有海啸危险。",
        "美国新冠肺炎确诊病例超过278万例，美国至少有19个州已经下令要求民众佩戴口罩，其中有上海籍留学生。",
        "记者从国家卫生健康委获悉，国家药监局、国家医保局、国务院有关部门全力保障全国临床用药需求，北京一家医院参与。",
        "湖南、上海、福建、四川、江西、广东、河南等地纷纷出台互联网+行动计划，湖南和上海最为积极。",
        "看了那个之后就觉得眼前一亮，上海投资者谢晨说，后面就开始关注港股。",
    ],
)
def test_foreign_national_and_passing_mentions_give_no_region(text):
    assert find_regions(text) == []


def test_two_character_name_inside_another_word_is_no_place():
    assert find_regions("中国移动大连接战略下，集客业务稳步发展，大连接业务收入增长。") == []


def test_county_is_found_by_its_stem_beside_its_province():
    assert find_regions(
        "江西丰城发电厂事故中被追责的副总指挥获刑，丰城电厂建设指挥部另有三人受审。江西省法院通报。"
    ) == ["360981"]


def test_county_stem_that_is_a_common_word_is_no_place():
    assert find_regions("嘉兴市南湖区公安分局解放派出所民警调查，湖北经视报道。南湖区居民注意。") == ["330402"]


def test_many_cities_of_one_province_keep_the_province():
    text = (
        "话剧巡演来到张家口。先后在石家庄、邢台、邯郸、衡水、沧州、廊坊、唐山、秦皇岛、承德、张家口等10个设区市演出。"
        "河北大地传遍感动，河北省委宣传部组织河北各市巡演，河北观众热烈。"
    )
    assert find_regions(text) == ["130000"]


def test_the_title_and_dateline_weigh_more_than_the_text():
    assert find_regions("深圳的军民融合有啥不一样\n分享一篇文章。", title="深圳的军民融合有啥不一样") == ["440300"]
    assert find_regions("新华社福州1月2日电 记者获悉，福州企业信心增强。", dateline="福州") == ["350100"]


def test_a_place_only_in_the_dateline_is_where_the_report_was_filed_not_its_subject():
    assert find_regions("新华社北京1月2日电 记者从有关部门获悉，今年假期旅游人数增长。", dateline="北京") == []
    text = "新华社福州1月2日电 记者从龙岩市获悉，龙岩市新罗区的企业信心增强。"
    assert find_regions(text, dateline="福州") == ["350802"]


def test_a_division_whose_name_reads_as_a_phrase_needs_its_city_nearby():
    text = "包河区提升残疾人救助精准度。由区民政局牵头，各街镇(大社区)协同推进，各街镇(大社区)负责受理。合肥市包河区民政局通报。"
    assert find_regions(text, title="包河区提升贫困残疾人救助精准度") == ["340111"]


def test_an_ambiguous_short_name_takes_the_division_the_story_names_in_full():
    text = "一波寒流报到，已将新竹尖石乡后山一带层层山峦披上嫣红彩衣。早上从台北出门还是小雨，新竹县尖石乡的美树营地游客不断。"
    assert find_regions(text, title="新竹尖石美树营地赏枫") == ["719004"]


def test_county_stem_in_the_headline_and_again_in_the_text_is_the_place():
    title = "余姚一小区突然停水"
    text = title + "\n昨天上午，城区一小区突然停水，余姚自来水公司称正在抢修，余姚市民可拨打热线。"
    assert find_regions(text.replace("余姚市民", "市民"), title=title) == ["330281"]


def test_county_stem_said_once_outside_the_headline_is_no_place():
    assert find_regions("昨天上午，城区一小区突然停水，余姚自来水公司称正在抢修。") == []


def test_a_province_named_in_passing_beside_the_main_one_is_left_out():
    text = (
        "漯河一学院把学生送进工厂。漯河的学生说，漯河学院收取安置费。"
        "学生被送到苏州的工厂实习，苏州工厂每月扣钱。漯河教育局已介入，漯河市民关注，漯河家长担心。"
    )
    assert find_regions(text) == ["411100"]


def test_a_place_that_only_names_a_company_is_not_where_the_story_happens():
    text = (
        "江苏省金湖县人民法院民事判决书。被告：淮安市旭日通信工程有限公司，住所地淮安市。"
        "原告诉被告淮安市旭日通信工程有限公司建设工程施工合同纠纷，淮安市旭日通信工程有限公司承建金湖县淮胜村基站工程，"
        "中国铁塔股份有限公司淮安市分公司发包，淮安市旭日通信工程有限公司转包，淮安市旭日通信工程有限公司承担连带责任。"
    )
    assert find_regions(text) == ["320831"]


def test_where_a_person_comes_from_is_not_where_the_story_happens():
    text = (
        "据鄂州警方消息，在鄂州一建材城附近有人打架。民警当场将女子（龚某，21岁，鄂州人）抓获，"
        "另一男子（48岁，武汉人）逃离，叶某（36岁，武汉人）和项某（武汉人）被依法拘留。"
    )
    assert find_regions(text) == ["420700"]


def test_a_second_place_said_twice_beside_the_main_one_is_said_in_passing():
    text = (
        "港特首梁振英就住宅违建事件道歉。梁振英在香港说，市民有权批评。他此前在北京出席会议，"
        "北京方面未作回应。在香港，多家媒体将继续追问，香港的各界都在关注。"
    )
    assert find_regions(text) == ["810000"]


def test_regions_said_once_go_to_review_and_regions_said_often_do_not():
    once = extract("排队接种疫苗\n南京市民王某说，队伍很长，大家都很耐心。\n正文第二段，记者在现场看到群众排队。")
    assert once.regions == ["320100"]
    assert {"code": "weak_evidence", "field": "regions", "value": "1"} in once.problems
    often = extract("南京排队接种疫苗\n南京市民王某说，队伍很长。南京市卫健委表示会增加接种点。\n正文第二段。")
    assert often.regions == ["320100"] and not often.problems


def test_the_one_district_a_story_names_under_its_headlines_city_is_its_place():
    title = "昨夜，无锡融侨观邸小区内两名男子坠楼身亡"
    text = f"{title}\n昨天夜里9点40分左右，在新吴区融侨观邸小区内发生了一起悲剧，两名年轻男子从高楼坠下。附近居民说听到巨响。"
    assert find_regions(text, title=title) == ["320214"]
    # several districts under the headline's city: a city-wide story stays at the city
    text = f"{title}\n无锡市新吴区、梁溪区、滨湖区的居民都在议论此事，无锡市民说听到巨响。"
    assert find_regions(text, title=title) == ["320200"]
    # the city said again and again, one district in passing: the city
    title = "无锡市召开全市安全生产工作会议"
    text = f"{title}\n会议要求无锡各地落实责任，新吴区代表发言。无锡将开展大检查。"
    assert find_regions(text, title=title) == ["320200"]
