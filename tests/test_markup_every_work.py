"""schema.org markup for every work in the graph: a user's own film next to the shipped one.

The user's film is tests/fixtures/films/user-film.ttl, written by hand: an invented film with a
director, two cast roles, a screenplay and an editing credit, a filming place, one award won and
one lost, and a dated offer, each fact corroborated, so all of it is in the verified view. The
expected values below are that file's; the shipped film's are those of tests/test_schemaorg.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import extruct
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

import nlmg_graph
from nlmg_graph import iris, schemaorg
from nlmg_graph.cli import main
from nlmg_graph.errors import OptionError
from nlmg_graph.markup import expand, validate_markup

USER_FILM_FILE = Path(__file__).parent / "fixtures" / "films" / "user-film.ttl"
FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
USER_FILM = "https://w3id.org/nlmg/work/example-user-film"
SCHEMA_NAME = URIRef("https://schema.org/name")


def iri(path: str) -> str:
    return f"https://w3id.org/nlmg/{path}"


def many(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def user_kg() -> nlmg_graph.KnowledgeGraph:
    kg = nlmg_graph.load(data=[USER_FILM_FILE])
    assert kg.validate().conforms  # the user's file is acceptable data
    return kg


@pytest.fixture(scope="module")
def document(user_kg: nlmg_graph.KnowledgeGraph) -> dict[str, Any]:
    return schemaorg.markup(user_kg)


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in document["@graph"]}


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", "--format", "schemaorg", "--data", str(USER_FILM_FILE), *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- the whole document ----------------------------------------------------------------------


def test_both_films_are_movies_with_their_own_cast(document: dict[str, Any]) -> None:
    nodes = by_id(document)
    assert nodes[FILM]["@type"] == nodes[USER_FILM]["@type"] == "Movie"
    mine = {(r["actor"]["name"], r["characterName"]) for r in nodes[USER_FILM]["actor"]}
    assert mine == {("Example Lead Actor", "Heroine"), ("Example Young Actor", "Young Heroine")}
    shipped = {r["actor"]["name"] for r in nodes[FILM]["actor"]}
    assert "Carey Mulligan" in shipped and not shipped & {actor for actor, _ in mine}


def test_works_come_first_films_then_books_by_title(
    document: dict[str, Any], user_kg: nlmg_graph.KnowledgeGraph
) -> None:
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == schemaorg.entities(user_kg)
    works = [node for node in document["@graph"] if node["@type"] in ("Movie", "Book")]
    assert [node["@type"] for node in works] == 8 * ["Movie"] + 2 * ["Book"]
    assert ids[: len(works)] == [node["@id"] for node in works]
    titles = [node["name"] for node in works[:8]]
    assert titles == sorted(titles) and titles[2:4] == ["Ex Machina", "Example User Film"]


def test_the_user_films_markup_has_all_the_film_gets(document: dict[str, Any]) -> None:
    film = by_id(document)[USER_FILM]
    assert (film["name"], film["datePublished"]) == ("Example User Film", "2012-05-04")
    assert film["director"] == {
        "@id": iri("person/example-director"),
        "@type": "Person",
        "name": "Example Director",
    }
    assert (film["author"]["roleName"], film["author"]["author"]["name"]) == (
        "screenwriter",
        "Example Screenwriter",
    )
    crew = [(r["roleName"], r["contributor"]["name"]) for r in many(film["contributor"])]
    assert crew == [("film editor", "Example Editor")]
    assert film["locationCreated"]["@id"] == iri("place/london")
    # the best actress win is an award; the best director nomination was not won
    assert film["award"] == "Example Film Awards 2012: Best Actress (Example Lead Actor)"
    offer = film["offers"]
    assert (offer["@type"], offer["price"], offer["priceCurrency"]) == ("Offer", 2.99, "USD")
    assert (offer["validFrom"], offer["category"]) == ("2025-10-15", "rent")


def test_the_user_films_people_are_person_nodes(document: dict[str, Any]) -> None:
    nodes = by_id(document)
    for slug in ("director", "lead-actor", "young-actor", "screenwriter", "editor"):
        assert nodes[iri(f"person/example-{slug}")]["@type"] == "Person", slug
    lead = nodes[iri("person/example-lead-actor")]
    assert lead["award"] == "Example Film Awards 2012: Best Actress (Example User Film)"


def test_markup_with_a_user_film_validates(document: dict[str, Any]) -> None:
    report = validate_markup(document)
    assert report.conforms, report.format()
    # the user's film lacks what the shipped film lacks (image, dateCreated), nothing more
    lacking = {i.property for i in report.warnings if i.node == USER_FILM}
    assert lacking == {"https://schema.org/image", "https://schema.org/dateCreated"}
    # as a crawler reads the page: extruct finds the same graph
    page = schemaorg.render(document, html=True)
    [found] = extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert isomorphic(expand(found), expand(document))


def test_a_work_the_view_only_names_has_no_node(tmp_path: Path) -> None:
    """A film the view holds only as the object of another's fact (its type and name, which
    need no claim) has no facts of its own there: it gets no node."""
    named = tmp_path / "named.ttl"
    named.write_text(
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix nlmg: <https://w3id.org/nlmg/ontology/> .\n"
        '<https://w3id.org/nlmg/work/only-a-name> a schema:Movie ; schema:name "Only a Name" .\n'
        "<https://w3id.org/nlmg/person/kazuo-ishiguro> nlmg:notableWork "
        "<https://w3id.org/nlmg/work/only-a-name> .\n"
        "<https://w3id.org/nlmg/claim/kazuo-ishiguro-notable-work-only-a-name> a nlmg:Claim ;\n"
        "  rdf:subject <https://w3id.org/nlmg/person/kazuo-ishiguro> ;\n"
        "  rdf:predicate nlmg:notableWork ;\n"
        "  rdf:object <https://w3id.org/nlmg/work/only-a-name> ;\n"
        "  nlmg:rank nlmg:NormalRank ; nlmg:verification nlmg:Unverified ;\n"
        "  nlmg:statedIn <https://w3id.org/nlmg/source/article> .\n"
    )
    kg = nlmg_graph.load(data=[named])
    assert kg.validate().conforms
    film = URIRef(iri("work/only-a-name"))
    view = kg.run("construct-facts")
    assert isinstance(view, Graph) and set(view.predicates(film)) == {RDF.type, SCHEMA_NAME}
    assert str(film) not in schemaorg.entities(kg, view="facts")


# -- export --entity ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["work:example-user-film", USER_FILM])
def test_entity_gives_only_that_film(
    capsys: pytest.CaptureFixture[str], user_kg: nlmg_graph.KnowledgeGraph, name: str
) -> None:
    code, out, err = export(capsys, "--entity", name)
    assert code == 0, err
    written = json.loads(out)
    assert written == schemaorg.entity_markup(user_kg, USER_FILM)
    assert written["@id"] == USER_FILM and "@graph" not in written
    assert "Carey Mulligan" not in out
    assert err.splitlines() == [
        "export: markup valid: 0 error(s), 2 warning(s) (--verbose lists the warnings)"
    ]


def test_entity_as_an_html_page_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, user_kg: nlmg_graph.KnowledgeGraph
) -> None:
    page = tmp_path / "film.html"
    code, out, err = export(
        capsys, "--entity", "work:example-user-film", "--html", "--output", str(page)
    )
    assert (code, out) == (0, ""), err
    [found] = extruct.extract(
        page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False
    )["json-ld"]
    node = schemaorg.entity_markup(user_kg, USER_FILM)
    assert node is not None and isomorphic(expand(found), expand(node))
    assert main(["validate", "--markup", str(page)]) == 0
    assert "markup valid: 0 error(s)" in capsys.readouterr().err


def test_output_dir_has_a_file_for_the_user_film(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, user_kg: nlmg_graph.KnowledgeGraph
) -> None:
    code, _, err = export(capsys, "--output", str(tmp_path))
    assert code == 0, err
    names = {p.name for p in tmp_path.iterdir()}
    assert {"index.jsonld", "work-example-user-film.jsonld", "work-gattaca.jsonld"} <= names
    assert len(names) == 1 + len(schemaorg.entities(user_kg))
    written = json.loads((tmp_path / "work-example-user-film.jsonld").read_text(encoding="utf-8"))
    assert written == schemaorg.entity_markup(user_kg, USER_FILM)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("work:no-such-film", "not in the graph"),
        ("https://example.org/elsewhere", "not in the graph"),
        ("claim:example-user-film-director", "a claim record, not an entity"),
        ("role:example-lead-actor-example-heroine", "a value node, with no markup of its own"),
        ("character:example-heroine", "schema.org has no type for what it is"),
        ("nlmg:CastRole", "a term of the ontology, not an entity"),
    ],
)
def test_an_entity_without_markup_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, why: str
) -> None:
    target = tmp_path / "out.jsonld"
    code, out, err = export(capsys, "--entity", name, "--output", str(target))
    assert (code, out) == (2, "")
    said = f"nlmg-graph export: error: <{iris.expand(name)}> has no schema.org markup: {why}"
    assert err.startswith(said) and err.count("\n") == 1
    assert not target.exists()


def test_the_reason_names_the_view(kg: nlmg_graph.KnowledgeGraph) -> None:
    """A store only the article's (unverified) offers name is in the facts view only."""
    with pytest.raises(OptionError, match="not in the verified view"):
        schemaorg.entity_document(kg, "org:amazon-prime-video")
    found = schemaorg.entity_document(kg, "org:amazon-prime-video", view="facts")
    assert found["@id"] == iri("organization/amazon-prime-video")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "turtle", "--entity", "work:gattaca"], "--entity needs --format schemaorg"),
        (["--entity", "work:gattaca"], "--entity needs --format schemaorg"),
        (["--format", "schemaorg", "--entity", "work:gattaca", "--output", "."], "not a directory"),
    ],
)
def test_entity_option_misuse_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["export", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err and err.count("\n") == 1
