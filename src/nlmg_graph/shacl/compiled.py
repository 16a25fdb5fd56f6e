"""The compiled ``shacl`` engine (Rust, on PyPI as ``shacl``) behind the engine interface.

The shapes are compiled once per process; each validation hands the engine the quads as an
N-Quads file (written by pyoxigraph, in Rust), which it reads as one union graph. Neither
rdflib nor pySHACL is imported, so a validation that uses this engine starts only what it needs.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from importlib.resources import as_file
from typing import TYPE_CHECKING

import pyoxigraph as ox

from nlmg_graph import _resources
from nlmg_graph.validation import Violation

if TYPE_CHECKING:
    from collections.abc import Sequence

    import shacl

__all__ = ["violations"]


@cache
def _shapes() -> shacl.Shapes:
    """The shapes, compiled (~20 ms)."""
    import shacl

    with as_file(_resources.shapes_file()) as path:
        return shacl.Shapes.from_file(str(path))


def _plain(term: str) -> str:
    """Return a term given in N-Triples syntax as :class:`Violation` writes it (no syntax)."""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith("_:"):
        return term[2:]
    triple = next(iter(ox.parse(f"<s:> <p:> {term} .", format=ox.RdfFormat.N_TRIPLES)))
    return str(triple.object.value)


def _path(path: str | None) -> str | None:
    """A single predicate as its IRI; any other path as the engine writes it (SPARQL)."""
    if path is None or not (path.startswith("<") and path.endswith(">")) or ">" in path[1:-1]:
        return path
    return path[1:-1]


def violations(quads: Sequence[ox.Quad] | ox.Store) -> list[Violation]:
    """Validate the union of ``quads`` with the compiled engine and return its findings.

    A path that is not a single predicate is given in SPARQL property-path syntax.
    """
    with tempfile.TemporaryDirectory(prefix="nlmg-shacl-") as folder:
        graph = os.path.join(folder, "graph.nq")  # a file: no copy of a million quads in Python
        if isinstance(quads, ox.Store):
            quads.dump(graph, ox.RdfFormat.N_QUADS)
        else:
            ox.serialize(quads, graph, ox.RdfFormat.N_QUADS)
        report = _shapes().validate_file(graph, allow_warnings=True)
    return [
        Violation(
            focus=_plain(result.focus_node),
            path=_path(result.path),
            shape=_plain(result.source_shape or ""),
            severity=result.severity,
            message=" ".join(sorted(result.messages)) or "constraint not met",
            value=result.value_plain,
        )
        for result in report.results
    ]
