"""``nlmg-graph serve``: started as a subprocess, spoken to over real HTTP on 127.0.0.1.

Every answer is parsed back with a real parser (pyoxigraph, rdflib, ``csv``, html5lib) and
compared with the same question asked of the graph in this process.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import html5lib
import pyoxigraph as ox
import pytest
import rdflib

import nlmg_graph
from nlmg_graph.catalogue import stored_queries, stored_query
from nlmg_graph.iris import GRAPH_CLAIMS, GRAPH_DATA
from nlmg_graph.results import to_python

pytestmark = pytest.mark.slow

TIMEOUT = 2  # the served query timeout, in seconds
RESULT_CAP = 200_000  # bytes; the whole graph as a result is several times larger
BODY_CAP = 10_000  # bytes
CAREY = "https://w3id.org/nlmg/person/carey-mulligan"
SELECT = (
    "SELECT ?name WHERE { ?person a <https://schema.org/Person> ; <https://schema.org/name> ?name }"
)
ASK = "ASK { ?film a <https://schema.org/Movie> }"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{CAREY}> ?p ?o }}"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Server:
    """A running ``nlmg-graph serve`` process and a tiny HTTP client for it."""

    def __init__(self, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nlmg_graph", "serve", "--port", "0", *options],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        assert line.startswith("serving http://"), line + self.process.stderr.read()
        self.announced = line.strip()
        self.url = line.split()[1]
        address = urlsplit(self.url)
        self.host, self.port = address.hostname or "", address.port or 0

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        connection: http.client.HTTPConnection | None = None,
    ) -> Answer:
        conn = connection or http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            if connection is None:
                conn.close()

    def get(self, path: str, accept: str | None = None) -> Answer:
        return self.request("GET", path, headers={"Accept": accept} if accept else {})

    def stop(self, how: int = signal.SIGTERM) -> tuple[int, str]:
        """Stop the server; return its exit code and what else it wrote on stderr."""
        self.process.send_signal(how)
        try:
            code = self.process.wait(15)
        finally:
            self.process.kill()
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server(
        "--timeout",
        str(TIMEOUT),
        "--max-result-bytes",
        str(RESULT_CAP),
        "--max-body",
        str(BODY_CAP),
        "--workers",
        "2",
    )
    yield running
    code, errors = running.stop()
    assert code == 0, errors
    assert "Traceback" not in errors, errors


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The shipped graph in this process, to compare the server's answers with."""
    return nlmg_graph.load().store


def local(store: ox.Store, sparql: str) -> object:
    return store.query(sparql, use_default_graph_as_union=True)


def rows(solutions: object) -> list[tuple[object, ...]]:
    """Result rows as sorted tuples of terms (``None`` for unbound)."""
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return sorted((tuple(row[name] for name in names) for row in solutions), key=repr)


def triples(body: bytes, rdf_format: ox.RdfFormat) -> set[ox.Triple]:
    """The triples of an RDF document, parsed by pyoxigraph."""
    return {quad.triple for quad in ox.parse(body, rdf_format)}


def sparql_get(sparql: str, **fields: str) -> str:
    return "/sparql?" + urlencode({"query": sparql, **fields})


# -- the SPARQL 1.1 Protocol --------------------------------------------------------------------


def test_announces_its_url_on_the_loopback(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert server.announced.endswith("(shipped graph)")


def ask_server(server: Server, how: str, sparql: str, accept: str) -> Answer:
    headers = {"Accept": accept}
    if how == "get":
        return server.request("GET", sparql_get(sparql), headers=headers)
    if how == "post":
        headers["Content-Type"] = "application/sparql-query"
        return server.request("POST", "/sparql", sparql, headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return server.request("POST", "/sparql", urlencode({"query": sparql}), headers)


@pytest.mark.parametrize("how", ["get", "post", "form"])
def test_select_ask_construct_by_every_protocol_operation(
    server: Server, store: ox.Store, how: str
) -> None:
    answer = ask_server(server, how, SELECT, "application/sparql-results+json")
    assert answer.status == 200, answer.text
    assert answer.type == "application/sparql-results+json"
    served = rows(ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON))
    assert served == rows(local(store, SELECT))
    assert len(served) > 10

    answer = ask_server(server, how, ASK, "application/sparql-results+json")
    assert answer.status == 200, answer.text
    assert json.loads(answer.body) == {"head": {}, "boolean": True}

    answer = ask_server(server, how, CONSTRUCT, "text/turtle")
    assert answer.status == 200, answer.text
    assert answer.type == "text/turtle"
    served_triples = triples(answer.body, ox.RdfFormat.TURTLE)
    assert served_triples == set(local(store, CONSTRUCT))  # type: ignore[call-overload]
    assert len(served_triples) >= 5


@pytest.mark.parametrize(
    ("media_type", "results_format"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_results_formats_parse_back_equal(
    server: Server, store: ox.Store, media_type: str, results_format: ox.QueryResultsFormat
) -> None:
    sparql = (
        "SELECT ?s ?date ?missing WHERE { ?s <https://schema.org/birthDate> ?date "
        "OPTIONAL { ?s <https://example.org/none> ?missing } }"
    )
    answer = server.get(sparql_get(sparql), media_type)
    assert answer.status == 200, answer.text
    assert answer.type == media_type
    assert answer.headers["vary"] == "Accept"
    served = rows(ox.parse_query_results(answer.body, results_format))
    assert served == rows(local(store, sparql))
    assert served and all(row[2] is None for row in served)


def test_select_as_csv_holds_the_lexical_values(server: Server, store: ox.Store) -> None:
    answer = server.get(sparql_get(SELECT + " ORDER BY ?name"), "text/csv")
    assert answer.status == 200 and answer.type == "text/csv"
    served = list(csv.reader(io.StringIO(answer.text)))
    assert served[0] == ["name"]
    assert served[1:] == [[row[0].value] for row in local(store, SELECT + " ORDER BY ?name")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("media_type", "results_format"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ],
)
def test_ask_results_formats(
    server: Server, media_type: str, results_format: ox.QueryResultsFormat
) -> None:
    for sparql, expected in ((ASK, True), ("ASK { ?s a <https://example.org/Nothing> }", False)):
        answer = server.get(sparql_get(sparql), media_type)
        assert answer.status == 200, answer.text
        assert bool(ox.parse_query_results(answer.body, results_format)) is expected


@pytest.mark.parametrize(
    ("media_type", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_formats_parse_back_equal(
    server: Server, store: ox.Store, media_type: str, rdf_format: ox.RdfFormat
) -> None:
    answer = server.get(sparql_get(CONSTRUCT), media_type)
    assert answer.status == 200, answer.text
    assert answer.type == media_type
    expected = set(local(store, CONSTRUCT))  # type: ignore[call-overload]
    assert triples(answer.body, rdf_format) == expected


def test_construct_as_jsonld_reads_in_rdflib(server: Server) -> None:
    answer = server.get(sparql_get(CONSTRUCT), "application/ld+json")
    graph = rdflib.Graph().parse(data=answer.body, format="json-ld")
    assert (
        rdflib.URIRef(CAREY),
        rdflib.URIRef("https://schema.org/name"),
        rdflib.Literal("Carey Mulligan"),
    ) in graph


@pytest.mark.parametrize(
    ("accept", "select_type", "construct_type"),
    [
        (None, "application/sparql-results+json", "text/turtle"),
        ("*/*", "application/sparql-results+json", "text/turtle"),
        (
            "text/csv;q=0.5, application/sparql-results+xml;q=0.9, application/n-triples;q=0.4",
            "application/sparql-results+xml",
            "application/n-triples",
        ),
        ("text/*;q=0.2, text/tab-separated-values", "text/tab-separated-values", "text/turtle"),
        (
            "application/*, application/sparql-results+json;q=0",
            "application/sparql-results+xml",
            "application/ld+json",
        ),
    ],
)
def test_content_negotiation_follows_q_values(
    server: Server, accept: str | None, select_type: str, construct_type: str
) -> None:
    assert server.get(sparql_get(SELECT), accept).type == select_type
    assert server.get(sparql_get(CONSTRUCT), accept).type == construct_type


def test_nothing_acceptable_is_406(server: Server) -> None:
    for accept in ("image/png", "text/csv;q=0, application/sparql-results+json;q=0"):
        answer = server.get(sparql_get(SELECT), accept)
        assert answer.status == 406, answer.text
        assert answer.type == "text/plain"
    answer = server.get(sparql_get(CONSTRUCT), "text/csv")  # CSV fits SELECT, not CONSTRUCT
    assert answer.status == 406 and "CONSTRUCT" in answer.text
    answer = server.get(sparql_get(ASK), "text/turtle")
    assert answer.status == 406 and "ASK" in answer.text


def test_protocol_dataset_is_honoured(server: Server, store: ox.Store) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = server.get(sparql_get(count), "application/json")
    data = server.get(sparql_get(count, **{"default-graph-uri": GRAPH_DATA}), "application/json")
    assert int(json.loads(union.body)["results"]["bindings"][0]["n"]["value"]) == len(store)
    n_data = int(json.loads(data.body)["results"]["bindings"][0]["n"]["value"])
    assert n_data == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_DATA))))

    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = server.get(sparql_get(graphs, **{"named-graph-uri": GRAPH_CLAIMS}), "application/json")
    assert [b["g"]["value"] for b in json.loads(named.body)["results"]["bindings"]] == [
        GRAPH_CLAIMS
    ]
    empty_default = server.get(
        sparql_get(count, **{"named-graph-uri": GRAPH_CLAIMS}), "application/json"
    )
    assert json.loads(empty_default.body)["results"]["bindings"][0]["n"]["value"] == "0"
    bad = server.get(sparql_get(count, **{"default-graph-uri": "not an iri"}))
    assert bad.status == 400, bad.text


def test_updates_are_refused(server: Server, store: ox.Store) -> None:
    insert = "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    attempts = [
        server.request("POST", "/sparql", urlencode({"update": insert}), form),
        server.request("POST", "/sparql", insert, {"Content-Type": "application/sparql-update"}),
        server.request("POST", "/sparql", urlencode({"query": insert}), form),
        server.request("POST", "/sparql", "DROP ALL", {"Content-Type": "application/sparql-query"}),
        server.get("/sparql?" + urlencode({"update": insert})),
    ]
    for answer in attempts:
        assert answer.status == 403, answer.text
        assert answer.text.startswith("this endpoint is read-only")
    count = server.get(sparql_get("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), "application/json")
    assert int(json.loads(count.body)["results"]["bindings"][0]["n"]["value"]) == len(store)


def test_federated_queries_are_refused(server: Server) -> None:
    for sparql in (
        "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    ):
        answer = server.get(sparql_get(sparql))
        assert answer.status == 403, answer.text
        assert "SERVICE" in answer.text
    for harmless in (
        'ASK { ?s ?p "customer service" }',
        "SELECT * { ?s <https://example.org/service> ?o }",
    ):
        answer = server.get(sparql_get(harmless), "application/json")
        assert answer.status == 200, answer.text


def test_malformed_query_is_400_with_line_and_column(server: Server) -> None:
    answer = server.get(sparql_get("SELECT ?s\nWHERE { ?s ?p }"))
    assert answer.status == 400
    assert answer.type == "text/plain"
    assert answer.text.startswith("SPARQL syntax error at line 2, column")
    assert "Traceback" not in answer.text and answer.text.count("\n") == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    [
        ("POST", "/sparql", "", "application/x-www-form-urlencoded", 400),  # no query
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, None, 400),
        ("POST", "/sparql", "ASK {}", "text/plain", 415),
        ("DELETE", "/sparql", None, None, 405),
        ("PUT", "/queries", None, None, 405),
        ("GET", "/no-such-page", None, None, 404),
        ("GET", "/person/../../etc/passwd", None, None, 404),
        ("GET", "/person/nobody-at-all", None, None, 404),
    ],
)
def test_errors_are_statuses_with_a_short_message(
    server: Server, method: str, path: str, body: str | None, content_type: str | None, status: int
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    answer = server.request(method, path, body, headers)
    assert answer.status == status, answer.text
    assert answer.type == "text/plain"
    assert 0 < len(answer.text) < 300 and "Traceback" not in answer.text


# -- limits ---------------------------------------------------------------------------------------


def test_result_cap_refuses_rather_than_truncates(server: Server) -> None:
    answer = server.get(sparql_get("SELECT * { ?s ?p ?o }"), "application/sparql-results+json")
    assert answer.status == 422
    assert answer.type == "text/plain"
    assert f"{RESULT_CAP:,} bytes" in answer.text
    small = server.get(sparql_get("SELECT * { ?s ?p ?o } LIMIT 10"), "text/csv")
    assert small.status == 200 and small.text.count("\n") == 11


def test_body_cap_is_413(server: Server) -> None:
    big = "ASK {}" + " " * BODY_CAP
    headers = {"Content-Type": "application/sparql-query"}
    assert server.request("POST", "/sparql", big, headers).status == 413
    # without a Content-Length (chunked), the cap holds while reading
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request(
            "POST",
            "/sparql",
            body=iter([big[:6000].encode(), big[6000:].encode()]),
            headers=headers,
            encode_chunked=True,
        )
        response = conn.getresponse()
        assert response.status == 413, response.read()
    finally:
        conn.close()
    assert server.request("POST", "/sparql", "ASK {}", headers).status == 200


def test_timeout_stops_the_query_and_the_server_goes_on(server: Server) -> None:
    started = time.monotonic()
    answer = server.get(sparql_get(EXPLOSIVE))
    elapsed = time.monotonic() - started
    assert answer.status == 503, answer.text
    assert "ran out of time" in answer.text
    assert elapsed < TIMEOUT + 3
    for _ in range(5):
        assert server.get(sparql_get(ASK)).status == 200
    # the killed worker is replaced: two slow queries at once still both time out, not wait
    time.sleep(1.5)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(server.get(sparql_get(EXPLOSIVE)).status))
        for _ in range(2)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [503, 503]
    assert time.monotonic() - started < TIMEOUT + 3
    time.sleep(1.5)
    assert server.get(sparql_get(ASK)).status == 200


# -- stored queries -------------------------------------------------------------------------------


def test_catalogue_lists_every_stored_query(server: Server) -> None:
    answer = server.get("/queries")
    assert answer.status == 200 and answer.type == "application/json"
    catalogue = {entry["name"]: entry for entry in json.loads(answer.body)}
    assert sorted(catalogue) == sorted(query.name for query in stored_queries())
    cast = catalogue["cast"]
    assert cast["url"] == "/queries/cast"
    assert cast["title"] == stored_query("cast").title
    assert {p["name"] for p in cast["parameters"]} == {"film", "life_stage", "character"}
    assert server.get("/queries", "text/csv").status == 406


def test_stored_query_with_parameters(server: Server) -> None:
    kg = nlmg_graph.load()
    answer = server.get("/queries/cast?life_stage=child", "application/sparql-results+json")
    assert answer.status == 200, answer.text
    served = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
    names = [v.value for v in served.variables]  # type: ignore[union-attr]
    values = [tuple(to_python(row[name]) for name in names) for row in served]  # type: ignore[union-attr]
    assert values == [tuple(row) for row in kg.cast(life_stage="child")]
    assert len(values) == 3

    text = quote("hailsham")
    csv_answer = server.get(f"/queries/search?text={text}", "text/csv")
    assert csv_answer.status == 200 and "Hailsham" in csv_answer.text

    ask = server.get(f"/queries/is-disputed?entity={quote('work:never-let-me-go-2010')}")
    assert ask.status == 200 and json.loads(ask.body)["boolean"] is True

    construct = server.get(f"/queries/construct-entity?entity={quote(CAREY)}", "text/turtle")
    assert construct.status == 200 and construct.type == "text/turtle"
    assert ox.Triple(
        ox.NamedNode(CAREY), ox.NamedNode("https://schema.org/name"), ox.Literal("Carey Mulligan")
    ) in triples(construct.body, ox.RdfFormat.TURTLE)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/queries/casts", 404, "did you mean: cast"),
        ("/queries/cast?life_stage=old", 400, "'life_stage': 'old' is not a valid enum"),
        ("/queries/person", 400, "parameter 'person' is required"),
        ("/queries/cast?colour=red", 400, "has no parameter 'colour'"),
        ("/queries/cast?life_stage=child&life_stage=adult", 400, "given 2 times"),
        ("/queries/where-to-watch?max_price=cheap", 400, "is not a valid decimal"),
        ("/queries/search?text=%22%7D%20%3B%20DROP%20ALL%20%23", 200, "label"),
    ],
)
def test_stored_query_errors(server: Server, path: str, status: int, message: str) -> None:
    answer = server.get(path, "text/csv, text/plain")
    assert answer.status == status, answer.text
    assert message in answer.text


# -- entities -------------------------------------------------------------------------------------


def test_entity_as_turtle_and_jsonld(server: Server) -> None:
    expected = set(nlmg_graph.load().run("construct-entity", entity=CAREY))  # type: ignore[arg-type]
    turtle = server.get("/person/carey-mulligan", "text/turtle")
    assert turtle.status == 200 and turtle.type == "text/turtle"
    assert turtle.headers["vary"] == "Accept"
    assert set(rdflib.Graph().parse(data=turtle.body, format="turtle")) == expected
    jsonld = server.get("/person/carey-mulligan", "application/ld+json")
    assert jsonld.status == 200 and jsonld.type == "application/ld+json"
    assert set(rdflib.Graph().parse(data=jsonld.body, format="json-ld")) == expected


def markup_of(page: bytes) -> list[dict[str, object]]:
    document = html5lib.parse(page, namespaceHTMLElements=False)
    return [
        json.loads(script.text)
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def test_entity_as_html_holds_its_schemaorg_markup(server: Server) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for answer in (
        server.get("/person/carey-mulligan", browser),
        server.get("/person/carey-mulligan.html"),
    ):
        assert answer.status == 200 and answer.type == "text/html"
        markup = markup_of(answer.body)
        assert [node["@id"] for node in markup] == [CAREY]
        assert markup[0]["@type"] == "Person"
    # the page's relative links lead to other pages of the server
    document = html5lib.parse(answer.body, namespaceHTMLElements=False)
    links = {a.get("href") for a in document.iter("a")}
    film = "../work/never-let-me-go-2010.html"
    assert film in links
    assert server.get("/work/never-let-me-go-2010.html").status == 200
    assert server.get("/index.html").status == 200


def test_entity_without_a_page(server: Server) -> None:
    role = server.get(f"/queries/cast?{urlencode({'life_stage': 'child'})}", "application/json")
    assert role.status == 200
    claim = "/claim/film-director"
    described = server.get(claim, "text/turtle")
    if described.status == 404:  # the claim slug differs: take any claim of the graph
        claims = server.get(
            sparql_get("SELECT ?c { ?c a <https://w3id.org/nlmg/ontology/Claim> } LIMIT 1"),
            "text/csv",
        )
        claim = "/" + claims.text.splitlines()[1].removeprefix("https://w3id.org/nlmg/")
        described = server.get(claim, "text/turtle")
    assert described.status == 200, described.text  # described outside the data graph
    assert server.get(claim, "text/html").status == 406
    assert server.get(claim + ".html").status == 404
    assert server.get("/person/carey-mulligan", "image/png").status == 406


def test_index(server: Server) -> None:
    answer = server.get("/", "application/json")
    assert answer.status == 200 and answer.type == "application/json"
    index = json.loads(answer.body)
    assert index["sparql"] == "/sparql" and index["queries"] == "/queries"
    carey = next(e for e in index["entities"] if e["iri"] == CAREY)
    assert carey["href"] == "/person/carey-mulligan" and carey["label"] == "Carey Mulligan"
    page = server.get("/")
    assert page.status == 200 and page.type == "text/html"
    hrefs = {
        a.get("href") for a in html5lib.parse(page.body, namespaceHTMLElements=False).iter("a")
    }
    assert {"/sparql", "/queries", "/person/carey-mulligan"} <= hrefs


# -- load -----------------------------------------------------------------------------------------


def test_bounded_load(server: Server) -> None:
    """2,000 mixed requests from 8 threads: no error; latency and throughput reported."""
    requests = [
        ("GET", sparql_get(SELECT), None, {"Accept": "application/sparql-results+json"}),
        ("GET", "/queries/cast?life_stage=adult", None, {"Accept": "text/csv"}),
        ("GET", "/person/carey-mulligan", None, {"Accept": "text/turtle"}),
        ("POST", "/sparql", ASK, {"Content-Type": "application/sparql-query"}),
        ("GET", sparql_get(CONSTRUCT), None, {"Accept": "application/n-triples"}),
    ]
    total, concurrency = 2000, 8
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
        mine, bad = [], []
        try:
            for n in range(index, total, concurrency):
                method, path, body, headers = requests[n % len(requests)]
                started = time.perf_counter()
                answer = server.request(method, path, body, headers, connection=conn)
                mine.append(time.perf_counter() - started)
                if answer.status != 200 or not answer.body:
                    bad.append(f"{method} {path}: {answer.status} {answer.text[:100]}")
        finally:
            conn.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, failures[:5]
    assert len(latencies) == total
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"\nserve load: {total} requests, concurrency {concurrency}: "
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, "
        f"{total / elapsed:.0f} requests/s"
    )


# -- the command ----------------------------------------------------------------------------------


def test_serves_a_store_and_stops_on_ctrl_c(tmp_path: Path, store: ox.Store) -> None:
    folder = tmp_path / "store"
    built = subprocess.run(
        [sys.executable, "-m", "nlmg_graph", "load", "--store", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    served = Server("--store", str(folder), "--workers", "1")
    try:
        assert served.announced.endswith(f"(store {folder})")
        answer = served.get(sparql_get(SELECT), "application/sparql-results+json")
        assert rows(ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)) == rows(
            local(store, SELECT)
        )
        assert markup_of(served.get("/person/carey-mulligan.html").body)[0]["@id"] == CAREY
    finally:
        code, errors = served.stop(signal.SIGINT)
    assert code == 0, errors


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--data", "missing.ttl"], "missing.ttl"),
        (["--store", "not-a-store"], "not-a-store"),
        (["--timeout", "0"], "--timeout must be positive"),
        (["--data", "x.ttl", "--store", "s"], "--store and --data cannot be combined"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path: Path, options: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nlmg_graph", "serve", "--port", "0", *options],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("nlmg-graph serve: error: ")
    assert message in result.stderr and result.stderr.count("\n") == 1
