"""The article's places, checked against the graph.

Covers the containment hierarchy of the real places (house -> borough -> city -> country), the
film's filming locations with the status of each claim (the article's claims that published
sources contradict are present as deprecated claims and absent as facts), and the story's
fictional places.

Every expected value below is written by hand from the seed article and the published pages
listed in the sources; none is read from the data files.
"""

from __future__ import annotations

import pytest
from graph_queries import ask, assert_film_value_claim, select
from rdflib import Literal

from nlmg_graph.namespaces import NLMG, PLACE, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]


# ------------------------------------------------------------------------------------------
# Containment hierarchy
# ------------------------------------------------------------------------------------------

# place -> its chain of containers, innermost first (from the article, the location guide,
# Film London, the Telegraph, Cinema St Andrews and the geography pages cited as sources).
HIERARCHY = {
    "ham-house": ["richmond-upon-thames", "london", "england", "united-kingdom"],
    "chiswick-town-hall": ["hounslow", "london", "england", "united-kingdom"],
    "forest-school-walthamstow": ["waltham-forest", "london", "england", "united-kingdom"],
    "andrew-melville-hall": ["st-andrews", "fife", "scotland", "united-kingdom"],
    "clevedon": ["somerset", "england", "united-kingdom"],
    "weston-super-mare": ["somerset", "england", "united-kingdom"],
    "cleve-hill-farm": ["somerset", "england", "united-kingdom"],
    "stapleford": ["cambridgeshire", "england", "united-kingdom"],
    "norfolk-coast": ["norfolk", "england", "united-kingdom"],
    "holkham-beach": ["norfolk", "england", "united-kingdom"],
    "surrey": ["england", "united-kingdom"],
    "telluride": ["united-states"],
    "los-angeles": ["united-states"],
    "chicago": ["united-states"],
    "nagasaki": ["japan"],
}


@pytest.mark.parametrize("slug", sorted(HIERARCHY))
def test_place_is_contained_in_exactly_its_chain(kg, slug):
    chain = HIERARCHY[slug]
    ancestors = {
        row[0]
        for row in select(kg, "SELECT ?up WHERE { ?p schema:containedInPlace+ ?up }", p=PLACE[slug])
    }
    assert ancestors == {PLACE[s] for s in chain}, (
        f"{slug}: containers found {sorted(map(str, ancestors))}, expected {chain}"
    )
    direct = {
        row[0]
        for row in select(kg, "SELECT ?up WHERE { ?p schema:containedInPlace ?up }", p=PLACE[slug])
    }
    assert direct == {PLACE[chain[0]]}, f"{slug}: direct container {sorted(map(str, direct))}"


@pytest.mark.parametrize("slug", sorted(HIERARCHY))
def test_each_containment_fact_has_a_sourced_claim(kg, slug):
    parent = PLACE[HIERARCHY[slug][0]]
    rows = select(
        kg,
        """SELECT ?claim ?rank ?source WHERE {
            ?claim a nlmg:Claim ; rdf:subject ?p ; rdf:predicate schema:containedInPlace ;
                   rdf:object ?o ; nlmg:rank ?rank ; nlmg:statedIn ?source .
        }""",
        p=PLACE[slug],
        o=parent,
    )
    assert rows, f"no claim backs {slug} schema:containedInPlace {parent}"
    assert all(rank != NLMG.DeprecatedRank for _, rank, _ in rows), rows


@pytest.mark.parametrize(
    ("slug", "country_class"),
    [("united-kingdom", "Country"), ("united-states", "Country"), ("japan", "Country")],
)
def test_countries_are_the_top_of_the_hierarchy(kg, slug, country_class):
    assert ask(kg, f"ASK {{ ?p a schema:{country_class} }}", p=PLACE[slug]), slug
    assert not ask(kg, "ASK { ?p schema:containedInPlace ?up }", p=PLACE[slug]), (
        f"{slug} is a country and must not be contained in another place"
    )


@pytest.mark.parametrize(
    ("slug", "schema_class", "name"),
    [
        ("ham-house", "LandmarksOrHistoricalBuildings", "Ham House"),
        ("chiswick-town-hall", "GovernmentBuilding", "Chiswick Town Hall"),
        ("forest-school-walthamstow", "School", "Forest School, Walthamstow"),
        ("richmond-upon-thames", "AdministrativeArea", "London Borough of Richmond upon Thames"),
        ("hounslow", "AdministrativeArea", "London Borough of Hounslow"),
        ("waltham-forest", "AdministrativeArea", "London Borough of Waltham Forest"),
        ("london", "City", "London"),
        ("st-andrews", "City", "St Andrews"),
        ("andrew-melville-hall", "LandmarksOrHistoricalBuildings", "Andrew Melville Hall"),
        ("norfolk-coast", "Beach", "Norfolk coast"),
        ("holkham-beach", "Beach", "Holkham beach"),
    ],
)
def test_place_class_and_name(kg, slug, schema_class, name):
    assert ask(
        kg, f"ASK {{ ?p a schema:{schema_class} ; schema:name ?n }}", p=PLACE[slug], n=Literal(name)
    ), f"{slug} should be a schema:{schema_class} named {name!r}"


def test_ham_house_is_17th_century_with_sourced_claim(kg):
    rows = select(kg, "SELECT ?c WHERE { place:ham-house nlmg:builtInCentury ?c }")
    assert [r[0].toPython() for r in rows] == [17], rows
    sources = {
        r[0]
        for r in select(
            kg,
            """SELECT ?s WHERE { ?claim rdf:subject place:ham-house ;
                 rdf:predicate nlmg:builtInCentury ; nlmg:statedIn ?s }""",
        )
    }
    assert {SOURCE["article"], SOURCE["film-london-2011"]} <= sources, sources


def test_ham_house_in_surrey_is_only_a_deprecated_claim(kg):
    assert not ask(kg, "ASK { place:ham-house schema:containedInPlace+ place:surrey }"), (
        "Ham House is in Richmond upon Thames, London, not Surrey"
    )
    rows = select(
        kg,
        """SELECT ?rank ?ver ?reason ?by WHERE {
            ?claim rdf:subject place:ham-house ; rdf:predicate schema:containedInPlace ;
                   rdf:object place:surrey ; nlmg:rank ?rank ; nlmg:verification ?ver ;
                   nlmg:statedIn ?s ; nlmg:deprecationReason ?reason ; nlmg:contradictedBy ?by .
        }""",
        s=SOURCE["article"],
    )
    assert rows, "the article's 'estates in Surrey' claim should be kept as a claim"
    assert {r[0] for r in rows} == {NLMG.DeprecatedRank}, rows
    assert {r[1] for r in rows} == {NLMG.Refuted}, rows
    assert all(r[2].language == "en" for r in rows), rows
    evidence = {r[3] for r in rows}
    assert SOURCE["movie-locations"] in evidence or SOURCE["film-london-2011"] in evidence, evidence


# ------------------------------------------------------------------------------------------
# Filming locations
# ------------------------------------------------------------------------------------------

# (place, fictional place it stood in for or None, rank, verification, sources that must be
# among those the claim cites, whether the film links it as a fact)
FILMING = [
    (
        "ham-house",
        "hailsham",
        "NormalRank",
        "Corroborated",
        {"article", "movie-locations", "film-london-2011"},
        True,
    ),
    ("chiswick-town-hall", "hailsham", "NormalRank", "Corroborated", {"movie-locations"}, True),
    ("forest-school-walthamstow", None, "NormalRank", "Corroborated", {"darkhorizons"}, True),
    ("andrew-melville-hall", None, "NormalRank", "Corroborated", {"cinema-st-andrews"}, True),
    ("clevedon", None, "NormalRank", "Corroborated", {"telegraph-filming"}, True),
    ("weston-super-mare", None, "NormalRank", "Corroborated", {"movie-locations"}, True),
    (
        "norfolk-coast",
        None,
        "NormalRank",
        "Corroborated",
        {"article", "st-andrews-news-2009", "martincuff-norfolk"},
        True,
    ),
    ("holkham-beach", None, "NormalRank", "Corroborated", {"martincuff-norfolk"}, True),
    ("london", None, "NormalRank", None, {"article"}, True),
    # the article's claims that published sources contradict or do not support
    ("stapleford", "the-cottages", "DeprecatedRank", None, {"article"}, False),
    ("cleve-hill-farm", "the-cottages", "DeprecatedRank", None, {"article"}, False),
    ("norfolk", "hailsham", "DeprecatedRank", "Refuted", {"article"}, False),
    ("somerset", "the-cottages", "DeprecatedRank", "Refuted", {"article"}, False),
    ("surrey", "hailsham", "DeprecatedRank", "Refuted", {"article"}, False),
]


def _filming_claims(kg, place_slug, depicts):
    depicts_pattern = (
        "?fl nlmg:depicts ?dep ." if depicts else "FILTER NOT EXISTS { ?fl nlmg:depicts ?any }"
    )
    bindings = {"pl": PLACE[place_slug]}
    if depicts:
        bindings["dep"] = PLACE[depicts]
    return select(
        kg,
        f"""SELECT ?fl ?claim ?rank ?ver ?source WHERE {{
            ?fl a nlmg:FilmingLocation ; nlmg:place ?pl .
            {depicts_pattern}
            ?claim a nlmg:Claim ; rdf:subject work:never-let-me-go-2010 ;
                   rdf:predicate nlmg:filmingLocation ; rdf:object ?fl ;
                   nlmg:rank ?rank ; nlmg:verification ?ver ; nlmg:statedIn ?source .
        }}""",
        **bindings,
    )


@pytest.mark.parametrize(
    ("place_slug", "depicts", "rank", "verification", "sources", "is_fact"),
    FILMING,
    ids=[f"{row[0]}-{row[1] or 'scenes'}" for row in FILMING],
)
def test_filming_location_claim(kg, place_slug, depicts, rank, verification, sources, is_fact):
    rows = _filming_claims(kg, place_slug, depicts)
    assert rows, f"no filming-location claim for {place_slug} (standing in for {depicts})"
    assert_film_value_claim(
        kg,
        rows,
        NLMG.filmingLocation,
        rank=rank,
        verification=verification,
        sources=sources,
        is_fact=is_fact,
    )


@pytest.mark.parametrize(
    "place_slug",
    [row[0] for row in FILMING if row[2] == "DeprecatedRank"],
)
def test_deprecated_filming_claims_give_reason_and_evidence(kg, place_slug):
    rows = select(
        kg,
        """SELECT ?reason ?by WHERE {
            ?fl nlmg:place ?pl .
            ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:filmingLocation ;
                   rdf:object ?fl ; nlmg:rank nlmg:DeprecatedRank ;
                   nlmg:deprecationReason ?reason ; nlmg:contradictedBy ?by .
        }""",
        pl=PLACE[place_slug],
    )
    assert rows, f"deprecated claim for {place_slug} lacks a reason or evidence"
    assert all(isinstance(r[0], Literal) and r[0].language == "en" for r in rows), rows


def test_ham_house_for_hailsham_is_corroborated_outside_the_article(kg):
    rows = _filming_claims(kg, "ham-house", "hailsham")
    assert {r[4] for r in rows} - {SOURCE["article"]}, "Ham House needs a non-article source"


def test_only_one_filming_location_is_in_scotland(kg):
    rows = select(
        kg,
        """SELECT DISTINCT ?pl WHERE {
            work:never-let-me-go-2010 nlmg:filmingLocation ?fl .
            ?fl nlmg:place ?pl . ?pl schema:containedInPlace+ place:scotland .
        }""",
    )
    assert [r[0] for r in rows] == [PLACE["andrew-melville-hall"]], rows


def test_stand_ins_for_the_cottages_are_all_deprecated(kg):
    rows = select(
        kg,
        """SELECT ?fl WHERE {
            work:never-let-me-go-2010 nlmg:filmingLocation ?fl .
            ?fl nlmg:depicts place:the-cottages .
        }""",
    )
    assert rows == [], f"no source supports any Cottages location, yet facts exist: {rows}"


def test_hailsham_facts_are_the_london_locations(kg):
    rows = select(
        kg,
        """SELECT ?pl WHERE {
            work:never-let-me-go-2010 nlmg:filmingLocation ?fl .
            ?fl nlmg:depicts place:hailsham ; nlmg:place ?pl .
        }""",
    )
    assert {r[0] for r in rows} == {PLACE["ham-house"], PLACE["chiswick-town-hall"]}, rows


# ------------------------------------------------------------------------------------------
# Fictional places
# ------------------------------------------------------------------------------------------

FICTIONAL = {
    "hailsham": "Hailsham",
    "the-cottages": "The Cottages",
    "alternate-england": "Alternate England",
}


@pytest.mark.parametrize("slug", sorted(FICTIONAL))
def test_fictional_place(kg, slug):
    assert ask(
        kg,
        "ASK { ?p a nlmg:FictionalPlace ; schema:name ?n }",
        p=PLACE[slug],
        n=Literal(FICTIONAL[slug]),
    ), slug
    assert not ask(kg, "ASK { ?p a schema:Place }", p=PLACE[slug]), (
        f"{slug} must not be a real place"
    )
    assert not ask(
        kg, "ASK { ?p schema:containedInPlace ?up . ?up a schema:Country }", p=PLACE[slug]
    ), slug
    descriptions = select(kg, "SELECT ?d WHERE { ?p schema:description ?d }", p=PLACE[slug])
    assert len(descriptions) == 1 and descriptions[0][0].language == "en", descriptions


@pytest.mark.parametrize("slug", sorted(FICTIONAL))
@pytest.mark.parametrize("work", [FILM, NOVEL], ids=["film", "novel"])
def test_fictional_place_is_present_in_both_works(kg, slug, work):
    assert ask(kg, "ASK { ?p nlmg:presentInWork ?w }", p=PLACE[slug], w=work), f"{slug} in {work}"
    assert ask(
        kg,
        """ASK { ?claim rdf:subject ?p ; rdf:predicate nlmg:presentInWork ; rdf:object ?w ;
                 nlmg:rank nlmg:NormalRank ; nlmg:statedIn ?s }""",
        p=PLACE[slug],
        w=work,
    ), f"no sourced claim for {slug} in {work}"
