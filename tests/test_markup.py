"""Offline validation of schema.org markup: vocabulary, ranges, search-engine shapes, no network."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

import nlmg_graph
from nlmg_graph import _resources, schemaorg
from nlmg_graph.errors import InputFileError
from nlmg_graph.markup import (
    MarkupIssue,
    MarkupReport,
    Severity,
    expand,
    load_documents,
    validate_markup,
)

MARKUP = Path(__file__).parent / "fixtures" / "markup"
HTTP = "http://schema.org/"  # what the official context maps terms to
SCHEMA = "https://schema.org/"
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
ARTICLE = "https://w3id.org/nlmg/source/article"
WORK = "https://w3id.org/nlmg/work/"
RELATED_FILMS = (
    *("annihilation", "children-of-men", "ex-machina", "gattaca", "one-hour-photo"),
    "the-remains-of-the-day-film",
)
DIRECTOR_UNKNOWN = ("children-of-men", "gattaca", "the-remains-of-the-day-film")


def s(name: str) -> URIRef:
    return URIRef(HTTP + name)


def w3id(path: str) -> URIRef:
    return URIRef(f"https://w3id.org/nlmg/{path}")


@pytest.fixture(scope="module")
def document(kg: nlmg_graph.KnowledgeGraph) -> dict[str, object]:
    return schemaorg.markup(kg)


@pytest.fixture(scope="module")
def expanded(document: dict[str, object]) -> Graph:
    return expand(document)


# -- the shipped graph's markup ---------------------------------------------------------------


def test_shipped_markup_has_no_errors(document: dict[str, object]) -> None:
    report = validate_markup(document)
    assert report.conforms, report.format()


def test_shipped_markup_warns_about_what_the_data_lacks(document: dict[str, object]) -> None:
    """The graph holds no images, no article author and no modification dates: the report says
    so (as warnings, per the shapes) instead of the export inventing them. Every film of the
    graph is a Movie (the six related films of data/related.ttl too), so each gets the film's
    two warnings; the three related films whose director the graph does not hold (Children of
    Men, Gattaca, The Remains of the Day) a third."""
    found = {(i.node, i.property) for i in validate_markup(document).warnings}
    films = [FILM, *(f"{WORK}{slug}" for slug in RELATED_FILMS)]
    assert found == {
        *((film, SCHEMA + lacking) for film in films for lacking in ("image", "dateCreated")),
        *((f"{WORK}{slug}", SCHEMA + "director") for slug in DIRECTOR_UNKNOWN),
        (ARTICLE, SCHEMA + "image"),
        (ARTICLE, SCHEMA + "author"),
        (ARTICLE, SCHEMA + "dateModified"),
    }


def test_expanded_with_the_official_context_gives_the_expected_rdf(expanded: Graph) -> None:
    """As RDF (not strings): the types and properties a crawler gets after JSON-LD expansion."""
    g = expanded
    film, novel = URIRef(FILM), w3id("work/never-let-me-go-novel")
    mulligan, kathy = w3id("person/carey-mulligan"), w3id("role/carey-mulligan-kathy-h")
    assert (film, RDF.type, s("Movie")) in g
    assert (film, s("name"), Literal("Never Let Me Go")) in g
    assert (film, s("datePublished"), Literal("2010-09-03", datatype=s("Date"))) in g
    assert (film, s("director"), w3id("person/mark-romanek")) in g
    assert (film, s("musicBy"), w3id("person/rachel-portman")) in g
    assert (film, s("countryOfOrigin"), w3id("place/united-kingdom")) in g
    assert (w3id("place/united-kingdom"), RDF.type, s("Country")) in g
    # the role pattern: Movie -actor-> PerformanceRole -actor-> Person, with the character
    assert (film, s("actor"), kathy) in g
    assert (kathy, RDF.type, s("PerformanceRole")) in g
    assert (kathy, s("actor"), mulligan) in g
    assert (kathy, s("characterName"), Literal("Kathy")) in g
    garland = w3id("role/alex-garland-screenwriter")
    assert (film, s("author"), garland) in g
    assert (garland, s("roleName"), Literal("screenwriter")) in g
    assert (garland, s("author"), w3id("person/alex-garland")) in g
    # the novel, its author and date, and the filming places with their containment
    assert (film, s("isBasedOn"), novel) in g
    assert (novel, RDF.type, s("Book")) in g
    assert (novel, s("author"), w3id("person/kazuo-ishiguro")) in g
    assert (novel, s("datePublished"), Literal("2005", datatype=s("Date"))) in g
    ham = w3id("place/ham-house")
    assert (film, s("locationCreated"), ham) in g
    assert (ham, RDF.type, s("LandmarksOrHistoricalBuildings")) in g
    assert (ham, s("containedInPlace"), w3id("place/richmond-upon-thames")) in g
    assert (film, s("sameAs"), URIRef("https://www.imdb.com/title/tt1334260/")) in g
    # a person, the FAQ page (the shipped offers rest on the article alone: no Offer here)
    assert (film, s("offers"), None) not in g
    assert (mulligan, s("birthDate"), Literal("1985-05-28", datatype=s("Date"))) in g
    assert (mulligan, s("birthPlace"), w3id("place/london")) in g
    question, answer = w3id("faq/true-story"), w3id("faq/true-story-answer")
    assert (w3id("faq/page"), s("mainEntity"), question) in g
    assert (question, RDF.type, s("Question")) in g
    assert (question, s("acceptedAnswer"), answer) in g
    assert (answer, RDF.type, s("Answer")) in g
    assert (URIRef(ARTICLE), RDF.type, s("Article")) in g
    assert (URIRef(ARTICLE), s("datePublished"), Literal("2025-09-30", datatype=s("Date"))) in g


def test_an_offer_from_the_facts_view_as_rdf(kg: nlmg_graph.KnowledgeGraph) -> None:
    """Built from the facts view, the article's offers are ``Offer``s with price and date."""
    g = expand(schemaorg.markup(kg, view="facts"))
    rent = w3id("offer/amazon-prime-video-rent-hd")
    assert (URIRef(FILM), s("offers"), rent) in g
    assert (rent, RDF.type, s("Offer")) in g
    assert (rent, s("priceCurrency"), Literal("USD")) in g
    assert (rent, s("validFrom"), Literal("2025-09-30", datatype=s("Date"))) in g
    assert [p.toPython() for p in g.objects(rent, s("price"))] == [pytest.approx(3.99)]


def test_markup_uses_only_schema_org_terms(expanded: Graph) -> None:
    """Expansion yields schema.org IRIs only (plus rdf:type and the graph's own @ids)."""
    for _, predicate, value in expanded:
        assert predicate == RDF.type or str(predicate).startswith(HTTP), predicate
        if isinstance(value, URIRef) and (None, RDF.type, value) in expanded:
            assert str(value).startswith(HTTP), value


# -- no network ---------------------------------------------------------------------------------


def test_validation_never_touches_the_network(
    monkeypatch: pytest.MonkeyPatch, document: dict[str, object]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validator tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    for context in ("https://schema.org", "http://schema.org/", "https://schema.org/"):
        assert validate_markup({**document, "@context": context}).conforms
    report = validate_markup({"@context": "https://example.org/context.jsonld", "name": "x"})
    assert [(i.severity, i.property) for i in report.issues] == [(Severity.ERROR, "@context")]


def test_shipped_context_is_schema_orgs_release() -> None:
    vendor = _resources.ontology_folder() / "vendor" / "schemaorg-30.0"
    context = json.loads((vendor / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    assert context["@context"]["@vocab"] == HTTP
    assert "Creative Commons" in (vendor / "README.md").read_text(encoding="utf-8")


# -- fixtures: valid and invalid markup side by side ---------------------------------------------

VALID = sorted((MARKUP / "valid").iterdir())


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_has_no_issues(path: Path) -> None:
    report = validate_markup(path)
    assert report.issues == (), report.format()


# fixture name -> (node, property, start of the message) of its one error
INVALID = {
    "unknown-type": ("https://example.org/m", None, "unknown schema.org type Moovie"),
    "unknown-property": (
        "https://example.org/m",
        SCHEMA + "directr",
        "unknown schema.org property",
    ),
    "not-schema-property": (
        "https://example.org/m",
        "https://example.org/terms/rating",
        "not a schema.org property",
    ),
    "bad-date": ("https://example.org/m", SCHEMA + "datePublished", "'last autumn' is not a"),
    "bad-duration": ("https://example.org/m", SCHEMA + "duration", "'103 minutes' is not a"),
    "bad-number": ("https://example.org/p", SCHEMA + "minPrice", "'cheap' is not a valid Number"),
    "wrong-type": (
        "https://example.org/m",
        SCHEMA + "countryOfOrigin",
        "https://example.org/p is a Person; Country is expected",
    ),
    "bad-url": ("https://example.org/m", SCHEMA + "sameAs", "'not a url' is not a valid IRI"),
    "remote-context": (None, "@context", "remote JSON-LD context"),
}


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert {p.stem for p in (MARKUP / "invalid").iterdir()} == set(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_fixture_names_node_and_property(name: str) -> None:
    report = validate_markup(MARKUP / "invalid" / f"{name}.jsonld")
    node, prop, message = INVALID[name]
    assert [(e.node, e.property) for e in report.errors] == [(node, prop)], report.format()
    assert report.errors[0].message.startswith(message), report.errors[0].message
    assert not report.conforms


def test_warnings_do_not_make_markup_invalid() -> None:
    document = {
        "@context": "https://schema.org",
        "@id": "https://example.org/m",
        "@type": "Movie",
        "name": "M",
        "director": "Jane Roe",  # text where a Person is expected: allowed, but weaker
        "actors": {"@type": "Person", "name": "A"},  # superseded by actor
        "characterName": "K",  # a PerformanceRole's property, not a Movie's
    }
    report = validate_markup(document)
    assert report.conforms
    messages = {(i.property, i.message.split(" ")[0]) for i in report.warnings}
    assert (SCHEMA + "director", "text") in messages
    assert (SCHEMA + "actors", "actors") in messages  # "actors is superseded by actor"
    assert (SCHEMA + "characterName", "characterName") in messages


@pytest.mark.parametrize("name", ["not-json.jsonld", "broken-script.html"])
def test_malformed_file_raises_naming_file_and_line(name: str) -> None:
    path = MARKUP / "malformed" / name
    with pytest.raises(InputFileError) as caught:
        validate_markup(path)
    assert str(caught.value).startswith(f"{path}:"), caught.value
    assert caught.value.line is not None


def test_html_page_without_markup_is_an_error() -> None:
    report = validate_markup("<!DOCTYPE html><html><head><title>x</title></head></html>")
    assert [i.message for i in report.errors] == ["the page has no application/ld+json script"]


def test_load_documents_reads_every_ld_json_script_of_a_page() -> None:
    documents = load_documents(MARKUP / "valid" / "faq-page.html")
    assert [d["@type"] for d in documents] == ["FAQPage", "Article"]


def test_report_format_shortens_iris() -> None:
    report = MarkupReport(
        (MarkupIssue(Severity.ERROR, FILM, SCHEMA + "name", "no name"),),
    )
    assert report.format() == "error work:never-let-me-go-2010 schema:name: no name"


def test_markup_shapes_use_current_schema_org_terms() -> None:
    vocabulary = _resources.ontology_folder() / "vendor/schemaorg-30.0/schemaorg-current-https.ttl"
    defined, superseded = set(), set()
    for triple in ox.parse(vocabulary.read_bytes(), format=ox.RdfFormat.TURTLE):
        defined.add(triple.subject.value)
        if triple.predicate.value == SCHEMA + "supersededBy":
            superseded.add(triple.subject.value)
    shapes = Graph().parse(
        data=(_resources.ontology_folder() / "markup-shapes.ttl").read_bytes(), format="turtle"
    )
    used = {str(t) for triple in shapes for t in triple if str(t).startswith(SCHEMA)}
    assert used, "the shapes use no schema.org term"
    assert not sorted(used - defined)
    assert not sorted(used & superseded)


# -- every markup shape fails on its broken example ------------------------------------------

SH = "http://www.w3.org/ns/shacl#"
SHAPES = Graph().parse(data=_resources.markup_shapes_file().read_bytes(), format="turtle")
PROPERTY_SHAPES = sorted(
    str(shape) for shape in SHAPES.subjects(URIRef(SH + "path"), None) if isinstance(shape, URIRef)
)
#: The node each broken example breaks, by the node shape's name.
FOCUS = {
    "MovieMarkupShape": "https://example.org/movie",
    "ArticleMarkupShape": "https://example.org/article",
    "FAQPageMarkupShape": "https://example.org/faq",
    "QuestionMarkupShape": "https://example.org/faq#q1",
    "AnswerMarkupShape": "https://example.org/faq#a1",
}


def test_every_markup_shape_has_a_broken_example() -> None:
    examples = {path.stem for path in (MARKUP / "shapes").glob("*.jsonld")}
    assert {shape.rsplit("/", 1)[-1] for shape in PROPERTY_SHAPES} == examples


@pytest.mark.parametrize(
    "shape", PROPERTY_SHAPES, ids=[s.rsplit("/", 1)[-1] for s in PROPERTY_SHAPES]
)
def test_markup_shape_fails_on_its_broken_example(shape: str) -> None:
    """The example is complete but for one field: exactly that shape's finding is reported."""
    name = shape.rsplit("/", 1)[-1]
    report = validate_markup(MARKUP / "shapes" / f"{name}.jsonld")
    severity = SHAPES.value(URIRef(shape), URIRef(SH + "severity"))
    expected = MarkupIssue(
        Severity.ERROR if severity == URIRef(SH + "Violation") else Severity.WARNING,
        FOCUS[name.split("-")[0]],
        str(SHAPES.value(URIRef(shape), URIRef(SH + "path"))),
        str(SHAPES.value(URIRef(shape), URIRef(SH + "message"))),
    )
    assert report.issues == (expected,), report.format()
    assert expected.message.endswith("."), "a readable sentence"
