"""The stored claim checks (``queries/*-violation.rq``): silent on the shipped graph, and each
one fails on its broken example in ``tests/fixtures/checks/`` with the expected focus and path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import nlmg_graph
from nlmg_graph.catalogue import StoredQuery, violation_queries

CHECKS = violation_queries()
FIXTURES = Path(__file__).parent / "fixtures" / "checks"


def expected(fixture: Path) -> dict[str, str]:
    """Return the ``# key: value`` expectations at the top of a fixture."""
    found = {}
    for line in fixture.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.removeprefix("# ").partition(": ")
        if line.startswith("# ") and sep and key in {"focus", "path"}:
            found[key] = value.strip()
    return found


def test_the_five_claim_checks_exist() -> None:
    assert {check.name for check in CHECKS} == {
        "unsourced-fact-violation",
        "deprecated-fact-violation",
        "not-best-rank-fact-violation",
        "missing-fact-violation",
        "orphan-value-violation",
    }


@pytest.mark.parametrize("check", CHECKS, ids=[c.name for c in CHECKS])
def test_check_returns_no_rows_on_the_shipped_graph(
    kg: nlmg_graph.KnowledgeGraph, check: StoredQuery
) -> None:
    rows = kg.query(check.text)
    assert list(rows) == [], "\n".join(str(row) for row in rows)  # type: ignore[union-attr]


@pytest.mark.parametrize("check", CHECKS, ids=[c.name for c in CHECKS])
def test_check_fails_on_its_broken_example(check: StoredQuery) -> None:
    name = check.name
    fixture = FIXTURES / f"{name}.ttl"
    want = expected(fixture)
    report = nlmg_graph.load(data=[fixture]).validate()
    assert not report.conforms
    mine = [v for v in report.violations if v.shape == name]
    assert [(v.focus, v.path) for v in mine] == [(want["focus"], want["path"])], report.text
    assert mine[0].message == check.message
    assert mine[0].message.endswith("."), "a check's message is a plain sentence"
