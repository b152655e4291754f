"""A parsed query and filters as SQL over the index's tables: the condition on a search_story
row (alias s) that selects exactly the matching stories.

Each clause is the set of stories holding its text (search/query.py: exact substrings of the
normalised text) — a story with a piece of the field whose bigrams hold the phrase, or for one
character the story whose characters field has it — and the query is set algebra over them:
a group's clauses UNION, the groups INTERSECT, the exclusions EXCEPT. Terms found in different
pieces of a long story still make a match."""
from search.postgres import schema
from search.postgres.vectors import MAX_POSITIONS, lexeme, most_of_one_bigram, prefix_query, substring_query
from search.query import QueryError

BIGRAM_FIELD = {"": schema.TEXT, "title": schema.TITLE, "source": schema.SOURCE}
CHARACTERS = {"": "characters", "title": "title_characters"}


def clause_stories(clause):
    """(SQL selecting the article_id of every story that holds the clause, its parameters)."""
    if most_of_one_bigram(clause.text) > MAX_POSITIONS:  # then it lies whole in no piece (vectors.pieces)
        raise QueryError("q", f"{clause.text[:20]!r}… repeats one pair of characters more than {MAX_POSITIONS} "
                              "times, which the PostgreSQL engine cannot look for")
    if len(clause.text) == 1 and clause.field in CHARACTERS:
        return f"SELECT article_id FROM search_story WHERE {CHARACTERS[clause.field]} @@ %s::tsquery", [lexeme(clause.text)]
    query = prefix_query(clause.text) if len(clause.text) == 1 else substring_query(clause.text)
    return (f"SELECT article_id FROM search_bigrams WHERE field = {BIGRAM_FIELD[clause.field]} "
            "AND grams @@ %s::tsquery", [query])


def _union(clauses):
    parts = [clause_stories(c) for c in clauses]
    return "(" + " UNION ".join(sql for sql, _ in parts) + ")", [p for _, values in parts for p in values]


def query_stories(parsed):
    """(SQL of the set of matching story ids, its parameters), or None for a query without terms."""
    if not parsed.groups and not parsed.excluded:
        return None
    sets = [_union(group) for group in parsed.groups] or [("(SELECT article_id FROM search_story)", [])]
    sql = " INTERSECT ".join(s for s, _ in sets)
    values = [v for _, vs in sets for v in vs]
    for clause in parsed.excluded:
        excluded, more = _union([clause])
        sql, values = f"({sql}) EXCEPT {excluded}", values + more
    return sql, values


def condition(params):
    """(SQL condition on search_story s, its parameters) for a search's query and filters."""
    parts, values = [], []

    def add(sql, *more):
        parts.append(sql)
        values.extend(more)

    found = query_stories(params.query)
    if found:
        add(f"s.article_id IN ({found[0]})", *found[1])
    filters = params.filters
    if filters.regions:
        add("s.regions && %s::text[]", list(filters.regions))
    if filters.sources:
        add("s.source = ANY(%s::text[])", [str(pk) for pk in filters.sources])
    if filters.sites:
        add("s.sites && %s::text[]", list(filters.sites))
    if filters.year:
        add("s.year = %s", filters.year)
    if filters.script:
        add("s.script = %s", filters.script)
    for column, start, end in (("date", filters.date_from, filters.date_to),
                               ("captured", filters.captured_from, filters.captured_to)):
        if start or end:
            add(f"s.{column} > 0")  # an unknown date is outside every range
        if start:
            add(f"s.{column} >= %s", int(start.strftime("%Y%m%d")))
        if end:
            add(f"s.{column} <= %s", int(end.strftime("%Y%m%d")))
    if filters.reposts:
        add("s.repost" if filters.reposts == "reposts" else "NOT s.repost")
    return " AND ".join(parts) or "TRUE", values
