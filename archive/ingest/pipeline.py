"""One payload's bytes → everything the record needs, with no database involved.

decode → (HTML → text) → clean → extract. Pure, so that it runs in a process pool
(prepare_all) while the caller stores what comes back (store.py), and can be tested on
its own. A payload is a plain file or a WARC record's; its Origin says which.
"""

import functools
import hashlib
import multiprocessing
from dataclasses import dataclass
from pathlib import Path

from archive import reposts
from archive.ingest.clean import clean, normalise_newlines
from archive.ingest.decode import NotText, decode
from archive.ingest.extract import Metadata, extract
from archive.ingest.html import looks_like_html, read_page
from archive.ingest.origin import Origin
from archive.text import detect_script, searchable

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
    payload: bytes
    repost_fingerprint: reposts.Fingerprint | None  # of the story's text, for repost clusters (None: not clustered)
    # {stored story id: bands shared} of the stories the fingerprint shares most bands with, as a
    # worker's copy of the storing process's band index found them (None: not looked up there)
    repost_candidates: dict | None = None


def text_fingerprint(text):
    """The same story in another encoding or with other line endings has the same fingerprint."""
    return hashlib.sha256(normalise_newlines(text).encode("utf-8")).hexdigest()


def prepare(file_name, data, charset=None, html=None, fingerprint=True):
    """charset: what the HTTP header declared; html: whether the content type says it is a
    page (None: the file's name and first bytes decide); fingerprint: whether to make the repost
    fingerprint (not for an ingest that leaves clustering to `manage.py cluster`)."""
    if len(data) > MAX_FILE_BYTES:
        raise NotText(f"it is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one story")
    decoded = decode(data, declared=charset)
    page = None
    text = decoded.text
    if html or html is None and looks_like_html(file_name, text):
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
        payload=data,
        repost_fingerprint=reposts.fingerprint(searchable(meta.title, meta.body)) if fingerprint else None,
    )


def prepare_one(item, fingerprint=True):
    """item: (Origin, the payload's bytes or the Path of a plain file). Returns (Origin,
    Prepared, None), or (Origin, None, why the payload cannot be a story)."""
    origin, data = item
    try:
        if isinstance(data, Path):
            data = data.read_bytes()
        prepared = prepare(origin.name, data, charset=origin.charset, html=origin.is_html, fingerprint=fingerprint)
    except NotText as error:
        return origin, None, f"not a readable story: {error}"
    except OSError as error:
        return origin, None, f"cannot read the file: {error.strerror or error}"
    except Exception as error:  # one broken story must not stop the batch
        return origin, None, f"{type(error).__name__}: {error}"
    if _forked_bands is not None and prepared.repost_fingerprint is not None:
        prepared.repost_candidates = _forked_bands.sharing(None, prepared.repost_fingerprint.bands)
    return origin, prepared, None


def plain_file(path):
    """A work item for prepare_one: a plain file, read in the worker."""
    return Origin(file_name=path.name), path


_forked_bands = None  # in a worker process: its copy of the storing process's band index


def _hold(bands):
    global _forked_bands
    _forked_bands = bands


def prepare_all(items, processes, fingerprint=True, bands=None):
    """prepare_one for each item, in order, in `processes` worker processes (1: in this one).
    bands: the caller's repost_bands.BandIndex, which the workers copy as they are forked
    (marked: the caller tells the stories it takes later apart) and look each story's
    candidates up in: the lookup leaves the storing process, the bottleneck of an ingest."""
    one = functools.partial(prepare_one, fingerprint=fingerprint)
    if processes <= 1:
        yield from map(one, items)
        return
    if bands is not None:
        bands.mark()
    with multiprocessing.get_context("fork").Pool(processes, initializer=_hold, initargs=(bands,)) as pool:
        yield from pool.imap(one, items, chunksize=8)
