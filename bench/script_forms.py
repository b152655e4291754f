"""Whichever script a story and a query are in: the inews stories in their simplified,
traditional (s2t), Taiwan-standard (s2tw) and Hong Kong-standard (s2hk) forms, and
bench/queries.py's terms typed in each of those forms. For each pair of forms it counts the
searches whose stories differ from brute force over the simplified originals (a term found
where the simplified story holds it) — by the normalised texts' substring matching, which is
what both engines' matching equals (tests/test_search_promise.py).

    .venv/bin/python bench/script_forms.py [--count N] [--write]

A miss is a story that holds the term and is not found; an extra, one found that does not
hold it. Taiwan's vocabulary (s2twp: 軟體 for 软件) is another matter: search.regional_words.
--write puts the table into bench/RESULTS.md, the counts and the searches that differ into
bench/results/script-forms.json.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
django.setup()

from archive.script_forms import converter  # noqa: E402
from archive.text import normalise  # noqa: E402
from bench.corpus import articles  # noqa: E402
from bench.queries import BOUNDARY, ONE_CHARACTER, RARE, WORDS  # noqa: E402
from bench.results import write_section  # noqa: E402

FORMS = ("simplified", "s2t", "s2tw", "s2hk")
TERMS = (
    WORDS + RARE + ONE_CHARACTER + BOUNDARY + ["人民政府", "中国经济", "随着", "卫生", "着急", "显著", "著名", "叙述"]
)


def written(form, text):
    return text if form == "simplified" else converter(form).convert(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=None, help="the first N inews stories (default: all)")
    parser.add_argument("--write", action="store_true", help="put the table into bench/RESULTS.md")
    args = parser.parse_args()
    started = time.monotonic()
    originals = [converter("t2s").convert(f"{title}\n{body}") for title, body in articles()[: args.count]]
    terms = [converter("t2s").convert(term) for term in TERMS]
    expected = {term: {i for i, text in enumerate(originals) if term in text} for term in terms}
    print(f"{len(originals)} stories, {len(terms)} terms ({time.monotonic() - started:.1f} s)\n")
    table = [
        "| stories in | query typed in | searches that differ | stories missed | stories extra |",
        "|---|---|---|---|---|",
    ]
    print(*table, sep="\n")
    worst, pairs = [], []
    for story_form in FORMS:
        texts = [normalise(written(story_form, text)) for text in originals]
        for query_form in FORMS:
            differ = missed = extra = 0
            for term in terms:
                query = normalise(written(query_form, term))
                found = {i for i, text in enumerate(texts) if query in text}
                missed += len(expected[term] - found)
                extra += len(found - expected[term])
                if found != expected[term]:
                    differ += 1
                    worst.append(
                        (
                            len(found ^ expected[term]),
                            story_form,
                            query_form,
                            term,
                            len(expected[term] - found),
                            len(found - expected[term]),
                        )
                    )
            table.append(f"| {story_form} | {query_form} | {differ} of {len(terms)} | {missed} | {extra} |")
            print(table[-1])
            pairs.append(
                {"stories_in": story_form, "query_in": query_form, "differ": differ, "missed": missed, "extra": extra}
            )
    print("\nThe searches that differ most (stories in, query in, term: missed, extra):")
    for _, story_form, query_form, term, missed, extra in sorted(worst, reverse=True)[:40]:
        print(f"- {story_form}, {query_form}, {term}: {missed} missed, {extra} extra")
    print(f"\n{time.monotonic() - started:.1f} s")
    if args.write:
        write_section(
            "script-forms",
            "\n".join([f"{len(originals):,} inews stories, {len(terms)} terms.", "", *table]),
            {
                "stories": len(originals),
                "terms": len(terms),
                "pairs": pairs,
                "differ": [
                    dict(zip(("stories_in", "query_in", "term", "missed", "extra"), entry[1:]))
                    for entry in sorted(worst, reverse=True)
                ],
            },
        )


if __name__ == "__main__":
    main()
