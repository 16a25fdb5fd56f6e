r"""Embedding JSON-LD in HTML so that no string in it can break out of its element.

An HTML parser ends a ``<script>`` element at the first ``</script`` in it, whatever the JSON
around it, and ``<!--`` inside a script changes how the parser looks for that end. JSON may
write any character as a ``\uXXXX`` escape, so the JSON text escapes ``<``, ``>`` and ``&``
(then neither ``</script>`` nor ``<!--`` can appear, and nothing reads as a character
reference) and the line separators U+2028 and U+2029 (which older JavaScript parsers reject in
strings). A JSON parser reads back exactly the same values.

Example:
    >>> print(script_element({"name": "</script>"}))
    <script type="application/ld+json">
    {
      "name": "\u003c/script\u003e"
    }
    </script>
"""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["html_page", "json_for_html", "script_element"]

_ESCAPES = {
    "&": "\\u0026",
    "<": "\\u003c",
    ">": "\\u003e",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_for_html(document: Any) -> str:
    r"""Return ``document`` as indented JSON text that is safe inside an HTML ``<script>``.

    The characters ``&``, ``<``, ``>``, U+2028 and U+2029 only occur inside JSON strings (they
    are not JSON syntax), so replacing each by its ``\uXXXX`` escape keeps the JSON valid and
    its values unchanged. Other non-ASCII characters are written as they are (pages are UTF-8).

    >>> json_for_html({"text": "a & b"})
    '{\n  "text": "a \\u0026 b"\n}'
    """
    text = json.dumps(document, ensure_ascii=False, indent=2)
    for character, escape in _ESCAPES.items():
        text = text.replace(character, escape)
    return text


def script_element(document: dict[str, Any]) -> str:
    """Return a ``<script type="application/ld+json">`` element holding ``document``.

    Args:
        document: a JSON-LD document, e.g. from :func:`nlmg_graph.schemaorg.entity_markup`.

    Returns:
        The element, ready to paste into the ``<head>`` or ``<body>`` of an HTML page.
    """
    return f'<script type="application/ld+json">\n{json_for_html(document)}\n</script>'


def html_page(document: dict[str, Any], title: str) -> str:
    """Return a minimal HTML5 page titled ``title`` with ``document`` embedded as JSON-LD.

    The title is HTML-escaped; the page is UTF-8 and needs no script to be read.

    >>> "<title>Tom &amp; Jerry</title>" in html_page({}, "Tom & Jerry")
    True
    """
    heading = html.escape(title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{heading}</title>\n"
        f"{script_element(document)}\n"
        "</head>\n"
        "<body>\n"
        f"<h1>{heading}</h1>\n"
        "</body>\n"
        "</html>\n"
    )
