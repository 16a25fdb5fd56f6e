"""Reading RDF files into the project's named graphs, as Oxigraph quads.

The knowledge graph has three named graphs: the ontology, the data (facts and the entities they
describe) and the claims (the records that source each fact). The shipped files and a user's
own files are read the same way; a claim record (a subject typed ``nlmg:Claim``) goes to the
claims graph, everything else to the data graph. Parsing goes through Oxigraph (about ten
times faster than rdflib, and precise about where a syntax error is), and this module imports
nothing else, so a command that only queries never pays for rdflib.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from nlmg_graph import _resources, iris
from nlmg_graph.errors import InputFileError
from nlmg_graph.limits import MAX_TOKEN_BYTES, check_json

__all__ = ["Source", "base_iri", "parse_errors", "parse_triples", "rdf_format", "read_quads"]

Source = Traversable | str | os.PathLike[str]
"""A file to read: a packaged resource or a path on disk; its suffix gives the format."""

#: File suffixes the reader knows, and the Oxigraph parser for each.
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)
_CLAIM = ox.NamedNode(iris.CLAIM_CLASS)
_ONTOLOGY, _DATA, _CLAIMS = (ox.NamedNode(name) for name in iris.NAMED_GRAPHS)


def rdf_format(source: Source) -> ox.RdfFormat:
    """Return the RDF format of ``source``, from its file suffix.

    Raises:
        InputFileError: the suffix is not one the reader knows.
    """
    suffix = Path(str(source)).suffix.lower()
    found = _FORMATS.get(suffix)
    if found is None:
        known = ", ".join(sorted(_FORMATS))
        raise InputFileError(str(source), f"unknown RDF file type {suffix!r} (known: {known})")
    return found


def base_iri(source: Source) -> str:
    """Return the base IRI relative IRIs in ``source`` resolve against: the file's own URI."""
    return Path(str(source)).resolve().as_uri()


@contextlib.contextmanager
def parse_errors(source: Source, parsed_format: ox.RdfFormat) -> Iterator[None]:
    """Turn Oxigraph's parse errors for ``source`` into :class:`InputFileError` (file, line)."""
    name = str(source)
    try:
        yield
    except SyntaxError as error:
        reason = str(error.msg).split(": ", 1)[-1] if error.msg else "syntax error"
        message = f"not valid {parsed_format.name}: {reason}"
        if error.offset:
            message += f" (column {error.offset})"
        raise InputFileError(name, message, line=error.lineno) from None
    except (ValueError, TypeError) as error:  # e.g. invalid UTF-8
        raise InputFileError(name, f"not valid {parsed_format.name}: {error}") from None
    except MemoryError:  # Oxigraph's parser buffer is full: one token is too long
        raise InputFileError(
            name, f"a literal or IRI is longer than the limit of {MAX_TOKEN_BYTES // 2**20} MiB"
        ) from None
    except OSError as error:
        raise InputFileError(name, f"cannot read the file: {error.strerror or error}") from None


def parse_triples(source: Source) -> list[ox.Triple]:
    """Parse one RDF file and return its triples (for quad formats, of all its graphs).

    Blank nodes get fresh identities, so ``_:b1`` in two files are two nodes. JSON-LD remote
    contexts are refused, never fetched.

    Raises:
        InputFileError: the file is missing, unreadable, of an unknown kind, or not valid RDF;
            the message names the file and, where the parser knows it, the line and column.
    """
    parsed_format = rdf_format(source)
    with parse_errors(source, parsed_format):
        data = source.read_bytes() if isinstance(source, Traversable) else Path(source).read_bytes()
        if parsed_format is ox.RdfFormat.JSON_LD:
            check_json(data, str(source))  # Oxigraph's JSON-LD parser crashes on deep nesting
        quads = list(
            ox.parse(data, format=parsed_format, base_iri=base_iri(source), rename_blank_nodes=True)
        )
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise InputFileError(str(source), f"RDF-star triple terms are not supported: {quad}")
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def read_quads(*, data: Iterable[Source] = (), shipped: bool = True) -> list[ox.Quad]:
    """Return the quads of the ontology, data and claims graphs, as written in the files.

    Args:
        data: the user's own files, merged in.
        shipped: whether to include the shipped data (the ontology is always read).

    All files are parsed before anything is returned, so a bad file leaves nothing half-read.
    The quads keep their literals as written, for exports: an Oxigraph store writes them in
    canonical form (``"71.0"^^xsd:decimal`` as ``"71"``, ``"PT105M"`` as ``"PT1H45M"``,
    a ``xsd:positiveInteger`` as an ``xsd:integer``), equal values that the shapes accept
    (which is why the data types whole numbers ``xsd:integer``).

    Raises:
        InputFileError: a file is missing, unreadable or not valid RDF.
    """
    ontology = [parse_triples(source) for source in _resources.ontology_files()]
    sources: list[Source] = [*(_resources.data_files() if shipped else ()), *data]
    parsed = [parse_triples(source) for source in sources]
    quads = [ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY) for f in ontology for t in f]
    for triples in parsed:
        claims = {t.subject for t in triples if t.predicate == _RDF_TYPE and t.object == _CLAIM}
        quads.extend(
            ox.Quad(t.subject, t.predicate, t.object, _CLAIMS if t.subject in claims else _DATA)
            for t in triples
        )
    return quads
