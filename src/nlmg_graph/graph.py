"""The knowledge graph object and :func:`load`, the library's entry point."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph
from rdflib.query import Result

from nlmg_graph import _resources
from nlmg_graph.errors import QueryError
from nlmg_graph.export import ExportFormat, View, serialize, write_atomically
from nlmg_graph.loading import NAMED_GRAPHS, new_dataset, read_into, read_ontology
from nlmg_graph.namespaces import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY

if TYPE_CHECKING:
    from rdflib.term import Identifier

    from nlmg_graph.validation import ValidationReport

__all__ = ["KnowledgeGraph", "load"]


class KnowledgeGraph:
    """The *Never Let Me Go* knowledge graph, held in memory by rdflib.

    The graph is a :class:`rdflib.Dataset` with three named graphs (ontology, data, claims) and
    a union default graph, so a SPARQL pattern without ``GRAPH`` sees everything.
    Build one with :func:`load`.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @property
    def ontology(self) -> Graph:
        """The ontology graph."""
        return self.dataset.graph(GRAPH_ONTOLOGY)

    @property
    def data(self) -> Graph:
        """The data graph: entities and their direct statements (the facts)."""
        return self.dataset.graph(GRAPH_DATA)

    @property
    def claims(self) -> Graph:
        """The claims graph: one record per statement, with its sources and rank."""
        return self.dataset.graph(GRAPH_CLAIMS)

    def __len__(self) -> int:
        """Return the number of triples in all named graphs."""
        return sum(len(self.dataset.graph(name)) for name in NAMED_GRAPHS)

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query on the whole dataset.

        Args:
            sparql: the query text.
            bindings: values for variables, bound by rdflib (never formatted into the text).

        Raises:
            QueryError: the query cannot be parsed or evaluated.
        """
        try:
            return self.dataset.query(sparql, initBindings=dict(bindings or {}))
        except Exception as error:  # pyparsing and rdflib raise many types
            raise QueryError(f"cannot run the SPARQL query: {error}") from None

    def validate(self) -> ValidationReport:
        """Validate the data and claims against the SHACL shapes and the stored checks.

        >>> load().validate().conforms
        True
        """
        from nlmg_graph.validation import validate_dataset

        return validate_dataset(self.dataset)

    def serialize(
        self, rdf_format: ExportFormat | str = ExportFormat.TURTLE, *, view: View | str = View.FULL
    ) -> str:
        """Return the graph serialised in ``rdf_format`` (``turtle``, ``nt``, ``trig``, ``jsonld``).

        ``view="facts"`` keeps only the best-ranked direct statements, without claims.

        >>> "schema:Movie" in load().serialize("turtle", view="facts")
        True
        """
        return serialize(self.dataset, rdf_format, view)

    def write(
        self,
        path: str | os.PathLike[str],
        rdf_format: ExportFormat | str = ExportFormat.TURTLE,
        *,
        view: View | str = View.FULL,
    ) -> None:
        """Serialise the graph to ``path`` atomically (a temporary file, then a rename)."""
        write_atomically(path, self.serialize(rdf_format, view=view))


def load(*, data: Iterable[str | os.PathLike[str]] = (), shipped: bool = True) -> KnowledgeGraph:
    """Load the knowledge graph, optionally with the user's own RDF files merged in.

    Args:
        data: paths of the user's files (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML,
            by suffix); their claim records join the claims graph, all else the data graph.
        shipped: whether to include the shipped data (the ontology is always loaded).

    Returns:
        The loaded graph.

    Raises:
        InputFileError: a file is missing, unreadable or not valid RDF (names file and line).

    >>> kg = load()
    >>> len(kg.data) > 0 and len(kg.claims) > 0
    True
    """
    dataset = new_dataset()
    read_ontology(dataset)
    sources: list[object] = list(_resources.data_files()) if shipped else []
    sources.extend(data)
    read_into(dataset, sources)  # type: ignore[arg-type]
    return KnowledgeGraph(dataset)
