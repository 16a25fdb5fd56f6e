"""The fuzz suite's socket guard and the summary of its tally (see fuzzing.py).

Every fuzz test counts its cases and what it found in ``fuzzing.TALLY``; the terminal summary
prints the totals (cases, tracebacks, crashes, hangs, cross-engine disagreements, network
attempts). A finding also fails its test: Hypothesis then shrinks it to a minimal input.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from fuzzing import TALLY, tally

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse (and count) any connection to a host other than this one."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOOPBACK:
            tally("network attempts")
            raise AssertionError(f"a fuzz case tried to reach {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the fuzz tally when fuzz tests ran."""
    if TALLY:
        kinds = ("cases", "tracebacks", "crashes", "hangs", "disagreements", "network attempts")
        line = ", ".join(f"{TALLY[kind]:,} {kind}" for kind in kinds)
        extra = ", ".join(f"{n:,} {k}" for k, n in sorted(TALLY.items()) if k not in kinds)
        terminalreporter.write_line(f"fuzz: {line}" + (f" ({extra})" if extra else ""))
