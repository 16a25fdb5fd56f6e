"""Every case of the hostile-input report (issue 11): no crash, no hang, no traceback, no lie.

Each test is one case of the report, through the command line (in process, or in a
subprocess where a signal or a server is involved) or the Python API.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import nlmg_graph
from nlmg_graph import limits
from nlmg_graph.cli import main
from nlmg_graph.markup import validate_markup
from nlmg_graph.server.worker import QueryJob, Worker

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str, command: str) -> str:
    """Assert an exit 2 with one line on standard error and no traceback; return the line."""
    assert code == 2, err
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith(f"nlmg-graph {command}: error: "), err
    return err


def sparql_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "query.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- crashes: the limits refuse what would crash the engine -----------------------------------

DEEP_QUERIES = {
    "3,000 nested groups": ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "brackets nested"),
    "10,000 nested parentheses": (
        "SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
        "brackets nested",
    ),
    "3,000 nested OPTIONALs": (
        "SELECT * WHERE { " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + " }",
        "brackets nested",
    ),
    "a 20,000-step path": (
        "SELECT * WHERE { ?s " + "/".join(["<http://example.org/p>"] * 20000) + " ?o }",
        "a property path of 20,000 steps",
    ),
    "20,000 flat patterns": (
        "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o ." for i in range(20000)) + " }",
        "20,000 triple patterns",
    ),
    "2,000 repeated patterns": (
        "SELECT * WHERE { " + "?s ?p ?o . " * 2000 + "} LIMIT 1",
        "2,000 triple patterns",
    ),
}


@pytest.mark.parametrize(("sparql", "what"), DEEP_QUERIES.values(), ids=DEEP_QUERIES.keys())
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_deep_queries_are_refused_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sparql: str, what: str, engine: str
) -> None:
    code, out, err = run(capsys, "sparql", sparql_file(tmp_path, sparql), "--engine", engine)
    line = one_line_error(code, err, "sparql")
    assert f"query refused: {what}" in line and "past the limit of" in line
    assert out == ""


@pytest.mark.parametrize(("sparql", "what"), DEEP_QUERIES.values(), ids=DEEP_QUERIES.keys())
def test_serve_answers_deep_queries_400_with_the_same_message(
    kg: nlmg_graph.KnowledgeGraph, sparql: str, what: str
) -> None:
    reply = Worker(kg, 2**20).query(QueryJob(sparql, ("application/sparql-results+json",), ()))
    assert reply.status == 400
    with pytest.raises(nlmg_graph.QueryError) as refused:
        kg.query(sparql)
    assert reply.body.decode() == f"{refused.value}\n"
    assert what in str(refused.value)


def test_the_stored_queries_are_far_inside_the_limits() -> None:
    for query in nlmg_graph.stored_queries():
        shape = limits.query_shape(query.text)
        assert shape.depth * 4 <= limits.MAX_QUERY_DEPTH, query.name
        assert shape.patterns * 10 <= limits.MAX_TRIPLE_PATTERNS, query.name
        assert shape.path_steps * 10 <= limits.MAX_PATH_STEPS, query.name


def test_strings_iris_and_comments_do_not_count(kg: nlmg_graph.KnowledgeGraph) -> None:
    braces = "{" * 500
    sparql = f'SELECT ?x {{ BIND("{braces}" AS ?x) }} # {braces}\n'
    assert limits.query_shape(sparql).depth == 2  # the group and BIND's parentheses
    assert kg.query(sparql)[0].x == braces


def test_deep_jsonld_data_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = tmp_path / "deep.jsonld"
    deep.write_text('{"http://example.org/p": ' * 5000 + "1" + "}" * 5000, encoding="utf-8")
    code, _, err = run(capsys, "validate", "--data", str(deep))
    assert "deep.jsonld: JSON nested 5,000 deep, past the limit of 128" in one_line_error(
        code, err, "validate"
    )


# -- tracebacks become one line -----------------------------------------------------------------


def test_deep_markup_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "deep.jsonld"
    page.write_text("[" * 1000, encoding="utf-8")
    code, _, err = run(capsys, "validate", "--markup", str(page))
    assert "JSON nested 1,000 deep" in one_line_error(code, err, "validate")


def test_a_huge_literal_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    big.write_bytes(
        b'<http://example.org/a> <http://example.org/b> "' + b"x" * 17_000_000 + b'" .\n'
    )
    code, _, err = run(capsys, "validate", "--data", str(big))
    assert "longer than the limit of 16 MiB" in one_line_error(code, err, "validate")


@pytest.mark.parametrize(
    ("sparql", "reason"),
    [
        ("SELECT ?x { BIND(<a> AS ?x) }", "No scheme found in an absolute IRI"),
        ('SELECT ?x { BIND(REGEX("a", "(") AS ?x) }', "not a valid regular expression"),
        (
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            'SELECT ?x { BIND(STRDT("x", xsd:integer) + 1 AS ?x) }',
            "rdflib's evaluator recursed",
        ),
    ],
    ids=["relative IRI", "bad regex", "ill-typed literal"],
)
def test_rdflib_evaluation_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sparql: str, reason: str
) -> None:
    code, _, err = run(capsys, "sparql", sparql_file(tmp_path, sparql), "--engine", "rdflib")
    assert reason in one_line_error(code, err, "sparql")


def test_huge_parameter_values_are_shown_short(kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(nlmg_graph.QueryError, match="an integer of about 5,000 digits"):
        kg.run("search", text=10**5000)


def test_cyclic_markup_is_refused(kg: nlmg_graph.KnowledgeGraph) -> None:
    cyclic: dict[str, object] = {"@context": "https://schema.org", "@type": "Movie"}
    cyclic["director"] = cyclic
    with pytest.raises(nlmg_graph.NlmgGraphError, match="a cycle"):
        validate_markup(cyclic)


def test_a_context_of_the_wrong_type_is_said_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "markup.jsonld"
    page.write_text('{"@context": 5, "@type": "Movie"}', encoding="utf-8")
    code, _, err = run(capsys, "validate", "--markup", str(page))
    line = one_line_error(code, err, "validate")
    assert "@context must be a URL, an object or a list of them, not 5" in line
    assert "attribute" not in line


# -- hangs: --timeout and Ctrl-C ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "sparql"),
    [
        ("oxigraph", CROSS_PRODUCT),
        ("rdflib", 'ASK { FILTER(REGEX(CONCAT(REPEAT("a", 40), "!"), "^(a+)+$")) }'),
        (
            "rdflib",
            "SELECT (COUNT(*) AS ?n) { VALUES ?v { "
            + " ".join(str(i) for i in range(200_000))
            + " } ?s ?p ?o }",
        ),
    ],
    ids=["cross product", "catastrophic regex", "200,000 VALUES"],
)
def test_timeout_stops_a_query(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, engine: str, sparql: str
) -> None:
    if "REPEAT" in sparql:  # rdflib has no REPEAT: spell the subject out
        sparql = sparql.replace('CONCAT(REPEAT("a", 40), "!")', '"' + "a" * 28 + '!"')
    started = time.monotonic()
    code, out, err = run(
        capsys, "sparql", sparql_file(tmp_path, sparql), "--engine", engine, "--timeout", "2"
    )
    assert "ran out of time (the limit is 2 s)" in one_line_error(code, err, "sparql")
    assert out == "" and time.monotonic() - started < 30


def test_timeout_in_the_api(kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(nlmg_graph.QueryTimeoutError, match="ran out of time"):
        kg.query(CROSS_PRODUCT, timeout=1)
    assert len(kg.query("SELECT * { ?s ?p ?o } LIMIT 3", timeout=30)) == 3  # type: ignore[arg-type]
    assert len(kg.cast(life_stage="child")) == len(
        kg.select("cast", life_stage="child", timeout=30)
    )
    assert kg.validate(timeout=300).conforms


def test_query_and_validate_take_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "cast", "--param", "life_stage=child", "--timeout", "60")
    assert code == 0 and "Young Kathy" in out
    code, _, err = run(capsys, "validate", "--timeout", "0.01")
    assert "the validation ran out of time" in one_line_error(code, err, "validate")
    for bad in ("0", "-1", "inf", "nan"):
        code, _, err = run(capsys, "query", "cast", "--timeout", bad)
        assert "--timeout must be a positive number of seconds" in one_line_error(
            code, err, "query"
        )


@pytest.mark.slow
def test_ctrl_c_stops_a_running_query_with_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "nlmg_graph", "sparql", sparql_file(tmp_path, CROSS_PRODUCT)],
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    time.sleep(3)  # loaded, and deep in the engine
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert time.monotonic() - sent < 3
    assert err == "nlmg-graph sparql: interrupted\n"


# -- wrong answers with exit 0 --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e1", "3_99", "9" * 5000, " 10", "\u0661\u0660", "0x10"])
def test_non_canonical_numbers_are_refused(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, _, err = run(capsys, "query", "where-to-watch", "--param", f"max_price={value}")
    assert "is not a valid decimal" in one_line_error(code, err, "query")


def test_numbers_are_bound_in_canonical_form(kg: nlmg_graph.KnowledgeGraph) -> None:
    ten = len(kg.where_to_watch(max_price="10"))
    assert ten > 0
    for same in ("10.0", "10.000", "+10", Decimal("1E+1"), Decimal("10.00"), 10):
        assert len(kg.where_to_watch(max_price=same)) == ten, same
    bound = nlmg_graph.stored_query("where-to-watch").bind({"max_price": Decimal("1E+1")})
    assert '"10"^^<http://www.w3.org/2001/XMLSchema#decimal>' in bound
    with pytest.raises(nlmg_graph.QueryError, match="too large"):
        kg.where_to_watch(max_price=Decimal("1e30"))


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """Answers every request with the body and type the test set on the server."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def do_GET(self) -> None:
        body, media_type = self.server.answer  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("body", "media_type", "message"),
    [
        (b"<http://e/a> <http://e/b> <http://e/c> .\n", "text/turtle", "answered with text/turtle"),
        (b"<html>hello</html>", "text/html", "answered with text/html"),
        (b'{"head": ', "application/sparql-results+json", "sent a malformed"),
    ],
    ids=["RDF for SELECT", "HTML", "cut JSON"],
)
def test_wrong_or_malformed_endpoint_answers_are_exit_2(
    capsys: pytest.CaptureFixture[str],
    endpoint: http.server.HTTPServer,
    body: bytes,
    media_type: str,
    message: str,
) -> None:
    endpoint.answer = (body, media_type)  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{endpoint.server_address[1]}/query"
    code, out, err = run(capsys, "query", "faqs", "--endpoint", url)
    assert message in one_line_error(code, err, "query") and out == ""


def test_service_is_refused_unless_allowed(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kg: nlmg_graph.KnowledgeGraph,
    endpoint: http.server.HTTPServer,
) -> None:
    url = f"http://127.0.0.1:{endpoint.server_address[1]}/sparql"
    sparql = f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(nlmg_graph.QueryError, match="SERVICE would send"):
        kg.query(sparql)
    for engine in ("oxigraph", "rdflib"):
        code, _, err = run(capsys, "sparql", sparql_file(tmp_path, sparql), "--engine", engine)
        assert "--allow-service" in one_line_error(code, err, "sparql")
    # allowed, a SERVICE that answers something else is one line too (was a KeyError)
    endpoint.answer = (b"not results", "text/plain")  # type: ignore[attr-defined]
    rdflib = nlmg_graph.load(engine="rdflib")
    with pytest.raises(nlmg_graph.QueryError, match="cannot evaluate"):
        rdflib.query(sparql, allow_service=True)


def test_a_dataset_clause_is_never_fetched(endpoint: http.server.HTTPServer) -> None:
    # rdflib loads an unknown FROM / FROM NAMED graph from the web unless told not to; both
    # engines read it as an empty graph instead, and nothing reaches the server
    hits: list[str] = []
    endpoint.RequestHandlerClass = type(  # type: ignore[attr-defined]
        "Counting", (_Endpoint,), {"do_GET": lambda self: hits.append(self.path)}
    )
    url = f"http://127.0.0.1:{endpoint.server_address[1]}/graph.ttl"
    for engine in ("oxigraph", "rdflib"):
        kg = nlmg_graph.load(engine=engine)
        assert kg.query(f"ASK FROM <{url}> {{ ?s ?p ?o }}") is False, engine
        assert kg.query(f"ASK FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}") is False, engine
    assert hits == []
    import rdflib.plugins.sparql

    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS, "rdflib's own setting is restored"


# -- friction ------------------------------------------------------------------------------------


def test_a_trailing_slash_names_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "--output", f"{tmp_path / 'newdir'}/")
    assert "a directory is an --output only for" in one_line_error(code, err, "export")
    text = tmp_path / "f.txt"
    text.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "export", "--format", "schemaorg", "--output", f"{text}/")
    one_line_error(code, err, "export")
    assert text.read_text(encoding="utf-8") == "keep"
    code, _, err = run(capsys, "export", "--format", "schemaorg", "--output", f"{tmp_path}/new/")
    assert "no such directory" in one_line_error(code, err, "export")
    assert not (tmp_path / "new").exists()
    folder = tmp_path / "markup"
    folder.mkdir()
    code, _, err = run(capsys, "export", "--format", "schemaorg", "--output", f"{folder}/")
    assert code == 0, err
    assert (folder / "index.jsonld").is_file()


def test_every_kind_of_site_page_passes_markup_validation(tmp_path: Path) -> None:
    from nlmg_graph.site import build_site

    pages = build_site(nlmg_graph.load(), tmp_path / "site")
    index = pages[0]
    chosen = [index] + [
        next(page for page in pages if f"/{kind}/" in page.as_posix())
        for kind in ("character", "award", "theme", "person", "place")
    ]
    chosen.append(index.parent / "work/never-let-me-go-2010.html")  # the film's reference layout
    for page in chosen:
        report = validate_markup(page)
        assert report.conforms, (page, report.format())
    listed = validate_markup(index)
    assert listed.issues == ()
    [script] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', index.read_text(), re.DOTALL
    )
    markup = json.loads(script)
    assert markup["@type"] == "WebSite"
    assert len(markup["mainEntity"]["itemListElement"]) == len(pages) - 1


def test_serve_refuses_zero_workers_and_infinite_timeout() -> None:
    for options in (["--workers", "0"], ["--timeout", "inf"], ["--max-body", "0"]):
        result = subprocess.run(
            [sys.executable, "-m", "nlmg_graph", "serve", "--port", "0", *options],
            capture_output=True,
            text=True,
            timeout=60,
            env=ENV,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "must be positive" in result.stderr


@pytest.mark.slow
def test_serve_bounds_the_time_to_read_a_request() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nlmg_graph",
            "serve",
            "--port",
            "0",
            "--timeout",
            "1",
            "--workers",
            "1",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert process.stderr is not None
        port = int(re.search(r":(\d+)/", process.stderr.readline())[1])  # type: ignore[index]
        for partial in (
            b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n",  # headers never end
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK",  # the body never comes
        ):
            with socket.create_connection(("127.0.0.1", port), timeout=20) as client:
                client.sendall(partial)
                started = time.monotonic()
                answer = client.recv(4096)
                assert answer.startswith(b"HTTP/1.1 408 "), answer
                assert time.monotonic() - started < 10
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(30)


def test_invalid_iris_are_reported_in_the_users_terms(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "markup.jsonld"
    page.write_text(
        '{"@context": "https://schema.org", "@type": "Movie", "@id": "http://e/a b", '
        '"name": "x", "url": "http://x y/"}',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", "--markup", str(page))
    assert code == 1, err
    assert "'http://x y/' is not a valid IRI or URL" in out
    assert "does not look like a valid URI" not in out + err
    assert err.count("\n") == 1, err
