"""Persistent stores: ``nlmg-graph load --store`` and ``--store`` on the other commands.

A store is built aside and swapped in, so every way a build can fail (a bad file, an invalid
graph, an interrupt, a killed process, another build holding the lock) must leave the previous
store answering exactly as before. Query results on a store are checked against the golden files
in ``test_golden.py``; here the store's own contract is tested.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph import store as stores
from nlmg_graph.errors import InputFileError, StoreError
from nlmg_graph.store import GraphNotValidError, build_store, open_store, store_info
from nlmg_graph.validation import ValidationReport

FIXTURES = Path(__file__).parent / "fixtures"

INVALID = FIXTURES / "invalid" / "FaqEntryShape-position.ttl"
VALID = FIXTURES / "valid" / "user-additions.ttl"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "nlmg_graph", *args], capture_output=True, text=True, check=False
    )


def generations(path: Path) -> list[str]:
    return sorted(p.name for p in path.glob("generation-*"))


def same_values(first: Graph, second: Graph) -> bool:
    """Whether two graphs are isomorphic once literals are compared by value.

    A store writes equal values canonically (``"71.0"`` as ``"71"``, ``PT105M`` as ``PT1H45M``).
    """

    def by_value(graph: Graph) -> Graph:
        normal = Graph()
        for s, p, o in graph:
            if isinstance(o, Literal):
                value = o.toPython()
                o = Literal(str(value.normalize() if isinstance(value, Decimal) else value))
            normal.add((s, p, o))
        return normal

    return isomorphic(by_value(first), by_value(second))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the shipped graph plus the valid user additions (do not modify)."""
    path = tmp_path_factory.mktemp("store") / "kg"
    build_store(path, data=[VALID])
    return path


def test_store_holds_the_same_graph_as_memory(built: Path, kg: nlmg_graph.KnowledgeGraph) -> None:
    merged = nlmg_graph.load(data=[VALID])
    stored = open_store(built)
    assert len(stored) == len(merged) > len(kg)
    assert stored.validate().conforms
    for name in ("ontology", "data", "claims"):
        assert same_values(getattr(stored, name), getattr(merged, name)), name


def test_manifest_records_what_was_loaded(built: Path) -> None:
    info = store_info(built)
    assert info.sources == (str(VALID.resolve()),)
    assert info.shipped and info.conforms is True
    assert info.version == nlmg_graph.__version__
    assert info.total == len(open_store(built))
    assert set(info.triples) == set(nlmg_graph.iris.NAMED_GRAPHS)


def test_rdflib_engine_on_a_store(built: Path) -> None:
    on_rdflib = open_store(built, engine="rdflib")
    assert on_rdflib.engine.name == "rdflib"
    film = "work:never-let-me-go-2010"
    assert on_rdflib.film(film)[0].director == open_store(built).film(film)[0].director
    assert on_rdflib.film(film)[0].director == "Mark Romanek"


def test_rebuild_swaps_and_keeps_the_previous_generation(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    build_store(path)
    first = generations(path)
    reader = open_store(path)  # a reader opened before the swap keeps its generation
    build_store(path, data=[VALID])
    assert len(generations(path)) == 2 and first[0] in generations(path)
    assert len(reader) == len(nlmg_graph.load())
    assert len(open_store(path)) == len(nlmg_graph.load(data=[VALID]))
    build_store(path)
    assert first[0] not in generations(path), "generations older than the previous are removed"
    assert len(generations(path)) == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("invalid", GraphNotValidError),
        ("syntax-error", InputFileError),
        ("missing", InputFileError),
    ],
)
def test_a_failed_build_leaves_the_previous_store(
    tmp_path: Path, data: str, error: type[Exception]
) -> None:
    path = tmp_path / "kg"
    before = build_store(path)
    broken = {
        "invalid": INVALID,
        "missing": tmp_path / "missing.ttl",
        "syntax-error": tmp_path / "bad.ttl",
    }
    (tmp_path / "bad.ttl").write_text("<urn:x:s> <urn:x:p> .\n", encoding="utf-8")
    with pytest.raises(error):
        build_store(path, data=[broken[data]])
    assert store_info(path) == before
    assert generations(path) == [before.generation]
    assert len(open_store(path)) == before.total


def test_an_invalid_graph_names_its_findings(tmp_path: Path) -> None:
    with pytest.raises(GraphNotValidError) as raised:
        build_store(tmp_path / "kg", data=[INVALID])
    assert "does not conform (1 finding(s))" in str(raised.value)
    assert raised.value.report.violations[0].focus.endswith("fixture-question-zero-position")
    assert not (tmp_path / "kg" / "current").exists()


def test_force_stores_an_invalid_graph_and_says_so(tmp_path: Path) -> None:
    info = build_store(tmp_path / "kg", data=[INVALID], force=True)
    assert info.conforms is False
    assert not open_store(tmp_path / "kg").validate().conforms


def test_an_interrupted_build_leaves_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kg"
    before = build_store(path)

    def interrupt(*_: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(stores, "_validate", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_store(path, data=[VALID])
    assert store_info(path) == before
    assert generations(path) == [before.generation]


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_killed_or_interrupted_build_leaves_the_previous_store(
    tmp_path: Path, sent: signal.Signals
) -> None:
    """A signal in the middle of a large build: SIGKILL runs no cleanup, the link still holds;
    Ctrl-C rolls the new generation back and exits 130 with one line."""
    path = tmp_path / "kg"
    before = build_store(path)
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as handle:
        for i in range(300_000):
            handle.write(f'<https://example.org/thing/{i}> <https://schema.org/name> "{i}" .\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "nlmg_graph", "load", "--store", str(path), "--data", str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(generations(path)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(generations(path)) == 2, "the signal comes while the generation is written"
    process.send_signal(sent)
    _, stderr = process.communicate()
    assert store_info(path) == before
    assert len(open_store(path)) == before.total
    if sent == signal.SIGINT:
        assert process.returncode == 130
        assert stderr == "nlmg-graph load: interrupted\n"
        assert generations(path) == [before.generation], "the new generation is rolled back"
    after = build_store(path)  # the next build clears whatever a killed one left
    assert generations(path) == sorted([before.generation, after.generation])


def test_a_store_being_built_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    build_store(path)
    with open(path / ".lock", "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        handle.write("nlmg-graph load (pid 4242)")
        handle.flush()
        with pytest.raises(StoreError, match=r"locked: nlmg-graph load \(pid 4242\) is building"):
            build_store(path)
        done = run("load", "--store", str(path))
    assert done.returncode == 2
    assert "locked" in done.stderr and "Traceback" not in done.stderr
    assert len(open_store(path)) > 0


def raw_oxigraph_store(path: Path) -> Path:
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    del store
    return path


KINDS = ("file", "folder", "raw-oxigraph", "missing", "dangling")


@pytest.mark.parametrize(
    ("kind", "command"),
    [(kind, command) for kind in KINDS for command in ("query", "sparql", "export", "validate")]
    # load creates a missing store and rebuilds a damaged one (test_a_damaged_store_can_be_rebuilt)
    + [(kind, "load") for kind in ("file", "folder", "raw-oxigraph")],
)
def test_a_path_that_is_not_a_store(tmp_path: Path, kind: str, command: str) -> None:
    path = tmp_path / "target"
    if kind == "file":
        path.write_text("not a store\n", encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
        (path / "notes.txt").write_text("mine\n", encoding="utf-8")
    elif kind == "raw-oxigraph":
        raw_oxigraph_store(path)
    elif kind == "dangling":
        build_store(path)
        os.replace(path / "current", path / "current.bak")
        (path / "current").symlink_to("generation-gone")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    if command == "load":
        args = ["load", "--store", str(path)]
    else:
        query = tmp_path / "q.rq"
        query.write_text("ASK {}", encoding="utf-8")
        args = {
            "query": ["query", "cast"],
            "sparql": ["sparql", str(query)],
            "export": ["export"],
            "validate": ["validate"],
        }[command] + ["--store", str(path)]
        before = sorted(p.name for p in tmp_path.rglob("*"))
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert str(path) in line and ("store" in line or "folder" in line), line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing was written"


def test_a_damaged_store_can_be_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    build_store(path)
    (path / "current").unlink()
    (path / "current").symlink_to("generation-gone")
    with pytest.raises(StoreError, match="damaged store"):
        open_store(path)
    build_store(path)
    assert len(open_store(path)) > 0


def test_cli_load_then_every_command_reads_the_store(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "kg"
    done = run("load", "--store", str(path), "--data", str(VALID))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"triples (ontology {store_info(path).triples[nlmg_graph.iris.GRAPH_ONTOLOGY]:,}" in (
        done.stderr
    )
    assert "valid" in done.stderr
    for args in (
        ["query", "cast", "--format", "json"],
        ["query", "search", "--param", "text=hailsham", "--format", "csv"],
        ["validate", "--format", "json"],
    ):
        on_store = run(*args, "--store", str(path))
        in_memory = run(*args, "--data", str(VALID))
        assert on_store.returncode == in_memory.returncode == 0, on_store.stderr
        assert on_store.stdout == in_memory.stdout, args
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", encoding="utf-8")
    counted = run("sparql", str(query), "--store", str(path), "--format", "json")
    assert json.loads(counted.stdout)["results"]["bindings"][0]["n"]["value"] == str(
        len(open_store(path))
    )
    exported = run("export", "--store", str(path), "--format", "nt")
    assert exported.returncode == 0, exported.stderr
    stored = Graph().parse(data=exported.stdout, format="nt")
    expected = nlmg_graph.load(data=[VALID]).serialize("nt")
    assert same_values(stored, Graph().parse(data=expected, format="nt"))


def test_cli_load_refuses_an_invalid_graph(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    done = run("load", "--store", str(path), "--data", str(INVALID))
    assert done.returncode == 1
    assert "FaqEntryShape-position" in done.stderr
    assert "load refused" in done.stderr and "Traceback" not in done.stderr
    assert not (path / "current").exists()
    forced = run("load", "--store", str(path), "--data", str(INVALID), "--force")
    assert forced.returncode == 0 and "NOT valid" in forced.stderr
    assert run("validate", "--store", str(path)).returncode == 1


def test_store_and_data_do_not_mix(built: Path) -> None:
    done = run("query", "cast", "--store", str(built), "--data", str(VALID))
    assert done.returncode == 2
    assert "--store and --data cannot be combined" in done.stderr


def quads_file(path: Path, quads: list[ox.Quad]) -> Path:
    ox.serialize(quads, output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


@pytest.mark.parametrize(
    "layout", ["project-graphs", "default-graph", "foreign-graph", "claims-in-data", "blank-nodes"]
)
def test_dataset_files_give_the_same_store_however_laid_out(
    tmp_path: Path, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N-Quads already in the project's graphs are bulk-loaded as they are; others are routed."""
    ontology, data, _ = (ox.NamedNode(name) for name in nlmg_graph.iris.NAMED_GRAPHS)
    shipped = set(nlmg_graph.load().quads)
    additions = [
        q
        for q in nlmg_graph.load(data=[VALID]).quads
        if q not in shipped and q.graph_name != ontology  # (the ontology's lists are blank nodes)
    ]
    moved = {
        "project-graphs": additions,
        "default-graph": [ox.Quad(q.subject, q.predicate, q.object) for q in additions],
        "foreign-graph": [
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:x:g")) for q in additions
        ],
        "claims-in-data": [ox.Quad(q.subject, q.predicate, q.object, data) for q in additions],
        "blank-nodes": [*additions, ox.Quad(ox.BlankNode("b1"), ox.NamedNode("urn:x:p"), data)],
    }[layout]
    routed: list[list[object]] = []
    original = stores.read_quads

    def read_quads(*, data: list[object], shipped: bool) -> list[ox.Quad]:
        routed.append(list(data))
        return original(data=data, shipped=shipped)

    monkeypatch.setattr(stores, "read_quads", read_quads)
    path = tmp_path / "kg"
    file = quads_file(tmp_path / "additions.nq", moved)
    build_store(path, data=[file], force=True)
    # Bulk-loaded as it is only when already in the project's graphs (and free of labels).
    assert routed == {"project-graphs": [[]], "blank-nodes": [[file]]}.get(layout, [[], [file]])
    expected = nlmg_graph.load(data=[VALID])
    stored = open_store(path)
    for name in (
        ("ontology", "claims") if layout == "blank-nodes" else ("ontology", "data", "claims")
    ):
        assert same_values(getattr(stored, name), getattr(expected, name)), name
    if layout != "blank-nodes":
        assert stored.validate().conforms


def test_labelled_blank_nodes_of_two_dataset_files_stay_apart(tmp_path: Path) -> None:
    node = ox.Quad(ox.BlankNode("b1"), ox.NamedNode("urn:x:p"), ox.Literal("x"))
    first = quads_file(tmp_path / "first.nq", [node])
    second = quads_file(tmp_path / "second.nq", [node])
    build_store(tmp_path / "kg", data=[first, second], validate=False)
    subjects = open_store(tmp_path / "kg").query("SELECT DISTINCT ?s { ?s <urn:x:p> ?o }")
    assert len(subjects) == 2  # type: ignore[arg-type]


def test_a_bad_dataset_file_leaves_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:g> .\n<urn:x:s> <urn:x:p> .\n")
    with pytest.raises(InputFileError, match=r"bad\.nq:2: not valid N-Quads"):
        build_store(tmp_path / "new", data=[bad])
    assert not (tmp_path / "new").exists(), "a store folder this build created is removed"
    before = build_store(tmp_path / "kg")
    with pytest.raises(InputFileError):
        build_store(tmp_path / "kg", data=[bad])
    assert store_info(tmp_path / "kg") == before
    assert generations(tmp_path / "kg") == [before.generation]


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the shipped graph alone, copied by the tests that rebuild it."""
    path = tmp_path_factory.mktemp("shipped") / "kg"
    build_store(path)
    return path


def rebuild_from(shipped_store: Path, tmp_path: Path) -> Path:
    import shutil

    path = tmp_path / "kg"
    shutil.copytree(shipped_store, path, symlinks=True)
    return path


@pytest.fixture
def validated_nodes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each validation of a build was given as ``changed`` (``None``: everything)."""
    from nlmg_graph import validation

    seen: list[object] = []
    original = validation.validate_graph

    def spy(quads: object, store: ox.Store, *, changed: object = None, **options: object) -> object:
        seen.append(changed)
        return original(quads, store, changed=changed, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "validate_graph", spy)
    return seen


def test_validating_only_the_additions_finds_what_full_validation_finds(
    shipped_store: Path, tmp_path: Path, validated_nodes: list[object]
) -> None:
    """A rebuild validates only new files and their neighbourhood: the broken examples of
    every shape, added together, are still caught with the same findings as validating all."""
    broken = sorted((FIXTURES / "invalid").glob("*.ttl"))
    full = nlmg_graph.load(data=broken).validate()
    path = rebuild_from(shipped_store, tmp_path)
    with pytest.raises(GraphNotValidError) as raised:
        build_store(path, data=broken)
    assert validated_nodes[-1], "the rebuild validated only the additions"
    found = {(v.shape, v.focus, v.path) for v in raised.value.report.violations}
    assert found == {(v.shape, v.focus, v.path) for v in full.violations}
    assert len({v.focus for v in full.violations}) >= len(broken) / 2, "the examples show"


def test_a_changed_or_removed_file_is_validated_again(
    tmp_path: Path, validated_nodes: list[object]
) -> None:
    """Only files the live store validated, unchanged, are trusted; a removal trusts none."""
    copy = tmp_path / "additions.ttl"
    copy.write_bytes(VALID.read_bytes())
    path = tmp_path / "kg"
    build_store(path)  # new store: everything
    build_store(path, data=[copy])  # an addition: only it
    build_store(path, data=[copy])  # nothing new: SHACL judges nothing, checks still run
    copy.write_bytes(VALID.read_bytes() + b"\n# changed\n")
    build_store(path, data=[copy])  # changed: everything
    build_store(path)  # removed: everything
    seen = validated_nodes
    assert [None if c is None else len(c) for c in seen] == [None, len(seen[1]), 0, None, None]  # type: ignore[arg-type]
    assert seen[1]


def _touching_existing_nodes(path: Path) -> Path:
    """A change whose check findings fall on nodes of the shipped graph, not on its own: a
    preferred claim outranking an existing fact, and an unsourced fact about an existing film."""
    kg = nlmg_graph.load()
    row = kg.query(
        """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
        SELECT ?s ?p WHERE {
          ?claim a nlmg:Claim ; nlmg:rank nlmg:NormalRank ; rdf:subject ?s ; rdf:predicate ?p .
          GRAPH <https://w3id.org/nlmg/graph/data> { ?s ?p ?o } FILTER (isLiteral(?o))
        } ORDER BY ?claim LIMIT 1"""
    )[0]  # type: ignore[index]
    path.write_text(
        f"""@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix nlmg: <https://w3id.org/nlmg/ontology/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/nlmg/claim/fixture-rival> a nlmg:Claim ;
    rdf:subject <{row.s}> ; rdf:predicate <{row.p}> ; rdf:object "a rival value" ;
    nlmg:rank nlmg:PreferredRank ; nlmg:verification nlmg:Unverified ;
    nlmg:statedIn <https://w3id.org/nlmg/source/article> .
<https://w3id.org/nlmg/work/never-let-me-go-2010> schema:keywords "unsourced" .
""",
        encoding="utf-8",
    )
    return path


CHECK_FIXTURES = sorted((FIXTURES / "checks").glob("*.ttl"))


@pytest.mark.parametrize("change", ["fixtures", "touching", *(f.stem for f in CHECK_FIXTURES)])
def test_checking_only_the_claims_a_change_touches_finds_what_checking_all_finds(
    change: str,
    shipped_store: Path,
    tmp_path: Path,
    validated_nodes: list[object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stored checks of a rebuild judge only the nodes the new files touch (in a small
    store of what the checks read about them), with exactly the findings of checking all."""
    from nlmg_graph.shacl import scope

    expected = {change}
    if change == "fixtures":  # all at once: one fixture's claim outranks another's
        files = [*CHECK_FIXTURES, *sorted((FIXTURES / "invalid").glob("*.ttl"))]
        expected = {f.stem for f in CHECK_FIXTURES} - {"missing-fact-violation"}
    elif change == "touching":
        files = [_touching_existing_nodes(tmp_path / "touching.ttl")]
        expected = {"unsourced-fact-violation", "not-best-rank-fact-violation"}
    else:
        files = [FIXTURES / "checks" / f"{change}.ttl"]
    scoped: list[int] = []
    original = scope.check_scope

    def spy(store: ox.Store, changed: list[ox.NamedNode]) -> object:
        found = original(store, changed)
        scoped.append(len(found[0]) if found else -1)
        return found

    monkeypatch.setattr(scope, "check_scope", spy)
    full = nlmg_graph.load(data=files).validate()
    path = rebuild_from(shipped_store, tmp_path)
    with pytest.raises(GraphNotValidError) as raised:
        build_store(path, data=files)
    assert validated_nodes[-1] and scoped[-1] > 0, "the rebuild checked only the additions"
    # what the checks read about the touched nodes, a part of the graph: these fixtures touch
    # the film, the hub of the shipped graph (about 40% of its quads are about it or its claims)
    whole = sum(1 for _ in nlmg_graph.load(data=files).quads)
    assert scoped[-1] < whole / 2, f"in a small store ({scoped[-1]} of {whole} quads)"

    def findings(report: ValidationReport) -> set[tuple[str, ...]]:
        return {(v.shape, v.focus, v.path or "", v.severity, v.message) for v in report.violations}

    assert {v.shape for v in full.violations if v.shape.endswith("-violation")} >= expected
    assert findings(raised.value.report) == findings(full)


def test_a_rebuild_that_adds_files_copies_the_live_store_and_equals_a_fresh_build(
    shipped_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild of a valid store with files added starts from a copy of the live database
    (not from the files again), and holds exactly what a fresh build of the same files holds."""
    copies: list[object] = []
    original = stores._extend_previous

    def spy(*arguments: object) -> object:
        copies.append(original(*arguments))  # type: ignore[arg-type]
        return copies[-1]

    monkeypatch.setattr(stores, "_extend_previous", spy)
    path = rebuild_from(shipped_store, tmp_path)
    build_store(path, data=[VALID])
    assert copies and copies[0] is not None, "the live store was copied"
    build_store(tmp_path / "fresh", data=[VALID])
    rebuilt, fresh = open_store(path), open_store(tmp_path / "fresh")
    assert len(rebuilt) == len(fresh)
    for name in ("ontology", "data", "claims"):
        assert isomorphic(getattr(rebuilt, name), getattr(fresh, name)), name
