"""Remote SPARQL 1.1 stores: query them over the Protocol, push the graph with the Graph Store one.

Any standard store works (Oxigraph server, Virtuoso, Jena Fuseki, GraphDB, Neptune…). Stores
serve the two protocols at different URLs, so each function takes the one it speaks:

- the **query URL** (SPARQL 1.1 Protocol) for :func:`connect` and ``--endpoint`` on ``query``
  and ``sparql``: Oxigraph server ``http://host:7878/query``, Virtuoso ``http://host:8890/sparql``,
  Fuseki ``http://host:3030/DATASET/sparql``;
- the **graph store URL** (SPARQL 1.1 Graph Store HTTP Protocol) for :func:`push` and
  ``nlmg-graph push --endpoint``: Oxigraph ``http://host:7878/store``, Virtuoso
  ``http://host:8890/sparql-graph-crud-auth`` (or ``/sparql-graph-crud`` where anonymous
  updates are granted), Fuseki ``http://host:3030/DATASET/data``.

Every query that names no dataset of its own (no ``FROM``) names one in the request
(``default-graph-uri`` and ``named-graph-uri`` for each of the three named graphs), because
stores differ on what the default graph is; so
the stored queries see the union of the named graphs as their default graph, as they do
locally, and the answers are the same. Parameters are bound by :meth:`StoredQuery.bind` before
the text is sent: no value is ever formatted into SPARQL here.

Credentials come from the environment only, and never appear in output or messages:
``NLMG_GRAPH_USER`` and ``NLMG_GRAPH_PASSWORD`` (HTTP Basic, or Digest with
``NLMG_GRAPH_AUTH=digest``), or ``NLMG_GRAPH_TOKEN`` (a Bearer token). A URL with
``user:password@`` in it is refused.
"""

from __future__ import annotations

import html
import io
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from nlmg_graph.errors import EndpointError, OptionError
from nlmg_graph.graph import GraphQueries
from nlmg_graph.iris import NAMED_GRAPHS
from nlmg_graph.query_dataset import names_dataset
from nlmg_graph.results import Solutions

if TYPE_CHECKING:
    from nlmg_graph.engine import Answer
    from nlmg_graph.graph import KnowledgeGraph

__all__ = [
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "PushProgress",
    "PushedGraph",
    "RemoteGraph",
    "SparqlEndpoint",
    "connect",
    "graph_iri",
    "push",
]

ENV_USER = "NLMG_GRAPH_USER"
"""Environment variable: the user name for HTTP Basic or Digest authentication."""
ENV_PASSWORD = "NLMG_GRAPH_PASSWORD"
"""Environment variable: the password that goes with :data:`ENV_USER`."""
ENV_AUTH = "NLMG_GRAPH_AUTH"
"""Environment variable: ``basic`` (the default) or ``digest``."""
ENV_TOKEN = "NLMG_GRAPH_TOKEN"
"""Environment variable: a Bearer token, instead of a user and password."""

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for a store to answer (connecting takes at most 10 of them)."""

_CONNECT_TIMEOUT = 10.0
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_TRIPLES = "application/n-triples, text/turtle;q=0.9"
_ACCEPT_ANY = f"{_ACCEPT_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8"
_RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_VIRTUOSO_ASK = "__ASK_RETVAL"
_NTRIPLES = "application/n-triples"
_PROGRESS_STEP = 4 * 1024 * 1024
_EXCERPT_LENGTH = 200
_HTML_NOISE = re.compile(r"<(head|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _safe_url(url: str) -> str:
    """Return ``url`` without any ``user:password@`` part, for messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _checked_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL without credentials in it.

    Raises:
        OptionError: another scheme, no host, or ``user:password@`` in the URL.
    """
    try:
        parts = urlsplit(url)
        has_userinfo = parts.username is not None or parts.password is not None
    except ValueError as error:
        raise OptionError(f"{_safe_url(url)!r} is not a valid URL ({error})") from None
    if has_userinfo:
        raise OptionError(
            f"{_safe_url(url)}: credentials in the URL are refused; set {ENV_USER} and "
            f"{ENV_PASSWORD} (or {ENV_TOKEN}) in the environment instead"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OptionError(f"{url!r} is not an http:// or https:// URL")
    return url


def _excerpt(text: str, secrets: Iterable[str]) -> str:
    """Return the gist of a server's message: text without markup, on one line, cut short."""
    text = html.unescape(_TAG.sub(" ", _HTML_NOISE.sub(" ", text)))
    for secret in secrets:
        text = text.replace(secret, "***")
    text = " ".join(text.split())
    if len(text) > _EXCERPT_LENGTH:
        text = text[: _EXCERPT_LENGTH - 1] + "…"
    return text


def _reason(error: BaseException) -> str:
    """Return why a connection failed, in a few words ("connection refused", "timed out")."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or current in seen:
            continue
        seen.append(current)
        if isinstance(current, OSError) and current.strerror:
            return current.strerror.lower()
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
    return " ".join(str(error).split()) or type(error).__name__


def _credentials(environ: Mapping[str, str]) -> tuple[AuthBase | None, list[str]]:
    """Return the authentication the environment asks for, and the secrets it holds.

    Raises:
        OptionError: the variables do not fit together (names the variables, never values).
    """
    token, user, password = (environ.get(name) for name in (ENV_TOKEN, ENV_USER, ENV_PASSWORD))
    scheme = environ.get(ENV_AUTH, "basic").strip().lower()
    if token and (user or password):
        raise OptionError(f"set either {ENV_TOKEN} or {ENV_USER} and {ENV_PASSWORD}, not both")
    if token:
        return _BearerAuth(token), [token]
    if user is None and password is None:
        return None, []
    if not user or password is None:
        raise OptionError(f"{ENV_USER} and {ENV_PASSWORD} go together: set both")
    if scheme not in ("basic", "digest"):
        raise OptionError(f"{ENV_AUTH} must be basic or digest, not {scheme!r}")
    auth = HTTPDigestAuth(user, password) if scheme == "digest" else HTTPBasicAuth(user, password)
    return auth, [password] if password else []


class _BearerAuth(AuthBase):
    """Sends ``Authorization: Bearer <token>`` (requests has no class for it)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "<BearerAuth>"


class _Client:
    """An HTTP session to one store URL: credentials, timeouts, and errors as one-liners."""

    def __init__(
        self, url: str, *, timeout: float, environ: Mapping[str, str] | None = None
    ) -> None:
        self.url = _checked_url(url)
        self.timeout = (min(timeout, _CONNECT_TIMEOUT), timeout)
        self.session = requests.Session()
        auth, self._secrets = _credentials(os.environ if environ is None else environ)
        self.session.auth = auth

    def request(self, method: str, **options: object) -> requests.Response:
        """Send a request to the store URL and return its successful (2xx) response.

        Raises:
            EndpointError: the store cannot be reached or answers with an error status.
        """
        try:
            response = self.session.request(
                method,
                self.url,
                timeout=self.timeout,
                allow_redirects=False,
                **options,  # type: ignore[arg-type]
            )
        except requests.Timeout:
            raise EndpointError(f"{self.url} did not answer within {self.timeout[1]:g} s") from None
        except requests.RequestException as error:
            raise EndpointError(f"cannot reach {self.url}: {_reason(error)}") from None
        if not 200 <= response.status_code < 300:
            raise EndpointError(self._refusal(response), response.status_code)
        return response

    def _refusal(self, response: requests.Response) -> str:
        status = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
        if response.status_code in (401, 403) and not self.session.auth:
            hint = (
                f"the store wants credentials: set {ENV_USER} and {ENV_PASSWORD} "
                f"({ENV_AUTH}=digest for HTTP Digest) or {ENV_TOKEN}"
            )
        elif response.status_code in (401, 403):
            hint = f"the store refused the credentials from {ENV_USER}/{ENV_PASSWORD}/{ENV_TOKEN}"
        elif 300 <= response.status_code < 400:
            hint = f"redirected to {_safe_url(response.headers.get('Location', '?'))}"
        else:
            hint = _excerpt(response.text, self._secrets) or "no message"
        return f"{self.url} answered {status}: {hint}"

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()


def _accept(sparql: str) -> str:
    """Return the media types to ask for, chosen by the query's form.

    Stores choose differently from one list (Virtuoso answers a CONSTRUCT in SPARQL JSON when
    that is acceptable), so the form decides: results formats for SELECT and ASK, RDF for
    CONSTRUCT and DESCRIBE. pyoxigraph exposes no parser, so the form is learnt by running the
    query on an empty store, which costs microseconds; a query it cannot read (a store's own
    extension) is sent with every type, for the store to judge.
    """
    try:
        answer = ox.Store().query(sparql)
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return _ACCEPT_ANY
    return _ACCEPT_TRIPLES if isinstance(answer, ox.QueryTriples) else _ACCEPT_RESULTS


def _dataset(graphs: Iterable[str]) -> list[tuple[str, str]]:
    """The SPARQL Protocol parameters that make ``graphs`` the dataset, merged as default."""
    graphs = list(graphs)
    return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]


class SparqlEndpoint:
    """A :class:`~nlmg_graph.engine.QueryEngine` that asks a remote store over SPARQL 1.1 Protocol.

    Queries go by POST (``application/x-www-form-urlencoded``, the form every store reads) with
    the dataset named in the request, and answers come back as SPARQL JSON (or XML) results for
    SELECT and ASK and as N-Triples or Turtle for CONSTRUCT and DESCRIBE, parsed by pyoxigraph.
    """

    name = "remote"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        graphs: Iterable[str] = NAMED_GRAPHS,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """Prepare to query the store at ``url`` (nothing is sent yet).

        Args:
            url: the store's SPARQL query URL.
            timeout: seconds to wait for an answer.
            graphs: the named graphs that make up the dataset.
            environ: where the credentials are read (default: ``os.environ``).

        Raises:
            OptionError: the URL is not http(s), holds credentials, or the credential variables
                do not fit together.
        """
        self._client = _Client(url, timeout=timeout, environ=environ)
        self._dataset = _dataset(graphs)

    @property
    def url(self) -> str:
        """The query URL."""
        return self._client.url

    def execute(self, sparql: str) -> Answer:
        """Send ``sparql`` to the store and return its answer.

        Raises:
            EndpointError: the store cannot be reached, refuses the query (its message is
                quoted, e.g. a syntax error) or sends an answer that cannot be read.
        """
        accept = _accept(sparql)
        dataset = [] if names_dataset(sparql) else self._dataset
        response = self._client.request(
            "POST", data=[("query", sparql), *dataset], headers={"Accept": accept}
        )
        return self._answer(response, accept)

    def _answer(self, response: requests.Response, accept: str) -> Answer:
        media_type = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        results = media_type in _RESULTS_FORMATS
        if (accept == _ACCEPT_RESULTS and not results) or (accept == _ACCEPT_TRIPLES and results):
            asked = "SELECT or ASK results" if accept == _ACCEPT_RESULTS else "RDF triples"
            raise EndpointError(
                f"{self.url} answered with {media_type or 'no content type'} where {asked} "
                "were asked for"
            )
        try:
            if results:
                parsed = ox.parse_query_results(response.content, _RESULTS_FORMATS[media_type])
                if isinstance(parsed, ox.QueryBoolean):
                    return bool(parsed)
                solutions = Solutions.from_oxigraph(parsed)
                if solutions.variables == (_VIRTUOSO_ASK,):
                    # Virtuoso 7.2 answers ASK as one row of this variable (1 or 0)
                    # instead of a boolean (openlink/virtuoso-opensource#1016).
                    return any(t is not None and t.value == "1" for (t,) in solutions.terms)
                return solutions
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is None:
                raise EndpointError(
                    f"{self.url} answered with {media_type or 'no content type'}, not SPARQL "
                    "results or RDF"
                )
            return [quad.triple for quad in ox.parse(response.content, rdf_format)]
        except (SyntaxError, ValueError) as error:
            reason = " ".join(str(getattr(error, "msg", None) or error).split())[:160]
            raise EndpointError(
                f"{self.url} sent a malformed {media_type} answer: {reason}"
            ) from None

    def close(self) -> None:
        """Close the connections to the store."""
        self._client.close()


class RemoteGraph(GraphQueries):
    """The knowledge graph held by a remote SPARQL 1.1 store.

    It answers the same stored queries and domain methods as a loaded graph (:meth:`run`,
    :meth:`select`, :meth:`cast`, …), each as one request to the store. Push the graph there
    first with :func:`push` (or ``nlmg-graph push``). Use it as a context manager, or call
    :meth:`close`, to close its connections.
    """

    def __init__(self, endpoint: SparqlEndpoint) -> None:
        self._endpoint = endpoint

    @property
    def engine(self) -> SparqlEndpoint:
        """The remote store's SPARQL endpoint."""
        return self._endpoint

    def close(self) -> None:
        """Close the connections to the store."""
        self._endpoint.close()

    def __enter__(self) -> RemoteGraph:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def connect(endpoint: str, *, timeout: float = DEFAULT_TIMEOUT) -> RemoteGraph:
    """Return the knowledge graph in the store whose SPARQL query URL is ``endpoint``.

    Credentials, if the store needs them, come from the environment (see the module's
    documentation). Nothing is sent until the first query.

    Args:
        endpoint: the store's query URL, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph
            server) or ``http://127.0.0.1:8890/sparql`` (Virtuoso).
        timeout: seconds to wait for each answer.

    Raises:
        OptionError: the URL is not http(s) or holds credentials.

    Example::

        with connect("http://127.0.0.1:7878/query") as kg:
            print(kg.film("work:never-let-me-go-2010")[0].director)
    """
    return RemoteGraph(SparqlEndpoint(endpoint, timeout=timeout))


def graph_iri(name: str) -> str:
    """Return the IRI of one of the three named graphs, given it or its short name.

    >>> graph_iri("graph:data")
    'https://w3id.org/nlmg/graph/data'

    Raises:
        OptionError: ``name`` is neither; the message lists the valid names.
    """
    short = {f"graph:{iri.rpartition('/')[2]}": iri for iri in NAMED_GRAPHS}
    if name in NAMED_GRAPHS:
        return name
    if name in short:
        return short[name]
    valid = ", ".join(f"{key} ({iri})" for key, iri in short.items())
    raise OptionError(f"{name!r} is not one of the graph's named graphs: {valid}")


class PushProgress(NamedTuple):
    """How much of one graph's body has been sent (reported every few megabytes)."""

    graph: str
    sent: int
    total: int


class PushedGraph(NamedTuple):
    """One named graph replaced in the store."""

    graph: str
    triples: int
    bytes: int
    seconds: float


class _Upload(io.BytesIO):
    """A request body that reports how much of it the HTTP client has read."""

    def __init__(self, body: bytes, report: Callable[[int], None]) -> None:
        super().__init__(body)
        self._report = report
        self._next = _PROGRESS_STEP

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        if self.tell() >= self._next:
            self._report(self.tell())
            self._next = (self.tell() // _PROGRESS_STEP + 1) * _PROGRESS_STEP
        return chunk


def push(
    graph: KnowledgeGraph,
    store_url: str,
    *,
    graphs: Iterable[str] = NAMED_GRAPHS,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[PushProgress], None] | None = None,
) -> list[PushedGraph]:
    """Replace the named graphs of a remote store with those of ``graph``.

    Each named graph goes in ONE Graph Store Protocol ``PUT <store_url>?graph=IRI`` with an
    N-Triples body, which the store applies as a whole: if the request fails, the store keeps
    the old graph. Before any body is sent, one ``HEAD`` request checks that the store is
    there and accepts the credentials (and lets HTTP Digest authenticate the uploads up front).
    The caller validates ``graph`` first: nothing here checks it.

    Args:
        graph: the loaded graph (or an opened store) to push.
        store_url: the store's Graph Store Protocol URL, e.g. ``http://127.0.0.1:7878/store``
            (Oxigraph server) or ``http://127.0.0.1:8890/sparql-graph-crud-auth`` (Virtuoso).
        graphs: which of the three named graphs to push (default all, in export order).
        timeout: seconds to wait for the store to answer each request.
        progress: called every few megabytes of a body sent, for progress reports.

    Returns:
        One record per graph pushed: its IRI, triples, bytes and seconds.

    Raises:
        OptionError: a bad URL, a graph that is not one of the three, or bad credential
            variables.
        EndpointError: the store cannot be reached or refuses a request; the graphs pushed
            before the failure stay replaced, the one that failed and those after keep their
            old content.
    """
    targets = [graph_iri(name) for name in graphs]
    client = _Client(store_url, timeout=timeout)
    try:
        if targets:
            _check_access(client, targets[0])
        return [_put(client, graph, target, progress) for target in targets]
    finally:
        client.close()


def _check_access(client: _Client, target: str) -> None:
    """Fail before any upload if the store is unreachable or refuses the credentials."""
    try:
        client.request("HEAD", params={"graph": target})
    except EndpointError as error:
        if error.status is None or error.status in (401, 403):
            raise
        # any other answer (404 for a graph not there yet, 405…) is for the PUT to judge


def _put(
    client: _Client,
    graph: KnowledgeGraph,
    target: str,
    progress: Callable[[PushProgress], None] | None,
) -> PushedGraph:
    started = time.perf_counter()
    body = graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(target))
    assert body is not None  # dump returns the bytes when given no output

    def report(sent: int) -> None:
        if progress is not None:
            progress(PushProgress(target, sent, len(body)))

    client.request(
        "PUT",
        params={"graph": target},
        data=_Upload(body, report),
        headers={"Content-Type": _NTRIPLES},
    )
    return PushedGraph(target, body.count(b"\n"), len(body), time.perf_counter() - started)
