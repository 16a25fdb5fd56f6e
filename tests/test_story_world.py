"""The story's world (data/world.ttl): its concepts, place and object are nodes with claims.

Expected values are typed by hand from the pages data/world.ttl cites: GradeSaver's glossary
(carer, donor, complete, Exchange), SparkNotes' key questions (donations, completion,
possibles), LitCharts' page on the Judy Bridgewater tape, BBC Bitesize's "trip to Norfolk"
(deferrals, Ruth's possible), Shmoop's and LitCharts' chapter 19 summaries (the recovery centre
at Kingsfield), and the article's FAQ, whose questions the concepts are the subject of.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_queries import ask, claims_on, select
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

import nlmg_graph
from nlmg_graph import site
from nlmg_graph.namespaces import (
    CHARACTER,
    CONCEPT,
    FAQ,
    GRAPH_DATA,
    NLMG,
    OBJECT,
    PLACE,
    SCHEMA,
    SOURCE,
    WORK,
)

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
SONG = WORK["never-let-me-go-song"]
SCHEME = CONCEPT["scheme"]
TAPE = OBJECT["songs-after-dark-tape"]
RECOVERY_CENTRE = PLACE["recovery-centre"]
ARTICLE = SOURCE["article"]

# The programme's stages in the order the story takes a clone through them.
STAGES = ["carer", "donor", "donation", "completion"]
CONCEPTS = ["donation-programme", *STAGES, "deferral", "possible", "gallery", "exchanges", "sales"]
# Concepts no source was found to place in the film: they are the novel's only.
NOVEL_ONLY = {CONCEPT["exchanges"], RECOVERY_CENTRE}
# The story's own words, as the characters use them: each is a concept's label or other label.
WORDS = {"carer", "donor", "donation", "completion", "completing", "deferral", "possible"}


def elements() -> list[URIRef]:
    """Every node of the story's world: the concepts, the recovery centres and the tape."""
    return [*(CONCEPT[name] for name in CONCEPTS), RECOVERY_CENTRE, TAPE]


def world_facts(kg: nlmg_graph.KnowledgeGraph) -> list[tuple[URIRef, URIRef, object]]:
    """The facts whose subject is an element of the story's world, labels and types aside."""
    exempt = {RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.inScheme}
    exempt |= {SKOS.topConceptOf, SCHEMA.name, SCHEMA.alternateName, SCHEMA.description}
    return [
        (s, p, o) for s in elements() for p, o in kg.data.predicate_objects(s) if p not in exempt
    ]


@pytest.mark.parametrize("name", CONCEPTS)
def test_each_concept_is_a_skos_concept_of_the_world_scheme(
    kg: nlmg_graph.KnowledgeGraph, name: str
) -> None:
    concept = CONCEPT[name]
    assert ask(
        kg,
        """ASK { GRAPH ?g {
            ?c a skos:Concept , nlmg:StoryConcept ; skos:inScheme ?scheme ;
               skos:prefLabel ?label ; skos:definition ?definition .
            ?scheme a skos:ConceptScheme } }""",
        c=concept,
        scheme=SCHEME,
        g=URIRef(GRAPH_DATA),
    ), concept


def test_the_story_words_are_labels(kg: nlmg_graph.KnowledgeGraph) -> None:
    labels = {
        str(label)
        for (label,) in select(
            kg,
            "SELECT ?l WHERE { ?c skos:inScheme ?s ; skos:prefLabel|skos:altLabel ?l }",
            s=SCHEME,
        )
    }
    assert labels >= WORDS, sorted(WORDS - labels)


def test_every_world_fact_is_backed_by_a_sourced_claim(kg: nlmg_graph.KnowledgeGraph) -> None:
    facts = world_facts(kg)
    assert len(facts) >= 70, len(facts)
    unbacked = []
    for s, p, o in facts:
        records = claims_on(kg, s, p, o)  # type: ignore[arg-type]
        if not any(r.rank != NLMG.DeprecatedRank and r.sources for r in records):
            unbacked.append(f"{s} {p} {o}")
    assert not unbacked, "\n".join(unbacked)


def test_corroborated_claims_cite_a_published_page(kg: nlmg_graph.KnowledgeGraph) -> None:
    """Corroborated means a page other than the article states it, and every page has a URL."""
    for s, p, o in world_facts(kg):
        for record in claims_on(kg, s, p, o):  # type: ignore[arg-type]
            pages = record.sources - {ARTICLE}
            if record.verification == NLMG.Corroborated:
                assert pages, record
            for page in pages:
                assert ask(kg, "ASK { ?page a nlmg:Source ; schema:url ?url }", page=page), page
            if not pages:  # the article alone: unverified, unless it is about its own FAQ
                expected = NLMG.AuthoritativeSource if p == SCHEMA.subjectOf else NLMG.Unverified
                assert record.verification == expected, record


@pytest.mark.parametrize("element", elements(), ids=lambda iri: iri.rsplit("/", 1)[-1])
def test_each_element_is_present_in_a_work_a_source_names(
    kg: nlmg_graph.KnowledgeGraph, element: URIRef
) -> None:
    works = set(kg.data.objects(element, NLMG.presentInWork))
    assert NOVEL in works, element
    assert (FILM in works) is (element not in NOVEL_ONLY), element
    for work in works:
        assert claims_on(kg, element, NLMG.presentInWork, work), (element, work)


def test_the_donation_stages_come_in_order(kg: nlmg_graph.KnowledgeGraph) -> None:
    rows = select(
        kg,
        """SELECT ?stage ?order WHERE {
            ?stage skos:broader ?programme ; nlmg:stageOrder ?order } ORDER BY ?order""",
        programme=CONCEPT["donation-programme"],
    )
    assert rows == [
        (CONCEPT[name], Literal(position, datatype=XSD.integer))
        for position, name in enumerate(STAGES, start=1)
    ]


def test_the_donation_programme_query_lists_the_stages_with_their_characters(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    answer = kg.run("donation-programme")
    assert isinstance(answer, nlmg_graph.Solutions)
    stages = [row[0] for row in answer]
    assert list(dict.fromkeys(stages)) == [str(CONCEPT[name]) for name in STAGES]
    tommy = kg.run("donation-programme", character=str(CHARACTER["tommy-d"]))
    assert isinstance(tommy, nlmg_graph.Solutions)
    assert [row[2] for row in tommy] == ["donor", "donation", "completion"]


def test_the_tape_holds_the_existing_song(kg: nlmg_graph.KnowledgeGraph) -> None:
    """The tape links to the song of data/characters.ttl instead of describing it again.

    (The film's real recording of a song of the same name, Jane Monheit's, is another node.)
    """
    assert (TAPE, SCHEMA.track, SONG) in kg.data
    assert (TAPE, SCHEMA.byArtist, CHARACTER["judy-bridgewater"]) in kg.data
    assert (TAPE, RDF.type, SCHEMA.MusicRecording) not in kg.data
    songs = select(
        kg,
        'SELECT ?s WHERE { ?s a schema:MusicRecording ; schema:name "Never Let Me Go" ;'
        " schema:byArtist character:judy-bridgewater }",
    )
    assert songs == [(SONG,)]
    assert {PLACE["hailsham"], PLACE["norfolk"]} <= set(kg.data.objects(TAPE, NLMG.setIn))


@pytest.mark.parametrize(
    ("element", "character"),
    [
        (CONCEPT["deferral"], "tommy-d"),
        (CONCEPT["deferral"], "madame"),
        (CONCEPT["possible"], "ruth"),
        (CONCEPT["gallery"], "madame"),
        (CONCEPT["carer"], "kathy-h"),
        (RECOVERY_CENTRE, "tommy-d"),
        (TAPE, "kathy-h"),
    ],
)
def test_elements_name_the_characters_they_involve(
    kg: nlmg_graph.KnowledgeGraph, element: URIRef, character: str
) -> None:
    assert (element, NLMG.involvesCharacter, CHARACTER[character]) in kg.data


def test_the_faq_questions_about_donations_point_back_to_the_concepts(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    about = {
        (concept, question)
        for concept, question in select(
            kg,
            """SELECT ?concept ?question WHERE {
                ?concept schema:subjectOf ?question . ?page schema:mainEntity ?question }""",
        )
    }
    assert (CONCEPT["donation"], FAQ["what-are-donations"]) in about
    assert (CONCEPT["donation-programme"], FAQ["why-donate"]) in about
    assert (TAPE, FAQ["title-meaning"]) in about


def test_the_story_world_query_answers_for_one_concept(kg: nlmg_graph.KnowledgeGraph) -> None:
    answer = kg.run("story-world", concept=str(CONCEPT["possible"]))
    assert isinstance(answer, nlmg_graph.Solutions)
    rows = {(row[2], row[3]) for row in answer}
    assert ("place", str(PLACE["norfolk"])) in rows
    assert ("character", str(CHARACTER["ruth"])) in rows
    assert {relation for relation, _ in rows} == {"work", "character", "place"}


def test_the_world_gets_entity_pages(kg: nlmg_graph.KnowledgeGraph, tmp_path: Path) -> None:
    site.build_site(kg, tmp_path / "site")
    deferral = (tmp_path / "site/concept/deferral.html").read_text(encoding="utf-8")
    assert "deferral" in deferral and "Tommy D." in deferral
    tape = (tmp_path / "site/object/songs-after-dark-tape.html").read_text(encoding="utf-8")
    assert "Songs After Dark" in tape
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "The story&#39;s world" in index or "The story's world" in index
