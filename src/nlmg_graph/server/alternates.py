"""The representations of an entity served by ``nlmg-graph serve``, and how each is found.

Every entity IRI ``https://w3id.org/nlmg/<kind>/<slug>`` is answered at ``/<kind>/<slug>`` by
``Accept``, and at one URL per representation by suffix (``.html``, ``.ttl``, ``.jsonld``,
``.nt``, ``.rdf``). Answers name the others in a ``Link`` header (RFC 8288,
``rel="alternate"``) and pages in ``<link rel="alternate">`` elements, so a client that finds
one finds them all.

Example:
    >>> link_header("/person/carey-mulligan").split(", ")[1]
    '</person/carey-mulligan.ttl>; rel="alternate"; type="text/turtle"'
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SUFFIXES", "Alternate", "alternates", "link_header"]

SUFFIXES = {
    ".html": "text/html",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}
"""The suffix of each representation's own URL, and its media type."""


class Alternate(NamedTuple):
    """One representation of an entity: its URL (a path on the server) and media type."""

    href: str
    type: str


def alternates(path: str) -> list[Alternate]:
    """Return the representations of the entity at ``path`` (``/<kind>/<slug>``)."""
    return [Alternate(path + suffix, media_type) for suffix, media_type in SUFFIXES.items()]


def link_header(path: str) -> str:
    """Return the ``Link`` header value naming every representation of the entity at ``path``."""
    return ", ".join(f'<{a.href}>; rel="alternate"; type="{a.type}"' for a in alternates(path))
