"""The Whoosh engine (search.engine's default): haystack's Whoosh backend with our schema and
writer (backend, writer), the text fields' postings gathered per segment (postings), whole
posting lists as numpy arrays (posting_arrays), matching (matching), BM25F ranking (ranking),
facet columns (columns), and the engine the pages ask (engine).

search/codec.py and search/fields.py are Whoosh's too, but keep their paths: every index
pickles their classes into its schema (the fields, their formats) and segments (the codec), and
an index whose pickles name modules that moved could no longer be opened.
"""
