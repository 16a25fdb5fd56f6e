"""Guard for the "own words" rule: no literal of the data repeats 8+ words of the article.

The seed article is the project's source document. The repository does not keep a copy of it:
``tests/fixtures/article-runs.txt`` holds only a hash of every run of ``RUN_LENGTH``
consecutive words of each of its lines, tagged ``H`` for lines that are headings and ``P`` for
prose (regenerate it with ``python tests/test_own_words.py ARTICLE.txt``). Names, titles,
figures and section headings are facts and may be quoted; the article's sentences may not. So
every literal of every ``data/*.ttl`` file is compared, after normalising case and punctuation,
with those runs:

- a literal of a citation property (the section a claim cites, a source's name or headline)
  may quote the article's headings, so it is compared with the article's prose only;
- every other literal (names, descriptions, definitions, answers, notes) is compared with the
  whole article, headings and FAQ questions included, so a question copied as a FAQ name fails.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from nlmg_graph import _resources

RUN_LENGTH = 8
RUNS_FIXTURE = Path(__file__).parent / "fixtures" / "article-runs.txt"

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


def digest(run: tuple[str, ...]) -> str:
    """Return the short hash a run of words is stored under."""
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def article_run_digests(article: str) -> list[str]:
    """Return the fixture lines for ``article``: a tag and a digest per word run, sorted.

    Runs never cross a line break; a line that is one of ``HEADINGS`` is tagged ``H``.
    """
    entries = set()
    for line in article.splitlines():
        tag = "H" if tuple(words(line)) in HEADING_WORDS else "P"
        entries.update(f"{tag} {digest(run)}" for run in runs(line))
    return sorted(entries)


def read_fixture() -> tuple[frozenset[str], frozenset[str]]:
    """Return (digests of every run, digests of the prose runs) from the fixture."""
    lines = RUNS_FIXTURE.read_text(encoding="utf-8").splitlines()
    entries = [line.split() for line in lines if line and not line.startswith("#")]
    every = frozenset(d for _, d in entries)
    prose = frozenset(d for tag, d in entries if tag == "P")
    return every, prose


HEADING_WORDS = frozenset(tuple(words(heading)) for heading in HEADINGS)
ALL_RUNS, PROSE_RUNS = read_fixture()


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
        hit = next((run for run in runs(str(value)) if digest(run) in index), None)
        if hit is not None:
            found.append(f"{subject} {predicate}: repeats {' '.join(hit)!r} in {str(value)!r}")
    return found


def test_fixture_covers_the_article() -> None:
    assert len(ALL_RUNS) > 1500, f"only {len(ALL_RUNS)} word runs in {RUNS_FIXTURE}"
    assert PROSE_RUNS < ALL_RUNS


@pytest.mark.parametrize("heading", [h for h in HEADINGS if len(words(h)) >= RUN_LENGTH])
def test_long_heading_is_in_the_article(heading: str) -> None:
    run = tuple(words(heading)[:RUN_LENGTH])
    assert digest(run) in ALL_RUNS and digest(run) not in PROSE_RUNS, heading


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


if __name__ == "__main__":  # regenerate the fixture from a copy of the article
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    header = (
        f"# {RUN_LENGTH}-word runs of the seed article, hashed. "
        "Regenerate: python tests/test_own_words.py ARTICLE"
    )
    RUNS_FIXTURE.write_text(
        "\n".join([header, *article_run_digests(text)]) + "\n", encoding="utf-8"
    )
