from django.db import migrations

from archive.postgresql import on_postgresql

TEXT, TITLE, SOURCE = 0, 1, 2  # search_bigrams.field

CREATE = [
    """CREATE TABLE search_bigrams (
        article_id bigint NOT NULL, field smallint NOT NULL, piece integer NOT NULL, grams tsvector NOT NULL,
        PRIMARY KEY (article_id, field, piece))""",
    *(f"CREATE INDEX search_bigrams_{name} ON search_bigrams USING gin (grams) WHERE field = {field}"
      for name, field in (("text", TEXT), ("title", TITLE), ("source", SOURCE))),
    """CREATE TABLE search_story (
        article_id bigint PRIMARY KEY, characters tsvector NOT NULL, title_characters tsvector NOT NULL,
        words tsvector NOT NULL, title_words tsvector NOT NULL,
        source text, year text, script text, date integer NOT NULL, captured integer NOT NULL,
        regions text[] NOT NULL, sites text[] NOT NULL, cluster bigint NOT NULL, repost boolean NOT NULL,
        version text NOT NULL)""",
    *(f"CREATE INDEX search_story_{column} ON search_story USING gin ({column})"
      for column in ("characters", "title_characters", "words", "title_words", "regions", "sites")),
    *(f"CREATE INDEX search_story_{column} ON search_story ({column})"
      for column in ("source", "year", "script", "date", "captured", "cluster")),
]
DROP = ["DROP TABLE IF EXISTS search_bigrams", "DROP TABLE IF EXISTS search_story"]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
