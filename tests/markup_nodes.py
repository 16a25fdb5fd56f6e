"""Walking schema.org JSON-LD documents in the tests: every node object, nested ones included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["nodes"]


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value``, nested ones included."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)
