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
from nlmg_graph.namespaces import NLMG, SOURCE, WORK

__all__ = ["PREFIXES", "ClaimRecord", "ask", "assert_film_value_claim", "claims_on", "select"]

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
    return [tuple(row) for row in kg.dataset.query(PREFIXES + body, initBindings=bindings)]  # type: ignore[arg-type]


def ask(kg: nlmg_graph.KnowledgeGraph, body: str, **bindings: Identifier) -> bool:
    """Run an ASK after ``PREFIXES`` and return its answer."""
    return bool(kg.dataset.query(PREFIXES + body, initBindings=bindings).askAnswer)


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


def assert_film_value_claim(
    kg: nlmg_graph.KnowledgeGraph,
    rows: list[tuple[Identifier | None, ...]],
    predicate: URIRef,
    *,
    rank: str,
    verification: str | None,
    sources: set[str],
    is_fact: bool,
) -> None:
    """Check the claims on one value node the film links to with ``predicate``.

    ``rows`` are ``(value node, claim, rank, verification, source)``, one per claim and source.
    They must name one value node, every claim with ``rank`` and (unless None) ``verification``,
    citing at least ``sources``; the film's link to the node is a fact exactly when ``is_fact``.
    """
    assert rows, f"no {predicate} claim found"
    values = {r[0] for r in rows}
    assert len(values) == 1, f"expected one value node, found {values}"
    (value,) = values
    assert {r[2] for r in rows} == {NLMG[rank]}, rows
    if verification:
        assert {r[3] for r in rows} == {NLMG[verification]}, rows
    cited = {r[4] for r in rows}
    assert {SOURCE[s] for s in sources} <= cited, f"{value}: claim cites {sorted(map(str, cited))}"
    asserted = ask(
        kg, "ASK { ?film ?p ?value }", film=WORK["never-let-me-go-2010"], p=predicate, value=value
    )
    assert asserted is is_fact, f"{value} should {'be' if is_fact else 'not be'} a fact of the film"
