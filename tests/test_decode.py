"""Every encoding the archive meets decodes to the same text, and non-text is refused by reason."""

import codecs
import os

import pytest

from archive.ingest.decode import NotText, decode

SIMPLIFIED = "组工干部的社区战“疫”日记\n来源：齐鲁网\n下沉干部驰援社区，记录社区防控一线的点滴。"
TRADITIONAL = "天津市和平區：黨徽閃亮士氣昂\n下沉幹部防控忙，機關幹部守崗位、機關單位當後盾。"
HKSCS = "香港特區政府宣佈：㗎嘢係咁嘅"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gbk"),
        (("𠀀" + SIMPLIFIED).encode("gb18030"), "𠀀" + SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (HKSCS.encode("big5hkscs"), HKSCS, "big5hkscs"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gbk", "gb18030", "big5", "big5-hkscs"],
)
def test_decode_reads_each_encoding_and_names_it(data, text, encoding):
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.encoding == encoding


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "NUL"),
        (codecs.BOM_UTF16_LE + b"\x00", "not valid utf-16"),
        (bytes([0x81, 0x20, 0xFE, 0x20]) * 20, "not valid UTF-8, GB18030"),
        (bytes(range(1, 32)) * 10, "control characters"),
    ],
    ids=["empty", "blank", "png", "broken-utf16", "undecodable", "control-bytes"],
)
def test_decode_refuses_non_text_with_a_reason(data, reason):
    with pytest.raises(NotText, match=reason):
        decode(data)


def test_decode_of_random_bytes_never_crashes():
    for seed in range(50):
        data = os.urandom(200 + seed)
        try:
            decode(data)
        except NotText as error:
            assert str(error)
