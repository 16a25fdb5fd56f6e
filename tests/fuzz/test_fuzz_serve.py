"""Fuzzing ``nlmg-graph serve`` with HTTP requests: every answer is a status below 500 (or a
503 for a query stopped at the timeout), errors are one line, and the server keeps serving."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fuzzing import HOSTILE_PIECES, budget, tally
from hypothesis import given
from hypothesis import strategies as st

from nlmg_graph.catalogue import stored_queries

_QUERY_NAMES = [q.name for q in stored_queries()]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "nlmg_graph", "serve", "--port", "0", "--timeout", "5"),
            *("--workers", "2", "--max-body", "65536"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r":(\d+)/", line)
    assert found, line + process.stderr.read()
    yield int(found[1])
    process.send_signal(signal.SIGINT)
    code = process.wait(30)
    errors = process.stderr.read()
    assert code == 0 and "Traceback" not in errors, errors


_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE_PIECES).map(lambda b: b.decode("utf-8", "replace")),
    st.sampled_from(["ASK {}", "SELECT * { ?s ?p ?o } LIMIT 2", "DESCRIBE ?s { ?s ?p ?o }"]),
    st.sampled_from(["{" * 500, "SELECT * {" + "?s ?p ?o ." * 1500 + "}"]),
)
_PATH = st.one_of(
    st.builds(lambda q: f"/sparql?query={quote(q)}", _TEXT),
    st.builds(
        lambda n, v: f"/queries/{n}?{quote(v)}={quote(v)}", st.sampled_from(_QUERY_NAMES), _TEXT
    ),
    st.builds(lambda n, v: f"/queries/{n}?text={quote(v)}", st.just("search"), _TEXT),
    st.builds(
        lambda k, s: f"/{quote(k)}/{quote(s)}",
        st.sampled_from(["person", "work", "x", ".."]),
        _TEXT,
    ),
    st.sampled_from(
        ["/", "/queries", "/sparql", "/index.html", "//", "/%00", "/person/", "/queries/"]
    ),
)
_ACCEPT = st.sampled_from(
    [
        "",
        "*/*",
        "text/csv",
        "application/sparql-results+json;q=0.1, text/turtle",
        "text/html",
        "application/ld+json;q=abc",
        "x" * 300,
    ]
)


@budget(0.35)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]),
    path=_PATH,
    accept=_ACCEPT,
    body=_TEXT,
    content_type=st.sampled_from(
        ["application/sparql-query", "application/x-www-form-urlencoded", "text/plain", ""]
    ),
)
def test_any_request_gets_a_sane_answer(
    port: int, method: str, path: str, accept: str, body: str, content_type: str
) -> None:
    tally("cases")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": accept, "Content-Type": content_type}
    if content_type == "application/x-www-form-urlencoded":
        body = f"query={quote(body)}"
    try:
        connection.request(
            method, path, body=body.encode() if method != "GET" else None, headers=headers
        )
        response = connection.getresponse()
        data = response.read()
    except TimeoutError:
        tally("hangs")
        raise
    finally:
        connection.close()
    if response.status >= 500 and response.status != 503:
        tally("tracebacks")
        raise AssertionError(f"{method} {path}: {response.status} {data[:200]!r}")
    if response.status >= 400 and method != "HEAD":
        assert b"\n" not in data.rstrip(b"\n"), data[:300]  # one line
        assert b"Traceback" not in data
