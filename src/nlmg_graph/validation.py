"""Validating the knowledge graph: SHACL shapes, then the stored claim checks.

Validation has two parts. A SHACL engine (:mod:`nlmg_graph.shacl`) checks the data and claims
against ``ontology/shapes.ttl``; then every stored ``queries/*-violation.rq`` check runs on the
whole dataset (these express the claim rules that need the named graphs: every fact backed by a
sourced, best-ranked claim). Both kinds of finding come back as plain :class:`Violation` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from nlmg_graph.catalogue import violation_queries
from nlmg_graph.engine import OxigraphEngine
from nlmg_graph.formats import ShaclEngine
from nlmg_graph.iris import GRAPH_ONTOLOGY, RDF_TYPE
from nlmg_graph.results import Solutions

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["ValidationReport", "Violation", "neighbourhood", "validate_graph"]

_RDF_TYPE = ox.NamedNode(RDF_TYPE)


class Violation(NamedTuple):
    """One validation finding, as plain strings (IRIs in full).

    ``shape`` is the SHACL shape (the property shape where there is one) or, for a stored
    check, the query's name; ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``.
    """

    focus: str
    path: str | None
    shape: str
    severity: str
    message: str
    value: str | None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate_graph`.

    Attributes:
        conforms: whether no finding of severity ``Violation`` was made.
        violations: every finding, sorted by shape, focus and path.
    """

    conforms: bool
    violations: tuple[Violation, ...]

    @property
    def text(self) -> str:
        """The findings, one per line as ``shape focus path: message``."""
        return "\n".join(
            f"{v.shape} {v.focus} {v.path or '-'}: {v.message}" for v in self.violations
        )


def _str(term: object) -> str | None:
    return None if term is None else str(term)


def _check_violations(store: ox.Store) -> list[Violation]:
    """Run every stored ``*-violation`` check on Oxigraph and report each row it returns."""
    engine = OxigraphEngine(store)
    found: list[Violation] = []
    for check in violation_queries():
        solutions = engine.execute(check.text)
        assert isinstance(solutions, Solutions)
        found.extend(
            Violation(
                focus=_str(row.focus),  # type: ignore[arg-type]
                path=_str(row.path),
                shape=check.name,
                severity="Violation",
                message=check.message,
                value=_str(row.value),
            )
            for row in solutions
        )
    return found


def neighbourhood(store: ox.Store, nodes: Iterable[ox.NamedNode]) -> tuple[list[ox.Quad], set[str]]:
    """Return what SHACL needs to judge ``nodes`` in ``store``, and the nodes it can judge.

    ``nodes`` are the subjects of what was added or changed. SHACL gets every statement about
    them and about the nodes that point at them (a claim about an entity, the film that holds
    a cast role), about the blank nodes those statements lead to, the type of every node they
    mention (for ``sh:class``), and the ontology. The nodes whose statements are all there are
    the ones whose findings can be trusted.
    """
    complete: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set(nodes)
    for node in list(complete):
        complete.update(q.subject for q in store.quads_for_pattern(None, None, node))
    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY)))
    pending = list(complete)
    while pending:
        node = pending.pop()
        for quad in store.quads_for_pattern(node, None, None):
            quads.append(quad)
            if isinstance(quad.object, ox.BlankNode) and quad.object not in complete:
                complete.add(quad.object)
                pending.append(quad.object)
    mentioned = {q.object for q in quads if isinstance(q.object, ox.NamedNode)} - complete
    for node in mentioned:
        quads.extend(store.quads_for_pattern(node, _RDF_TYPE, None))
    return quads, {str(getattr(node, "value", node)) for node in complete}


def validate_graph(
    quads: Iterable[ox.Quad],
    store: ox.Store,
    *,
    changed: Iterable[ox.NamedNode] | None = None,
    shacl_engine: ShaclEngine | str = ShaclEngine.SHACL,
) -> ValidationReport:
    """Validate the data and claims of a loaded graph against the shapes and the stored checks.

    Args:
        quads: the graph's quads, literals as written, or ``store`` itself; the SHACL engine
            gets their union.
        store: the same graph in Oxigraph (for the checks).
        changed: for a graph known to conform except where these nodes were added or changed:
            SHACL then judges only them and their :func:`neighbourhood`, and the stored checks
            only the nodes of their :func:`~nlmg_graph.shacl.scope.check_scope` (a million
            triples take the checks ~20 s, a small change milliseconds). Shapes that look
            further than the neighbourhood (an FAQ page's unique positions) are checked fully
            only by a full validation.
        shacl_engine: ``"shacl"`` (compiled, the default) or ``"pyshacl"`` (the reference);
            both give the same findings.

    Returns:
        The report; ``conforms`` is false when any finding has severity ``Violation``.

    Raises:
        OptionError: an unknown SHACL engine.
    """
    from nlmg_graph.shacl import shacl_violations
    from nlmg_graph.shacl.scope import check_scope

    judged: set[str] | None = None
    scope = None
    if changed is not None:
        changed = list(changed)
        quads, judged = neighbourhood(store, changed)
        scope = check_scope(store, changed)
    whole = quads if isinstance(quads, ox.Store) else list(quads)
    found = shacl_violations(whole, engine=shacl_engine)
    violations = [v for v in found if judged is None or v.focus in judged]
    if scope is None:
        violations += _check_violations(store)
    else:
        checked, nodes = scope
        violations += [v for v in _check_violations(checked) if v.focus in nodes]
    violations.sort(key=lambda v: (v.shape, v.focus, v.path or "", v.value or ""))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations))
