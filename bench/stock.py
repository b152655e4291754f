"""The stock stack, for comparison: Whoosh 2.7.4 with jieba's ChineseAnalyzer on title and
body, one writer, no database. Reads the same story files as our ingest.

    .venv/bin/python bench/stock.py CORPUS_DIR INDEX_DIR
Prints one JSON line: {"articles", "seconds", "per_second"}.
"""

import json
import sys
import time
from pathlib import Path

import jieba
from jieba.analyse import ChineseAnalyzer
from whoosh import fields, index

jieba.setLogLevel(60)


def main(corpus, target):
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=ChineseAnalyzer()),
        content=fields.TEXT(analyzer=ChineseAnalyzer()),
    )
    Path(target).mkdir(parents=True, exist_ok=True)
    ix = index.create_in(target, schema)
    files = sorted(Path(corpus).glob("*.txt"))
    started = time.perf_counter()
    writer = ix.writer()
    for path in files:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        writer.add_document(id=path.stem, title=title, content=body)
    writer.commit()
    seconds = time.perf_counter() - started
    print(
        json.dumps({"articles": len(files), "seconds": round(seconds, 1), "per_second": round(len(files) / seconds, 1)})
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
