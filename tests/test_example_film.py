"""The example film a user can copy (examples/remains-of-the-day/): it validates, a broken copy
fails with a readable violation, its facts are what its sources say, every film question
answers for it (and for the shipped film as before), and the markup and the site take it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nlmg_graph

EXAMPLE = Path(__file__).parents[1] / "examples" / "remains-of-the-day" / "remains-of-the-day.ttl"
FILM = "https://w3id.org/nlmg/work/the-remains-of-the-day-film"
PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
PREFIX work: <https://w3id.org/nlmg/work/>
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "nlmg_graph", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def example() -> nlmg_graph.KnowledgeGraph:
    """The shipped graph with the example film loaded beside it."""
    return nlmg_graph.load(data=[EXAMPLE])


def broken_copy(tmp_path: Path, pattern: str) -> Path:
    """Write the example without the text ``pattern`` matches (which must occur once)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    broken, count = re.subn(pattern, "", text, flags=re.DOTALL)
    assert count == 1, pattern
    path = tmp_path / "broken.ttl"
    path.write_text(broken, encoding="utf-8")
    return path


def test_example_validates_through_the_command_line() -> None:
    done = run("validate", "--data", str(EXAMPLE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stderr


def test_example_validates_through_the_api(example: nlmg_graph.KnowledgeGraph) -> None:
    report = example.validate()
    assert report.conforms, report.text


def test_a_fact_without_its_claim_is_reported(tmp_path: Path) -> None:
    broken = broken_copy(
        tmp_path, r"claim:the-remains-of-the-day-film-duration a nlmg:Claim ;.*?\n\n"
    )
    done = run("validate", "--data", str(broken))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "unsourced-fact-violation work:the-remains-of-the-day-film schema:duration: "
        "This fact has no non-deprecated claim that names its source."
    ]


def test_a_cast_role_without_its_character_is_reported(tmp_path: Path) -> None:
    broken = broken_copy(tmp_path, r"    nlmg:character character:lord-darlington ;\n")
    report = nlmg_graph.load(data=[broken]).validate()
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus == "https://w3id.org/nlmg/role/james-fox-lord-darlington"
    assert violation.shape == "https://w3id.org/nlmg/shapes/CastRoleShape-character"
    assert violation.path == "https://w3id.org/nlmg/ontology/character"
    assert "must name exactly one character" in violation.message
    done = run("validate", "--data", str(broken))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "nlmgsh:CastRoleShape-character role:james-fox-lord-darlington nlmg:character: "
        "A cast role must name exactly one character (nlmg:character), an "
        "nlmg:FictionalCharacter."
    ]


def select(kg: nlmg_graph.KnowledgeGraph, where: str) -> set[tuple[str, ...]]:
    """The rows of a SELECT over the example film's facts, as tuples of strings."""
    solutions = kg.query(PREFIXES + where)
    assert isinstance(solutions, nlmg_graph.Solutions)
    return {tuple(str(value) for value in row) for row in solutions}


def test_director_is_james_ivory(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        example,
        "SELECT ?name { work:the-remains-of-the-day-film schema:director/schema:name ?name }",
    )
    assert rows == {("James Ivory",)}


def test_runtime_and_first_release(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        example,
        "SELECT ?runtime ?date ?year { work:the-remains-of-the-day-film schema:duration ?runtime ;"
        " schema:datePublished ?date ; nlmg:releaseYear ?year }",
    )
    # 134 minutes, in the canonical form the engines give an xsd:duration
    assert rows == {("PT2H14M", "1993-10-25", "1993")}


def test_cast_pairs_actors_with_their_characters(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        example,
        "SELECT ?actor ?character { work:the-remains-of-the-day-film nlmg:castRole ?role ."
        " ?role schema:actor/schema:name ?actor ; nlmg:character/schema:name ?character }",
    )
    assert ("Anthony Hopkins", "James Stevens") in rows
    assert ("Emma Thompson", "Miss Kenton") in rows
    assert ("James Fox", "Lord Darlington") in rows
    assert ("Christopher Reeve", "Jack Lewis") in rows
    assert ("Hugh Grant", "Reginald Cardinal") in rows
    assert len(rows) == 7


def test_screenplay_is_a_crew_credit(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        example,
        "SELECT ?name { work:the-remains-of-the-day-film nlmg:crewRole ?credit ."
        " ?credit nlmg:crewFunction nlmg:Screenwriter ; nlmg:creditedPerson/schema:name ?name }",
    )
    assert rows == {("Ruth Prawer Jhabvala",)}


def test_awards_eight_oscar_nominations_recorded_as_six_and_one_bafta_win(
    example: nlmg_graph.KnowledgeGraph,
) -> None:
    rows = select(
        example,
        "SELECT ?body ?category ?outcome { work:the-remains-of-the-day-film nlmg:nomination ?n ."
        " ?n nlmg:awardBody/schema:name ?body ; nlmg:awardCategory/schema:name ?category ;"
        " nlmg:outcome ?outcome }",
    )
    academy = "Academy of Motion Picture Arts and Sciences"
    nominated = "https://w3id.org/nlmg/ontology/Nominated"
    assert {row for row in rows if row[0] == academy} == {
        (academy, category, nominated)
        for category in (
            "Best Picture",
            "Best Director",
            "Best Actor",
            "Best Actress",
            "Best Adapted Screenplay",
            "Best Original Score",
        )
    }
    assert (
        "British Academy of Film and Television Arts",
        "Best Actor",
        "https://w3id.org/nlmg/ontology/Won",
    ) in rows


def test_every_source_of_the_example_has_an_address(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        example,
        "SELECT DISTINCT ?source ?url { ?claim a nlmg:Claim ; nlmg:statedIn ?source ."
        " ?claim <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?subject ."
        " FILTER (?subject = work:the-remains-of-the-day-film)"
        " OPTIONAL { ?source schema:url ?url } }",
    )
    assert rows and all(len(row) == 2 and row[1].startswith("http") for row in rows), rows


# -- every film question, asked about the example (stored queries with a film parameter) ----

SHIPPED_FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
FILM_QUERIES = (
    ("film-at-a-glance", "film"),
    ("cast", "film"),
    ("crew", "film"),
    ("releases", "film"),
    ("awards", "work"),
    ("filming-locations", "film"),
    ("budget-and-box-office", "film"),
    ("differences", "film"),
    ("where-to-watch", "film"),
    ("adaptation", "film"),
)


def answer(kg: nlmg_graph.KnowledgeGraph, name: str, **parameters: object) -> list[nlmg_graph.Row]:
    """The rows of stored query ``name``, checked to be a SELECT answer."""
    solutions = kg.run(name, **parameters)
    assert isinstance(solutions, nlmg_graph.Solutions)
    return list(solutions)


def about_the_example(example: nlmg_graph.KnowledgeGraph, name: str) -> list[nlmg_graph.Row]:
    """The rows of a film question about the example film, all of them about it."""
    parameter = dict(FILM_QUERIES)[name]
    rows = answer(example, name, **{parameter: FILM})
    assert all(row[0] == FILM for row in rows), rows
    return rows


def test_the_domain_methods_answer_for_either_film(example: nlmg_graph.KnowledgeGraph) -> None:
    assert {row.film for row in example.films()} >= {FILM, SHIPPED_FILM}
    for film, director, actor in (
        (FILM, "James Ivory", "Anthony Hopkins"),
        (SHIPPED_FILM, "Mark Romanek", "Carey Mulligan"),
    ):
        assert {row.director for row in example.film(film)} == {director}
        assert actor in {row.actor_name for row in example.cast(film=film)}
        assert director in {row.name for row in example.crew(film=film)}
        assert all(row.work == film for row in example.awards(work=film))
    assert len(example.awards(work=FILM)) == 7 and len(example.where_to_watch(film=FILM)) == 0
    everyone = {row.actor_name for row in example.cast()}
    assert {"Anthony Hopkins", "Carey Mulligan"} <= everyone, "without film=: every film"


def test_film_at_a_glance(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "film-at-a-glance")
    assert {row.country for row in rows} == {"United Kingdom", "United States"}
    for row in rows:
        assert row.title == "The Remains of the Day"
        assert str(row.release_year) == "1993" and str(row.first_release) == "1993-10-25"
        assert row.runtime == "PT2H14M"
        assert (row.director, row.screenwriter, row.composer) == (
            "James Ivory",
            "Ruth Prawer Jhabvala",
            "Richard Robbins",
        )
        assert (row.novel_title, row.novel_author) == ("The Remains of the Day", "Kazuo Ishiguro")


def test_cast(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "cast")
    assert {row.actor_name: row.character_name for row in rows} == {
        "Anthony Hopkins": "Stevens",
        "Emma Thompson": "Miss Kenton",
        "James Fox": "Lord Darlington",
        "Christopher Reeve": "Lewis",
        "Hugh Grant": "Cardinal",
        "Peter Vaughan": "Father",
        "Ben Chaplin": "Charlie, Head Footman",
    }


def test_crew(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "crew")
    assert {(row.function_label, row.name) for row in rows} == {
        ("director", "James Ivory"),
        ("producer", "Ismail Merchant"),
        ("producer", "Mike Nichols"),
        ("producer", "John Calley"),
        ("composer", "Richard Robbins"),
        ("screenwriter", "Ruth Prawer Jhabvala"),
        ("director of photography", "Tony Pierce-Roberts"),
        ("film editor", "Andrew Marcus"),
        ("production designer", "Luciana Arrighi"),
    }


def test_releases(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "releases")
    assert [str(row.date) for row in rows] == ["1993-10-25", "1993-11-04", "1993-11-05"]


def test_awards(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "awards")
    assert {(row.body_name, row.category_name, row.nominee_name) for row in rows} == {
        ("Academy of Motion Picture Arts and Sciences", "Best Picture", None),
        ("Academy of Motion Picture Arts and Sciences", "Best Director", "James Ivory"),
        ("Academy of Motion Picture Arts and Sciences", "Best Actor", "Anthony Hopkins"),
        ("Academy of Motion Picture Arts and Sciences", "Best Actress", "Emma Thompson"),
        (
            "Academy of Motion Picture Arts and Sciences",
            "Best Adapted Screenplay",
            "Ruth Prawer Jhabvala",
        ),
        ("Academy of Motion Picture Arts and Sciences", "Best Original Score", "Richard Robbins"),
        ("British Academy of Film and Television Arts", "Best Actor", "Anthony Hopkins"),
    }


def test_filming_locations(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "filming-locations")
    assert {(row.place_name, row.depicts_name) for row in rows} == {
        ("Dyrham Park", "Darlington Hall"),
        ("Badminton House", "Darlington Hall"),
        ("Powderham Castle", "Darlington Hall"),
        ("Corsham Court", "Darlington Hall"),
        ("Weston-super-Mare", None),
    }
    assert {row.nation_name for row in rows} == {"England"}


def test_budget_and_box_office(example: nlmg_graph.KnowledgeGraph) -> None:
    rows = about_the_example(example, "budget-and-box-office")
    assert {(str(row.property).rsplit("/", 1)[1], float(row.value)) for row in rows} == {
        ("budget", 15_000_000.0),
        ("boxOffice", 63_900_000.0),
    }


def test_adaptation(example: nlmg_graph.KnowledgeGraph) -> None:
    [row] = about_the_example(example, "adaptation")
    assert (row.novel_title, row.author, row.publisher, row.narrator) == (
        "The Remains of the Day",
        "Kazuo Ishiguro",
        "Faber and Faber",
        "James Stevens",
    )


def test_questions_the_example_has_no_answer_to_are_empty(
    example: nlmg_graph.KnowledgeGraph,
) -> None:
    # no offers and no novel-vs-film differences are recorded for it
    assert about_the_example(example, "where-to-watch") == []
    assert about_the_example(example, "differences") == []


@pytest.mark.parametrize(("name", "parameter"), FILM_QUERIES)
def test_the_shipped_film_answers_as_without_the_example(
    kg: nlmg_graph.KnowledgeGraph, example: nlmg_graph.KnowledgeGraph, name: str, parameter: str
) -> None:
    alone = answer(kg, name, **{parameter: SHIPPED_FILM})
    assert alone, name
    assert answer(example, name, **{parameter: SHIPPED_FILM}) == alone


# -- publishing: the markup and the site with the example ----------------------------------


def test_markup_export_with_the_example_is_valid(tmp_path: Path) -> None:
    target = tmp_path / "markup.json"
    done = run("export", "--format", "schemaorg", "--data", str(EXAMPLE), "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert "markup valid: 0 error(s)" in done.stderr
    nodes = {node["@id"]: node for node in json.loads(target.read_text("utf-8"))["@graph"]}
    film, shipped = nodes[FILM], nodes[SHIPPED_FILM]
    assert film["@type"] == shipped["@type"] == "Movie"

    def actors(movie: dict[str, object]) -> set[str]:
        roles = movie["actor"]
        assert isinstance(roles, list)
        return {role["actor"]["name"] for role in roles}

    # Each film carries its own cast: the verified credits only (Ben Chaplin's rests on one
    # page, so it stays out), and no actor of one film shows up in the other's.
    assert {"Anthony Hopkins", "Emma Thompson", "Hugh Grant"} <= actors(film)
    assert "Ben Chaplin" not in actors(film)
    assert "Carey Mulligan" in actors(shipped) and not actors(film) & actors(shipped)
    assert film["isBasedOn"]["@id"].endswith("/work/the-remains-of-the-day-novel")


def test_markup_of_the_example_alone(tmp_path: Path) -> None:
    target = tmp_path / "film.json"
    done = run(
        "export", "--format", "schemaorg", "--data", str(EXAMPLE),
        "--entity", "work:the-remains-of-the-day-film", "--output", str(target),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@id"] == FILM and document["director"]["name"] == "James Ivory"


def test_site_has_pages_for_the_example(tmp_path: Path) -> None:
    done = run("site", "--data", str(EXAMPLE), "--output", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    film = (tmp_path / "site" / "work" / "the-remains-of-the-day-film.html").read_text("utf-8")
    for text in ("James Ivory", "Anthony Hopkins", "Miss Kenton", "Dyrham Park", "Best Picture"):
        assert text in film, text
    # The summary box marks what rests on one page (the first showing, the rating), only that.
    box = film.split('id="summary"', 1)[1].split("</table>")[0]
    summary = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert "1993-10-25 (unverified)" in summary and "PG (United States) (unverified)" in summary
    assert "James Ivory" in summary and "James Ivory (unverified)" not in summary
    assert (tmp_path / "site" / "person" / "emma-thompson.html").is_file()
    assert (tmp_path / "site" / "place" / "dyrham-park.html").is_file()
