"""The index's tables (search's migration 0002 creates them, on PostgreSQL only).

search_bigrams: a story's bigram fields (text, title, source name), a row per piece
(vectors.pieces), each field under a GIN index of its own (partial indexes: a title query
reads only titles). search_story: a row per indexed story — its characters fields (one-
character queries), its word fields (ranking), and the facet and filter values search
counts, as the Whoosh index stores them (search/search_indexes.py prepares both)."""

TEXT, TITLE, SOURCE = 0, 1, 2  # search_bigrams.field
TABLES = ("search_bigrams", "search_story")
