"""Safe embedding: hostile strings go through the whole export and come back intact.

The pages are parsed back with real HTML parsers (html5lib, as browsers parse; lxml through
extruct, the tool chain crawlers use) and the JSON-LD they yield must be the same RDF graph
as the exported document (isomorphic after offline expansion), not merely similar text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import extruct
import html5lib
import pytest
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph import schemaorg
from nlmg_graph.embed import html_page, json_for_html, script_element
from nlmg_graph.markup import expand, validate_markup

HOSTILE = Path(__file__).parent / "fixtures" / "markup" / "hostile.ttl"
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
NAMES = [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "&amp; &lt; & \"double\" 'single' \\ back",
    "line\u2028separator\u2029paragraph",
    "]]> </SCRIPT > </style>",
]
TITLE = "Never Let Me Go </title><script>alert(2)</script> & <!--"


@pytest.fixture(scope="module")
def hostile_kg() -> nlmg_graph.KnowledgeGraph:
    kg = nlmg_graph.load(data=[HOSTILE])
    assert kg.validate().conforms  # the user's file is acceptable data
    return kg


@pytest.fixture(scope="module")
def document(hostile_kg: nlmg_graph.KnowledgeGraph) -> dict[str, Any]:
    document = schemaorg.markup(hostile_kg)
    [film] = (node for node in document["@graph"] if node["@id"] == FILM)
    assert set(NAMES) <= set(film["alternateName"]), "the hostile names did not reach the markup"
    return document


def scripts_by_html5lib(page: str) -> list[str]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    return [
        element.text or ""
        for element in tree.iter("script")
        if element.get("type") == "application/ld+json"
    ]


def test_escaped_json_cannot_end_the_element_or_open_a_comment() -> None:
    text = json_for_html({"names": NAMES})
    for forbidden in ["</", "<!--", "<", ">", "&", "\u2028", "\u2029"]:
        assert forbidden not in text
    assert json.loads(text) == {"names": NAMES}


def test_script_element_holds_one_script() -> None:
    element = script_element({"name": NAMES[0]})
    assert element.startswith('<script type="application/ld+json">\n')
    assert element.count("</script>") == 1 and element.endswith("</script>")


def test_page_title_is_escaped() -> None:
    page = html_page({"name": "x"}, TITLE)
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    assert tree.find("head/title").text == TITLE
    assert tree.find("body/h1").text == TITLE
    assert len(list(tree.iter("script"))) == 1


@pytest.mark.parametrize("parser", ["html5lib", "extruct"])
def test_whole_export_round_trip_is_lossless(document: dict[str, Any], parser: str) -> None:
    page = html_page(document, TITLE)
    if parser == "html5lib":
        found = [json.loads(text) for text in scripts_by_html5lib(page)]
    else:
        found = extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert found == [document]  # the same JSON values ...
    assert isomorphic(expand(found[0]), expand(document))  # ... hence the same RDF graph
    names = {str(o) for o in expand(found[0]).objects() if str(o) in NAMES}
    assert names == set(NAMES)


def test_entity_page_round_trip(hostile_kg: nlmg_graph.KnowledgeGraph) -> None:
    node = schemaorg.entity_markup(hostile_kg, FILM)
    assert node is not None
    page = html_page(node, node["name"])
    [extracted] = extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert isomorphic(expand(extracted), expand(node))
    assert validate_markup(page).conforms


def test_page_with_hostile_markup_validates_as_html(document: dict[str, Any]) -> None:
    report = validate_markup(html_page(document, TITLE))
    assert report.conforms, report.format()
