"""Persistent Oxigraph stores: built aside from a validated graph, then swapped in.

A store is a folder that ``nlmg-graph load --store PATH`` writes::

    PATH/
      current -> generation-…      a symbolic link to the live generation
      generation-…/oxigraph/       the Oxigraph (RocksDB) database
      generation-…/nlmg-store.json what it holds: triples per graph, sources, version, time
      .lock                        held while a build is running

:func:`build_store` reads every file first, bulk-loads them into a new generation, validates
it there, and only then points ``current`` at it by renaming a new link over the old one, which
is atomic. A bad file, an invalid graph, a full disk or an interrupt therefore leaves the
previous store exactly as it was. A rebuild that only adds files to a valid store starts the new
generation from a backup of the live one (hard links) and validates only what the files touch.
Readers open the generation ``current`` names when they start and are never written under: the
previous generation is kept for them, older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import mmap
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from nlmg_graph import _resources, iris
from nlmg_graph.catalogue import violation_queries
from nlmg_graph.errors import NlmgGraphError, StoreError
from nlmg_graph.formats import Engine, ShaclEngine
from nlmg_graph.reading import (
    Source,
    base_iri,
    parse_errors,
    parse_triples,
    rdf_format,
    read_quads,
)

if TYPE_CHECKING:
    from nlmg_graph.graph import KnowledgeGraph
    from nlmg_graph.validation import ValidationReport

__all__ = ["GraphNotValidError", "StoreInfo", "build_store", "open_store", "store_info"]

_CURRENT = "current"
_LOCK = ".lock"
_MANIFEST = "nlmg-store.json"
_DATABASE = "oxigraph"
_GENERATION = "generation-"
_DATASET_SUFFIXES = (".nq", ".trig")
_RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)


class GraphNotValidError(NlmgGraphError):
    """The graph to be stored does not conform; nothing was stored. ``report`` says why."""

    def __init__(self, path: str | os.PathLike[str], report: ValidationReport) -> None:
        self.report = report
        count = len(report.violations)
        super().__init__(f"{path}: not stored: the graph does not conform ({count} finding(s))")


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds, as recorded in its manifest when it was built.

    Attributes:
        path: the store's folder.
        generation: the folder of the live generation, inside ``path``.
        triples: the number of triples in each named graph, by graph IRI.
        sources: the files loaded besides the shipped ones, as absolute paths.
        shipped: whether the shipped data is in the store (the ontology always is).
        conforms: whether the graph passed validation (``None`` when it was not validated).
        version: the nlmg-graph version that built the store.
        created: when the store was built (ISO 8601, UTC).
        digests: the SHA-256 of each file that was validated, by path (empty if not validated).
        rules: the digest of the ontology, shapes, checks and shipped data that built it.
    """

    path: str
    generation: str
    triples: dict[str, int]
    sources: tuple[str, ...]
    shipped: bool
    conforms: bool | None
    version: str
    created: str
    digests: dict[str, str]
    rules: str

    @property
    def total(self) -> int:
        """The number of triples in all named graphs."""
        return sum(self.triples.values())


def _is_store(path: Path) -> bool:
    return (path / _CURRENT).is_symlink()


def _generation(path: Path) -> Path:
    """Return the live generation of the store at ``path``, or raise a :class:`StoreError`."""
    try:
        exists = path.exists()
    except (OSError, ValueError) as error:  # a name too long, a NUL byte in it
        reason = getattr(error, "strerror", None) or error
        raise StoreError(f"{path}: not a usable path ({reason})") from None
    if not exists:
        raise StoreError(f"{path}: no store here (build one with: nlmg-graph load --store {path})")
    if not path.is_dir() or not _is_store(path):
        raise StoreError(
            f"{path}: not an nlmg-graph store (it has no '{_CURRENT}' link; "
            "stores are built by nlmg-graph load --store)"
        )
    generation = path / os.readlink(path / _CURRENT)
    if not (generation / _MANIFEST).is_file() or not (generation / _DATABASE).is_dir():
        raise StoreError(f"{path}: damaged store: {generation.name} has no database or manifest")
    return generation


def store_info(path: str | os.PathLike[str]) -> StoreInfo:
    """Return what the store at ``path`` holds, from its manifest.

    Raises:
        StoreError: ``path`` is not a store or its manifest cannot be read.
    """
    folder = Path(path)
    generation = _generation(folder)
    try:
        manifest = json.loads((generation / _MANIFEST).read_text(encoding="utf-8"))
        return StoreInfo(
            path=str(folder),
            generation=generation.name,
            triples={str(k): int(v) for k, v in manifest["triples"].items()},
            sources=tuple(manifest["sources"]),
            shipped=bool(manifest["shipped"]),
            conforms=manifest["conforms"],
            version=str(manifest["version"]),
            created=str(manifest["created"]),
            digests={str(k): str(v) for k, v in manifest["digests"].items()},
            rules=str(manifest["rules"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(f"{folder}: damaged store: cannot read its manifest: {error}") from None


def open_store(
    path: str | os.PathLike[str], *, engine: Engine | str = Engine.OXIGRAPH
) -> KnowledgeGraph:
    """Open the store at ``path`` read-only, as a :class:`KnowledgeGraph`.

    Reading takes no lock, so any number of readers (and a ``load`` building the next
    generation) can work at once; a reader keeps the generation it opened.

    Args:
        path: a folder written by :func:`build_store` (``nlmg-graph load --store``).
        engine: ``"oxigraph"`` queries the store itself; ``"rdflib"`` copies it into memory.

    Raises:
        StoreError: ``path`` is missing, is not a store, or its database cannot be opened.
    """
    from nlmg_graph.graph import KnowledgeGraph

    generation = _generation(Path(path))
    try:
        store = ox.Store.read_only(str(generation / _DATABASE))
    except OSError as error:
        raise StoreError(f"{path}: cannot open the store: {error}") from None
    return KnowledgeGraph(store=store, engine=engine)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the store's build lock, or fail at once if another build holds it."""
    with open(folder / _LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreError(
                f"{folder}: locked: {holder} is building this store; try again when it is done"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"nlmg-graph load (pid {os.getpid()})")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def _prepare(folder: Path) -> bool:
    """Create ``folder`` for a first build, or check that it is a store to rebuild.

    Returns:
        Whether ``folder`` was created (and so is removed again if the build fails).
    """
    if folder.exists():
        if not folder.is_dir():
            raise StoreError(f"{folder}: not a folder, so not a store")
        if not _is_store(folder) and any(p.name != _LOCK for p in folder.iterdir()):
            raise StoreError(
                f"{folder}: not an nlmg-graph store and not empty; refusing to replace it"
            )
        return False
    try:
        folder.mkdir()
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the store: {error.strerror or error}") from None
    return True


def _swap(folder: Path, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically; drop all but it and the previous one."""
    previous = os.readlink(folder / _CURRENT) if _is_store(folder) else None
    link = folder / f".{_CURRENT}-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(generation.name)
    os.replace(link, folder / _CURRENT)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    keep = {generation.name, previous}
    for old in folder.glob(f"{_GENERATION}*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def build_store(
    path: str | os.PathLike[str],
    *,
    data: Iterable[Source] = (),
    shipped: bool = True,
    validate: bool = True,
    force: bool = False,
    shacl_engine: ShaclEngine | str = ShaclEngine.SHACL,
) -> StoreInfo:
    """Build a persistent store at ``path`` from the shipped graph and ``data``, then swap it in.

    Args:
        path: the store's folder: a new or empty one, or a store to replace.
        data: the user's files, merged in as by :func:`nlmg_graph.load`.
        shipped: whether to include the shipped data (the ontology is always included).
        validate: validate the merged graph (SHACL shapes and stored checks) before the swap.
        force: swap in a graph that does not conform (the manifest records ``conforms``).
        shacl_engine: the SHACL engine that validates, ``"shacl"`` (the default) or
            ``"pyshacl"``.

    Returns:
        What the new store holds.

    Raises:
        InputFileError: a file is missing, unreadable or not valid RDF (nothing was written).
        GraphNotValidError: the graph does not conform and ``force`` is false (nothing stored).
        StoreError: ``path`` is not a store, another build holds its lock, or it cannot be
            written.
    """
    from nlmg_graph import __version__

    folder = Path(path)
    data = list(data)
    direct = [source for source in data if _laid_out_candidate(source)]
    # Every other file parses before anything is written.
    routed = read_quads(data=[s for s in data if s not in direct], shipped=shipped)
    created = _prepare(folder)
    with _locked(folder):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        generation = folder / f"{_GENERATION}{stamp}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            generation.mkdir()
            sources = [str(Path(str(source)).resolve()) for source in data]
            # Digests let a later build trust what this one validated; unvalidated, no need.
            files = {path: _digest(path) for path in sources} if validate else {}
            rules = _rules_digest()
            known = _known_valid(folder, files, shipped=shipped, rules=rules) if validate else None
            fresh = [s for s in data if str(Path(str(s)).resolve()) not in (known or ())]
            extended = None if known is None else _extend_previous(folder, generation, fresh)
            if extended is None:
                store = ox.Store(str(generation / _DATABASE))
                for source in direct:
                    _bulk_load(store, source)
                # Then the rest, less what the files hold: a quad bulk-loaded twice (a file that
                # repeats the shipped graph) stays in two layers of the database, which slows
                # the lookups that meet it (1.2x for a film's awards at 1e6 triples).
                store.bulk_extend([q for q in routed if q not in store] if direct else routed)
                graph = ox.NamedNode(iris.GRAPH_ONTOLOGY)
                ontology = len({q for q in routed if q.graph_name == graph})
                if direct and not _is_laid_out(store, ontology_triples=ontology):
                    del store  # the files' graphs are not the project's: read them all, routed
                    shutil.rmtree(generation / _DATABASE)
                    store = ox.Store(str(generation / _DATABASE))
                    routed, direct = read_quads(data=data, shipped=shipped), []
                    store.bulk_extend(routed)
            else:
                store, counts = extended
            store.flush()
            conforms = None
            if validate:
                changed = None if known is None else _nodes(fresh)
                # A full validation reads the whole graph: from memory, not back from disk
                # (where the checks and the dump of a million quads took ~10 times as long).
                judged = store if changed is not None else _in_memory(routed, direct)
                conforms = _validate(folder, judged, changed, force, shacl_engine)
            if extended is None:
                counts = _count(judged if validate and changed is None else store)
            del store  # closes the database before readers open it
            manifest: dict[str, Any] = {
                "triples": counts,
                "sources": sources,
                "digests": files,
                "rules": rules,
                "shipped": shipped,
                "conforms": conforms,
                "version": __version__,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            with open(generation / _MANIFEST, "w", encoding="utf-8") as handle:
                json.dump(manifest, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException as error:
            shutil.rmtree(folder if created else generation, ignore_errors=True)
            if isinstance(error, OSError):
                raise StoreError(f"{folder}: cannot write the store: {error}") from None
            raise
        try:
            _swap(folder, generation)
        except OSError as error:
            raise StoreError(f"{folder}: cannot switch to the new store: {error}") from None
    return store_info(folder)


def _extend_previous(
    folder: Path, generation: Path, fresh: list[Source]
) -> tuple[ox.Store, dict[str, int]] | None:
    """Start ``generation`` as a copy of the live one (which holds all but ``fresh``) plus them.

    The copy is an Oxigraph backup: hard links to the live database's immutable files, so it
    takes milliseconds however large the store; then only the fresh files are loaded, routed.

    Returns:
        The new store and its triples per graph (the live store's count plus the quads it did
        not hold already), or ``None`` (leaving no database behind) when it cannot be copied.
    """
    try:
        counts = store_info(folder).triples
        previous = ox.Store.read_only(str(_generation(folder) / _DATABASE))
        previous.backup(str(generation / _DATABASE))
        del previous
    except (OSError, StoreError):
        shutil.rmtree(generation / _DATABASE, ignore_errors=True)
        return None
    store = ox.Store(str(generation / _DATABASE))
    ontology = ox.NamedNode(iris.GRAPH_ONTOLOGY)  # already there (its blank nodes read anew)
    added = {q for q in read_quads(data=fresh, shipped=False) if q.graph_name != ontology}
    added = {q for q in added if q not in store}
    for quad in added:
        graph = quad.graph_name.value  # type: ignore[union-attr]
        counts[graph] = counts.get(graph, 0) + 1
    store.bulk_extend(added)
    return store, counts


def _in_memory(quads: list[ox.Quad], files: list[Source]) -> ox.Store:
    """The graph of ``quads`` and the laid-out dataset ``files``, in an in-memory store."""
    graph = ox.Store()
    graph.bulk_extend(quads)
    for source in files:
        _bulk_load(graph, source)
    return graph


def _laid_out_candidate(source: Source) -> bool:
    """Whether ``source`` is a dataset file that may already use the project's named graphs.

    Such a file is bulk-loaded as it is, in Oxigraph's parallel loader, unless it has labelled
    blank nodes (the loader keeps labels, so ``_:b1`` of two files would become one node).
    """
    if not isinstance(source, str | os.PathLike):  # a packaged resource: a shipped file
        return False
    if Path(source).suffix.lower() not in _DATASET_SUFFIXES:
        return False
    try:
        with (
            open(source, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as content,
        ):
            return content.find(b"_:") < 0
    except (OSError, ValueError):  # unreadable or empty: the routed reader reports it
        return False


def _bulk_load(store: ox.Store, source: Source) -> None:
    parsed_format = rdf_format(source)
    with parse_errors(source, parsed_format):
        store.bulk_load(path=str(source), format=parsed_format, base_iri=base_iri(source))


def _ontology_size(store: ox.Store) -> int:
    """The number of triples in the ontology graph (hundreds: counted by its index)."""
    ontology = ox.NamedNode(iris.GRAPH_ONTOLOGY)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ontology))


def _is_laid_out(store: ox.Store, *, ontology_triples: int) -> bool:
    """Whether bulk-loaded files kept to the layout :func:`read_quads` would have given them.

    That is: nothing in the default graph or in another named graph, the ontology graph as
    shipped, every claim record (and nothing else) in the claims graph. The index lookups and
    the one ``MINUS`` take well under a second for a million triples.
    """
    graphs = {ox.NamedNode(name) for name in iris.NAMED_GRAPHS}
    _, data, claims = (ox.NamedNode(name) for name in iris.NAMED_GRAPHS)
    claim = ox.NamedNode(iris.CLAIM_CLASS)
    facts_as_claims = f"""
        ASK {{ GRAPH <{claims.value}> {{ ?s ?p ?o MINUS {{ ?s a <{claim.value}> }} }} }}"""
    return (
        set(store.named_graphs()) <= graphs
        and not any(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        and not any(store.quads_for_pattern(None, _RDF_TYPE, claim, data))
        and _ontology_size(store) == ontology_triples
        and not store.query(facts_as_claims)
    )


def _digest(source: Source) -> str:
    """The SHA-256 of a file's bytes (``hashlib`` reads it in blocks)."""
    with open(str(source), "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _rules_digest() -> str:
    """One digest of what decides validity and what a store starts from.

    That is the ontology, shapes, stored checks and shipped data: a rebuild copies the live
    store, and trusts its validation, only while this is unchanged.
    """
    rules = hashlib.sha256()
    shipped = [*_resources.ontology_files(), _resources.shapes_file(), *_resources.data_files()]
    for resource in shipped:
        rules.update(resource.read_bytes())
    for check in violation_queries():
        rules.update(check.text.encode())
    return rules.hexdigest()


def _known_valid(
    folder: Path, files: dict[str, str], *, shipped: bool, rules: str
) -> set[str] | None:
    """Return the files the live store already validated, unchanged, or ``None`` for none.

    Only a store that conformed under the same rules, with the same shipped data and no file
    since removed or changed (a removal can break what other files refer to), vouches for
    its files; then only the new files need SHACL.
    """
    try:
        previous = store_info(folder)
    except StoreError:  # a first build, or a damaged store being rebuilt
        return None
    if previous.conforms is not True or previous.rules != rules or previous.shipped != shipped:
        return None
    if any(files.get(path) != digest for path, digest in previous.digests.items()):
        return None
    return {path for path in files if path in previous.digests}


def _nodes(sources: list[Source]) -> list[ox.NamedNode]:
    """Return the IRIs the files make statements about.

    What they point at is judged by its type only (see
    :func:`~nlmg_graph.validation.neighbourhood`); their blank nodes are reached from these.
    """
    found: set[ox.NamedNode] = set()
    for source in sources:
        found.update(
            t.subject for t in parse_triples(source) if isinstance(t.subject, ox.NamedNode)
        )
    return list(found)


def _validate(
    folder: Path,
    store: ox.Store,
    changed: list[ox.NamedNode] | None,
    force: bool,
    shacl_engine: ShaclEngine | str,
) -> bool:
    from nlmg_graph.validation import validate_graph

    quads: list[ox.Quad] | ox.Store = [] if changed is not None else store
    report = validate_graph(quads, store, changed=changed, shacl_engine=shacl_engine)
    if not report.conforms and not force:
        raise GraphNotValidError(folder, report)
    return report.conforms


def _count(store: ox.Store) -> dict[str, int]:
    """Count the triples of each named graph as stored (a triple given twice is stored once)."""
    counts = dict.fromkeys(iris.NAMED_GRAPHS, 0)
    solutions = store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    for row in solutions:  # type: ignore[union-attr]
        counts[row["g"].value] = int(row["n"].value)
    return counts
