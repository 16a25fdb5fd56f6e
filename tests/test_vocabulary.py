"""Every schema.org term the ontology, shapes and data use exists in schema.org 30.0."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from nlmg_graph import _resources

REPO_VENDOR = Path("vendor/schemaorg-30.0/schemaorg-current-https.ttl")
SCHEMA = "https://schema.org/"
SUPERSEDED_BY = ox.NamedNode(f"{SCHEMA}supersededBy")


@cache
def schema_terms() -> tuple[frozenset[str], frozenset[str]]:
    """Return (every term defined by schema.org 30.0, the superseded ones)."""
    vocabulary = _resources.ontology_folder() / REPO_VENDOR
    defined, superseded = set(), set()
    for triple in ox.parse(vocabulary.read_bytes(), format=ox.RdfFormat.TURTLE):
        if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith(SCHEMA):
            defined.add(triple.subject.value)
            if triple.predicate == SUPERSEDED_BY:
                superseded.add(triple.subject.value)
    return frozenset(defined), frozenset(superseded)


def used_schema_terms(graph: Graph) -> set[str]:
    terms = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(SCHEMA):
                terms.add(str(term))
    return terms


FILES = [
    *_resources.ontology_files(),
    _resources.shapes_file(),
    _resources.markup_shapes_file(),
    *_resources.data_files(),
]


@pytest.mark.parametrize("source", FILES, ids=[f.name for f in FILES])
def test_schema_terms_exist_and_are_current(source: Path) -> None:
    defined, superseded = schema_terms()
    used = used_schema_terms(Graph().parse(data=source.read_bytes(), format="turtle"))
    unknown = sorted(used - defined)
    assert not unknown, f"{source.name} uses terms schema.org 30.0 does not define: {unknown}"
    old = sorted(used & superseded)
    assert not old, f"{source.name} uses superseded schema.org terms: {old}"
