"""Serialising the knowledge graph in its views, and atomic writes.

Three views exist: ``full`` is everything (ontology, data, claims); ``facts`` is only the
best-ranked direct statements, as in Wikidata's truthy dump (the stored query
``construct-facts.rq``); ``verified`` is the facts the graph stands behind, those whose claim is
corroborated or about its source's own content, with the value nodes and names they need
(``construct-verified.rq``). JSON-LD is compacted with the project's own prefixes as its context
and never fetches anything.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal

from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.formats import ExportFormat, View, parse_option
from nlmg_graph.loading import NAMED_GRAPHS, bind_prefixes, new_dataset, union_graph
from nlmg_graph.namespaces import GRAPH_DATA, PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node

    from nlmg_graph.graph import KnowledgeGraph

__all__ = [
    "jsonld_context",
    "serialize",
    "write_atomically",
    "write_files_atomically",
]


def jsonld_context() -> dict[str, str]:
    """Return the JSON-LD context of the export: the project's prefixes, nothing remote."""
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def _value_key(triple: tuple[Node, Node, Node]) -> tuple[object, ...]:
    """A triple compared by value: ``"15000000"`` and ``"15000000.0"`` are the same decimal."""
    s, p, o = triple
    if isinstance(o, Literal):
        return s, p, o.toPython(), o.datatype, o.language
    return s, p, o


def _view_graph(kg: KnowledgeGraph, view: View) -> Graph:
    """Return the triples of ``view`` as one graph.

    A view other than ``full`` is its stored query (``construct-<view>``), run on the graph's
    engine; its triples are those of the data graph, given back as written there (Oxigraph
    answers with literals in canonical form).
    """
    if view is View.FULL:
        return union_graph(kg.dataset)
    answer = kg.run(f"construct-{view.value}")
    assert isinstance(answer, Graph)
    wanted = {_value_key(triple) for triple in answer}
    written = bind_prefixes(Graph())
    for triple in kg.data:
        if _value_key(triple) in wanted:
            written.add(triple)
    return written


def serialize(
    kg: KnowledgeGraph,
    rdf_format: ExportFormat | str = ExportFormat.TURTLE,
    view: View | str = View.FULL,
) -> str:
    """Serialise ``kg`` in ``rdf_format``, restricted to ``view``.

    TriG keeps the named graphs (ontology, data, claims); the other formats flatten them.
    With the ``facts`` or ``verified`` view, TriG holds one named graph, the data graph.

    Raises:
        OptionError: an unknown format or view.
    """
    rdf_format = parse_option(ExportFormat, rdf_format, "export format")
    view = parse_option(View, view, "view")
    if rdf_format is ExportFormat.TRIG:
        out = new_dataset()
        if view is View.FULL:
            for name in NAMED_GRAPHS:
                named = out.graph(name)
                named += kg.dataset.graph(name)
        else:
            facts = out.graph(GRAPH_DATA)
            facts += _view_graph(kg, view)
        return out.serialize(format="trig")
    graph = _view_graph(kg, view)
    if rdf_format is ExportFormat.JSONLD:
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    return graph.serialize(format="turtle" if rdf_format is ExportFormat.TURTLE else "nt")


def _new_file_mode(target: Path) -> int:
    """The mode ``open()`` would give ``target``: its current one, or 0o666 less the umask.

    A temporary file is created 0o600, which would leave every export readable by its owner only.
    """
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A failure leaves no partial file behind and any previous file untouched.

    Raises:
        NlmgGraphError: the file cannot be written (the message names it).
    """
    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = getattr(error, "strerror", None) or error
        raise NlmgGraphError(f"{target}: cannot write: {reason}") from None
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _new_file_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise NlmgGraphError(f"{target}: cannot write: {error.strerror or error}") from None
        raise


def write_files_atomically(folder: str | os.PathLike[str], files: dict[str, str]) -> None:
    """Write every ``{name: text}`` of ``files`` into the existing ``folder``, or none of them.

    The files are staged in a temporary folder inside ``folder`` first, then each is renamed
    into place: renames within one file system need no space, so once staging has succeeded
    the moves do not fail half-way. Other files in ``folder`` are left alone.

    Raises:
        NlmgGraphError: the folder cannot be written (the message names it).
    """
    import shutil

    target = Path(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".nlmg-staging-", dir=target))
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        reason = getattr(error, "strerror", None) or error
        raise NlmgGraphError(f"{target}: cannot write: {reason}") from None
    try:
        for name, text in files.items():
            write_atomically(staging / name, text)
        for name in files:
            os.replace(staging / name, target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
