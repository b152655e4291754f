"""A parsed query and filters as SQL over the index's tables: the condition on a search_story
row (alias s) that selects exactly the matching stories.

Each clause is the set of stories holding its text (search/query.py: exact substrings of the
normalised text): the search_text rows of its field whose grams (search_grams: characters and
bigrams, under the field's GIN index) hold all of the clause's bigrams — its character, for one
character — and, from three characters on, whose text holds it. The query is set algebra over
them: a group's clauses UNION, the groups INTERSECT, the exclusions EXCEPT."""
from search.analysis import query_bigrams
from search.postgres import schema

FIELD = {"": schema.TEXT, "title": schema.TITLE, "source": schema.SOURCE}


def clause_stories(clause):
    """(SQL selecting the article_id of every story that holds the clause, its parameters).

    One or two characters are one gram, which the index answers exactly; a longer text's
    bigrams can all be there apart from one another, so strpos confirms those stories."""
    text = clause.text
    grams = query_bigrams(text) or [text]
    # The field as a literal, so that the planner takes its partial index.
    sql = f"SELECT article_id FROM search_text WHERE field = {FIELD[clause.field]} AND search_grams(text) @> %s::text[]"
    if len(text) <= 2:
        return sql, [grams]
    return sql + " AND strpos(text, %s) > 0", [grams, text]


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
