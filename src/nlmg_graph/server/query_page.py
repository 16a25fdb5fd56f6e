"""The pages ``nlmg-graph serve`` writes for people: the index, the query page, result tables.

The query page is YASGUI (``@zazuko/yasgui`` from npm, vendored under ``static/yasgui/`` with
its licences by ``.ci/vendor-yasgui``: no CDN, so it works offline), prefilled with the stored
queries as examples; ``/sparql?example=NAME`` opens one, ``&run=1`` runs it at once. A query
sent by a browser (whose ``Accept`` prefers ``text/html``) gets its SELECT or ASK results as a
table. Every page extends the site's ``base.html``, so they share its layout and style.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from nlmg_graph.iris import BASE

if TYPE_CHECKING:
    from jinja2 import Environment

    from nlmg_graph.catalogue import StoredQuery

__all__ = ["DEFAULT_EXAMPLE", "index_page", "query_page", "results_page"]

DEFAULT_EXAMPLE = "cast"
"""The stored query the query page opens with."""


@cache
def _environment() -> Environment:
    """The site's template environment (its loader, escaping and globals), made once."""
    from nlmg_graph.site import _environment as site_environment

    return site_environment()


def _template(name: str) -> Any:
    return _environment().get_template(name)


def index_page(entities: Sequence[dict[str, str]], queries: Sequence[StoredQuery]) -> str:
    """Return the index page: the query page, the stored queries, every entity."""
    return str(_template("served-index.html").render(entities=entities, queries=queries))


def query_page(endpoint: str, queries: Sequence[StoredQuery], chosen: str | None) -> str:
    """Return the query page for the endpoint at ``endpoint``, ``chosen`` example open."""
    examples = [{"name": q.name, "title": q.title, "text": q.text} for q in queries]
    names = {q.name for q in queries}
    chosen = chosen if chosen in names else DEFAULT_EXAMPLE
    return str(_template("query.html").render(endpoint=endpoint, examples=examples, chosen=chosen))


def _cell(term: dict[str, str] | None) -> dict[str, str] | None:
    """A result term for the table: its text, and a link for an IRI (entities link here)."""
    if term is None:
        return None
    value = term["value"]
    if term["type"] == "uri":
        href = "/" + value.removeprefix(BASE) if value.startswith(BASE) else value
        return {"text": value, "href": href}
    if term["type"] == "bnode":
        return {"text": f"_:{value}"}
    if "xml:lang" in term:
        return {"text": f"{value} @{term['xml:lang']}"}
    return {"text": value}


def results_page(results: bytes, sparql: str) -> str:
    """Return SELECT or ASK results, given as SPARQL JSON, as an HTML page with a table."""
    document = json.loads(results)
    if "boolean" in document:
        page = _template("results.html").render(
            rows=None, boolean=document["boolean"], sparql=sparql
        )
        return str(page)
    variables = document["head"]["vars"]
    rows = [
        [_cell(binding.get(name)) for name in variables]
        for binding in document["results"]["bindings"]
    ]
    return str(_template("results.html").render(variables=variables, rows=rows, sparql=sparql))
