"""The benchmark's synthetic graphs: deterministic, of the size asked for, and shape-valid."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import nlmg_graph

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "synthetic.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


synthetic = _module()


def _generate(triples: int, seed: int) -> tuple[str, int]:
    out = io.StringIO()
    count = synthetic.generate(out, triples=triples, seed=seed)
    return out.getvalue(), count


def test_same_seed_same_bytes_and_the_command_writes_them(tmp_path: Path) -> None:
    text, count = _generate(5_000, seed=7)
    assert _generate(5_000, seed=7)[0] == text
    assert _generate(5_000, seed=8)[0] != text
    assert text.count("\n") == count
    output = tmp_path / "g.nt"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--triples", "5e3", "--seed", "7", "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == text
    assert f"wrote {count} triples" in done.stderr


@pytest.mark.parametrize("triples", [10_000, 30_000, 100_000])
def test_size_is_within_ten_percent(triples: int) -> None:
    text, count = _generate(triples, seed=1)
    assert abs(count - triples) <= triples / 10, count
    assert len(set(text.splitlines())) == count, "duplicate triples"


def test_bad_size_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--triples", "lots", "--output", str(tmp_path / "g.nt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "not a number of triples: 'lots'" in done.stderr
    assert not list(tmp_path.iterdir())


def test_merged_with_the_shipped_graph_it_conforms(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.nt"
    synthetic.write_graph(path, triples=10_000, seed=3)
    kg = nlmg_graph.load(data=[path])
    report = kg.validate()
    assert report.conforms, report.text[:3000]
    # It exercises the claim model, not only plain facts: refuted claims, outranked ones.
    disputed = [row for row in kg.disputed_claims() if "synthetic" in str(row.subject)]
    assert disputed, "no deprecated synthetic claim"
    assert kg.run("is-disputed", entity=str(disputed[0].subject)) is True
    assert kg.run("is-disputed", entity="person:synthetic-person-000001") is False
    # Every film answers, and the shipped film's answer is untouched by the others.
    shipped = "work:never-let-me-go-2010"
    assert list(kg.cast(film=shipped)) == list(nlmg_graph.load().cast(film=shipped))
    films = {row.film for row in kg.films()}
    assert {row.film for row in kg.cast()} <= films and len(films) > 7
    assert kg.search("synthetic film 12")[0].label == "Character 1 of Synthetic Film 12"
