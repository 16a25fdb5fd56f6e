"""Golden tests: every stored query gives its expected results on every backend.

The expected results live in ``tests/golden/<query>.toml`` (format in the README there), written
from the article and the sources the data cites. Each case runs on every local backend: the
graph in memory on Oxigraph and on rdflib, and a persistent Oxigraph store built by
``nlmg-graph load`` (``test_remote.py`` runs the same cases on remote SPARQL stores). The
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
from nlmg_graph.graph import GraphQueries
from nlmg_graph.iris import expand
from nlmg_graph.store import build_store, open_store

GOLDEN = Path(__file__).parent / "golden"
BACKENDS = ("oxigraph", "rdflib", "store")
QUERIES = {query.name: query for query in stored_queries()}


def golden_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """Every golden case as (query name, case label, case)."""
    found = []
    for path in sorted(GOLDEN.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, case in enumerate(document["case"]):
            found.append((path.stem, f"{path.stem}[{case.get('name', index)}]", case))
    return found


def cases(backends: tuple[str, ...]) -> list[Any]:
    """One pytest parameter per (query, case, backend)."""
    return [
        pytest.param(name, case, backend, id=f"{label}-{backend}")
        for name, label, case in golden_cases()
        for backend in backends
    ]


@pytest.fixture(scope="session")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, nlmg_graph.KnowledgeGraph]:
    """The shipped graph on each local backend: in memory per engine, and as a store."""
    store = tmp_path_factory.mktemp("golden") / "store"
    build_store(store)
    return {
        "oxigraph": nlmg_graph.load(engine="oxigraph"),
        "rdflib": nlmg_graph.load(engine="rdflib"),
        "store": open_store(store),
    }


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


@pytest.mark.parametrize(("name", "case", "backend"), cases(BACKENDS))
def test_golden(
    graphs: dict[str, nlmg_graph.KnowledgeGraph], name: str, case: dict[str, Any], backend: str
) -> None:
    check_case(graphs[backend], name, case, graphs["rdflib"])


def check_case(
    kg: GraphQueries, name: str, case: dict[str, Any], reference: nlmg_graph.KnowledgeGraph
) -> None:
    """Run one golden case on ``kg``; ``reference`` is the shipped graph for ``same_as_graph``."""
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
        named_graph = getattr(reference, case["same_as_graph"])  # data, claims, ontology
        dropped = {expected_value(iri) for iri in case.get("without_subjects", [])}
        left_out = canonical(Graph().parse(data=case.get("without_triples", ""), format="turtle"))
        expected_triples = {
            t for t in canonical(named_graph) if str(t[0]) not in dropped and t not in left_out
        }
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
