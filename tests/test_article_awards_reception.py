"""The article's awards table and reception figures, checked against the graph.

Every row of the article's "Awards Recognition" table is looked up by award body, category,
nominee and outcome; rows that published sources contradict must be present only as deprecated
claims. Review scores are checked with their site, scale and sources, the budget with its
currency, and the three box-office claims with their ranks (only the preferred one is a fact).

Expected values are written by hand from the seed article and the published pages cited as
sources; none is read from the data files.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from graph_queries import ask, assert_film_value_claim, select
from rdflib import Literal
from rdflib.namespace import XSD

from nlmg_graph.namespaces import NLMG, PERSON, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]


def nomination_claims(kg, work, body_name, category_name, nominee, outcome):
    """Rows (nomination, claim, rank, verification, source, year) matching one table row."""
    nominee_pattern = "?nom nlmg:nominee ?nominee ." if nominee else ""
    bindings = {
        "work": work,
        "bodyName": Literal(body_name),
        "catName": Literal(category_name),
        "outcome": NLMG[outcome],
    }
    if nominee:
        bindings["nominee"] = PERSON[nominee]
    return select(
        kg,
        f"""SELECT ?nom ?claim ?rank ?ver ?source ?year WHERE {{
            ?nom a nlmg:AwardNomination ; nlmg:awardBody ?body ; nlmg:awardCategory ?cat ;
                 nlmg:outcome ?outcome ; nlmg:awardYear ?year .
            ?body schema:name ?bodyName .
            ?cat schema:name ?catName ; nlmg:awardBody ?body .
            {nominee_pattern}
            ?claim a nlmg:Claim ; rdf:subject ?work ; rdf:predicate nlmg:nomination ;
                   rdf:object ?nom ; nlmg:rank ?rank ; nlmg:verification ?ver ;
                   nlmg:statedIn ?source .
        }}""",
        **bindings,
    )


# ------------------------------------------------------------------------------------------
# The article's awards table, row by row
# ------------------------------------------------------------------------------------------

# (award body, category, nominee, outcome as the article gives it, rank, verification,
#  sources the claim must cite, whether the nomination is a fact of the film)
ARTICLE_AWARDS_TABLE = [
    (
        "British Independent Film Awards",
        "Best Actress",
        "carey-mulligan",
        "Won",
        "NormalRank",
        "Corroborated",
        {"article", "chinokino-bifa-2010"},
        True,
    ),
    (
        "British Independent Film Awards",
        "Best Supporting Actor",
        "andrew-garfield",
        "Nominated",
        "NormalRank",
        "Corroborated",
        {"article", "chinokino-bifa-2010"},
        True,
    ),
    (
        "British Independent Film Awards",
        "Best Supporting Actress",
        "keira-knightley",
        "Nominated",
        "NormalRank",
        "Corroborated",
        {"article", "chinokino-bifa-2010"},
        True,
    ),
    # refuted: the 37th Saturn Awards list no International Film nomination for the film
    (
        "Saturn Awards",
        "Best International Film",
        None,
        "Nominated",
        "DeprecatedRank",
        "Refuted",
        {"article"},
        False,
    ),
    # refuted: the NBR's published 2010 list of top independent films does not include it
    (
        "National Board of Review",
        "Top Ten Independent Films",
        None,
        "Listed",
        "DeprecatedRank",
        "Refuted",
        {"article"},
        False,
    ),
]


@pytest.mark.parametrize(
    ("body", "category", "nominee", "outcome", "rank", "verification", "sources", "is_fact"),
    ARTICLE_AWARDS_TABLE,
    ids=[f"{row[0]}-{row[1]}" for row in ARTICLE_AWARDS_TABLE],
)
def test_article_awards_row(
    kg, body, category, nominee, outcome, rank, verification, sources, is_fact
):
    rows = nomination_claims(kg, FILM, body, category, nominee, outcome)
    assert rows, f"no claim for the article's row {body} / {category} / {nominee} / {outcome}"
    assert_film_value_claim(
        kg,
        rows,
        NLMG.nomination,
        rank=rank,
        verification=verification,
        sources=sources,
        is_fact=is_fact,
    )


@pytest.mark.parametrize(
    "category",
    [row[1] for row in ARTICLE_AWARDS_TABLE if row[4] == "DeprecatedRank"],
)
def test_refuted_award_rows_name_their_evidence(kg, category):
    rows = select(
        kg,
        """SELECT ?reason ?by WHERE {
            ?nom nlmg:awardCategory ?cat . ?cat schema:name ?catName .
            ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:nomination ;
                   rdf:object ?nom ; nlmg:rank nlmg:DeprecatedRank ;
                   nlmg:deprecationReason ?reason ; nlmg:contradictedBy ?by .
        }""",
        catName=Literal(category),
    )
    assert rows, f"deprecated {category} claim lacks a reason or evidence"
    assert all(r[0].language == "en" for r in rows), rows
    assert {r[1] for r in rows} - {SOURCE["article"]}, (
        f"{category}: evidence must go beyond the article"
    )


def test_saturn_international_film_refuted_by_saturn_sources(kg):
    evidence = {
        r[0]
        for r in select(
            kg,
            """SELECT ?by WHERE {
                ?nom nlmg:awardCategory ?cat . ?cat schema:name "Best International Film" .
                ?claim rdf:object ?nom ; nlmg:contradictedBy ?by .
            }""",
        )
    }
    assert evidence & {SOURCE["fanboys-saturn-2011"], SOURCE["issuu-saturn-37"]}, evidence


# ------------------------------------------------------------------------------------------
# Awards the sources show and the article leaves out or gets wrong
# ------------------------------------------------------------------------------------------

# (work, body, category, nominee, outcome, year, a source the claim must cite)
SOURCED_AWARDS = [
    (
        FILM,
        "Saturn Awards",
        "Best Science Fiction Film",
        None,
        "Nominated",
        "2011",
        "fanboys-saturn-2011",
    ),
    (
        FILM,
        "Saturn Awards",
        "Best Supporting Actor",
        "andrew-garfield",
        "Won",
        "2011",
        "sfx-saturn-2011",
    ),
    (
        FILM,
        "British Independent Film Awards",
        "Best Actress",
        "carey-mulligan",
        "Won",
        "2010",
        "chinokino-bifa-2010",
    ),
    (
        NOVEL,
        "Booker Prize",
        "Booker Prize",
        "kazuo-ishiguro",
        "Shortlisted",
        "2005",
        "wikipedia-novel",
    ),
]


@pytest.mark.parametrize(
    ("work", "body", "category", "nominee", "outcome", "year", "cited"),
    SOURCED_AWARDS,
    ids=[f"{row[1]}-{row[2]}" for row in SOURCED_AWARDS],
)
def test_sourced_award_is_a_fact(kg, work, body, category, nominee, outcome, year, cited):
    rows = nomination_claims(kg, work, body, category, nominee, outcome)
    assert rows, f"missing {body} / {category} / {outcome}"
    assert {r[4] for r in rows} >= {SOURCE[cited]}, rows
    assert {r[5] for r in rows} == {Literal(year, datatype=XSD.gYear)}, rows
    assert {r[2] for r in rows} == {NLMG.NormalRank}, rows
    (nomination,) = {r[0] for r in rows}
    assert ask(kg, "ASK { ?w nlmg:nomination ?n }", w=work, n=nomination), nomination


def test_bifa_2010_ceremony(kg):
    rows = select(
        kg,
        """SELECT DISTINCT ?event ?date WHERE {
            work:never-let-me-go-2010 nlmg:nomination ?nom .
            ?nom nlmg:awardBody ?body ; nlmg:atEvent ?event .
            ?body schema:name "British Independent Film Awards" .
            ?event schema:startDate ?date .
        }""",
    )
    assert [r[1].toPython().isoformat() for r in rows] == ["2010-12-05"], rows


def test_award_bodies_are_organisations(kg):
    names = {
        str(r[0])
        for r in select(
            kg,
            """SELECT DISTINCT ?name WHERE {
                ?nom a nlmg:AwardNomination ; nlmg:awardBody ?b .
                ?b a schema:Organization ; schema:name ?name .
            }""",
        )
    }
    expected = {
        "British Independent Film Awards",
        "Saturn Awards",
        "National Board of Review",
        "Booker Prize",
    }
    assert expected <= names, names


# ------------------------------------------------------------------------------------------
# Review scores
# ------------------------------------------------------------------------------------------

# (site, method, score out of 100, verification, sources the claim must cite)
REVIEW_SCORES = [
    ("Rotten Tomatoes", "Tomatometer", 71, "Corroborated", {"article", "en-academic-film"}),
    ("Rotten Tomatoes", "AudienceScore", 81, "Unverified", {"article"}),
    ("Metacritic", "Metascore", 69, "Unverified", {"article"}),
]


@pytest.mark.parametrize(
    ("site", "method", "value", "verification", "sources"),
    REVIEW_SCORES,
    ids=[row[1] for row in REVIEW_SCORES],
)
def test_review_score(kg, site, method, value, verification, sources):
    rows = select(
        kg,
        """SELECT ?score ?value ?best ?worst ?ver ?source WHERE {
            work:never-let-me-go-2010 nlmg:reviewScore ?score .
            ?score nlmg:scoreMethod ?method ; schema:author ?site ; schema:ratingValue ?value ;
                   schema:bestRating ?best ; schema:worstRating ?worst .
            ?site schema:name ?siteName .
            ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:reviewScore ;
                   rdf:object ?score ; nlmg:rank nlmg:NormalRank ; nlmg:verification ?ver ;
                   nlmg:statedIn ?source .
        }""",
        method=NLMG[method],
        siteName=Literal(site),
    )
    assert rows, f"no {method} fact from {site}"
    assert len({r[0] for r in rows}) == 1, rows
    assert {r[1].toPython() for r in rows} == {Decimal(value)}, rows
    assert {r[2].toPython() for r in rows} == {Decimal(100)}, rows
    assert {r[3].toPython() for r in rows} == {Decimal(0)}, rows
    assert {r[4] for r in rows} == {NLMG[verification]}, rows
    assert {SOURCE[s] for s in sources} <= {r[5] for r in rows}, rows


def rating_explanations(kg, method):
    """Rows (text,) explaining the film's review score by ``method``."""
    return select(
        kg,
        """SELECT ?text WHERE {
            work:never-let-me-go-2010 nlmg:reviewScore ?s .
            ?s nlmg:scoreMethod ?method ; schema:ratingExplanation ?text .
        }""",
        method=method,
    )


def test_metascore_explains_its_band(kg):
    rows = rating_explanations(kg, NLMG.Metascore)
    assert len(rows) == 1 and rows[0][0].language == "en", rows
    text = str(rows[0][0]).lower()
    # The band's name is Metacritic's own label (a name, like a heading): give it as the site
    # does, never re-worded into a label the site does not use.
    assert "generally favorable" in text, "name the band as Metacritic labels it"
    assert "mostly positive" not in text, "Metacritic has no 'mostly positive' band"


def test_tomatometer_summarises_praise_and_criticism(kg):
    rows = rating_explanations(kg, NLMG.Tomatometer)
    assert len(rows) == 1, rows
    text = str(rows[0][0]).lower()
    assert "mulligan" in text and "slow" in text, text


# ------------------------------------------------------------------------------------------
# Budget and box office
# ------------------------------------------------------------------------------------------


def test_budget_is_15_million_dollars(kg):
    rows = select(
        kg,
        """SELECT ?value ?currency ?ver ?source WHERE {
            work:never-let-me-go-2010 nlmg:budget ?b .
            ?b schema:value ?value ; schema:currency ?currency .
            ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:budget ;
                   rdf:object ?b ; nlmg:verification ?ver ; nlmg:statedIn ?source .
        }""",
    )
    assert {(r[0].toPython(), str(r[1])) for r in rows} == {(Decimal(15_000_000), "USD")}, rows
    assert {r[2] for r in rows} == {NLMG.Corroborated}, rows
    assert {SOURCE["article"], SOURCE["en-academic-film"]} <= {r[3] for r in rows}, rows


def _box_office_claims(kg):
    """Map each box-office claim's amount to (rank, verification, value, min, max, approx)."""
    rows = select(
        kg,
        """SELECT ?amount ?rank ?ver ?value ?min ?max ?approx ?currency WHERE {
            ?claim a nlmg:Claim ; rdf:subject work:never-let-me-go-2010 ;
                   rdf:predicate nlmg:boxOffice ; rdf:object ?amount ;
                   nlmg:rank ?rank ; nlmg:verification ?ver .
            ?amount schema:currency ?currency .
            OPTIONAL { ?amount schema:value ?value }
            OPTIONAL { ?amount schema:minValue ?min }
            OPTIONAL { ?amount schema:maxValue ?max }
            OPTIONAL { ?amount nlmg:approximate ?approx }
        }""",
    )
    return rows


def test_three_box_office_claims_with_their_ranks(kg):
    rows = _box_office_claims(kg)
    by_figure = {}
    for amount, rank, ver, value, low, high, approx, currency in rows:
        assert str(currency) == "USD", rows
        key = value.toPython() if value is not None else (low.toPython(), high.toPython())
        by_figure[key] = (rank, ver, approx.toPython() if approx is not None else None, amount)
    expected = {
        Decimal(64_000_000): ("DeprecatedRank", "Refuted"),
        (Decimal(9_460_000), Decimal(9_900_000)): ("PreferredRank", "Corroborated"),
        Decimal(11_509_512): ("NormalRank", "Corroborated"),
    }
    assert set(by_figure) == set(expected), f"box-office claims found: {by_figure}"
    for figure, (rank, ver) in expected.items():
        assert by_figure[figure][:2] == (NLMG[rank], NLMG[ver]), (figure, by_figure[figure])
    assert by_figure[(Decimal(9_460_000), Decimal(9_900_000))][2] is True, (
        "the range is approximate"
    )


def test_only_the_preferred_box_office_figure_is_a_fact(kg):
    rows = select(
        kg,
        """SELECT ?min ?max WHERE {
            work:never-let-me-go-2010 nlmg:boxOffice ?amount .
            ?amount schema:minValue ?min ; schema:maxValue ?max .
        }""",
    )
    facts = select(kg, "SELECT ?a WHERE { work:never-let-me-go-2010 nlmg:boxOffice ?a }")
    assert len(facts) == 1, f"exactly one box-office fact expected, found {facts}"
    assert [(r[0].toPython(), r[1].toPython()) for r in rows] == [
        (Decimal(9_460_000), Decimal(9_900_000))
    ], rows


def test_preferred_box_office_cites_wikipedia(kg):
    assert ask(
        kg,
        """ASK { ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:boxOffice ;
                 nlmg:rank nlmg:PreferredRank ; nlmg:statedIn ?s }""",
        s=SOURCE["wikipedia-film"],
    )


def test_article_box_office_is_refuted_with_evidence(kg):
    rows = select(
        kg,
        """SELECT ?reason ?by WHERE {
            ?claim rdf:subject work:never-let-me-go-2010 ; rdf:predicate nlmg:boxOffice ;
                   rdf:object ?amount ; nlmg:rank nlmg:DeprecatedRank ; nlmg:statedIn ?article ;
                   nlmg:deprecationReason ?reason ; nlmg:contradictedBy ?by .
            ?amount schema:value ?value .
        }""",
        article=SOURCE["article"],
        value=Literal("64000000.0", datatype=XSD.decimal),
    )
    assert rows, "the article's $64 million must be kept as a deprecated claim"
    assert all(r[0].language == "en" for r in rows), rows
    evidence = {r[1] for r in rows}
    preferred = {
        r[0]
        for r in select(
            kg,
            """SELECT ?c WHERE { ?c rdf:subject work:never-let-me-go-2010 ;
                 rdf:predicate nlmg:boxOffice ; nlmg:rank nlmg:PreferredRank }""",
        )
    }
    assert preferred & evidence, f"the refutation should point at the preferred claim: {evidence}"
    assert SOURCE["wikipedia-film"] in evidence or SOURCE["en-academic-film"] in evidence, evidence
