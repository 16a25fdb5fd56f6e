"""Fuzzing the command line, its output and store paths, and the entity of export --entity.

Invariants: the exit code is 0, 1, 2 or 130; standard error holds no traceback and each error
is one line; a failed write leaves no file or temporary file behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import pytest
from fuzzing import HOSTILE_PIECES, budget, outcome, tally
from hypothesis import given
from hypothesis import strategies as st

from nlmg_graph.catalogue import stored_queries
from nlmg_graph.cli import main
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.export import write_atomically, write_files_atomically
from nlmg_graph.iris import expand
from nlmg_graph.store import open_store

_PARAMETERS = [(q.name, p.name) for q in stored_queries() for p in q.parameters]
_VALUE = st.one_of(
    st.text(max_size=20).filter(lambda t: "\x00" not in t),
    st.sampled_from(["1e1", "3_99", "9" * 300, "person:carey-mulligan", "} #", "child"]),
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@budget(0.005)
@given(
    target=st.sampled_from(_PARAMETERS),
    value=_VALUE,
    output_format=st.sampled_from(["table", "json", "csv", "tsv", "xml"]),
    engine=st.sampled_from(["oxigraph", "rdflib"]),
)
def test_query_command_exits_cleanly(
    target: tuple[str, str], value: str, output_format: str, engine: str
) -> None:
    name, parameter = target
    tally("cases")
    code, _, err = run(
        [
            *("query", name, "--param", f"{parameter}={value}", "--format", output_format),
            *("--engine", engine, "--timeout", "60"),
        ]
    )
    assert code in (0, 1, 2, 130), err
    if "Traceback" in err:
        tally("tracebacks")
        raise AssertionError(err)
    if code == 2 and not err.startswith("usage:"):  # argparse's own errors follow its usage
        assert err.count("\n") == 1, err


_NAME = st.one_of(
    st.text(min_size=1, max_size=30).filter(lambda t: "\x00" not in t and "/" not in t),
    st.sampled_from([".", "..", "-", "~", " ", "a" * 300, "con", "x/", "x//", "nul\x00l"]),
    st.sampled_from(HOSTILE_PIECES).map(lambda b: b.decode("utf-8", "replace")),
)


@budget(0.05)
@given(parts=st.lists(_NAME, min_size=1, max_size=3), trailing=st.booleans(), folder=st.booleans())
def test_hostile_output_paths_leave_nothing_behind(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], trailing: bool, folder: bool
) -> None:
    root = tmp_path_factory.mktemp("out")
    (root / "existing").mkdir()
    (root / "file.txt").write_text("keep", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    target = os.path.join(str(root), *parts) + ("/" if trailing else "")
    if folder:
        result = outcome(lambda: write_files_atomically(target, {"a.txt": "x", "b.txt": "y"}))
    else:
        result = outcome(lambda: write_atomically(target, "text"))
    after = set(root.rglob("*"))
    written = {Path(target) / "a.txt", Path(target) / "b.txt"} if folder else {Path(target)}
    leftovers = after - set(before) - written  # temporary files or folders
    assert not leftovers, leftovers
    if isinstance(result, NlmgGraphError):
        assert after == set(before), after ^ set(before)
        assert (root / "file.txt").read_text(encoding="utf-8") == "keep"


@budget(0.02)
@given(parts=st.lists(_NAME, min_size=1, max_size=2))
def test_hostile_store_paths_are_refused(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    root = tmp_path_factory.mktemp("store")
    (root / "file.txt").write_text("keep", encoding="utf-8")
    result = outcome(lambda: open_store(os.path.join(str(root), *parts)))
    assert isinstance(result, NlmgGraphError), result
    assert (root / "file.txt").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in root.iterdir()] == ["file.txt"]  # nothing created


def test_export_to_a_hostile_path_exits_2(tmp_path: Path) -> None:
    for output in (f"{tmp_path}/missing/x.ttl", f"{tmp_path}/x\x00.ttl", f"{tmp_path}/f/"):
        code, _, err = run(["export", "--format", "nt", "--view", "facts", "--output", output])
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


_ENTITY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            *("work:gattaca", "work:", "work:never-let-me-go-2010", "person:carey-mulligan"),
            *("claim:gattaca-release-year", "role:carey-mulligan-kathy-h", "nlmg:CastRole"),
            *("https://w3id.org/nlmg/", "<https://w3id.org/nlmg/work/gattaca>", "_:b0", "-"),
            *("work:gattaca/../x", "javascript:alert(1)", "schema:Movie", "a b", ""),
        ]
    ),
    st.sampled_from(HOSTILE_PIECES).map(lambda b: b.decode("utf-8", "replace")),
)


@budget(0.05)
@given(name=_ENTITY, view=st.sampled_from(["verified", "facts"]))
def test_export_entity_exits_cleanly(name: str, view: str) -> None:
    """``export --entity`` with any text: the entity's markup (exit 0) or one line (exit 2)."""
    tally("cases")
    code, out, err = run(["export", "--format", "schemaorg", "--view", view, f"--entity={name}"])
    if "Traceback" in err:
        tally("tracebacks")
        raise AssertionError(err)
    assert code in (0, 2), err
    if code == 0:
        assert json.loads(out)["@id"] == expand(name)
    else:
        assert out == "" and err.count("\n") == 1, err
        assert "has no schema.org markup" in err, err
