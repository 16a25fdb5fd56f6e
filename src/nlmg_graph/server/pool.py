"""The worker processes of ``nlmg-graph serve``, and the timeout that really stops a query.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so every job runs in
a worker process (:mod:`.worker`); the server process only speaks HTTP. A job that outlives
the timeout gets its worker killed (``SIGKILL``), which frees its CPU and memory at once, and
a fresh worker is started in its place while the others keep serving.

Workers are plain subprocesses (``python -m nlmg_graph.server``) given one end of a socket
pair: unlike ``multiprocessing``, that neither copies the server's threads and event loop
(``fork``) nor re-runs the program that called :func:`~nlmg_graph.server.serve` (``spawn``).
The server's end is an asyncio protocol and each timeout a timer, so a job costs one message
each way and no extra task: the round trip stays near the pipe's own latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import pickle
import socket
import subprocess
import sys
from collections import deque
from dataclasses import asdict
from typing import Any

from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.server.worker import FRAME, GraphSource, Job, Reply, text_reply

__all__ = ["WorkerPool"]


class _Connection(asyncio.Protocol):
    """The server's end of a worker's socket: one message out, one reply back."""

    def __init__(self) -> None:
        self.transport: asyncio.WriteTransport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[object] | None = None
        self.unclaimed: deque[object] = deque()  # a message that came before it was expected
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a stream transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            (length,) = FRAME.unpack_from(self.buffer)
            if len(self.buffer) < FRAME.size + length:
                return
            message = pickle.loads(self.buffer[FRAME.size : FRAME.size + length])
            del self.buffer[: FRAME.size + length]
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(message)
            else:  # e.g. "ready", read before the server got round to expecting it
                self.unclaimed.append(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the worker process ended"))

    def expect(self) -> asyncio.Future[object]:
        """Return a future for the next message from the worker."""
        self.waiter = asyncio.get_running_loop().create_future()
        if self.unclaimed:
            self.waiter.set_result(self.unclaimed.popleft())
        elif self.lost:
            self.waiter.set_exception(ConnectionError("the worker process ended"))
        return self.waiter

    def ask(self, message: object) -> asyncio.Future[object]:
        """Send ``message``; return a future for the reply."""
        reply = self.expect()
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        assert self.transport is not None
        self.transport.write(FRAME.pack(len(data)) + data)
        return reply


class _Worker:
    """One worker process and the server's end of its socket."""

    def __init__(self, process: subprocess.Popen[bytes], connection: _Connection) -> None:
        self.process = process
        self.connection = connection

    async def stop(self) -> None:
        """Kill the process (whatever it is doing) and wait for it to end."""
        if self.connection.transport is not None:
            self.connection.transport.close()
        self.process.kill()
        await asyncio.to_thread(self.process.wait)


def _timeout(future: asyncio.Future[Any]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


class WorkerPool:
    """``size`` worker processes answering jobs, each job within ``timeout`` seconds.

    Args:
        source: the graph each worker opens.
        size: the number of workers (each holds its own copy of an in-memory graph).
        timeout: seconds a job may run, and a request may wait for a free worker.
        max_result_bytes: the cap on the size of an answer.
    """

    def __init__(
        self, source: GraphSource, *, size: int, timeout: float, max_result_bytes: int
    ) -> None:
        self.source = source
        self.size = size
        self.timeout = timeout
        self.max_result_bytes = max_result_bytes
        self._idle: list[_Worker] = []
        self._waiting: deque[asyncio.Future[_Worker]] = deque()
        self._busy: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()

    async def _spawn(self) -> _Worker:
        """Start a worker and wait until its graph is open.

        Raises:
            NlmgGraphError: the worker could not open the graph (the message says why).
        """
        ours, theirs = socket.socketpair()
        settings = json.dumps(
            {"source": asdict(self.source), "max_result_bytes": self.max_result_bytes}
        )
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "nlmg_graph.server", str(theirs.fileno()), settings],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C is for the server, which stops the workers
            )
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_unix_connection(_Connection, sock=ours)
        started = _Worker(process, connection)
        try:
            status = await connection.expect()
        except ConnectionError:
            status = f"a worker process ended while opening the graph (exit {process.poll()})"
        if status != "ready":
            await started.stop()
            raise NlmgGraphError(str(status))
        return started

    async def start(self) -> None:
        """Start every worker, in parallel.

        Raises:
            NlmgGraphError: a worker could not open the graph; no worker is left running.
        """
        results = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        started = [result for result in results if isinstance(result, _Worker)]
        errors = [result for result in results if isinstance(result, BaseException)]
        if errors:
            for each in started:
                await each.stop()
            raise errors[0]
        for each in started:
            self._release(each)

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the longest-waiting request, or put it with the idle ones."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and start a worker in its place, in the background."""

        async def replace() -> None:
            await dead.stop()
            try:
                self._release(await self._spawn())
            except NlmgGraphError as error:  # the graph became unreadable: serve with fewer
                print(f"nlmg-graph serve: cannot restart a worker: {error}", file=sys.stderr)

        task = asyncio.get_running_loop().create_task(replace())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _acquire(self) -> _Worker | None:
        """Return an idle worker, waiting up to ``timeout`` for one (``None``: none came)."""
        if self._idle:
            return self._idle.pop()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_Worker] = loop.create_future()
        self._waiting.append(waiter)
        timer = loop.call_later(self.timeout, _timeout, waiter)
        try:
            return await waiter
        except TimeoutError:
            return None
        except BaseException:  # cancelled: a worker handed over meanwhile goes back
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            raise
        finally:
            timer.cancel()

    async def run(self, job: Job) -> Reply:
        """Return a worker's reply to ``job``, or a 503 reply when time runs out.

        Waiting for a free worker and running the job each get ``timeout`` seconds; a job
        that runs out of time gets its worker killed and replaced.
        """
        chosen = await self._acquire()
        if chosen is None:
            return text_reply(503, "the server is busy: no worker was free in time; try again")
        self._busy.add(chosen)
        reply = chosen.connection.ask(job)
        timer = asyncio.get_running_loop().call_later(self.timeout, _timeout, reply)
        try:
            answer = await reply
        except TimeoutError:
            self._replace(chosen)
            return text_reply(
                503, f"the query ran out of time (the limit is {self.timeout:g} s) and was stopped"
            )
        except ConnectionError:
            self._replace(chosen)
            return text_reply(500, "the worker process answering the request ended unexpectedly")
        except BaseException:  # cancelled mid-job: the worker's state is unknown
            self._replace(chosen)
            raise
        finally:
            timer.cancel()
            self._busy.discard(chosen)
        assert isinstance(answer, Reply)
        self._release(chosen)
        return answer

    async def close(self) -> None:
        """Stop every worker, busy or idle, and any being started."""
        for task in list(self._starting):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        workers = [*self._busy, *self._idle]
        self._idle.clear()
        for each in workers:
            await each.stop()
