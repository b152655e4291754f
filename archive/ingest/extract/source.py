"""The outlet a story names for itself when no 来源: label does.

- A dateline opening a paragraph: 新华社福州12月26日电, 中新网温州10月11日电, 红网时刻永州5月18日讯,
  四川在线消息, 西部网安康讯, （中央社記者溫貴香台北21日電）. 本报讯 names no paper: no source.
  The dateline's place is kept too: it is the strongest sign of where a story is.
- A closing credit: 文章来源于中国森林公安, …扪心自问一下啦 来源:福鼎法院, （来源：新安晚报 贾汉平）.
- A closing byline in brackets that names an organisation: （房山區委組織部）.
- The outlet's bracketed lead: 【环球网综合报道】.
- The body that signs an official notice on its last line: 吉林省人民政府.
- The site's copyright notice: 未经华声在线许可，严禁转载.
- An outlet's own reporter: 浔阳晚报记者 吴业园 (weaker: it sets needs_review).
Not a photo credit (图片来源：法新社) and not an attribution inside a sentence (据…消息).
"""

import re
from dataclasses import dataclass

from archive.ingest.extract.dates import find_date
from archive.ingest.extract.labels import CREDIT_START, KIND_OF, LABELS

OUTLET_END = (
    r"(?:社|网|網|报|報|台|站|在线|在線|新闻|新聞|时刻|時刻|客户端|客戶端|频道|頻道|日报|日報|晚报|晚報|"
    r"时报|時報|广播|廣播|之声|之聲|周刊|週刊|杂志|雜誌|法院|检察院|檢察院|公安|政府)"
)
NAME = r"[\u4e00-\u9fffA-Za-z]"
OWN_PAPER = re.compile(r"(?:本报|本報|本网|本網|本台|本刊|本站|我台|我报|我報)")
ATTRIBUTION_WORD = r"(?:据|據|从|從|经|經|由|向|给|給|对|對|与|與|和)"
ATTRIBUTION = re.compile(ATTRIBUTION_WORD + "$")
DATELINE = re.compile(
    rf"^[（(【\[]?\s*(?!{ATTRIBUTION_WORD})(?P<outlet>{NAME}{{1,12}}{OUTLET_END})"
    rf"(?:(?:记者|記者|通讯员|通訊員)\s*{NAME}{{2,4}}?)?"
    rf"\s*(?P<place>[\u4e00-\u9fff]{{2,8}}?)?\s*(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?\s*(?:电|電|讯|訊|消息)"
)
# 据新华社拉萨电, 據中央社台北21日電: a whole dateline (…电) given as the outlet's.
REPORTED_DATELINE = re.compile(
    rf"^(?:据|據)(?P<outlet>{NAME}{{1,12}}{OUTLET_END})\s*(?P<place>[\u4e00-\u9fff]{{2,8}}?)?\s*"
    rf"(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?\s*(?:电|電)"
)
# A story that opens with its outlet's bracketed lead: 【环球网综合报道】, 【pconline资讯】. (据…报道，
# opening a story is no such lead: as often as not it cites one item or a compiler's sources.)
REPORT_LEAD = re.compile(
    rf"^【(?P<outlet>{NAME}{{1,12}}{OUTLET_END}|[A-Za-z][A-Za-z0-9]{{3,15}})"
    rf"(?:综合|綜合|编译|編譯)?(?:报道|報導|讯|訊|资讯|資訊)】"
)
# A column's tag, not an outlet: 【国际新闻报道】, 【IT资讯】.
COLUMN_TAG = re.compile(r"(?:新闻|新聞)$|^[A-Z0-9]+$")
SOURCE_LABEL = "(?:" + "|".join(sorted(LABELS["source"], key=len, reverse=True)) + ")"
# A credit's label stands after no letter and no comma (a line start, a sentence's end or a
# closing quote, a bracket, a decoration: ▍本文来源：; not 图片来源);
# its outlet is not itself a label (来源：　作者：), and ends where a label (with its colon), a
# notice or a decoration is glued to it (来源：宁波晚报版权归原作者所有, 来源：马村公安责编：…,
# 太和在线▌爆料), not at a label's word inside a name (来源：第一时间). A value ends at a colon,
# so an author's or editor's label that ends it had one (…濠江频道责任编辑); a reporter's role
# ends it wherever it stands (河北青年报记者张曲波), as do calls to action (…点击下方阅读原文).
CLOSING_CREDIT = re.compile(
    rf"{CREDIT_START}{SOURCE_LABEL}(?:\s*[:：/／]\s*|于|於)"
    rf"(?P<outlet>[^\s:：，,。；;（）()\[\]【】|｜/／]{{2,20}})"
)
# A line that is the label and the outlet with nothing between them: 来源江西都市现场 (a name
# of four characters or more: 来源广泛 is a sentence).
CREDIT_LINE = re.compile(rf"^\s*{SOURCE_LABEL}(?P<outlet>{NAME}{{4,20}})\s*$", re.MULTILINE)
GLUED_END = re.compile(
    "(?:(?:"
    + "|".join(label for label in KIND_OF if len(label) >= 2)
    + r")(?=\s*[:：])|(?:"
    + "|".join(label for label, kind in KIND_OF.items() if len(label) >= 2 and kind in ("author", "editor"))
    + r")$|(?:记者|記者|通讯员|通訊員)(?![网網站报報节節证證])|(?:版权|版權)(?:归|歸|所有|声明|聲明)"
    + r"|如有侵权|如有侵權|转载|轉載|返回|免责|免責|更多|点击|點擊|阅读原文|閱讀原文|微信|长按|長按|二维码|二維碼"
    + r"|[▌▍■◆●★☆▶►])"
)
REPORTER_CREDIT = re.compile(
    rf"(?<!{NAME})(?!{ATTRIBUTION_WORD})(?P<outlet>{NAME}{{1,10}}{OUTLET_END}|{NAME}{{2,8}}新闻)(?:\s*[（(][^）)]{{0,30}}[)）])?\s*(?:记者|記者)"
)
CLOSING_BYLINE = re.compile(r"[(（]([^()（）:：]{2,30})[)）]\s*$")
# The site's own notice names it: 未经华声在线许可，严禁转载 (a notice against copying, not 未经原告
# 电视台许可，擅自转播 in a court story); 版权所有：大河网, the owner's whole name however the
# notice goes on (版权所有：中华人民共和国公安部地址…, 版权所有：人民网未经授权…).
COPYRIGHT = re.compile(
    rf"(?:未经|未經)(?P<outlet>{NAME}{{2,12}}{OUTLET_END})(?:书面|書面)?(?:许可|許可|授权|授權|同意)"
    r"[，,\s]{0,2}(?:不得|严禁|嚴禁|禁止|请勿|請勿|谢绝|謝絕)?(?:转载|轉載|复制|複製|摘编|摘編|镜像|鏡像|转帖|轉帖)"
    rf"|(?:版权所有|版權所有)\s*[:：]\s*(?P<owner>{NAME}{{1,20}}?(?:{OUTLET_END}|部|局|委|办|辦|厅|廳|院|中心|会|會))"
    r"(?=$|[^\u4e00-\u9fffA-Za-z]|地址|未经|未經|电话|電話|邮编|郵編|备案|備案|主办|主辦|技术支持|技術支持|联系|聯繫)"
)
# An official notice signed by the body that issued it, on its last line: a body named for its
# jurisdiction (吉林省人民政府, 宜宾市叙州区畜牧水产局, 国家统计局), not 送往医院 or a site's footer.
SIGNATURE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,10}?(?:省|市|县|縣|区|區|州|旗|盟)|国家|國家|中华人民共和国|中華人民共和國)"
    r"[\u4e00-\u9fff]{0,14}(?:人民政府|政府|委员会|委員會|常委会|常委會|局|厅|廳|办公室|辦公室|法院|检察院|檢察院|办事处|辦事處)"
)
COMMENTATOR = re.compile(r"(?:特约|特約|本报|本報)?(?:评论员|評論員)$")  # （经济日报评论员）: the paper's editorial
ORGANISATION = re.compile(r"(部|局|委|办|辦|厅|廳|院|网|網|报|報|台|社|中心|站|处|處|会|會|所|组|組|室|府)$")
NOT_A_SOURCE = re.compile(r"(供图|供圖|摄|攝|图|圖|文|编辑|編輯)$")
BRACKETED = re.compile(r"[(（\[【][^()（）\[\]【】]*(?:[)）\]】]|$)")
PARAGRAPH = re.compile(r"\n|\s{2,}|\u3000+")
LEAD_CHARS = 400  # datelines open the story: look in its first paragraphs only
FOOT_CHARS = 200  # closing credits stand at its end


@dataclass(frozen=True)
class Dateline:
    outlet: str  # "" for 本报讯
    place: str
    text: str
    kind: str = "dateline"  # or "report lead": 【…综合报道】, no place


def dateline(body):
    """The dateline opening one of the story's first paragraphs, or None. A dateline may be
    given as another outlet's (据新华社拉萨电: the story is that outlet's report); a bare kind of
    paper (晚报讯) names no paper, as 本报讯 does not."""
    for paragraph in PARAGRAPH.split(body[:LEAD_CHARS]):
        paragraph = paragraph.strip()
        match = DATELINE.match(paragraph) or REPORTED_DATELINE.match(paragraph)
        if not match:
            lead = REPORT_LEAD.match(paragraph)
            if lead and not OWN_PAPER.match(lead["outlet"]) and not COLUMN_TAG.search(lead["outlet"]):
                return Dateline(lead["outlet"], "", lead.group(0), "report lead")
            continue
        named = not (OWN_PAPER.match(match["outlet"]) or re.fullmatch(OUTLET_END, match["outlet"]))  # 本报讯, 晚报讯
        return Dateline(match["outlet"] if named else "", match["place"] or "", match.group(0))
    return None


def closing_credit(body):
    """The outlet the last credit in the story's foot names (来源于…, 来源:…, 来源 / …), or None."""
    return last_credit(body[-FOOT_CHARS:])


def story_credit(body):
    """The outlet the last credit anywhere in the story names, or None: a WeChat repost's
    promotions may follow its credit, but a source cited inside the story (（来源：国家统计局）)
    is found the same way, so this is a weak rule."""
    return last_credit(body)


def last_credit(text):
    matches = sorted((*CLOSING_CREDIT.finditer(text), *CREDIT_LINE.finditer(text)), key=lambda m: m.start())
    outlets = [o for o in (unglued(m["outlet"]) for m in matches) if len(o) >= 2]  # not a label (来源：　作者：)
    return outlets[-1] if outlets else None


def unglued(value):
    """The value up to a label or notice glued to it."""
    return GLUED_END.split(value, maxsplit=1)[0]


def reporter_credit(body):
    """The outlet of a reporter credited at the top or foot of the story (浔阳晚报记者 吴业园)."""
    for part in (body[:LEAD_CHARS], body[-FOOT_CHARS:]):
        for match in REPORTER_CREDIT.finditer(part):
            before = part[: match.start()]
            if OWN_PAPER.search(match["outlet"]) or ATTRIBUTION.search(before):  # 凡本报记者署名…
                continue
            return match["outlet"]
    return None


# What a credit says before the outlet: 本文来自于环球网, 综合南阳新闻联播, 整理自电商报.
ATTRIBUTED = re.compile(
    r"^(?:本文|文章|稿件)?(?:来自于?|來自於?|摘自|转载自|轉載自|转自|轉自|选自|選自|整理自|综合自?|綜合自?|来源于?|來源於?)"
    r"[:：]?\s*"
)


# 光明网-《光明日报》2024-05-20: the credit's date (not FM93.8浙江交通之声's frequency)
DATE_TAIL = re.compile(r"(?<![\d.A-Za-z])(?:\d{4}\s*[-/.年]|\d{2}年)\s*\d{1,2}\s*[-/.月].*$")
UNCLOSED = {"「": "」", "“": "”", "《": "》", "『": "』"}
LEADING_MARKS = re.compile(r"^[^\u4e00-\u9fffA-Za-z0-9《「“\"]+")
# What a credit adds after the outlet's name: 新晚报综合, 横山宣传编审.
TRAILING_ROLE = re.compile(r"(?:综合|綜合|整理|编审|編審|供稿|记者|記者|通讯员|通訊員|编辑|編輯|小编|小編)$")
# Values that say the story came from nowhere in particular: the internet, netizens, "compiled",
# "every account".
NOT_NAMED = re.compile(
    r"(?:网络|網絡|互联网|互聯網|网上|網上|网友|網友)?(?:综合|綜合|整理|转载|轉載|爆料)?"
    r"|各\S{0,6}(?:公众号|公眾號|媒体|媒體|网站|網站|平台)"
)


def outlet_name(value):
    """The outlet in a source value: 21世纪经济报道(广州) → 21世纪经济报道, 新安晚报 贾汉平 → 新安晚报,
    河南秀[2018年05月21日 → 河南秀, 宁波晚报版权归原作者所有 → 宁波晚报, 吉林税务、云南税务 → 吉林税务,
    新晚报综合 → 新晚报; "" for a value that names no outlet (网络整理, 各公众号, 作者:) or none."""
    if not value:
        return ""
    value = LEADING_MARKS.sub("", BRACKETED.sub("", value).strip())
    name = re.split(r"\s+|[／/|｜、，,。；;：:]", unglued(ATTRIBUTED.sub("", value)), maxsplit=1)[0]
    name = TRAILING_ROLE.sub("", DATE_TAIL.sub("", name)).rstrip("”」』\"'）)】]")
    if name[:1] in UNCLOSED and UNCLOSED[name[0]] not in name:
        name = name[1:]  # 「芯片圈: the credit's closing mark was cut off
    return "" if len(name) < 2 or NOT_NAMED.fullmatch(name) else name


def closing_byline(lines):
    """The organisation named in brackets at the end of the last line of story text, or None."""
    for line in reversed(lines):
        if not line:
            continue
        match = CLOSING_BYLINE.search(line)
        if match:
            name = COMMENTATOR.sub("", match.group(1).strip())
            if ORGANISATION.search(name) and not NOT_A_SOURCE.search(name) and " " not in name:
                return name
            continue  # another closing bracket line (photo credit, author list): look further up
        return None
    return None


def closing_signature(lines):
    """The organisation whose name alone is the story's last line (a date after it aside), or None."""
    lines = [line.strip() for line in lines if line.strip()]
    dated = find_date(lines[-1]) if lines else None
    if len(lines) > 1 and dated and dated.text == lines[-1]:
        lines.pop()
    last = lines[-1] if len(lines) > 1 else ""
    return last if SIGNATURE.fullmatch(last) else None


def copyright_owner(body):
    """The outlet the site's copyright notice at the story's foot names, or None."""
    for match in COPYRIGHT.finditer(body[-FOOT_CHARS:]):
        name = match["outlet"] or match["owner"]
        if not OWN_PAPER.match(name):
            return name
    return None
