"""nlmg-graph: a sourced, SHACL-validated knowledge graph of *Never Let Me Go*.

Load the graph, ask it questions, validate it and export it::

    >>> import nlmg_graph
    >>> kg = nlmg_graph.load()
    >>> kg.validate().conforms
    True

Every direct statement of the data is backed by a claim record naming its source and rank;
see ``docs/MODEL.md`` for the model.
"""

from importlib.metadata import PackageNotFoundError, version

from nlmg_graph.errors import (
    InputFileError,
    NlmgGraphError,
    OptionError,
    QueryError,
)
from nlmg_graph.export import ExportFormat, View
from nlmg_graph.graph import KnowledgeGraph, load
from nlmg_graph.namespaces import NLMG
from nlmg_graph.validation import ValidationReport, Violation

try:
    __version__ = version("nlmg-graph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "NLMG",
    "ExportFormat",
    "InputFileError",
    "KnowledgeGraph",
    "NlmgGraphError",
    "OptionError",
    "QueryError",
    "ValidationReport",
    "View",
    "Violation",
    "__version__",
    "load",
]
