"""The IRIs nlmg-graph mints and the prefixes it binds, as plain strings.

This module imports nothing, so the command line can shorten IRIs and lay out the named graphs
without paying for rdflib (``import rdflib`` alone costs about 0.1 s). The rdflib namespace
objects of :mod:`nlmg_graph.namespaces` are built from these strings.
"""

from __future__ import annotations

__all__ = [
    "BASE",
    "CLAIM_CLASS",
    "CLAIM_EXEMPT",
    "GRAPH_CLAIMS",
    "GRAPH_DATA",
    "GRAPH_ONTOLOGY",
    "NAMED_GRAPHS",
    "PREFIXES",
    "WELL_KNOWN",
    "expand",
    "shorten",
]

BASE = "https://w3id.org/nlmg/"
"""The base under which every IRI the project mints lives."""

PREFIXES: dict[str, str] = {
    "nlmg": f"{BASE}ontology/",
    "nlmgsh": f"{BASE}shapes/",
    "work": f"{BASE}work/",
    "person": f"{BASE}person/",
    "character": f"{BASE}character/",
    "org": f"{BASE}organization/",
    "place": f"{BASE}place/",
    "filming": f"{BASE}filming-location/",
    "role": f"{BASE}role/",
    "award": f"{BASE}award/",
    "event": f"{BASE}event/",
    "amount": f"{BASE}amount/",
    "score": f"{BASE}score/",
    "theme": f"{BASE}theme/",
    "concept": f"{BASE}concept/",
    "object": f"{BASE}object/",
    "difference": f"{BASE}difference/",
    "offer": f"{BASE}offer/",
    "faq": f"{BASE}faq/",
    "relation": f"{BASE}relation/",
    "claim": f"{BASE}claim/",
    "source": f"{BASE}source/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
"""Turtle prefix names of ``docs/MODEL.md`` mapped to their namespaces."""

GRAPH_ONTOLOGY = f"{BASE}graph/ontology"
"""Named graph that holds the ontology."""
GRAPH_DATA = f"{BASE}graph/data"
"""Named graph that holds the facts and value nodes."""
GRAPH_CLAIMS = f"{BASE}graph/claims"
"""Named graph that holds the claim records."""
NAMED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_CLAIMS)
"""The named graphs of a loaded graph, in the order they are exported."""

WELL_KNOWN: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""The W3C prefixes every RDF tool knows, for shortening IRIs in messages and tables."""

RDF_TYPE = f"{WELL_KNOWN['rdf']}type"
"""``rdf:type``."""

CLAIM_CLASS = f"{PREFIXES['nlmg']}Claim"
"""``nlmg:Claim``: subjects of this type go to the claims graph."""

CLAIM_EXEMPT = frozenset(
    {
        RDF_TYPE,
        *(f"{WELL_KNOWN['rdfs']}{name}" for name in ("label", "comment")),
        *(
            f"{PREFIXES['schema']}{name}"
            for name in ("name", "alternateName", "description", "url")
        ),
        *(
            f"{PREFIXES['skos']}{name}"
            for name in (
                *("prefLabel", "altLabel", "definition", "example", "scopeNote"),
                *("inScheme", "topConceptOf", "hasTopConcept"),
            )
        ),
    }
)
"""The properties exempt from claims (docs/MODEL.md): naming, description and typing. The
verified view names every node it holds with them (``construct-verified``)."""


def expand(name: str, prefixes: dict[str, str] | None = None) -> str:
    """Return the full IRI of a prefixed name such as ``person:carey-mulligan``.

    ``name`` comes back unchanged when its prefix is not one of ``prefixes`` (default:
    :data:`PREFIXES`), so full IRIs pass through.

    >>> expand("person:carey-mulligan")
    'https://w3id.org/nlmg/person/carey-mulligan'
    >>> expand("https://schema.org/Movie")
    'https://schema.org/Movie'
    """
    prefix, colon, local = name.partition(":")
    namespaces = PREFIXES if prefixes is None else prefixes
    if colon and prefix in namespaces and not local.startswith("//"):
        return namespaces[prefix] + local
    return name


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """Return ``iri`` as a prefixed name if a namespace of ``prefixes`` fits, else unchanged.

    ``prefixes`` defaults to :data:`PREFIXES` and :data:`WELL_KNOWN`; the longest namespace
    wins, and only a local name without ``/`` or ``#`` is used, so the result reads back.

    >>> shorten("https://w3id.org/nlmg/person/carey-mulligan")
    'person:carey-mulligan'
    >>> shorten("https://example.org/a/b")
    'https://example.org/a/b'
    """
    namespaces = {**PREFIXES, **WELL_KNOWN} if prefixes is None else prefixes
    fitting = [
        (namespace, prefix)
        for prefix, namespace in namespaces.items()
        if namespace
        and iri.startswith(namespace)
        and iri != namespace
        and not set(iri[len(namespace) :]) & {"/", "#"}
    ]
    if not fitting:
        return iri
    namespace, prefix = max(fitting, key=lambda fit: len(fit[0]))
    return f"{prefix}:{iri[len(namespace) :]}"
