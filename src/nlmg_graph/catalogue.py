"""The stored SPARQL queries of ``queries/`` and their comment headers.

Each query file starts with a block of ``# Key: value`` comment lines (``Title``,
``Description``, ``Message`` for checks, ``Parameters``, ``Example``; a value may continue on
following ``#   `` lines). The convention is written down in ``queries/README.md``. Files named
``*-violation.rq`` are checks that must return no rows; ``construct-*.rq`` build triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from nlmg_graph import _resources
from nlmg_graph.errors import QueryError

__all__ = ["StoredQuery", "stored_queries", "stored_query", "violation_queries"]

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Z][A-Za-z ]*):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")


@dataclass(frozen=True)
class StoredQuery:
    """One stored query: its name (the file name without ``.rq``), header and SPARQL text."""

    name: str
    text: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The one-line title of the header (falls back to the name)."""
        return self.header.get("title", self.name)

    @property
    def description(self) -> str:
        """What the query answers or checks."""
        return self.header.get("description", "")

    @property
    def is_check(self) -> bool:
        """Whether this is a ``*-violation`` check that must return no rows."""
        return self.name.endswith("-violation")

    @property
    def message(self) -> str:
        """For a check: the plain-words message of each row it returns."""
        return self.header.get("message", self.description or self.title)


def parse_header(text: str) -> dict[str, str]:
    """Return the ``# Key: value`` header of a query as a dict with lower-case keys."""
    header: dict[str, str] = {}
    key: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER_LINE.match(line):
            key = match["key"].strip().lower()
            header[key] = match["value"].strip()
        elif key is not None and (match := _CONTINUATION.match(line)):
            header[key] = f"{header[key]} {match['value'].strip()}".strip()
    return header


@cache
def stored_queries() -> tuple[StoredQuery, ...]:
    """Return every stored query, sorted by name."""
    queries = []
    for source in _resources.query_files():
        text = source.read_text(encoding="utf-8")
        queries.append(StoredQuery(source.name.removesuffix(".rq"), text, parse_header(text)))
    return tuple(queries)


def stored_query(name: str) -> StoredQuery:
    """Return the stored query called ``name``.

    Raises:
        QueryError: no stored query has that name.
    """
    for query in stored_queries():
        if query.name == name:
            return query
    raise QueryError(f"no stored query named {name!r}")


def violation_queries() -> tuple[StoredQuery, ...]:
    """Return the ``*-violation`` checks."""
    return tuple(query for query in stored_queries() if query.is_check)
