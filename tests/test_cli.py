"""The command line contract: commands, output formats, exit codes, atomic output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from rdflib import Graph

import nlmg_graph

UNSOURCED = (
    "@prefix schema: <https://schema.org/> .\n"
    '<https://w3id.org/nlmg/work/never-let-me-go-2010> schema:genre "comedy"@en .\n'
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "nlmg_graph", *args], capture_output=True, text=True, check=False
    )


def test_console_script_is_installed() -> None:
    script = shutil.which("nlmg-graph", path=sysconfig.get_path("scripts"))
    assert script, "the nlmg-graph console script is not installed beside this Python"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"nlmg-graph {nlmg_graph.__version__}"


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["export", "--help"]])
def test_help(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 0 and "usage: nlmg-graph" in done.stdout


def test_validate_shipped_graph_exits_0() -> None:
    done = run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "conforms" in done.stderr


def test_validate_reports_violations_one_per_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(UNSOURCED)
    done = run("validate", "--data", str(mine))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "unsourced-fact-violation work:never-let-me-go-2010 schema:genre: "
        "This fact has no non-deprecated claim that names its source."
    ]


def test_validate_json_format(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(UNSOURCED)
    done = run("validate", "--data", str(mine), "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["conforms"] is False
    assert report["violations"] == [
        {
            "focus": "https://w3id.org/nlmg/work/never-let-me-go-2010",
            "path": "https://schema.org/genre",
            "shape": "unsourced-fact-violation",
            "severity": "Violation",
            "message": "This fact has no non-deprecated claim that names its source.",
            "value": "comedy",
        }
    ]


def test_bad_input_exits_2_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix s: <https://schema.org/> .\n<http://a> s:name "x ;\n')
    for command in ("validate", "export"):
        done = run(command, "--data", str(bad))
        assert done.returncode == 2
        assert f"{bad}:2:" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("validate", "--data", str(tmp_path / "nope.ttl"))
    assert done.returncode == 2
    assert "nope.ttl: cannot read the file" in done.stderr


@pytest.mark.parametrize("args", [["export", "--format", "rdfa"], ["export", "--view", "x"], []])
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "usage: nlmg-graph" in done.stderr


@pytest.mark.parametrize(
    ("rdf_format", "parse_as"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_export_to_stdout(rdf_format: str, parse_as: str) -> None:
    done = run("export", "--format", rdf_format, "--view", "facts")
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(data=done.stdout, format=parse_as)) > 100


def test_export_output_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "graph.trig"
    done = run("export", "--format", "trig", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 0 and done.stdout == ""
    # a failing export (invalid user data) leaves the previous file as it was
    previous = target.read_bytes()
    mine = tmp_path / "mine.ttl"
    mine.write_text(UNSOURCED)
    done = run("export", "--data", str(mine), "--output", str(target))
    assert done.returncode == 1
    assert "export refused" in done.stderr
    assert target.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig", "mine.ttl"]


def test_export_into_missing_directory_exits_2(tmp_path: Path) -> None:
    done = run("export", "--output", str(tmp_path / "missing" / "out.ttl"))
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr
