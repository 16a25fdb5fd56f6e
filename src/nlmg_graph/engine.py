"""Evaluating the stored checks with Oxigraph.

rdflib's SPARQL evaluator is too slow for the claim checks (nested ``FILTER NOT EXISTS`` over a
union of named graphs took minutes on a few thousand triples), so the stored checks run on an
in-memory :mod:`pyoxigraph` store built from a snapshot of the rdflib dataset (about 50 ms for
the shipped graph; each check then takes milliseconds). The default graph is the union of the
named graphs, as in rdflib's ``Dataset(default_union=True)``. Oxigraph canonicalises literals
(``"0.0"^^xsd:decimal`` comes back as ``"0"``), so only plain values leave this module.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

__all__ = ["select", "snapshot"]


def snapshot(dataset: Dataset) -> ox.Store:
    """Return an in-memory Oxigraph store holding the quads of ``dataset``."""
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _plain(term: object) -> str | None:
    if term is None:
        return None
    return str(getattr(term, "value", term))


def select(store: ox.Store, sparql: str) -> list[dict[str, str | None]]:
    """Run a SELECT query; return its rows as dicts of plain strings (IRIs and literal values)."""
    solutions = store.query(sparql, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return [{name: _plain(row[name]) for name in names} for row in solutions]
