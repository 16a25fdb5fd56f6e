"""What a worker process of ``nlmg-graph serve`` does: evaluate queries and render entities.

Each worker holds its own copy of the graph (the shipped graph plus ``--data`` files in an
in-memory Oxigraph store, or a store built by ``nlmg-graph load`` opened read-only) and answers
one job at a time on a socket to the server process: a SPARQL query, an entity document, or
the list of entities. It evaluates on Oxigraph and writes the answer with pyoxigraph's own
serialisers straight into a buffer that refuses to grow past the result cap, so an oversized
answer stops the (lazy) evaluation as soon as it passes the cap, and nothing truncated is
ever sent. The server kills a worker whose job outlives the timeout and starts another: that is
the only way to stop a running pyoxigraph query.

Messages are pickled objects, each after its length (:data:`FRAME`), between two processes of
this program only.
"""

from __future__ import annotations

import gzip
import io
import pickle
import socket
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlencode

import pyoxigraph as ox

from nlmg_graph.catalogue import sparql_term, stored_query
from nlmg_graph.engine import oxigraph_syntax_error
from nlmg_graph.errors import NlmgGraphError, QueryError
from nlmg_graph.iris import BASE, PREFIXES, WELL_KNOWN
from nlmg_graph.limits import check_query, uses_service
from nlmg_graph.query_dataset import oxigraph_options
from nlmg_graph.server.alternates import alternates

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from nlmg_graph.graph import KnowledgeGraph
    from nlmg_graph.site import EntityPages

__all__ = [
    "FRAME",
    "GRAPH_TYPES",
    "HTML",
    "RESULT_TYPES",
    "EntityJob",
    "GraphSource",
    "IndexJob",
    "Job",
    "QueryJob",
    "Reply",
    "main",
    "text_reply",
]

FRAME = struct.Struct("!Q")
"""The length before each pickled message."""

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
"""Media types of SELECT and ASK results, the default first (the last two are aliases)."""

GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
"""Media types of CONSTRUCT and DESCRIBE results, the default first."""

HTML = "text/html"
"""The media type of entity pages."""

_PREFIXES = {**WELL_KNOWN, **PREFIXES}

GZIP_ABOVE = 4096
"""Answers larger than this many bytes are gzipped for clients that accept it."""


class Reply(NamedTuple):
    """A worker's answer: an HTTP status, the body's media type, the body and its encoding."""

    status: int
    media_type: str
    body: bytes
    encoding: str | None = None


def text_reply(status: int, message: str) -> Reply:
    """Return an error (or other short) reply as one line of plain text."""
    return Reply(status, "text/plain", (" ".join(message.split()) + "\n").encode())


@dataclass(frozen=True)
class QueryJob:
    """Evaluate ``sparql`` and write its answer in the first acceptable type of its form.

    Attributes:
        sparql: the query text.
        result_types: the acceptable media types for SELECT and ASK results, best first.
        graph_types: the acceptable media types for CONSTRUCT and DESCRIBE results.
        default_graphs: the protocol's ``default-graph-uri`` values (none: the query's own
            ``FROM``, or else the union graph).
        named_graphs: the protocol's ``named-graph-uri`` values.
        gzip: the client accepts gzip: a large answer is compressed by the worker, in
            parallel with the others, rather than by the server process, which every answer
            passes through.
    """

    sparql: str
    result_types: tuple[str, ...]
    graph_types: tuple[str, ...]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    gzip: bool = False


@dataclass(frozen=True)
class EntityJob:
    """Describe the entity ``iri`` in the first of ``media_types`` it can be written in.

    With ``page``, the request was for the entity's HTML page itself (``…/slug.html``): no
    page is a 404, not a 406.
    """

    iri: str
    media_types: tuple[str, ...]
    page: bool = False


@dataclass(frozen=True)
class IndexJob:
    """List the entities that have pages: IRI, label and page path, as JSON."""


Job = QueryJob | EntityJob | IndexJob


@dataclass(frozen=True)
class GraphSource:
    """Where a worker's graph comes from: a store built by ``nlmg-graph load``, or files."""

    store: str | None = None
    data: tuple[str, ...] = ()

    def open(self) -> KnowledgeGraph:
        """Return the graph (read-only).

        Raises:
            NlmgGraphError: the store or a data file cannot be read.
        """
        if self.store is not None:
            from nlmg_graph.store import open_store

            graph: KnowledgeGraph = open_store(self.store)
            return graph
        from nlmg_graph.graph import load

        return load(data=self.data)

    def describe(self) -> str:
        """Say what is served, for the server's first line."""
        if self.store is not None:
            return f"store {self.store}"
        return "shipped graph" + "".join(f" + {path}" for path in self.data)


class _ResultTooLarge(Exception):
    """The answer passed the result cap."""


class _CappedBuffer(io.BytesIO):
    """An in-memory binary file that raises once more than ``limit`` bytes are written."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.exceeded = False

    def write(self, data: ReadableBuffer) -> int:
        if self.tell() + memoryview(data).nbytes > self.limit:
            self.exceeded = True
            raise _ResultTooLarge
        return super().write(data)


def _is_update(sparql: str) -> bool:
    """Whether ``sparql`` (which is no query) is a non-empty SPARQL Update request."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return bool(parseUpdate(sparql).request)
    except Exception:  # pyparsing's ParseException, or rdflib's TypeError on an empty update
        return False


class Worker:
    """Answers jobs on one graph; the answers are written within ``max_result_bytes``."""

    def __init__(self, kg: KnowledgeGraph, max_result_bytes: int) -> None:
        self.kg = kg
        self.store = kg.store
        self.max_result_bytes = max_result_bytes

    @cached_property
    def pages(self) -> EntityPages:
        """The entity pages of the graph (built on the first page asked for)."""
        from nlmg_graph.site import EntityPages

        return EntityPages(self.kg)

    def answer(self, job: Job) -> Reply:
        """Return the reply to ``job``; never raises for bad input."""
        if isinstance(job, QueryJob):
            reply = self.query(job)
            return _gzipped(reply) if job.gzip else reply
        if isinstance(job, EntityJob):
            return self.entity(job)
        import json

        entities = [[e.iri, e.label, e.path] for e in self.pages.entities()]
        return Reply(200, "application/json", json.dumps(entities).encode())

    def _write(self, write: Callable[[_CappedBuffer], object], media_type: str) -> Reply:
        """Run ``write(buffer)`` and return its output, or the error it ran into."""
        buffer = _CappedBuffer(self.max_result_bytes)
        try:
            write(buffer)
        except (_ResultTooLarge, OSError, ValueError, RuntimeError) as error:
            if buffer.exceeded:
                return text_reply(
                    422,
                    f"the result is larger than the server's cap of {self.max_result_bytes:,} "
                    "bytes; narrow the query or add a LIMIT",
                )
            return text_reply(500, f"cannot evaluate the query: {error}")
        return Reply(200, media_type, buffer.getvalue())

    def query(self, job: QueryJob) -> Reply:
        """Evaluate a SPARQL query, as the SPARQL 1.1 Protocol asks."""
        try:
            check_query(job.sparql, allow_service=True)
        except QueryError as error:
            return text_reply(400, str(error))
        if uses_service(job.sparql):
            return text_reply(403, "federated queries (SERVICE) are not allowed on this endpoint")
        try:
            options = oxigraph_options(job.sparql, job.default_graphs, job.named_graphs)
        except ValueError as error:
            return text_reply(400, f"not a valid graph IRI: {error}")
        try:
            result = self.store.query(job.sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            if _is_update(job.sparql):
                return text_reply(403, "this endpoint is read-only: SPARQL Update is refused")
            return text_reply(400, str(oxigraph_syntax_error(job.sparql, error)))
        except (OSError, ValueError, RuntimeError) as error:
            return text_reply(500, f"cannot evaluate the query: {error}")
        if isinstance(result, ox.QueryTriples):
            if not job.graph_types:
                return text_reply(406, _not_acceptable("CONSTRUCT and DESCRIBE", GRAPH_TYPES))
            media_type = job.graph_types[0]
            rdf_format = GRAPH_TYPES[media_type]
            return self._write(lambda out: result.serialize(out, rdf_format), media_type)
        if not job.result_types:
            return text_reply(406, _not_acceptable("SELECT and ASK", RESULT_TYPES))
        media_type = job.result_types[0]
        results_format = RESULT_TYPES[media_type]
        return self._write(lambda out: result.serialize(out, results_format), media_type)

    def entity(self, job: EntityJob) -> Reply:
        """Describe an entity: its ``construct-entity`` triples, or its HTML page.

        An IRI outside the data graph (a claim, an ontology term) is described by
        ``DESCRIBE``; one described nowhere is a 404.
        """
        entity = stored_query("construct-entity").bind({"entity": job.iri})
        triples = list(self.store.query(entity, use_default_graph_as_union=True))  # type: ignore[arg-type]
        if not triples:
            describe = f"DESCRIBE {sparql_term(ox.NamedNode(job.iri))}"
            triples = list(self.store.query(describe, use_default_graph_as_union=True))  # type: ignore[arg-type]
        if not triples:
            return text_reply(404, f"the graph does not describe {job.iri}")
        for media_type in job.media_types:
            if media_type == HTML:
                page = self.pages.render(job.iri, served=_served_links(job.iri))
                if page is not None:
                    return Reply(200, HTML, page.encode())
                continue
            return self._write_triples(triples, media_type)
        if job.page:
            return text_reply(404, f"{job.iri} has no HTML page (it is not an entity of the site)")
        return text_reply(
            406,
            f"{job.iri} has no HTML page; it is available as " + ", ".join(GRAPH_TYPES),
        )

    def _write_triples(self, triples: list[ox.Triple], media_type: str) -> Reply:
        rdf_format = GRAPH_TYPES[media_type]
        return self._write(
            lambda out: ox.serialize(triples, out, rdf_format, prefixes=_PREFIXES), media_type
        )


def _gzipped(reply: Reply) -> Reply:
    """Return ``reply`` gzipped (level 1: the fastest) if it is a large answer, else as it is."""
    if reply.status != 200 or len(reply.body) <= GZIP_ABOVE:
        return reply
    return reply._replace(body=gzip.compress(reply.body, compresslevel=1), encoding="gzip")


def _served_links(iri: str) -> dict[str, object]:
    """The links a served entity page adds: its RDF alternates, the endpoint, its claims."""
    path = "/" + iri.removeprefix(BASE)
    return {
        "alternates": [a for a in alternates(path) if a.type != HTML],
        "sparql": "/sparql",
        "claims": "/queries/claims?" + urlencode({"entity": iri}),
    }


def _not_acceptable(forms: str, offered: Iterable[str]) -> str:
    return f"none of the Accept header's types can hold {forms} results; offered: " + ", ".join(
        offered
    )


def _send(stream: io.BufferedIOBase, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME.pack(len(data)) + data)
    stream.flush()


def _receive(stream: io.BufferedIOBase) -> object:
    header = stream.read(FRAME.size)
    if len(header) < FRAME.size:
        raise EOFError
    return pickle.loads(stream.read(FRAME.unpack(header)[0]))


def main(connection: socket.socket, source: GraphSource, max_result_bytes: int) -> None:
    """Run a worker: open the graph, say ``"ready"`` (or the error), then answer jobs.

    The worker ends when the server closes the connection (or kills it).
    """
    stream = connection.makefile("rwb")
    try:
        worker = Worker(source.open(), max_result_bytes)
    except NlmgGraphError as error:
        _send(stream, str(error))
        return
    _send(stream, "ready")
    while True:
        try:
            job = _receive(stream)
        except (EOFError, OSError):
            return
        assert isinstance(job, QueryJob | EntityJob | IndexJob)
        try:
            reply = worker.answer(job)
        except Exception as error:  # a bug: answer it as one, and keep serving
            reply = text_reply(500, f"internal error: {type(error).__name__}: {error}")
        _send(stream, reply)
