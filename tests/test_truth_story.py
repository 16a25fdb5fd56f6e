"""The story-side corrections of the second truth pass, read from the graph by SPARQL.

One test per corrected fact. Expected values are typed by hand from the published pages the
data cites (data/sources.ttl, the block of branch truth-story): SparkNotes' quotes page and the
Screen150 review (the book ends at a fence by a Norfolk field), the IMDb character page (the
film's last lines), Wikipedia on the novel, eNotes and Tiffany Chu's read-through (Chrissie and
Rodney in the book), the Toronto Star (the Judy Bridgewater tape in the film), and the reviews
and study guides that name the themes. Each test checks the corrected state through
``kg.query`` and, where a wrong value was corrected, that it is absent from the facts view
(``serialize(view="facts")``).
"""

from __future__ import annotations

from typing import cast

import pytest
from rdflib import Literal

import nlmg_graph
from nlmg_graph.namespaces import CHARACTER, CLAIM, DIFFERENCE, NLMG, PLACE, SOURCE, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
ENDING = DIFFERENCE["the-ending"]
ARTICLE = SOURCE["article"]

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX nlmg: <https://w3id.org/nlmg/ontology/>
PREFIX schema: <https://schema.org/>
PREFIX claim: <https://w3id.org/nlmg/claim/>
PREFIX source: <https://w3id.org/nlmg/source/>
PREFIX work: <https://w3id.org/nlmg/work/>
PREFIX character: <https://w3id.org/nlmg/character/>
PREFIX difference: <https://w3id.org/nlmg/difference/>
PREFIX theme: <https://w3id.org/nlmg/theme/>
PREFIX place: <https://w3id.org/nlmg/place/>
"""

# The texts the article's comparison table gives the ending (in the data's wording), and the
# first pass's film-side correction, which still set the fence scene against the book.
ARTICLE_NOVEL_ENDING = (
    "Much of the close follows Kathy on the road after Tommy has completed, dwelling on what "
    "she has lost and on the countryside she passes through."
)
FIRST_PASS_FILM_ENDING = (
    "Some time after Tommy has completed on the operating table, Kathy stands alone at a fence "
    "by an open field and then drives off by herself; the close relies on images more than "
    "words."
)


def rows(kg: nlmg_graph.KnowledgeGraph, body: str) -> list[tuple[object, ...]]:
    """The rows of a SELECT (run through the public ``query``) as tuples."""
    solutions = cast("nlmg_graph.Solutions", kg.query(PREFIXES + body))
    return [tuple(row) for row in solutions]


def ask(kg: nlmg_graph.KnowledgeGraph, body: str) -> bool:
    return bool(kg.query(PREFIXES + body))


def live_claims(kg: nlmg_graph.KnowledgeGraph, s: str, p: str, o: str) -> dict[str, set[str]]:
    """Non-deprecated claims on ``s p o`` (SPARQL terms): claim IRI -> verification and sources."""
    found: dict[str, set[str]] = {}
    for claim, verification, source in rows(
        kg,
        f"""SELECT ?claim ?verification ?source WHERE {{
            ?claim a nlmg:Claim ; rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
                nlmg:rank ?rank ; nlmg:verification ?verification ; nlmg:statedIn ?source .
            FILTER (?rank != nlmg:DeprecatedRank) }}""",
    ):
        found.setdefault(str(claim), {str(verification)}).add(str(source))
    return found


def refuted(kg: nlmg_graph.KnowledgeGraph, claim: str) -> set[str]:
    """The evidence of a deprecated, refuted claim, or an empty set if it is not one."""
    return {
        str(row[0])
        for row in rows(
            kg,
            f"""SELECT ?evidence WHERE {{
                {claim} nlmg:rank nlmg:DeprecatedRank ; nlmg:verification nlmg:Refuted ;
                    nlmg:deprecationReason ?reason ; nlmg:contradictedBy ?evidence . }}""",
        )
    }


# --- the ending difference -----------------------------------------------------------------


def test_ending_novel_side_is_the_fence_by_the_norfolk_field(kg, facts) -> None:
    # SparkNotes and Screen150: the book's last scene is Kathy at a fence by a Norfolk field.
    (text,) = [
        row[0] for row in rows(kg, "SELECT ?t WHERE { difference:the-ending nlmg:inNovel ?t }")
    ]
    for word in ("Norfolk", "fence", "field", "Tommy", "carer"):
        assert word in str(text), f"the book's ending should mention {word!r}: {text!r}"
    claims = live_claims(kg, "difference:the-ending", "nlmg:inNovel", f'"""{text}"""@en')
    assert list(claims) == [str(CLAIM["the-ending-in-novel-norfolk-field"])], claims
    (backing,) = claims.values()
    assert str(NLMG.Corroborated) in backing
    assert {
        str(SOURCE["sparknotes-quotes-ending"]),
        str(SOURCE["screen150-review-2011"]),
    } <= backing
    # The article's version (a drive through the countryside) is refuted and not a fact.
    assert str(SOURCE["sparknotes-quotes-ending"]) in refuted(kg, "claim:the-ending-in-novel")
    assert (ENDING, NLMG.inNovel, Literal(ARTICLE_NOVEL_ENDING, lang="en")) not in facts
    assert list(facts.objects(ENDING, NLMG.inNovel)) == [Literal(text, lang="en")]


def test_ending_film_side_is_the_notice_and_the_closing_voice_over(kg, facts) -> None:
    # IMDb's last lines: two weeks after Tommy's death, notice given, first donation in a month.
    (text,) = [
        row[0] for row in rows(kg, "SELECT ?t WHERE { difference:the-ending nlmg:inFilm ?t }")
    ]
    for word in ("Two weeks", "notice", "a month", "fence", "field", "people they save"):
        assert word in str(text), f"the film's ending should mention {word!r}: {text!r}"
    claims = live_claims(kg, "difference:the-ending", "nlmg:inFilm", f'"""{text}"""@en')
    assert claims == {
        str(CLAIM["the-ending-in-film-notice-given"]): {
            str(NLMG.Corroborated),
            str(SOURCE["imdb-kathy-character"]),
        }
    }
    assert list(facts.objects(ENDING, NLMG.inFilm)) == [Literal(text, lang="en")]


def test_first_ending_correction_is_refuted_and_not_a_fact(kg, facts) -> None:
    # It set the film's fence scene against the book, which ends at such a fence too.
    evidence = refuted(kg, "claim:the-ending-in-film")
    assert {
        str(CLAIM["the-ending-in-novel-norfolk-field"]),
        str(SOURCE["sparknotes-quotes-ending"]),
        str(SOURCE["imdb-kathy-character"]),
    } <= evidence, evidence
    assert (ENDING, NLMG.inFilm, Literal(FIRST_PASS_FILM_ENDING, lang="en")) not in facts


def test_article_film_ending_is_refuted_by_the_corrected_claims(kg, facts) -> None:
    evidence = refuted(kg, "claim:the-ending-in-film-article")
    assert {
        str(CLAIM["the-ending-in-film-notice-given"]),
        str(CLAIM["the-ending-in-novel-norfolk-field"]),
    } <= evidence, evidence
    texts = [str(t) for t in facts.objects(ENDING, NLMG.inFilm)]
    assert not any("final donation" in t for t in texts), texts


# --- characters in both works --------------------------------------------------------------

CHARACTERS_IN_BOTH = (
    "kathy-h",
    "tommy-d",
    "ruth",
    "miss-emily",
    "miss-lucy",
    "madame",
    "chrissie",
    "rodney",
    "judy-bridgewater",
)


@pytest.mark.parametrize("slug", CHARACTERS_IN_BOTH)
@pytest.mark.parametrize("work", ["never-let-me-go-novel", "never-let-me-go-2010"])
def test_character_is_in_both_works_with_a_published_source(kg, facts, slug, work) -> None:
    character, target = CHARACTER[slug], WORK[work]
    assert (character, NLMG.presentInWork, target) in facts, f"{slug} not in {work}"
    claims = live_claims(kg, f"character:{slug}", "nlmg:presentInWork", f"work:{work}")
    assert claims, f"no claim puts {slug} in {work}"
    for backing in claims.values():
        assert str(NLMG.Corroborated) in backing, (slug, work, backing)
        published = backing - {str(NLMG.Corroborated), str(ARTICLE)}
        assert published, f"{slug} in {work} rests on the article alone"


@pytest.mark.parametrize("slug", ["chrissie", "rodney"])
def test_cottages_veterans_are_in_the_novel(kg, slug) -> None:
    # eNotes' chapter 12 summary and Tiffany Chu's read-through: veterans at the Cottages.
    claims = live_claims(
        kg, f"character:{slug}", "nlmg:presentInWork", "work:never-let-me-go-novel"
    )
    (backing,) = claims.values()
    assert {str(SOURCE["enotes-chapter-12"]), str(SOURCE["tiffanychu-rhubarb-patch"])} <= backing


def test_miss_emily_in_the_novel_is_corroborated(kg) -> None:
    claims = live_claims(
        kg, "character:miss-emily", "nlmg:presentInWork", "work:never-let-me-go-novel"
    )
    (backing,) = claims.values()
    assert {str(NLMG.Corroborated), str(SOURCE["wikipedia-novel"])} <= backing


@pytest.mark.parametrize(
    "subject", ["character:judy-bridgewater", "work:never-let-me-go-song"], ids=["singer", "song"]
)
def test_the_tape_is_in_the_film(kg, subject) -> None:
    # The Toronto Star: the Songs After Dark cassette is part of the film's fiction.
    claims = live_claims(kg, subject, "nlmg:presentInWork", "work:never-let-me-go-2010")
    (backing,) = claims.values()
    assert {str(NLMG.Corroborated), str(SOURCE["thestar-judy-bridgewater-2010"])} <= backing


# --- character descriptions ----------------------------------------------------------------


def description(kg: nlmg_graph.KnowledgeGraph, slug: str) -> str:
    found = rows(kg, f"SELECT ?d WHERE {{ character:{slug} schema:description ?d }}")
    assert len(found) == 1, found
    return str(found[0][0])


def test_tommy_tantrums_come_from_teasing_not_from_his_fate(kg) -> None:
    text = description(kg, "tommy-d")
    assert "teasing" in text and "temper" in text, text
    assert "anger at the life laid out" not in text, text


def test_ruth_is_not_read_as_cruel_out_of_fear(kg) -> None:
    text = description(kg, "ruth")
    assert "out of fear" not in text, text
    assert "Madame's address" in text and "kept Kathy and Tommy apart" in text, text


def test_miss_emily_is_the_campaigning_head_guardian(kg) -> None:
    text = description(kg, "miss-emily")
    assert "coldly" not in text, text
    for word in ("head guardian", "deferrals never existed", "souls", "campaign"):
        assert word in text, f"Miss Emily's description should mention {word!r}: {text!r}"


def test_madame_collects_the_art_and_is_visited_for_a_deferral(kg) -> None:
    text = description(kg, "madame")
    assert "works for the world outside" not in text, text
    for word in ("Gallery", "Kathy and Tommy", "deferral"):
        assert word in text, f"Madame's description should mention {word!r}: {text!r}"


def test_kathy_ages_differ_between_book_and_film(kg) -> None:
    text = description(kg, "kathy-h")
    assert "thirty-one" in text and "twenty-eight" in text, text


# --- the novel -----------------------------------------------------------------------------


def test_novel_genre_is_corroborated_by_wikipedia(kg) -> None:
    claims = live_claims(
        kg, "work:never-let-me-go-novel", "schema:genre", '"speculative fiction"@en'
    )
    (backing,) = claims.values()
    assert {str(NLMG.Corroborated), str(SOURCE["wikipedia-novel"])} <= backing


@pytest.mark.parametrize("place", ["the-cottages", "norfolk"])
def test_novel_is_set_at_the_cottages_and_in_norfolk(kg, facts, place) -> None:
    assert (NOVEL, NLMG.narrativeLocation, PLACE[place]) in facts
    claims = live_claims(
        kg, "work:never-let-me-go-novel", "nlmg:narrativeLocation", f"place:{place}"
    )
    (backing,) = claims.values()
    assert {str(NLMG.Corroborated), str(SOURCE["litcharts-themes"])} <= backing


# --- themes and differences ----------------------------------------------------------------

THEMES = (
    "illusion-of-agency",
    "what-makes-us-human",
    "mortality-and-acceptance",
    "ethics-of-sacrifice",
    "love-and-loss",
)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("work", ["never-let-me-go-novel", "never-let-me-go-2010"])
def test_theme_is_corroborated_beyond_the_article(kg, work, theme) -> None:
    claims = live_claims(kg, f"work:{work}", "nlmg:theme", f"theme:{theme}")
    (backing,) = claims.values()
    assert str(NLMG.Corroborated) in backing, backing
    assert str(ARTICLE) in backing and len(backing - {str(NLMG.Corroborated)}) >= 2, backing
    assert ask(kg, f"ASK {{ work:{work} nlmg:theme theme:{theme} }}")


@pytest.mark.parametrize("slug", ["narrative-structure", "revealing-the-truth", "the-ending"])
def test_difference_is_corroborated_on_every_side(kg, slug) -> None:
    # Every asserted triple of the difference has a live claim, and all of them are corroborated.
    found = rows(
        kg,
        f"""SELECT ?p ?verification WHERE {{
            difference:{slug} ?p ?v .
            FILTER (?p IN (nlmg:aspect, nlmg:inNovel, nlmg:inFilm, nlmg:novel, nlmg:film))
            ?claim rdf:subject difference:{slug} ; rdf:predicate ?p ; rdf:object ?v ;
                nlmg:rank ?rank ; nlmg:verification ?verification .
            FILTER (?rank != nlmg:DeprecatedRank) }}""",
    )
    assert len(found) == 5, found
    assert {row[1] for row in found} == {str(NLMG.Corroborated)}, found


def test_lost_tape_difference_is_recorded_from_published_comparisons(kg, facts) -> None:
    # LitCharts: the book's Kathy loses the tape and finds another copy in Norfolk; Screen150
    # and gmirage.com: in the film it is Tommy's present and never lost.
    tape = DIFFERENCE["the-lost-tape"]
    assert (FILM, NLMG.adaptationDifference, tape) in facts
    (novel_side,) = [str(t) for t in facts.objects(tape, NLMG.inNovel)]
    (film_side,) = [str(t) for t in facts.objects(tape, NLMG.inFilm)]
    assert "goes missing" in novel_side and "Norfolk" in novel_side, novel_side
    assert "Tommy gives Kathy" in film_side and "never lost" in film_side, film_side
    found = rows(
        kg,
        """SELECT ?p ?source WHERE {
            ?claim rdf:subject difference:the-lost-tape ; rdf:predicate ?p ;
                nlmg:rank nlmg:NormalRank ; nlmg:verification nlmg:Corroborated ;
                nlmg:statedIn ?source . }""",
    )
    sources = {(p.rsplit("/", 1)[-1], src.rsplit("/", 1)[-1]) for p, src in found}
    assert ("inNovel", "litcharts-judy-bridgewater") in sources, sources
    assert ("inFilm", "screen150-review-2011") in sources, sources
    assert not any(src == "article" for _, src in sources), sources


def test_character_focus_film_side_stays_unverified(kg) -> None:
    # Reviews single out Mulligan and are split on Knightley: nothing puts Tommy and Ruth on a
    # level with Kathy, so the article's film side is not corroborated.
    (value,) = [
        row[0] for row in rows(kg, "SELECT ?v WHERE { difference:character-focus nlmg:inFilm ?v }")
    ]
    claims = live_claims(kg, "difference:character-focus", "nlmg:inFilm", f'"""{value}"""@en')
    (backing,) = claims.values()
    assert backing == {str(NLMG.Unverified), str(ARTICLE)}, backing
