"""schema.org JSON-LD markup for search engines, built from the facts the graph stands behind.

The markup is derived from the verified view by default (the stored query
``construct-verified``: the best-ranked facts whose claim is corroborated by a published source
or is about its source's own content, such as the article's FAQ), so a disputed, refuted or
merely unverified claim never reaches a search engine. ``view="facts"`` builds it from the
facts view instead (``construct-facts``: every best-ranked statement). Every node keeps the
graph's IRI as its ``@id``.

What the markup holds, for every work that has facts in the view (the shipped film, the
related films, a user's own films and books passed with ``--data``), each kind ordered by name:

- each **film** (``schema:Movie``) as a ``Movie``: its schema.org facts as they are (name,
  dates, genres, ISO 8601 duration, countries, language, director, producers, music,
  production companies, sameAs), plus what the graph says with its own terms, turned into
  schema.org's: the cast as ``actor`` → ``PerformanceRole`` (``characterName``) → ``actor``;
  the screenplay as ``author`` and the other crew credits as ``contributor``, each a ``Role``
  with its ``roleName`` (schema.org has no screenwriter or cinematographer property); the
  filming places as ``locationCreated`` places, with the places that contain them; the awards
  it won as ``award`` text; its IMDb identifier as a ``sameAs`` URL
  (``https://www.imdb.com/title/<id>/``, people's as ``/name/<id>/``); and the where-to-watch
  offers as ``Offer`` nodes (price and currency, a price range as a ``PriceSpecification``,
  the kind of offer as ``category``, and the date the offer was observed as ``validFrom``:
  schema.org has no "observed on", and the offer is known to hold from that date). An offer
  with no such date is left out: an undated listing says nothing a search engine can rely on.
  A related film the graph knows only by title and year is a small ``Movie`` (its name);
- each **book** (``schema:Book``) as a ``Book`` (a film's ``isBasedOn`` also carries its author
  and date);
- the **people** of the view as ``Person`` nodes (birth date and place where the graph has
  them, awards won);
- the **seed article** as an ``Article`` and the **FAQs** as an ``FAQPage`` of ``Question`` nodes
  with their ``acceptedAnswer``.

Review scores are left out: Rotten Tomatoes' and Metacritic's scores are third-party ratings,
and search engines forbid marking those up as the film's own ``aggregateRating`` (or as
``review`` it did not receive). They stay in the graph (``nlmg-graph query review-scores``)
for a page to show as text. Facts with no schema.org counterpart (budget, box office,
releases, certifications, themes, characters, fictional places) are left out as well.

:func:`markup` is the whole document; :func:`entity_markup` and :func:`entity_document` the
markup of one entity (``export --entity``; the latter takes a prefixed name and says why an
IRI has none); :func:`markup_files` one file per entity plus the index (``export --output DIR``).

Example:
    >>> from nlmg_graph import load
    >>> node = entity_markup(load(), "https://w3id.org/nlmg/work/never-let-me-go-2010")
    >>> node["@type"], node["name"], node["duration"]
    ('Movie', 'Never Let Me Go', 'PT1H43M')
"""

from __future__ import annotations

import json
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from nlmg_graph.embed import html_page, json_for_html
from nlmg_graph.errors import OptionError
from nlmg_graph.formats import View, parse_option
from nlmg_graph.iris import BASE, CLAIM_EXEMPT, expand, shorten
from nlmg_graph.markup import official_context
from nlmg_graph.namespaces import FAQ, NLMG, SCHEMA, SOURCE

if TYPE_CHECKING:
    from rdflib.term import Node

    from nlmg_graph.graph import KnowledgeGraph

__all__ = [
    "CONTEXT",
    "entities",
    "entity_document",
    "entity_markup",
    "markup",
    "markup_files",
    "render",
]

CONTEXT = "https://schema.org"
"""The ``@context`` of the markup: schema.org's, as search engines expect it."""

_ARTICLE = SOURCE["article"]
_FAQ_PAGE = FAQ["page"]
_WORKS = (SCHEMA.Movie, SCHEMA.Book)
"""The kinds of work with a node in the markup, in the order the markup lists them."""
_IMDB = {"tt": "https://www.imdb.com/title/{}/", "nm": "https://www.imdb.com/name/{}/"}
_INTEGERS = frozenset(
    XSD[name]
    for name in (
        *("integer", "positiveInteger", "nonNegativeInteger", "negativeInteger"),
        *("nonPositiveInteger", "long", "int", "short", "byte"),
    )
)
_NUMBERS = frozenset({XSD.decimal, XSD.double, XSD.float})


def _json_value(literal: Node) -> Any:
    """Return a literal as a JSON value (language tags are dropped: the markup is English)."""
    if not isinstance(literal, Literal):
        return str(literal)
    if literal.datatype in _INTEGERS:
        return int(literal)
    if literal.datatype in _NUMBERS:
        return float(Decimal(str(literal)))
    if literal.datatype == XSD.boolean:
        return literal.lower() in ("true", "1")
    return str(literal)


def _sort_key(value: Any) -> tuple[float, str]:
    position = value.get("position") if isinstance(value, dict) else None
    order = float(position) if isinstance(position, int | float) else float("inf")
    return order, json.dumps(value, sort_keys=True)


def _node(values: dict[str, list[Any]]) -> dict[str, Any]:
    """Return a JSON-LD node: ``@id``, ``@type``, then the properties by name, values sorted."""
    node: dict[str, Any] = {}
    for key in ["@id", "@type", *sorted(k for k in values if not k.startswith("@"))]:
        items = values.get(key, [])
        unique = {json.dumps(v, sort_keys=True): v for v in items}
        ordered = sorted(unique.values(), key=_sort_key)
        if ordered:
            node[key] = ordered[0] if len(ordered) == 1 else ordered
    return node


class _Builder:
    """Turns one view (facts or verified) of one loaded graph into schema.org nodes."""

    def __init__(self, kg: KnowledgeGraph, view: View) -> None:
        facts = kg.run(f"construct-{view.value}")
        assert isinstance(facts, Graph)
        self.facts = facts
        self.ontology = kg.ontology
        self.url_terms = {
            term
            for term, definition in official_context().items()
            if isinstance(definition, dict) and definition.get("@type") == "@id"
        }
        # each nlmg: class's schema.org superclasses, and whether it is a value node class
        self.schema_classes: dict[Node, set[str]] = defaultdict(set)
        self.value_classes: set[Node] = set()
        for cls in set(self.ontology.subjects(RDFS.subClassOf, None)):
            for parent in self.ontology.transitive_objects(cls, RDFS.subClassOf):
                if parent == NLMG.QualifiedValue:
                    self.value_classes.add(cls)
            for parent in self.ontology.objects(cls, RDFS.subClassOf):
                if str(parent).startswith(str(SCHEMA)):
                    self.schema_classes[cls].add(str(parent).removeprefix(str(SCHEMA)))

    # -- what a node is ----------------------------------------------------------------------

    def types(self, node: Node) -> list[str]:
        """The node's schema.org types, else those its ``nlmg:`` classes are subclasses of.

        ``nlmg:CastRole`` is a ``PerformanceRole``; a node typed with a schema.org class too
        (``nlmg:Source`` and ``schema:Article``) keeps only its schema.org types.
        """
        classes = set(self.facts.objects(node, RDF.type))
        own = {str(c).removeprefix(str(SCHEMA)) for c in classes if str(c).startswith(str(SCHEMA))}
        if own:
            return sorted(own)
        return sorted({name for c in classes for name in self.schema_classes.get(c, ())})

    def is_value(self, node: Node) -> bool:
        return isinstance(node, BNode) or any(
            c in self.value_classes for c in self.facts.objects(node, RDF.type)
        )

    def is_undated_offer(self, node: Node) -> bool:
        """Whether ``node`` is an offer without the date it was observed on (not published)."""
        return "Offer" in self.types(node) and self.facts.value(node, NLMG.observedOn) is None

    def label(self, term: Node) -> str:
        label = self.ontology.value(term, RDFS.label)
        return str(label) if label is not None else str(term).rsplit("/", 1)[-1]

    def name(self, node: Node) -> str:
        return str(self.facts.value(node, SCHEMA.name) or self.label(node))

    # -- nodes -------------------------------------------------------------------------------

    def entity(self, node: Node) -> dict[str, Any]:
        """The full node of an entity: all its facts in schema.org terms."""
        values = self.properties(node)
        if node in set(self.facts.subjects(RDF.type, SCHEMA.Person)):
            values["award"].extend(self.awards_won(nominee=node))
        return self.finish(node, values)

    def summary(self, node: Node, seen: frozenset[Node] = frozenset()) -> dict[str, Any]:
        """What a node says of an entity it points to: its id, type and name.

        A book also gives its author and date (the film's ``isBasedOn``), a place the places
        that contain it.
        """
        values: dict[str, list[Any]] = defaultdict(list)
        values["name"] = [str(n) for n in self.facts.objects(node, SCHEMA.name)]
        if SCHEMA.Book in set(self.facts.objects(node, RDF.type)):
            values["author"] = [self.summary(a) for a in self.facts.objects(node, SCHEMA.author)]
            values["datePublished"] = [
                _json_value(d) for d in self.facts.objects(node, SCHEMA.datePublished)
            ]
        for place in self.facts.objects(node, SCHEMA.containedInPlace):
            if place not in seen:
                values["containedInPlace"].append(self.summary(place, seen | {node}))
        return self.finish(node, values)

    def finish(self, node: Node, values: dict[str, list[Any]]) -> dict[str, Any]:
        if isinstance(node, URIRef):
            values["@id"] = [str(node)]
        values["@type"] = list(self.types(node))
        result = _node(values)
        if "Offer" in values["@type"]:
            self.price_range(result)
        return result

    @staticmethod
    def price_range(offer: dict[str, Any]) -> None:
        """Move an offer's price range into a ``PriceSpecification`` (Offer has no min/max)."""
        bounds: dict[str, Any] = {k: offer.pop(k) for k in ("minPrice", "maxPrice") if k in offer}
        if bounds:
            if "priceCurrency" in offer:
                bounds["priceCurrency"] = offer["priceCurrency"]
            offer["priceSpecification"] = {"@type": "PriceSpecification", **bounds}

    def properties(self, node: Node) -> dict[str, list[Any]]:
        values: dict[str, list[Any]] = defaultdict(list)
        for predicate, value in sorted(self.facts.predicate_objects(node)):
            term = str(predicate)
            if term.startswith(str(SCHEMA)):
                key = term.removeprefix(str(SCHEMA))
                converted = self.value(key, value)
                if converted is not None:
                    values[key].append(converted)
            elif term.startswith(str(NLMG)):
                for key, converted in self.own_term(predicate, value):
                    values[key].append(converted)
        return values

    def value(self, key: str, value: Node) -> Any:
        """A schema.org property's value: a literal, a nested value node, a summary or a URL."""
        if isinstance(value, Literal):
            return _json_value(value)
        if (value, RDF.type, None) not in self.facts and isinstance(value, URIRef):
            return str(value) if key in self.url_terms else {"@id": str(value)}
        if not self.types(value):
            return None  # a thing schema.org has no type for (a fictional character, ...)
        if self.is_undated_offer(value):
            return None
        if self.is_value(value):
            return self.entity(value)
        return self.summary(value)

    def own_term(self, predicate: Node, value: Node) -> Iterable[tuple[str, Any]]:
        """The schema.org form of a fact stated with an ``nlmg:`` property, if it has one."""
        if predicate == NLMG.castRole:
            yield "actor", self.entity(value)
        elif predicate == NLMG.crewRole:
            function = self.facts.value(value, NLMG.crewFunction)
            key = "author" if function == NLMG.Screenwriter else "contributor"
            people = self.facts.objects(value, NLMG.creditedPerson)
            role: dict[str, list[Any]] = {
                "@id": [str(value)],
                "@type": ["Role"],
                "roleName": [self.label(function)] if function is not None else [],
                key: [self.summary(person) for person in people],
            }
            yield key, _node(role)
        elif predicate == NLMG.filmingLocation:
            for place in self.facts.objects(value, NLMG.place):
                yield "locationCreated", self.summary(place)
        elif predicate == NLMG.nomination:
            yield from (("award", text) for text in self.awards_won(nomination=value))
        elif predicate == NLMG.imdbId:
            template = _IMDB.get(str(value)[:2])
            if template:
                yield "sameAs", template.format(value)
        elif predicate == NLMG.observedOn:
            yield "validFrom", _json_value(value)
        elif predicate == NLMG.offerType:
            yield "category", self.label(value)
        elif predicate == NLMG.position:
            yield "position", _json_value(value)

    def awards_won(
        self, *, nomination: Node | None = None, nominee: Node | None = None
    ) -> list[str]:
        """Award texts, ``"<body> <year>: <category> (<who or what>)"``, for wins that are facts.

        Either for one nomination of a work (naming the person who won, if any), or for every
        nomination a person won (naming the work).
        """
        found = []
        for work, _, won in self.facts.triples((None, NLMG.nomination, nomination)):
            if self.facts.value(won, NLMG.outcome) != NLMG.Won:
                continue
            person = self.facts.value(won, NLMG.nominee)
            if nominee is not None and person != nominee:
                continue
            category = self.facts.value(won, NLMG.awardCategory)
            body = self.facts.value(won, NLMG.awardBody)
            year = self.facts.value(won, NLMG.awardYear)
            heading = " ".join(p for p in (body and self.name(body), year and str(year)) if p)
            text = f"{heading}: {self.name(category)}" if category is not None else heading
            if nominee is not None:
                text += f" ({self.name(work)})"
            elif person is not None:
                text += f" ({self.name(person)})"
            found.append(text)
        return found

    # -- the documents -----------------------------------------------------------------------

    def has_form(self, node: Node) -> bool:
        return (node, RDF.type, None) in self.facts and bool(self.types(node))

    def works(self) -> list[URIRef]:
        """The films, then the books, that have facts in the view, each kind by name and IRI.

        A work the view holds with claim-exempt properties only is named there (the view names
        every node its facts link to) but has no facts.
        """
        found = []
        for kind in _WORKS:
            with_facts = {
                work
                for work in self.facts.subjects(RDF.type, kind)
                if isinstance(work, URIRef)
                and any(str(p) not in CLAIM_EXEMPT for p in self.facts.predicates(work))
            }
            found += sorted(with_facts, key=lambda work: (self.name(work), str(work)))
        return found

    def entities(self) -> list[URIRef]:
        people = sorted(
            p for p in self.facts.subjects(RDF.type, SCHEMA.Person) if isinstance(p, URIRef)
        )
        wanted = [*self.works(), *people, _ARTICLE, _FAQ_PAGE]
        return [node for node in wanted if self.has_form(node) and not self.is_value(node)]

    def markup_of(self, node: URIRef) -> dict[str, Any] | None:
        """The document of one entity, or ``None`` when it has no schema.org form in the view."""
        if not self.has_form(node) or self.is_value(node):
            return None
        return {"@context": CONTEXT, **self.entity(node)}

    def missing(self, kg: KnowledgeGraph, node: URIRef, view: View) -> str:
        """Why ``node`` has no markup (not in the graph, a claim, a value node, no form…)."""
        if not any((node, None, None) in graph for graph in (kg.data, kg.claims, kg.ontology)):
            if (None, None, node) in kg.data:
                return "not an entity of the graph (no statement is about it)"
            return "not in the graph"
        if (node, None, None) in kg.claims:
            return "a claim record, not an entity"
        if (node, None, None) not in kg.data:
            return "a term of the ontology, not an entity"
        classes = set(kg.data.objects(node, RDF.type))
        if classes & self.value_classes:
            holders = sorted(str(s) for s in kg.data.subjects(None, node))
            of = f" (it belongs to {shorten(holders[0])})" if holders else ""
            return f"a value node, with no markup of its own{of}"
        if (node, RDF.type, None) not in self.facts:
            return f"not in the {view.value} view (no fact of that view names it)"
        kinds = ", ".join(sorted(shorten(str(c)) for c in classes))
        return f"schema.org has no type for what it is ({kinds})"


_BUILDERS: weakref.WeakKeyDictionary[KnowledgeGraph, dict[View, _Builder]] = (
    weakref.WeakKeyDictionary()
)


def _builder(kg: KnowledgeGraph, view: View | str) -> _Builder:
    """One builder per loaded graph and view (the graph is read-only once loaded).

    Raises:
        OptionError: an unknown view, or ``full`` (the markup is built from facts only).
    """
    view = parse_option(View, view, "view")
    if view is View.FULL:
        raise OptionError("the schema.org markup is built from the facts or verified view")
    builders = _BUILDERS.setdefault(kg, {})
    if view not in builders:
        builders[view] = _Builder(kg, view)
    return builders[view]


def entities(kg: KnowledgeGraph, *, view: View | str = View.VERIFIED) -> list[str]:
    """Return the IRIs of the entities the whole markup describes, in its order.

    Every film, then every book, that has facts in ``view`` (``verified`` or ``facts``; a work
    the view only names is left out), each kind by name then IRI; then every person, the seed
    article and the FAQ page, where the view holds them.

    >>> from nlmg_graph import load
    >>> [iri.rsplit("/", 1)[1] for iri in entities(load())][5:8]
    ['one-hour-photo', 'the-remains-of-the-day-film', 'never-let-me-go-novel']
    """
    return [str(node) for node in _builder(kg, view).entities()]


def markup(kg: KnowledgeGraph, *, view: View | str = View.VERIFIED) -> dict[str, Any]:
    """Return the whole schema.org JSON-LD document: ``{"@context": …, "@graph": [...]}``.

    The graph holds one full node per entity of :func:`entities`; nodes point to each other
    by ``@id`` and repeat the other node's type and name, so each reads on its own. It is
    built from ``view``: ``verified`` (the default) or ``facts``.

    Raises:
        OptionError: an unknown view, or ``full``.

    >>> from nlmg_graph import load
    >>> [node["@type"] for node in markup(load())["@graph"]][-2:]
    ['Article', 'FAQPage']
    """
    builder = _builder(kg, view)
    return {"@context": CONTEXT, "@graph": [builder.entity(e) for e in builder.entities()]}


def entity_markup(
    kg: KnowledgeGraph, iri: str, *, view: View | str = View.VERIFIED
) -> dict[str, Any] | None:
    """Return the markup for the page of one entity: its node, with ``@context``.

    The node embeds what it needs to be read alone: the value nodes it holds (cast roles,
    offers, questions) in full, and the type and name of each entity it points to.

    Args:
        kg: the loaded graph.
        iri: the entity's full IRI.
        view: the view the markup is built from, ``verified`` (the default) or ``facts``.

    Returns:
        The JSON-LD document, or ``None`` when the entity has no schema.org form (a fictional
        character or place, an award, a theme, a value node such as a cast role) or is not in
        the view.

    Raises:
        OptionError: an unknown view, or ``full``.

    >>> from nlmg_graph import load
    >>> entity_markup(load(), "https://w3id.org/nlmg/character/kathy-h") is None
    True
    """
    return _builder(kg, view).markup_of(URIRef(iri))


def entity_document(
    kg: KnowledgeGraph, name: str, *, view: View | str = View.VERIFIED
) -> dict[str, Any]:
    """Return the markup of one entity as ``export --entity`` writes it, or say why there is none.

    The same document as :func:`entity_markup` (one file of :func:`markup_files`), for an
    entity named by its full IRI or a prefixed name of the project (``work:gattaca``).

    Raises:
        OptionError: an unknown view, or an entity with no markup: the message names the IRI
            and says why (not in the graph, a claim record, a value node, not in the view, or
            of a kind schema.org has no type for).

    >>> from nlmg_graph import load
    >>> entity_document(load(), "person:kazuo-ishiguro")["@type"]
    'Person'
    """
    view = parse_option(View, view, "view")
    builder = _builder(kg, view)
    node = URIRef(expand(name))
    document = builder.markup_of(node)
    if document is None:
        raise OptionError(f"<{node}> has no schema.org markup: {builder.missing(kg, node, view)}")
    return document


def render(document: dict[str, Any], *, html: bool = False) -> str:
    """Return ``document`` as JSON-LD text, or with ``html`` as a page that embeds it.

    The page's title is the document's name (or headline; the whole document's says it holds
    every work); the JSON is escaped for HTML either way (:mod:`nlmg_graph.embed`), so the same
    text is safe to paste into a page.
    """
    if not html:
        return json_for_html(document) + "\n"
    title = document.get("name") or document.get("headline") or "Every work of the graph"
    return html_page(document, f"{title}: structured data")


def _file_stem(iri: str) -> str:
    """``person-carey-mulligan`` for ``https://w3id.org/nlmg/person/carey-mulligan``."""
    local = iri.removeprefix(BASE) if iri.startswith(BASE) else iri.split("://", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", local.lower()).strip("-")


def markup_files(
    kg: KnowledgeGraph, *, html: bool = False, view: View | str = View.VERIFIED
) -> dict[str, str]:
    """Return the markup as files: ``index`` (the whole document) and one per entity.

    Names are ``index.jsonld`` and ``<kind>-<slug>.jsonld`` (``.html`` pages with ``html``),
    e.g. ``person-carey-mulligan.jsonld``; two IRIs of a user's data with the same stem get
    ``-2``, ``-3``… so no file overwrites another.

    >>> from nlmg_graph import load
    >>> sorted(markup_files(load()))[:2]
    ['faq-page.jsonld', 'index.jsonld']
    """
    suffix = ".html" if html else ".jsonld"
    files = {f"index{suffix}": render(markup(kg, view=view), html=html)}
    for iri in entities(kg, view=view):
        node = entity_markup(kg, iri, view=view)
        assert node is not None  # entities() lists only nodes with a schema.org form
        stem, count = _file_stem(iri), 1
        while f"{stem}{suffix}" in files:
            count += 1
            stem = f"{_file_stem(iri)}-{count}"
        files[f"{stem}{suffix}"] = render(node, html=html)
    return files
