"""House rules for the data files that SHACL cannot see (they concern the text, not the graph)."""

from __future__ import annotations

import re
from importlib.resources.abc import Traversable

import pytest
from rdflib import XSD, BNode, Graph, Literal

from nlmg_graph import _resources

DATA = _resources.data_files()
CANONICAL_DECIMAL = re.compile(r"^-?[0-9]+\.[0-9]+$")


def parsed(source: Traversable) -> Graph:
    return Graph().parse(data=source.read_bytes(), format="turtle")


@pytest.mark.parametrize("source", DATA, ids=[f.name for f in DATA])
def test_decimals_are_written_in_canonical_form(source: Traversable) -> None:
    """``"71"^^xsd:decimal`` re-serialises as ``71.0``: only ``71.0`` round-trips unchanged."""
    odd = sorted(
        f"{s} {p} {o.n3()}"
        for s, p, o in parsed(source)
        if isinstance(o, Literal)
        and o.datatype == XSD.decimal
        and not CANONICAL_DECIMAL.match(str(o))
    )
    assert not odd, f"{source.name}: write decimals with a decimal point: {odd}"


@pytest.mark.parametrize("source", DATA, ids=[f.name for f in DATA])
def test_no_blank_nodes(source: Traversable) -> None:
    """Every node has a stable IRI, so diffs stay small and claims can point at it."""
    blank = sorted({str(t) for triple in parsed(source) for t in triple if isinstance(t, BNode)})
    assert not blank, f"{source.name} has {len(blank)} blank node(s)"


def test_every_subject_file_exists() -> None:
    names = {f.name.removesuffix(".ttl") for f in DATA}
    expected = {
        "awards",
        "characters",
        "credits",
        "differences",
        "faqs",
        "film",
        "novel",
        "offers",
        "organizations",
        "people",
        "places",
        "reception",
        "related",
        "sources",
        "themes",
        "world",
    }
    assert expected <= names, sorted(expected - names)
