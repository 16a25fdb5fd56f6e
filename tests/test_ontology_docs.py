"""Tests for the ontology documentation: docs/ontology.html and the class diagram.

The committed files must be exactly what the generator writes today (a stale copy fails with
the command that refreshes it); the page must be valid HTML with an anchor for every term of
the ontology, and show its Wikidata mappings and deprecations. Rendering the SVG needs
Graphviz's ``dot``: without it these tests fail on CI and are skipped elsewhere.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import html5lib
import pytest
from browser import png_size_and_pixels, run_chromium
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from nlmg_graph import _resources
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.loading import parse_file
from nlmg_graph.namespaces import NLMG
from nlmg_graph.ontology_docs import (
    DOT_NAME,
    HTML_NAME,
    REGENERATE,
    SVG_NAME,
    dot_digest,
    main,
    ontology_dot,
    ontology_html,
    ontology_svg,
)

DOCS = Path(__file__).parent.parent / "docs"
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def committed(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def assert_same(generated: str, name: str) -> None:
    """Fail with the command to run and the start of the diff when ``name`` is stale."""
    on_disk = committed(name)
    if generated != on_disk:
        diff = difflib.unified_diff(
            on_disk.splitlines(), generated.splitlines(), f"docs/{name}", "generated", lineterm=""
        )
        shown = "\n".join(list(diff)[:30])
        pytest.fail(f"docs/{name} is stale: run `{REGENERATE}`\n{shown}")


def require_dot() -> None:
    """Skip when Graphviz is missing, except on CI, where that is a failure."""
    if shutil.which("dot") is None:
        message = "Graphviz's dot is not installed (Debian package graphviz)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for source in _resources.ontology_files():
        graph += parse_file(source)
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_file(_resources.shapes_file())


@pytest.fixture(scope="module")
def page() -> str:
    return ontology_html()


@pytest.fixture(scope="module")
def elements(page: str) -> dict[str, ET.Element]:
    """The page's elements by id, from a strict HTML5 parse (any parse error fails)."""
    root = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)
    by_id: dict[str, ET.Element] = {}
    for element in root.iter():
        anchor = element.get("id")
        if anchor is not None:
            assert anchor not in by_id, f"two elements have the id {anchor}"
            by_id[anchor] = element
    return by_id


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def rows_of(element: ET.Element) -> dict[str, str]:
    """The rows of a description list in ``element``: each <dt> text with its <dd> text."""
    rows: dict[str, str] = {}
    for dl in element.iter():
        if dl.tag.endswith("dl"):
            children = list(dl)
            for dt, dd in zip(children[::2], children[1::2], strict=True):
                rows[text_of(dt)] = text_of(dd)
    return rows


def table_of(element: ET.Element) -> list[list[str]]:
    """The body rows of the tables in ``element``, as lists of cell texts."""
    return [
        [text_of(cell) for cell in row]
        for body in element.iter(f"{XHTML}tbody")
        for row in body.iter(f"{XHTML}tr")
    ]


def links_of(element: ET.Element) -> set[str]:
    return {a.get("href", "") for a in element.iter(f"{XHTML}a")}


def own_terms(ontology: Graph) -> list[URIRef]:
    terms = {
        s
        for t in TERM_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(NLMG)) and str(s) != str(NLMG)
    }
    return sorted(terms)


# -- the committed files are current --------------------------------------------------------


def test_html_is_current(page: str) -> None:
    assert_same(page, HTML_NAME)


def test_dot_is_current() -> None:
    assert_same(ontology_dot(), DOT_NAME)


def test_files_say_how_they_were_generated() -> None:
    assert committed(HTML_NAME).startswith("<!-- Generated from ontology/nlmg.ttl")
    assert "python -m nlmg_graph.ontology_docs -o docs/" in committed(HTML_NAME).splitlines()[0]
    assert "python -m nlmg_graph.ontology_docs -o docs/" in committed(DOT_NAME).splitlines()[0]
    assert "python -m nlmg_graph.ontology_docs" in committed(SVG_NAME).splitlines()[1]


def test_svg_records_the_committed_dot() -> None:
    recorded = re.search(r"sha256 ([0-9a-f]{64})", committed(SVG_NAME))
    assert recorded, f"docs/{SVG_NAME} does not record the DOT it was drawn from"
    assert recorded.group(1) == dot_digest(committed(DOT_NAME)), (
        f"docs/{SVG_NAME} was not drawn from docs/{DOT_NAME}: run `{REGENERATE}`"
    )


def svg_structure(svg: str) -> Counter[tuple[str, str, str]]:
    """The SVG's boxes and arrows: (kind, title, label texts), layout left out."""
    root = ET.fromstring(svg.encode("utf-8"))
    found: Counter[tuple[str, str, str]] = Counter()
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class")
        if kind in ("node", "edge"):
            title = group.findtext(f"{SVG}title", "")
            texts = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
            found[(kind, title, texts)] += 1
    return found


def test_svg_is_a_rendering_of_the_committed_dot() -> None:
    require_dot()
    fresh = ontology_svg(committed(DOT_NAME))
    on_disk = committed(SVG_NAME)
    assert fresh.splitlines()[:2] == on_disk.splitlines()[:2]
    assert svg_structure(fresh) == svg_structure(on_disk), (
        f"docs/{SVG_NAME} is stale: run `{REGENERATE}`"
    )


def test_command_writes_the_committed_files(tmp_path: Path) -> None:
    require_dot()
    assert main(["--output", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([HTML_NAME, DOT_NAME, SVG_NAME])
    for name in (HTML_NAME, DOT_NAME):
        assert (tmp_path / name).read_text(encoding="utf-8") == committed(name)
    svg = (tmp_path / SVG_NAME).read_text(encoding="utf-8")
    assert svg_structure(svg) == svg_structure(committed(SVG_NAME))


def test_command_without_dot_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    assert main(["--output", str(tmp_path)]) == 1
    assert "graphviz" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# -- the page -------------------------------------------------------------------------------


def test_every_term_has_an_anchor(ontology: Graph, elements: dict[str, ET.Element]) -> None:
    terms = own_terms(ontology)
    assert len(terms) > 100
    for term in terms:
        local = str(term)[len(str(NLMG)) :]
        assert local in elements, f"no element with id={local} for {term}"
        element = elements[local]
        assert f"nlmg:{local}" in text_of(element)
        label = ontology.value(term, RDFS.label)
        assert label is not None and str(label) in text_of(element)


def test_every_term_is_in_the_contents(ontology: Graph, elements: dict[str, ET.Element]) -> None:
    contents = links_of(elements["contents"])
    missing = [t for t in own_terms(ontology) if "#" + str(t)[len(str(NLMG)) :] not in contents]
    assert not missing


def test_internal_links_resolve(page: str, elements: dict[str, ET.Element]) -> None:
    targets = set(re.findall(r'href="#([^"]*)"', page))
    assert targets - set(elements) == set()


def test_properties_show_domain_range_and_super_property(elements: dict[str, ET.Element]) -> None:
    cast_role = rows_of(elements["castRole"])
    assert cast_role["Domain"] == "schema:Movie"
    assert cast_role["Range"] == "nlmg:CastRole"
    assert cast_role["Definition"] == "Links a film to one of its acting credits."
    assert "#CastRole" in links_of(elements["castRole"])
    assert rows_of(elements["imdbId"])["Subproperty of"] == "schema:identifier"
    assert rows_of(elements["contradictedBy"])["Range"] == "not declared"
    assert rows_of(elements["rank"])["Kind"] == "object property, functional"


def test_classes_show_superclasses_and_members(elements: dict[str, ET.Element]) -> None:
    cast_role = rows_of(elements["CastRole"])
    assert cast_role["Subclass of"] == "nlmg:QualifiedValue, schema:PerformanceRole"
    assert cast_role["Range of"] == "nlmg:castRole"
    outcome = rows_of(elements["Outcome"])
    assert outcome["Members"] == (
        "nlmg:Won, nlmg:Nominated, nlmg:Shortlisted, nlmg:Longlisted, nlmg:Listed"
    )
    assert rows_of(elements["Won"])["Type"] == "nlmg:Outcome"


def test_wikidata_mappings_are_shown(elements: dict[str, ET.Element]) -> None:
    assert rows_of(elements["castRole"])["Wikidata"] == "wdt:P161 (close match)"
    assert "https://www.wikidata.org/wiki/Property:P161" in links_of(elements["castRole"])
    assert rows_of(elements["imdbId"])["Wikidata"] == "wdt:P345 (equivalent property)"
    assert rows_of(elements["Won"])["Wikidata"] == "wdt:P166 (close match)"
    character = rows_of(elements["character"])
    assert character["Wikidata"] == "wdt:P453 (close match)"
    assert character["Other mappings"] == "schema:character (close match)"
    alignment = table_of(elements["wikidata"])
    assert ["schema:director", "close match", "wdt:P57"] in alignment
    assert ["nlmg:castRole", "close match", "wdt:P161"] in alignment


def test_shapes_are_summarised(elements: dict[str, ET.Element]) -> None:
    assert "#CastRoleShape" in links_of(elements["CastRole"])
    movie = elements["MovieShape"]
    assert rows_of(movie)["Applies to"] == "schema:Movie"
    assert [
        "nlmg:castRole",
        "0..*",
        "A movie's cast credit (nlmg:castRole) must be an nlmg:CastRole.",
    ] in table_of(movie)
    assert "#castRole" in links_of(movie)


def test_no_deprecation_is_shown_cleanly(elements: dict[str, ET.Element]) -> None:
    assert "None: no term of version 0.1.0 is deprecated." in text_of(elements["deprecated"])


def test_a_deprecated_term_is_marked(ontology: Graph, shapes: Graph) -> None:
    changed = Graph() + ontology
    changed.add((NLMG.releaseYear, OWL.deprecated, Literal(True)))
    changed.add((NLMG.releaseYear, DCTERMS.isReplacedBy, NLMG.release))
    root = html5lib.parse(ontology_html(changed, shapes), namespaceHTMLElements=False)
    term = root.find(".//article[@id='releaseYear']")
    assert term is not None
    heading = term.find("h3")
    assert heading is not None and "deprecated" in text_of(heading)
    assert rows_of(term)["Deprecated, replaced by"] == "nlmg:release"
    assert "#releaseYear" in {
        a.get("href") for a in root.iterfind(".//section[@id='deprecated']//a")
    }
    assert root.find(".//nav//li[@class='deprecated']/a[@href='#releaseYear']") is not None


def test_an_untyped_term_is_an_error(ontology: Graph, shapes: Graph) -> None:
    changed = Graph() + ontology
    changed.add((URIRef(f"{NLMG}Typo"), RDFS.label, Literal("typo", lang="en")))
    with pytest.raises(NlmgGraphError, match="ontology/Typo"):
        ontology_html(changed, shapes)


def test_an_anchor_clash_is_an_error(ontology: Graph, shapes: Graph) -> None:
    changed = Graph() + ontology
    changed.add((URIRef(f"{NLMG}shapes"), RDF.type, OWL.ObjectProperty))
    with pytest.raises(NlmgGraphError, match="#shapes"):
        ontology_html(changed, shapes)


# -- the diagram ----------------------------------------------------------------------------


def test_diagram_has_every_class_and_relation(ontology: Graph) -> None:
    dot = committed(DOT_NAME)
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(str(NLMG)):
            local = str(cls)[len(str(NLMG)) :]
            assert f'"nlmg:{local}" [label=' in dot
    assert '"schema:Movie" -> "nlmg:CastRole" [label="castRole"' in dot
    assert '"nlmg:CastRole" -> "nlmg:QualifiedValue" [arrowhead=empty]' in dot
    # atEvent declares no domain: the shapes supply it, drawn dashed
    assert re.search(r'"nlmg:Release" -> "schema:Event" \[label="atEvent".*style=dashed', dot)


def test_page_embeds_the_diagram(elements: dict[str, ET.Element]) -> None:
    diagram = elements["diagram"]
    embedded = diagram.find(f".//{XHTML}object")
    assert embedded is not None and embedded.get("data") == SVG_NAME
    assert {SVG_NAME, DOT_NAME} <= links_of(diagram)


@pytest.mark.slow
def test_the_page_and_its_diagram_render_in_a_browser(tmp_path: Path) -> None:
    page = (DOCS / "ontology.html").as_uri()
    dom = run_chromium(tmp_path / "profile-dom", "--dump-dom", page).stdout
    assert 'id="CastRole"' in dom and 'id="castRole"' in dom
    assert 'data="ontology-diagram.svg"' in dom

    shot = tmp_path / "diagram.png"
    diagram = (DOCS / "ontology-diagram.svg").as_uri()
    run_chromium(
        tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1600,1200", diagram
    )
    width, height, pixels = png_size_and_pixels(shot.read_bytes())
    assert (width, height) == (1600, 1200)
    assert len(set(pixels)) > 50, "the diagram renders blank"
