"""The index's tables (search's migrations 0002 to 0006 create them, on PostgreSQL only).

search_text: a story's fields as search sees them (archive.text.normalise of the text, the
title, the source's name), a row each, under a GIN index per field of search_grams(text) — its
characters and overlapping bigrams, as numbers (migration 0005) — so that a query term's stories are those whose
grams hold all of its bigrams (its character, for one) and, from three characters on, whose
text holds it (strpos): exact, whatever the story's length. search_story: a row per indexed
story — the number of its last write and of the write of its texts (the search_text rows'
`written` and its postings'), its fields' lengths in words, and the facet and filter
values search counts, as the Whoosh index stores them (search/search_indexes.py prepares
both). search_posting: the words' postings, which rank (search/postgres/postings.py)."""

TEXT, TITLE, SOURCE = 0, 1, 2  # search_text.field
TABLES = ("search_text", "search_story", "search_posting")
GIN_INDEXES = ("search_text_text", "search_text_title", "search_text_source")  # migration 0005


def on_postgresql(statements):
    """A migration's RunPython function that runs these SQL statements on PostgreSQL only: the
    engine's tables exist only there (an archive on SQLite searches with Whoosh)."""
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return operation
