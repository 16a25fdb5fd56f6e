"""Content negotiation: which of the media types a resource offers the ``Accept`` header prefers.

The rules are RFC 9110's (section 12.5.1): each offered type takes the quality of the most
specific media range that matches it (``text/turtle`` before ``text/*`` before ``*/*``), a
quality of 0 means "not acceptable", and no ``Accept`` header means anything goes. Among equal
qualities the resource's own order decides, so its first offer is the default. Media-range
parameters other than ``q`` are ignored (every offer is UTF-8 and has no other parameter).

Example:
    >>> negotiate("text/turtle;q=0.5, application/ld+json", ["text/turtle", "application/ld+json"])
    ['application/ld+json', 'text/turtle']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["MediaRange", "negotiate", "parse_accept"]


class MediaRange(NamedTuple):
    """One media range of an ``Accept`` header with its quality."""

    type: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``.

        Returns -1 when it does not match at all.
        """
        kind, _, subtype = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else -1


def _quality(parameters: Sequence[str]) -> float | None:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return None
            return quality if 0 <= quality <= 1 else None
    return 1.0


def parse_accept(header: str) -> list[MediaRange]:
    """Return the media ranges of an ``Accept`` header; malformed ranges are left out.

    >>> [tuple(r) for r in parse_accept("text/*;q=0.3, application/json, bad")]
    [('text', '*', 0.3), ('application', 'json', 1.0)]
    """
    ranges = []
    for item in header.split(","):
        media_range, *parameters = item.split(";")
        kind, slash, subtype = media_range.strip().lower().partition("/")
        quality = _quality(parameters)
        if not slash or not kind or not subtype or quality is None or (kind == "*" != subtype):
            continue
        ranges.append(MediaRange(kind, subtype, quality))
    return ranges


def negotiate(header: str | None, offers: Sequence[str]) -> list[str]:
    """Return the acceptable ``offers``, the most preferred first.

    Args:
        header: the request's ``Accept`` header (``None`` or blank: every offer is acceptable).
        offers: the media types the resource can be written in, its default first.

    Returns:
        The offers with a quality above 0, by quality and then in offer order; empty when
        none is acceptable (the server answers 406).
    """
    if header is None or not header.strip():
        return list(offers)
    ranges = parse_accept(header)
    scored = []
    for position, offer in enumerate(offers):
        matches = [(r.specificity(offer), r.quality) for r in ranges if r.specificity(offer) >= 0]
        if matches:
            quality = max(matches)[1]  # the most specific range decides
            if quality > 0:
                scored.append((-quality, position, offer))
    return [offer for _, _, offer in sorted(scored)]
