"""Running work in a child process that is killed when it runs out of time or is interrupted.

pyoxigraph cannot cancel a running query and a thread cannot be stopped, so ``nlmg-graph
serve`` evaluates queries in worker processes and kills the one whose query outlives the
timeout (:mod:`nlmg_graph.server.pool`). :func:`run_in_child` does the same for one piece of
work: it forks, the child does the work and sends the result back through a pipe, and the parent
waits at most ``timeout`` seconds, then kills the child (``SIGKILL``, which frees its CPU and
memory at once). A Ctrl-C reaches the parent, which kills the child and stops at once, even
while the engine is deep in native code that would not notice the signal for minutes; an engine
crash kills only the child and becomes an error. Forking copies nothing up front (the child
shares the parent's memory until either writes), so the graph already loaded is not loaded
again.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from nlmg_graph.errors import NlmgGraphError, OptionError, QueryTimeoutError

__all__ = ["check_timeout", "run_in_child"]

_T = TypeVar("_T")
_CHUNK = 1 << 16


def check_timeout(timeout: float | None, option: str = "timeout") -> None:
    """Refuse a timeout that is not a positive, finite number of seconds (``None``: no limit).

    Raises:
        OptionError: names ``option`` and the value.

    >>> check_timeout(float("inf"), "--timeout")
    Traceback (most recent call last):
    ...
    nlmg_graph.errors.OptionError: --timeout must be a positive number of seconds, not inf
    """
    if timeout is not None and not 0 < timeout < math.inf:
        raise OptionError(f"{option} must be a positive number of seconds, not {timeout:g}")


def _portable(error: BaseException) -> tuple[type[BaseException], str, dict[str, object]]:
    """Return ``error`` as class, message and attributes: they pickle whatever its ``__init__``."""
    state = dict(vars(error))
    try:
        pickle.dumps((type(error), state))
    except Exception:  # an attribute or the class cannot be pickled: keep the words
        return NlmgGraphError, f"{type(error).__name__}: {error}", {}
    return type(error), str(error), state


def _rebuilt(portable: tuple[type[BaseException], str, dict[str, object]]) -> BaseException:
    kind, message, state = portable
    error = kind.__new__(kind)
    error.args = (message,)
    error.__dict__.update(state)
    return error


def _child(work: Callable[[], object], pipe: int) -> None:
    """Do ``work`` in the forked child, send the outcome through ``pipe``, and exit."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as error:
            outcome = (False, _portable(error))
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            failure = NlmgGraphError(f"cannot send the answer back: {error}")
            payload = pickle.dumps((False, _portable(failure)))
        with open(pipe, "wb") as stream:
            stream.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)


def _collect(pipe: int, timeout: float | None, clock: Callable[[], float]) -> bytes | None:
    """Read the child's message until it closes the pipe; ``None`` when time runs out."""
    deadline = None if timeout is None else clock() + timeout
    chunks: list[bytes] = []
    while True:
        remaining = None if deadline is None else max(deadline - clock(), 0.0)
        ready, _, _ = select.select([pipe], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(pipe, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(pid: int) -> int:
    """Kill the child if it still runs, reap it, and return its wait status."""
    with contextlib.suppress(ProcessLookupError):  # reaped already
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def run_in_child(work: Callable[[], _T], *, timeout: float | None, what: str = "the query") -> _T:
    """Return ``work()``, done in a child process that is killed after ``timeout`` seconds.

    The result and any exception come back pickled; output the child writes to the standard
    streams goes where the parent's goes. On a system without ``fork`` the work is done in
    this process, and a timeout is refused.

    Args:
        work: what to do; it sees the parent's memory as it was at the call.
        timeout: seconds to wait (``None``: no limit, but Ctrl-C still stops at once).
        what: names the work in messages ("the query", "the validation").

    Raises:
        QueryTimeoutError: the work ran out of time; the child was killed.
        NlmgGraphError: the child died without answering (an engine crash, names the signal).
        OptionError: a timeout that is not a positive number, or no ``fork`` to enforce it.
        KeyboardInterrupt: Ctrl-C; the child was killed.
        BaseException: whatever ``work`` raised, re-raised here.
    """
    import time

    check_timeout(timeout)
    if not hasattr(os, "fork"):
        if timeout is not None:
            raise OptionError("a timeout needs a system with fork() to stop the work")
        return work()
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child exits without returning)
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    try:
        message = _collect(read_end, timeout, time.monotonic)
    finally:
        os.close(read_end)
        status = _stop(pid)
    if message is None:
        raise QueryTimeoutError(
            f"{what} ran out of time (the limit is {timeout:g} s) and was stopped"
        )
    if not message:
        cause = (
            f"signal {signal.Signals(os.WTERMSIG(status)).name}"
            if os.WIFSIGNALED(status)
            else f"exit status {os.waitstatus_to_exitcode(status)}"
        )
        raise NlmgGraphError(f"the engine process died on {what} ({cause}) without an answer")
    succeeded, value = pickle.loads(message)
    if not succeeded:
        raise _rebuilt(value)
    return value  # type: ignore[no-any-return]
