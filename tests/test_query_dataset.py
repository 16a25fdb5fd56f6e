"""A query's own dataset (``FROM`` / ``FROM NAMED``) is respected on every engine and path.

The union of the named graphs is the default graph only when neither the query nor the
protocol names a dataset. Each case is asked of the in-memory Oxigraph engine, rdflib, the
persistent store, ``nlmg-graph serve`` (through the remote client, which must then not name
the union in the request) and an Oxigraph server the graph was pushed to; the protocol's
``default-graph-uri`` / ``named-graph-uri`` override the query's dataset (W3C SPARQL 1.1
Protocol tests ``dataset_*`` and ``multiple_dataset``). Expected answers come from pyoxigraph
with the dataset given explicitly, not through nlmg-graph.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import requests
from servers import oxigraph_server
from test_serve import Server

import nlmg_graph
from nlmg_graph.iris import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY
from nlmg_graph.query_dataset import names_dataset
from nlmg_graph.store import build_store, open_store

pytestmark = pytest.mark.slow

ONT, D, C = GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_CLAIMS
COUNT = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}"
GRAPHS = "SELECT DISTINCT ?g {dataset} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g"

# (id, the query's dataset clause, default graphs, named graphs); None: the union, all graphs
CASES = [
    ("no-dataset", "", None, None),
    ("from", f"FROM <{ONT}>", [ONT], []),
    ("from-two", f"FROM <{ONT}> FROM <{D}>", [ONT, D], []),
    ("from-named", f"FROM NAMED <{C}>", [], [C]),
    ("from-and-from-named", f"FROM <{ONT}> FROM NAMED <{C}> FROM NAMED <{D}>", [ONT], [C, D]),
]
# (id, the query's dataset clause, protocol parameters, default graphs, named graphs)
PROTOCOL_CASES = [
    ("dataset_default_graph", "", {"default-graph-uri": [D]}, [D], []),
    ("dataset_default_graphs", "", {"default-graph-uri": [D, C]}, [D, C], []),
    ("dataset_named_graphs", "", {"named-graph-uri": [D, C]}, [], [D, C]),
    ("dataset_full", "", {"default-graph-uri": [ONT], "named-graph-uri": [C]}, [ONT], [C]),
    ("multiple_dataset", f"FROM <{ONT}> FROM NAMED <{ONT}>", {"default-graph-uri": [D]}, [D], []),
    (
        "multiple_dataset_named",
        f"FROM <{ONT}> FROM NAMED <{ONT}>",
        {"named-graph-uri": [C]},
        [],
        [C],
    ),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return nlmg_graph.load().store


def expected(store: ox.Store, default: list[str] | None, named: list[str] | None) -> tuple:
    """The default graph's size and the named graphs, from pyoxigraph with the dataset given."""
    if default is None:
        options: dict[str, object] = {"use_default_graph_as_union": True}
    else:
        options = {
            "default_graph": [ox.NamedNode(g) for g in default],
            "named_graphs": [ox.NamedNode(g) for g in named or []],
        }
    count = store.query(COUNT.format(dataset=""), **options)  # type: ignore[arg-type]
    graphs = store.query(GRAPHS.format(dataset=""), **options)  # type: ignore[arg-type]
    return int(next(iter(count))["n"].value), [row["g"].value for row in graphs]


def answered(kg: nlmg_graph.GraphQueries, dataset: str) -> tuple:
    count = kg.query(COUNT.format(dataset=dataset))
    graphs = kg.query(GRAPHS.format(dataset=dataset))
    assert isinstance(count, nlmg_graph.Solutions) and isinstance(graphs, nlmg_graph.Solutions)
    return int(str(count[0].n)), [str(row.g) for row in graphs]


@pytest.fixture(scope="module")
def served() -> Iterator[Server]:
    running = Server("--workers", "1")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def engines(
    tmp_path_factory: pytest.TempPathFactory, served: Server
) -> Iterator[dict[str, Callable[[], nlmg_graph.GraphQueries]]]:
    folder = tmp_path_factory.mktemp("dataset")
    build_store(folder / "kg")
    with oxigraph_server(folder) as remote:
        pushed = subprocess.run(
            [sys.executable, "-m", "nlmg_graph", "push", "--endpoint", remote.store_url],
            capture_output=True,
            text=True,
            check=False,
        )
        assert pushed.returncode == 0, pushed.stderr
        yield {
            "oxigraph": lambda: nlmg_graph.load(),
            "rdflib": lambda: nlmg_graph.load(engine="rdflib"),
            "store": lambda: open_store(folder / "kg"),
            "serve": lambda: nlmg_graph.connect(served.url + "sparql"),
            "oxigraph-server": lambda: nlmg_graph.connect(remote.query_url),
        }


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib", "store", "serve", "oxigraph-server"])
@pytest.mark.parametrize(("case", "dataset", "default", "named"), CASES, ids=[c[0] for c in CASES])
def test_the_query_dataset_on_every_engine(
    engines: dict[str, Callable[[], nlmg_graph.GraphQueries]],
    store: ox.Store,
    engine: str,
    case: str,
    dataset: str,
    default: list[str] | None,
    named: list[str] | None,
) -> None:
    assert answered(engines[engine](), dataset) == expected(store, default, named), case


def test_from_with_the_union_differs_from_the_union(store: ox.Store) -> None:
    """The issue's own example: the ontology alone, not the 4,000-odd triples of the union."""
    ontology = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONT))))
    assert answered(nlmg_graph.load(), f"FROM <{ONT}>")[0] == ontology < len(store)


@pytest.mark.parametrize(
    ("case", "dataset", "protocol", "default", "named"),
    PROTOCOL_CASES,
    ids=[c[0] for c in PROTOCOL_CASES],
)
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_protocol_dataset_overrides_the_query(
    served: Server,
    store: ox.Store,
    method: str,
    case: str,
    dataset: str,
    protocol: dict[str, list[str]],
    default: list[str],
    named: list[str],
) -> None:
    url = served.url + "sparql"
    headers = {"Accept": "application/sparql-results+json"}
    got = []
    for template in (COUNT, GRAPHS):
        sparql = template.format(dataset=dataset)
        if method == "GET":
            answer = requests.get(url, params={"query": sparql, **protocol}, headers=headers)
        elif method == "POST-form":
            answer = requests.post(url, data={"query": sparql, **protocol}, headers=headers)
        else:
            answer = requests.post(
                url + "?" + urlencode(protocol, doseq=True),
                data=sparql.encode(),
                headers={**headers, "Content-Type": "application/sparql-query"},
            )
        assert answer.status_code == 200, answer.text
        got.append(json.loads(answer.content)["results"]["bindings"])
    (count,), graphs = got
    assert (int(count["n"]["value"]), [row["g"]["value"] for row in graphs]) == expected(
        store, default, named
    ), case


@pytest.mark.parametrize("engine", [[], ["--engine", "rdflib"]], ids=["oxigraph", "rdflib"])
def test_sparql_command_respects_from(tmp_path: Path, store: ox.Store, engine: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nlmg_graph", "sparql", "--format", "json", *engine, "-"],
        input=COUNT.format(dataset=f"FROM <{ONT}>"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    n = json.loads(done.stdout)["results"]["bindings"][0]["n"]["value"]
    assert int(n) == expected(store, [ONT], [])[0]


@pytest.mark.parametrize(
    ("sparql", "names"),
    [
        (f"SELECT * FROM <{ONT}> {{ ?s ?p ?o }}", True),
        (f"select * from named <{ONT}> {{ graph ?g {{ ?s ?p ?o }} }}", True),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{ONT}> WHERE {{ ?s ?p ?o }}", True),
        (f"ASK \\u0046ROM <{ONT}> {{ ?s ?p ?o }}", True),  # an escaped keyword is still one
        ('SELECT * { ?s ?p "from here" }', False),
        ("SELECT * { ?s <https://example.org/from> ?o }", False),
        ("PREFIX ex: <https://example.org/> SELECT * { ?s ex:from ?o }", False),
        ("SELECT * { ?s ?p ?o } # FROM <https://example.org/g>", False),
        ("SELECT * FROM", False),  # not a query: the engine reports the syntax error
    ],
)
def test_names_dataset(sparql: str, names: bool) -> None:
    assert names_dataset(sparql) is names
