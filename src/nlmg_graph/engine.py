"""The SPARQL engines a knowledge graph can be queried with: Oxigraph and rdflib.

Both evaluate the same query text over the same named graphs, with the union of the named
graphs as the default graph unless the query names its own dataset (``FROM``), and answer in
the same engine-neutral terms: :class:`Solutions` for SELECT, ``bool`` for ASK, a list of
Oxigraph triples for CONSTRUCT and DESCRIBE. Oxigraph is the default: it parses and evaluates
in microseconds to milliseconds where rdflib's evaluator takes tens of milliseconds to minutes
(nested ``FILTER NOT EXISTS`` over named graphs). rdflib is there for users whose graph lives
in rdflib, and the golden tests run every stored query on both to show they agree.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from nlmg_graph.errors import QueryError
from nlmg_graph.query_dataset import oxigraph_options
from nlmg_graph.results import Solutions, Term

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rdflib import Dataset
    from rdflib.term import Node

__all__ = [
    "Answer",
    "OxigraphEngine",
    "QueryEngine",
    "RdflibEngine",
    "oxigraph_syntax_error",
    "syntax_error",
]

Answer = Solutions | bool | list[ox.Triple]
"""What a query returns: SELECT rows, an ASK answer, or CONSTRUCT/DESCRIBE triples."""

_OXIGRAPH_POSITION = re.compile(r"^error at \d+:\d+: ?")
_REASON_LENGTH = 160


def syntax_error(sparql: str, reason: str) -> QueryError:
    """Return the error for a query that does not parse, located by line and column.

    Oxigraph says well what it expected but places the error where its parser gave up, often
    the end of the query; rdflib's parser points at the offending token, and names an undeclared
    prefix plainly. So the position (or rdflib's plain reason) comes from rdflib, imported only
    on this error path; the engine's reason, on one line and cut short, says the rest.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    reason = " ".join(reason.split())
    if len(reason) > _REASON_LENGTH:
        reason = reason[: _REASON_LENGTH - 1] + "…"
    try:
        translateQuery(parseQuery(sparql))
    except ParseException as error:
        near = error.line[error.col - 1 :].strip()[:30]
        return QueryError(
            f"SPARQL syntax error at line {error.lineno}, column {error.col}, near {near!r}: "
            f"{reason}"
        )
    except Exception as error:  # rdflib's translation raises bare Exceptions (unknown prefix)
        return QueryError(f"SPARQL syntax error: {' '.join(str(error).split())}")
    return QueryError(f"SPARQL syntax error: {reason}")


def oxigraph_syntax_error(sparql: str, error: SyntaxError) -> QueryError:
    """Return the located :func:`syntax_error` for Oxigraph's parse ``error`` on ``sparql``."""
    return syntax_error(sparql, _OXIGRAPH_POSITION.sub("", str(error.msg or error)))


class QueryEngine(Protocol):
    """A SPARQL 1.1 query engine over the knowledge graph's named graphs."""

    name: str

    def execute(self, sparql: str) -> Answer:
        """Evaluate ``sparql``.

        Raises:
            QueryError: a syntax error (with line and column) or an evaluation error.
        """
        ...


class OxigraphEngine:
    """Queries an Oxigraph store (in memory or on disk)."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def execute(self, sparql: str) -> Answer:
        """Evaluate ``sparql`` on the store, on its own dataset or else on the union graph."""
        try:
            result = self.store.query(sparql, **oxigraph_options(sparql))  # type: ignore[arg-type]
            if isinstance(result, ox.QuerySolutions):
                return Solutions.from_oxigraph(result)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            return list(result)
        except SyntaxError as error:
            raise oxigraph_syntax_error(sparql, error) from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryError(f"cannot evaluate the SPARQL query: {error}") from None


def _ox_term(node: Node) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise QueryError(f"unsupported term in a query result: {node!r}")


def _rdflib_reason(error: Exception) -> str:
    """Say in the user's terms why rdflib's evaluator failed, rather than where inside it."""
    if isinstance(error, re.error):
        return f"not a valid regular expression: {error}"
    if isinstance(error, RecursionError):
        return "rdflib's evaluator recursed without end on this query (try --engine oxigraph)"
    if isinstance(error, KeyError):
        return f"an unexpected answer (no {error} in it), e.g. from a SERVICE"
    reason = " ".join(str(error).split()) or type(error).__name__
    return reason[: _REASON_LENGTH - 1] + "…" if len(reason) > _REASON_LENGTH else reason


@contextmanager
def _no_graph_loading() -> Iterator[None]:
    """Keep rdflib from fetching what ``FROM <iri>`` names over the network, for this query.

    rdflib's evaluator loads a dataset clause's IRI from the web when the dataset lacks it
    (``SPARQL_LOAD_GRAPHS``, on by default); the project works offline, and Oxigraph reads an
    unknown graph as empty. The setting is module-wide in rdflib, so it is restored afterwards.
    """
    import rdflib.plugins.sparql

    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before


class RdflibEngine:
    """Queries an rdflib dataset with rdflib's own SPARQL evaluator."""

    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def execute(self, sparql: str) -> Answer:
        """Evaluate ``sparql`` on the dataset (its default graph is the union graph)."""
        from pyparsing import ParseException

        try:
            with _no_graph_loading():  # rdflib reads lazily: the rows too are read inside
                result = self.dataset.query(sparql)
                if result.type == "ASK":
                    return bool(result.askAnswer)
                if result.type == "SELECT":  # rows are evaluated lazily: errors come while reading
                    names = [str(variable) for variable in result.vars or []]
                    rows = [[None if t is None else _ox_term(t) for t in row] for row in result]  # type: ignore[union-attr]
                    return Solutions(names, rows)
                assert result.graph is not None
                return [ox.Triple(*(_ox_term(t) for t in triple)) for triple in result.graph]  # type: ignore[arg-type]
        except ParseException as error:
            raise syntax_error(sparql, error.msg) from None
        except QueryError:
            raise
        except Exception as error:  # rdflib raises bare Exceptions for e.g. unknown prefixes
            raise QueryError(f"cannot evaluate the SPARQL query: {_rdflib_reason(error)}") from None
