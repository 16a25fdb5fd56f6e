"""Cross-origin access to ``nlmg-graph serve`` (``--cors``): Starlette's CORS middleware, set up.

Off by default: a page on another origin (a YASGUI page elsewhere, Comunica in a browser, a
notebook) may then read nothing from the endpoint. ``--cors`` alone allows every origin
(``*``); ``--cors ORIGIN`` (repeatable, or comma-separated) allows those only. Preflight
``OPTIONS`` requests are answered for GET and both POST forms of the SPARQL 1.1 Protocol
(``application/x-www-form-urlencoded`` and ``application/sparql-query``); the ``Link``
headers of entity answers are exposed to scripts.

Example:
    >>> parse_origins(["https://a.example, https://b.example:8443"])
    ('https://a.example', 'https://b.example:8443')
    >>> parse_origins(["*"])
    ('*',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from nlmg_graph.errors import OptionError

__all__ = ["cors_middleware", "parse_origins"]

ANY = "*"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


def parse_origins(values: Iterable[str]) -> tuple[str, ...]:
    """Return the origins of ``--cors`` values: ``*``, or ``scheme://host[:port]`` each.

    Raises:
        OptionError: a value is not an origin (a path, a trailing slash, another scheme).
    """
    origins: list[str] = []
    for value in values:
        for origin in filter(None, re.split(r"[\s,]+", value)):
            if origin != ANY and not _ORIGIN.fullmatch(origin):
                raise OptionError(
                    f"--cors takes * or origins such as https://example.org (scheme, host and "
                    f"port, no path), not {origin!r}"
                )
            origins.append(origin)
    return (ANY,) if ANY in origins else tuple(dict.fromkeys(origins))


def cors_middleware(origins: Iterable[str]) -> Middleware:
    """Return the middleware that lets pages on ``origins`` (``*``: any) call the server."""
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Link"],
        max_age=86400,
    )
