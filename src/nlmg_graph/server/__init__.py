"""``nlmg-graph serve``: the graph behind a read-only SPARQL endpoint, on uvicorn.

Starlette routes and negotiates (:mod:`.app`), uvicorn speaks HTTP (with ``httptools`` and
``uvloop``, the fastest ASGI stack in Python), and a pool of worker processes evaluates the
queries on Oxigraph (:mod:`.pool`, :mod:`.worker`), so a query that runs past the timeout can
be stopped by killing its process. See :func:`serve`.
"""

from __future__ import annotations

import asyncio
import math
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence

from nlmg_graph.errors import NlmgGraphError, OptionError
from nlmg_graph.server.worker import GraphSource

__all__ = ["serve"]


def _listen(host: str, port: int) -> socket.socket:
    """Return a listening socket on ``host``:``port`` (port 0: a free one)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or error
        raise NlmgGraphError(f"cannot listen on {host} port {port}: {reason}") from None


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    store: str | None = None,
    data: Sequence[str] = (),
    timeout: float = 10.0,
    max_result_bytes: int = 16 * 2**20,
    max_body: int = 2**20,
    workers: int | None = None,
    cors: Sequence[str] = (),
    announce: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> None:
    """Serve the graph over HTTP until interrupted (Ctrl-C or ``SIGTERM``: a clean stop).

    Args:
        host: the address to listen on (the loopback unless told otherwise).
        port: the port (0: any free port; the URL says which).
        store: a store built by ``nlmg-graph load --store``, opened read-only; without it the
            shipped graph plus ``data`` is loaded into memory by each worker.
        data: the user's RDF files to merge into the shipped graph.
        timeout: seconds a query may run before its worker is killed (503), and a request
            may take to arrive whole (then the connection is closed, with a 408).
        max_result_bytes: the largest answer sent; a larger one is refused (422), never cut.
        max_body: the largest request body accepted (413).
        workers: the number of worker processes (default: one per CPU).
        cors: the origins whose pages may call the server: ``*`` for any, or
            ``scheme://host[:port]`` each (comma-separated values are split); none: no CORS.
        announce: called once listening with one line: the URL and what is served.

    Raises:
        NlmgGraphError: a bad option, the address cannot be listened on, or the graph cannot
            be opened.
    """
    for name, value in (
        ("--timeout", timeout),
        ("--max-result-bytes", max_result_bytes),
        ("--max-body", max_body),
        ("--workers", 1 if workers is None else workers),
    ):
        if not 0 < value < math.inf:
            raise OptionError(f"{name} must be positive and finite, not {value}")
    import uvicorn

    from nlmg_graph.server.app import create_app
    from nlmg_graph.server.cors import parse_origins
    from nlmg_graph.server.deadlines import deadline_protocol
    from nlmg_graph.server.pool import WorkerPool

    origins = parse_origins(cors)
    source = GraphSource(store, tuple(os.fspath(path) for path in data))
    sock = _listen(host, port)
    pool = WorkerPool(
        source,
        size=workers or os.cpu_count() or 1,
        timeout=timeout,
        max_result_bytes=max_result_bytes,
    )
    config = uvicorn.Config(
        create_app(pool, max_body=max_body, cors=origins),
        http=deadline_protocol(timeout),  # a request must arrive whole within the timeout
        lifespan="off",
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=int(timeout) + 1,
    )

    async def run() -> None:
        try:
            await pool.start()
            announce(f"serving {_url(sock)} ({source.describe()})")
            # uvicorn re-raises the signal that stopped it once it has shut down; a handler
            # that does nothing makes that a clean exit.
            for stop in (signal.SIGINT, signal.SIGTERM):
                signal.signal(stop, lambda *_: None)
            await uvicorn.Server(config).serve(sockets=[sock])
        finally:
            await pool.close()
            sock.close()

    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        runner.run(run())
