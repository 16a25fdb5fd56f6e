"""nlmg-graph: a sourced, SHACL-validated knowledge graph of *Never Let Me Go*.

Load the graph, ask it questions, validate it and export it::

    >>> import nlmg_graph
    >>> kg = nlmg_graph.load()
    >>> [row.actor_name for row in kg.cast(life_stage="child")]
    ['Charlie Rowe', 'Ella Purnell', 'Izzy Meikle-Small']
    >>> kg.validate().conforms
    True

Every direct statement of the data is backed by a claim record naming its source and rank;
see ``docs/MODEL.md`` for the model and ``nlmg-graph queries`` for the stored questions.

The names below are imported on first use, so ``import nlmg_graph`` (and a command line that
only queries) does not pay for rdflib or pySHACL.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nlmg_graph.errors import (
    EndpointError,
    InputFileError,
    NlmgGraphError,
    OptionError,
    QueryError,
    QueryTimeoutError,
    StoreError,
)

if TYPE_CHECKING:
    from nlmg_graph.catalogue import Parameter, StoredQuery, stored_queries, stored_query
    from nlmg_graph.formats import Engine, ExportFormat, ResultFormat, ShaclEngine, View
    from nlmg_graph.graph import KnowledgeGraph, load
    from nlmg_graph.markup import MarkupIssue, MarkupReport, validate_markup
    from nlmg_graph.namespaces import NLMG
    from nlmg_graph.remote import RemoteGraph, connect
    from nlmg_graph.results import Row, Solutions
    from nlmg_graph.store import GraphNotValidError, StoreInfo, build_store, open_store
    from nlmg_graph.validation import ValidationReport, Violation

__all__ = [
    "NLMG",
    "EndpointError",
    "Engine",
    "ExportFormat",
    "GraphNotValidError",
    "InputFileError",
    "KnowledgeGraph",
    "MarkupIssue",
    "MarkupReport",
    "NlmgGraphError",
    "OptionError",
    "Parameter",
    "QueryError",
    "QueryTimeoutError",
    "RemoteGraph",
    "ResultFormat",
    "Row",
    "ShaclEngine",
    "Solutions",
    "StoreError",
    "StoreInfo",
    "StoredQuery",
    "ValidationReport",
    "View",
    "Violation",
    "__version__",
    "build_store",
    "connect",
    "load",
    "open_store",
    "stored_queries",
    "stored_query",
    "validate_markup",
]

_HOMES = {
    "Parameter": "catalogue",
    "StoredQuery": "catalogue",
    "stored_queries": "catalogue",
    "stored_query": "catalogue",
    "Engine": "formats",
    "ExportFormat": "formats",
    "ResultFormat": "formats",
    "ShaclEngine": "formats",
    "View": "formats",
    "KnowledgeGraph": "graph",
    "load": "graph",
    "MarkupIssue": "markup",
    "MarkupReport": "markup",
    "validate_markup": "markup",
    "NLMG": "namespaces",
    "RemoteGraph": "remote",
    "connect": "remote",
    "Row": "results",
    "Solutions": "results",
    "GraphNotValidError": "store",
    "StoreInfo": "store",
    "build_store": "store",
    "open_store": "store",
    "ValidationReport": "validation",
    "Violation": "validation",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("nlmg-graph")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0+unknown"
    elif name in _HOMES:
        value = getattr(importlib.import_module(f"nlmg_graph.{_HOMES[name]}"), name)
    else:
        raise AttributeError(f"module 'nlmg_graph' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
