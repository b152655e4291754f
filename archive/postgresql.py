"""What the archive does on PostgreSQL only: SQL its migrations run there (an archive on SQLite
has no per-column compression), and how its connections send lists."""


def on_postgresql(statements):
    """A migration's RunPython function that runs these SQL statements on PostgreSQL only."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def compression(method, *columns):
    """A statement that compresses these columns ((table, column)s) with `method` (lz4: some ten
    times faster than the default pglz to write and read, for the same size on our texts) where
    the server was built with it, and leaves them as they are where it was not."""
    alters = "; ".join(
        f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}" for table, column in columns
    )
    return f"DO $$ BEGIN {alters}; EXCEPTION WHEN feature_not_supported THEN NULL; END $$"


def send_lists_in_binary(sender, connection, **kwargs):
    """connection_created: lists go to a PostgreSQL server in binary. Django's bulk inserts send
    each column's values as one array (INSERT ... SELECT * FROM UNNEST); psycopg sends lists as text by default, quoting and escaping every element in Python,
    a story's texts included, at every ingest — and the server then parses the text back. (In binary a list of
    strings is a text[], not an array of unknown type: a query compares it with a column of
    text, or casts it.)"""
    if connection.vendor == "postgresql":
        from psycopg.types.array import ListBinaryDumper

        connection.connection.adapters.register_dumper(list, ListBinaryDumper)
