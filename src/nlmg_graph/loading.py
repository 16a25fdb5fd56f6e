"""Reading RDF files into the project's named graphs.

The knowledge graph is an rdflib :class:`~rdflib.Dataset` with three named graphs: the
ontology, the data (facts and the entities they describe) and the claims (the records that
source each fact). The shipped files and a user's own files are read the same way; a claim record
(a subject typed ``nlmg:Claim``) goes to the claims graph, everything else to the data graph.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import RDF, Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.util import guess_format

from nlmg_graph import _resources
from nlmg_graph.errors import InputFileError
from nlmg_graph.namespaces import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY, NLMG, PREFIXES

__all__ = ["new_dataset", "parse_file", "read_into", "read_ontology"]

#: File suffixes the loader reads, and the rdflib parser for each.
_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def new_dataset() -> Dataset:
    """Return an empty dataset with the project's prefixes bound and a union default graph."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def parse_file(source: Traversable | str | os.PathLike[str]) -> Graph:
    """Parse one RDF file into a new graph.

    Args:
        source: a packaged resource or a path on disk; the format follows its suffix.

    Returns:
        The parsed triples (for quad formats, the union of the file's graphs).

    Raises:
        InputFileError: the file is missing, unreadable, of an unknown kind, or not valid RDF;
            the message names the file and, where the parser knows it, the line.
    """
    name = str(source)
    suffix = Path(name).suffix.lower()
    rdf_format = _FORMATS.get(suffix) or guess_format(name)
    if rdf_format is None:
        known = ", ".join(sorted(_FORMATS))
        raise InputFileError(name, f"unknown RDF file type {suffix!r} (known: {known})")
    try:
        data = source.read_bytes() if isinstance(source, Traversable) else Path(source).read_bytes()
    except OSError as error:
        raise InputFileError(name, f"cannot read the file: {error.strerror or error}") from None
    graph = Dataset() if rdf_format in ("trig", "nquads") else Graph()
    try:
        graph.parse(data=data, format=rdf_format, publicID=Path(name).resolve().as_uri())
    except BadSyntax as error:
        raise InputFileError(
            name, f"not valid {rdf_format}: {error._why}", line=error.lines + 1
        ) from None
    except json.JSONDecodeError as error:
        raise InputFileError(name, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except UnicodeDecodeError as error:
        raise InputFileError(name, f"not UTF-8 text: {error.reason}") from None
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise InputFileError(name, f"not valid {rdf_format}: {error}") from None
    if isinstance(graph, Dataset):
        union = Graph()
        for triple in graph.triples((None, None, None)):
            union.add(triple)
        return union
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
        for triple in parse_file(source):
            ontology.add(triple)
