"""The film-side second audit (issue 10): one test per corrected or newly sourced fact.

Each test reads the shipped graph through the public API by SPARQL (``kg.query``) and checks the
corrected state: the claim's rank, verification and sources, and whether its triple is in the
facts view (``kg.serialize("nt", view="facts")``), where a wrong or article-only statement must
not read as an established fact. The evidence is written in each test: Best Buy's end of disc
sales (Axios, Neowin, Sportskeeda), Metacritic's band labels, the Stapleford parish council,
the St Andrews press release and two blogs for the Norfolk beach, and the pages that name the
real song heard in the film.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

import nlmg_graph
from nlmg_graph.namespaces import (
    CHARACTER,
    FILMING,
    NLMG,
    OFFER,
    ORG,
    PERSON,
    PLACE,
    SCHEMA,
    SOURCE,
    WORK,
)

FILM = WORK["never-let-me-go-2010"]
ARTICLE = SOURCE["article"]
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
"""
RENT_BUY = ("amazon-prime-video", "apple-tv", "google-play-movies", "youtube-movies", "vudu")


def claims(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: object):
    """Every claim on ``subject predicate obj``: (claim, rank, verification, sources, comment)."""
    answer = kg.query(
        PREFIXES
        + f"""SELECT ?claim ?rank ?verification
                     (GROUP_CONCAT(STR(?source); separator=" ") AS ?sources) WHERE {{
            ?claim a nlmg:Claim ; rdf:subject <{subject}> ; rdf:predicate <{predicate}> ;
                   rdf:object {obj.n3() if isinstance(obj, (URIRef, Literal)) else obj} ;
                   nlmg:rank ?rank ; nlmg:verification ?verification ; nlmg:statedIn ?source .
        }} GROUP BY ?claim ?rank ?verification"""
    )
    assert isinstance(answer, nlmg_graph.Solutions)
    return [
        (row[0], URIRef(row[1]), URIRef(row[2]), {URIRef(s) for s in row[3].split()})
        for row in answer
    ]


def one_claim(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: object):
    found = claims(kg, subject, predicate, obj)
    assert len(found) == 1, f"{subject} {predicate} {obj}: expected one claim, got {found}"
    return found[0]


def value(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef) -> str | None:
    answer = kg.query(f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}")
    assert isinstance(answer, nlmg_graph.Solutions)
    values = [str(row[0]) for row in answer]
    assert len(values) <= 1, values
    return values[0] if values else None


def source_url(kg: nlmg_graph.KnowledgeGraph, source: URIRef) -> str | None:
    return value(kg, source, SCHEMA.url)


# --- where to watch ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["dvd", "blu-ray"])
def test_best_buy_disc_listing_is_refuted(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph, fmt: str
) -> None:
    offer = OFFER[f"best-buy-physical-media-{fmt}"]
    _, rank, verification, sources = one_claim(kg, FILM, SCHEMA.offers, offer)
    assert (rank, verification, sources) == (NLMG.DeprecatedRank, NLMG.Refuted, {ARTICLE})
    answer = kg.query(
        PREFIXES
        + f"""SELECT ?reason ?evidence WHERE {{
            ?claim rdf:object <{offer}> ; nlmg:deprecationReason ?reason ;
                   nlmg:contradictedBy ?evidence .
        }}"""
    )
    assert isinstance(answer, nlmg_graph.Solutions)
    evidence = {URIRef(row[1]) for row in answer}
    assert {SOURCE["axios-best-buy-2023"], SOURCE["neowin-best-buy-2023"]} <= evidence
    assert "2024" in str(answer[0][0]), "the reason says when Best Buy stopped selling discs"
    assert source_url(kg, SOURCE["axios-best-buy-2023"]) == (
        "https://www.axios.com/2023/10/14/best-buy-dvd-blue-ray-sales-ending"
    )
    assert (FILM, SCHEMA.offers, offer) not in facts
    assert not any(facts.triples((offer, None, None))), "the stale offer is not published"


def test_other_disc_sellers_stay_the_articles_listing(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    for seller in ("amazon", "barnes-and-noble"):
        for fmt in ("dvd", "blu-ray"):
            offer = OFFER[f"{seller}-physical-media-{fmt}"]
            _, rank, verification, sources = one_claim(kg, FILM, SCHEMA.offers, offer)
            assert (rank, verification, sources) == (NLMG.NormalRank, NLMG.Unverified, {ARTICLE})
            assert (FILM, SCHEMA.offers, offer) in facts


@pytest.mark.parametrize("seller", ["netflix", "hulu", "hbo-max"])
def test_subscription_services_are_suggestions_not_listings(
    kg: nlmg_graph.KnowledgeGraph, seller: str
) -> None:
    offer = OFFER[f"{seller}-subscription-stream"]
    assert value(kg, offer, NLMG.availability) == str(NLMG.Rotating)
    for price in (SCHEMA.price, SCHEMA.minPrice, SCHEMA.maxPrice, SCHEMA.priceCurrency):
        assert value(kg, offer, price) is None, f"{seller}: the article names no price"
    assert value(kg, offer, NLMG.observedOn) == "2025-09-30"
    description = value(kg, offer, SCHEMA.description) or ""
    assert description.startswith("Not a listing"), description
    _, rank, verification, sources = one_claim(kg, FILM, SCHEMA.offers, offer)
    assert (rank, verification, sources) == (NLMG.NormalRank, NLMG.Unverified, {ARTICLE})


@pytest.mark.parametrize("seller", RENT_BUY)
def test_rental_and_purchase_prices_are_the_articles_band_for_the_group(
    kg: nlmg_graph.KnowledgeGraph, seller: str
) -> None:
    for kind in ("rent-hd", "buy"):
        offer = OFFER[f"{seller}-{kind}"]
        description = value(kg, offer, SCHEMA.description) or ""
        assert "as a group" in description and "not a price this store" in description, (
            f"{offer}: say the figure is the article's band for the five stores"
        )
        _, rank, verification, _ = one_claim(kg, FILM, SCHEMA.offers, offer)
        assert (rank, verification) == (NLMG.NormalRank, NLMG.Unverified)


# --- review scores ---------------------------------------------------------------------------


def test_metascore_band_is_named_as_metacritic_labels_it(kg: nlmg_graph.KnowledgeGraph) -> None:
    answer = kg.query(
        PREFIXES
        + """SELECT ?text WHERE {
            ?film nlmg:reviewScore ?score .
            ?score nlmg:scoreMethod nlmg:Metascore ; schema:ratingExplanation ?text .
        }"""
    )
    assert isinstance(answer, nlmg_graph.Solutions) and len(answer) == 1
    text = str(answer[0][0])
    assert "generally favorable reviews" in text and "61 to 80" in text, text
    assert "mostly positive" not in text


@pytest.mark.parametrize("method", ["AudienceScore", "Metascore"])
def test_article_only_scores_stay_unverified(kg: nlmg_graph.KnowledgeGraph, method: str) -> None:
    answer = kg.query(
        PREFIXES
        + f"""SELECT ?score WHERE {{
            <{FILM}> nlmg:reviewScore ?score . ?score nlmg:scoreMethod nlmg:{method} .
        }}"""
    )
    assert isinstance(answer, nlmg_graph.Solutions) and len(answer) == 1
    _, rank, verification, sources = one_claim(kg, FILM, NLMG.reviewScore, URIRef(answer[0][0]))
    assert (rank, verification, sources) == (NLMG.NormalRank, NLMG.Unverified, {ARTICLE})


# --- places that exist only because of deprecated filming claims --------------------------------


def test_stapleford_is_placed_in_cambridgeshire_by_its_parish_council(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    stapleford = PLACE["stapleford"]
    _, rank, verification, sources = one_claim(
        kg, stapleford, SCHEMA.containedInPlace, PLACE["cambridgeshire"]
    )
    assert (rank, verification) == (NLMG.NormalRank, NLMG.Corroborated)
    assert SOURCE["stapleford-parish-council"] in sources
    assert source_url(kg, SOURCE["stapleford-parish-council"]) == (
        "https://staplefordparishcouncil.gov.uk/parish-history/"
    )
    filming = FILMING["stapleford-cottages"]
    _, rank, _, _ = one_claim(kg, FILM, NLMG.filmingLocation, filming)
    assert rank == NLMG.DeprecatedRank
    assert (FILM, NLMG.filmingLocation, filming) not in facts


def test_cleve_hill_farm_location_rests_on_the_article_alone(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    farm = PLACE["cleve-hill-farm"]
    _, rank, verification, sources = one_claim(kg, farm, SCHEMA.containedInPlace, PLACE["somerset"])
    assert (rank, verification, sources) == (NLMG.NormalRank, NLMG.Unverified, {ARTICLE})
    assert "only the article" in (value(kg, farm, SCHEMA.description) or "").lower()
    filming = FILMING["cleve-hill-farm-cottages"]
    assert (FILM, NLMG.filmingLocation, filming) not in facts


def test_corroborated_place_claims_cite_a_source_besides_the_article(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    answer = kg.query(
        PREFIXES
        + f"""SELECT ?claim WHERE {{
            ?claim rdf:predicate schema:containedInPlace ; nlmg:verification nlmg:Corroborated .
            FILTER NOT EXISTS {{
                ?claim nlmg:statedIn ?source . FILTER (?source != <{ARTICLE}>)
            }}
        }}"""
    )
    assert isinstance(answer, nlmg_graph.Solutions)
    assert not list(answer), f"corroborated on the article alone: {[r[0] for r in answer]}"


# --- Norfolk ---------------------------------------------------------------------------------


def test_norfolk_coast_filming_is_corroborated(kg: nlmg_graph.KnowledgeGraph, facts: Graph) -> None:
    filming = FILMING["norfolk-coast"]
    _, rank, verification, sources = one_claim(kg, FILM, NLMG.filmingLocation, filming)
    assert (rank, verification) == (NLMG.NormalRank, NLMG.Corroborated)
    assert {ARTICLE, SOURCE["st-andrews-news-2009"], SOURCE["martincuff-norfolk"]} <= sources
    assert (FILM, NLMG.filmingLocation, filming) in facts
    _, _, verification, _ = one_claim(
        kg, PLACE["norfolk-coast"], SCHEMA.containedInPlace, PLACE["norfolk"]
    )
    assert verification == NLMG.Corroborated


def test_holkham_beach_is_named_as_a_filming_place(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    beach = PLACE["holkham-beach"]
    assert value(kg, beach, SCHEMA.name) == "Holkham beach"
    assert (beach, SCHEMA.containedInPlace, PLACE["norfolk"]) in facts
    filming = FILMING["holkham-beach"]
    assert value(kg, filming, NLMG.place) == str(beach)
    _, rank, verification, sources = one_claim(kg, FILM, NLMG.filmingLocation, filming)
    assert (rank, verification, sources) == (
        NLMG.NormalRank,
        NLMG.Corroborated,
        {SOURCE["martincuff-norfolk"]},
    )
    assert source_url(kg, SOURCE["martincuff-norfolk"]) == "https://www.martincuff.com/tag/norfolk/"
    assert (FILM, NLMG.filmingLocation, filming) in facts


# --- the real song heard in the film -------------------------------------------------------------

RECORDING = WORK["never-let-me-go-monheit-recording"]


@pytest.mark.parametrize(
    ("predicate", "obj", "source"),
    [
        (SCHEMA.byArtist, PERSON["jane-monheit"], "litstack-songs"),
        (SCHEMA.author, PERSON["luther-dixon"], "litstack-songs"),
        (NLMG.presentInWork, FILM, "fakebands-judy-bridgewater"),
    ],
    ids=["performer", "writer", "in-the-film"],
)
def test_real_song_in_the_film(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph, predicate: URIRef, obj: URIRef, source: str
) -> None:
    assert value(kg, RECORDING, SCHEMA.name) == "Never Let Me Go"
    _, rank, verification, sources = one_claim(kg, RECORDING, predicate, obj)
    assert (rank, verification) == (NLMG.NormalRank, NLMG.Corroborated)
    assert SOURCE[source] in sources and ARTICLE not in sources
    assert (RECORDING, predicate, obj) in facts


def test_novels_song_stays_the_invented_singers(
    kg: nlmg_graph.KnowledgeGraph, facts: Graph
) -> None:
    song = WORK["never-let-me-go-song"]
    assert set(facts.objects(song, SCHEMA.byArtist)) == {CHARACTER["judy-bridgewater"]}
    assert set(facts.objects(RECORDING, SCHEMA.byArtist)) == {PERSON["jane-monheit"]}
    assert song != RECORDING
    assert value(kg, PERSON["jane-monheit"], SCHEMA.jobTitle) == "singer"
    assert value(kg, PERSON["luther-dixon"], SCHEMA.jobTitle) == "songwriter"


def test_best_buy_is_still_named(kg: nlmg_graph.KnowledgeGraph) -> None:
    assert value(kg, ORG["best-buy"], SCHEMA.name) == "Best Buy"
