"""The knowledge graph object and :func:`load`, the library's entry point."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from nlmg_graph.catalogue import StoredQuery, stored_query
from nlmg_graph.engine import OxigraphEngine, QueryEngine, RdflibEngine
from nlmg_graph.errors import QueryError
from nlmg_graph.formats import Engine, ExportFormat, ShaclEngine, View, parse_option
from nlmg_graph.iris import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY, shorten
from nlmg_graph.limits import check_query
from nlmg_graph.reading import Source, read_quads
from nlmg_graph.results import Solutions

if TYPE_CHECKING:
    from decimal import Decimal

    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from nlmg_graph.engine import Answer
    from nlmg_graph.validation import ValidationReport

__all__ = ["KnowledgeGraph", "load"]


class GraphQueries:
    """Questions to a knowledge graph, whatever holds it: SPARQL, stored queries, domain methods.

    Subclasses say where the graph lives by providing :attr:`engine`: :class:`KnowledgeGraph`
    (in memory or an on-disk Oxigraph store) and ``RemoteGraph`` (a SPARQL 1.1 endpoint).
    Every method is one query through that engine, so the answers are the same everywhere.
    """

    @property
    def engine(self) -> QueryEngine:
        """The engine that answers this graph's queries."""
        raise NotImplementedError

    # -- SPARQL -----------------------------------------------------------------------------

    def query(
        self, sparql: str, *, timeout: float | None = None, allow_service: bool = False
    ) -> Solutions | bool | Graph:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) on the whole graph.

        The query is measured first and refused past the limits of :mod:`nlmg_graph.limits`
        (nesting, triple patterns, property path length), which keep the engines from crashing.

        Args:
            sparql: the query text.
            timeout: seconds the query may run; it runs in a child process that is killed when
                time is up (``None``: no limit).
            allow_service: run ``SERVICE`` clauses, which reach other hosts (refused by default:
                the project works offline).

        Returns:
            :class:`Solutions` for SELECT, ``bool`` for ASK, an :class:`rdflib.Graph` for
            CONSTRUCT and DESCRIBE.

        Raises:
            QueryError: a syntax error (the message gives line and column), a query past a
                limit or with ``SERVICE``, or an evaluation error.
            QueryTimeoutError: the query ran out of time.

        >>> kg = load()
        >>> kg.query("ASK { ?film a <https://schema.org/Movie> }")
        True
        """
        check_query(sparql, allow_service=allow_service)
        return self._answer(self._execute(sparql, timeout))

    def run(
        self, name: str, /, *, timeout: float | None = None, **parameters: object
    ) -> Solutions | bool | Graph:
        """Run the stored query ``name`` with ``parameters`` (see ``nlmg-graph queries``).

        Values are checked against the declared types and bound as RDF terms, never formatted
        into the query; ``None`` means "not given". ``timeout`` is as for :meth:`query`.

        Raises:
            QueryError: an unknown query or parameter, a missing required parameter, or a value
                of the wrong type; the message names the query and the parameter.
            QueryTimeoutError: the query ran out of time.

        A parameter declared ``iri of`` a class (a query's ``film`` or ``work``) must name an
        entity of that class: when the answer is empty, the entity is looked up, and a
        :class:`QueryError` says what it is instead (an empty table would pass for "no rows").

        >>> load().run("search", text="hailsham")[0].label
        'Hailsham'
        >>> load().run("cast", film="person:carey-mulligan")
        Traceback (most recent call last):
        ...
        nlmg_graph.errors.QueryError: query 'cast', parameter 'film': person:carey-mulligan is \
not a schema:Movie: it is a schema:Person ("Carey Mulligan")
        """
        query = stored_query(name)
        answer = self._answer(self._execute(query.bind(parameters), timeout))
        if not answer:
            self._check_classes(query, parameters)
        return answer

    def _check_classes(self, query: StoredQuery, parameters: dict[str, object]) -> None:
        """Raise if a parameter declared ``iri of`` some classes names an entity of none."""
        for parameter in query.parameters:
            value = parameters.get(parameter.name)
            if not parameter.classes or value is None:
                continue
            entity = parameter.term(value, query.name).value
            found = self.select("what-is", entity=entity)
            if any(row.kind in parameter.classes for row in found):
                continue
            if found:
                classes = ", ".join(shorten(str(row.kind)) for row in found)
                label = f' ("{found[0].label}")' if found[0].label else ""
                what = f"it is a {classes}{label}"
            else:
                what = "it is not in the graph (no class is given for it)"
            wanted = " or ".join(shorten(cls) for cls in parameter.classes)
            raise QueryError(
                f"query {query.name!r}, parameter {parameter.name!r}: {shorten(entity)} is not "
                f"a {wanted}: {what}"
            )

    def _execute(self, sparql: str, timeout: float | None) -> Answer:
        engine = self.engine
        if timeout is None:
            return engine.execute(sparql)
        from nlmg_graph.timeouts import run_in_child

        return run_in_child(lambda: engine.execute(sparql), timeout=timeout)

    def _answer(self, answer: Answer) -> Solutions | bool | Graph:
        if isinstance(answer, Solutions | bool):
            return answer
        from nlmg_graph.loading import TermConverter

        return TermConverter().graph(answer)

    def select(
        self, name: str, /, *, timeout: float | None = None, **parameters: object
    ) -> Solutions:
        """Run the stored SELECT query ``name``, like :meth:`run`, typed for its rows.

        Raises:
            QueryError: as :meth:`run`, or the query is not a SELECT.

        >>> len(load().select("faqs")) > 0
        True
        """
        answer = self.run(name, timeout=timeout, **parameters)
        if not isinstance(answer, Solutions):
            raise QueryError(f"stored query {name!r} is not a SELECT query")
        return answer

    # -- the questions a reader asks, one stored query each ----------------------------------

    def films(self) -> Solutions:
        """Every film in the graph (``film``, ``title``, ``release_year``), by title.

        A film's IRI is what the ``film`` argument of the methods below takes.

        >>> [row.title for row in load().films()][:2]
        ['Annihilation', 'Children of Men']
        """
        return self.select("films")

    def books(self) -> Solutions:
        """Every book in the graph (``book``, ``title``, ``author_name``, ``date_published``)."""
        return self.select("books")

    def film(self, film: str | None = None) -> Solutions:
        """Films at a glance: title, year, runtime, director, writer, novel.

        ``film`` (an IRI or ``work:slug``) keeps one film; a film has one row per country of
        origin, and a column the graph has no fact for is ``None``.

        >>> load().film("work:never-let-me-go-2010")[0].director
        'Mark Romanek'
        """
        return self.select("film-at-a-glance", film=film)

    def cast(
        self,
        *,
        film: str | None = None,
        life_stage: str | None = None,
        character: str | None = None,
    ) -> Solutions:
        """The cast of ``film`` (default: every film) in billing order.

        ``life_stage`` is ``"child"`` or ``"adult"``; ``character`` an IRI or
        ``character:slug``.
        """
        return self.select("cast", film=film, life_stage=life_stage, character=character)

    def crew(self, *, film: str | None = None, person: str | None = None) -> Solutions:
        """The crew credits (director, writer, composer, producers, …) of ``film`` or every film."""
        return self.select("crew", film=film, person=person)

    def person(self, person: str) -> Solutions:
        """Every role of one person (an IRI or ``person:slug``) on any work."""
        return self.select("person", person=person)

    def awards(
        self, *, work: str | None = None, outcome: str | None = None, person: str | None = None
    ) -> Solutions:
        """Awards and nominations of ``work`` (a film or book; default: every work).

        ``outcome``: won, nominated, shortlisted, longlisted or listed.
        """
        return self.select("awards", work=work, outcome=outcome, person=person)

    def where_to_watch(
        self,
        *,
        film: str | None = None,
        offer_type: str | None = None,
        max_price: Decimal | int | str | None = None,
        currency: str | None = None,
    ) -> Solutions:
        """Where to watch ``film`` (default: every film): offers by type and price.

        ``offer_type`` is ``rent``, ``buy``, ``stream``…; ``max_price`` the highest price.
        """
        return self.select(
            "where-to-watch",
            film=film,
            offer_type=offer_type,
            max_price=max_price,
            currency=currency,
        )

    def claims_about(self, entity: str) -> Solutions:
        """Every claim whose subject is ``entity``, with rank, verification and sources."""
        return self.select("claims", entity=entity)

    def disputed_claims(self) -> Solutions:
        """Every deprecated claim with the reason and the evidence against it."""
        return self.select("disputed-claims")

    def search(self, text: str) -> Solutions:
        """Entities whose label contains ``text``, ignoring case and accents."""
        return self.select("search", text=text)

    def describe(self, entity: str) -> Solutions:
        """Every property and value of ``entity``, with labels."""
        return self.select("describe", entity=entity)


class KnowledgeGraph(GraphQueries):
    """The *Never Let Me Go* knowledge graph: three named graphs (ontology, data, claims).

    The graph is held either as the quads read from its files (:func:`load`) or in an on-disk
    Oxigraph store (:func:`nlmg_graph.store.open_store`); whichever is missing of :attr:`quads`,
    :attr:`store` and :attr:`dataset` (an :class:`rdflib.Dataset`, for validation, export and
    rdflib users) is built from the other on first use.
    Queries see the union of the named graphs as their default graph and run on the engine
    chosen at :func:`load` (Oxigraph unless told otherwise); both engines give the same plain
    Python values. The graph is read-only once loaded: to add data, pass files to :func:`load`.
    """

    def __init__(
        self,
        quads: Iterable[ox.Quad] | None = None,
        *,
        store: ox.Store | None = None,
        engine: Engine | str = Engine.OXIGRAPH,
    ) -> None:
        if (quads is None) == (store is None):
            raise TypeError("KnowledgeGraph needs either quads or a store")
        if quads is not None:
            self.quads = list(quads)
        if store is not None:
            self.store = store
        self._engine = parse_option(Engine, engine, "query engine")

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """The graph's quads (read from its store, whose literals are in canonical form)."""
        return list(self.store)

    @cached_property
    def store(self) -> ox.Store:
        """The graph in an Oxigraph store: the on-disk one it was opened from, or in memory."""
        import pyoxigraph as ox

        store = ox.Store()
        store.extend(self.quads)
        return store

    @cached_property
    def dataset(self) -> Dataset:
        """The graph as an rdflib dataset with a union default graph, literals as written."""
        from nlmg_graph.loading import dataset_from_quads

        return dataset_from_quads(self.quads)

    @property
    def ontology(self) -> Graph:
        """The ontology graph."""
        return self.dataset.graph(GRAPH_ONTOLOGY)

    @property
    def data(self) -> Graph:
        """The data graph: entities and their direct statements (the facts)."""
        return self.dataset.graph(GRAPH_DATA)

    @property
    def claims(self) -> Graph:
        """The claims graph: one record per statement, with its sources and rank."""
        return self.dataset.graph(GRAPH_CLAIMS)

    @cached_property
    def engine(self) -> QueryEngine:
        """The engine that answers this graph's queries."""
        if self._engine is Engine.RDFLIB:
            return RdflibEngine(self.dataset)
        return OxigraphEngine(self.store)

    def __len__(self) -> int:
        """Return the number of triples in all named graphs."""
        return len(self.store)

    # -- validation and export --------------------------------------------------------------

    def validate(
        self, *, shacl_engine: ShaclEngine | str = ShaclEngine.SHACL, timeout: float | None = None
    ) -> ValidationReport:
        """Validate the data and claims against the SHACL shapes and the stored checks.

        Args:
            shacl_engine: ``"shacl"`` (compiled, the default) or ``"pyshacl"`` (the reference
                implementation); both give the same findings.
            timeout: as for :meth:`query`: the validation runs in a child process that is
                killed when time is up (:class:`QueryTimeoutError`).

        >>> load().validate().conforms
        True
        >>> load().validate(shacl_engine="pyshacl").conforms
        True
        """
        from nlmg_graph.validation import validate_graph

        # A graph opened from a store is validated from the store, not a list of its quads.
        quads, store = self.__dict__.get("quads", self.store), self.store

        def validate() -> ValidationReport:
            return validate_graph(quads, store, shacl_engine=shacl_engine)

        if timeout is None:
            return validate()
        from nlmg_graph.timeouts import run_in_child

        return run_in_child(validate, timeout=timeout, what="the validation")

    def serialize(
        self, rdf_format: ExportFormat | str = ExportFormat.TURTLE, *, view: View | str = View.FULL
    ) -> str:
        """Return the graph serialised in ``rdf_format`` (``turtle``, ``nt``, ``trig``, ``jsonld``).

        ``view="facts"`` keeps only the best-ranked direct statements, without claims;
        ``view="verified"`` only those whose claim is corroborated or about its source's own
        content (what the schema.org markup and the entity pages' headline facts publish).

        >>> "schema:Movie" in load().serialize("turtle", view="facts")
        True
        """
        from nlmg_graph.export import serialize

        return serialize(self, rdf_format, view)

    def write(
        self,
        path: str | os.PathLike[str],
        rdf_format: ExportFormat | str = ExportFormat.TURTLE,
        *,
        view: View | str = View.FULL,
    ) -> None:
        """Serialise the graph to ``path`` atomically (a temporary file, then a rename)."""
        from nlmg_graph.export import write_atomically

        write_atomically(path, self.serialize(rdf_format, view=view))


def load(
    *, data: Iterable[Source] = (), shipped: bool = True, engine: Engine | str = Engine.OXIGRAPH
) -> KnowledgeGraph:
    """Load the knowledge graph, optionally with the user's own RDF files merged in.

    Args:
        data: paths of the user's files (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML,
            by suffix); their claim records join the claims graph, all else the data graph.
        shipped: whether to include the shipped data (the ontology is always loaded).
        engine: the SPARQL engine for queries, ``"oxigraph"`` (fast, the default) or
            ``"rdflib"``.

    Returns:
        The loaded graph.

    Raises:
        InputFileError: a file is missing, unreadable or not valid RDF (names file and line).
        OptionError: an unknown engine.

    >>> kg = load()
    >>> len(kg.data) > 0 and len(kg.claims) > 0
    True
    """
    return KnowledgeGraph(read_quads(data=data, shipped=shipped), engine=engine)
