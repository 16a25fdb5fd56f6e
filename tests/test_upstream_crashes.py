"""Reproducers of the Oxigraph crashes the input limits guard against, each in a subprocess.

Each input below kills the Python process inside pyoxigraph (a stack overflow: SIGSEGV, no
exception), which is why :mod:`nlmg_graph.limits` measures queries and JSON before Oxigraph
sees them. The tests are strict expected failures: while the crash is there they "fail" as
expected; once an Oxigraph release fixes one, the test passes, strict xfail reports it, and the
limit can be revisited. Each case is also checked far below the crash: the limit refuses it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nlmg_graph import limits
from nlmg_graph.errors import InputFileError, QueryError

_PREAMBLE = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the crash
    import pyoxigraph as ox
    """
)

QUERIES = {
    "3,000 nested groups": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "10,000 nested parentheses": "SELECT * WHERE { FILTER("
    + "(" * 10000
    + "1"
    + ")" * 10000
    + ") }",
    "3,000 nested OPTIONALs": "SELECT * WHERE { "
    + "OPTIONAL { ?s ?p ?o " * 3000
    + "}" * 3000
    + " }",
    "a 20,000-step property path": "SELECT * WHERE { ?s "
    + "/".join(["<http://example.org/p>"] * 20000)
    + " ?o }",
    "20,000 flat triple patterns": "SELECT * WHERE { "
    + " ".join(f"?s{i} ?p ?o ." for i in range(20000))
    + " } LIMIT 1",
}


def _run(tmp_path: Path, script: str, given: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh Python with ``sys.argv[1]`` a file holding ``given``."""
    (tmp_path / "input").write_text(given, encoding="utf-8")
    program = tmp_path / "reproducer.py"
    program.write_text(_PREAMBLE + script, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(program), str(tmp_path / "input")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="pyoxigraph 0.5 overflows its stack on deep queries"
)
@pytest.mark.parametrize("sparql", QUERIES.values(), ids=QUERIES.keys())
def test_oxigraph_survives_the_query(tmp_path: Path, sparql: str) -> None:
    run = _run(
        tmp_path,
        "try:\n    list(ox.Store().query(open(sys.argv[1]).read()))\nexcept Exception:\n    pass\n",
        sparql,
    )
    assert run.returncode >= 0, f"pyoxigraph crashed with signal {-run.returncode}"


@pytest.mark.parametrize("sparql", QUERIES.values(), ids=QUERIES.keys())
def test_the_limits_refuse_each_crashing_query(sparql: str) -> None:
    with pytest.raises(QueryError, match=r"query refused: .* past the limit"):
        limits.check_query(sparql)


def deep_jsonld(depth: int) -> str:
    return '{"http://example.org/p": ' * depth + "1" + "}" * depth


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="pyoxigraph 0.5's JSON-LD parser overflows its stack"
)
def test_oxigraph_survives_deep_jsonld(tmp_path: Path) -> None:
    run = _run(
        tmp_path,
        "try:\n"
        "    list(ox.parse(open(sys.argv[1], 'rb').read(), format=ox.RdfFormat.JSON_LD))\n"
        "except Exception:\n"
        "    pass\n",
        deep_jsonld(6000),
    )
    assert run.returncode >= 0, f"pyoxigraph crashed with signal {-run.returncode}"


def test_the_limits_refuse_deep_jsonld() -> None:
    with pytest.raises(InputFileError, match="JSON nested 20,000 deep"):
        limits.check_json(deep_jsonld(20000), "deep.jsonld")
