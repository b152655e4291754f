"""Whoosh's segment writer, with the text fields' postings gathered per segment (postings.py).

Fields with a `postings_buffer` (our word, bigram and characters fields) skip Whoosh's posting pool;
everything else (ids, facet values, stored fields, lengths) goes Whoosh's way. When a commit
merges older segments into the new one, their postings arrive through Whoosh's pool, so the
buffered postings join them there and the segment is written Whoosh's way.

ArchiveMpWriter is Whoosh's multiprocess writer (one segment per process) with this writer
in each process.
"""

from itertools import groupby
from operator import itemgetter

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from search.codec import write_terms


class ArchiveWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        unsupported = [name for name, field in self.schema.items() if field.vector or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"term vectors and spelling fields are not supported: {unsupported}")
        self.buffers = {
            name: field.postings_buffer(name)
            for name, field in self.schema.items()
            if hasattr(field, "postings_buffer")
        }

    def add_document(self, **fields):
        """Whoosh's add_document (without term vectors and spelling, which our schema has
        not), handing buffered fields their whole value."""
        self._check_state()
        docnum, schema, perdoc = self.docnum, self.schema, self.perdocwriter
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field, length = schema[name], 0
            boost = self._field_boost(fields, name, docboost)
            if name in self.buffers:
                length = self.buffers[name].add(docnum, value, boost)
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    self.pool.add((name, tbytes, docnum, weight * boost, vbytes))
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            if field.column_type and stored is not None:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        for name in self.pool.fieldnames & self.buffers.keys():  # merged segments' postings are in the pool
            for item in self.buffers.pop(name).items():
                self.pool.add(item)
        lengths = self.per_document_reader()
        try:
            self._write_postings(lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _write_postings(self, lengths):
        """Fields in name order: Whoosh's pool for some, our buffers for the others."""
        fieldwriter, schema = self.fieldwriter, self.schema
        buffered = sorted(name for name, buffer in self.buffers.items() if buffer)

        def write_buffered(before=None):
            while buffered and (before is None or buffered[0] < before):
                name = buffered.pop(0)
                fieldwriter.start_field(name, schema[name])
                write_terms(fieldwriter, self.buffers.pop(name).term_lists())
                fieldwriter.finish_field()

        for name, items in groupby(self.pool.iter_postings(), key=itemgetter(0)):
            write_buffered(before=name)
            fieldwriter.add_postings(schema, lengths, items)
        write_buffered()


class ArchiveSubWriterTask(SubWriterTask):
    def run(self):
        """Whoosh's sub-process loop (multisegment mode), with ArchiveWriter."""
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = ArchiveWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
        else:
            self.resultqueue.put((None, writer.pool.fieldnames, writer._finalize_segment()), timeout=5)


class ArchiveMpWriter(MpWriter):
    def __init__(self, ix, **kwargs):
        super().__init__(ix, multisegment=True, **kwargs)

    def _new_task(self):
        task = ArchiveSubWriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
        )
        self.tasks.append(task)
        task.start()
        return task
