"""Each clean-up rule alone, and the whole chain."""

from archive.ingest import clean as c


def test_pinyin_annotations_are_removed_in_either_bracket_style():
    assert c.strip_pinyin_annotations("首頁(yè)代理書（shū）記(jì)") == "首頁代理書記"


def test_pinyin_rule_keeps_ordinary_brackets():
    text = "人工智能(AI)和(注:见附件)以及(2020)"
    assert c.strip_pinyin_annotations(text) == text


def test_doubled_commas_before_cjk_punctuation_are_dropped():
    assert (
        c.fix_doubled_commas("無黨組織,、無居委會,,無在職黨員,。怎么辦,?好")
        == "無黨組織、無居委會,無在職黨員。怎么辦?好"
    )


def test_doubled_comma_rule_keeps_numbers():
    assert c.fix_doubled_commas("共1,000,000元") == "共1,000,000元"


def test_breadcrumbs_are_removed():
    text = "首頁>要聞要聞\n当前位置：首页 > 新闻 > 正文\n新闻 › 国内 › 社会\n标题在此"
    assert c.strip_breadcrumbs(text) == "标题在此"


def test_breadcrumb_rule_keeps_a_sentence_with_a_greater_than_sign():
    text = "今年产值>去年,增长明显。"
    assert c.strip_breadcrumbs(text) == text


def test_share_and_related_footers_are_cut():
    text = "正文第一段。\n\n分享到:\n\n相關文章:\n某某新闻标题\n另一个标题"
    assert c.strip_footers(text).strip() == "正文第一段。"


def test_footer_marker_followed_by_story_text_removes_only_the_marker():
    paragraph = "这是一段很长的正文，" * 8 + "结束。"
    text = f"开头。\n相关新闻\n{paragraph}"
    assert c.strip_footers(text) == f"开头。\n{paragraph}"


def test_mojibake_tails_are_removed():
    assert c.strip_mojibake("管理也更加規範了?!?/p>\n下一段</p>") == "管理也更加規範了\n下一段"


def test_html_entities_are_unescaped():
    assert c.unescape_entities("A&nbsp;B &amp; C&#12288;") == "A\xa0B & C\u3000"


def test_whitespace_is_tidied():
    assert c.tidy_whitespace("  a\xa0b  \r\n\n\n\n\u3000c ") == "a b\n\nc"


def test_clean_chains_every_rule():
    raw = "首頁(yè)>要聞要聞\r\n難不倒的“代理書(shū)記”\r\n無黨組織,、無居委會。\r\n分享到:\r\n"
    assert c.clean(raw) == "難不倒的“代理書記”\n無黨組織、無居委會。"
