"""pySHACL, the reference SHACL implementation in Python, behind the engine interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import SH

from nlmg_graph import _resources
from nlmg_graph.loading import TermConverter, parse_file
from nlmg_graph.validation import Violation

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyoxigraph as ox

__all__ = ["violations", "violations_from_report"]


def violations(quads: Sequence[ox.Quad] | ox.Store) -> list[Violation]:
    """Validate the union of ``quads`` with pySHACL and return its findings.

    pySHACL gets one rdflib graph built straight from the quads (building the named-graph
    dataset first took three times as long).
    """
    from pyshacl import validate  # imported here: it costs ~0.2 s and only validation needs it

    _, results, _ = validate(
        TermConverter().graph(quads),
        shacl_graph=parse_file(_resources.shapes_file()),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    return violations_from_report(results)


def _str(term: object) -> str | None:
    return None if term is None else str(term)


def violations_from_report(results: Graph) -> list[Violation]:
    """Turn a SHACL validation report graph into :class:`Violation` values."""
    found = []
    # The report's own results only: a failed sh:node also lists the nested shape's results as
    # sh:detail, which say the same thing less readably.
    for result in results.objects(None, SH.result):
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        found.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=_str(results.value(result, SH.resultPath)),
                shape=str(results.value(result, SH.sourceShape)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=" ".join(messages) or "constraint not met",
                value=_str(results.value(result, SH.value)),
            )
        )
    return found
