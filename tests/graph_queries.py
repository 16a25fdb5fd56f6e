"""SPARQL helpers shared by the tests: the prefixes, SELECT and ASK, and the claims on a statement.

A test writes only a query's body: ``select`` and ``ask`` put ``PREFIXES`` (the prefixes of
``nlmg_graph.namespaces.PREFIXES`` plus rdf, rdfs, xsd, owl and skos) in front of it and pass
the keyword arguments as bindings, so values are never formatted into the text. IRIs on the
Python side come from the namespace objects of ``nlmg_graph.namespaces`` (``NLMG.rank``,
``NLMG[name]``, ``SOURCE["article"]``), for instance::

    select(kg, "SELECT ?n WHERE { ?w schema:name ?n }", w=WORK["never-let-me-go-2010"])
"""

from __future__ import annotations

from typing import NamedTuple

from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier, Node, URIRef

import nlmg_graph
from nlmg_graph import namespaces

__all__ = ["PREFIXES", "ClaimRecord", "ask", "claims_on", "select"]

PREFIXES = "".join(
    f"PREFIX {prefix}: <{namespace}>\n"
    for prefix, namespace in sorted(
        {
            **namespaces.PREFIXES,
            "rdf": RDF,
            "rdfs": RDFS,
            "xsd": XSD,
            "owl": OWL,
            "skos": SKOS,
        }.items()
    )
)
"""One ``PREFIX`` line per prefix, sorted by prefix name."""


def select(
    kg: nlmg_graph.KnowledgeGraph, body: str, **bindings: Identifier
) -> list[tuple[Identifier | None, ...]]:
    """Run a SELECT after ``PREFIXES``; its rows as tuples, None where a variable is unbound."""
    return [tuple(row) for row in kg.query(PREFIXES + body, bindings=bindings)]


def ask(kg: nlmg_graph.KnowledgeGraph, body: str, **bindings: Identifier) -> bool:
    """Run an ASK after ``PREFIXES`` and return its answer."""
    return bool(kg.query(PREFIXES + body, bindings=bindings).askAnswer)


class ClaimRecord(NamedTuple):
    """A claim on one statement: its object, rank, verification, sources and source section."""

    claim: URIRef
    object: Node
    rank: URIRef
    verification: URIRef
    sources: frozenset[URIRef]
    section: str | None


def claims_on(
    kg: nlmg_graph.KnowledgeGraph,
    subject: URIRef,
    predicate: URIRef,
    obj: Node | None = None,
) -> list[ClaimRecord]:
    """The claims of every rank on ``subject predicate obj`` (on any object if ``obj`` is None).

    One record per claim, in the order the query first meets them, with all its sources.
    """
    bindings: dict[str, Identifier] = {"s": subject, "p": predicate}
    if obj is not None:
        bindings["object"] = obj
    rows = select(
        kg,
        """SELECT ?claim ?object ?rank ?verification ?source ?section WHERE {
            ?claim a nlmg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?object ;
                   nlmg:rank ?rank ; nlmg:verification ?verification ; nlmg:statedIn ?source .
            OPTIONAL { ?claim nlmg:sourceSection ?section }
        }""",
        **bindings,
    )
    records: dict[URIRef, ClaimRecord] = {}
    for claim, value, rank, verification, source, section in rows:
        record = records.get(claim) or ClaimRecord(
            claim, value, rank, verification, frozenset(), None if section is None else str(section)
        )
        records[claim] = record._replace(sources=record.sources | {source})
    return list(records.values())
