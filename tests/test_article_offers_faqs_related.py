"""Where-to-watch offers, the FAQ page and the related works, checked against the article.

Expected values are typed by hand from the article's "Where to Watch Never Let Me Go (2010)
Legally Today" list, its FAQ section and its remark on films to watch alongside this one, and
from the published pages on filming locations and on the related films.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from graph_queries import ClaimRecord, claims_on, select
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

import nlmg_graph
from nlmg_graph.namespaces import (
    FAQ,
    GRAPH_DATA,
    NLMG,
    OFFER,
    ORG,
    PERSON,
    SCHEMA,
    SOURCE,
    WORK,
)

FILM = WORK["never-let-me-go-2010"]
ARTICLE = SOURCE["article"]
OFFERS_SECTION = "Where to Watch Never Let Me Go (2010) Legally Today"
FAQ_SECTION = "Your Questions Answered: Never Let Me Go (2010) FAQs"
LEGACY_SECTION = "How Was It Received? Reviews, Awards, and Legacy"
ARTICLE_DATE = Literal("2025-09-30", datatype=XSD.date)


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
# The article also lists Best Buy for discs; Best Buy stopped selling them in early 2024, so
# those two claims are deprecated and are not offers of the film (tests/test_truth_film.py).
for _seller in ("amazon", "barnes-and-noble"):
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


def values(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef) -> list:
    """Return the asserted objects of subject+predicate in the data graph, sorted."""
    found = select(
        kg,
        "SELECT ?o WHERE { GRAPH ?graph { ?s ?p ?o } }",
        graph=GRAPH_DATA,
        s=subject,
        p=predicate,
    )
    return sorted((row[0] for row in found), key=str)


def one(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef) -> object:
    found = values(kg, subject, predicate)
    assert len(found) == 1, f"{subject} {predicate}: expected one value, got {found}"
    return found[0]


def article_claim(
    kg: nlmg_graph.KnowledgeGraph, subject: URIRef, predicate: URIRef, obj: object, section: str
) -> ClaimRecord:
    found = claims_on(kg, subject, predicate, obj)
    assert len(found) == 1, f"{subject} {predicate} {obj}: expected one claim, got {found}"
    claim = found[0]
    assert claim.rank == NLMG.NormalRank, claim
    assert ARTICLE in claim.sources, f"the article is not among the claim's sources: {claim}"
    assert claim.section == section, claim
    return claim


# --- offers --------------------------------------------------------------------------------


def test_film_offers_are_exactly_the_article_list(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = {str(v).removeprefix(OFFER) for v in values(kg, FILM, SCHEMA.offers)}
    assert found == set(OFFERS), f"missing {set(OFFERS) - found}, unexpected {found - set(OFFERS)}"


@pytest.mark.parametrize("slug", {**SELLERS, **TRACKING_SITES})
def test_platform_is_an_organisation(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    org = ORG[slug]
    assert SCHEMA.Organization in values(kg, org, RDF.type), f"{slug} is not a schema:Organization"
    assert one(kg, org, SCHEMA.name) == Literal({**SELLERS, **TRACKING_SITES}[slug]), slug


@pytest.mark.parametrize("slug", OFFERS)
def test_offer(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    seller, offer_type, video_format, price, availability = OFFERS[slug]
    offer = OFFER[slug]
    assert NLMG.WatchOffer in values(kg, offer, RDF.type), f"{slug} is not an nlmg:WatchOffer"
    assert one(kg, offer, SCHEMA.seller) == ORG[seller], slug
    assert one(kg, offer, NLMG.offerType) == NLMG[offer_type], slug
    formats = [str(v) for v in values(kg, offer, NLMG.videoFormat)]
    assert formats == ([video_format] if video_format else []), f"{slug}: formats {formats}"
    assert one(kg, offer, NLMG.availability) == NLMG[availability], slug
    assert one(kg, offer, NLMG.observedOn) == ARTICLE_DATE, slug

    prices = values(kg, offer, SCHEMA.price)
    low, high = values(kg, offer, SCHEMA.minPrice), values(kg, offer, SCHEMA.maxPrice)
    if price is None:
        assert prices == low == high == [], f"{slug}: the article names no price"
    elif isinstance(price, tuple):
        assert prices == [], slug
        assert [v.toPython() for v in low + high] == list(price), f"{slug}: {low} {high}"
        assert all(v.datatype == XSD.decimal for v in low + high), slug
    else:
        assert [v.toPython() for v in prices] == [price], f"{slug}: {prices}"
        assert prices[0].datatype == XSD.decimal, slug
    currencies = [str(v) for v in values(kg, offer, SCHEMA.priceCurrency)]
    assert currencies == (["USD"] if price is not None else []), f"{slug}: {currencies}"
    if price == Decimal("3.99"):
        description = str(one(kg, offer, SCHEMA.description))
        assert "approximate" in description, f"{slug}: say the price is approximate"

    claim = article_claim(kg, FILM, SCHEMA.offers, offer, OFFERS_SECTION)
    assert claim.verification == NLMG.Unverified and claim.sources == {ARTICLE}, claim


# --- FAQs ----------------------------------------------------------------------------------


def test_faq_page_is_about_the_film(kg: nlmg_graph.KnowledgeGraph) -> None:
    page = FAQ["page"]
    assert SCHEMA.FAQPage in values(kg, page, RDF.type), "faq:page is not a schema:FAQPage"
    assert one(kg, page, SCHEMA.about) == FILM
    article_claim(kg, page, SCHEMA.about, FILM, FAQ_SECTION)


def test_faq_page_has_seven_entries_in_order(kg: nlmg_graph.KnowledgeGraph) -> None:
    page = FAQ["page"]
    entries = values(kg, page, SCHEMA.mainEntity)
    positions = {int(one(kg, entry, NLMG.position).toPython()): entry for entry in entries}
    assert sorted(positions) == list(range(1, 8)), f"positions {sorted(positions)}"
    order = [str(positions[i]).removeprefix(FAQ) for i in range(1, 8)]
    assert order == [FAQS[i][0] for i in range(1, 8)], order


@pytest.mark.parametrize("position", FAQS)
def test_faq_entry(kg: nlmg_graph.KnowledgeGraph, position: int) -> None:
    slug, question_words, answer_words = FAQS[position]
    entry = FAQ[slug]
    types = values(kg, entry, RDF.type)
    assert {NLMG.FaqEntry, SCHEMA.Question} <= set(types), f"{slug}: {types}"
    position_value = one(kg, entry, NLMG.position)
    assert position_value == Literal(position, datatype=XSD.integer), position_value
    question = str(one(kg, entry, SCHEMA.name))
    assert question.endswith("?"), question
    assert question.lower() not in {q.lower() for q in ARTICLE_QUESTIONS}, f"copied: {question}"
    for word in question_words:
        assert word.lower() in question.lower(), f"{slug}: question should use {word!r}"

    answer = one(kg, entry, SCHEMA.acceptedAnswer)
    assert {NLMG.FaqAnswer, SCHEMA.Answer} <= set(values(kg, answer, RDF.type)), answer
    text = one(kg, answer, SCHEMA.text)
    assert text.language == "en" and len(str(text).split()) >= 20, text
    for word in answer_words:
        assert word.lower() in str(text).lower(), f"{slug}: answer should mention {word!r}"

    claim = article_claim(kg, FAQ["page"], SCHEMA.mainEntity, entry, FAQ_SECTION)
    assert claim.verification in {NLMG.AuthoritativeSource, NLMG.Corroborated}, claim
    if claim.verification == NLMG.Corroborated:
        assert len(claim.sources) > 1, (
            f"a corroborated claim needs a source besides the article: {claim}"
        )


def test_filming_answer_uses_the_corrected_locations(kg: nlmg_graph.KnowledgeGraph) -> None:
    entry = FAQ["filming-locations"]
    text = str(one(kg, one(kg, entry, SCHEMA.acceptedAnswer), SCHEMA.text))
    for place in REFUTED_LOCATIONS:
        assert place not in text, f"the answer repeats the refuted location {place!r}: {text!r}"
    (claim,) = claims_on(kg, FAQ["page"], SCHEMA.mainEntity, entry)
    assert claim.verification == NLMG.Corroborated, claim
    assert {
        SOURCE["movie-locations"],
        SOURCE["film-london-2011"],
        SOURCE["telegraph-filming"],
        SOURCE["cinema-st-andrews"],
    } <= claim.sources, claim
    notes = " ".join(
        str(row[0]) for row in select(kg, "SELECT ?o WHERE { ?c rdfs:comment ?o }", c=claim.claim)
    )
    for place in ("Surrey", "Stapleford", "Cleve Hill Farm"):
        assert place in notes, f"the claim's note should record the article's {place!r}: {notes!r}"


# --- related works -------------------------------------------------------------------------


def test_related_works_by_relation_type(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = set()
    for relation in values(kg, FILM, NLMG.relatedWork):
        assert NLMG.WorkRelation in values(kg, relation, RDF.type), relation
        work = str(one(kg, relation, NLMG.relatedTo)).removeprefix(WORK)
        kind = str(one(kg, relation, NLMG.relationType)).removeprefix(str(NLMG))
        if kind == "OtherAdaptation":  # not the article's: tests/test_thin_areas.py checks them
            continue
        found.add((work, kind))
        description = one(kg, relation, SCHEMA.description)
        assert description.language == "en", description
        article_claim(kg, FILM, NLMG.relatedWork, relation, LEGACY_SECTION)
    assert found == RELATIONS, f"missing {RELATIONS - found}, unexpected {found - RELATIONS}"


@pytest.mark.parametrize("slug", RELATED_FILMS)
def test_related_film(kg: nlmg_graph.KnowledgeGraph, slug: str) -> None:
    title, year, director = RELATED_FILMS[slug]
    work = WORK[slug]
    assert SCHEMA.Movie in values(kg, work, RDF.type), f"{slug} is not a schema:Movie"
    assert one(kg, work, SCHEMA.name) == Literal(title), slug
    assert one(kg, work, NLMG.releaseYear) == Literal(year, datatype=XSD.gYear), slug
    (claim,) = claims_on(kg, work, NLMG.releaseYear, Literal(year, datatype=XSD.gYear))
    assert claim.verification == NLMG.Corroborated and claim.sources - {ARTICLE}, (
        f"year needs a page: {claim}"
    )
    directors = values(kg, work, SCHEMA.director)
    if director is None:
        assert directors == [], f"{slug}: no director IRI is fixed for this film"
    else:
        assert directors == [PERSON[director]], directors
        (claim,) = claims_on(kg, work, SCHEMA.director, directors[0])
        assert claim.verification == NLMG.Corroborated and claim.sources - {ARTICLE}, claim


def test_remains_of_the_day_is_based_on_ishiguros_novel(kg: nlmg_graph.KnowledgeGraph) -> None:
    film = WORK["the-remains-of-the-day-film"]
    novel = WORK["the-remains-of-the-day-novel"]
    assert one(kg, film, SCHEMA.isBasedOn) == novel
    assert SCHEMA.Book in values(kg, novel, RDF.type)
    assert one(kg, novel, SCHEMA.name) == Literal("The Remains of the Day")
    assert one(kg, novel, SCHEMA.author) == PERSON["kazuo-ishiguro"]
    assert one(kg, novel, SCHEMA.datePublished) == Literal("1989", datatype=XSD.gYear)
    page = SOURCE["wikipedia-the-remains-of-the-day-film"]
    for subject, predicate, obj in (
        (film, SCHEMA.isBasedOn, novel),
        (novel, SCHEMA.author, PERSON["kazuo-ishiguro"]),
    ):
        (claim,) = claims_on(kg, subject, predicate, obj)
        assert page in claim.sources and claim.verification == NLMG.Corroborated, claim
