"""Fuzzing the queries: hostile parameter values, generated, mutated and deep SPARQL.

Where both engines answer, the answers must be equal (as plain Python values, blank nodes
aside); a query either engine refuses is only required to be refused in one line.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from fuzzing import EDITS, budget, mutate, outcome, tally
from hypothesis import given
from hypothesis import strategies as st

import nlmg_graph
from nlmg_graph.errors import NlmgGraphError, QueryTimeoutError
from nlmg_graph.results import Solutions

OXIGRAPH = nlmg_graph.load()
RDFLIB = nlmg_graph.load(engine="rdflib")
#: A small slice of the ontology for generated queries: rdflib joins slowly on the whole graph.
SLICE = sorted(nlmg_graph.load(shipped=False).quads, key=str)[:150]
SMALL = nlmg_graph.KnowledgeGraph(SLICE)
SMALL_RDFLIB = nlmg_graph.KnowledgeGraph(SLICE, engine="rdflib")
TIMEOUT = 20.0

PARAMETERS = [
    (query.name, parameter)
    for query in nlmg_graph.stored_queries()
    for parameter in query.parameters
]
#: Stored queries rdflib answers in well under a second, compared on both engines.
CROSS_CHECKED = {"cast", "claims", "crew", "describe", "is-disputed", "related-works"}

HOSTILE_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "} ; DROP ALL #",
            '"> . } SERVICE <http://example.org/> { ?s ?p ?o } #',
            "\\u0022",
            "\\U00000022",
            "person:carey-mulligan",
            "https://w3id.org/nlmg/person/carey-mulligan",
            "person:",
            "nlmg:",
            "<>",
            "javascript:alert(1)",
            "1e1",
            "3_99",
            "-0",
            "+1",
            " 1",
            "1.",
            ".1",
            "0x10",
            "NaN",
            "Infinity",
            "2010-02-30",
            "2010-13-01",
            "9" * 400,
            "x" * 5000,
            "\x00",
            "\u202e",
            "adult",
            "child",
            "won",
        ]
    ),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=2),
)


def _value(value: object) -> str:
    """A value as compared: Oxigraph writes literals canonically (``0.0`` as ``0``), rdflib as
    written, so numbers compare by value; blank node labels differ by engine."""
    if isinstance(value, Decimal):
        return f"decimal {value.normalize():f}"
    if isinstance(value, str) and value.startswith("_:"):
        return "_:"
    return repr(value)


def comparable(answer: object) -> object:
    """The answer as sorted plain values."""
    if isinstance(answer, Solutions):
        return sorted(tuple(_value(v) for v in row) for row in answer)
    if isinstance(answer, bool):
        return answer
    return len(answer)  # type: ignore[arg-type]  # a graph: blank nodes differ, sizes do not


def both_engines(
    first: nlmg_graph.KnowledgeGraph,
    second: nlmg_graph.KnowledgeGraph,
    call: str,
    *args: object,
    **kwargs: object,
) -> None:
    """Run ``call`` on both graphs; where both answer, the answers must be equal."""
    answers = [outcome(lambda kg=kg: getattr(kg, call)(*args, **kwargs)) for kg in (first, second)]
    timed_out = [isinstance(a, QueryTimeoutError) for a in answers]
    tally("timeouts", sum(timed_out))
    if any(isinstance(a, NlmgGraphError) for a in answers):
        tally("refused")
        return
    if comparable(answers[0]) != comparable(answers[1]):
        tally("disagreements")
        raise AssertionError(f"the engines disagree on {args!r}: {answers[0]!r} / {answers[1]!r}")
    tally("agreed")


@budget(0.12)
@given(target=st.sampled_from(PARAMETERS), value=HOSTILE_VALUES)
def test_hostile_parameter_values(target: tuple[str, object], value: object) -> None:
    name, parameter = target
    if name in CROSS_CHECKED:
        both_engines(OXIGRAPH, RDFLIB, "run", name, timeout=TIMEOUT, **{parameter.name: value})  # type: ignore[attr-defined]
    else:
        outcome(lambda: OXIGRAPH.run(name, timeout=TIMEOUT, **{parameter.name: value}))  # type: ignore[attr-defined]


_IRIS = sorted({q.subject.value for q in SLICE})[:40]
_TERM = st.one_of(
    st.sampled_from([f"?{v}" for v in "abcd"]),
    st.sampled_from([f"<{iri}>" for iri in _IRIS]),
    st.sampled_from(
        [
            "rdf:type",
            "rdfs:label",
            "owl:Class",
            '"x"',
            '"Person"@en',
            "1",
            "2.5",
            '"2010-01-01"^^xsd:date',
        ]
    ),
)
_PATTERN = st.builds(lambda s, p, o: f"{s} {p} {o} .", _TERM, _TERM, _TERM)
_FILTER = st.builds(
    lambda a, op, b: f"FILTER({a} {op} {b})",
    _TERM,
    st.sampled_from(["=", "!=", "<", ">=", "&&", "||"]),
    _TERM,
) | st.builds(
    lambda f, a: f"FILTER({f}({a}))",
    st.sampled_from(["isIRI", "isLiteral", "BOUND", "STRLEN", "LCASE", "!isBlank", "LANG"]),
    _TERM,
)


@st.composite
def _group(draw: st.DrawFn, depth: int = 0) -> str:
    parts = draw(st.lists(_PATTERN, min_size=1, max_size=3))
    if draw(st.booleans()):
        parts.append(draw(_FILTER))
    if depth < 3 and draw(st.integers(0, 3)) == 0:
        inner = draw(_group(depth + 1))
        keyword = draw(st.sampled_from(["OPTIONAL", "MINUS", "", "FILTER NOT EXISTS"]))
        parts.append(f"{keyword} {{ {inner} }}")
    if depth < 3 and draw(st.integers(0, 4)) == 0:
        parts = [f"{{ {' '.join(parts)} }} UNION {{ {draw(_group(depth + 1))} }}"]
    return " ".join(parts)


_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)


@budget(0.01)
@given(
    form=st.sampled_from(
        ["SELECT DISTINCT *", "ASK", "CONSTRUCT { ?a ?b ?c }", "SELECT (COUNT(*) AS ?n)"]
    ),
    where=_group(),
)
def test_generated_queries_agree_on_both_engines(form: str, where: str) -> None:
    sparql = f"{_PREFIXES}{form} WHERE {{ {where} }}"
    if form.startswith("CONSTRUCT") and "?a" not in where:
        sparql = sparql.replace("CONSTRUCT { ?a ?b ?c }", "CONSTRUCT {}")
    both_engines(SMALL, SMALL_RDFLIB, "query", sparql, timeout=TIMEOUT)


STORED_TEXTS = [q.text for q in nlmg_graph.stored_queries()]


@budget(0.03)
@given(text=st.sampled_from(STORED_TEXTS), edits=EDITS)
def test_mutated_stored_queries(text: str, edits: list[tuple[int, int, bytes]]) -> None:
    sparql = mutate(text.encode(), edits).decode("utf-8", "replace")
    outcome(lambda: OXIGRAPH.query(sparql, timeout=TIMEOUT))


@budget(0.03)
@given(
    opener=st.sampled_from(["{", "(", "[", "OPTIONAL {", "{ ?s ?p ?o . ", "FILTER("]),
    depth=st.integers(0, 3000),
    path=st.integers(0, 2000),
)
def test_deep_queries_are_refused_before_the_engine(opener: str, depth: int, path: int) -> None:
    bracket = next(c for c in reversed(opener) if c in "{([")
    closer = {"{": "}", "(": ")", "[": "]"}[bracket]
    steps = "/".join(["<http://example.org/p>"] * path) or "?p"
    sparql = f"SELECT * {{ ?s {steps} ?o {opener * depth}{closer * depth} }}"
    outcome(lambda: OXIGRAPH.query(sparql, timeout=TIMEOUT))


@pytest.mark.parametrize("value", [Decimal("1E+1"), 10, "10", "10.0", datetime.date(2020, 1, 1)])
def test_a_few_values_bind_the_same_on_both_engines(value: object) -> None:
    if isinstance(value, datetime.date):
        with pytest.raises(nlmg_graph.QueryError):
            OXIGRAPH.where_to_watch(max_price=value)  # type: ignore[arg-type]
        return
    both_engines(OXIGRAPH, RDFLIB, "where_to_watch", max_price=value)
