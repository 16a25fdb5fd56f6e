"""The reference-work sections of the film, book, person and place pages.

A film page opens the way a reference work does: a summary box (title, year, director, runtime,
first release, certification, the book it is based on), then the cast as a table (each character
with the adult and the young actor who play it), the crew by job, the awards, the reception and
the money with their sources and ranks, where to watch, themes, novel-vs-film differences,
releases and places. A person page lists their credits on every work, a place page what was
filmed there and what it stood for. The summary box shows facts (best-ranked), as the stored
queries answer, a value outside the verified view marked "unverified"; the offers to watch are
only those the verified view holds; the reception and money tables show every claim with its
rank, verification and sources. Each section's rows come from one stored query (``cast``,
``crew``, ``awards``…, asked with ``film=``/``work=``); a section without rows is left out, so a
film with only a title gets a short page. Every value is a :class:`Value`, escaped by the
template like the rest of the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from nlmg_graph.diagram import Link, Node
from nlmg_graph.iris import PREFIXES, RDF_TYPE

if TYPE_CHECKING:
    from nlmg_graph.entity_view import EntityView
    from nlmg_graph.graph import KnowledgeGraph
    from nlmg_graph.results import Row as QueryRow
    from nlmg_graph.results import Value as PlainValue

__all__ = ["Cell", "Fact", "Page", "Reference", "Section", "TableRow", "Value", "as_text"]

_NLMG, _SCHEMA = PREFIXES["nlmg"], PREFIXES["schema"]
_MOVIE, _BOOK = f"{_SCHEMA}Movie", f"{_SCHEMA}Book"
_DEPRECATED, _PREFERRED = f"{_NLMG}DeprecatedRank", f"{_NLMG}PreferredRank"
_REFUTED = f"{_NLMG}Refuted"
_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?")
# The jobs a crew list starts with, in this order (the others follow in the query's order).
_LEADING_JOBS = (
    f"{_SCHEMA}director",
    f"{_NLMG}Screenwriter",
    f"{_SCHEMA}producer",
    f"{_NLMG}ExecutiveProducer",
    f"{_SCHEMA}musicBy",
)
_MONEY = frozenset({f"{_NLMG}budget", f"{_NLMG}boxOffice"})
_DIAGRAM_CAST = 6  # actors drawn around a film, by billing


@dataclass(frozen=True)
class Value:
    """A value as a page shows it: text, a link, or a value node's own facts drawn inline."""

    text: str
    href: str | None = None
    external: bool = False
    facts: tuple[Fact, ...] = ()
    note: str | None = None  # what a fact outside the verified view rests on


@dataclass(frozen=True)
class Fact:
    """One property of an entity with its values (a summary line is one too)."""

    label: str
    values: tuple[Value, ...]


Cell = tuple[Value, ...]
"""One table cell: its values, one per line."""


@dataclass(frozen=True)
class TableRow:
    """One table row; ``group`` starts a new block of rows (a character and its actors)."""

    cells: tuple[Cell, ...]
    deprecated: bool = False
    marker: str | None = None  # "refuted" or "disputed", drawn before a deprecated row's reason
    group: bool = False


@dataclass(frozen=True)
class Section:
    """A section of a page: a table (``columns`` and ``rows``) or a list of facts."""

    key: str  # the section element's id and class
    heading: str
    columns: tuple[str, ...] = ()
    rows: tuple[TableRow, ...] = ()
    facts: tuple[Fact, ...] = ()
    note: str | None = None
    struck: int = 0  # the column a deprecated row strikes through (its value)


@dataclass
class Page:
    """What a page shows above its facts and claims: a summary, sections and a diagram."""

    summary: tuple[Fact, ...] = ()
    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def as_text(value: PlainValue) -> str:
    """Return a result value as text: grouped digits for decimals, ISO dates.

    >>> as_text(Decimal("64000000.0")), as_text(2010), as_text(True)
    ('64,000,000', '2010', 'yes')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _runtime(duration: PlainValue) -> str:
    """Return an ``xsd:duration`` of hours and minutes in minutes.

    >>> _runtime("PT1H43M"), _runtime("PT90M"), _runtime("P1D")
    ('103 minutes', '90 minutes', 'P1D')
    """
    match = _DURATION.fullmatch(str(duration))
    if match is None or not any(match.groups()):
        return as_text(duration)
    hours, minutes = (int(part or 0) for part in match.groups())
    return f"{hours * 60 + minutes} minutes"


def _amount(row: QueryRow) -> str:
    """Return a money amount of ``budget-and-box-office``: a figure or a range, its currency."""
    if row.value is not None:
        figure = as_text(row.value)
    else:
        figure = f"{as_text(row.min_value)} to {as_text(row.max_value)}"
    return ("about " if row.approximate is True else "") + f"{figure} {as_text(row.currency)}"


def _marker(row: QueryRow) -> str:
    """Return how a deprecated claim's row is marked: "refuted" by evidence, else "disputed"."""
    return "refuted" if row.verification == _REFUTED else "disputed"


def _distinct(values: Iterable[Value]) -> Cell:
    return tuple(dict.fromkeys(value for value in values if value.text))


class Reference:
    """Builds the sections of one page from the stored queries.

    ``link(iri, label, page)`` returns how the page at ``page`` shows the entity ``iri`` (a
    link if it has a page), ``label(iri)`` an ontology term's label.
    """

    def __init__(
        self,
        kg: KnowledgeGraph,
        view: EntityView,
        link: Callable[[str, PlainValue, str], Value],
        label: Callable[[str], str],
    ) -> None:
        self.kg = kg
        self.view = view
        self.link = link
        self.label = label
        self._film_locations: dict[str, list[QueryRow]] = {}
        self._books: dict[str, list[QueryRow]] | None = None

    def page(self, iri: str, kind: str, page: str, sources: Mapping[str, Cell]) -> Page:
        """Return the sections of the page of ``iri`` (a work, a person, a place…).

        ``sources`` gives the sources of each claim about the entity (claim IRI → sources)
        and of each source IRI (its name and address), for the reception and money tables.
        """
        types = {str(row.value) for row in self.view.facts(iri) if row.property == RDF_TYPE}
        if _MOVIE in types:
            return self._film(iri, page, sources)
        if _BOOK in types:
            return self._book(iri, page)
        if kind == "person":
            return self._person(iri, page)
        if kind == "place":
            return self._place(iri, page)
        return Page()

    # -- films and books ---------------------------------------------------------------------

    def _film(self, film: str, page: str, sources: Mapping[str, Cell]) -> Page:
        cast = list(self.kg.select("cast", film=film))
        crew = list(self.kg.select("crew", film=film))
        locations = self._locations(film)
        candidates = [
            self._cast(cast, page),
            self._crew(crew, page),
            self._awards(film, page),
            self._reception(film, sources),
            self._money(film, sources),
            self._where_to_watch(film, page),
            self._themes(film, page),
            self._differences(film, page),
            self._releases(film),
            self._locations_of_film(locations, page),
        ]
        return Page(
            summary=self._film_summary(film, page),
            sections=[section for section in candidates if section is not None],
            links=self._film_links(film, page, cast, crew, locations),
        )

    def _film_summary(self, film: str, page: str) -> tuple[Fact, ...]:
        """Return the summary box: the facts of ``film-at-a-glance``, as the query answers.

        The age ratings and the link to the work it is based on come from the film's facts. A
        value whose fact is outside the verified view (it rests on one source's word) is marked
        "unverified", as the markup would leave it out.
        """
        rows = list(self.kg.select("film-at-a-glance", film=film))
        if not rows:
            return ()
        unverified = self._unverified(film)

        def column(
            name: str, prop: str | None, shown: Callable[[PlainValue], Value] | None = None
        ) -> Cell:
            show = shown or (lambda value: self.named(value, page))
            doubtful = unverified.get(prop, set()) if prop else set()
            values = _distinct(
                show(getattr(row, name)) for row in rows if getattr(row, name) is not None
            )
            # A name is matched by its label; a literal column has one value, its fact's.
            return tuple(
                replace(value, note="unverified")
                if value.text in doubtful or (doubtful and shown is not None)
                else value
                for value in values
            )

        authors = {
            as_text(row.novel_title): as_text(row.novel_author)
            for row in rows
            if row.novel_title is not None and row.novel_author is not None
        }
        based_on = []
        for row in self.view.facts(film):
            if row.property == f"{_SCHEMA}isBasedOn":
                work = self.link(str(row.value), row.value_label, page)
                author = authors.get(work.text)
                based_on.append(replace(work, text=f"{work.text} by {author}") if author else work)

        def literal(value: PlainValue) -> Value:
            return Value(as_text(value))

        return _facts(
            ("title", column("title", None, literal)),  # a name needs no claim
            ("year", column("release_year", f"{_NLMG}releaseYear", literal)),
            ("directed by", column("director", f"{_SCHEMA}director")),
            ("written by", column("screenwriter", None)),  # a credit: its own claims
            ("music by", column("composer", f"{_SCHEMA}musicBy")),
            ("runtime", column("runtime", f"{_SCHEMA}duration", lambda v: Value(_runtime(v)))),
            ("first released", column("first_release", f"{_SCHEMA}datePublished", literal)),
            (
                "certification",
                self._certifications(film, unverified.get(f"{_NLMG}certification", set())),
            ),
            ("language", column("language", f"{_SCHEMA}inLanguage", literal)),
            ("country", column("country", f"{_SCHEMA}countryOfOrigin")),
            ("based on", _distinct(based_on)),
        )

    def _unverified(self, film: str) -> dict[str, set[str]]:
        """The film's facts outside the verified view: property IRI → their values' labels."""
        solutions = self.view.facts(film)
        index = solutions.variables.index("value")
        found: dict[str, set[str]] = {}
        for row, terms in zip(solutions, solutions.terms, strict=True):
            if not self.view.verified(film, str(row.property), terms[index]):
                label = row.value_label if row.value_label is not None else row.value
                found.setdefault(str(row.property), set()).add(as_text(label))
        return found

    def _certifications(self, film: str, unverified: set[str]) -> Cell:
        """The film's age ratings, each with its region (value nodes of its facts).

        ``unverified``: the labels of the certification facts outside the verified view.
        """
        shown = []
        for row in self.view.facts(film):
            if row.property != f"{_NLMG}certification":
                continue
            note = "unverified" if as_text(row.value_label or row.value) in unverified else None
            facts = {str(r.property): r for r in self.view.facts(str(row.value))}
            rating = facts.get(f"{_SCHEMA}contentRating")
            region = facts.get(f"{_NLMG}releaseRegion")
            if rating is not None:
                where = (
                    f" ({region.value_label})" if region is not None and region.value_label else ""
                )
                shown.append(Value(f"{as_text(rating.value)}{where}", note=note))
        return tuple(sorted(shown, key=lambda value: value.text))

    def _book(self, book: str, page: str) -> Page:
        if self._books is None:
            self._books = {}
            for row in self.kg.select("books"):
                self._books.setdefault(str(row.book), []).append(row)
        rows = self._books.get(book, [])
        publishers = [
            self.link(str(row.value), row.value_label, page)
            for row in self.view.facts(book)
            if row.property == f"{_SCHEMA}publisher"
        ]
        summary = _facts(
            ("title", _distinct(Value(as_text(row.title)) for row in rows)),
            (
                "author",
                _distinct(self.named(row.author_name, page) for row in rows if row.author_name),
            ),
            (
                "published",
                _distinct(Value(as_text(row.date_published)) for row in rows if row.date_published),
            ),
            ("publisher", _distinct(publishers)),
        )
        candidates = [self._awards(book, page), self._themes(book, page)]
        return Page(summary=summary, sections=[s for s in candidates if s is not None])

    def _cast(self, rows: list[QueryRow], page: str) -> Section | None:
        """The cast: one block per character, its adult actors first, then the young ones."""
        groups: dict[str, list[QueryRow]] = {}
        for row in rows:
            groups.setdefault(str(row.character), []).append(row)
        table = []
        for character, credits in groups.items():
            credits.sort(key=lambda r: (r.life_stage != f"{_NLMG}Adult", as_text(r.actor_name)))
            for index, credit in enumerate(credits):
                stage = (
                    ""
                    if credit.life_stage == f"{_NLMG}Adult"
                    else self.label(str(credit.life_stage))
                )
                table.append(
                    TableRow(
                        cells=(
                            (self.link(str(credit.actor), credit.actor_name, page),),
                            (Value(as_text(credit.character_name), note=stage or None),),
                            (self.link(character, None, page),) if index == 0 else (),
                        ),
                        group=index == 0,
                    )
                )
        if not table:
            return None
        return Section("cast", "Cast", ("Actor", "Credited as", "Character"), tuple(table))

    def _crew(self, rows: list[QueryRow], page: str) -> Section | None:
        """The crew by job: director, writer and producers first, then the query's order."""
        jobs: dict[str, list[Value]] = {}
        first = {job: position for position, job in enumerate(_LEADING_JOBS)}
        for row in sorted(rows, key=lambda r: first.get(str(r.function), len(first))):
            jobs.setdefault(as_text(row.function_label), []).append(
                self.link(str(row.person), row.name, page)
            )
        if not jobs:
            return None
        return Section(
            "crew", "Crew", facts=tuple(Fact(job, tuple(people)) for job, people in jobs.items())
        )

    def _awards(self, work: str, page: str) -> Section | None:
        rows = tuple(
            TableRow(
                (
                    (Value(as_text(row.year)),),
                    (Value(as_text(row.body_name)),),
                    (self.link(str(row.nomination), row.category_name, page),),
                    (Value(as_text(row.nominee_name)),) if row.nominee_name else (),
                    (Value(self.label(str(row.outcome))),),
                )
            )
            for row in self.kg.select("awards", work=work)
        )
        if not rows:
            return None
        columns = ("Year", "Award", "Category", "Nominee", "Outcome")
        return Section("awards", "Awards", columns, rows)

    def _reception(self, work: str, sources: Mapping[str, Cell]) -> Section | None:
        scores: dict[str, list[QueryRow]] = {}
        for row in self.kg.select("review-scores", work=work):
            scores.setdefault(str(row.score), []).append(row)
        rows = []
        for rows_of_score in scores.values():
            first = rows_of_score[0]
            rows.append(
                TableRow(
                    (
                        (Value(as_text(first.site_name)),),
                        (Value(self.label(str(first.method))),),
                        (Value(f"{as_text(first.value)} / {as_text(first.best)}"),),
                        (Value(self.label(str(first.verification))),),
                        _distinct(v for r in rows_of_score for v in sources.get(str(r.source), ())),
                    )
                )
            )
        if not rows:
            return None
        columns = ("Site", "Score", "Value", "Verification", "Sources")
        return Section("reception", "Reception", columns, tuple(rows))

    def _money(self, film: str, sources: Mapping[str, Cell]) -> Section | None:
        """Budget and box office: every claim, best rank first, deprecated ones marked.

        Asked only of a film with such claims (its page has its claims already): the query
        costs far more than the others of a film page on a large graph.
        """
        if not any(str(row.predicate) in _MONEY for row in self.view.claims(film)):
            return None
        claims: dict[str, list[QueryRow]] = {}
        for row in self.kg.select("budget-and-box-office", film=film):
            claims.setdefault(str(row.claim), []).append(row)
        rows = []
        for claim, rows_of_claim in claims.items():
            first = rows_of_claim[0]
            deprecated = first.rank == _DEPRECATED
            rows.append(
                TableRow(
                    (
                        (Value(self.label(str(first.property))),),
                        (Value(_amount(first), note=as_text(first.reason) or None),),
                        (Value(self.label(str(first.rank))),),
                        (Value(self.label(str(first.verification))),),
                        sources.get(claim, ()),
                    ),
                    deprecated=deprecated,
                    marker=_marker(first) if deprecated else None,
                )
            )
        if not rows:
            return None
        columns = ("Figure", "Amount", "Rank", "Verification", "Sources")
        note = (
            "Every published figure, best-ranked first: the preferred one where sources "
            "differ, the others with their rank, figures that evidence contradicts struck through."
        )
        return Section("money", "Budget and box office", columns, tuple(rows), note=note, struck=1)

    def _where_to_watch(self, film: str, page: str) -> Section | None:
        """The offers the verified view holds (an offer on one listing's word is left out)."""
        rows = []
        for row in self.kg.select("where-to-watch", film=film):
            offer = str(row.offer)
            if not self.view.verified(film, f"{_SCHEMA}offers", ox.NamedNode(offer)):
                continue
            price = (
                as_text(row.price)
                if row.price is not None
                else " to ".join(
                    as_text(p) for p in (row.price_low, row.price_high) if p is not None
                )
            )
            rows.append(
                TableRow(
                    (
                        (Value(as_text(row.seller_name)),),
                        (Value(self.label(str(row.offer_type))),),
                        (Value(f"{price} {as_text(row.price_currency)}".strip()),),
                        (Value(as_text(row.observed_on)),),
                    )
                )
            )
        if not rows:
            return None
        return Section(
            "where-to-watch", "Where to watch", ("Seller", "Offer", "Price", "Seen on"), tuple(rows)
        )

    def _themes(self, work: str, page: str) -> Section | None:
        themes = _distinct(
            self.link(str(row.theme), row.label, page)
            for row in self.kg.select("themes", work=work)
        )
        if not themes:
            return None
        return Section("themes", "Themes", facts=(Fact("themes", themes),))

    def _differences(self, film: str, page: str) -> Section | None:
        rows = tuple(
            TableRow(
                (
                    (self.link(str(row.difference), row.aspect, page),),
                    (Value(as_text(row.in_novel)),),
                    (Value(as_text(row.in_film)),),
                )
            )
            for row in self.kg.select("differences", film=film)
        )
        if not rows:
            return None
        return Section(
            "differences", "Novel and film", ("Aspect", "In the novel", "In the film"), rows
        )

    def _releases(self, film: str) -> Section | None:
        rows = tuple(
            TableRow(
                (
                    (Value(as_text(row.date)),),
                    (Value(self.label(str(row.kind))),),
                    (Value(as_text(row.region)),) if row.region else (),
                    (Value(as_text(row.event)),) if row.event else (),
                    (Value(as_text(row.screen_count)),) if row.screen_count is not None else (),
                )
            )
            for row in self.kg.select("releases", film=film)
        )
        if not rows:
            return None
        columns = ("Date", "Release", "Region", "Festival", "Screens")
        return Section("releases", "Releases", columns, rows)

    def _locations(self, film: str) -> list[QueryRow]:
        """The ``filming-locations`` rows of ``film`` (asked once: a film and its places)."""
        if film not in self._film_locations:
            self._film_locations[film] = list(self.kg.select("filming-locations", film=film))
        return self._film_locations[film]

    def _locations_of_film(self, rows: list[QueryRow], page: str) -> Section | None:
        """Filming locations: where, and the story's place each stood for; disputed last."""
        table = []
        seen = set()
        for row in rows:
            key = (str(row.record), str(row.rank))
            if key in seen:
                continue
            seen.add(key)
            deprecated = row.rank == _DEPRECATED
            where = ", ".join(as_text(v) for v in (row.parent_name, row.nation_name) if v)
            table.append(
                TableRow(
                    (
                        (self.link(str(row.place), row.place_name, page),),
                        (Value(where),) if where else (),
                        self.depicted(row, page),
                        (Value(self.label(str(row.rank))),),
                    ),
                    deprecated=deprecated,
                    marker=_marker(row) if deprecated else None,
                )
            )
        if not table:
            return None
        columns = ("Place", "Where", "Stood for", "Rank")
        return Section("places", "Filming locations", columns, tuple(table))

    def _film_links(
        self,
        film: str,
        page: str,
        cast: list[QueryRow],
        crew: list[QueryRow],
        locations: list[QueryRow],
    ) -> list[Link]:
        """The film's neighbours in its diagram: director, book, leading actors, places."""
        links = [
            Link(as_text(row.function_label), _node(self.link(str(row.person), row.name, page)))
            for row in crew
            if row.function == f"{_SCHEMA}director"
        ]
        links += [
            Link("based on", _node(self.link(str(row.value), row.value_label, page)))
            for row in self.view.facts(film)
            if row.property == f"{_SCHEMA}isBasedOn"
        ]
        adults = [row for row in cast if row.life_stage != f"{_NLMG}Child"] or cast
        links += [
            Link(
                f"as {as_text(row.character_name)}",
                _node(self.link(str(row.actor), row.actor_name, page)),
            )
            for row in adults[:_DIAGRAM_CAST]
        ]
        links += [
            Link("filmed at", _node(self.link(str(row.place), row.place_name, page)))
            for row in locations
            if row.rank != _DEPRECATED
        ]
        return links

    # -- people and places -------------------------------------------------------------------

    def _person(self, person: str, page: str) -> Page:
        """A person's credits on every work in the graph, and the works around them."""
        rows = list(self.kg.select("person", person=person))
        table = tuple(
            TableRow(
                (
                    (self.link(str(row.work), row.work_title, page),),
                    (Value(as_text(row.role)),),
                    (Value(as_text(row.detail)),) if row.detail else (),
                )
            )
            for row in rows
        )
        if not table:
            return Page()
        section = Section("credits", "Credits", ("Work", "Role", "Character or award"), table)
        links = [
            Link(
                as_text(row.role) if row.role != "actor" else f"as {as_text(row.detail)}",
                _node(self.link(str(row.work), row.work_title, page)),
            )
            for row in rows
            if row.role != "award nominee"
        ]
        return Page(sections=[section], links=links)

    def _place(self, place: str, page: str) -> Page:
        """What was filmed at a real place, and which real places stood in for a fictional one."""
        # The films whose filming-location records name the place (mentioned-by reaches the
        # film through the record), then those films' locations: no query over every film.
        films = dict.fromkeys(
            str(row.subject)
            for row in self.view.mentions(place)
            if row.property == f"{_NLMG}filmingLocation"
        )
        locations = [
            row for film in films for row in self._locations(film) if row.rank != _DEPRECATED
        ]
        here = [row for row in locations if row.place == place]
        stand_ins = [row for row in locations if row.depicts == place]
        sections, links = [], []
        if here:
            rows = tuple(
                dict.fromkeys(
                    TableRow(
                        (
                            (self.link(str(row.film), None, page),),
                            self.depicted(row, page),
                        )
                    )
                    for row in here
                )
            )
            sections.append(Section("filmed-here", "Filmed here", ("Film", "Stood for"), rows))
            links += [
                Link("filmed here", _node(self.link(str(row.film), None, page))) for row in here
            ]
            links += [
                Link("stood for", _node(self.link(str(row.depicts), row.depicts_name, page)))
                for row in here
                if row.depicts
            ]
        if stand_ins:
            rows = tuple(
                dict.fromkeys(
                    TableRow(
                        (
                            (self.link(str(row.place), row.place_name, page),),
                            (self.link(str(row.film), None, page),),
                        )
                    )
                    for row in stand_ins
                )
            )
            sections.append(
                Section("stand-ins", "Real places that stood in for it", ("Place", "Film"), rows)
            )
            links += [
                Link("stood in for it", _node(self.link(str(row.place), row.place_name, page)))
                for row in stand_ins
            ]
        return Page(sections=sections, links=links)

    def depicted(self, row: QueryRow, page: str) -> Cell:
        """Return the fictional place a ``filming-locations`` row stood for, if any, linked."""
        return (self.link(str(row.depicts), row.depicts_name, page),) if row.depicts else ()

    def named(self, name: PlainValue, page: str) -> Value:
        """Return a name from a query that gives names only, linked if one entity bears it."""
        return self.link("", name, page)


def _node(value: Value) -> Node:
    return Node(value.text, value.href)


def _facts(*lines: tuple[str, Cell]) -> tuple[Fact, ...]:
    """Return the summary lines that have values."""
    return tuple(Fact(label, values) for label, values in lines if values)
