"""search/whoosh/writer.py builds text postings for a whole segment with numpy: the segment must be the
one Whoosh's own writer makes from the same documents, byte for byte, and merging must keep
every posting."""

import pickle
from pathlib import Path

import pytest
from haystack import connections
from whoosh import index
from whoosh.codec import whoosh3
from whoosh.writing import SegmentWriter

from search.codec import PICKLE_PROTOCOL, ArchiveCodec
from search.whoosh.posting_arrays import phrase_docs, term_docs
from search.whoosh.writer import ArchiveWriter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MIXED = [
    "疫情防控，下沉干部进驻窦店镇。疫情防控不放松！",
    "劉克龍進駐竇店鎮，臨時黨支部成立。ABC abc １２３",
    "山区",
    "a",
    "",
]


def documents():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SEEDS.iterdir())] + MIXED
    # Enough copies that common terms fill several W3 blocks (128 postings each).
    texts = texts * 15
    for number, text in enumerate(texts):
        yield {
            "id": f"archive.article.{number}",
            "django_ct": "archive.article",
            "django_id": str(number),
            "text": text,
            "title": text[:20],
            "chars": text,
            "title_chars": text[:20],
            "source_chars": "齐鲁网",
            "characters": text,
            "title_characters": text[:20],
            "source": "1",
            "regions": ["110111"],
            "year": "2020",
            "script": "simplified",
            "date": 20200101,
            "version": str(number),
        }


def schema():
    backend = connections["default"].get_backend()
    return backend.build_schema(connections["default"].get_unified_index().all_searchfields())[1]


def write(path, writer_class, batches):
    ix = index.create_in(str(path), schema())
    for batch, merge in batches:
        writer = writer_class(ix, codec=ArchiveCodec(), compound=False)
        for doc in batch:
            writer.add_document(**doc)
        writer.commit(merge=merge, optimize=merge)
    return ix


def segment_files(ix):
    """{file name without the segment id: bytes} of the index's one segment."""
    (segment,) = ix._segments()
    prefix = segment.segment_id()
    files = {p.name[len(prefix) :]: p.read_bytes() for p in Path(ix.storage.folder).glob(prefix + "*")}
    assert {".pst", ".trm", "._chars_len.col"} <= files.keys()
    return files


def postings(ix):
    """Every posting, sorted: (field, term, document id, weight, positions of text fields).
    Merging renumbers documents, so they are named by their stored id."""
    found = []
    with ix.reader() as reader:
        names = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            positional = matcher.supports("positions")
            while matcher.is_active():
                found.append(
                    (
                        field,
                        term,
                        names[matcher.id()],
                        matcher.weight(),
                        matcher.value_as("positions") if positional else None,
                    )
                )
                matcher.next()
    return sorted(found)


def test_numpy_segment_writer_writes_the_bytes_whoosh_writes_with_protocol_4_pickles(tmp_path, monkeypatch):
    """Whoosh's W3 writer, made to pickle with our protocol, is the reference."""
    monkeypatch.setattr(whoosh3, "dumps", lambda obj, protocol: pickle.dumps(obj, PICKLE_PROTOCOL))
    docs = list(documents())
    ours = tmp_path / "ours"
    whooshs = tmp_path / "whoosh"
    ours.mkdir(), whooshs.mkdir()
    ours_files = segment_files(write(ours, ArchiveWriter, [(docs, False)]))
    whoosh_files = segment_files(write(whooshs, SegmentWriter, [(docs, False)]))
    assert ours_files.keys() == whoosh_files.keys()
    for name in ours_files:
        assert ours_files[name] == whoosh_files[name], name


def test_segments_merged_into_a_new_one_keep_every_posting(tmp_path):
    docs = list(documents())
    merged, single = tmp_path / "merged", tmp_path / "single"
    merged.mkdir(), single.mkdir()
    thirds = len(docs) // 3
    merged_ix = write(
        merged, ArchiveWriter, [(docs[:thirds], False), (docs[thirds : 2 * thirds], False), (docs[2 * thirds :], True)]
    )
    single_ix = write(single, ArchiveWriter, [(docs, False)])
    assert len(merged_ix._segments()) == 1
    assert postings(merged_ix) == postings(single_ix)


@pytest.mark.parametrize("text", ["", "  "])
def test_a_document_with_no_text_is_indexed_without_text_postings(tmp_path, text):
    doc = next(documents())
    ix = write(tmp_path, ArchiveWriter, [([{**doc, "text": text, "chars": text, "characters": text}], False)])
    with ix.reader() as reader:
        assert reader.doc_count() == 1
        assert not any(list(reader.lexicon(field)) for field in ("text", "chars", "characters"))
        assert list(reader.lexicon("title"))


def test_posting_arrays_read_segments_written_by_us_and_merged_by_whoosh_alike(tmp_path):
    """Whoosh's merge writes protocol-2 pickles, ours protocol 4: posting_arrays reads
    both to the same documents and phrase matches."""
    docs = list(documents())
    merged, single = tmp_path / "merged", tmp_path / "single"
    merged.mkdir(), single.mkdir()
    half = len(docs) // 2
    found = []
    for ix in (
        write(merged, ArchiveWriter, [(docs[:half], False), (docs[half:], True)]),
        write(single, ArchiveWriter, [(docs, False)]),
    ):
        with ix.searcher() as searcher:
            names = {docnum: fields["id"] for docnum, fields in searcher.reader().iter_docs()}
            found.append(
                [
                    sorted(names[d] for d in docs_of.tolist())
                    for docs_of in (
                        term_docs(searcher, "chars", "疫情"),
                        term_docs(searcher, "characters", "窦"),
                        phrase_docs(searcher, "chars", ["下沉", "沉干", "干部"]),
                        phrase_docs(searcher, "text", ["临时", "党支部"]),
                    )
                ]
            )
    assert found[0] == found[1]
    assert all(found[0])
