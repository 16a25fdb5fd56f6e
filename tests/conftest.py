"""Shared fixtures: the shipped graph is loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import nlmg_graph

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def kg() -> nlmg_graph.KnowledgeGraph:
    """The shipped graph, loaded once (tests must not modify it)."""
    return nlmg_graph.load()


@pytest.fixture(scope="session")
def facts(kg: nlmg_graph.KnowledgeGraph) -> Graph:
    """The facts view of the shipped graph, as the export writes it (best-ranked, no claims)."""
    return Graph().parse(data=kg.serialize("nt", view="facts"), format="nt")


def _register_fuzz_profiles() -> None:
    """Hypothesis profiles for tests/fuzz (registered here, before the plugin reads options).

    The normal run keeps Hypothesis's default budget, which tests/fuzz scales down to about a
    minute in all; ``pytest tests/fuzz --hypothesis-profile long`` runs a hundred times more
    cases (see benchmarks/FUZZ.md).
    """
    from hypothesis import settings

    settings.register_profile("long", max_examples=10_000)


_register_fuzz_profiles()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-screenshots``: the browser test also copies its page screenshots to docs/."""
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="copy the site pages' screenshots (tests/test_site.py) into docs/screenshots/",
    )
