"""Bytes → text, naming the encoding, or a clear reason why the bytes are not text.

Order matters: a byte-order mark is certain; strict UTF-8 almost never decodes by accident;
only then do we choose between GB18030 and Big5-HKSCS, which can both decode the same bytes
into different characters: first by what the HTTP header, then the page's meta tag declares
(when the bytes decode so), then by asking charset-normalizer which reading is coherent. A
declared charset never overrules valid UTF-8, and Latin charsets (a server's default, often
wrong) are not heard: they decode any bytes.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
CJK_LEGACY = ["gb18030", "big5hkscs"]
# Report the narrowest name that decodes the bytes: what a person would call the file.
NARROWER = {"gb18030": "gbk", "big5hkscs": "big5"}
MAX_CONTROL_SHARE = 0.01
FAMILY = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "cp936": "gb18030",
}
META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]{2,20})", re.IGNORECASE)
SNIFF_BYTES = 4096


class NotText(ValueError):
    """The bytes are not a text we can read; str(error) says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def meta_charset(data):
    """The charset a page's <meta> declares in its first bytes, or None."""
    found = META_CHARSET.search(data[:SNIFF_BYTES])
    return found.group(1).decode("ascii").lower() if found else None


def _family(name):
    """gb18030 or big5hkscs for a declared Chinese charset, else None."""
    try:
        return FAMILY.get(codecs.lookup(name).name.replace("_", ""))
    except (LookupError, TypeError):
        return None


def decode(data, declared=None):
    """declared: the charset the HTTP header names, if any."""
    if not data.strip():
        raise NotText("the file is empty")
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), "utf-8" if codec == "utf-8-sig" else codec, bom=True)
            except UnicodeDecodeError as error:
                raise NotText(
                    f"it starts with a {codec} byte-order mark but is not valid {codec}: {error.reason}"
                ) from error
    if b"\x00" in data:
        raise NotText("it contains NUL bytes and has no UTF-16 byte-order mark: binary data, not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    readings = {}
    for codec in CJK_LEGACY:
        try:
            readings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise NotText("it is not valid UTF-8, GB18030/GBK or Big5/Big5-HKSCS text")
    codec = next(iter(readings))
    said = [family for family in map(_family, (declared, meta_charset(data))) if family in readings]
    if said:
        codec = said[0]
    elif len(readings) > 1:
        best = charset_normalizer.from_bytes(data, cp_isolation=list(readings)).best()
        if best is not None:
            codec = "gb18030" if best.encoding == "gb18030" else "big5hkscs"
    return _checked(readings[codec], _narrowest(data, codec))


def _narrowest(data, codec):
    narrower = NARROWER.get(codec)
    try:
        data.decode(narrower)
        return narrower
    except (UnicodeDecodeError, TypeError):
        return codec


def _checked(text, encoding, bom=False):
    """Refuse a decoding that is mostly control characters: that is binary that happened to decode."""
    if bom:
        text = text.lstrip("\ufeff")
    if not text.strip():
        raise NotText("the file holds no text")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f\v")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise NotText(f"{controls} of {len(text)} characters are control characters: binary data, not text")
    return Decoded(text, encoding)
