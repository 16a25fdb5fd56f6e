"""Fuzzing the inputs: mutated RDF in every format, deep and cyclic JSON-LD, broken markup."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from fuzzing import EDITS, HOSTILE_PIECES, budget, mutate, outcome, tally
from hypothesis import given
from hypothesis import strategies as st

import nlmg_graph
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.limits import MAX_JSON_DEPTH
from nlmg_graph.markup import validate_markup
from nlmg_graph.reading import parse_triples

_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}


def _seeds() -> dict[str, bytes]:
    """A slice of the shipped data (with literals of every kind) in every input format."""
    quads = [q for q in nlmg_graph.load().store if q.graph_name.value.endswith("/data")][:60]
    graph = ox.NamedNode("https://w3id.org/nlmg/graph/data")
    seeds = {}
    for suffix, rdf_format in _SUFFIXES.items():
        items = quads if rdf_format.supports_datasets else [q.triple for q in quads]
        seeds[suffix] = ox.serialize(items, format=rdf_format) or b""
    assert all(q.graph_name == graph for q in quads)
    return seeds


SEEDS = _seeds()


@budget(0.45)
@given(suffix=st.sampled_from(sorted(SEEDS)), edits=EDITS)
def test_mutated_rdf_is_read_or_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, edits: list[tuple[int, int, bytes]]
) -> None:
    path = tmp_path_factory.mktemp("rdf") / f"mutated{suffix}"
    path.write_bytes(mutate(SEEDS[suffix], edits))
    result = outcome(lambda: parse_triples(path))
    if isinstance(result, NlmgGraphError):
        assert str(result).startswith(str(path)), result
        tally("refused")


def _nested(depth: int, leaf: object, kind: str) -> object:
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"http://schema.org/about": value}
    return value


@budget(0.08)
@given(depth=st.integers(0, 400), kind=st.sampled_from(["list", "object"]))
def test_deep_jsonld_is_read_or_refused(
    tmp_path_factory: pytest.TempPathFactory, depth: int, kind: str
) -> None:
    text = '{"http://example.org/p": ' * depth + '"x"' + "}" * depth
    if kind == "list":
        text = '{"http://example.org/p": ' + "[" * depth + '"x"' + "]" * depth + "}"
    path = tmp_path_factory.mktemp("json") / "deep.jsonld"
    path.write_text(text, encoding="utf-8")
    result = outcome(lambda: parse_triples(path))
    nesting = depth + 1 if kind == "list" else depth
    assert isinstance(result, NlmgGraphError) == (nesting > MAX_JSON_DEPTH), result


@budget(0.03)
@given(depth=st.integers(0, 300), cycle=st.booleans(), kind=st.sampled_from(["list", "object"]))
def test_deep_and_cyclic_markup_is_checked_or_refused(depth: int, cycle: bool, kind: str) -> None:
    document: dict[str, object] = {"@context": "https://schema.org", "@type": "Movie"}
    inner: dict[str, object] = {"@type": "Thing", "name": "x"}
    if cycle:
        inner["about"] = document
    document["about"] = _nested(depth, inner, kind)
    result = outcome(lambda: validate_markup(document))
    if cycle or depth + 2 > MAX_JSON_DEPTH:
        assert isinstance(result, NlmgGraphError), result


_SCRIPT = '<script type="application/ld+json">{}</script>'
_MOVIE = json.dumps({"@context": "https://schema.org", "@type": "Movie", "name": "x"})


@budget(0.03)
@given(
    scripts=st.lists(
        st.one_of(
            st.just(_MOVIE),
            st.binary(max_size=40).map(
                lambda b: mutate(_MOVIE.encode(), [(5, 2, b)]).decode("utf-8", "replace")
            ),
            st.sampled_from(HOSTILE_PIECES).map(lambda b: b.decode("utf-8", "replace")),
            st.text(max_size=30),
        ),
        max_size=3,
    ),
    noise=st.text(max_size=40),
    close=st.booleans(),
)
def test_broken_markup_pages_are_checked_or_refused(
    scripts: list[str], noise: str, close: bool
) -> None:
    body = "".join(_SCRIPT.format(script) for script in scripts)
    if not close:
        body = body.removesuffix("</script>")
    page = f"<!doctype html><html><head>{noise}{body}</head><body>{noise}</body></html>"
    outcome(lambda: validate_markup(page))


def test_the_seeds_parse(tmp_path: Path) -> None:
    for suffix, data in SEEDS.items():
        path = tmp_path / f"seed{suffix}"
        path.write_bytes(data)
        assert len(parse_triples(path)) == 60, suffix
