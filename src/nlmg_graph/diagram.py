"""A small picture of an entity's neighbourhood: inline SVG, drawn in Python, no script.

The entity sits in the centre; the entities it is linked to sit on an ellipse around it (one or
two sit in a row with it), each joined to the centre by a line that carries the link's label
("director", "as Kathy"). Each node with a page is a link to it. The layout is deterministic
(the neighbours keep the order they are given in) and bounded: past ``limit`` neighbours the
picture says "and N more" rather than shrinking into a blur. Every label is escaped and
stripped of the characters XML forbids, so any text from the data gives a well-formed picture.

>>> svg = neighbourhood(Node("Never Let Me Go"), [Link("director", Node("Mark Romanek", "a.html"))])
>>> svg.startswith("<svg") and 'href="a.html"' in svg
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Link", "Node", "neighbourhood"]

_WIDTH = 760
_HEIGHT = 440  # with three neighbours or more, on an ellipse
_ROW_HEIGHT = 90  # with one or two, in a row: left, centre, right
_CHAR_WIDTH = 7.0  # an average glyph of the 12px font, for box widths
_NODE_CHARS = 26  # longest label drawn in a node
_LINK_CHARS = 24  # longest label drawn on a line
_TITLE_CHARS = 300  # longest label kept in a node's tooltip
# Characters outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Node:
    """An entity in the picture: its label and, if it has one, the link to its page."""

    label: str
    href: str | None = None


@dataclass(frozen=True)
class Link:
    """A neighbour of the centre and what links them."""

    label: str
    node: Node


def _clean(text: str, limit: int) -> str:
    r"""Return ``text`` on one line, without XML-forbidden characters, cut to ``limit``.

    >>> _clean("Never\x00 Let\nMe Go", 10)
    'Never Let…'
    """
    text = " ".join(_NOT_XML.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(x: float, y: float, label: str, css: str) -> str:
    """Return a ``<text>`` element centred on ``(x, y)`` (right-to-left text reads as it is)."""
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{css}">{escape(label)}</text>'


def _box(x: float, y: float, node: Node, css: str) -> str:
    """Return a node: a rounded box with its label, wrapped in a link if it has a page."""
    label = _clean(node.label, _NODE_CHARS) or "?"
    width = len(label) * _CHAR_WIDTH + 18
    parts = [
        f"<title>{escape(_clean(node.label, _TITLE_CHARS))}</title>",
        f'<rect x="{x - width / 2:.1f}" y="{y - 13:.1f}" width="{width:.1f}" height="26" rx="6"/>',
        _text(x, y + 4, label, "label"),
    ]
    body = "".join(parts)
    if node.href is None:
        return f'<g class="{css}">{body}</g>'
    href = quoteattr(_NOT_XML.sub("", node.href))
    return f'<a href={href}><g class="{css} linked">{body}</g></a>'


def neighbourhood(centre: Node, links: Sequence[Link], *, limit: int = 12) -> str:
    """Return an ``<svg>`` element picturing ``centre`` and its first ``limit`` ``links``.

    Repeated links (the same label and node) are drawn once. The element carries its own
    namespace and style, so it is well-formed XML on its own and draws the same inline in an
    HTML page.

    Args:
        centre: the entity the page is about, drawn in the middle.
        links: its neighbours, in the order to draw them (clockwise from the top).
        limit: the most neighbours drawn; the others are counted in an "and N more" line.

    Returns:
        The SVG markup, with every label escaped.
    """
    unique = list(dict.fromkeys(links))
    shown, hidden = unique[:limit], len(unique) - min(len(unique), limit)
    height = _ROW_HEIGHT if len(shown) <= 2 else _HEIGHT
    cx, cy = _WIDTH / 2, height / 2 - (0 if len(shown) <= 2 else 10)
    rx, ry = _WIDTH / 2 - 120, height / 2 - 50
    lines: list[str] = []
    nodes: list[str] = []
    for index, link in enumerate(shown):
        start = math.pi if len(shown) <= 2 else -math.pi / 2  # a row reads left to right
        angle = start + 2 * math.pi * index / max(len(shown), 1)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        lines.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        mx, my = (cx + x) / 2, (cy + y) / 2
        lines.append(_text(mx, my - 3, _clean(link.label, _LINK_CHARS), "link"))
        nodes.append(_box(x, y, link.node, "node"))
    nodes.append(_box(cx, cy, centre, "node centre"))
    if hidden:
        nodes.append(_text(cx, height - 8, f"and {hidden} more", "more"))
    title = _clean(centre.label, _TITLE_CHARS)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img"'
            f' viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}">',
            f"<title>{escape(title)} and what it is linked to</title>",
            "<style>",
            "svg.diagram text{font:12px system-ui,sans-serif;text-anchor:middle;fill:#1b1b1b}",
            "svg.diagram line{stroke:#9aa5b1;stroke-width:1.2}",
            "svg.diagram rect{fill:#f1f4f8;stroke:#9aa5b1}",
            "svg.diagram .centre rect{fill:#0b57d0;stroke:#0b57d0}",
            "svg.diagram .centre text{fill:#fff;font-weight:700}",
            "svg.diagram .linked text{fill:#0b57d0}",
            "svg.diagram text.link{font-size:11px;fill:#555;paint-order:stroke;stroke:#fff;"
            "stroke-width:3px}",
            "svg.diagram text.more{font-style:italic;fill:#555}",
            "</style>",
            *lines,
            *nodes,
            "</svg>",
        ]
    )
