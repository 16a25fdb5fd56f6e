"""Shared fixtures: the shipped graph is loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import nlmg_graph

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def kg() -> nlmg_graph.KnowledgeGraph:
    """The shipped graph, loaded once (tests must not modify it)."""
    return nlmg_graph.load()
