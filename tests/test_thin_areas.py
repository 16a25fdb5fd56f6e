"""The thin areas of issue 10: executive producers, screenings, later adaptations, longlists.

Each test reads the shipped graph through the public API by SPARQL (``kg.query``) and checks the
new facts, their claims and the pages that state them: the Toronto festival's 2010 programme page
(the executive producers, Tessa Ross also in Dark Horizons' credits, and the three screenings) and
a blog report of the first screening; the Japan Foundation's page and a blog on the 2014 Saitama
play; JAPAN INFO and Dorama World on the 2016 TBS series; ArtsPod, WhatsOnStage and BroadwayWorld
on the 2024 Rose Theatre play; the International Dublin Literary Award's page and the Guardian on
the 2007 longlist; the Evening Standard and In Contention on the 2011 best-actress longlist.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

import nlmg_graph
from nlmg_graph.namespaces import AWARD, EVENT, NLMG, PERSON, RELATION, ROLE, SCHEMA, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
"""


def rows(kg: nlmg_graph.KnowledgeGraph, query: str) -> list[tuple[object, ...]]:
    answer = kg.query(PREFIXES + query)
    assert isinstance(answer, nlmg_graph.Solutions)
    return [tuple(row) for row in answer]


def sources_of(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: str) -> set:
    """The sources of the one best-ranked claim on ``subject predicate obj`` (``obj`` in N3)."""
    found = rows(
        kg,
        f"""SELECT ?claim ?source WHERE {{
            ?claim a nlmg:Claim ; rdf:subject <{subject}> ; rdf:predicate <{predicate}> ;
                   rdf:object {obj} ; nlmg:rank nlmg:NormalRank ; nlmg:statedIn ?source .
        }}""",
    )
    assert len({claim for claim, _ in found}) == 1, found
    return {URIRef(str(source)) for _, source in found}


# --- executive producers -------------------------------------------------------------------


def test_the_toronto_page_names_three_executive_producers(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    found = rows(
        kg,
        f"""SELECT ?name WHERE {{
            <{FILM}> nlmg:crewRole ?role .
            ?role nlmg:crewFunction nlmg:ExecutiveProducer ; nlmg:creditedPerson/schema:name ?name .
        }} ORDER BY ?name""",
    )
    assert [str(name) for (name,) in found] == ["Alex Garland", "Kazuo Ishiguro", "Tessa Ross"]
    for slug in ("alex-garland", "kazuo-ishiguro", "tessa-ross"):
        role = ROLE[f"{slug}-executive-producer"]
        assert (FILM, NLMG.crewRole, role) in facts
        assert SOURCE["tiff-2010"] in sources_of(kg, FILM, NLMG.crewRole, f"<{role}>")
    # Dark Horizons' credits also name Tessa Ross as an executive producer
    role = ROLE["tessa-ross-executive-producer"]
    assert SOURCE["darkhorizons"] in sources_of(kg, FILM, NLMG.crewRole, f"<{role}>")


# --- festival screenings -------------------------------------------------------------------


def test_three_toronto_screenings_on_the_programme_dates(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = rows(
        kg,
        f"""SELECT ?date ?festival WHERE {{
            <{FILM}> nlmg:release ?release .
            ?release nlmg:releaseKind nlmg:FestivalScreening ; schema:startDate ?date ;
                     nlmg:atEvent ?event .
            ?event a schema:Festival ; schema:name ?festival .
        }} ORDER BY ?date""",
    )
    assert [str(date) for date, _ in found] == ["2010-09-11", "2010-09-13", "2010-09-18"]
    assert {str(festival) for _, festival in found} == {"Toronto International Film Festival 2010"}


def test_the_first_toronto_screening_is_corroborated_by_a_report(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    release = EVENT["never-let-me-go-2010-tiff-screening-2010-09-11"]
    assert sources_of(kg, FILM, NLMG.release, f"<{release}>") == {
        SOURCE["tiff-2010"],
        SOURCE["mrwillw-tiff-2010"],
    }


# --- later adaptations ---------------------------------------------------------------------


def test_three_later_adaptations_are_based_on_the_novel(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    found = rows(
        kg,
        f"""SELECT ?work ?kind ?date WHERE {{
            <{FILM}> nlmg:relatedWork ?record .
            ?record nlmg:relationType nlmg:OtherAdaptation ; nlmg:relatedTo ?work .
            ?work a ?kind ; schema:isBasedOn <{NOVEL}> ; schema:datePublished ?date .
        }} ORDER BY ?date""",
    )
    assert [(URIRef(str(w)), URIRef(str(k)), str(d)) for w, k, d in found] == [
        (WORK["watashi-wo-hanasanaide-2014-play"], SCHEMA.Play, "2014-04-29"),
        (WORK["watashi-wo-hanasanaide-2016-tv-series"], SCHEMA.TVSeries, "2016-01"),
        (WORK["never-let-me-go-2024-play"], SCHEMA.Play, "2024-09-20"),
    ]
    for work, _, _ in found:
        assert (URIRef(str(work)), SCHEMA.isBasedOn, NOVEL) in facts


@pytest.mark.parametrize(
    ("work", "prop", "people", "sources"),
    [
        (
            "watashi-wo-hanasanaide-2014-play",
            "director",
            ["yukio-ninagawa"],
            {"performingarts-watashi-wo-hanasanaide-2014", "kamuro-watashi-wo-hanasanaide-2014"},
        ),
        (
            "watashi-wo-hanasanaide-2014-play",
            "author",
            ["yutaka-kuramochi"],
            {"performingarts-watashi-wo-hanasanaide-2014", "kamuro-watashi-wo-hanasanaide-2014"},
        ),
        (
            "watashi-wo-hanasanaide-2016-tv-series",
            "actor",
            ["asami-mizukawa", "haruka-ayase", "haruma-miura"],
            {"jpninfo-tbs-drama-2016", "doramaworld-tbs-drama-2016"},
        ),
        (
            "never-let-me-go-2024-play",
            "author",
            ["suzanne-heathcote"],
            {"artspod-rose-theatre-2024", "whatsonstage-rose-theatre-2024"},
        ),
        (
            "never-let-me-go-2024-play",
            "director",
            ["christopher-haydon"],
            {"artspod-rose-theatre-2024", "whatsonstage-rose-theatre-2024"},
        ),
    ],
)
def test_the_adaptations_people_are_sourced(
    kg: nlmg_graph.KnowledgeGraph, work: str, prop: str, people: list[str], sources: set[str]
) -> None:
    found = rows(kg, f"SELECT ?person WHERE {{ <{WORK[work]}> schema:{prop} ?person }}")
    assert sorted(str(person) for (person,) in found) == [str(PERSON[p]) for p in people]
    for person in people:
        got = sources_of(kg, WORK[work], SCHEMA[prop], f"<{PERSON[person]}>")
        assert got == {SOURCE[s] for s in sources}


def test_the_adaptation_records_are_corroborated(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = rows(
        kg,
        f"""SELECT ?record ?verification WHERE {{
            ?claim rdf:subject <{FILM}> ; rdf:predicate nlmg:relatedWork ; rdf:object ?record ;
                   nlmg:verification ?verification .
            ?record nlmg:relationType nlmg:OtherAdaptation .
        }}""",
    )
    assert {URIRef(str(record)) for record, _ in found} == {
        RELATION["watashi-wo-hanasanaide-2014-play"],
        RELATION["watashi-wo-hanasanaide-2016-tv-series"],
        RELATION["never-let-me-go-2024-play"],
    }
    assert {URIRef(str(verification)) for _, verification in found} == {NLMG.Corroborated}


# --- longlists -----------------------------------------------------------------------------


def test_the_dublin_longlist_is_a_longlisting_not_a_nomination(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    nomination = AWARD["dublin-2007-international-dublin-literary-award-never-let-me-go-novel"]
    found = rows(kg, f"SELECT ?outcome WHERE {{ <{nomination}> nlmg:outcome ?outcome }}")
    assert [URIRef(str(outcome)) for (outcome,) in found] == [NLMG.Longlisted]
    assert sources_of(kg, NOVEL, NLMG.nomination, f"<{nomination}>") == {
        SOURCE["dublin-literary-award-novel"],
        SOURCE["guardian-dublin-longlist-2007"],
    }


def test_both_actresses_on_the_evening_standard_longlist(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = rows(
        kg,
        f"""SELECT ?name ?year WHERE {{
            <{FILM}> nlmg:nomination ?nomination .
            ?nomination nlmg:outcome nlmg:Longlisted ; nlmg:awardYear ?year ;
                nlmg:awardCategory/schema:name "Best Actress" ;
                nlmg:awardBody/schema:name "London Evening Standard British Film Awards" ;
                nlmg:nominee/schema:name ?name .
        }} ORDER BY ?name""",
    )
    assert [(str(name), str(year)) for name, year in found] == [
        ("Carey Mulligan", "2011"),
        ("Keira Knightley", "2011"),
    ]
    for slug in ("carey-mulligan", "keira-knightley"):
        nomination = AWARD[f"evening-standard-2011-best-actress-{slug}"]
        assert sources_of(kg, FILM, NLMG.nomination, f"<{nomination}>") == {
            SOURCE["standard-evening-standard-longlist-2011"],
            SOURCE["incontention-evening-standard-2011"],
        }
