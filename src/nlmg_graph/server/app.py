"""The HTTP side of ``nlmg-graph serve``: a Starlette application over the worker pool.

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol's query operation (GET ``?query=``, POST
  ``application/sparql-query``, POST form ``query=``), with ``default-graph-uri`` and
  ``named-graph-uri``; updates are refused with 403 (the endpoint is read-only by policy: a
  405 would say the method is wrong, but POST is the right method for queries here). Without
  a query it answers its service description (:mod:`.service_description`), or for a browser
  the query page (:mod:`.query_page`); SELECT and ASK results go to a browser as a table.
- ``/queries``: the stored queries as JSON; ``/queries/{name}?param=value…``: one of them, its
  parameters bound by :meth:`.StoredQuery.bind` (unknown query 404, bad parameter 400).
- ``/<kind>/<slug>``: the entity ``https://w3id.org/nlmg/<kind>/<slug>`` as Turtle, JSON-LD
  (also for ``application/json``), N-Triples, RDF/XML or its HTML page, by ``Accept``;
  ``/<kind>/<slug>.html`` is the page itself, so the pages' relative links work as on a static
  site, and ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf`` the others (:mod:`.alternates`).
- ``/`` and ``/index.html``: an index of the above (HTML or JSON); ``/static/``: the query
  page's scripts.
- any other method on any path (a Graph Store push): 405, saying the endpoint is read-only.

Answers of more than a few kilobytes are gzipped for clients that accept it (query answers by
the worker that wrote them); ``--cors`` lets pages on other origins call the server
(:mod:`.cors`).

The server process parses, negotiates and routes; every query and page is made by a worker
process (:mod:`.pool`). Every error is a status with a one-line ``text/plain`` message.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from nlmg_graph.catalogue import stored_queries, stored_query
from nlmg_graph.errors import QueryError
from nlmg_graph.iris import BASE
from nlmg_graph.server.alternates import SUFFIXES, link_header
from nlmg_graph.server.cors import cors_middleware
from nlmg_graph.server.negotiation import negotiate
from nlmg_graph.server.query_page import index_page, query_page, results_page
from nlmg_graph.server.service_description import GRAPH_SIZES, PREFIXES, describe_service
from nlmg_graph.server.worker import (
    GRAPH_TYPES,
    GZIP_ABOVE,
    HTML,
    RESULT_TYPES,
    EntityJob,
    IndexJob,
    QueryJob,
    Reply,
)

if TYPE_CHECKING:
    from starlette.requests import Request

    from nlmg_graph.server.pool import WorkerPool

__all__ = ["create_app"]

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
_READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
_ENTITY_TYPES = (*GRAPH_TYPES, HTML)
_JSON = "application/json"  # an entity asked for as plain JSON gets JSON-LD
_SPARQL_JSON = "application/sparql-results+json"
_DESCRIPTION_TYPES = ("text/turtle", "application/ld+json", "application/rdf+xml", HTML)
_PUSH_METHODS = ["PUT", "DELETE", "PATCH", "POST"]


def _refuse(status: int, message: str) -> HTTPException:
    headers = {"Vary": "Accept"} if status == 406 else None
    return HTTPException(status, " ".join(message.split()), headers)


def _one(values: Mapping[str, list[str]], name: str, *, required: bool = True) -> str | None:
    given = values.get(name, [])
    if len(given) > 1:
        raise _refuse(400, f"the {name} parameter is given {len(given)} times")
    if not given and required:
        raise _refuse(400, f"missing the {name} parameter")
    return given[0] if given else None


def _grouped(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _response(reply: Reply, headers: Mapping[str, str] | None = None) -> Response:
    sent = {"Vary": "Accept", **(headers or {})}
    if reply.encoding:  # gzipped by the worker
        sent |= {"Content-Encoding": reply.encoding, "Vary": "Accept, Accept-Encoding"}
    return Response(reply.body, reply.status, media_type=reply.media_type, headers=sent)


class _Server:
    """The request handlers, over one worker pool."""

    def __init__(self, pool: WorkerPool, max_body: int) -> None:
        self.pool = pool
        self.max_body = max_body
        self._entities: list[dict[str, str]] | None = None
        self._sizes: dict[str | None, int] | None = None

    async def body(self, request: Request) -> bytes:
        """Return the request body, refusing (413) one larger than ``max_body`` bytes."""
        too_large = _refuse(413, f"the request body is larger than {self.max_body:,} bytes")
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            raise too_large
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body:
                raise too_large
        return bytes(body)

    async def text(self, request: Request) -> str:
        """Return the request body as text (UTF-8)."""
        try:
            return (await self.body(request)).decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse(400, "the request body is not UTF-8") from None

    async def run_query(
        self, request: Request, sparql: str, fields: dict[str, list[str]]
    ) -> Response:
        """Negotiate the result types, run ``sparql`` on a worker, and answer."""
        accept = request.headers.get("accept")
        result_types = negotiate(accept, [*RESULT_TYPES, HTML])
        table = result_types[:1] == [HTML]  # a browser: SELECT and ASK results as a page
        job = QueryJob(
            sparql,
            (_SPARQL_JSON,) if table else tuple(t for t in result_types if t != HTML),
            tuple(negotiate(accept, list(GRAPH_TYPES))),
            tuple(fields.get("default-graph-uri", [])),
            tuple(fields.get("named-graph-uri", [])),
            gzip=not table and "gzip" in request.headers.get("accept-encoding", ""),
        )
        if not job.result_types and not job.graph_types:
            offered = ", ".join((*RESULT_TYPES, *GRAPH_TYPES))
            raise _refuse(406, f"none of the Accept header's types is offered: {offered}")
        reply = await self.pool.run(job)
        if table and reply.status == 200 and reply.media_type == _SPARQL_JSON:
            reply = Reply(200, HTML, results_page(reply.body, sparql).encode())
        return _response(reply)

    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol query operation."""
        fields = _grouped(request.query_params.multi_items())
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == _UPDATE:
                raise _refuse(403, _READ_ONLY)
            if content_type == _FORM:
                fields = _grouped(parse_qsl(await self.text(request), keep_blank_values=True))
            elif content_type == _QUERY:
                if "query" in fields or "update" in fields:
                    raise _refuse(
                        400, "a direct POST carries the query in its body, not in the URL"
                    )
                fields["query"] = [await self.text(request)]
            else:
                raise _refuse(
                    415, f"POST a query as {_QUERY} or {_FORM}, not {content_type or 'no type'}"
                )
        if "update" in fields:
            raise _refuse(403, _READ_ONLY)
        if request.method == "GET" and "query" not in fields:
            return await self.describe(request, fields)
        sparql = _one(fields, "query")
        assert sparql is not None
        return await self.run_query(request, sparql, fields)

    async def describe(self, request: Request, fields: dict[str, list[str]]) -> Response:
        """GET ``/sparql`` without a query: the service description, or the query page."""
        chosen = negotiate(request.headers.get("accept"), _DESCRIPTION_TYPES)
        if not chosen:
            raise _refuse(406, "the service is described as " + ", ".join(_DESCRIPTION_TYPES))
        endpoint = str(request.url.replace(query="", fragment=""))
        if chosen[0] == HTML:
            example = _one(fields, "example", required=False)
            page = query_page(endpoint, stored_queries(), example)
            return Response(page, media_type=HTML, headers={"Vary": "Accept"})
        if self._sizes is None:
            reply = await self.pool.run(QueryJob(GRAPH_SIZES, (_SPARQL_JSON,), ()))
            if reply.status != 200:
                raise _refuse(reply.status, reply.body.decode())
            self._sizes = {
                row["g"]["value"] if "g" in row else None: int(row["n"]["value"])
                for row in json.loads(reply.body)["results"]["bindings"]
            }
        buffer = io.BytesIO()
        ox.serialize(
            describe_service(endpoint, self._sizes),
            buffer,
            GRAPH_TYPES[chosen[0]],
            prefixes=PREFIXES,
        )
        return Response(buffer.getvalue(), media_type=chosen[0], headers={"Vary": "Accept"})

    async def catalogue(self, request: Request) -> Response:
        """The stored queries, with their parameters and URLs."""
        if not negotiate(request.headers.get("accept"), ["application/json"]):
            raise _refuse(406, "the catalogue is offered as application/json only")
        document = [
            {**query.describe(), "url": f"/queries/{query.name}"} for query in stored_queries()
        ]
        return Response(json.dumps(document, indent=1), media_type="application/json")

    async def stored(self, request: Request) -> Response:
        """One stored query, its parameters from the URL's query string."""
        try:
            query = stored_query(request.path_params["name"])
        except QueryError as error:
            raise _refuse(404, str(error)) from None
        parameters = _grouped(request.query_params.multi_items())
        values = {name: _one(parameters, name) for name in parameters}
        try:
            sparql = query.bind(values)
        except QueryError as error:
            raise _refuse(400, str(error)) from None
        return await self.run_query(request, sparql, {})

    async def entities(self) -> list[dict[str, str]]:
        """The entities with pages (asked of a worker once: the graph is read-only)."""
        if self._entities is None:
            reply = await self.pool.run(IndexJob())
            if reply.status != 200:
                raise _refuse(reply.status, reply.body.decode())
            self._entities = [
                {"iri": iri, "label": label, "href": "/" + path.removesuffix(".html")}
                for iri, label, path in json.loads(reply.body)
            ]
        return self._entities

    async def index(self, request: Request) -> Response:
        """The index: the endpoint, the stored queries, and the entities, as HTML or JSON."""
        offers = [HTML] if request.url.path == "/index.html" else [HTML, "application/json"]
        chosen = negotiate(request.headers.get("accept"), offers)
        if not chosen:
            raise _refuse(406, "the index is offered as " + " or ".join(offers))
        entities = await self.entities()
        if chosen[0] == HTML:
            page = index_page(entities, stored_queries())
            return Response(page, media_type=HTML, headers={"Vary": "Accept"})
        document = {"sparql": "/sparql", "queries": "/queries", "entities": entities}
        return Response(
            json.dumps(document, indent=1),
            media_type="application/json",
            headers={"Vary": "Accept"},
        )

    async def entity(self, request: Request) -> Response:
        """An entity IRI below the base, dereferenced: its description by ``Accept``."""
        path: str = request.path_params["path"]
        stem, dot, suffix = path.rpartition(".")
        suffixed = SUFFIXES.get(dot + suffix) if stem else None
        segments = (stem if suffixed else path).split("/")
        if len(segments) < 2 or not all(_SEGMENT.fullmatch(segment) for segment in segments):
            raise _refuse(404, f"no resource at /{path}")
        iri = BASE + "/".join(segments)
        if suffixed:
            media_types = [suffixed]
        else:
            offers = [*_ENTITY_TYPES, _JSON]
            media_types = negotiate(request.headers.get("accept"), offers)
            aliased = ("application/ld+json" if t == _JSON else t for t in media_types)
            media_types = list(dict.fromkeys(aliased))
        if not media_types:
            raise _refuse(406, "an entity is offered as " + ", ".join(_ENTITY_TYPES))
        job = EntityJob(iri, tuple(media_types), page=suffixed is not None)
        headers = {"Link": link_header("/" + "/".join(segments))}
        return _response(await self.pool.run(job), headers)

    async def read_only(self, request: Request) -> Response:
        """Any method that would change the graph (a Graph Store push): refused, read-only."""
        raise HTTPException(
            405,
            f"this endpoint is read-only: {request.method} {request.url.path} is refused; "
            "the graph changes only where it is built (nlmg-graph load), and queries go to "
            "/sparql",
            {"Allow": "GET, POST" if request.url.path == "/sparql" else "GET"},
        )


def create_app(pool: WorkerPool, *, max_body: int, cors: Sequence[str] = ()) -> Starlette:
    """Return the ASGI application answering with ``pool``'s workers.

    Args:
        pool: the started worker pool.
        max_body: the largest request body accepted, in bytes (larger: 413).
        cors: the origins whose pages may call the server (``*``: any; none: same origin).
    """
    server = _Server(pool, max_body)
    # Query answers come gzipped from the workers (QueryJob.gzip); this compresses the rest.
    middleware = [Middleware(GZipMiddleware, minimum_size=GZIP_ABOVE, compresslevel=1)]
    if cors:
        middleware.insert(0, cors_middleware(cors))
    return Starlette(
        routes=[
            Route("/", server.index, methods=["GET"]),
            Route("/index.html", server.index, methods=["GET"]),
            Route("/sparql", server.sparql, methods=["GET", "POST"]),
            Route("/queries", server.catalogue, methods=["GET"]),
            Route("/queries/{name}", server.stored, methods=["GET"]),
            Mount("/static", StaticFiles(packages=[("nlmg_graph.server", "static")])),
            Route("/{path:path}", server.entity, methods=["GET"]),
            Route("/{path:path}", server.read_only, methods=_PUSH_METHODS),
        ],
        middleware=middleware,
    )
