"""The film's and the novel's awards and honours, body by body, as published pages give them.

Each award body's nominations are read through the public API (``kg.awards()``, the stored
``awards`` query) and compared with the full list written by hand from the pages the data cites:
the category, the year, the nominee, the outcome. The claims behind them are read with one
SPARQL query (``kg.query``): every nomination that is a fact is corroborated by the pages named
here, each a published page with a URL, and tied to its ceremony where the data records one.

Sources (URLs in data/sources.ttl): BIFA's 2010 announcement, movie-box-review.blogspot.com,
ioncinema.com and indiewire.com (BIFA 2010); fanboysoftheuniverse.com and the SFX report (37th
Saturn Awards); screendaily.com, the BBC and ukscreen.com (Evening Standard 2011; its
best-actress longlist from the Standard and incontention.com);
bookcritics.org, pw.org and the LA Times (NBCC 2005); sfsignal.com, londonist.com and Jonathan
Strahan's blog (Clarke 2006); a books blog and Wikipedia's text on piglix.com (Alex 2006);
dublinliteraryaward.ie and the Guardian (Dublin 2007, a longlisting); blog copies of Time's
lists and time.com (Time); newser.com and radioszczecin.pl (the Guardian, 2019); nasdaq.com and
a books blog (the New York Times, 2024).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pytest

import nlmg_graph
from nlmg_graph.namespaces import EVENT, NLMG, SOURCE, WORK

FILM = str(WORK["never-let-me-go-2010"])
NOVEL = str(WORK["never-let-me-go-novel"])


class Honour(NamedTuple):
    """One nomination as the published pages give it, and the pages its claim must cite."""

    work: str
    category: str
    year: int
    nominee: str | None
    outcome: str
    sources: frozenset[str]


def honour(
    work: str, category: str, year: int, nominee: str | None, outcome: str, *sources: str
) -> Honour:
    """An :class:`Honour` whose claim cites ``sources`` (slugs of data/sources.ttl)."""
    return Honour(work, category, year, nominee, outcome, frozenset(sources))


# Every nomination of each award body, as the pages name them.
HONOURS: dict[str, list[Honour]] = {
    "British Independent Film Awards": [
        honour(
            FILM,
            "Best British Independent Film",
            2010,
            None,
            "Nominated",
            "bifa-nominations-2010",
            "movie-box-review-bifa-2010",
            "indiewire-bifa-2010-winners",
        ),
        honour(
            FILM,
            "Best Director",
            2010,
            "Mark Romanek",
            "Nominated",
            "movie-box-review-bifa-2010",
            "ioncinema-bifa-2010",
            "indiewire-bifa-2010-winners",
        ),
        honour(
            FILM,
            "Best Screenplay",
            2010,
            "Alex Garland",
            "Nominated",
            "movie-box-review-bifa-2010",
            "indiewire-bifa-2010-winners",
        ),
        honour(FILM, "Best Actress", 2010, "Carey Mulligan", "Won", "chinokino-bifa-2010"),
        honour(
            FILM,
            "Best Supporting Actor",
            2010,
            "Andrew Garfield",
            "Nominated",
            "chinokino-bifa-2010",
        ),
        honour(
            FILM,
            "Best Supporting Actress",
            2010,
            "Keira Knightley",
            "Nominated",
            "chinokino-bifa-2010",
        ),
    ],
    "Saturn Awards": [
        honour(FILM, "Best Science Fiction Film", 2011, None, "Nominated", "fanboys-saturn-2011"),
        honour(FILM, "Best Supporting Actor", 2011, "Andrew Garfield", "Won", "sfx-saturn-2011"),
    ],
    "London Evening Standard British Film Awards": [
        honour(
            FILM,
            "Best Actor",
            2011,
            "Andrew Garfield",
            "Won",
            "screendaily-evening-standard-2011",
            "bbc-evening-standard-2011",
        ),
        honour(
            FILM,
            "Best Screenplay",
            2011,
            "Alex Garland",
            "Shortlisted",
            "screendaily-evening-standard-2011",
            "ukscreen-evening-standard-2011",
        ),
        honour(
            FILM,
            "Best Actress",
            2011,
            "Carey Mulligan",
            "Longlisted",
            "standard-evening-standard-longlist-2011",
            "incontention-evening-standard-2011",
        ),
        honour(
            FILM,
            "Best Actress",
            2011,
            "Keira Knightley",
            "Longlisted",
            "standard-evening-standard-longlist-2011",
            "incontention-evening-standard-2011",
        ),
    ],
    "Booker Prize": [
        honour(NOVEL, "Booker Prize", 2005, "Kazuo Ishiguro", "Shortlisted", "wikipedia-novel"),
    ],
    "National Book Critics Circle": [
        honour(
            NOVEL,
            "Fiction",
            2005,
            "Kazuo Ishiguro",
            "Shortlisted",
            "nbcc-awards-2005",
            "pw-nbcc-2005-finalists",
            "latimes-nbcc-2005-winners",
        ),
    ],
    "Arthur C. Clarke Award": [
        honour(
            NOVEL,
            "Arthur C. Clarke Award",
            2006,
            "Kazuo Ishiguro",
            "Shortlisted",
            "sfsignal-clarke-2006",
            "londonist-clarke-2006",
            "strahan-clarke-2006-winner",
        ),
    ],
    "Young Adult Library Services Association": [
        honour(
            NOVEL,
            "Alex Award",
            2006,
            "Kazuo Ishiguro",
            "Won",
            "bookswordswriting-alex-2006",
            "piglix-novel",
        ),
    ],
    "International Dublin Literary Award": [
        honour(
            NOVEL,
            "International Dublin Literary Award",
            2007,
            "Kazuo Ishiguro",
            "Longlisted",
            "dublin-literary-award-novel",
            "guardian-dublin-longlist-2007",
        ),
    ],
    "Time": [
        honour(
            NOVEL,
            "All-TIME 100 Novels",
            2005,
            None,
            "Listed",
            "goodbooksguide-time-100-novels",
            "wikibin-time-100-novels",
        ),
        honour(
            NOVEL,
            "Best Novels of the Year",
            2005,
            None,
            "Listed",
            "piglix-novel",
            "yesterdaysbooks-novel",
        ),
        honour(
            NOVEL,
            "The 10 Best Books of the Decade",
            2009,
            None,
            "Listed",
            "time-best-books-of-the-decade",
        ),
    ],
    "The Guardian": [
        honour(
            NOVEL,
            "The 100 Best Books of the 21st Century",
            2019,
            None,
            "Listed",
            "newser-guardian-best-books-of-the-century",
            "radioszczecin-guardian-best-books-of-the-century",
        ),
    ],
    "The New York Times": [
        honour(
            NOVEL,
            "The 100 Best Books of the 21st Century",
            2024,
            None,
            "Listed",
            "headfullofbooks-nyt-best-books-of-the-century",
            "nasdaq-nyt-best-books-of-the-century",
        ),
    ],
}

# The ceremony each body's nominations belong to, with its date, where the data records one.
CEREMONIES = {
    "British Independent Film Awards": ("bifa-2010", "2010-12-05"),
    "London Evening Standard British Film Awards": (
        "38th-evening-standard-british-film-awards",
        "2011-02-07",
    ),
    "National Book Critics Circle": ("nbcc-awards-2005", "2006-03-03"),
    "Arthur C. Clarke Award": ("arthur-c-clarke-award-2006", "2006-04-26"),
}

NOMINATION_CLAIMS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
SELECT ?nomination ?work ?rank ?verification ?source ?url ?event ?date WHERE {
  ?claim a nlmg:Claim ; rdf:subject ?work ; rdf:predicate nlmg:nomination ;
         rdf:object ?nomination ; nlmg:rank ?rank ; nlmg:verification ?verification ;
         nlmg:statedIn ?source .
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?nomination nlmg:atEvent ?event . OPTIONAL { ?event schema:startDate ?date } }
}
"""


class ClaimFacts(NamedTuple):
    """What the claims on one nomination say: ranks, verifications, sources, URLs, events."""

    ranks: set[str]
    verifications: set[str]
    sources: set[str]
    sources_without_url: set[str]
    events: set[tuple[str, str | None]]


@pytest.fixture(scope="module")
def awards(kg: nlmg_graph.KnowledgeGraph) -> dict[str, list[nlmg_graph.Row]]:
    """The rows of ``kg.awards()``, by award body name."""
    by_body: dict[str, list[nlmg_graph.Row]] = defaultdict(list)
    for row in kg.awards():
        by_body[row.body_name].append(row)
    return by_body


@pytest.fixture(scope="module")
def claims(kg: nlmg_graph.KnowledgeGraph) -> dict[str, ClaimFacts]:
    """The claims on every nomination, read with one SPARQL query, by nomination IRI."""
    facts: dict[str, ClaimFacts] = {}
    for row in kg.query(NOMINATION_CLAIMS):
        entry = facts.setdefault(row.nomination, ClaimFacts(set(), set(), set(), set(), set()))
        entry.ranks.add(row.rank)
        entry.verifications.add(row.verification)
        entry.sources.add(row.source)
        if row.url is None:
            entry.sources_without_url.add(row.source)
        if row.event is not None:
            entry.events.add((row.event, None if row.date is None else row.date.isoformat()))
    return facts


def _rows_for(rows: list[nlmg_graph.Row], expected: Honour) -> list[nlmg_graph.Row]:
    return [
        row
        for row in rows
        if (row.work, row.category_name, row.year, row.nominee_name)
        == (expected.work, expected.category, expected.year, expected.nominee)
    ]


@pytest.mark.parametrize("body", HONOURS)
def test_each_body_lists_exactly_its_nominations(awards, body):
    got = {(r.work, r.category_name, r.year, r.nominee_name, r.outcome) for r in awards[body]}
    want = {(h.work, h.category, h.year, h.nominee, str(NLMG[h.outcome])) for h in HONOURS[body]}
    assert got == want


def test_no_other_body_has_a_nomination(awards):
    assert set(awards) == set(HONOURS)


@pytest.mark.parametrize(
    ("body", "expected"),
    [(body, h) for body, honours in HONOURS.items() for h in honours],
    ids=[f"{body}-{h.year}-{h.category}" for body, honours in HONOURS.items() for h in honours],
)
def test_nomination_is_corroborated_by_its_pages(awards, claims, body, expected):
    (row,) = _rows_for(awards[body], expected)
    facts = claims[row.nomination]
    assert facts.ranks == {str(NLMG.NormalRank)}, facts
    assert facts.verifications == {str(NLMG.Corroborated)}, facts
    assert {str(SOURCE[s]) for s in expected.sources} <= facts.sources, facts.sources
    assert facts.sources_without_url <= {str(SOURCE["article"])}, facts.sources_without_url


@pytest.mark.parametrize("body", CEREMONIES)
def test_nominations_belong_to_their_ceremony(awards, claims, body):
    slug, date = CEREMONIES[body]
    for row in awards[body]:
        assert claims[row.nomination].events == {(str(EVENT[slug]), date)}, row


def test_film_has_all_six_bifa_nominations_and_one_win(awards):
    rows = awards["British Independent Film Awards"]
    assert len(rows) == 6
    assert [r.nominee_name for r in rows if r.outcome == str(NLMG.Won)] == ["Carey Mulligan"]


def test_garfield_won_the_evening_standard_best_actor_award(kg):
    rows = kg.awards(person="https://w3id.org/nlmg/person/andrew-garfield", outcome="won")
    assert {(r.body_name, r.category_name, r.year) for r in rows} == {
        ("London Evening Standard British Film Awards", "Best Actor", 2011),
        ("Saturn Awards", "Best Supporting Actor", 2011),
    }


def test_the_novel_was_shortlisted_three_times(kg):
    rows = kg.awards(outcome="shortlisted")
    assert sorted((r.year, r.body_name) for r in rows if r.work == NOVEL) == [
        (2005, "Booker Prize"),
        (2005, "National Book Critics Circle"),
        (2006, "Arthur C. Clarke Award"),
    ]


def test_refuted_article_rows_stay_out_of_the_facts(awards, claims):
    listed = {row.nomination for rows in awards.values() for row in rows}
    refuted = {
        nomination
        for nomination, facts in claims.items()
        if str(NLMG.Refuted) in facts.verifications
    }
    assert len(refuted) == 2, refuted
    assert not refuted & listed, refuted & listed
