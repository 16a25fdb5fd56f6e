"""rdflib views of the knowledge graph: the dataset, single files, the union graph.

:mod:`nlmg_graph.reading` reads files into Oxigraph quads; this module turns those quads (or
one file) into rdflib objects for the parts of the library built on rdflib: pySHACL
validation, the exports, and users who want an :class:`rdflib.Dataset`. Terms are built the
way rdflib's own parsers build them (a simple literal has no datatype).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from nlmg_graph import iris
from nlmg_graph.namespaces import PREFIXES
from nlmg_graph.reading import Source, parse_triples

__all__ = [
    "NAMED_GRAPHS",
    "TermConverter",
    "bind_prefixes",
    "dataset_from_quads",
    "new_dataset",
    "parse_file",
    "union_graph",
]

_G = TypeVar("_G", bound=Graph)

#: The named graphs of a loaded dataset, in the order they are exported.
NAMED_GRAPHS = tuple(URIRef(name) for name in iris.NAMED_GRAPHS)

_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def bind_prefixes(graph: _G) -> _G:
    """Bind the project's prefixes on ``graph`` (for readable serialisations) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def new_dataset() -> Dataset:
    """Return an empty dataset with the project's prefixes bound and a union default graph."""
    return bind_prefixes(Dataset(default_union=True))


def union_graph(dataset: Dataset) -> Graph:
    """Return a new graph holding the triples of all the named graphs of ``dataset``."""
    merged = Graph()
    for name in NAMED_GRAPHS:
        merged += dataset.graph(name)
    return bind_prefixes(merged)


class TermConverter:
    """Turns Oxigraph terms into rdflib terms; one blank node per Oxigraph blank node."""

    def __init__(self) -> None:
        self._blank: dict[str, BNode] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        """Return the rdflib term for ``term``."""
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self._blank.setdefault(term.value, BNode())
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype == _XSD_STRING:  # rdflib writes simple literals without a datatype
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise TypeError(f"RDF-star triple terms are not supported: {term}")

    def graph(self, triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
        """Return a new graph (prefixes bound) of ``triples``."""
        graph = bind_prefixes(Graph())
        for t in triples:
            graph.add((self(t.subject), self(t.predicate), self(t.object)))
        return graph


def parse_file(source: Source) -> Graph:
    """Parse one RDF file into a new graph (see :func:`nlmg_graph.reading.parse_triples`).

    Raises:
        InputFileError: the file is missing, unreadable or not valid RDF.
    """
    return TermConverter().graph(parse_triples(source))


def dataset_from_quads(quads: Iterable[ox.Quad]) -> Dataset:
    """Return an rdflib dataset holding ``quads`` in their named graphs."""
    dataset = new_dataset()
    convert = TermConverter()
    graphs = {name: dataset.graph(name) for name in NAMED_GRAPHS}
    for quad in quads:
        graph = graphs[URIRef(quad.graph_name.value)]  # type: ignore[union-attr]
        graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return dataset
