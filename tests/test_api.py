"""The public Python API: loading, merging user files, validating, exporting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph.namespaces import GRAPH_CLAIMS, GRAPH_DATA, GRAPH_ONTOLOGY, NLMG, WORK

FILM = WORK["never-let-me-go-2010"]


def test_public_surface_is_narrow_and_complete() -> None:
    for name in nlmg_graph.__all__:
        assert hasattr(nlmg_graph, name), name
    assert nlmg_graph.__version__ != "0+unknown", "the package is not installed"
    assert issubclass(nlmg_graph.InputFileError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.OptionError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.QueryError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.StoreError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.EndpointError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.GraphNotValidError, nlmg_graph.NlmgGraphError)
    assert issubclass(nlmg_graph.KnowledgeGraph, nlmg_graph.RemoteGraph.__mro__[1])


def test_load_splits_ontology_data_and_claims(kg: nlmg_graph.KnowledgeGraph) -> None:
    assert len(kg.ontology) > 0 and len(kg.data) > 0 and len(kg.claims) > 0
    assert (None, None, NLMG.Claim) not in kg.data, "a claim record landed in the data graph"
    assert set(kg.claims.subjects()) <= set(kg.claims.subjects(predicate=None, object=NLMG.Claim))
    assert len(kg) == len(kg.ontology) + len(kg.data) + len(kg.claims)


def test_shipped_graph_conforms(kg: nlmg_graph.KnowledgeGraph) -> None:
    report = kg.validate()
    assert report.conforms, report.text
    assert report.violations == ()


def test_user_file_is_merged(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        '<https://w3id.org/nlmg/work/never-let-me-go-2010> schema:alternateName "NLMG" .\n'
    )
    kg = nlmg_graph.load(data=[mine])
    assert (FILM, URIRef("https://schema.org/alternateName"), None) in kg.data


def test_user_file_with_unsourced_fact_fails_validation(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        '<https://w3id.org/nlmg/work/never-let-me-go-2010> schema:genre "comedy"@en .\n'
    )
    report = nlmg_graph.load(data=[mine]).validate()
    assert not report.conforms
    (violation,) = report.violations
    assert violation.shape == "unsourced-fact-violation"
    assert violation.focus == str(FILM)
    assert violation.path == "https://schema.org/genre"
    assert violation.value == "comedy"
    assert "no non-deprecated claim" in violation.message


@pytest.mark.parametrize(
    ("content", "suffix", "line", "fragment"),
    [
        (
            '@prefix s: <https://schema.org/> .\n<http://a> s:name "x" .\n<http://b> s:name "y ;\n',
            ".ttl",
            3,
            "not valid Turtle: Unexpected end of file (column 19)",
        ),
        ("<http://a> nope:name 1 .\n", ".ttl", 1, "The prefix nope: has not been declared"),
        ('{"@id": "http://a",\n "http://x": [1,\n', ".jsonld", 3, "not valid JSON-LD"),
        ("<http://a> <http://b> .\n", ".nt", 1, "not valid N-Triples"),
        (
            '{"@context": "https://schema.org", "@id": "http://a", "name": "x"}',
            ".jsonld",
            None,
            "remote contexts",
        ),
    ],
    ids=["turtle-literal", "turtle-prefix", "jsonld", "ntriples", "jsonld-remote-context"],
)
def test_unparseable_file_names_file_and_line(
    tmp_path: Path, content: str, suffix: str, line: int | None, fragment: str
) -> None:
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content)
    with pytest.raises(nlmg_graph.InputFileError) as caught:
        nlmg_graph.load(data=[bad])
    assert caught.value.path == str(bad)
    assert caught.value.line == line
    assert str(bad) in str(caught.value) and fragment in str(caught.value), str(caught.value)


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(nlmg_graph.InputFileError, match="cannot read the file"):
        nlmg_graph.load(data=[tmp_path / "absent.ttl"])
    odd = tmp_path / "notes.docx"
    odd.write_text("x")
    with pytest.raises(nlmg_graph.InputFileError, match="unknown RDF file type"):
        nlmg_graph.load(data=[odd])


@pytest.mark.parametrize("rdf_format", list(nlmg_graph.ExportFormat))
def test_full_export_round_trips(kg: nlmg_graph.KnowledgeGraph, rdf_format: str) -> None:
    text = kg.serialize(rdf_format)
    parse_as = {"turtle": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld"}[rdf_format]
    if rdf_format == "trig":
        back = Dataset()
        back.parse(data=text, format="trig")
        for name in (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_CLAIMS):
            assert isomorphic(back.graph(name), kg.dataset.graph(name)), name
        return
    back = Graph().parse(data=text, format=parse_as)
    expected = Graph()
    for graph in (kg.ontology, kg.data, kg.claims):
        expected += graph
    assert isomorphic(back, expected)


def test_jsonld_export_is_compacted_with_the_project_context(kg: nlmg_graph.KnowledgeGraph) -> None:
    document = json.loads(kg.serialize("jsonld", view="facts"))
    assert document["@context"]["nlmg"] == "https://w3id.org/nlmg/ontology/"
    assert document["@context"]["schema"] == "https://schema.org/"
    ids = {node["@id"] for node in document["@graph"]}
    assert "work:never-let-me-go-2010" in ids


def test_facts_view_has_no_claims_and_no_deprecated_values(kg: nlmg_graph.KnowledgeGraph) -> None:
    facts = Graph().parse(data=kg.serialize("nt", view="facts"), format="nt")
    assert (None, None, NLMG.Claim) not in facts
    assert set(facts.predicates()).isdisjoint({NLMG.rank, NLMG.statedIn, NLMG.deprecationReason})
    assert all(triple in kg.data for triple in facts), "the facts view invented a triple"
    deprecated = list(kg.claims.subjects(NLMG.rank, NLMG.DeprecatedRank))
    assert deprecated, "the shipped graph should keep refuted claims as deprecated claims"
    for claim in deprecated:
        triple = tuple(kg.claims.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        assert triple not in facts, f"deprecated claim {claim} is a fact"
        value = triple[2]
        if (value, RDF.type, None) in kg.data and (None, None, value) not in kg.data:
            assert (value, None, None) not in facts, f"{value} only backs {claim}"


def test_unknown_format_and_view_raise_option_error(kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(nlmg_graph.OptionError, match="unknown export format 'rdfa'"):
        kg.serialize("rdfa")
    with pytest.raises(nlmg_graph.OptionError, match="unknown view 'truthy'"):
        kg.serialize("turtle", view="truthy")


def test_write_is_atomic(kg: nlmg_graph.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("previous")
    with pytest.raises(nlmg_graph.OptionError):
        kg.write(target, "rdfa")
    assert target.read_text() == "previous"
    kg.write(target, "turtle", view="facts")
    assert Graph().parse(target, format="turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"], "a temporary file was left"
    with pytest.raises(nlmg_graph.NlmgGraphError, match="cannot write"):
        kg.write(tmp_path / "no-such-dir" / "out.ttl")


def test_query_errors_are_query_errors(kg: nlmg_graph.KnowledgeGraph) -> None:
    with pytest.raises(nlmg_graph.QueryError, match="syntax error at line 1, column 1"):
        kg.query("SELEKT * WHERE { ?s ?p ?o }")


def test_parsed_literals_match_rdflib_conventions(tmp_path: Path) -> None:
    """Simple literals carry no datatype, as rdflib writes them, so SPARQL and ``in`` match."""
    mine = tmp_path / "mine.nt"
    mine.write_text(
        '<https://w3id.org/nlmg/work/x> <https://schema.org/name> "X" .\n'
        '<https://w3id.org/nlmg/work/x> <https://schema.org/name> "X"@en .\n'
        "<https://w3id.org/nlmg/work/x> <https://schema.org/position> "
        '"03"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    data = nlmg_graph.load(data=[mine], shipped=False).data
    x, name = WORK["x"], URIRef("https://schema.org/name")
    assert (x, name, Literal("X")) in data
    assert (x, name, Literal("X", lang="en")) in data
    (position,) = data.objects(x, URIRef("https://schema.org/position"))
    assert position.toPython() == 3


def test_written_files_get_the_usual_permissions(
    kg: nlmg_graph.KnowledgeGraph, tmp_path: Path
) -> None:
    import os

    umask = os.umask(0o022)
    try:
        kg.write(tmp_path / "new.ttl", "turtle", view="facts")
        assert (tmp_path / "new.ttl").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.ttl"
        kept.write_text("previous")
        kept.chmod(0o640)
        kg.write(kept, "turtle", view="facts")
        assert kept.stat().st_mode & 0o777 == 0o640, "an existing file keeps its mode"
    finally:
        os.umask(umask)
