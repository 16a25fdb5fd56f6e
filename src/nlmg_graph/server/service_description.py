"""The SPARQL 1.1 Service Description of ``nlmg-graph serve``: GET ``/sparql`` without a query.

Clients that find endpoints by themselves (Comunica given a plain URL, YASGUI, crawlers) fetch
the endpoint URL and read an ``sd:Service`` there
(https://www.w3.org/TR/sparql11-service-description/): its endpoint, the language (SPARQL 1.1
Query only: the endpoint is read-only), the result formats, the feature
``sd:UnionDefaultGraph`` (the default graph is the union of the named graphs) and the default
dataset, each graph with its size in triples (``void:triples``).

Example:
    >>> triples = describe_service("http://localhost:8000/sparql", {None: 3, "https://g": 3})
    >>> any(t.object.value.endswith("#UnionDefaultGraph") for t in triples)
    True
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

__all__ = ["GRAPH_SIZES", "describe_service"]

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}

GRAPH_SIZES = """SELECT ?g ?n WHERE {
  { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } }
  UNION
  { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
}"""
"""The query whose rows are the graph sizes: the default (union) graph unbound, then each named."""

_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "N-Triples",
    "RDF_XML",
)
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _graph(triples: list[ox.Triple], size: int) -> ox.BlankNode:
    node = ox.BlankNode()
    triples.append(ox.Triple(node, _RDF_TYPE, _sd("Graph")))
    triples.append(
        ox.Triple(
            node,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(
                str(size), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        )
    )
    return node


def describe_service(endpoint: str, sizes: Mapping[str | None, int]) -> list[ox.Triple]:
    """Return the service description of the endpoint at ``endpoint``.

    Args:
        endpoint: the absolute URL of ``/sparql``, as the client reached it.
        sizes: triples per graph: ``None`` for the default (union) graph, else the graph IRI.
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode()
    triples = [
        ox.Triple(service, _RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(
            service,
            _sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        *(
            ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f))
            for f in _RESULT_FORMATS
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, _sd("Dataset")),
    ]
    triples.append(ox.Triple(dataset, _sd("defaultGraph"), _graph(triples, sizes.get(None, 0))))
    for name, size in sorted((n, s) for n, s in sizes.items() if n is not None):
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, _RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
        ]
        triples.append(ox.Triple(named, _sd("graph"), _graph(triples, size)))
    return triples
