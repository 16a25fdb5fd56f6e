"""What a change to a valid store can break: the nodes the stored checks must judge again.

The five stored checks (``queries/*-violation.rq``) each report a focus node: a fact's subject,
a claim, or a value node. On a store that conformed, adding statements can make a finding only
where a check's positive patterns gain a match, for every ``MINUS`` and negation only removes
findings as statements are added. That match names a node the change made statements about, or
the subject of a claim it made statements about. :func:`check_scope` collects those nodes and
everything the checks read about them into a small store; the checks run there unchanged, and
their findings about those nodes are exactly the findings a check of the whole store would make
about them. ``tests/test_store.py`` holds the two to the same findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from nlmg_graph import iris

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["check_scope"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)
_RDF_SUBJECT = ox.NamedNode(_RDF + "subject")
_RDF_OBJECT = ox.NamedNode(_RDF + "object")
_SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_ONTOLOGY = ox.NamedNode(iris.GRAPH_ONTOLOGY)
_DATA = ox.NamedNode(iris.GRAPH_DATA)

Node = ox.NamedNode | ox.BlankNode


def _touched(store: ox.Store, changed: Iterable[ox.NamedNode]) -> set[Node]:
    """The changed nodes, the blank nodes their statements lead to, and their claims' subjects.

    The subjects are closed over: a claim's subject that is itself a claim brings its own.
    """
    nodes: set[Node] = set(changed)
    pending: list[Node] = list(nodes)
    while pending:
        node = pending.pop()
        for quad in store.quads_for_pattern(node, None, None):
            found = quad.object
            follow = isinstance(found, ox.BlankNode) or (
                quad.predicate == _RDF_SUBJECT and isinstance(found, ox.NamedNode)
            )
            if follow and found not in nodes:
                nodes.add(found)  # type: ignore[arg-type]
                pending.append(found)  # type: ignore[arg-type]
    return nodes


def check_scope(
    store: ox.Store, changed: Iterable[ox.NamedNode]
) -> tuple[ox.Store, set[str]] | None:
    """Return what the stored checks need to judge a change to a valid ``store``.

    Args:
        store: the whole graph, the change included; without it, it conformed.
        changed: the subjects of what was added.

    Returns:
        A small in-memory store (the ontology, every ``rdfs:subClassOf`` statement, and for each
        judged node: its statements, the claims about it or pointing at it, the statements that
        point at it and their subjects' types) and the judged nodes (IRIs and blank node ids as
        the checks report them); or ``None`` when the change adds a class (``rdfs:subClassOf``),
        which can turn nodes it never mentions into value nodes: then check everything.
    """
    nodes = _touched(store, changed)
    if any(any(store.quads_for_pattern(node, _SUBCLASS_OF, None)) for node in nodes):
        return None
    quads = [
        *store.quads_for_pattern(None, None, None, _ONTOLOGY),
        *store.quads_for_pattern(None, _SUBCLASS_OF, None),
    ]
    for node in nodes:
        quads.extend(store.quads_for_pattern(node, None, None))
        claims = {q.subject for q in store.quads_for_pattern(None, _RDF_SUBJECT, node)}
        claims.update(q.subject for q in store.quads_for_pattern(None, _RDF_OBJECT, node))
        for claim in claims:
            quads.extend(store.quads_for_pattern(claim, None, None))
        for link in store.quads_for_pattern(None, None, node, _DATA):
            quads.append(link)
            quads.extend(store.quads_for_pattern(link.subject, _RDF_TYPE, None))
    scope = ox.Store()
    scope.extend(quads)
    return scope, {node.value for node in nodes}
