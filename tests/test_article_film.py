"""The article's facts about the 2010 film and the 2005 novel, checked against the graph.

Covers who made the film (director, screenplay, cinematography, music, producers, companies),
when and where it came out, its runtime, ratings, genres and setting, the novel it is based on
(author, year, publisher, narrator), and the song that gives both their title. Each fact the
article states must be asserted *and* backed by a claim that cites the article and the section it
comes from; facts from published sources must cite a source other than the article.

Every expected value below is written by hand from the seed article and the published pages
listed in the sources; none is read from the data files.
"""

from __future__ import annotations

import pytest
from graph_queries import claims_on, select
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

import nlmg_graph
from nlmg_graph.namespaces import CHARACTER, NLMG, PERSON, PLACE, SCHEMA, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
SONG = WORK["never-let-me-go-song"]
ARTICLE = SOURCE["article"]

# The article's section headings, as printed in it.
S_ESSENTIAL = "The Essential Info: What is Never Let Me Go (2010) About?"
S_VISION = "Bringing Ishiguro's Vision to the Screen"
S_DIFF = "Never Let Me Go (2010) vs. The Book: Key Differences"
S_FAQ = "Your Questions Answered: Never Let Me Go (2010) FAQs"


def values(kg: nlmg_graph.KnowledgeGraph, subject: URIRef, path: str) -> set[str]:
    """The lexical forms reached from ``subject`` along a SPARQL property path."""
    rows = select(kg, f"SELECT ?v WHERE {{ ?s {path} ?v }}", s=subject)
    return {str(row[0]) for row in rows}


def assert_fact(kg, subject, predicate, obj, *, article_section=None, corroborated=True):
    """The triple is asserted and backed by a claim with the expected provenance."""
    assert (subject, predicate, obj) in kg.dataset, f"missing fact {subject} {predicate} {obj}"
    claims = [c for c in claims_on(kg, subject, predicate, obj) if c.rank != NLMG.DeprecatedRank]
    assert claims, f"no non-deprecated claim backs {subject} {predicate} {obj}"
    if article_section is not None:
        citing = [c for c in claims if ARTICLE in c.sources]
        assert citing, f"no claim on {predicate} {obj} cites the article: {claims}"
        assert any(c.section == article_section for c in citing), (
            f"claim on {predicate} {obj} should cite section {article_section!r}: {citing}"
        )
    if corroborated:
        assert any(c.verification == NLMG.Corroborated and c.sources - {ARTICLE} for c in claims), (
            f"claim on {predicate} {obj} should be Corroborated by a published source: {claims}"
        )


# ------------------------------------------------------------------------------------------
# People behind the film, by name, from the article ("Bringing Ishiguro's Vision to the Screen")
# and from the published credits (Dark Horizons, the en-academic copy of Wikipedia).

FILM_PEOPLE = [
    # (SPARQL path from the film, expected names)
    ("schema:director/schema:name", {"Mark Romanek"}),
    ("schema:musicBy/schema:name", {"Rachel Portman"}),
    ("schema:producer/schema:name", {"Andrew Macdonald", "Allon Reich"}),
    ("schema:productionCompany/schema:name", {"DNA Films", "Film4"}),
    ("nlmg:distributor/schema:name", {"Fox Searchlight Pictures"}),
]


@pytest.mark.parametrize(("path", "expected"), FILM_PEOPLE, ids=[p[0] for p in FILM_PEOPLE])
def test_film_makers(kg, path, expected):
    found = values(kg, FILM, path)
    assert found == expected, f"{path}: expected {expected}, found {found}"


def test_director_and_composer_claims_cite_the_article(kg):
    assert_fact(
        kg,
        FILM,
        SCHEMA.director,
        PERSON["mark-romanek"],
        article_section=S_VISION,
    )
    assert_fact(
        kg,
        FILM,
        SCHEMA.musicBy,
        PERSON["rachel-portman"],
        article_section=S_VISION,
    )


CREW_FROM_ARTICLE = [
    ("Screenwriter", "Alex Garland"),
    ("DirectorOfPhotography", "Adam Kimmel"),
]


@pytest.mark.parametrize(("function", "name"), CREW_FROM_ARTICLE)
def test_screenplay_and_cinematography(kg, function, name):
    rows = select(
        kg,
        """
        SELECT ?role ?name WHERE {
            ?film nlmg:crewRole ?role .
            ?role nlmg:crewFunction ?f ; nlmg:creditedPerson/schema:name ?name .
        }
        """,
        film=FILM,
        f=NLMG[function],
    )
    assert {str(r[1]) for r in rows} == {name}, f"{function}: {rows}"
    assert_fact(kg, FILM, NLMG.crewRole, rows[0][0], article_section=S_VISION)


# ------------------------------------------------------------------------------------------
# Dates, runtime, ratings, genres, identifiers


def test_release_year_2010(kg):
    year = Literal("2010", datatype=XSD.gYear)
    assert_fact(kg, FILM, NLMG.releaseYear, year, article_section=S_ESSENTIAL)


def test_premiere_date_is_telluride(kg):
    assert_fact(kg, FILM, SCHEMA.datePublished, Literal("2010-09-03", datatype=XSD.date))


# (release kind, start date, region, festival name or None, screens or None)
RELEASES = {
    ("Premiere", "2010-09-03", "united-states", "Telluride Film Festival 2010", None),
    ("LimitedRelease", "2010-09-15", "united-states", None, 4),
    ("FestivalOpening", "2010-10-13", "united-kingdom", "54th BFI London Film Festival", None),
    ("GeneralRelease", "2011-02-11", "united-kingdom", None, None),
}


def test_releases(kg):
    rows = select(
        kg,
        """
        SELECT ?rel ?kind ?date ?region ?festival ?screens WHERE {
            ?film nlmg:release ?rel .
            ?rel a nlmg:Release ; nlmg:releaseKind ?kind ; schema:startDate ?date ;
                 nlmg:releaseRegion ?region .
            OPTIONAL { ?rel nlmg:atEvent ?ev . ?ev a schema:Festival ; schema:name ?festival }
            OPTIONAL { ?rel nlmg:screenCount ?screens }
        }
        """,
        film=FILM,
    )
    found = {
        (
            str(kind).removeprefix(str(NLMG)),
            str(date),
            str(region).removeprefix(PLACE),
            None if festival is None else str(festival),
            None if screens is None else int(screens),
        )
        for _rel, kind, date, region, festival, screens in rows
    }
    assert found == RELEASES, f"releases differ: {sorted(found, key=str)}"
    for rel, *_ in rows:
        assert_fact(kg, FILM, NLMG.release, rel)


def test_runtime_103_minutes(kg):
    assert_fact(kg, FILM, SCHEMA.duration, Literal("PT103M", datatype=XSD.duration))


def test_certifications(kg):
    rows = select(
        kg,
        """
        SELECT ?cert ?rating ?region WHERE {
            ?film nlmg:certification ?cert .
            ?cert schema:contentRating ?rating ; nlmg:releaseRegion ?region .
        }
        """,
        film=FILM,
    )
    found = {(str(r), str(g).removeprefix(PLACE)) for _c, r, g in rows}
    assert found == {("R", "united-states"), ("12A", "united-kingdom")}, found
    us = next(c for c, r, _g in rows if str(r) == "R")
    reason = " ".join(values(kg, us, "schema:description")).lower()
    assert "sexuality" in reason and "nudity" in reason, f"R rating reason: {reason!r}"


@pytest.mark.parametrize("genre", ["science fiction", "drama"])
def test_genres_from_the_faq(kg, genre):
    assert_fact(kg, FILM, SCHEMA.genre, Literal(genre, lang="en"), article_section=S_FAQ)


def test_language_and_countries(kg):
    assert values(kg, FILM, "schema:inLanguage") == {"en"}
    found = set(kg.dataset.objects(FILM, SCHEMA.countryOfOrigin))
    assert found == {PLACE["united-kingdom"], PLACE["united-states"]}, found


def test_principal_photography_and_imdb(kg):
    assert_fact(kg, FILM, NLMG.principalPhotographyStart, Literal("2009-04-13", datatype=XSD.date))
    assert_fact(kg, FILM, NLMG.imdbId, Literal("tt1334260"))
    assert (
        FILM,
        SCHEMA.sameAs,
        URIRef("https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)"),
    ) in kg.dataset


# ------------------------------------------------------------------------------------------
# Setting and narration


@pytest.mark.parametrize("slug", ["alternate-england", "hailsham", "the-cottages"])
def test_story_is_set_at(kg, slug):
    assert_fact(
        kg,
        FILM,
        NLMG.narrativeLocation,
        PLACE[slug],
        article_section=S_ESSENTIAL,
        corroborated=slug != "the-cottages",
    )


def test_setting_spans_late_seventies_to_nineties(kg):
    periods = values(kg, FILM, "schema:temporalCoverage")
    assert len(periods) == 1, periods
    period = periods.pop()
    assert "1970s" in period and "1990s" in period, period


def test_kathy_narrates_film_and_novel(kg):
    assert values(kg, FILM, "nlmg:narrator/schema:name") == {"Kathy H."}
    assert values(kg, NOVEL, "nlmg:narrator/schema:name") == {"Kathy H."}
    kathy = CHARACTER["kathy-h"]
    assert_fact(kg, NOVEL, NLMG.narrator, kathy, article_section=S_DIFF)


# ------------------------------------------------------------------------------------------
# The novel


def test_film_is_based_on_the_novel(kg):
    assert_fact(kg, FILM, SCHEMA.isBasedOn, NOVEL, article_section=S_VISION)
    assert (
        NOVEL,
        RDF.type,
        SCHEMA.Book,
    ) in kg.dataset


def test_novel_author_year_publisher(kg):
    assert values(kg, NOVEL, "schema:author/schema:name") == {"Kazuo Ishiguro"}
    assert_fact(
        kg,
        NOVEL,
        SCHEMA.author,
        PERSON["kazuo-ishiguro"],
        article_section=S_VISION,
    )
    assert_fact(
        kg,
        NOVEL,
        SCHEMA.datePublished,
        Literal("2005", datatype=XSD.gYear),
        article_section=S_VISION,
    )
    assert values(kg, NOVEL, "schema:publisher/schema:name") == {"Faber and Faber"}


def test_novel_is_speculative_fiction(kg):
    assert_fact(
        kg,
        NOVEL,
        SCHEMA.genre,
        Literal("speculative fiction", lang="en"),
        article_section=S_FAQ,
        corroborated=False,
    )


# ------------------------------------------------------------------------------------------
# The title: the song on Judy Bridgewater's tape


def test_song_by_fictional_singer(kg):
    assert values(kg, SONG, "schema:name") == {"Never Let Me Go"}
    assert values(kg, SONG, "schema:byArtist/schema:name") == {"Judy Bridgewater"}
    singer = CHARACTER["judy-bridgewater"]
    assert (
        singer,
        RDF.type,
        NLMG.FictionalCharacter,
    ) in kg.dataset, "Judy Bridgewater must be a fictional character"
    assert_fact(kg, SONG, SCHEMA.byArtist, singer, article_section=S_FAQ)
    # LitCharts confirms the singer was invented for the novel.
    assert_fact(kg, singer, NLMG.presentInWork, NOVEL, article_section=S_FAQ)
    works = set(kg.dataset.objects(SONG, NLMG.presentInWork))
    assert works == {NOVEL, FILM}, works


def test_festivals_are_festival_entities(kg):
    rows = select(
        kg,
        "SELECT ?name WHERE { ?f a schema:Festival ; schema:name ?name }",
    )
    names = {str(r[0]) for r in rows}
    assert {"Telluride Film Festival 2010", "54th BFI London Film Festival"} <= names, names
