"""Where-to-watch offers, the FAQ page and the related works, checked against the article.

Expected values are typed by hand from the article's "Where to Watch Never Let Me Go (2010)
Legally Today" list, its FAQ section and its remark on films to watch alongside this one, and
from the published pages on filming locations and on the related films.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

import nlmg_graph

BASE = "https://w3id.org/nlmg/"
NLMG = BASE + "ontology/"
SCHEMA = "https://schema.org/"
FILM = URIRef(BASE + "work/never-let-me-go-2010")
ARTICLE = str(URIRef(BASE + "source/article"))
DATA_GRAPH = "https://w3id.org/nlmg/graph/data"
OFFERS_SECTION = "Where to Watch Never Let Me Go (2010) Legally Today"
FAQ_SECTION = "Your Questions Answered: Never Let Me Go (2010) FAQs"
LEGACY_SECTION = "How Was It Received? Reviews, Awards, and Legacy"
# A plain namespace: rdflib's closed XSD class warns when pytest probes its attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ARTICLE_DATE = Literal("2025-09-30", datatype=XSD.date)


def n(local: str) -> URIRef:
    return URIRef(NLMG + local)


def s(local: str) -> URIRef:
    return URIRef(SCHEMA + local)


# --- expected values ---------------------------------------------------------------------------

SELLERS = {
    "amazon-prime-video": "Amazon Prime Video",
    "apple-tv": "Apple TV",
    "google-play-movies": "Google Play Movies",
    "youtube-movies": "YouTube Movies",
    "vudu": "Vudu",
    "netflix": "Netflix",
    "hulu": "Hulu",
    "hbo-max": "HBO Max",
    "kanopy": "Kanopy",
    "hoopla": "Hoopla",
    "amazon": "Amazon",
    "best-buy": "Best Buy",
    "barnes-and-noble": "Barnes & Noble",
    "tubi": "Tubi",
    "pluto-tv": "Pluto TV",
}
TRACKING_SITES = {"justwatch": "JustWatch", "reelgood": "Reelgood"}

RENT_BUY = ("amazon-prime-video", "apple-tv", "google-play-movies", "youtube-movies", "vudu")
# offer slug -> (seller, offer type, video format, price or (min, max) or None, availability)
OFFERS: dict[str, tuple[str, str, str | None, object, str]] = {}
for _seller in RENT_BUY:
    OFFERS[f"{_seller}-rent-hd"] = (_seller, "Rent", "HD", Decimal("3.99"), "Typical")
    OFFERS[f"{_seller}-buy"] = (
        _seller,
        "Buy",
        None,
        (Decimal("12.99"), Decimal("14.99")),
        "Typical",
    )
for _seller in ("netflix", "hulu", "hbo-max"):
    OFFERS[f"{_seller}-subscription-stream"] = (
        _seller,
        "SubscriptionStream",
        None,
        None,
        "Rotating",
    )
OFFERS["kanopy-library-stream"] = ("kanopy", "LibraryStream", None, Decimal("0"), "Rotating")
OFFERS["hoopla-library-stream"] = ("hoopla", "LibraryStream", None, None, "Rotating")
for _seller in ("amazon", "best-buy", "barnes-and-noble"):
    OFFERS[f"{_seller}-physical-media-dvd"] = (_seller, "PhysicalMedia", "DVD", None, "Typical")
    OFFERS[f"{_seller}-physical-media-blu-ray"] = (
        _seller,
        "PhysicalMedia",
        "Blu-ray",
        None,
        "Typical",
    )
for _seller in ("tubi", "pluto-tv"):
    OFFERS[f"{_seller}-free-with-ads"] = (_seller, "FreeWithAds", None, Decimal("0"), "Occasional")

# FAQ position -> (entry slug, words the question must use, words the answer must use).
FAQS = {
    1: ("true-story", ("real",), ("Ishiguro", "fiction")),
    2: (
        "filming-locations",
        ("shoot",),
        ("Ham House", "Richmond upon Thames", "Chiswick Town Hall", "Clevedon", "Scotland"),
    ),
    3: ("happy-ending", ("happy", "ending"), ("Kathy", "Tommy")),
    4: ("title-meaning", ("title",), ("Judy Bridgewater", "Kathy", "cassette")),
    5: ("genre", ("science fiction", "drama"), ("science fiction", "drama", "clon")),
    6: ("why-donate", ("Why",), ("medical",)),
    7: ("what-are-donations", ("donation",), ("organ", "normals", "completing")),
}
# The article's FAQ questions: the graph must re-word them, not copy them.
ARTICLE_QUESTIONS = (
    "Is Never Let Me Go based on a true story?",
    "Where was Never Let Me Go filmed?",
    "Does Never Let Me Go have a happy ending?",
    'What is the meaning behind the title "Never Let Me Go"?',
    "Is Never Let Me Go sci-fi or drama?",
    "Why do people donate in Never Let Me Go?",
    'What are "donations"?',
)
# Places the article's location answer gets wrong; the graph's answer must not repeat them.
REFUTED_LOCATIONS = ("Surrey", "Stapleford", "Cleve Hill Farm", "Cambridgeshire")

# (related work, relation type) pairs the article gives.
RELATIONS = {
    ("children-of-men", "RecommendedAlongside"),
    ("gattaca", "RecommendedAlongside"),
    ("the-remains-of-the-day-film", "RecommendedAlongside"),
    ("the-remains-of-the-day-film", "SameAuthorSource"),
}
# Related films: slug -> (title, release year from the cited page, director slug or None).
RELATED_FILMS = {
    "children-of-men": ("Children of Men", "2006", None),
    "gattaca": ("Gattaca", "1997", None),
    "the-remains-of-the-day-film": ("The Remains of the Day", "1993", None),
    "one-hour-photo": ("One Hour Photo", "2002", "mark-romanek"),
    "ex-machina": ("Ex Machina", "2014", "alex-garland"),
    "annihilation": ("Annihilation", "2018", "alex-garland"),
}


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg() -> nlmg_graph.KnowledgeGraph:
    return nlmg_graph.load()


def values(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef) -> list:
    """Return the asserted objects of subject+predicate in the data graph, sorted."""
    found = kg.query(
        f"SELECT ?o WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }}",
        {"s": subject, "p": predicate},
    )
    return sorted((row[0] for row in found), key=str)


def one(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef) -> object:
    found = values(kg, subject, predicate)
    assert len(found) == 1, f"{subject} {predicate}: expected one value, got {found}"
    return found[0]


def claims(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: object) -> list:
    """Return (claim, rank, verification, sources, section) for each claim on the triple."""
    found = kg.query(
        """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
        SELECT ?claim ?rank ?verification
               (GROUP_CONCAT(DISTINCT STR(?source); separator=" ") AS ?sources)
               (SAMPLE(?section) AS ?sec)
        WHERE {
            ?claim a nlmg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                nlmg:rank ?rank ; nlmg:verification ?verification ; nlmg:statedIn ?source .
            OPTIONAL { ?claim nlmg:sourceSection ?section }
        } GROUP BY ?claim ?rank ?verification
        """,
        {"s": subject, "p": predicate, "o": obj},
    )
    return [
        (
            claim,
            str(rank).removeprefix(NLMG),
            str(verification).removeprefix(NLMG),
            set(str(sources).split()),
            None if section is None else str(section),
        )
        for claim, rank, verification, sources, section in found
    ]


def article_claim(
    kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: object, section: str
) -> tuple:
    found = claims(kg, subject, predicate, obj)
    assert len(found) == 1, f"{subject} {predicate} {obj}: expected one claim, got {found}"
    claim = found[0]
    assert claim[1] == "NormalRank", claim
    assert ARTICLE in claim[3], f"the article is not among the claim's sources: {claim}"
    assert claim[4] == section, claim
    return claim


# --- offers --------------------------------------------------------------------------------


def test_film_offers_are_exactly_the_article_list(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = {str(v).removeprefix(BASE + "offer/") for v in values(kg, FILM, s("offers"))}
    assert found == set(OFFERS), f"missing {set(OFFERS) - found}, unexpected {found - set(OFFERS)}"


@pytest.mark.parametrize("slug", {**SELLERS, **TRACKING_SITES})
def test_platform_is_an_organisation(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    org = URIRef(BASE + "organization/" + slug)
    assert s("Organization") in values(kg, org, RDF.type), f"{slug} is not a schema:Organization"
    assert one(kg, org, s("name")) == Literal({**SELLERS, **TRACKING_SITES}[slug]), slug


@pytest.mark.parametrize("slug", OFFERS)
def test_offer(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    seller, offer_type, video_format, price, availability = OFFERS[slug]
    offer = URIRef(BASE + "offer/" + slug)
    assert n("WatchOffer") in values(kg, offer, RDF.type), f"{slug} is not an nlmg:WatchOffer"
    assert one(kg, offer, s("seller")) == URIRef(BASE + "organization/" + seller), slug
    assert one(kg, offer, n("offerType")) == n(offer_type), slug
    formats = [str(v) for v in values(kg, offer, n("videoFormat"))]
    assert formats == ([video_format] if video_format else []), f"{slug}: formats {formats}"
    assert one(kg, offer, n("availability")) == n(availability), slug
    assert one(kg, offer, n("observedOn")) == ARTICLE_DATE, slug

    prices = values(kg, offer, s("price"))
    low, high = values(kg, offer, s("minPrice")), values(kg, offer, s("maxPrice"))
    if price is None:
        assert prices == low == high == [], f"{slug}: the article names no price"
    elif isinstance(price, tuple):
        assert prices == [], slug
        assert [v.toPython() for v in low + high] == list(price), f"{slug}: {low} {high}"
        assert all(v.datatype == XSD.decimal for v in low + high), slug
    else:
        assert [v.toPython() for v in prices] == [price], f"{slug}: {prices}"
        assert prices[0].datatype == XSD.decimal, slug
    currencies = [str(v) for v in values(kg, offer, s("priceCurrency"))]
    assert currencies == (["USD"] if price is not None else []), f"{slug}: {currencies}"
    if price == Decimal("3.99"):
        description = str(one(kg, offer, s("description")))
        assert "approximate" in description, f"{slug}: say the price is approximate"

    claim = article_claim(kg, FILM, s("offers"), offer, OFFERS_SECTION)
    assert claim[2] == "Unverified" and claim[3] == {ARTICLE}, claim


# --- FAQs ----------------------------------------------------------------------------------


def test_faq_page_is_about_the_film(kg: nlmg_graph.KnowledgeGraph) -> None:
    page = URIRef(BASE + "faq/page")
    assert s("FAQPage") in values(kg, page, RDF.type), "faq:page is not a schema:FAQPage"
    assert one(kg, page, s("about")) == FILM
    article_claim(kg, page, s("about"), FILM, FAQ_SECTION)


def test_faq_page_has_seven_entries_in_order(kg: nlmg_graph.KnowledgeGraph) -> None:
    page = URIRef(BASE + "faq/page")
    entries = values(kg, page, s("mainEntity"))
    positions = {int(one(kg, entry, n("position")).toPython()): entry for entry in entries}
    assert sorted(positions) == list(range(1, 8)), f"positions {sorted(positions)}"
    order = [str(positions[i]).removeprefix(BASE + "faq/") for i in range(1, 8)]
    assert order == [FAQS[i][0] for i in range(1, 8)], order


@pytest.mark.parametrize("position", FAQS)
def test_faq_entry(kg: nlmg_graph.KnowledgeGraph, position: int) -> None:
    slug, question_words, answer_words = FAQS[position]
    entry = URIRef(BASE + "faq/" + slug)
    types = values(kg, entry, RDF.type)
    assert {n("FaqEntry"), s("Question")} <= set(types), f"{slug}: {types}"
    position_value = one(kg, entry, n("position"))
    assert position_value == Literal(position, datatype=XSD.positiveInteger), position_value
    question = str(one(kg, entry, s("name")))
    assert question.endswith("?"), question
    assert question.lower() not in {q.lower() for q in ARTICLE_QUESTIONS}, f"copied: {question}"
    for word in question_words:
        assert word.lower() in question.lower(), f"{slug}: question should use {word!r}"

    answer = one(kg, entry, s("acceptedAnswer"))
    assert {n("FaqAnswer"), s("Answer")} <= set(values(kg, answer, RDF.type)), answer
    text = one(kg, answer, s("text"))
    assert text.language == "en" and len(str(text).split()) >= 20, text
    for word in answer_words:
        assert word.lower() in str(text).lower(), f"{slug}: answer should mention {word!r}"

    claim = article_claim(kg, URIRef(BASE + "faq/page"), s("mainEntity"), entry, FAQ_SECTION)
    assert claim[2] in {"Unverified", "Corroborated"}, claim
    if claim[2] == "Corroborated":
        assert len(claim[3]) > 1, (
            f"a corroborated claim needs a source besides the article: {claim}"
        )


def test_filming_answer_uses_the_corrected_locations(kg: nlmg_graph.KnowledgeGraph) -> None:
    entry = URIRef(BASE + "faq/filming-locations")
    text = str(one(kg, one(kg, entry, s("acceptedAnswer")), s("text")))
    for place in REFUTED_LOCATIONS:
        assert place not in text, f"the answer repeats the refuted location {place!r}: {text!r}"
    (claim,) = claims(kg, URIRef(BASE + "faq/page"), s("mainEntity"), entry)
    assert claim[2] == "Corroborated", claim
    assert {
        BASE + "source/movie-locations",
        BASE + "source/film-london-2011",
        BASE + "source/telegraph-filming",
        BASE + "source/cinema-st-andrews",
    } <= claim[3], claim
    notes = " ".join(
        str(row[0])
        for row in kg.query("SELECT ?o WHERE { ?s ?p ?o }", {"s": claim[0], "p": RDFS.comment})
    )
    for place in ("Surrey", "Stapleford", "Cleve Hill Farm"):
        assert place in notes, f"the claim's note should record the article's {place!r}: {notes!r}"


# --- related works -------------------------------------------------------------------------


def test_related_works_by_relation_type(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = set()
    for relation in values(kg, FILM, n("relatedWork")):
        assert n("WorkRelation") in values(kg, relation, RDF.type), relation
        work = str(one(kg, relation, n("relatedTo"))).removeprefix(BASE + "work/")
        kind = str(one(kg, relation, n("relationType"))).removeprefix(NLMG)
        found.add((work, kind))
        description = one(kg, relation, s("description"))
        assert description.language == "en", description
        article_claim(kg, FILM, n("relatedWork"), relation, LEGACY_SECTION)
    assert found == RELATIONS, f"missing {RELATIONS - found}, unexpected {found - RELATIONS}"


@pytest.mark.parametrize("slug", RELATED_FILMS)
def test_related_film(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    title, year, director = RELATED_FILMS[slug]
    work = URIRef(BASE + "work/" + slug)
    assert s("Movie") in values(kg, work, RDF.type), f"{slug} is not a schema:Movie"
    assert one(kg, work, s("name")) == Literal(title), slug
    assert one(kg, work, n("releaseYear")) == Literal(year, datatype=XSD.gYear), slug
    (claim,) = claims(kg, work, n("releaseYear"), Literal(year, datatype=XSD.gYear))
    assert claim[2] == "Corroborated" and claim[3] - {ARTICLE}, f"year needs a page: {claim}"
    directors = values(kg, work, s("director"))
    if director is None:
        assert directors == [], f"{slug}: no director IRI is fixed for this film"
    else:
        assert directors == [URIRef(BASE + "person/" + director)], directors
        (claim,) = claims(kg, work, s("director"), directors[0])
        assert claim[2] == "Corroborated" and claim[3] - {ARTICLE}, claim


def test_remains_of_the_day_is_based_on_ishiguros_novel(kg: nlmg_graph.KnowledgeGraph) -> None:
    film = URIRef(BASE + "work/the-remains-of-the-day-film")
    novel = URIRef(BASE + "work/the-remains-of-the-day-novel")
    assert one(kg, film, s("isBasedOn")) == novel
    assert s("Book") in values(kg, novel, RDF.type)
    assert one(kg, novel, s("name")) == Literal("The Remains of the Day")
    assert one(kg, novel, s("author")) == URIRef(BASE + "person/kazuo-ishiguro")
    assert one(kg, novel, s("datePublished")) == Literal("1989", datatype=XSD.gYear)
    page = BASE + "source/wikipedia-the-remains-of-the-day-film"
    for subject, predicate, obj in (
        (film, s("isBasedOn"), novel),
        (novel, s("author"), URIRef(BASE + "person/kazuo-ishiguro")),
    ):
        (claim,) = claims(kg, subject, predicate, obj)
        assert page in claim[3] and claim[2] == "Corroborated", claim
