"""Static HTML pages, one per entity of the graph, and an index: ``nlmg-graph site``.

The entities are those of the stored query ``entities`` (works, people, characters, places,
organisations, events, award categories and nominations, themes, novel-vs-film differences,
the FAQ page). Each page sits at the path of its IRI below ``https://w3id.org/nlmg/``
(``person/carey-mulligan.html`` for ``person:carey-mulligan``), so the site mirrors the IRIs;
the index groups them by kind, films and books apart from the other works.
Film, book, person and place pages open with the sections of :mod:`nlmg_graph.reference` (a
summary box, the cast, crew, awards, reception, money… of a film; a person's credits; what was
filmed at a place) and a diagram of the entity's neighbourhood (:mod:`nlmg_graph.diagram`).
Then every page shows the entity's headline facts, those the verified view holds (asked for
this entity alone: :mod:`nlmg_graph.entity_view`, with the verdicts of ``construct-verified``),
with value nodes such as cast roles or money amounts drawn inline; apart from them, its
best-ranked facts that rest on one source's word, each with that source and date ("listed by …
on 2025-09-30" for an offer); its claims with rank, verification and sources, deprecated ones
marked (``entity-claims``); what mentions it (``mentioned-by``); and its schema.org markup in a
``<script type="application/ld+json">`` element. Pages are plain HTML5 with an inline style
sheet and no script to run; the Jinja2 templates escape every value from the data.

The build is all-or-nothing: pages are written into a fresh directory beside the output, which
replaces the output only once every page is written.
"""

from __future__ import annotations

import os
import posixpath
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from rdflib import RDFS, URIRef

from nlmg_graph.diagram import Node, neighbourhood
from nlmg_graph.embed import script_element
from nlmg_graph.entity_view import EntityView
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.export import write_atomically
from nlmg_graph.iris import BASE, PREFIXES, RDF_TYPE
from nlmg_graph.page_markup import index_markup, page_markup
from nlmg_graph.reference import Cell, Fact, Reference, Value, as_text
from nlmg_graph.results import Solutions, Term
from nlmg_graph.schemaorg import entity_markup

if TYPE_CHECKING:
    from nlmg_graph.graph import KnowledgeGraph
    from nlmg_graph.results import Value as PlainValue

__all__ = ["EntityPages", "build_site", "page_path"]

_GENERATOR = "nlmg-graph site"  # every page's <meta name="generator">: marks a site we wrote

# Index headings for the first segment of an entity's IRI path, in the order shown.
_KIND_HEADINGS = {
    "film": "Films",  # works that are films or books are listed apart from the other works
    "book": "Books",
    "work": "Other works",
    "person": "People",
    "character": "Characters",
    "place": "Places",
    "organization": "Organisations",
    "award": "Awards",
    "event": "Events",
    "theme": "Themes",
    "concept": "The story's world",
    "object": "Objects of the story",
    "difference": "Novel and film",
    "faq": "Questions",
}

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DEPRECATED = f"{PREFIXES['nlmg']}DeprecatedRank"
_REFUTED = f"{PREFIXES['nlmg']}Refuted"
_OBSERVED_ON = f"{PREFIXES['nlmg']}observedOn"
_DATE_PUBLISHED = f"{PREFIXES['schema']}datePublished"
_MOVIE, _BOOK = f"{PREFIXES['schema']}Movie", f"{PREFIXES['schema']}Book"
_ORDER_PROPERTIES = (f"{PREFIXES['nlmg']}billingOrder", f"{PREFIXES['nlmg']}position")
_MAX_DEPTH = 3  # value nodes drawn inside value nodes (FAQ page → question → answer)


@dataclass(frozen=True)
class Entity:
    """An entity that gets a page."""

    iri: str
    label: str
    path: str  # below the site root, "/"-separated: "person/carey-mulligan.html"

    @property
    def kind(self) -> str:
        """The first segment of the IRI path (``person``), which groups the index."""
        return self.path.split("/", 1)[0]


@dataclass
class Claim:
    """A claim record with its sources, as a page shows it."""

    iri: str
    subject: Value
    predicate: str
    value: Value
    rank: str
    verification: str
    deprecated: bool
    marker: str | None  # "refuted" or "disputed" for a deprecated claim
    reason: str | None
    section: str | None
    sources: list[Value] = field(default_factory=list)
    fact: tuple[Term | None, Term | None] | None = None  # (property, value), if not deprecated
    source_iris: list[str] = field(default_factory=list)


def _rows(solutions: Solutions) -> Iterator[dict[str, tuple[Term | None, PlainValue]]]:
    """Yield each row as ``{variable: (RDF term, plain value)}``; the term tells IRIs apart."""
    for terms, row in zip(solutions.terms, solutions, strict=True):
        yield dict(zip(solutions.variables, zip(terms, row, strict=True), strict=True))


def _humanise(iri: str) -> str:
    """Return a label made from an IRI's local name: ``countryOfOrigin`` → ``country of origin``.

    For terms without an ``rdfs:label`` in the ontology (schema.org's are their local names).

    >>> _humanise("https://schema.org/countryOfOrigin")
    'country of origin'
    """
    local = re.split(r"[/#]", iri)[-1] or iri
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()


def page_path(iri: str) -> str | None:
    """Return the page path of an IRI below the base, or ``None`` if it cannot have a page.

    The path mirrors the IRI: ``https://w3id.org/nlmg/person/carey-mulligan`` →
    ``person/carey-mulligan.html``. Only slash IRIs of two or more slug segments qualify, so
    no IRI, even one from a user's file, can name ``index.html`` or a path outside the site.

    >>> page_path("https://w3id.org/nlmg/person/carey-mulligan")
    'person/carey-mulligan.html'
    >>> page_path("https://w3id.org/nlmg/person/../../etc") is None
    True
    """
    if not iri.startswith(BASE):
        return None
    segments = iri[len(BASE) :].split("/")
    if len(segments) < 2 or not all(_SLUG.fullmatch(segment) for segment in segments):
        return None
    return "/".join(segments) + ".html"


def _is_web_address(iri: str) -> bool:
    return iri.startswith(("https://", "http://"))


class _SiteBuilder:
    """Builds the pages' contents from the graph; facts of value nodes are looked up once."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.entities: dict[str, Entity] = {}
        for row in _rows(kg.select("entities")):
            iri, label = str(row["entity"][1]), row["label"][1]
            path = page_path(iri)
            if path is not None:
                self.entities[iri] = Entity(iri, str(label) if label else _humanise(iri), path)
        self.view = EntityView(kg)
        by_label: dict[str, list[Entity]] = {}
        for entity in self.entities.values():
            by_label.setdefault(entity.label, []).append(entity)
        self._by_label = {label: found for label, (found, *more) in by_label.items() if not more}
        self._labels: dict[str, str] = {}
        self.reference = Reference(kg, self.view, self.link, self.label)

    def facts_of(self, iri: str) -> Solutions:
        """Return the ``entity-facts`` rows of ``iri`` (cached)."""
        return self.view.facts(iri)

    def href(self, target: Entity, page: str) -> str:
        """Return the link from the page at ``page`` to ``target``'s page."""
        return posixpath.relpath(target.path, posixpath.dirname(page) or ".")

    def link(self, iri: str, label: PlainValue, page: str) -> Value:
        """Return how the page at ``page`` names the entity ``iri``, labelled ``label``.

        A link if it has a page (with ``iri`` empty: if exactly one entity bears ``label``, for
        queries that give names only), else the label as text.
        """
        target = self.entities.get(iri) if iri else self._by_label.get(str(label))
        text = str(label) if label is not None and label != "" else ""
        if target is not None:
            return Value(text or target.label, href=self.href(target, page))
        return Value(text or (_humanise(iri) if iri else ""))

    def label(self, iri: str) -> str:
        """Return the ``rdfs:label`` of an ontology term (``nlmg:Won`` → ``won``), else its name."""
        if iri not in self._labels:
            found = self.kg.ontology.value(URIRef(iri), RDFS.label)
            self._labels[iri] = str(found) if found is not None else _humanise(iri)
        return self._labels[iri]

    def value(
        self,
        term: Term | None,
        plain: PlainValue,
        label: PlainValue,
        page: str,
        expanding: tuple[str, ...] = (),
    ) -> Value:
        """Return how the page at ``page`` shows an RDF value.

        Entities with pages become links, value nodes (IRIs below the base that have facts of
        their own but no page) their facts drawn inline, other web IRIs outside links, ontology
        terms their label, and literals their plain value.
        """
        if not isinstance(term, ox.NamedNode):
            return Value(as_text(plain))
        iri = term.value
        if iri in self.entities:
            target = self.entities[iri]
            return Value(target.label, href=self.href(target, page))
        text = str(label) if label else _humanise(iri)
        if iri.startswith(BASE):
            if iri not in expanding and len(expanding) < _MAX_DEPTH:
                title = str(label) if label else ""
                facts = self.facts(iri, page, (*expanding, iri), title=title)
                if facts:
                    return Value(title, facts=facts)
            return Value(text)
        if _is_web_address(iri):
            return Value(str(label) if label else iri, href=iri, external=True)
        return Value(text)

    def facts(
        self,
        iri: str,
        page: str,
        expanding: tuple[str, ...] = (),
        *,
        title: str = "",
        keep: dict[tuple[Term | None, Term | None], str | None] | None = None,
    ) -> tuple[Fact, ...]:
        """Return the facts of ``iri`` grouped by property, sorted by the property's label.

        Left out: its types, and a name or label that only repeats ``title``, shown above them.
        With ``keep`` (``{(property, value): note}``), only the facts it names, each value
        with its note, if any.
        """
        grouped: dict[str, list[tuple[tuple[int, str], Value]]] = {}
        for row in _rows(self.facts_of(iri)):
            prop = str(row["property"][1])
            term, plain = row["value"]
            key = (row["property"][0], term)
            if prop == RDF_TYPE or (keep is not None and key not in keep):
                continue
            label = row["property_label"][1]
            shown = self.value(term, plain, row["value_label"][1], page, expanding or (iri,))
            if keep is not None:
                shown = replace(shown, note=keep[key])
            grouped.setdefault(str(label) if label else _humanise(prop), []).append(
                (self._order(term), shown)
            )
        facts = (
            Fact(label, tuple(value for _, value in sorted(values, key=lambda v: v[0])))
            for label, values in sorted(grouped.items(), key=lambda item: item[0].casefold())
        )
        return tuple(fact for fact in facts if fact.values != (Value(title),))

    def _order(self, term: Term | None) -> tuple[int, str]:
        """Sort key of a value: value nodes by billing order or position, then by IRI."""
        if not isinstance(term, ox.NamedNode) or term.value in self.entities:
            return (0, "")  # keep the query's order
        for row in self.facts_of(term.value):
            if row.property in _ORDER_PROPERTIES and isinstance(row.value, int):
                return (row.value, term.value)
        return (2**31, term.value)

    def headline(self, iri: str, page: str, title: str) -> tuple[Fact, ...]:
        """Return the facts of ``iri`` that the verified view holds, as :meth:`facts` does."""
        keep: dict[tuple[Term | None, Term | None], str | None] = {}
        for row in _rows(self.facts_of(iri)):
            key = (row["property"][0], row["value"][0])
            if self._is_verified(iri, key):
                keep[key] = None
        return self.facts(iri, page, title=title, keep=keep)

    def single_source(self, iri: str, page: str, claims: list[Claim]) -> tuple[Fact, ...]:
        """Return the facts of ``iri`` outside the verified view that a best-ranked claim backs.

        Each value notes the source it rests on and the date: the date an offer was observed
        on ("listed by … on 2025-09-30"), else the source's date of publication.
        """
        notes: dict[tuple[Term | None, Term | None], str | None] = {}
        for claim in claims:
            if claim.fact is None or self._is_verified(iri, claim.fact):
                continue
            notes[claim.fact] = self._note(claim)
        return self.facts(iri, page, keep=notes) if notes else ()

    def _note(self, claim: Claim) -> str:
        """Say what a fact on one source's word rests on.

        ``listed by “…” on <date observed>`` for an offer, else ``stated only by “…”, <date the
        source was published>``.
        """
        names = " and ".join(f"“{source.text}”" for source in claim.sources)
        value = claim.fact[1] if claim.fact else None
        if isinstance(value, ox.NamedNode) and (observed := self._date(value.value, _OBSERVED_ON)):
            return f"listed by {names} on {observed}"
        dates = sorted(d for d in (self._date(s, _DATE_PUBLISHED) for s in claim.source_iris) if d)
        return f"stated only by {names}" + (f", {dates[0]}" if dates else "")

    def _is_verified(self, subject: str, fact: tuple[Term | None, Term | None]) -> bool:
        """Whether the verified view holds the triple of ``subject`` and ``fact``."""
        prop, value = fact
        if not isinstance(prop, ox.NamedNode) or value is None:
            return False
        return self.view.verified(subject, prop.value, value)

    def _date(self, iri: str, prop: str) -> str | None:
        """Return the date ``iri`` has for ``prop``, as ISO text, if any."""
        for row in self.facts_of(iri):
            if row.property == prop and isinstance(row.value, date):
                return row.value.isoformat()
        return None

    def group(self, entity: Entity) -> str:
        """Return the index group of ``entity``: ``film``, ``book``, else its kind (``person``)."""
        types = {row.value for row in self.facts_of(entity.iri) if row.property == RDF_TYPE}
        for group, cls in (("film", _MOVIE), ("book", _BOOK)):
            if cls in types:
                return group
        return entity.kind

    def classes(self, iri: str) -> list[str]:
        """Return the labels of the classes of ``iri``."""
        return sorted(
            str(row.value_label) if row.value_label else _humanise(str(row.value))
            for row in self.facts_of(iri)
            if row.property == RDF_TYPE
        )

    def claims(self, iri: str, page: str) -> tuple[list[Claim], list[Claim]]:
        """Return the claims about ``iri`` and the claims of other subjects pointing at it."""
        claims: dict[str, Claim] = {}
        about: set[str] = set()
        for row in _rows(self.view.claims(iri)):
            key = str(row["claim"][1])
            if key not in claims:
                if row["subject"][1] == iri:
                    about.add(key)
                deprecated = row["rank"][1] == _DEPRECATED
                refuted = row["verification"][1] == _REFUTED
                reason = row["reason"][1]
                section = row["section"][1]
                claims[key] = Claim(
                    iri=key,
                    subject=self.value(*row["subject"], row["subject_label"][1], page),
                    predicate=str(row["predicate_label"][1] or _humanise(str(row["predicate"][1]))),
                    value=self.value(*row["object"], row["object_label"][1], page),
                    rank=str(row["rank_label"][1]),
                    verification=str(row["verification_label"][1]),
                    deprecated=deprecated,
                    marker="refuted" if refuted else "disputed" if deprecated else None,
                    reason=None if reason is None else str(reason),
                    section=None if section is None else str(section),
                    fact=None if deprecated else (row["predicate"][0], row["object"][0]),
                )
            source = row["source"][1]
            claims[key].source_iris.append(str(source))
            source_url, source_label = row["source_url"][1], row["source_label"][1]
            text = str(source_label) if source_label else _humanise(str(source))
            if isinstance(source_url, str) and _is_web_address(source_url):
                claims[key].sources.append(Value(text, href=source_url, external=True))
            else:
                claims[key].sources.append(Value(text))
        return (
            [claim for key, claim in claims.items() if key in about],
            [claim for key, claim in claims.items() if key not in about],
        )

    def mentions(self, iri: str, page: str) -> list[tuple[Value, str]]:
        """Return the entities with pages whose facts point at ``iri``, with the property."""
        seen: dict[tuple[str, str], tuple[Value, str]] = {}
        for row in _rows(self.view.mentions(iri)):
            subject = str(row["subject"][1])
            if subject == iri or subject not in self.entities:
                continue
            prop = row["property_label"][1] or _humanise(str(row["property"][1]))
            target = self.entities[subject]
            seen.setdefault(
                (subject, str(prop)), (Value(target.label, href=self.href(target, page)), str(prop))
            )
        return sorted(seen.values(), key=lambda item: (item[0].text.casefold(), item[1]))

    def page(self, entity: Entity) -> dict[str, object]:
        """Return the template context of ``entity``'s page."""
        about, pointing = self.claims(entity.iri, entity.path)
        mentions = self.mentions(entity.iri, entity.path)
        markup = entity_markup(self.kg, entity.iri) or page_markup(entity)
        sources: dict[str, Cell] = {}
        for claim in about:
            sources[claim.iri] = tuple(claim.sources)
            sources.update(zip(claim.source_iris, ((s,) for s in claim.sources), strict=True))
        reference = self.reference.page(entity.iri, entity.kind, entity.path, sources)
        centre = Node(entity.label)
        diagram = neighbourhood(centre, reference.links) if reference.links else ""
        return {
            "entity": entity,
            "summary": reference.summary,
            "sections": reference.sections,
            "diagram": Markup(diagram),
            "classes": self.classes(entity.iri),
            "facts": self.headline(entity.iri, entity.path, entity.label),
            "single_source": self.single_source(entity.iri, entity.path, about),
            "claims": about,
            "pointing": pointing,
            "mentions": mentions,
            # Set aside: only deprecated claims point at it and no fact mentions it.
            "disputed": bool(pointing)
            and not mentions
            and all(claim.deprecated for claim in pointing),
            "markup": Markup(script_element(markup)),
            "index": posixpath.relpath("index.html", posixpath.dirname(entity.path)),
        }


def _environment() -> Environment:
    """Return the Jinja2 environment of the packaged templates, autoescaping everything."""
    env = Environment(
        loader=PackageLoader("nlmg_graph", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["generator"] = _GENERATOR
    return env


class EntityPages:
    """The pages of one graph's entities, rendered one at a time (for ``nlmg-graph serve``).

    Each page is the one :func:`build_site` writes for the entity, links included: they are
    relative (``../work/never-let-me-go-2010.html``), so a server that answers ``/<path>`` of
    each page finds them. Facts looked up for one page are kept for the next.

    >>> from nlmg_graph import load
    >>> pages = EntityPages(load())
    >>> "application/ld+json" in pages.render("https://w3id.org/nlmg/person/carey-mulligan")
    True
    >>> pages.render("https://w3id.org/nlmg/person/nobody") is None
    True
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._builder = _SiteBuilder(kg)
        self._template = _environment().get_template("entity.html")

    def entities(self) -> list[Entity]:
        """Return the entities that have a page, by page path."""
        return sorted(self._builder.entities.values(), key=lambda entity: entity.path)

    def render(self, iri: str, **extra: object) -> str | None:
        """Return the HTML page of the entity ``iri``, or ``None`` if it has no page.

        ``extra`` joins the template's context (``served``: the server's links, see
        ``nlmg_graph.server.worker``).
        """
        entity = self._builder.entities.get(iri)
        if entity is None:
            return None
        return self._template.render({**self._builder.page(entity), **extra})


def _write(path: Path, text: str) -> None:
    """Write one page of the staging directory (its folder made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)


def _is_site(directory: Path) -> bool:
    """Whether ``directory`` is empty or holds a site this module wrote (safe to replace)."""
    if not any(directory.iterdir()):
        return True
    index = directory / "index.html"
    if not index.is_file():
        return False
    with open(index, encoding="utf-8", errors="replace") as handle:
        head = handle.read(2048)
    return f'<meta name="generator" content="{_GENERATOR}">' in head


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target``; on failure the previous ``target`` stays."""
    if not target.exists():
        os.rename(staging, target)
        return
    previous = target.with_name(f".{target.name}.previous-{secrets.token_hex(6)}")
    os.rename(target, previous)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(previous, target)
        raise
    try:
        shutil.rmtree(previous)
    except OSError as error:
        raise NlmgGraphError(
            f"{target}: written, but the previous site is left at {previous}: {error}"
        ) from None


def build_site(kg: KnowledgeGraph, output: str | os.PathLike[str]) -> list[Path]:
    """Write one HTML page per entity of ``kg`` and an index into the directory ``output``.

    The pages are built in a new directory beside ``output`` and renamed into place once all
    are written: an existing site at ``output`` is replaced only by a complete one, and a
    failure leaves it untouched, with no temporary directory behind. An existing ``output``
    that is neither empty nor a site written by this function is never replaced.

    Args:
        kg: the graph to publish (the shipped graph, or one with the user's data).
        output: the site directory; its parent must exist.

    Returns:
        The paths written, inside ``output``: ``index.html`` first, then the pages by path.

    Raises:
        NlmgGraphError: ``output`` exists and is not a site directory, or a file cannot be
            written (the message names the path).

    >>> import tempfile, nlmg_graph
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = build_site(nlmg_graph.load(), Path(folder) / "site")
    >>> paths[0].name, paths[1].relative_to(paths[0].parent).as_posix()
    ('index.html', 'award/bifa-2010-best-actress-carey-mulligan.html')
    """
    target = Path(output).resolve()
    if not target.parent.is_dir():
        raise NlmgGraphError(f"{target.parent}: no such directory")
    if target.exists() and not (target.is_dir() and _is_site(target)):
        raise NlmgGraphError(
            f"{target}: exists and is not a site written by nlmg-graph; not replacing it"
        )
    builder = _SiteBuilder(kg)
    env = _environment()
    entities = sorted(builder.entities.values(), key=lambda entity: entity.path)
    staging = target.with_name(f".{target.name}.building-{secrets.token_hex(6)}")
    try:
        staging.mkdir()
        written = []
        listed: dict[str, list[tuple[Entity, list[str], bool]]] = {}
        for entity in entities:
            context = builder.page(entity)
            _write(staging / entity.path, env.get_template("entity.html").render(context))
            written.append(entity.path)
            classes = context["classes"]
            assert isinstance(classes, list)
            group = builder.group(entity)
            listed.setdefault(group, []).append((entity, classes, bool(context["disputed"])))
        order = {kind: position for position, kind in enumerate(_KIND_HEADINGS)}
        groups = [
            (_KIND_HEADINGS.get(kind, kind), members)
            for kind, members in sorted(listed.items(), key=lambda g: (order.get(g[0], 99), g[0]))
        ]
        index = env.get_template("index.html").render(
            groups=groups, markup=Markup(script_element(index_markup(entities)))
        )
        _write(staging / "index.html", index)
        _swap(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        where = error.filename or target
        raise NlmgGraphError(f"{where}: cannot write the site: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / "index.html", *(target / path for path in written)]
