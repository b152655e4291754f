"""The search promise, as a property: for any query typed in simplified, traditional, or as
Taiwan or Hong Kong writes it, the result set is exactly what substring matching of the
query's simplified form over the stories' simplified originals gives (both normalised),
whichever script each story was written in; and a query's forms find the same stories."""

import random

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from archive.ingest.pipeline import prepare
from archive.ingest.store import store
from archive.models import Article
from archive.script_forms import converter
from archive.text import normalise, searchable
from search.indexing import flush
from tests.conftest import SEEDS

VOCABULARY = (
    "下沉干部 社区 党支部 临时党支部 书记 代理书记 疫情 防控 房山区 山区 和平区 草莓 大棚 志愿者 居民 "
    "核酸 筛查 小区 物业 街道 党员 群众 值守 卡口 工作 责任 担当 组工 日记 战疫 一线 温暖 "
    "COVID-19 A区 B区 2020年 3月 第一 报道 随着 看着 着急 卫生 卫生署 叙述 著名 显著 了解 复苏 台风 头发"
).split()
PUNCTUATION = ["，", "。", "、", "“", "”", "(", ")", "!", " ", ",", "——"]


# How a text is written: simplified as it is, or OpenCC's traditional, Taiwan's or Hong Kong's.
FORMS = {"simplified": lambda text: text, **{name: converter(name).convert for name in ("s2t", "s2tw", "s2hk")}}


def story(rng):
    words = [
        rng.choice(VOCABULARY) + (rng.choice(PUNCTUATION) if rng.random() < 0.3 else "")
        for _ in range(rng.randint(8, 40))
    ]
    return "".join(words)


@pytest.fixture
def corpus(db):
    """The seeds and 40 generated stories, each written in one of FORMS, ingested and indexed:
    {id: the simplified original's (full text, title), normalised}."""
    rng = random.Random(20261124)
    for path in sorted(SEEDS.iterdir()):
        store(prepare(path.name, path.read_bytes()))
    originals = {}
    for number in range(40):
        title = "".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 5)))  # no dash a title would be cut at
        body = "\n".join(story(rng) for _ in range(rng.randint(1, 4)))
        write = FORMS[rng.choice(sorted(FORMS))]
        pk = store(prepare(f"generated_{number}.txt", f"{write(title)}\n{write(body)}\n".encode()))[1]
        originals[pk] = (normalise(searchable(title, body)), normalise(title))
        assert normalise(Article.objects.get(pk=pk).searchable_text()) == originals[pk][0]  # stored as written
    flush()
    return Corpus(
        (a.pk, originals.get(a.pk, (normalise(a.searchable_text()), normalise(a.title)))) for a in Article.objects.all()
    )


class Corpus(dict):
    """{id: (normalised full text, normalised title)}, with a short repr for failure reports."""

    def __repr__(self):
        return f"<corpus of {len(self)} stories>"


def found(client, q):
    """The stories that the query's terms find as typed (the promise is exact matching; other
    regions' words widen it on purpose: tests/test_regional_scripts.py)."""
    response = client.get("/api/search", {"q": q, "page_size": 100, "regional": "off"})
    assert response.status_code == 200, response.content
    data = response.json()
    ids = {r["id"] for r in data["results"]}
    assert data["count"] == len(ids)
    return ids


def brute_force(corpus, clauses):
    """Stories whose simplified original holds every positive clause's simplified text and no
    excluded clause's."""

    def contains(pk, field, text):
        full, title = corpus[pk]
        return normalise(text) in (title if field == "title" else full)

    hits = set()
    for pk in corpus:
        positive = [c for c in clauses if not c[2]]
        negative = [c for c in clauses if c[2]]
        if all(contains(pk, f, t) for t, f, _, _ in positive) and not any(
            contains(pk, f, t) for t, f, _, _ in negative
        ):
            hits.add(pk)
    return hits


def typed(clause):
    """A clause (simplified text, field, negated, form) as the reader types it, in its form."""
    text, field, negated, form = clause
    return render(FORMS[form](text), field, negated)


def render(text, field, negated):
    needs_quotes = (
        any(ch.isspace() or ch in "“”" for ch in text)
        or text.startswith("-")
        or text in ("OR", "|")
        or ":" in text
        or "：" in text
    )
    term = f'"{text}"' if needs_quotes else text
    return ("-" if negated else "") + (f"{field}:" if field else "") + term


texts = st.one_of(
    st.sampled_from(VOCABULARY),
    st.builds(lambda w, a, b: w[a : a + b] or w, st.sampled_from(VOCABULARY), st.integers(0, 3), st.integers(1, 3)),
    st.builds(lambda a, b: a + b, st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY)),
    st.builds(
        lambda a, p, b: a + p + b,
        st.sampled_from(VOCABULARY),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(VOCABULARY),
    ),
    st.sampled_from(["山区", "支部书", "区党", "疫", "部", "，", "防控工作", "干部防控", "责任与担当"]),
)
scripts = st.sampled_from(sorted(FORMS))
clauses = st.lists(
    st.tuples(
        texts.map(lambda t: t.replace('"', "")), st.sampled_from(["", "", "", "title"]), st.booleans(), scripts
    ).filter(lambda c: normalise(c[0])),
    min_size=1,
    max_size=3,
)

PROPERTY = hsettings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(clauses=clauses)
def test_search_results_equal_brute_force_substring_matching(client, corpus, clauses):
    q = " ".join(typed(c) for c in clauses)
    assert found(client, q) == brute_force(corpus, clauses), q


@PROPERTY
@given(text=texts)
def test_every_form_of_a_query_finds_the_same_stories(client, corpus, text):
    def quoted(t):
        return '"' + t.replace('"', "") + '"'

    answers = {form: found(client, quoted(write(text))) for form, write in FORMS.items()}
    assert all(answer == answers["simplified"] for answer in answers.values()), answers


@PROPERTY
@given(first=texts, second=texts)
def test_or_finds_the_union_of_its_terms(client, corpus, first, second):
    a, b = render(first, "", False), render(second, "", False)
    assert found(client, f"{a} OR {b}") == found(client, a) | found(client, b), f"{a} OR {b}"


SEED_EXAMPLES = [
    ("代理书记", {"000"}),
    ("代理書記", {"000"}),
    ("下沉幹部", {"000", "001", "002"}),
    ("疫", {"000", "001", "002", "003", "004"}),
    ('"临时党支部"', {"000", "001", "003", "004"}),
    ("草莓 社区", {"002"}),
    ("社区 -草莓", {"000", "001", "003", "004"}),
]


@pytest.mark.parametrize("q, expected", SEED_EXAMPLES)
def test_seed_queries_from_the_issue(client, seeds, q, expected):
    ids = found(client, q)
    assert {a.file_name[:3] for a in Article.objects.filter(pk__in=ids)} == expected


def test_region_filter_finds_tianjin_story(client, seeds):
    data = client.get("/api/search", {"region": "120000"}).json()
    assert [r["id"] for r in data["results"]] == [seeds["001"].pk]
