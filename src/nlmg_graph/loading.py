"""Reading RDF files into the project's named graphs.

The knowledge graph is an rdflib :class:`~rdflib.Dataset` with three named graphs: the
ontology, the data (facts and the entities they describe) and the claims (the records that
source each fact). The shipped files and a user's own files are read the same way; a claim record
(a subject typed ``nlmg:Claim``) goes to the claims graph, everything else to the data graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from nlmg_graph import _resources
from nlmg_graph.errors import InputFileError
from nlmg_graph.namespaces import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY, NLMG, PREFIXES

__all__ = [
    "NAMED_GRAPHS",
    "bind_prefixes",
    "new_dataset",
    "parse_file",
    "read_into",
    "read_ontology",
    "union_graph",
]

_G = TypeVar("_G", bound=Graph)

#: File suffixes the loader reads, and the Oxigraph parser for each.
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


#: The named graphs of a loaded dataset, in the order they are exported.
NAMED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_CLAIMS)


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


_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


class _TermConverter:
    """Turns Oxigraph terms into rdflib terms, giving each file's blank nodes fresh identities."""

    def __init__(self) -> None:
        self._blank: dict[str, BNode] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
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


def parse_file(source: Traversable | str | os.PathLike[str]) -> Graph:
    """Parse one RDF file into a new graph.

    Parsing goes through Oxigraph, about ten times faster than rdflib's Turtle parser and
    precise about where a syntax error is; the triples come back as rdflib terms, built the way
    rdflib's own parsers build them (a simple literal has no datatype). JSON-LD remote contexts
    are refused, never fetched.

    Args:
        source: a packaged resource or a path on disk; the format follows its suffix.

    Returns:
        The parsed triples (for quad formats, the union of the file's graphs).

    Raises:
        InputFileError: the file is missing, unreadable, of an unknown kind, or not valid RDF;
            the message names the file and, where the parser knows it, the line and column.
    """
    name = str(source)
    suffix = Path(name).suffix.lower()
    rdf_format = _FORMATS.get(suffix)
    if rdf_format is None:
        known = ", ".join(sorted(_FORMATS))
        raise InputFileError(name, f"unknown RDF file type {suffix!r} (known: {known})")
    try:
        data = source.read_bytes() if isinstance(source, Traversable) else Path(source).read_bytes()
    except OSError as error:
        raise InputFileError(name, f"cannot read the file: {error.strerror or error}") from None
    convert = _TermConverter()
    graph = Graph()
    try:
        for quad in ox.parse(data, format=rdf_format, base_iri=Path(name).resolve().as_uri()):
            graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    except SyntaxError as error:
        reason = str(error.msg).split(": ", 1)[-1] if error.msg else "syntax error"
        message = f"not valid {rdf_format.name}: {reason}"
        if error.offset:
            message += f" (column {error.offset})"
        raise InputFileError(name, message, line=error.lineno) from None
    except (ValueError, TypeError) as error:  # e.g. invalid UTF-8, an RDF-star term
        raise InputFileError(name, f"not valid {rdf_format.name}: {error}") from None
    return graph


def read_into(dataset: Dataset, sources: Iterable[Traversable | str | os.PathLike[str]]) -> None:
    """Parse every source, then add its triples to the data or claims graph of ``dataset``.

    All files are parsed before anything is added, so a bad file leaves ``dataset`` unchanged.
    """
    parsed = [parse_file(source) for source in sources]
    data = dataset.graph(GRAPH_DATA)
    claims = dataset.graph(GRAPH_CLAIMS)
    for graph in parsed:
        claim_nodes = set(graph.subjects(RDF.type, NLMG.Claim))
        for triple in graph:
            (claims if triple[0] in claim_nodes else data).add(triple)


def read_ontology(dataset: Dataset) -> None:
    """Add the shipped ontology files to the ontology graph of ``dataset``."""
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    for source in _resources.ontology_files():
        ontology += parse_file(source)
