"""The collection's configset, kept in the repository (configset/conf): its name carries a hash
of its files, so that a collection set up by another version of the archive is told apart."""

import functools
import hashlib
import io
import zipfile
from pathlib import Path

CONF = Path(__file__).resolve().parent / "configset" / "conf"


def files():
    return sorted(path for path in CONF.rglob("*") if path.is_file())


@functools.cache
def name():
    """archive-<the first 12 hex digits of the files' SHA-256>."""
    digest = hashlib.sha256()
    for path in files():
        digest.update(path.relative_to(CONF).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"archive-{digest.hexdigest()[:12]}"


def zipped():
    """The files as a zip, as Solr's Configsets API takes them (UPLOAD)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files():
            archive.write(path, path.relative_to(CONF).as_posix())
    return buffer.getvalue()
