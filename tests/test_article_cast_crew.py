"""The film's cast and crew, checked against the article and the published credits.

Covers every actor -> character pair of the article's cast table (with the claim citing the
table's section), the further cast of the published credits (Variety's review, Dark Horizons),
the leads' child actors, the separation of real people from fictional characters, the crew by
function, the characters' roles in the story, and the people's sourced details.

Every expected value below is written by hand from the seed article and the published pages
listed in the sources; none is read from the data files.
"""

from __future__ import annotations

import pytest
from graph_queries import ClaimRecord, claims_on, select
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from nlmg_graph.namespaces import CHARACTER, NLMG, PERSON, PLACE, SCHEMA, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
ARTICLE = SOURCE["article"]

S_CAST = "The Stellar Cast Brought These Tragic Characters to Life"
S_VISION = "Bringing Ishiguro's Vision to the Screen"

# The article's cast table, in its order: (actor, character).
ARTICLE_CAST = [
    ("Carey Mulligan", "Kathy H."),
    ("Andrew Garfield", "Tommy D."),
    ("Keira Knightley", "Ruth"),
    ("Charlotte Rampling", "Miss Emily"),
    ("Sally Hawkins", "Miss Lucy"),
]

# Further cast from the published credits (Variety's review lists the characters).
EXTRA_CAST = [
    ("Nathalie Richard", "Madame"),
    ("Andrea Riseborough", "Chrissie"),
    ("Domhnall Gleeson", "Rodney"),
]

# The leads as children (Variety: Young Kathy, Young Tommy, Young Ruth).
CHILD_CAST = [
    ("Izzy Meikle-Small", "Kathy H."),
    ("Charlie Rowe", "Tommy D."),
    ("Ella Purnell", "Ruth"),
]

# Crew credits without a schema.org property, by function (article + Dark Horizons credits).
CREW = {
    "Screenwriter": "Alex Garland",
    "DirectorOfPhotography": "Adam Kimmel",
    "FilmEditor": "Barney Pilling",
    "ProductionDesigner": "Mark Digby",
}

# Birth dates given by published pages (see external evidence); ISO dates.
BIRTH_DATES = {
    "Carey Mulligan": "1985-05-28",
    "Keira Knightley": "1985-03-26",
    "Andrew Garfield": "1983-08-20",
    "Charlotte Rampling": "1946-02-05",
    "Sally Hawkins": "1976-04-27",
    "Mark Romanek": "1959-09-18",
    "Alex Garland": "1970-05-26",
    "Kazuo Ishiguro": "1954-11-08",
}

BIRTH_PLACES = {
    "Carey Mulligan": "london",
    "Andrew Garfield": "los-angeles",
    "Mark Romanek": "chicago",
    "Alex Garland": "london",
    "Kazuo Ishiguro": "nagasaki",
}


@pytest.fixture(scope="module")
def cast_rows(kg) -> list[tuple]:
    """(role, actor name, character name, life stage) for every cast credit of the film."""
    return select(
        kg,
        """
        SELECT ?role ?actor ?character ?stage WHERE {
            ?film nlmg:castRole ?role .
            ?role a nlmg:CastRole ;
                  schema:actor/schema:name ?actor ;
                  nlmg:character/schema:name ?character ;
                  nlmg:lifeStage ?stage .
        }
        """,
        film=FILM,
    )


def pairs(rows, stage: str) -> set[tuple[str, str]]:
    return {(str(a), str(c)) for _r, a, c, s in rows if s == NLMG[stage]}


def role_claims(kg, role: URIRef) -> list[ClaimRecord]:
    """The film's non-deprecated castRole claims on ``role``."""
    return [c for c in claims_on(kg, FILM, NLMG.castRole, role) if c.rank != NLMG.DeprecatedRank]


@pytest.mark.parametrize(("actor", "character"), ARTICLE_CAST)
def test_article_cast_table(kg, cast_rows, actor, character):
    matches = [r for r in cast_rows if (str(r[1]), str(r[2])) == (actor, character)]
    assert matches, f"{actor} as {character} missing; cast is {sorted(pairs(cast_rows, 'Adult'))}"
    assert matches[0][3] == NLMG.Adult, f"{actor}: life stage {matches[0][3]}"
    claims = role_claims(kg, matches[0][0])
    assert any(ARTICLE in c.sources and c.section == S_CAST for c in claims), (
        f"the castRole claim for {actor} must cite the article's cast table: {claims}"
    )
    assert any(c.sources - {ARTICLE} for c in claims), (
        f"the castRole claim for {actor} must also cite a published credit list: {claims}"
    )


def test_adult_cast_is_exactly_table_plus_credits(cast_rows):
    expected = set(ARTICLE_CAST) | set(EXTRA_CAST)
    assert pairs(cast_rows, "Adult") == expected, sorted(pairs(cast_rows, "Adult"))


@pytest.mark.parametrize(("actor", "character"), EXTRA_CAST)
def test_extra_cast_from_published_credits(kg, cast_rows, actor, character):
    matches = [r for r in cast_rows if (str(r[1]), str(r[2])) == (actor, character)]
    assert matches, f"{actor} as {character} missing"
    claims = role_claims(kg, matches[0][0])
    assert claims and all(ARTICLE not in c.sources for c in claims), (
        f"{actor}'s credit is not in the article and must cite published credits only: {claims}"
    )


def test_child_actors(cast_rows):
    assert pairs(cast_rows, "Child") == set(CHILD_CAST), sorted(pairs(cast_rows, "Child"))


def test_each_role_names_one_actor_and_one_character(kg, cast_rows):
    for role in {r[0] for r in cast_rows}:
        actors = list(kg.dataset.objects(role, SCHEMA.actor))
        characters = list(kg.dataset.objects(role, NLMG.character))
        assert len(actors) == 1 and len(characters) == 1, f"{role}: {actors} {characters}"


def test_no_billing_order_without_a_source(kg):
    rows = select(kg, "SELECT ?r ?n WHERE { ?r nlmg:billingOrder ?n }")
    assert not rows, f"no source gives the billing order, yet found {rows}"


def test_people_and_characters_are_distinct(kg):
    both = select(kg, "SELECT ?x WHERE { ?x a schema:Person . ?x a nlmg:FictionalCharacter . }")
    assert not both, f"IRIs typed both Person and FictionalCharacter: {both}"
    rows = select(
        kg,
        """
        SELECT ?actor ?character WHERE {
            ?film nlmg:castRole/schema:actor ?actor ; nlmg:castRole/nlmg:character ?character .
        }
        """,
        film=FILM,
    )
    for actor, character in rows:
        assert str(actor).startswith(PERSON), f"{actor} is not a person IRI"
        assert str(character).startswith(CHARACTER), f"{character} is not a character IRI"
        assert (actor, RDF.type, SCHEMA.Person) in kg.dataset, actor
        assert (character, RDF.type, NLMG.FictionalCharacter) in kg.dataset, character


@pytest.mark.parametrize(("function", "name"), sorted(CREW.items()))
def test_crew_by_function(kg, function, name):
    rows = select(
        kg,
        """
        SELECT ?name WHERE {
            ?film nlmg:crewRole ?role .
            ?role a nlmg:CrewRole ; nlmg:crewFunction ?f ; nlmg:creditedPerson/schema:name ?name .
        }
        """,
        film=FILM,
        f=NLMG[function],
    )
    assert {str(r[0]) for r in rows} == {name}, f"{function}: {rows}"


def test_direct_credits(kg):
    def names(prop: str) -> set[str]:
        rows = select(kg, f"SELECT ?n WHERE {{ ?film {prop}/schema:name ?n }}", film=FILM)
        return {str(r[0]) for r in rows}

    assert names("schema:director") == {"Mark Romanek"}
    assert names("schema:musicBy") == {"Rachel Portman"}
    assert names("schema:producer") == {"Andrew Macdonald", "Allon Reich"}


# ------------------------------------------------------------------------------------------
# The characters


CHARACTER_JOBS = {
    "kathy-h": "carer",
    "miss-emily": "headmistress of Hailsham",
    "miss-lucy": "guardian (teacher) at Hailsham",
}


@pytest.mark.parametrize(("slug", "title"), sorted(CHARACTER_JOBS.items()))
def test_character_job_titles(kg, slug, title):
    found = set(kg.dataset.objects(CHARACTER[slug], SCHEMA.jobTitle))
    assert Literal(title, lang="en") in found, f"{slug}: {found}"


@pytest.mark.parametrize(
    "slug",
    ["kathy-h", "tommy-d", "ruth", "miss-emily", "miss-lucy", "madame", "chrissie", "rodney"],
)
def test_characters_appear_in_the_film(kg, slug):
    character = CHARACTER[slug]
    assert (character, NLMG.presentInWork, FILM) in kg.dataset, slug
    descriptions = list(kg.dataset.objects(character, SCHEMA.description))
    assert descriptions, f"{slug} has no description"


@pytest.mark.parametrize("slug", ["kathy-h", "tommy-d", "ruth"])
def test_trio_appears_in_the_novel(kg, slug):
    assert (CHARACTER[slug], NLMG.presentInWork, NOVEL) in kg.dataset, slug


# ------------------------------------------------------------------------------------------
# The people


def person_by_name(kg, name: str) -> URIRef:
    rows = select(kg, "SELECT ?p WHERE { ?p a schema:Person ; schema:name ?n }", n=Literal(name))
    assert len(rows) == 1, f"expected one person named {name}, found {rows}"
    return rows[0][0]


@pytest.mark.parametrize(("name", "date"), sorted(BIRTH_DATES.items()))
def test_birth_dates(kg, name, date):
    person = person_by_name(kg, name)
    found = set(kg.dataset.objects(person, SCHEMA.birthDate))
    assert found == {Literal(date, datatype=XSD.date)}, f"{name}: {found}"


@pytest.mark.parametrize(("name", "slug"), sorted(BIRTH_PLACES.items()))
def test_birth_places(kg, name, slug):
    person = person_by_name(kg, name)
    found = set(kg.dataset.objects(person, SCHEMA.birthPlace))
    assert found == {PLACE[slug]}, f"{name}: {found}"


def test_romanek_known_for_one_hour_photo_and_music_videos(kg):
    romanek = person_by_name(kg, "Mark Romanek")
    works = set(kg.dataset.objects(romanek, NLMG.notableWork))
    assert WORK["one-hour-photo"] in works, works
    titles = {str(t) for t in kg.dataset.objects(romanek, SCHEMA.jobTitle)}
    assert "music video director" in titles, titles


def test_garland_known_for_ex_machina_and_annihilation(kg):
    garland = person_by_name(kg, "Alex Garland")
    works = set(kg.dataset.objects(garland, NLMG.notableWork))
    assert {WORK["ex-machina"], WORK["annihilation"]} <= works, works


def test_carey_mulligan_identifiers(kg):
    mulligan = person_by_name(kg, "Carey Mulligan")
    assert (mulligan, NLMG.imdbId, Literal("nm1659547")) in kg.dataset
    assert (
        mulligan,
        SCHEMA.sameAs,
        URIRef("https://en.wikipedia.org/wiki/Carey_Mulligan"),
    ) in kg.dataset
