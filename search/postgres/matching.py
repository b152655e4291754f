"""A parsed query as SQL over the index's tables: the (article_id, texts number) of exactly the
stories that match (the filters are the kept columns' business: search/columns.py, filtered).

Each clause is the set of stories holding its text (search/query.py: exact substrings of the
normalised text): the search_text rows of its field whose grams (search_grams: characters and
bigrams, under the field's GIN index) hold all of the clause's bigrams — its character, for one
character — and, from three characters on, whose text holds it. The query is set algebra over
them: a group's clauses UNION, the groups INTERSECT (the lone clauses of one field in one scan),
the exclusions EXCEPT."""
from search.analysis import query_bigrams
from search.postgres import schema

CODE_POINTS = 0x110000  # a bigram's number: first × CODE_POINTS + second (migration 0005: search_grams)

EVERY_STORY = "SELECT article_id, texts FROM search_story"
FIELD = {"": schema.TEXT, "title": schema.TITLE, "source": schema.SOURCE}


def clause_stories(clause):
    """(SQL selecting the article_id and texts number (search_text.written: the write that made
    the text) of every story that holds the clause, its parameters)."""
    return field_stories(clause.field, [clause.text])


def field_stories(field, texts):
    """(SQL selecting the article_id and texts number of every story whose `field` holds all of
    these texts, its parameters): one scan of the field's index for all their grams.

    One or two characters are one gram, which the index answers exactly; a longer text's
    bigrams can all be there apart from one another, so strpos confirms those stories."""
    # The field as a literal, so that the planner takes its partial index.
    sql = f"SELECT article_id, written FROM search_text WHERE field = {FIELD[field]} AND search_grams(text) @> %s::bigint[]"
    grams = sorted({code for text in texts for code in gram_codes(text)})
    confirmed = [text for text in texts if len(text) > 2]
    return sql + " AND strpos(text, %s) > 0" * len(confirmed), [grams, *confirmed]


def gram_codes(text):
    """The numbers search_grams gives the query's bigrams — or its character, for one character."""
    if len(text) == 1:
        return [ord(text)]
    return [ord(first) * CODE_POINTS + ord(second) for first, second in query_bigrams(text)]


def _union(clauses):
    parts = [clause_stories(c) for c in clauses]
    return "(" + " UNION ".join(sql for sql, _ in parts) + ")", [p for _, values in parts for p in values]


def _required(groups):
    """The sets whose intersection the groups require: the single clauses of one field as one
    set (a story's row of the field holds them all: one index scan, not a set a term to
    intersect), each group of alternatives as the union of its clauses'."""
    alone = {}
    for group in groups:
        if len(group) == 1:
            alone.setdefault(group[0].field, []).append(group[0].text)
    sets = []
    for field, texts in alone.items():
        sql, values = field_stories(field, texts)
        sets.append((f"({sql})", values))
    return sets + [_union(group) for group in groups if len(group) > 1]


def query_stories(parsed):
    """(SQL of the set of the matching stories' (article_id, texts number), its parameters). A
    story's text rows share its texts number (one write writes them all), so the set algebra
    over pairs is the algebra over stories."""
    sets = _required(parsed.groups) or [(f"({EVERY_STORY})", [])]
    sql = " INTERSECT ".join(s for s, _ in sets)
    values = [v for _, vs in sets for v in vs]
    for clause in parsed.excluded:
        excluded, more = _union([clause])
        sql, values = f"({sql}) EXCEPT {excluded}", values + more
    return sql, values
