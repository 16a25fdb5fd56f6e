"""The HTTP side of ``nlmg-graph serve``: a Starlette application over the worker pool.

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol's query operation (GET ``?query=``, POST
  ``application/sparql-query``, POST form ``query=``), with ``default-graph-uri`` and
  ``named-graph-uri``; updates are refused with 403 (the endpoint is read-only by policy: a
  405 would say the method is wrong, but POST is the right method for queries here).
- ``/queries``: the stored queries as JSON; ``/queries/{name}?param=value…``: one of them, its
  parameters bound by :meth:`.StoredQuery.bind` (unknown query 404, bad parameter 400).
- ``/<kind>/<slug>``: the entity ``https://w3id.org/nlmg/<kind>/<slug>`` as Turtle, JSON-LD,
  N-Triples, RDF/XML or its HTML page, by ``Accept``; ``/<kind>/<slug>.html`` is the page
  itself, so the pages' relative links work as on a static site.
- ``/`` and ``/index.html``: an index of the above (HTML or JSON).

The server process parses, negotiates and routes; every query and page is made by a worker
process (:mod:`.pool`). Every error is a status with a one-line ``text/plain`` message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from nlmg_graph.catalogue import stored_queries, stored_query
from nlmg_graph.errors import QueryError
from nlmg_graph.iris import BASE
from nlmg_graph.server.negotiation import negotiate
from nlmg_graph.server.worker import (
    GRAPH_TYPES,
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
_INDEX = Environment(autoescape=True).from_string(
    """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Never Let Me Go knowledge graph</title></head>
<body>
<h1>Never Let Me Go knowledge graph</h1>
<ul>
<li><a href="/sparql">/sparql</a>: SPARQL 1.1 query endpoint (read-only)</li>
<li><a href="/queries">/queries</a>: the stored queries ({{ queries | length }}), each at
/queries/<i>name</i>?<i>parameter</i>=<i>value</i></li>
</ul>
<h2>Entities</h2>
<ul>
{% for entity in entities %}
<li><a href="{{ entity.href }}">{{ entity.label }}</a> <code>{{ entity.iri }}</code></li>
{% endfor %}
</ul>
</body>
</html>
"""
)


def _refuse(status: int, message: str) -> HTTPException:
    return HTTPException(status, " ".join(message.split()))


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


def _response(reply: Reply) -> Response:
    return Response(
        reply.body, reply.status, media_type=reply.media_type, headers={"Vary": "Accept"}
    )


class _Server:
    """The request handlers, over one worker pool."""

    def __init__(self, pool: WorkerPool, max_body: int) -> None:
        self.pool = pool
        self.max_body = max_body
        self._entities: list[dict[str, str]] | None = None

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
        job = QueryJob(
            sparql,
            tuple(negotiate(accept, list(RESULT_TYPES))),
            tuple(negotiate(accept, list(GRAPH_TYPES))),
            tuple(fields.get("default-graph-uri", [])),
            tuple(fields.get("named-graph-uri", [])),
        )
        if not job.result_types and not job.graph_types:
            offered = ", ".join((*RESULT_TYPES, *GRAPH_TYPES))
            raise _refuse(406, f"none of the Accept header's types is offered: {offered}")
        return _response(await self.pool.run(job))

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
        sparql = _one(fields, "query")
        assert sparql is not None
        return await self.run_query(request, sparql, fields)

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
            page = _INDEX.render(entities=entities, queries=stored_queries())
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
        page = path.endswith(".html")
        segments = path.removesuffix(".html").split("/")
        if len(segments) < 2 or not all(_SEGMENT.fullmatch(segment) for segment in segments):
            raise _refuse(404, f"no resource at /{path}")
        iri = BASE + "/".join(segments)
        media_types = [HTML] if page else negotiate(request.headers.get("accept"), _ENTITY_TYPES)
        if not media_types:
            raise _refuse(406, "an entity is offered as " + ", ".join(_ENTITY_TYPES))
        return _response(await self.pool.run(EntityJob(iri, tuple(media_types), page)))


def create_app(pool: WorkerPool, *, max_body: int) -> Starlette:
    """Return the ASGI application answering with ``pool``'s workers.

    Args:
        pool: the started worker pool.
        max_body: the largest request body accepted, in bytes (larger: 413).
    """
    server = _Server(pool, max_body)
    return Starlette(
        routes=[
            Route("/", server.index, methods=["GET"]),
            Route("/index.html", server.index, methods=["GET"]),
            Route("/sparql", server.sparql, methods=["GET", "POST"]),
            Route("/queries", server.catalogue, methods=["GET"]),
            Route("/queries/{name}", server.stored, methods=["GET"]),
            Route("/{path:path}", server.entity, methods=["GET"]),
        ]
    )
