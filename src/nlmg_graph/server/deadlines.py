"""A deadline for reading each HTTP request, which uvicorn does not have.

uvicorn closes a connection left idle between requests (its keep-alive timeout), but it waits
for ever on a request whose headers or body arrive a byte at a time, or never finish: a few
hundred such connections ("slowloris") hold the server's sockets. :func:`deadline_protocol`
returns uvicorn's own HTTP protocol with one timer per request, started when the connection
opens or the request's first byte arrives and stopped once the request has been read whole;
when it fires, the connection is closed, with a one-line 408 unless an answer has started
(the application then sees the client gone).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["deadline_protocol"]

_TIMEOUT_MESSAGE = b"the request was not received in time\n"


class _DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing a connection whose request is not read in time."""

    read_timeout = 10.0
    _deadline: asyncio.TimerHandle | None = None
    _answering = False

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.read_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if not (self._answering and self.cycle.response_started):
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"content-length: %d\r\nconnection: close\r\n\r\n%s"
                % (len(_TIMEOUT_MESSAGE), _TIMEOUT_MESSAGE)
            )
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._answering = False
        self._arm()

    def on_headers_complete(self) -> None:
        self._answering = True  # a cycle for this request exists from here on
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def deadline_protocol(seconds: float) -> type[HttpToolsProtocol]:
    """Return uvicorn's HTTP protocol with a deadline of ``seconds`` to read each request."""
    return type("DeadlineProtocol", (_DeadlineProtocol,), {"read_timeout": seconds})
