"""``nlmg-graph serve`` as a Linked Data endpoint, used by real clients the tests start.

- SPARQLWrapper and rdflib's ``SPARQLStore``: every protocol method and result format, and
  queries with their own dataset (``FROM``);
- Comunica (``@comunica/query-sparql`` 4.x, installed by ``.ci/run`` into ``tests/node``),
  given the endpoint as ``sparql@URL`` and as a plain URL (found by its service description);
- headless Chromium: a page on a second origin calls ``/sparql`` (blocked without ``--cors``,
  answered with it), and the YASGUI query page runs a stored query with the network cut off;
- the W3C SPARQL 1.1 Protocol cases that apply to a read-only endpoint, and the service
  description, alternates, gzip, ``Vary`` and read-only answers, by plain HTTP.

A client that is missing skips its tests, and fails them when ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import rdflib
from browser import png_size_and_pixels, run_chromium
from test_serve import Server

import nlmg_graph
from nlmg_graph.iris import GRAPH_ONTOLOGY, NAMED_GRAPHS

pytestmark = pytest.mark.slow

NODE_CLIENTS = Path(__file__).parent / "node"
CAREY = "https://w3id.org/nlmg/person/carey-mulligan"
NAMES = (
    "SELECT ?name WHERE { ?person a <https://schema.org/Person> ; <https://schema.org/name> ?name }"
)
CONSTRUCT = f"CONSTRUCT WHERE {{ <{CAREY}> ?p ?o }}"
ONTOLOGY_COUNT = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
CAST = ("Carey Mulligan", "Andrew Garfield", "Keira Knightley")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def require_module(name: str) -> None:
    try:
        __import__(name)
    except ImportError:
        reason = f"{name} is not installed: pip install '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def names(kg: nlmg_graph.KnowledgeGraph) -> set[str]:
    answer = kg.query(NAMES)
    assert isinstance(answer, nlmg_graph.Solutions)
    return {str(row.name) for row in answer}


@pytest.fixture(scope="module")
def ontology_size(kg: nlmg_graph.KnowledgeGraph) -> int:
    return len(list(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY))))


@pytest.fixture(scope="module")
def served() -> Iterator[Server]:
    """The endpoint with CORS open to any origin."""
    running = Server("--workers", "2", "--cors")
    yield running
    code, errors = running.stop()
    assert code == 0 and "Traceback" not in errors, errors


@pytest.fixture(scope="module")
def closed() -> Iterator[Server]:
    """The endpoint as started by default: no CORS."""
    running = Server("--workers", "1")
    yield running
    running.stop()


def endpoint(server: Server) -> str:
    return server.url + "sparql"


# -- SPARQLWrapper -------------------------------------------------------------------------------

METHODS = ["GET", "POST-form", "POST-direct"]


def wrapper(server: Server, method: str, sparql: str, return_format: str) -> object:
    require_module("SPARQLWrapper")
    import SPARQLWrapper as sw

    client = sw.SPARQLWrapper(endpoint(server))
    client.setQuery(sparql)
    client.setMethod(sw.GET if method == "GET" else sw.POST)
    client.setRequestMethod(sw.POSTDIRECTLY if method == "POST-direct" else sw.URLENCODED)
    client.setReturnFormat(return_format)
    return client.queryAndConvert()


def names_in(result: object, return_format: str) -> set[str]:
    """The ?name values of a SELECT result as SPARQLWrapper converts it."""
    if return_format == "json":
        assert isinstance(result, dict)
        return {b["name"]["value"] for b in result["results"]["bindings"]}
    if return_format == "xml":
        return {node.firstChild.data for node in result.getElementsByTagName("literal")}  # type: ignore[attr-defined]
    assert isinstance(result, bytes)
    lines = result.decode().splitlines()[1:]
    if return_format == "csv":
        return {line.strip('"\r') for line in lines}
    return {json.loads(line.partition("@")[0]) if line.startswith('"') else line for line in lines}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(
    served: Server, names: set[str], method: str, return_format: str
) -> None:
    result = wrapper(served, method, NAMES, return_format)
    assert names_in(result, return_format) == names


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("return_format", ["turtle", "json-ld", "rdf+xml", "n3"])
def test_sparqlwrapper_construct(
    served: Server, kg: nlmg_graph.KnowledgeGraph, method: str, return_format: str
) -> None:
    result = wrapper(served, method, CONSTRUCT, return_format)
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(data=result, format="turtle")
    )  # type: ignore[arg-type]
    expected = kg.query(CONSTRUCT)
    assert isinstance(expected, rdflib.Graph)
    assert len(graph) == len(expected) > 0
    assert set(graph.objects(rdflib.URIRef(CAREY), rdflib.URIRef("https://schema.org/name"))) == {
        rdflib.Literal("Carey Mulligan")
    }


@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_from_and_protocol_dataset(
    served: Server, ontology_size: int, method: str
) -> None:
    result = wrapper(served, method, ONTOLOGY_COUNT, "json")
    assert isinstance(result, dict)
    assert int(result["results"]["bindings"][0]["n"]["value"]) == ontology_size


# -- rdflib SPARQLStore --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore(
    served: Server, names: set[str], ontology_size: int, method: str, return_format: str
) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint(served), method=method, returnFormat=return_format)
    try:
        assert {str(row[0]) for row in store.query(NAMES)} == names  # type: ignore[index]
        ((n,),) = list(store.query(ONTOLOGY_COUNT))  # type: ignore[misc]
        assert int(n) == ontology_size
        if return_format in {"xml", "json"}:  # the formats that hold an ASK answer
            assert store.query(f"ASK {{ <{CAREY}> ?p ?o }}").askAnswer is True
    finally:
        store.close()


# -- Comunica ------------------------------------------------------------------------------------


def comunica() -> Path:
    program = NODE_CLIENTS / "node_modules" / ".bin" / "comunica-sparql"
    if not program.exists() or shutil.which("node") is None:
        reason = f"Comunica is not installed: npm ci --prefix {NODE_CLIENTS}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return program


@pytest.mark.parametrize("prefix", ["sparql@", ""], ids=["sparql-prefix", "plain-url"])
def test_comunica(served: Server, names: set[str], ontology_size: int, prefix: str) -> None:
    program = comunica()
    for sparql, check in (
        (NAMES, lambda rows: {json.loads(r["name"]) for r in rows} == names),
        (ONTOLOGY_COUNT, lambda rows: rows[0]["n"].startswith(f'"{ontology_size}"')),
    ):
        done = subprocess.run(
            [str(program), prefix + endpoint(served), sparql, "-t", "application/json"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.strip() == "", done.stderr  # no warning: the endpoint was recognised
        assert check(json.loads(done.stdout)), done.stdout[:500]


# -- a browser -----------------------------------------------------------------------------------

CROSS_ORIGIN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>cross-origin</title></head><body>
<pre id="out">pending</pre>
<script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
const query = "SELECT ?name WHERE { <CAREY> <https://schema.org/name> ?name }";
const accept = {"Accept": "application/sparql-results+json"};
const attempts = {
  "get": () => fetch(endpoint + "?query=" + encodeURIComponent(query), {headers: accept}),
  "post-form": () => fetch(endpoint, {method: "POST", headers: {...accept,
    "Content-Type": "application/x-www-form-urlencoded"},
    body: "query=" + encodeURIComponent(query)}),
  "post-direct": () => fetch(endpoint, {method: "POST", headers: {...accept,
    "Content-Type": "application/sparql-query"}, body: query}),
};
(async () => {
  const lines = [];
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      const answer = await (await attempt()).json();
      lines.push(name + ": " + answer.results.bindings[0].name.value);
    } catch (error) {
      lines.push(name + ": blocked");
    }
  }
  document.getElementById("out").textContent = lines.join("\\n");
})();
</script></body></html>
""".replace("CAREY", CAREY)


@contextlib.contextmanager
def second_origin(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on another port of the loopback: another origin than the endpoint."""
    (folder / "page.html").write_text(CROSS_ORIGIN_PAGE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as site:
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{site.server_address[1]}/page.html"
        finally:
            site.shutdown()


def browse(profile: Path, *arguments: str) -> str:
    """Run headless Chromium with scripts given time to finish; no host but the loopback."""
    return run_chromium(
        profile,
        "--virtual-time-budget=20000",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        *arguments,
    ).stdout


@pytest.mark.parametrize("cors", [False, True], ids=["without-cors", "with-cors"])
def test_a_page_on_another_origin(
    request: pytest.FixtureRequest, tmp_path: Path, cors: bool
) -> None:
    server: Server = request.getfixturevalue("served" if cors else "closed")
    site = tmp_path / "site"
    site.mkdir()
    with second_origin(site) as page:
        dom = browse(tmp_path / "profile", "--dump-dom", f"{page}?endpoint={endpoint(server)}")
    outcome = "Carey Mulligan" if cors else "blocked"
    for method in ("get", "post-form", "post-direct"):
        assert f"{method}: {outcome}" in dom, dom[-600:]


def test_the_query_page_runs_a_stored_query_offline(served: Server, tmp_path: Path) -> None:
    # The scripts come from the installed package, not from a CDN: the browser may reach
    # nothing but the loopback, and the file served is the packaged one.
    packaged = files("nlmg_graph.server") / "static" / "yasgui" / "yasgui.min.js"
    assert served.get("/static/yasgui/yasgui.min.js").body == packaged.read_bytes()
    assert (files("nlmg_graph.server") / "static" / "yasgui" / "LICENSE").is_file()
    page = served.url + "sparql?example=cast&run=1"
    dom = browse(tmp_path / "profile-dom", "--dump-dom", page)
    assert 'class="yasqe' in dom, dom[:2000]
    for actor in CAST:
        assert actor in dom, actor
    screenshot = tmp_path / "query-page.png"
    browse(tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=1280,1000", page)
    width, height, pixels = png_size_and_pixels(screenshot.read_bytes())
    assert (width, height) == (1280, 1000)
    assert len(set(pixels)) > 50, "the screenshot looks blank"


# -- the W3C SPARQL 1.1 Protocol tests a read-only endpoint can pass ------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("case", "method", "path", "body", "headers", "status"),
    [
        ("query_get", "GET", "?" + urlencode({"query": ASK}), None, {}, 200),
        ("query_post_form", "POST", "", urlencode({"query": ASK}), FORM, 200),
        ("query_post_direct", "POST", "", ASK, DIRECT, 200),
        ("query_content_type_select", "GET", "?" + urlencode({"query": NAMES}), None, {}, 200),
        ("bad_query_method", "PUT", "?" + urlencode({"query": ASK}), None, {}, 405),
        ("bad_multiple_queries", "GET", "?" + urlencode([("query", ASK)] * 2), None, {}, 400),
        ("bad_query_wrong_media_type", "POST", "", ASK, {"Content-Type": "text/plain"}, 415),
        ("bad_query_missing_form_type", "POST", "", urlencode({"query": ASK}), {}, 415),
        ("bad_query_missing_direct_type", "POST", "", ASK, {}, 415),
        ("bad_query_non_utf8", "POST", "", ASK.encode("utf-16"), DIRECT, 400),
        ("bad_query_syntax", "GET", "?" + urlencode({"query": "ASK {"}), None, {}, 400),
        ("bad_update_get", "GET", "?" + urlencode({"update": "CLEAR ALL"}), None, {}, 403),
        (
            "update_refused",
            "POST",
            "",
            "CLEAR ALL",
            {"Content-Type": "application/sparql-update"},
            403,
        ),
        (
            "not_acceptable",
            "GET",
            "?" + urlencode({"query": ASK}),
            None,
            {"Accept": "image/png"},
            406,
        ),
    ],
)
def test_w3c_protocol_case(
    served: Server,
    case: str,
    method: str,
    path: str,
    body: str | bytes | None,
    headers: dict[str, str],
    status: int,
) -> None:
    answer = served.request(method, "/sparql" + path, body, headers)
    assert answer.status == status, f"{case}: {answer.text}"
    if status == 406:
        assert answer.headers["vary"].startswith("Accept")


# -- the service description ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_service_description(
    served: Server, kg: nlmg_graph.KnowledgeGraph, accept: str, rdf_format: str
) -> None:
    answer = served.get("/sparql", accept)
    assert answer.status == 200 and answer.type == accept, answer.text
    graph = rdflib.Graph().parse(data=answer.body, format=rdf_format)
    service = rdflib.URIRef(endpoint(served))
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert len(set(graph.objects(service, SD.resultFormat))) == 8
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    assert int(graph.value(default, VOID.triples)) == len(kg)  # type: ignore[arg-type]
    sizes = {
        str(graph.value(named, SD.name)): int(
            graph.value(graph.value(named, SD.graph), VOID.triples)
        )  # type: ignore[arg-type]
        for named in graph.objects(dataset, SD.namedGraph)
    }
    assert sizes == {
        g: len(list(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(g))))
        for g in NAMED_GRAPHS
    }


def test_a_browser_at_sparql_gets_the_query_page(served: Server) -> None:
    answer = served.get("/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert answer.type == "text/html"
    assert "/static/yasgui/yasgui.min.js" in answer.text
    assert answer.text.count('<option value="') == len(nlmg_graph.stored_queries())


def test_select_as_an_html_table(served: Server, names: set[str]) -> None:
    answer = served.get("/sparql?" + urlencode({"query": NAMES}), "text/html")
    assert answer.status == 200 and answer.type == "text/html"
    for name in names:
        assert f"<td>{name}</td>" in answer.text.replace("&#39;", "'"), name
    construct = served.get("/sparql?" + urlencode({"query": CONSTRUCT}), "text/html, */*;q=0.1")
    assert construct.type == "text/turtle"  # a graph has no table: the default RDF type


# -- CORS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "headers"),
    [("GET", "accept"), ("POST", "content-type"), ("POST", "content-type, accept")],
)
def test_preflight(served: Server, closed: Server, method: str, headers: str) -> None:
    preflight = {
        "Origin": "https://notebook.example",
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }
    answer = served.request("OPTIONS", "/sparql", None, preflight)
    assert answer.status == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == "*"
    assert method in answer.headers["access-control-allow-methods"]
    refused = closed.request("OPTIONS", "/sparql", None, preflight)
    assert "access-control-allow-origin" not in refused.headers


def test_cors_for_listed_origins_only(tmp_path: Path) -> None:
    server = Server("--workers", "1", "--cors", "https://a.example,https://b.example:8443")
    try:
        for origin, allowed in (
            ("https://a.example", True),
            ("https://b.example:8443", True),
            ("https://c.example", False),
        ):
            answer = server.request(
                "GET", "/sparql?" + urlencode({"query": ASK}), None, {"Origin": origin}
            )
            assert answer.status == 200
            assert (answer.headers.get("access-control-allow-origin") == origin) is allowed
    finally:
        server.stop()


def test_bad_cors_origin_is_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nlmg_graph", "serve", "--cors", "https://a.example/path"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2 and "--cors" in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr


# -- alternates, gzip, read-only -----------------------------------------------------------------

SUFFIXED = {
    ".ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    ".jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    ".nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ".rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}


def test_entity_alternates(served: Server) -> None:
    by_accept = served.get("/person/carey-mulligan", "text/turtle")
    link = by_accept.headers["link"]
    expected = {q.triple for q in ox.parse(by_accept.body, ox.RdfFormat.TURTLE)}
    for suffix, (media_type, rdf_format) in SUFFIXED.items():
        assert f'</person/carey-mulligan{suffix}>; rel="alternate"; type="{media_type}"' in link
        answer = served.get(f"/person/carey-mulligan{suffix}", "text/html")  # the suffix wins
        assert answer.status == 200 and answer.type == media_type, answer.text
        assert {q.triple for q in ox.parse(answer.body, rdf_format)} == expected, suffix
    as_json = served.get("/person/carey-mulligan", "application/json")
    assert as_json.type == "application/ld+json"
    page = served.get("/person/carey-mulligan", "text/html").text
    for suffix, (media_type, _) in SUFFIXED.items():
        assert (
            f'<link rel="alternate" type="{media_type}" href="/person/carey-mulligan{suffix}">'
            in page
        )
    assert 'href="/sparql"' in page
    claims = "/queries/claims?" + urlencode({"entity": CAREY})
    assert f'href="{claims.replace("&", "&amp;")}"' in page
    table = served.get(claims, "text/html")
    assert table.status == 200 and table.type == "text/html"
    assert '<a href="/claim/carey-mulligan-birth-date">' in table.text
    assert served.get("/person/nobody.ttl").status == 404


def test_the_index_links_the_query_page(served: Server) -> None:
    page = served.get("/", "text/html").text
    assert '<a href="/sparql">' in page and "<style>" in page
    assert '<a href="/person/carey-mulligan">Carey Mulligan</a>' in page


def test_large_answers_are_gzipped(served: Server) -> None:
    everything = "/sparql?" + urlencode({"query": "SELECT * { ?s ?p ?o } LIMIT 2000"})
    plain = served.request("GET", everything, None, {"Accept": "text/csv"})
    zipped = served.request(
        "GET", everything, None, {"Accept": "text/csv", "Accept-Encoding": "gzip"}
    )
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body) / 3
    small = served.request(
        "GET", "/sparql?" + urlencode({"query": ASK}), None, {"Accept-Encoding": "gzip"}
    )
    assert "content-encoding" not in small.headers


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/sparql?" + urlencode({"query": ASK}), "image/png"),
        ("/sparql", "image/png"),
        ("/person/carey-mulligan", "image/png"),
        ("/queries", "text/turtle"),
    ],
)
def test_406_varies_on_accept(served: Server, path: str, accept: str) -> None:
    answer = served.get(path, accept)
    assert answer.status == 406, answer.text
    assert "Accept" in answer.headers["vary"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_a_graph_store_push_is_refused_as_read_only(served: Server, method: str) -> None:
    graph = "/store?" + urlencode({"graph": "https://example.org/g"})
    answer = served.request(
        method, graph, "<a:b> <a:c> <a:d> .", {"Content-Type": "application/n-triples"}
    )
    assert answer.status == 405 and "read-only" in answer.text, answer.text


def test_push_to_serve_says_read_only(served: Server) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nlmg_graph", "push", "--endpoint", served.url + "store"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    assert "read-only" in done.stderr and "Traceback" not in done.stderr, done.stderr
