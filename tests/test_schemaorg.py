"""schema.org markup built from the verified view: coverage, stable ids, nothing disputed,
refuted or resting on the article alone (the facts view's markup where it says so).

Expected values come from the data's sources (the article's cast and crew sections, the
location sources, the novel's publication), not from the program's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from markup_nodes import nodes
from rdflib import URIRef

import nlmg_graph
from nlmg_graph import schemaorg

FILM = "https://w3id.org/nlmg/work/never-let-me-go-2010"
NOVEL = "https://w3id.org/nlmg/work/never-let-me-go-novel"
ARTICLE = "https://w3id.org/nlmg/source/article"
FAQ_PAGE = "https://w3id.org/nlmg/faq/page"
RELATED_FILMS = (  # by title, the film among them
    *("annihilation", "children-of-men", "ex-machina", "gattaca", "never-let-me-go-2010"),
    *("one-hour-photo", "the-remains-of-the-day-film"),
)
BOOKS = ("never-let-me-go-novel", "the-remains-of-the-day-novel")


def iri(path: str) -> str:
    return f"https://w3id.org/nlmg/{path}"


def many(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def document(kg: nlmg_graph.KnowledgeGraph) -> dict[str, Any]:
    return schemaorg.markup(kg)


@pytest.fixture(scope="module")
def film(kg: nlmg_graph.KnowledgeGraph) -> dict[str, Any]:
    node = schemaorg.entity_markup(kg, FILM)
    assert node is not None
    return node


def test_document_shape(document: dict[str, Any], kg: nlmg_graph.KnowledgeGraph) -> None:
    assert document["@context"] == "https://schema.org"
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == schemaorg.entities(kg)
    # every work with facts in the verified view, films then books, each by title: the film
    # and the six related films of data/related.ttl (each with a corroborated release year, so
    # each is a Movie, most of them small: schema.org has no release year), then the novel
    # and The Remains of the Day (1989)
    works = [f"work/{slug}" for slug in (*RELATED_FILMS, *BOOKS)]
    assert ids[:9] == [iri(work) for work in works] and ids[-2:] == [ARTICLE, FAQ_PAGE]
    assert [node["@type"] for node in document["@graph"][:9]] == 7 * ["Movie"] + 2 * ["Book"]
    assert {node["@type"] for node in document["@graph"][9:-2]} == {"Person"}
    # the 28 people of docs/MODEL.md (among them the executive producer Tessa Ross and the 7
    # people of the novel's later adaptations), and the singer and the writer of the song
    assert len(ids) == 9 + 30 + 2


def test_entity_nodes_are_the_whole_documents_nodes(
    document: dict[str, Any], kg: nlmg_graph.KnowledgeGraph
) -> None:
    for node in document["@graph"]:
        assert schemaorg.entity_markup(kg, node["@id"]) == {
            "@context": "https://schema.org",
            **node,
        }


def test_ids_are_the_graphs_iris(document: dict[str, Any], kg: nlmg_graph.KnowledgeGraph) -> None:
    subjects = {str(s) for s in kg.data.subjects()}
    ids = {node["@id"] for node in nodes(document) if "@id" in node}
    assert ids and ids <= subjects, sorted(ids - subjects)


def test_markup_is_deterministic(document: dict[str, Any]) -> None:
    again = schemaorg.markup(nlmg_graph.load())
    assert json.dumps(again) == json.dumps(document)


# -- preferred facts only --------------------------------------------------------------------


def test_no_deprecated_claim_reaches_the_markup(
    document: dict[str, Any], kg: nlmg_graph.KnowledgeGraph
) -> None:
    """The objects of deprecated claims (the 64M box office, the Saturn "Best International
    Film" and NBR nominations, the Norfolk/Somerset/Surrey/Stapleford/Cleve Hill filming
    records, Ham House in Surrey) appear nowhere, unless a fact also points to them."""
    text = json.dumps(document)
    fact_objects = {str(o) for o in kg.data.objects()}
    deprecated = {str(row.object) for row in kg.disputed_claims()}
    absent = {o for o in deprecated if o.startswith("https://w3id.org/nlmg/")} - fact_objects
    assert iri("amount/box-office-worldwide-64-million") in absent
    assert iri("filming-location/surrey-estates") in absent
    for thing in sorted(absent):
        assert json.dumps(thing) not in text, thing
    for words in [
        "64000000",
        "Best International Film",
        "National Board of Review",
        "Top Ten Independent Films",
        "Surrey",
        "Stapleford",
        "Cleve Hill",
    ]:
        assert words not in text, words


def test_filming_places_are_the_facts_only(kg: nlmg_graph.KnowledgeGraph) -> None:
    # the published location sources (movie-locations, Film London, Telegraph, Cinema St
    # Andrews, a viewer's blog naming Holkham beach) and the article's FAQ; not Norfolk,
    # Somerset or Surrey for Hailsham/the Cottages
    film = schemaorg.entity_markup(kg, FILM, view="facts")
    assert film is not None
    places = {place["@id"] for place in many(film["locationCreated"])}
    assert places == {
        iri(f"place/{slug}")
        for slug in [
            "ham-house",
            "chiswick-town-hall",
            "forest-school-walthamstow",
            "andrew-melville-hall",
            "clevedon",
            "weston-super-mare",
            "norfolk-coast",
            "holkham-beach",
            "london",
            "england",
        ]
    }
    ham = next(p for p in many(film["locationCreated"]) if p["@id"].endswith("ham-house"))
    chain = []
    while ham:
        chain.append(ham["name"])
        ham = ham.get("containedInPlace")
    assert chain == [
        "Ham House",
        "London Borough of Richmond upon Thames",
        "London",
        "England",
        "United Kingdom",
    ]


def test_filming_places_are_the_corroborated_ones(
    film: dict[str, Any], kg: nlmg_graph.KnowledgeGraph
) -> None:
    """The verified markup's filming places are those of corroborated filming claims (so not
    the article-only Norfolk coast, unless a published source is found for it)."""
    corroborated = kg.query(
        """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
        PREFIX work: <https://w3id.org/nlmg/work/>
        SELECT DISTINCT ?place WHERE {
          ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:filmingLocation ;
            rdf:object ?location ; nlmg:verification nlmg:Corroborated ; nlmg:rank ?rank .
          FILTER (?rank != nlmg:DeprecatedRank)
          GRAPH <https://w3id.org/nlmg/graph/data> {
            work:never-let-me-go-2010 nlmg:filmingLocation ?location . ?location nlmg:place ?place
          }
        }"""
    )
    assert isinstance(corroborated, nlmg_graph.Solutions)
    places = {place["@id"] for place in many(film["locationCreated"])}
    assert places == {row.place for row in corroborated}
    assert iri("place/ham-house") in places


def test_no_review_scores_as_the_films_rating(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    for key in ['"aggregateRating"', '"review"', '"reviewRating"', '"ratingValue"']:
        assert key not in text
    assert "Rotten Tomatoes" not in text and "Metacritic" not in text


# -- coverage of the film --------------------------------------------------------------------


def test_film_basics(film: dict[str, Any]) -> None:
    assert film["@context"] == "https://schema.org"
    assert (film["@id"], film["@type"], film["name"]) == (FILM, "Movie", "Never Let Me Go")
    assert film["datePublished"] == "2010-09-03"  # Telluride premiere
    assert film["duration"] in ("PT103M", "PT1H43M")  # ISO 8601, 103 minutes either way
    assert sorted(film["genre"]) == ["drama", "science fiction"]
    assert film["inLanguage"] == "en"
    assert {c["@id"] for c in film["countryOfOrigin"]} == {
        iri("place/united-kingdom"),
        iri("place/united-states"),
    }
    assert all(c["@type"] == "Country" for c in film["countryOfOrigin"])
    assert film["director"] == {
        "@id": iri("person/mark-romanek"),
        "@type": "Person",
        "name": "Mark Romanek",
    }
    assert film["musicBy"]["name"] == "Rachel Portman"
    assert {p["name"] for p in film["producer"]} == {"Andrew Macdonald", "Allon Reich"}
    assert {c["name"] for c in film["productionCompany"]} == {"DNA Films", "Film4"}
    assert sorted(film["sameAs"]) == [
        "https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)",
        "https://www.imdb.com/title/tt1334260/",
    ]


def test_cast_as_performance_roles(film: dict[str, Any]) -> None:
    # the article's cast section and Variety's credits
    cast = {(role["actor"]["name"], role["characterName"]) for role in film["actor"]}
    assert cast == {
        ("Carey Mulligan", "Kathy"),
        ("Andrew Garfield", "Tommy"),
        ("Keira Knightley", "Ruth"),
        ("Charlotte Rampling", "Miss Emily"),
        ("Sally Hawkins", "Miss Lucy"),
        ("Nathalie Richard", "Madame"),
        ("Andrea Riseborough", "Chrissie"),
        ("Domhnall Gleeson", "Rodney"),
        ("Izzy Meikle-Small", "Young Kathy"),
        ("Charlie Rowe", "Young Tommy"),
        ("Ella Purnell", "Young Ruth"),
    }
    for role in film["actor"]:
        assert role["@type"] == "PerformanceRole"
        assert role["@id"].startswith(iri("role/"))
        assert role["actor"]["@type"] == "Person"


def test_screenplay_and_crew_credits_as_roles(film: dict[str, Any]) -> None:
    writer = film["author"]
    assert (writer["@type"], writer["roleName"], writer["author"]["name"]) == (
        "Role",
        "screenwriter",
        "Alex Garland",
    )
    crew = {(role["roleName"], role["contributor"]["name"]) for role in film["contributor"]}
    assert ("director of photography", "Adam Kimmel") in crew
    assert ("film editor", "Barney Pilling") in crew


def test_based_on_the_book_with_author_and_date(film: dict[str, Any]) -> None:
    book = film["isBasedOn"]
    assert (book["@id"], book["@type"], book["name"]) == (NOVEL, "Book", "Never Let Me Go")
    assert book["author"]["name"] == "Kazuo Ishiguro"
    assert book["datePublished"] == "2005"


def test_awards_won_as_text(film: dict[str, Any]) -> None:
    # BIFA 2010 Best Actress (Mulligan), Evening Standard 2011 Best Actor (Garfield) and
    # Saturn 2011 Best Supporting Actor (Garfield); nominations that were not won are not awards
    assert sorted(many(film["award"])) == [
        "British Independent Film Awards 2010: Best Actress (Carey Mulligan)",
        "London Evening Standard British Film Awards 2011: Best Actor (Andrew Garfield)",
        "Saturn Awards 2011: Best Supporting Actor (Andrew Garfield)",
    ]


def test_article_only_offers_stay_out(film: dict[str, Any]) -> None:
    # every shipped offer rests on the article alone (Unverified): none is published
    assert "offers" not in film


def test_offers(kg: nlmg_graph.KnowledgeGraph) -> None:
    film = schemaorg.entity_markup(kg, FILM, view="facts")
    assert film is not None
    offers = {offer["@id"]: offer for offer in film["offers"]}
    assert set(offers) == {row.offer for row in kg.where_to_watch()}
    rent = offers[iri("offer/amazon-prime-video-rent-hd")]
    assert (rent["@type"], rent["price"], rent["priceCurrency"]) == ("Offer", 3.99, "USD")
    assert rent["validFrom"] == "2025-09-30"  # observed on the article's date
    assert rent["category"] == "rent"
    assert rent["seller"]["name"] == "Amazon Prime Video"
    buy = offers[iri("offer/amazon-prime-video-buy")]
    assert "price" not in buy
    assert buy["priceSpecification"] == {
        "@type": "PriceSpecification",
        "minPrice": 12.99,
        "maxPrice": 14.99,
        "priceCurrency": "USD",
    }


# -- the other entities --------------------------------------------------------------------------


def test_novel(kg: nlmg_graph.KnowledgeGraph) -> None:
    book = schemaorg.entity_markup(kg, NOVEL)
    assert book is not None
    assert (book["@type"], book["datePublished"]) == ("Book", "2005")
    assert book["author"]["@id"] == iri("person/kazuo-ishiguro")
    assert book["publisher"]["name"] == "Faber and Faber"


def test_people(kg: nlmg_graph.KnowledgeGraph) -> None:
    mulligan = schemaorg.entity_markup(kg, iri("person/carey-mulligan"))
    assert mulligan is not None
    assert mulligan["birthDate"] == "1985-05-28"
    assert mulligan["birthPlace"]["name"] == "London"
    assert "https://www.imdb.com/name/nm1659547/" in mulligan["sameAs"]
    assert (
        mulligan["award"] == "British Independent Film Awards 2010: Best Actress (Never Let Me Go)"
    )
    ishiguro = schemaorg.entity_markup(kg, iri("person/kazuo-ishiguro"))
    assert ishiguro is not None
    assert (ishiguro["birthDate"], ishiguro["birthPlace"]["name"]) == ("1954-11-08", "Nagasaki")
    portman = schemaorg.entity_markup(kg, iri("person/rachel-portman"))
    assert portman == {
        "@context": "https://schema.org",
        "@id": iri("person/rachel-portman"),
        "@type": "Person",
        "name": "Rachel Portman",
    }


def test_article(kg: nlmg_graph.KnowledgeGraph) -> None:
    article = schemaorg.entity_markup(kg, ARTICLE)
    assert article is not None
    assert article["@type"] == "Article"
    assert article["datePublished"] == "2025-09-30"
    assert article["headline"].startswith("Never Let Me Go Film Analysis")


def test_article_is_about_the_film_and_the_novel(kg: nlmg_graph.KnowledgeGraph) -> None:
    """``about`` comes from the data (source:article schema:about the film and the novel)."""
    article = schemaorg.entity_markup(kg, ARTICLE)
    assert article is not None
    about = {node["@id"] for node in article["about"]}
    assert about == {FILM, "https://w3id.org/nlmg/work/never-let-me-go-novel"}


def test_faq_page(kg: nlmg_graph.KnowledgeGraph) -> None:
    page = schemaorg.entity_markup(kg, FAQ_PAGE)
    assert page is not None
    assert page["@type"] == "FAQPage"
    assert page["about"]["@id"] == FILM
    questions = page["mainEntity"]
    assert [q["position"] for q in questions] == list(range(1, 8))
    assert [q["name"] for q in questions] == [row.question_text for row in kg.run("faqs")]
    for question in questions:
        assert question["@type"] == "Question"
        assert question["acceptedAnswer"]["@type"] == "Answer"
        assert question["acceptedAnswer"]["text"]


@pytest.mark.parametrize(
    "entity",
    [
        "character/kathy-h",
        "place/hailsham",
        "award/bifa-best-actress",
        "theme/mortality-and-acceptance",
        "role/carey-mulligan-kathy-h",
        "offer/amazon-prime-video-rent-hd",
        "nothing/at-all",
    ],
)
def test_entities_without_a_schema_org_form(kg: nlmg_graph.KnowledgeGraph, entity: str) -> None:
    if entity != "nothing/at-all":
        assert (URIRef(iri(entity)), None, None) in kg.data  # it exists, but has no form
    assert schemaorg.entity_markup(kg, iri(entity)) is None


def test_real_place_and_organization(kg: nlmg_graph.KnowledgeGraph) -> None:
    ham = schemaorg.entity_markup(kg, iri("place/ham-house"))
    assert ham is not None
    assert ham["@type"] == "LandmarksOrHistoricalBuildings"
    assert ham["containedInPlace"]["@id"] == iri("place/richmond-upon-thames")
    assert "description" in ham
    film4 = schemaorg.entity_markup(kg, iri("organization/film4"))
    assert film4 is not None and film4["@type"] == "Organization"


def test_user_data_reaches_the_markup(tmp_path: Path) -> None:
    """A user's own schema.org statements about an entity pass through to its markup."""
    mine = tmp_path / "image.ttl"
    mine.write_text(
        f'@prefix schema: <https://schema.org/> .\n<{FILM}> schema:alternateName "NLMG" .\n'
    )
    node = schemaorg.entity_markup(nlmg_graph.load(data=[mine]), FILM)
    assert node is not None and "NLMG" in node["alternateName"]
