"""The names of the formats and views the library writes, shared by the API and the CLI.

Kept apart from the code that writes them so the command line can list its choices without
importing rdflib.
"""

from __future__ import annotations

import enum
from typing import TypeVar

from nlmg_graph.errors import OptionError

__all__ = ["Engine", "ExportFormat", "ResultFormat", "ShaclEngine", "View", "parse_option"]

_Option = TypeVar("_Option", bound=enum.StrEnum)


class ExportFormat(enum.StrEnum):
    """The RDF formats the graph exports to (values are the command line's names)."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    TRIG = "trig"
    JSONLD = "jsonld"


class View(enum.StrEnum):
    """Which statements to export: everything, the best-ranked facts, or the verified ones.

    ``facts`` is like Wikidata's truthy dump; ``verified`` keeps only the facts whose claim is
    corroborated or about its source's own content (what the markup and pages publish).
    """

    FULL = "full"
    FACTS = "facts"
    VERIFIED = "verified"


class ResultFormat(enum.StrEnum):
    """How query results are printed: an aligned table or a W3C SPARQL results format."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"


class Engine(enum.StrEnum):
    """The SPARQL engine that answers queries on a loaded graph."""

    OXIGRAPH = "oxigraph"
    RDFLIB = "rdflib"


class ShaclEngine(enum.StrEnum):
    """The SHACL engine that checks a graph against the shapes (see :mod:`nlmg_graph.shacl`).

    ``shacl`` (compiled Rust, the default) gives the same reports as ``pyshacl`` (the reference
    Python implementation) on every fixture and on planted violations, at a tenth of the time.
    """

    SHACL = "shacl"
    PYSHACL = "pyshacl"


def parse_option(kind: type[_Option], value: _Option | str, what: str) -> _Option:
    """Return the member of ``kind`` named ``value``.

    Raises:
        OptionError: ``value`` names no member; the message lists the choices.
    """
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise OptionError(f"unknown {what} {value!r} (choose from {choices})") from None
