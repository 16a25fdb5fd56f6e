"""One entity's slice of the graph for its page, and whether the verified view holds its facts.

The entity pages need, for each entity, its facts, the claims about it or pointing at it, what
mentions it, and which of its facts the verified view (stored query ``construct-verified``)
holds. Building that whole view costs time in proportion to the graph (beyond the per-query
limit at a million triples), so :class:`EntityView` decides the verdict for one entity's
triples from the stored queries asked about that entity and its few neighbours
(``entity-facts``, ``entity-claims``, ``mentioned-by``), with the rules of
``construct-verified``:

- a triple whose best-ranked, not deprecated claim is corroborated or about its source's own
  content (a normal-rank claim is best-ranked only where no preferred claim exists for its
  subject and property);
- every triple of a source and of a concept scheme;
- every triple of a value node that such a triple links to (a cast role, a money amount), and
  of a value node that value node links to (an FAQ question's answer);
- the naming and typing triples of every node the triples above name.

Every answer is cached: a page asks about the same film, nomination or cast role many times,
and a server renders page after page from one graph. ``tests/test_site.py`` holds the verdicts
equal to the whole view's on the shipped graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import RDFS, URIRef

from nlmg_graph.iris import CLAIM_EXEMPT, PREFIXES, RDF_TYPE

if TYPE_CHECKING:
    from nlmg_graph.graph import KnowledgeGraph
    from nlmg_graph.results import Solutions, Term

__all__ = ["EntityView"]

_NLMG, _SKOS = PREFIXES["nlmg"], PREFIXES["skos"]
_TRUSTED = frozenset({f"{_NLMG}Corroborated", f"{_NLMG}AuthoritativeSource"})
_PREFERRED, _NORMAL, _DEPRECATED = (
    f"{_NLMG}{rank}Rank" for rank in ("Preferred", "Normal", "Deprecated")
)
# Nodes whose own statements need no claim: who said what, and the concept schemes.
_SELF_STATED = frozenset({f"{_NLMG}Source", f"{_SKOS}ConceptScheme"})

_Pair = tuple[str, "Term | None"]  # (property IRI, value term) of one triple of a subject


class EntityView:
    """The stored-query answers about single entities, and the verified view's verdicts.

    >>> from nlmg_graph import load
    >>> view = EntityView(load())
    >>> film = "https://w3id.org/nlmg/work/never-let-me-go-2010"
    >>> director = ox.NamedNode("https://w3id.org/nlmg/person/mark-romanek")
    >>> view.verified(film, f"{PREFIXES['schema']}director", director)
    True
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._value_classes = frozenset(
            str(cls)
            for cls in kg.ontology.subjects(RDFS.subClassOf, URIRef(f"{_NLMG}QualifiedValue"))
        )
        self._facts: dict[str, Solutions] = {}
        self._claims: dict[str, Solutions] = {}
        self._mentions: dict[str, Solutions] = {}
        self._trusted: dict[str, frozenset[_Pair]] = {}
        self._reached: dict[tuple[str, int], bool] = {}
        self._appears: dict[str, bool] = {}

    # -- the stored queries, one answer per entity ------------------------------------------

    def facts(self, iri: str) -> Solutions:
        """Return the ``entity-facts`` rows of ``iri``."""
        if iri not in self._facts:
            self._facts[iri] = self.kg.select("entity-facts", entity=iri)
        return self._facts[iri]

    def claims(self, iri: str) -> Solutions:
        """Return the ``entity-claims`` rows of ``iri`` (claims about it or pointing at it)."""
        if iri not in self._claims:
            self._claims[iri] = self.kg.select("entity-claims", entity=iri)
        return self._claims[iri]

    def mentions(self, iri: str) -> Solutions:
        """Return the ``mentioned-by`` rows of ``iri``."""
        if iri not in self._mentions:
            self._mentions[iri] = self.kg.select("mentioned-by", entity=iri)
        return self._mentions[iri]

    # -- the verdicts ------------------------------------------------------------------------

    def verified(self, subject: str, prop: str, value: Term | None) -> bool:
        """Whether the verified view holds the triple ``subject prop value``."""
        if (prop, value) not in self._pairs(subject):
            return False  # every triple of the view is a fact of the data graph
        if self._is_self_stated(subject) or self._is_reached_value(subject):
            return True
        if (prop, value) in self._trusted_pairs(subject):
            return True
        return prop in CLAIM_EXEMPT and self._appears_in_view(subject)

    def _pairs(self, iri: str) -> set[_Pair]:
        solutions = self.facts(iri)
        index = solutions.variables.index("value")
        return {
            (str(row.property), terms[index])
            for row, terms in zip(solutions, solutions.terms, strict=True)
        }

    def _types(self, iri: str) -> set[str]:
        return {str(row.value) for row in self.facts(iri) if row.property == RDF_TYPE}

    def _is_self_stated(self, iri: str) -> bool:
        return bool(self._types(iri) & _SELF_STATED)

    def _is_value(self, iri: str) -> bool:
        return bool(self._types(iri) & self._value_classes)

    def _trusted_pairs(self, holder: str) -> frozenset[_Pair]:
        """The (property, value) pairs of ``holder`` that a trusted, best-ranked claim backs."""
        if holder not in self._trusted:
            solutions = self.claims(holder)
            index = solutions.variables.index("object")
            rows = [
                (str(row.predicate), str(row.rank), str(row.verification), terms[index])
                for row, terms in zip(solutions, solutions.terms, strict=True)
                if row.subject == holder
            ]
            preferred = {prop for prop, rank, _, _ in rows if rank == _PREFERRED}
            self._trusted[holder] = frozenset(
                (prop, value)
                for prop, rank, verification, value in rows
                if verification in _TRUSTED
                and rank != _DEPRECATED
                and not (rank == _NORMAL and prop in preferred)
            )
        return self._trusted[holder]

    def _pointers(self, iri: str) -> list[tuple[str, str]]:
        """The (subject, property) of each data triple whose object is ``iri``."""
        target = ox.NamedNode(iri)
        return [
            (str(row.subject), str(row.property))
            for row in self.mentions(iri)
            if (str(row.property), target) in self._pairs(str(row.subject))
        ]

    def _claimed_by(self, iri: str) -> list[tuple[str, str]]:
        """The (subject, property) of each trusted claim whose value is ``iri``."""
        target = ox.NamedNode(iri)
        return [
            (str(row.subject), str(row.predicate))
            for row in self.claims(iri)
            if row.object == iri
            and row.subject != iri
            and (str(row.predicate), target) in self._trusted_pairs(str(row.subject))
        ]

    def _is_reached_value(self, iri: str, depth: int = 2) -> bool:
        """Whether ``iri`` is a value node whose triples the view holds.

        At depth 2: linked by a trusted claim or a self-stated node (a source), or by such a
        value node; at depth 1 only the former.
        """
        key = (iri, depth)
        if key not in self._reached:
            self._reached[key] = self._is_value(iri) and (
                bool(self._claimed_by(iri))
                or any(
                    self._is_self_stated(holder)
                    or (depth > 1 and self._is_reached_value(holder, 1))
                    for holder, _ in self._pointers(iri)
                )
            )
        return self._reached[key]

    def _appears_in_view(self, iri: str) -> bool:
        """Whether ``iri`` is the subject or object of a triple the view holds for its own sake."""
        if iri not in self._appears:
            target = ox.NamedNode(iri)
            self._appears[iri] = (
                bool(self._trusted_pairs(iri) & self._pairs(iri))
                or self._is_self_stated(iri)
                or self._is_reached_value(iri)
                or any(
                    (prop, target) in self._pairs(holder) for holder, prop in self._claimed_by(iri)
                )
                or any(
                    self._is_self_stated(holder) or self._is_reached_value(holder)
                    for holder, _ in self._pointers(iri)
                )
            )
        return self._appears[iri]
