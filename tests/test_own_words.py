"""Guard for the "own words" rule: no literal of the data repeats 8+ words of the article.

The seed article is the project's source document, kept verbatim as the fixture
``tests/fixtures/article.txt`` (its first line names where it came from and is skipped). Names,
titles, figures and section headings are facts and may be quoted; the article's sentences may
not. So every literal of every ``data/*.ttl`` file is compared, after normalising case and
punctuation, with every run of ``RUN_LENGTH`` consecutive words of the article:

- a literal of a citation property (the section a claim cites, a source's name or headline)
  may quote the article's headings, so it is compared with the article's prose only;
- every other literal (names, descriptions, definitions, answers, notes) is compared with the
  whole article, headings and FAQ questions included, so a question copied as a FAQ name fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from nlmg_graph import _resources

RUN_LENGTH = 8
ARTICLE_FIXTURE = Path(__file__).parent / "fixtures" / "article.txt"

NLMG = "https://w3id.org/nlmg/ontology/"
SCHEMA = "https://schema.org/"
NLMG_SOURCE = URIRef(NLMG + "Source")

# Properties whose values cite the article by its headings (always allowed to quote a heading).
CITATION_PROPERTIES = frozenset(
    {
        URIRef(NLMG + "sourceSection"),
        URIRef(SCHEMA + "headline"),
        URIRef(SCHEMA + "articleSection"),
    }
)
# Properties that may quote a heading when their subject is an nlmg:Source (its title).
SOURCE_TITLE_PROPERTIES = frozenset({URIRef(SCHEMA + "name"), URIRef(SCHEMA + "alternateName")})

# The article's headline, section headings and FAQ questions, typed by hand from the article.
HEADINGS = (
    "Never Let Me Go Film Analysis: Themes, Cast & Meaning Explained",
    "The Essential Info: What is Never Let Me Go (2010) About?",
    "Behind the Scenes: Cast, Crew, and How This Film Came to Be",
    "The Stellar Cast Brought These Tragic Characters to Life",
    "Bringing Ishiguro's Vision to the Screen",
    "Digging Deeper: Themes and Why This Film Sticks With You",
    "Never Let Me Go (2010) vs. The Book: Key Differences",
    "How Was It Received? Reviews, Awards, and Legacy",
    "Awards Recognition",
    "Where to Watch Never Let Me Go (2010) Legally Today",
    "Is Never Let Me Go (2010) Worth Watching? Who Should See It?",
    "Your Questions Answered: Never Let Me Go (2010) FAQs",
    "Is Never Let Me Go based on a true story?",
    "Where was Never Let Me Go filmed?",
    "Does Never Let Me Go have a happy ending?",
    'What is the meaning behind the title "Never Let Me Go"?',
    "Is Never Let Me Go sci-fi or drama?",
    'Why do people donate in Never Let Me Go? What are "donations"?',
)

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Return the words of ``text``, lower-cased, apostrophes dropped, punctuation as spaces."""
    return _WORD.findall(_APOSTROPHES.sub("", text.lower()))


def runs(text: str, length: int = RUN_LENGTH) -> Iterator[tuple[str, ...]]:
    """Yield every run of ``length`` consecutive words of ``text``."""
    tokens = words(text)
    for start in range(len(tokens) - length + 1):
        yield tuple(tokens[start : start + length])


def article_lines() -> list[str]:
    """Return the article's non-empty lines, without the fixture's header line."""
    lines = ARTICLE_FIXTURE.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("#"), f"{ARTICLE_FIXTURE} must start with a header line"
    return [line.strip() for line in lines[1:] if line.strip()]


def run_index(lines: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Return the word runs of each line (runs never cross a line break)."""
    return frozenset(run for line in lines for run in runs(line))


HEADING_WORDS = frozenset(tuple(words(heading)) for heading in HEADINGS)
ALL_RUNS = run_index(article_lines())
PROSE_RUNS = run_index(line for line in article_lines() if tuple(words(line)) not in HEADING_WORDS)


def copied_runs(graph: Graph) -> list[str]:
    """Return one line per literal of ``graph`` that repeats a run of the article."""
    sources = set(graph.subjects(RDF.type, NLMG_SOURCE))
    found = []
    for subject, predicate, value in graph:
        if not isinstance(value, Literal) or not isinstance(value.value, str):
            continue
        quotes_title = predicate in CITATION_PROPERTIES or (
            predicate in SOURCE_TITLE_PROPERTIES and subject in sources
        )
        index = PROSE_RUNS if quotes_title else ALL_RUNS
        hit = next((run for run in runs(str(value)) if run in index), None)
        if hit is not None:
            found.append(f"{subject} {predicate}: repeats {' '.join(hit)!r} in {str(value)!r}")
    return found


def test_fixture_is_the_article() -> None:
    lines = article_lines()
    assert lines[1] == "\u2022 September 30, 2025", lines[:3]
    assert "Never Let Me Go Film Analysis: Themes, Cast & Meaning Explained" in lines, lines[:5]
    assert lines[-1] == "Recommended Article", lines[-3:]
    assert len(ALL_RUNS) > 1500, f"only {len(ALL_RUNS)} word runs read from {ARTICLE_FIXTURE}"


@pytest.mark.parametrize("heading", HEADINGS)
def test_heading_is_a_line_of_the_article(heading: str) -> None:
    assert heading in article_lines(), f"{heading!r} is not a line of {ARTICLE_FIXTURE}"


def test_guard_catches_a_copied_sentence() -> None:
    graph = Graph()
    thing = URIRef("https://w3id.org/nlmg/work/example")
    copied = "Rachel Portman's haunting score is sparse, using piano and strings to underscore it."
    graph.add((thing, URIRef(SCHEMA + "description"), Literal(copied, lang="en")))
    found = copied_runs(graph)
    assert len(found) == 1, found


def test_guard_catches_a_copied_faq_question_outside_citations() -> None:
    graph = Graph()
    entry = URIRef("https://w3id.org/nlmg/faq/example")
    graph.add(
        (entry, URIRef(SCHEMA + "name"), Literal("Is Never Let Me Go based on a true story?"))
    )
    assert copied_runs(graph), "a FAQ question copied into schema:name went unnoticed"


def test_guard_allows_a_heading_as_a_cited_section() -> None:
    graph = Graph()
    claim = URIRef("https://w3id.org/nlmg/claim/example")
    section = "Digging Deeper: Themes and Why This Film Sticks With You"
    graph.add((claim, URIRef(NLMG + "sourceSection"), Literal(section)))
    assert copied_runs(graph) == []


@pytest.mark.parametrize("data_file", _resources.data_files(), ids=lambda file: file.name)
def test_no_literal_repeats_the_article(data_file: Traversable) -> None:
    graph = Graph().parse(data=data_file.read_bytes(), format="turtle")
    found = copied_runs(graph)
    assert not found, f"{data_file.name}: literals not in our own words:\n" + "\n".join(found)
