"""Shared helpers of the fuzz suite: the budget of each test, and the tally of findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from nlmg_graph.errors import NlmgGraphError

_T = TypeVar("_T")

TALLY: Counter[str] = Counter()
"""Cases run and findings, by kind; printed at the end of the run."""


def budget(share: float) -> settings:
    """Settings for a test that takes ``share`` of the run's examples.

    The default profile (100 examples) makes the normal run about a minute in all and is
    derandomised, so it never flakes; the ``long`` profile (10,000) is random each time.
    """
    examples = max(3, round(settings.default.max_examples * share))
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=settings.default.max_examples < 1000,
        suppress_health_check=list(HealthCheck),
        database=None,
    )


def tally(kind: str, count: int = 1) -> None:
    """Count ``count`` cases or findings of ``kind``."""
    TALLY[kind] += count


def outcome(call: Callable[[], _T]) -> _T | NlmgGraphError:
    """Return what ``call`` returns, or the one-line error it raises; count the case.

    Any other exception is a traceback a user would see: it is counted and re-raised, which
    fails the test.
    """
    tally("cases")
    try:
        return call()
    except NlmgGraphError as error:
        assert "\n" not in str(error), f"a multi-line message: {error!r}"
        if "died on" in str(error):
            tally("crashes")
            raise AssertionError(f"the engine crashed: {error}") from None
        return error
    except BaseException:
        tally("tracebacks")
        raise


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply ``(position, deleted, inserted)`` edits to ``data`` (positions wrap around)."""
    out = bytearray(data)
    for position, deleted, inserted in edits:
        at = position % (len(out) + 1)
        out[at : at + deleted] = inserted
    return bytes(out)


HOSTILE_PIECES = [
    b"{" * 300,
    b"[" * 300,
    b"(" * 300,
    b'"' * 3,
    b"\\u0000",
    b"\x00",
    b"\xff\xfe",
    b"<>",
    b"<http://example.org/\xc3\xa9>",
    b"_:b0",
    b"@prefix : <http://example.org/> .",
    b"\n",
    b"'''",
    b"^^",
    b"@en-x-",
    b'"x"',
    b"1e999999",
    b"\xe2\x80\xae",
    b"SERVICE <http://example.org/> {}",
    b"]]>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b'{"@context": {"@vocab": "http://example.org/"}}',
]
"""Fragments that have broken parsers before, inserted among random bytes."""


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10**6),
        st.integers(0, 16),
        st.one_of(st.binary(max_size=8), st.sampled_from(HOSTILE_PIECES)),
    ),
    min_size=1,
    max_size=6,
)
"""Random edits for :func:`mutate`."""
