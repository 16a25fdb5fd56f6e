"""Real SPARQL stores on 127.0.0.1 for the remote-store tests, and a proxy that cuts uploads.

- :func:`oxigraph_server`: the ``oxigraph`` server of the PyPI package ``oxigraph``
  (``oxigraph serve --location DIR --bind 127.0.0.1:PORT``), an on-disk store in a fresh folder.
- :func:`virtuoso_server`: OpenLink Virtuoso from the Debian package ``virtuoso-opensource``,
  ``virtuoso-t +foreground`` with its own ``virtuoso.ini`` and a new database in a fresh folder,
  its SQL and HTTP listeners on free loopback ports (it starts in about five seconds: most of it
  is creating the database). The one setup step is ``GRANT SPARQL_UPDATE TO "SPARQL"`` through
  ``isql-vt``, so that the anonymous Graph Store endpoint ``/sparql-graph-crud`` accepts writes;
  ``/sparql-graph-crud-auth`` takes HTTP Digest as ``dba``/``dba`` (a new database's
  administrator). The Debian package's own service is not used.
- :class:`CuttingProxy`: forwards connections to a store but closes them once a request has
  sent a given number of bytes, as a network failure in the middle of a push would.

A program that is missing skips the tests that need it, and fails them when ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

__all__ = ["CuttingProxy", "RemoteStore", "free_port", "oxigraph_server", "virtuoso_server"]

HOST = "127.0.0.1"
STARTUP_SECONDS = 60.0
VIRTUOSO_ADMIN = ("dba", "dba")


@dataclass(frozen=True)
class RemoteStore:
    """A store the tests started: where to query it, where to push to it, and how.

    Attributes:
        name: a short name for test ids.
        query_url: the SPARQL 1.1 Protocol URL (``query --endpoint``, ``connect``).
        store_url: the Graph Store Protocol URL that takes the push (``push --endpoint``).
        open_store_url: a Graph Store URL that needs no credentials.
        environ: the environment variables ``push`` to ``store_url`` needs (credentials).
    """

    name: str
    query_url: str
    store_url: str
    open_store_url: str
    environ: dict[str, str] = field(default_factory=dict)


def free_port() -> int:
    """Return a TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def require(program: str) -> str:
    """Return the path of ``program`` (beside this Python first), or fail/skip without it."""
    beside = Path(sys.executable).parent / program
    found = str(beside) if beside.exists() else shutil.which(program)
    if found is None:
        reason = f"{program} is not installed (see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll ``url`` until it answers 200, or fail with the server's log."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    pytest.fail(
        f"{process.args!r} did not answer at {url} in {STARTUP_SECONDS} s:\n{log.read_text()}"
    )


@contextlib.contextmanager
def _running(command: list[str], folder: Path, url: str) -> Iterator[None]:
    """Run ``command`` in ``folder`` until the block ends, once ``url`` answers."""
    log = folder / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        _wait_until_up(process, url, log)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[RemoteStore]:
    """Run the Oxigraph server on an empty on-disk store in ``folder``."""
    program = require("oxigraph")
    base = f"http://{HOST}:{free_port()}"
    command = [program, "serve", "--location", str(folder / "db"), "--bind", base[7:]]
    with _running(command, folder, f"{base}/query"):
        yield RemoteStore("oxigraph", f"{base}/query", f"{base}/store", f"{base}/store")


_VIRTUOSO_INI = """\
; A throw-away Virtuoso for the tests: a new database in this folder, loopback listeners only.
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {folder}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[RemoteStore]:
    """Run Virtuoso on a new database in ``folder``, anonymous Graph Store updates granted."""
    program, isql = require("virtuoso-t"), require("isql-vt")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _VIRTUOSO_INI.format(folder=folder, host=HOST, sql_port=sql_port, http_port=http_port)
    )
    base = f"http://{HOST}:{http_port}"
    with _running([program, "+foreground", "+configfile", str(ini)], folder, f"{base}/sparql"):
        user, password = VIRTUOSO_ADMIN
        granted = subprocess.run(
            [isql, f"{HOST}:{sql_port}", user, password, 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert granted.returncode == 0, granted.stdout + granted.stderr
        yield RemoteStore(
            "virtuoso",
            f"{base}/sparql",
            f"{base}/sparql-graph-crud-auth",
            f"{base}/sparql-graph-crud",
            {"NLMG_GRAPH_USER": user, "NLMG_GRAPH_PASSWORD": password, "NLMG_GRAPH_AUTH": "digest"},
        )


class CuttingProxy:
    """A TCP proxy to ``upstream`` that closes each connection after ``limit`` request bytes.

    Answers flow back untouched; once a client has sent ``limit`` bytes on a connection, both
    sides are closed, so the store sees a request body end early and the client a broken
    connection.
    """

    def __init__(self, upstream_port: int, limit: int) -> None:
        self.upstream_port = upstream_port
        self.limit = limit
        self.listener = socket.create_server((HOST, 0))
        self.port = int(self.listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                upstream = socket.create_connection((HOST, self.upstream_port))
                threading.Thread(target=self._forward, args=(client, upstream, True)).start()
                threading.Thread(target=self._forward, args=(upstream, client, False)).start()

    def _forward(self, source: socket.socket, target: socket.socket, limited: bool) -> None:
        sent = 0
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                if limited and sent + len(chunk) >= self.limit:
                    target.sendall(chunk[: self.limit - sent])
                    break
                target.sendall(chunk)
                sent += len(chunk)
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        """Stop accepting connections."""
        self.listener.close()
