"""Golden tests: every stored query gives its expected results on every query engine.

The expected results live in ``tests/golden/<query>.toml`` (format in the README there), written
from the article and the sources the data cites. Each case runs on Oxigraph and on rdflib; the
values are compared as the plain Python values the library returns, so lexical differences
between engines (``"0.0"`` and ``"0"`` for the same decimal) do not matter and any other
difference does.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph.catalogue import StoredQuery, stored_queries
from nlmg_graph.iris import expand

GOLDEN = Path(__file__).parent / "golden"
ENGINES = ("oxigraph", "rdflib")
QUERIES = {query.name: query for query in stored_queries()}


def cases() -> list[Any]:
    """One pytest parameter per (query, case, engine)."""
    found = []
    for path in sorted(GOLDEN.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, case in enumerate(document["case"]):
            for engine in ENGINES:
                label = f"{path.stem}[{case.get('name', index)}]-{engine}"
                found.append(pytest.param(path.stem, case, engine, id=label))
    return found


@pytest.fixture(scope="session")
def graphs() -> dict[str, nlmg_graph.KnowledgeGraph]:
    """The shipped graph, once per engine."""
    return {engine: nlmg_graph.load(engine=engine) for engine in ENGINES}


def expected_value(value: object) -> object:
    """Turn a TOML value of a golden file into the Python value the library returns."""
    if value == "(unbound)":
        return None
    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return expand(value[1:-1])
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def canonical(graph: Graph) -> set[tuple[object, ...]]:
    """The triples of ``graph`` with literals as Python values (engines spell some differently)."""
    return {
        (s, p, (o.toPython(), o.language) if isinstance(o, Literal) else o) for s, p, o in graph
    }


def test_every_stored_query_has_a_golden_file() -> None:
    assert sorted(QUERIES) == sorted(path.stem for path in GOLDEN.glob("*.toml"))


def test_there_are_at_least_twenty_questions() -> None:
    questions = [q for q in QUERIES.values() if not q.is_check and q.form != "CONSTRUCT"]
    assert len(questions) >= 20, [q.name for q in questions]


@pytest.mark.parametrize(("name", "case", "engine"), cases())
def test_golden(
    graphs: dict[str, nlmg_graph.KnowledgeGraph], name: str, case: dict[str, Any], engine: str
) -> None:
    kg = graphs[engine]
    query: StoredQuery = QUERIES[name]
    params = case.get("params", {})
    if "error" in case:
        with pytest.raises(nlmg_graph.QueryError) as raised:
            kg.run(name, **params)
        assert case["error"] in str(raised.value)
        assert repr(name) in str(raised.value), "the error names the query"
        return
    answer = kg.run(name, **params)
    if "boolean" in case:
        assert answer is case["boolean"]
    elif "turtle" in case:
        assert isinstance(answer, Graph)
        expected = Graph().parse(data=case["turtle"], format="turtle")
        assert isomorphic(answer, expected) or canonical(answer) == canonical(expected), (
            answer.serialize(format="turtle")
        )
    elif "same_as_graph" in case:
        assert isinstance(answer, Graph)
        named_graph = getattr(graphs["rdflib"], case["same_as_graph"])  # data, claims, ontology
        dropped = {expected_value(iri) for iri in case.get("without_subjects", [])}
        expected_triples = {t for t in canonical(named_graph) if str(t[0]) not in dropped}
        assert canonical(answer) == expected_triples
    else:
        assert isinstance(answer, nlmg_graph.Solutions)
        assert list(answer.variables) == case["variables"]
        got = [tuple(row) for row in answer]
        want = [tuple(expected_value(v) for v in row) for row in case["rows"]]
        if query.is_ordered:
            assert got == want
        else:
            assert Counter(got) == Counter(want)
