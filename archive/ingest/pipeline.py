"""One file's bytes → everything the record needs, with no database involved.

decode → (HTML → text) → clean → extract. Pure, so that it can run in a process pool and
be tested on its own; store.py writes the result.
"""
import hashlib
from dataclasses import dataclass

from archive.ingest.clean import clean, normalise_newlines
from archive.ingest.decode import NotText, decode
from archive.ingest.extract import Metadata, extract
from archive.ingest.html import html_to_text, looks_like_html
from archive.text import detect_script

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Prepared:
    file_name: str
    sha256: str
    text_sha256: str
    encoding: str
    body_raw: str
    script: str
    meta: Metadata


def text_fingerprint(text):
    """The same story in another encoding or with other line endings has the same fingerprint."""
    return hashlib.sha256(normalise_newlines(text).encode("utf-8")).hexdigest()


def prepare(file_name, data):
    if len(data) > MAX_FILE_BYTES:
        raise NotText(f"it is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one story")
    decoded = decode(data)
    title = None
    text = decoded.text
    if looks_like_html(file_name, text):
        title, text = html_to_text(text)
    cleaned = clean(text)
    if not cleaned:
        raise NotText("no story text is left once markup and page furniture are removed")
    meta = extract(cleaned, title=title)
    return Prepared(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        text_sha256=text_fingerprint(decoded.text),
        encoding=decoded.encoding,
        body_raw=decoded.text,
        script=detect_script(meta.title + meta.body),
        meta=meta,
    )
