"""The command line of the stored queries: ``queries``, ``query`` and ``sparql``.

Every stored query runs from the command line in all four formats and prints what the Python
API returns; bad input is a one-line error with exit code 2 and no traceback.
"""

from __future__ import annotations

import io
import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.query import Result

import nlmg_graph
from nlmg_graph.catalogue import StoredQuery, stored_queries
from nlmg_graph.cli import main
from nlmg_graph.results import Solutions

QUERIES = stored_queries()
GOLDEN = Path(__file__).parent / "golden"
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"


def first_case_parameters(name: str) -> dict[str, Any]:
    """The parameters of the first golden case of a query that expects no error."""
    document = tomllib.loads((GOLDEN / f"{name}.toml").read_text(encoding="utf-8"))
    return next(case.get("params", {}) for case in document["case"] if "error" not in case)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process; return exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *fragments: str) -> None:
    """Bad input is reported as one line naming the problem, never a traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# -- queries ------------------------------------------------------------------------------------


def test_queries_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "queries")
    assert code == 0
    for query in QUERIES:
        assert query.name in out and query.title in out
    assert "--param outcome=…  (enum won|nominated|shortlisted|longlisted|listed, optional)" in out


def test_queries_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "queries", "--format", "json")
    assert code == 0
    entries = {entry["name"]: entry for entry in json.loads(out)}
    assert set(entries) == {q.name for q in QUERIES}
    (entity,) = entries["claims"]["parameters"]
    assert entity == {
        "name": "entity",
        "type": "iri",
        "required": True,
        "default": None,
        "choices": None,
        "classes": None,
        "description": entity["description"],
    }
    assert entries["is-disputed"]["form"] == "ASK"
    (film, *_) = entries["cast"]["parameters"]
    assert film["name"] == "film" and film["classes"] == ["https://schema.org/Movie"]


# -- query: every stored query, every format ----------------------------------------------------

RUNS = [
    pytest.param(query, output_format, id=f"{query.name}-{output_format}")
    for query in QUERIES
    for output_format in ("table", "json", "csv", "tsv")
]


@pytest.mark.parametrize(("query", "output_format"), RUNS)
def test_query_prints_what_the_api_returns(
    capsys: pytest.CaptureFixture[str],
    kg: nlmg_graph.KnowledgeGraph,
    query: StoredQuery,
    output_format: str,
) -> None:
    parameters = first_case_parameters(query.name)
    options = [arg for key, value in parameters.items() for arg in ("--param", f"{key}={value}")]
    code, out, err = cli(capsys, "query", query.name, *options, "--format", output_format)
    answer = kg.run(query.name, **parameters)
    if query.form == "CONSTRUCT":
        if output_format in ("csv", "tsv"):
            assert code == 2
            assert_one_line_error(err, "no csv form" if output_format == "csv" else "no tsv form")
            return
        assert code == 0, err
        printed = Graph().parse(data=out, format="json-ld" if output_format == "json" else "turtle")
        assert len(printed) == len(answer)  # type: ignore[arg-type]
        return
    assert code == 0, err
    if isinstance(answer, bool):
        assert out == (
            json.dumps({"head": {}, "boolean": answer}) + "\n"
            if output_format == "json"
            else f"{str(answer).lower()}\n"
        )
        return
    assert isinstance(answer, Solutions)
    if output_format == "table":
        assert out.rstrip().endswith(f"({len(answer)} row{'s' if len(answer) != 1 else ''})")
        assert out.splitlines()[0].split() == list(answer.variables)
    else:
        assert out == getattr(answer, f"to_{output_format}")()
        back = Result.parse(io.StringIO(out), format=output_format)
        assert len(list(back)) == len(answer)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_the_documented_example_runs(
    capsys: pytest.CaptureFixture[str], query: StoredQuery
) -> None:
    command = shlex.split(query.example.split("  (")[0])
    assert command[0] == "nlmg-graph"
    code, out, err = cli(capsys, *command[1:])
    assert code == 0, err
    assert out


def test_a_film_parameter_that_is_no_film_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "query", "cast", "--param", "film=person:carey-mulligan")
    assert code == 2 and out == ""
    assert "person:carey-mulligan is not a schema:Movie: it is a schema:Person" in err
    code, out, _ = cli(capsys, "query", "cast", "--param", "film=work:gattaca")
    assert code == 0 and out.endswith("(0 rows)\n"), "a film with no cast: an empty table"


def test_table_shortens_iris_and_aligns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "query", "cast", "--param", "life_stage=child")
    assert code == 0
    header, rule, *rows, count = out.splitlines()
    assert header.startswith("film ") and set(rule) <= {"-", " "}
    assert rows[0].startswith("work:never-let-me-go-2010  person:charlie-rowe")
    assert "character:tommy-d" in rows[0]
    assert len({row.index("character:") for row in rows}) == 1, "columns are aligned"
    assert count == "(3 rows)"


def test_both_engines_print_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {
        engine: cli(capsys, "query", "awards", "--format", "json", "--engine", engine)[1]
        for engine in ("oxigraph", "rdflib")
    }
    assert outputs["oxigraph"] == outputs["rdflib"]


def test_ask_exit_code_only_with_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    no = ("query", "is-disputed", "--param", "entity=person:carey-mulligan")
    yes = ("query", "is-disputed", "--param", f"entity={FILM}")
    assert cli(capsys, *no)[:2] == (0, "false\n")
    assert cli(capsys, *no, "--exit-code")[:2] == (1, "false\n")
    assert cli(capsys, *yes, "--exit-code")[:2] == (0, "true\n")


def test_data_files_are_merged(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "<https://w3id.org/nlmg/work/x> a <https://schema.org/Movie> ;\n"
        '  <https://schema.org/name> "Zzyzx Road" .\n'
    )
    code, out, _ = cli(capsys, "query", "search", "--param", "text=zzyzx", "--data", str(extra))
    assert code == 0 and "Zzyzx Road" in out


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["query", "cats"], ["no stored query named 'cats'", "did you mean: cast"]),
        (
            ["query", "cast", "--param", "life_stage"],
            ["--param expects KEY=VALUE, got 'life_stage'"],
        ),
        (["query", "cast", "--param", "colour=red"], ["query 'cast' has no parameter 'colour'"]),
        (
            ["query", "cast", "--param", "life_stage=old"],
            ["parameter 'life_stage': 'old'", "child"],
        ),
        (["query", "claims"], ["query 'claims': parameter 'entity' is required"]),
        (
            ["query", "where-to-watch", "--param", "max_price=cheap"],
            ["parameter 'max_price': 'cheap' is not a valid decimal"],
        ),
        (
            ["query", "cast", "--param", "life_stage=child", "--param", "life_stage=adult"],
            ["twice"],
        ),
        (["query", "cast", "--data", "no-such-file.ttl"], ["no-such-file.ttl", "cannot read"]),
        (["sparql", "no-such-query.rq"], ["no-such-query.rq", "cannot read the query"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], fragments: list[str]
) -> None:
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == ""
    assert_one_line_error(err, f"nlmg-graph {args[0]}: error:", *fragments)


# -- sparql -------------------------------------------------------------------------------------


def test_sparql_from_a_file_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX schema: <https://schema.org/>\n"
        f"SELECT ?name WHERE {{ <{FILM}> schema:director/schema:name ?name }}\n"
    )
    assert cli(capsys, "sparql", str(query), "--format", "csv")[:2] == (
        0,
        "name\r\nMark Romanek\r\n",
    )
    out = cli(capsys, "sparql", str(query), "--format", "json")[1]
    assert json.loads(out)["results"]["bindings"] == [
        {"name": {"type": "literal", "value": "Mark Romanek"}}
    ]
    assert cli(capsys, "sparql", str(query), "--format", "tsv")[1] == '?name\n"Mark Romanek"\n'
    assert "Mark Romanek" in cli(capsys, "sparql", str(query))[1]


def test_sparql_from_stdin_construct_prints_turtle(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"DESCRIBE <{FILM}>"))
    code, out, _ = cli(capsys, "sparql", "-")
    assert code == 0
    assert len(Graph().parse(data=out, format="turtle")) > 20
    assert "schema:Movie" in out, "prefixes are bound"


def test_sparql_syntax_error_names_file_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  BADWORD\n}\n")
    code, _, err = cli(capsys, "sparql", str(query))
    assert code == 2
    assert_one_line_error(err, str(query), "line 4, column 3", "BADWORD")


def test_sparql_refuses_updates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    query = tmp_path / "drop.rq"
    query.write_text("DROP ALL")
    code, _, err = cli(capsys, "sparql", str(query))
    assert code == 2
    assert_one_line_error(err, "SPARQL syntax error")


def test_a_cold_query_imports_neither_rdflib_nor_pyshacl() -> None:
    """The query command pays only for what it uses: Oxigraph, not rdflib or pySHACL."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "nlmg_graph",
            "query",
            "cast",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    assert "pyoxigraph" in imported
    assert not {"rdflib", "pyshacl", "jinja2"} & imported
