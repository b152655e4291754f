"""The PostgreSQL engine: the search index as tables of the archive's own database
(SEARCH_ENGINE=postgres), written in the transaction that changes a story: no writer lock,
and read replicas serve searches as they serve pages."""
