"""The schema.org markup of the site's own pages: the index, and entities without a schema.org form.

Every page ``nlmg-graph site`` writes carries markup that passes ``nlmg-graph validate
--markup``. An entity with a schema.org form (the film, a person…) carries its own node
(:func:`nlmg_graph.schemaorg.entity_markup`); a fictional character, an award or a theme has
none, so its page says what it is, a ``WebPage`` ``about`` the entity's IRI. The index is a
``WebSite`` whose main entity is the ``ItemList`` of every page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from nlmg_graph.schemaorg import CONTEXT

__all__ = ["index_markup", "page_markup"]

SITE_NAME = "Never Let Me Go: the knowledge graph"
"""The site's name, as its index page's title says."""


class _Page(Protocol):
    @property
    def iri(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def path(self) -> str: ...


def page_markup(entity: _Page) -> dict[str, Any]:
    """Return the markup of an entity's page when the entity has no schema.org form.

    >>> from types import SimpleNamespace
    >>> page_markup(SimpleNamespace(iri="https://w3id.org/nlmg/theme/memory", label="Memory",
    ...                             path="theme/memory.html"))["@type"]
    'WebPage'
    """
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": entity.label,
        "about": {"@type": "Thing", "@id": entity.iri, "name": entity.label},
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME},
    }


def index_markup(entities: Iterable[_Page]) -> dict[str, Any]:
    """Return the markup of the index page: a ``WebSite`` listing every entity page in order."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": SITE_NAME,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": entity.label,
                    "url": entity.path,
                    "item": {"@type": "Thing", "@id": entity.iri, "name": entity.label},
                }
                for position, entity in enumerate(entities, start=1)
            ],
        },
    }
