"""One file's bytes → everything the record needs, with no database involved.

decode → (HTML → text) → clean → extract. Pure, so that it runs in a process pool
(prepare_files) while the caller stores what comes back (store.py), and can be tested on
its own.
"""
import hashlib
import multiprocessing
from dataclasses import dataclass

from archive.ingest.clean import clean, normalise_newlines
from archive.ingest.decode import NotText, decode
from archive.ingest.extract import Metadata, extract
from archive.ingest.html import looks_like_html, read_page
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
    page = None
    text = decoded.text
    if looks_like_html(file_name, text):
        page = read_page(text)
        text = page.text
    cleaned = clean(text)
    if not cleaned:
        raise NotText("no story text is left once markup and page furniture are removed")
    meta = extract(cleaned, page=page)
    return Prepared(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        text_sha256=text_fingerprint(decoded.text),
        encoding=decoded.encoding,
        body_raw=decoded.text,
        script=detect_script(meta.title + meta.body),
        meta=meta,
    )


def prepare_file(path):
    """(path, Prepared, None), or (path, None, why the file cannot be a story)."""
    try:
        return path, prepare(path.name, path.read_bytes()), None
    except NotText as error:
        return path, None, f"not a readable story: {error}"
    except OSError as error:
        return path, None, f"cannot read the file: {error.strerror or error}"
    except Exception as error:  # one broken story must not stop the batch
        return path, None, f"{type(error).__name__}: {error}"


def prepare_files(paths, processes):
    """prepare_file for each path, in order, in `processes` worker processes (1: in this one)."""
    if processes <= 1:
        yield from map(prepare_file, paths)
        return
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(prepare_file, paths, chunksize=8)
