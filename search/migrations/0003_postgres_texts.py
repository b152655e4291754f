"""The PostgreSQL engine finds substrings in each field's normalised text itself, under a GIN
index of its characters and bigrams (search_grams), in place of positional bigram tsvectors
cut into pieces and a characters tsvector: smaller, no length limits, and a one-character
query reads the index instead of every story (search/postgres/schema.py). Each story row
gains the number of its last write (search/postgres/columns.py); ranking reads one word vector,
the title's words weighted higher in it.

The engine's rows are emptied: `manage.py check_index --repair` (make run does) writes them again."""
from django.db import migrations

from archive.postgresql import compression, on_postgresql

TEXT, TITLE, SOURCE = 0, 1, 2  # search_text.field (search/postgres/schema.py)

FORWARD = [
    "DROP TABLE search_bigrams",
    "TRUNCATE search_story",
    # One word vector ranks, the title's words weighted higher in it (search/postgres/vectors.py).
    "ALTER TABLE search_story DROP COLUMN characters, DROP COLUMN title_characters, DROP COLUMN title_words",
    # A number new at every write of a row: a web process keeps the rows' facet values and reads
    # again those whose number changed (search/postgres/columns.py).
    "CREATE SEQUENCE search_story_written",
    "ALTER TABLE search_story ADD COLUMN written bigint NOT NULL DEFAULT nextval('search_story_written')",
    # A text's distinct characters and overlapping bigrams. Its cost tells the planner never to
    # compute it for every row, as a sequential scan would: the index holds it (and is not so
    # high that every search's plan costs enough to be compiled by JIT first).
    """CREATE FUNCTION search_grams(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
        SELECT coalesce(array_agg(DISTINCT gram), '{}') FROM (
            SELECT c, c || coalesce(lead(c) OVER (ORDER BY n), '') AS pair
            FROM string_to_table($1, NULL) WITH ORDINALITY AS t(c, n)) AS characters,
        LATERAL (VALUES (c), (pair)) AS grams(gram) $$""",
    """CREATE TABLE search_text (
        article_id bigint NOT NULL, field smallint NOT NULL, text text COLLATE "C" NOT NULL,
        PRIMARY KEY (article_id, field))""",
    compression("lz4", ("search_text", "text"), ("search_story", "words")),
    *(f"CREATE INDEX search_text_{name} ON search_text USING gin (search_grams(text)) WHERE field = {field}"
      for name, field in (("text", TEXT), ("title", TITLE), ("source", SOURCE))),
    # How many stories hold a gram, for the planner (a hash join, not 90,000 index probes, for
    # 的): statistics of the expression, as the partial indexes' own are never used. ANALYZE
    # computes search_grams over its sample: 3,000 rows, not 30,000, keep it to seconds (2 s at
    # 100,000 stories) and still find the grams common enough to matter.
    "CREATE STATISTICS search_text_grams ON (search_grams(text)) FROM search_text",
    "ALTER STATISTICS search_text_grams SET STATISTICS 10",
    "ALTER TABLE search_text ALTER COLUMN article_id SET STATISTICS 10, ALTER COLUMN field SET STATISTICS 10, "
    "ALTER COLUMN text SET STATISTICS 10",
    *(f"ALTER INDEX search_text_{name} ALTER COLUMN 1 SET STATISTICS 0" for name in ("text", "title", "source")),
]
BACKWARD = [
    "DROP TABLE search_text",
    "DROP FUNCTION search_grams(text)",
    "TRUNCATE search_story",
    "ALTER TABLE search_story ADD COLUMN title_words tsvector NOT NULL",
    "CREATE INDEX search_story_title_words ON search_story USING gin (title_words)",
    "ALTER TABLE search_story DROP COLUMN written",
    "DROP SEQUENCE search_story_written",
    "ALTER TABLE search_story ADD COLUMN characters tsvector NOT NULL, ADD COLUMN title_characters tsvector NOT NULL",
    *(f"CREATE INDEX search_story_{column} ON search_story USING gin ({column})"
      for column in ("characters", "title_characters")),
    """CREATE TABLE search_bigrams (
        article_id bigint NOT NULL, field smallint NOT NULL, piece integer NOT NULL, grams tsvector NOT NULL,
        PRIMARY KEY (article_id, field, piece))""",
    *(f"CREATE INDEX search_bigrams_{name} ON search_bigrams USING gin (grams) WHERE field = {field}"
      for name, field in (("text", TEXT), ("title", TITLE), ("source", SOURCE))),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_index")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
