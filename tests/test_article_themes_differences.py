"""The article's themes and its novel-vs-film differences, checked against the graph.

Expected values are typed by hand from the article (its "Digging Deeper: Themes and Why This
Film Sticks With You" list and its "Never Let Me Go (2010) vs. The Book: Key Differences" table),
from the IMDb character page that corrects its account of the film's ending, and from the
SparkNotes and Screen150 pages showing that the book ends at the same fence by a field (the
corrected ending row is pinned in tests/test_truth_story.py).
"""

from __future__ import annotations

import pytest
from graph_queries import ask, claims_on, select
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

import nlmg_graph
from nlmg_graph.namespaces import DIFFERENCE, GRAPH_DATA, NLMG, SOURCE, THEME, WORK

FILM = WORK["never-let-me-go-2010"]
NOVEL = WORK["never-let-me-go-novel"]
SCHEME = THEME["scheme"]
ARTICLE = SOURCE["article"]
IMDB_KATHY = SOURCE["imdb-kathy-character"]
THEMES_SECTION = "Digging Deeper: Themes and Why This Film Sticks With You"
DIFFERENCES_SECTION = "Never Let Me Go (2010) vs. The Book: Key Differences"

# The five theme headings of the article, by the slug MODEL.md fixes for each.
THEMES = {
    "illusion-of-agency": "The Illusion of Agency",
    "what-makes-us-human": "What Makes Us Human?",
    "mortality-and-acceptance": "Mortality and Acceptance",
    "ethics-of-sacrifice": "The Ethics of Sacrifice",
    "love-and-loss": "Love and Loss in Confined Spaces",
}
# Where each theme shows in the film, as the article illustrates it: words its examples must name.
THEME_EXAMPLE_WORDS = {
    "illusion-of-agency": ("Ruth", "possible", "Tommy"),
    "what-makes-us-human": ("Hailsham",),
    "love-and-loss": ("Kathy", "Tommy", "Ruth"),
}

# The row headings of the article's comparison table, by slug.
DIFFERENCES = {
    "narrative-structure": "Narrative Structure",
    "revealing-the-truth": "Revealing the Truth",
    "character-focus": "Character Focus",
    "the-ending": "The Ending",
}
# Words each side of a difference must mention (the people or devices the table names).
DIFFERENCE_WORDS = {
    ("narrative-structure", "inNovel"): ("Kathy", "carer"),
    ("narrative-structure", "inFilm"): ("Kathy", "flashback"),
    ("revealing-the-truth", "inNovel"): ("Kathy", "hint"),
    ("revealing-the-truth", "inFilm"): ("Miss Lucy",),
    ("character-focus", "inNovel"): ("Kathy", "Tommy", "Ruth"),
    ("character-focus", "inFilm"): ("Garfield", "Knightley", "Tommy", "Ruth"),
    ("the-ending", "inNovel"): ("Kathy", "Tommy", "Norfolk", "fence"),
    ("the-ending", "inFilm"): ("Kathy", "Tommy", "notice", "fence"),
}
# The ending row's two sides are the corrected texts, which the article does not state.
CORRECTED_SIDES = {("the-ending", "inNovel"), ("the-ending", "inFilm")}


def is_fact(kg: nlmg_graph.KnowledgeGraph, s: URIRef, p: URIRef, o: object) -> bool:
    """Whether the triple is asserted in the data graph (a fact, not only a claim's object)."""
    return ask(kg, "ASK { GRAPH ?graph { ?s ?p ?o } }", graph=GRAPH_DATA, s=s, p=p, o=o)


def values(kg: nlmg_graph.KnowledgeGraph, s: URIRef, p: URIRef) -> list:
    return [row[0] for row in select(kg, "SELECT ?o WHERE { ?s ?p ?o }", s=s, p=p)]


# --- themes --------------------------------------------------------------------------------


def test_theme_scheme_is_a_skos_concept_scheme(kg: nlmg_graph.KnowledgeGraph) -> None:
    found = select(
        kg,
        """SELECT ?label WHERE { theme:scheme a skos:ConceptScheme ; skos:prefLabel ?label .
                                 FILTER (lang(?label) = "en") }""",
    )
    assert len(found) == 1, f"theme:scheme needs one English skos:prefLabel, got {found}"


def test_scheme_holds_exactly_the_five_themes(kg: nlmg_graph.KnowledgeGraph) -> None:
    in_scheme = {
        str(row[0]).removeprefix(THEME)
        for row in select(kg, "SELECT ?c WHERE { ?c skos:inScheme theme:scheme }")
    }
    top = {
        str(row[0]).removeprefix(THEME)
        for row in select(kg, "SELECT ?c WHERE { theme:scheme skos:hasTopConcept ?c }")
    }
    assert in_scheme == set(THEMES), in_scheme ^ set(THEMES)
    assert top == set(THEMES), top ^ set(THEMES)


@pytest.mark.parametrize(("slug", "heading"), THEMES.items(), ids=list(THEMES))
def test_theme_is_a_labelled_top_concept(
    kg: nlmg_graph.KnowledgeGraph, slug: str, heading: str
) -> None:
    concept = THEME[slug]
    assert is_fact(kg, concept, RDF.type, SKOS.Concept), f"{slug} is not a skos:Concept"
    labels = values(kg, concept, SKOS.prefLabel)
    assert labels == [Literal(heading, lang="en")], f"{slug}: prefLabel {labels}"
    assert is_fact(kg, concept, SKOS.topConceptOf, SCHEME), f"{slug} not top concept"
    definitions = values(kg, concept, SKOS.definition)
    assert len(definitions) == 1, f"{slug}: definitions {definitions}"
    assert definitions[0].language == "en" and len(str(definitions[0]).split()) >= 8, definitions
    examples = values(kg, concept, SKOS.example)
    assert examples and all(e.language == "en" for e in examples), f"{slug}: examples {examples}"
    text = " ".join(str(e) for e in examples)
    for word in THEME_EXAMPLE_WORDS.get(slug, ()):
        assert word in text, f"{slug}: the examples should mention {word!r}: {text!r}"


@pytest.mark.parametrize("slug", THEMES)
@pytest.mark.parametrize(
    ("work", "section"),
    [(FILM, THEMES_SECTION), (NOVEL, "How Was It Received? Reviews, Awards, and Legacy")],
    ids=["film", "novel"],
)
def test_work_has_theme_with_a_claim(
    kg: nlmg_graph.KnowledgeGraph, work: URIRef, section: str, slug: str
) -> None:
    concept = THEME[slug]
    assert is_fact(kg, work, NLMG.theme, concept), f"{work} lacks theme {slug}"
    backing = [c for c in claims_on(kg, work, NLMG.theme) if c.object == concept]
    assert len(backing) == 1, backing
    claim = backing[0]
    assert claim.rank == NLMG.NormalRank, claim
    # The article names the theme; published reviews and study guides corroborate it.
    assert claim.verification == NLMG.Corroborated, claim
    assert ARTICLE in claim.sources and len(claim.sources) >= 2, claim
    assert claim.section == section, claim


@pytest.mark.parametrize("work", [FILM, NOVEL], ids=["film", "novel"])
def test_work_has_no_other_theme(kg: nlmg_graph.KnowledgeGraph, work: URIRef) -> None:
    themes = {str(v).removeprefix(THEME) for v in values(kg, work, NLMG.theme)}
    assert themes == set(THEMES), themes ^ set(THEMES)


# --- differences ---------------------------------------------------------------------------


def test_film_has_exactly_the_four_differences(kg: nlmg_graph.KnowledgeGraph) -> None:
    # The article's four rows, and the lost tape that published comparisons add (its claims are
    # pinned in tests/test_truth_story.py).
    found = {str(v).removeprefix(DIFFERENCE) for v in values(kg, FILM, NLMG.adaptationDifference)}
    expected = set(DIFFERENCES) | {"the-lost-tape"}
    assert found == expected, found ^ expected
    for slug in DIFFERENCES:
        backing = claims_on(kg, FILM, NLMG.adaptationDifference)
        objects = {c.object for c in backing if ARTICLE in c.sources}
        assert DIFFERENCE[slug] in objects, f"no article claim for {slug}"


@pytest.mark.parametrize(("slug", "aspect"), DIFFERENCES.items(), ids=list(DIFFERENCES))
def test_difference_entity(kg: nlmg_graph.KnowledgeGraph, slug: str, aspect: str) -> None:
    node = DIFFERENCE[slug]
    assert is_fact(kg, node, RDF.type, NLMG.AdaptationDifference), slug
    assert values(kg, node, NLMG.aspect) == [Literal(aspect, lang="en")], slug
    assert values(kg, node, NLMG.novel) == [NOVEL], slug
    assert values(kg, node, NLMG.film) == [FILM], slug
    for side in ("inNovel", "inFilm"):
        texts = values(kg, node, NLMG[side])
        assert len(texts) == 1 and texts[0].language == "en", f"{slug} {side}: {texts}"
        for word in DIFFERENCE_WORDS.get((slug, side), ()):
            assert word in str(texts[0]), f"{slug} {side} should mention {word!r}: {texts[0]!r}"


@pytest.mark.parametrize("slug", DIFFERENCES)
@pytest.mark.parametrize("prop", ["aspect", "inNovel", "inFilm", "novel", "film"])
def test_difference_triples_have_claims(
    kg: nlmg_graph.KnowledgeGraph, slug: str, prop: str
) -> None:
    node = DIFFERENCE[slug]
    for value in values(kg, node, NLMG[prop]):
        backing = [
            c
            for c in claims_on(kg, node, NLMG[prop])
            if c.object == value and c.rank != NLMG.DeprecatedRank
        ]
        assert len(backing) == 1, f"{slug} {prop} {value!r}: claims {backing}"
        if (slug, prop) in CORRECTED_SIDES:
            assert ARTICLE not in backing[0].sources, backing
            assert backing[0].verification == NLMG.Corroborated, backing
            continue
        assert ARTICLE in backing[0].sources, backing
        assert backing[0].section == DIFFERENCES_SECTION, backing


def test_ending_in_film_article_and_first_correction_are_deprecated(
    kg: nlmg_graph.KnowledgeGraph,
) -> None:
    ending = DIFFERENCE["the-ending"]
    claims = claims_on(kg, ending, NLMG.inFilm)
    by_rank: dict[URIRef, list] = {}
    for claim in claims:
        by_rank.setdefault(claim.rank, []).append(claim)
    assert sorted(by_rank) == [NLMG.DeprecatedRank, NLMG.NormalRank], claims
    (current,) = by_rank[NLMG.NormalRank]
    assert current.sources == {IMDB_KATHY}, current
    assert current.verification == NLMG.Corroborated, current
    assert values(kg, ending, NLMG.inFilm) == [current.object], "only the corrected text is a fact"

    # The article's version (the fence at the spot of Tommy's last donation) and the first
    # pass's correction (which still set the fence scene against the book) are both refuted.
    deprecated = by_rank[NLMG.DeprecatedRank]
    assert len(deprecated) == 2, deprecated
    for claim in deprecated:
        assert claim.verification == NLMG.Refuted, claim
        assert "fence" in str(claim.object), claim
        assert not is_fact(kg, ending, NLMG.inFilm, claim.object), "refuted ending is asserted"
        evidence = set(values(kg, claim.claim, NLMG.contradictedBy))
        assert {IMDB_KATHY, current.claim} <= evidence, evidence
        reasons = values(kg, claim.claim, NLMG.deprecationReason)
        assert len(reasons) == 1 and reasons[0].language == "en", reasons
    article = [c for c in deprecated if c.sources == {ARTICLE}]
    assert len(article) == 1 and "donation" in str(article[0].object), deprecated
