"""Where the packaged RDF files live.

The ontology, shapes, data and stored queries are edited at the top of the repository
(``ontology/``, ``data/``, ``queries/``) and shipped inside the wheel under
``nlmg_graph/resources/``. This module is the one place that knows that layout; everything else
asks it for files. It uses :mod:`importlib.resources`, so it works from a wheel, a zip or a
checkout alike.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = [
    "data_files",
    "markup_shapes_file",
    "ontology_files",
    "ontology_folder",
    "query_files",
    "shapes_file",
]

_ROOT = files("nlmg_graph") / "resources"
_SHAPES_NAME = "shapes.ttl"


def _sorted_files(folder: str, suffix: str) -> list[Traversable]:
    """Return the files of one resource folder with the given suffix, sorted by name."""
    return sorted(
        (f for f in (_ROOT / folder).iterdir() if f.is_file() and f.name.endswith(suffix)),
        key=lambda f: f.name,
    )


def ontology_folder() -> Traversable:
    """Return the ontology folder (it also holds ``vendor/``, third-party vocabularies)."""
    return _ROOT / "ontology"


def ontology_files() -> list[Traversable]:
    """Return the OWL ontology files (``ontology/*.ttl`` without the ``*shapes.ttl`` files).

    The shapes are not part of the graph: ``shapes.ttl`` validates the graph and
    ``markup-shapes.ttl`` the schema.org markup exported from it.
    """
    return [f for f in _sorted_files("ontology", ".ttl") if not f.name.endswith("shapes.ttl")]


def shapes_file() -> Traversable:
    """Return the SHACL shapes file (``ontology/shapes.ttl``)."""
    return _ROOT / "ontology" / _SHAPES_NAME


def markup_shapes_file() -> Traversable:
    """Return the SHACL shapes of the schema.org markup (``ontology/markup-shapes.ttl``)."""
    return _ROOT / "ontology" / "markup-shapes.ttl"


def data_files() -> list[Traversable]:
    """Return the data files (``data/*.ttl``), one per subject."""
    return _sorted_files("data", ".ttl")


def query_files() -> list[Traversable]:
    """Return the stored SPARQL queries (``queries/*.rq``)."""
    return _sorted_files("queries", ".rq")
