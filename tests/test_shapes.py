"""Tests for ontology/shapes.ttl: each invalid fixture breaks the rule it names, the shipped graph
conforms, and the shapes cover every class of the data with a message for every rule.

Each file in ``fixtures/invalid/`` starts with a header naming the one violation it must cause::

    # shape: nlmgsh:ClaimShape-rank      (the sh:sourceShape: a property shape, or a node shape)
    # focus: https://w3id.org/nlmg/claim/fixture-claim-without-rank
    # path: https://w3id.org/nlmg/ontology/rank   (or "-" when the result has no path)
    # message: A claim must name exactly one rank  (a substring of the result message)

Validating the shipped graph takes seconds (pySHACL plus the stored checks), too long to repeat
for each of the ~80 fixtures. So all fixtures (and the valid examples in ``fixtures/valid/``) are
loaded together with the shipped data, like a user's ``--data`` files, and validated once. That
run stands for one run per fixture because every fixture describes fresh nodes of its own:
``test_fixtures_are_independent`` checks that no two fixtures share a new subject and that no
fixture mentions another's focus node, so each finding belongs to the one fixture whose focus it
names, and a finding about any other node fails ``test_merged_report_has_only_fixture_findings``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

import nlmg_graph
from nlmg_graph import _resources

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
NLMGSH = "https://w3id.org/nlmg/shapes/"
HEADER = re.compile(r"^# (shape|focus|path|message): (.+?)\s*$")

# Node-level constraint parameters: a node shape using one of them needs its own sh:message.
NODE_LEVEL_PARAMETERS = (
    SH.closed,
    SH["or"],
    SH["and"],
    SH["not"],
    SH.xone,
    SH.pattern,
    SH.nodeKind,
    SH["class"],
    SH.datatype,
    SH["in"],
    SH.hasValue,
    SH.node,
)
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


class Expected(NamedTuple):
    """The violation a fixture's header announces."""

    shape: str
    focus: str
    path: str | None
    message: str


def read_header(path: Path) -> Expected:
    """Parse the ``# key: value`` header of a fixture file."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    missing = {"shape", "focus", "path", "message"} - found.keys()
    assert not missing, f"{path.name}: header lacks {sorted(missing)}"
    shape = found["shape"]
    assert shape.startswith("nlmgsh:"), f"{path.name}: shape must be written nlmgsh:<name>"
    return Expected(
        shape=NLMGSH + shape.removeprefix("nlmgsh:"),
        focus=found["focus"],
        path=None if found["path"] == "-" else found["path"],
        message=found["message"],
    )


EXPECTED = {path.name: read_header(path) for path in INVALID}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    graph.parse(data=_resources.shapes_file().read_bytes(), format="turtle")
    return graph


@pytest.fixture(scope="module")
def shipped() -> nlmg_graph.KnowledgeGraph:
    return nlmg_graph.load()


@pytest.fixture(scope="module")
def merged_report() -> nlmg_graph.ValidationReport:
    return nlmg_graph.load(data=[*INVALID, *VALID]).validate()


@pytest.fixture(scope="module")
def findings_by_focus(
    merged_report: nlmg_graph.ValidationReport,
) -> dict[str, list[nlmg_graph.Violation]]:
    by_focus: dict[str, list[nlmg_graph.Violation]] = defaultdict(list)
    for violation in merged_report.violations:
        by_focus[violation.focus].append(violation)
    return by_focus


def node_shapes(shapes: Graph) -> set[URIRef]:
    """The named node shapes that select focus nodes (have a target)."""
    return {
        shape
        for shape in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(shape, URIRef) and any(shapes.value(shape, t) for t in TARGETS)
    }


def owner_of(shapes: Graph, shape: URIRef) -> URIRef:
    """The node shape a property shape belongs to (the shape itself for a node shape)."""
    owner = shapes.value(predicate=SH.property, object=shape)
    return owner if isinstance(owner, URIRef) else shape


# --- the shipped graph ------------------------------------------------------------------------


def test_shipped_graph_conforms(shipped: nlmg_graph.KnowledgeGraph) -> None:
    report = shipped.validate()
    assert report.conforms, report.text
    assert not report.violations, report.text


def test_every_class_of_the_data_is_targeted(
    shipped: nlmg_graph.KnowledgeGraph, shapes: Graph
) -> None:
    used = set(shipped.data.objects(None, RDF.type)) | set(shipped.claims.objects(None, RDF.type))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert used, "the shipped data declares no classes"
    assert not used - targeted, f"classes no shape targets: {sorted(used - targeted)}"


# --- the shapes themselves --------------------------------------------------------------------


def test_every_property_shape_is_named_and_explained(shapes: Graph) -> None:
    bad = []
    for owner in node_shapes(shapes):
        for prop in shapes.objects(owner, SH.property):
            if not isinstance(prop, URIRef):
                bad.append(f"{owner}: a blank-node property shape on {shapes.value(prop, SH.path)}")
            elif not str(prop).startswith(f"{owner}-"):
                bad.append(f"{prop}: a property shape of {owner} must be named {owner}-<name>")
            elif shapes.value(prop, SH.message) is None:
                bad.append(f"{prop}: no sh:message")
    assert not bad, "\n".join(bad)


def test_every_node_level_constraint_and_sparql_constraint_has_a_message(shapes: Graph) -> None:
    bad = [
        f"{shape}: node-level {parameter.n3()} without sh:message"
        for shape in node_shapes(shapes)
        for parameter in NODE_LEVEL_PARAMETERS
        if shapes.value(shape, parameter) is not None and shapes.value(shape, SH.message) is None
    ]
    bad += [
        f"{constraint}: SPARQL constraint without an IRI or sh:message"
        for constraint in shapes.objects(None, SH.sparql)
        if isinstance(constraint, BNode) or shapes.value(constraint, SH.message) is None
    ]
    assert not bad, "\n".join(bad)


def test_every_node_shape_has_an_invalid_fixture(shapes: Graph) -> None:
    covered = {owner_of(shapes, URIRef(expected.shape)) for expected in EXPECTED.values()}
    missing = sorted(str(shape) for shape in node_shapes(shapes) - covered)
    assert not missing, f"node shapes without a fixture in fixtures/invalid/: {missing}"


# --- the invalid fixtures ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_names_an_existing_shape(name: str, shapes: Graph) -> None:
    shape = URIRef(EXPECTED[name].shape)
    assert (shape, None, None) in shapes, f"{name}: {shape} is not in shapes.ttl"
    stem = name.removesuffix(".ttl")
    assert stem.split("-")[0] == str(owner_of(shapes, shape)).removeprefix(NLMGSH), (
        f"{name}: the file name should start with the local name of the node shape it breaks"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_breaks_exactly_its_rule(
    name: str, findings_by_focus: dict[str, list[nlmg_graph.Violation]]
) -> None:
    expected = EXPECTED[name]
    found = findings_by_focus.get(expected.focus, [])
    detail = f"{name} expects {expected}; findings on its focus:\n" + "\n".join(map(str, found))
    assert any(
        v.shape == expected.shape
        and v.focus == expected.focus
        and v.path == expected.path
        and expected.message in v.message
        and v.severity == "Violation"
        for v in found
    ), detail
    assert all(v.shape == expected.shape for v in found), detail


def test_merged_report_has_only_fixture_findings(
    merged_report: nlmg_graph.ValidationReport,
) -> None:
    assert not merged_report.conforms, "the invalid fixtures were accepted"
    foci = {expected.focus for expected in EXPECTED.values()}
    stray = [v for v in merged_report.violations if v.focus not in foci]
    assert not stray, "findings about nodes that no invalid fixture names:\n" + "\n".join(
        map(str, stray)
    )


def test_fixtures_are_independent(shipped: nlmg_graph.KnowledgeGraph) -> None:
    shipped_subjects = set(shipped.data.subjects()) | set(shipped.claims.subjects())
    owner: dict[object, str] = {}
    clashes = []
    graphs = {}
    for path in [*INVALID, *VALID]:
        graph = Graph().parse(path, format="turtle")
        graphs[path.name] = graph
        for subject in set(graph.subjects()) - shipped_subjects:
            if subject in owner:
                clashes.append(f"{subject} is described by {owner[subject]} and {path.name}")
            owner[subject] = path.name
    for name, graph in graphs.items():
        mentioned = set(graph.subjects()) | set(graph.objects())
        for other, expected in EXPECTED.items():
            if other != name and URIRef(expected.focus) in mentioned:
                clashes.append(f"{name} mentions {expected.focus}, the focus of {other}")
    assert not clashes, "\n".join(clashes)
    foci = [expected.focus for expected in EXPECTED.values()]
    assert len(foci) == len(set(foci)), "two fixtures share a focus node"
