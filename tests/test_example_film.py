"""The example film a user can copy (examples/remains-of-the-day/): it validates, a broken copy
fails with a readable violation, and its facts are what its sources say."""

from __future__ import annotations

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
