"""Offline validation of schema.org JSON-LD markup, as a search engine's crawler reads it.

:func:`validate_markup` takes a JSON-LD document (or an HTML page with
``<script type="application/ld+json">`` elements), expands it to RDF and checks it, naming the
node and property of every finding:

1. **Offline expansion.** ``"@context": "https://schema.org"`` (any spelling of schema.org's
   context address) is replaced by the copy of the official context shipped in
   ``ontology/vendor/schemaorg-30.0/``; nothing is ever fetched. Any other remote context is
   an error, since a crawler's reading of it cannot be checked here.
2. **Vocabulary.** Every type and property is a term of schema.org 30.0 (the shipped
   ``schemaorg-current-https.ttl``); superseded terms are flagged (warning) with their
   replacement. The official context maps terms to ``http://schema.org/``; they are rewritten
   to the vocabulary's ``https://schema.org/`` first.
3. **Ranges and domains.** Every value fits one of the property's ``schema:rangeIncludes``
   (subclasses included): a node of a fitting type, or a literal of a fitting data type
   (Text, URL, Date, DateTime, Time, Number, Integer, Boolean, an ISO 8601 Duration). Text
   where only a type is expected is allowed by schema.org's conventions but reported as a
   warning; a property used on a type outside its ``schema:domainIncludes`` is a warning. The
   schema.org role pattern (``actor`` → ``PerformanceRole`` → ``actor``) is understood.
4. **Search-engine features.** The SHACL shapes of ``ontology/markup-shapes.ttl`` check the
   required (error) and recommended (warning) fields of the features the export uses: Movie,
   Article and FAQPage.

Example:
    >>> report = validate_markup({"@context": "https://schema.org", "@type": "Movie"})
    >>> [(issue.severity.value, issue.property) for issue in report.errors]
    [('error', 'https://schema.org/name')]
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.parser import PythonInputSource
from rdflib.term import Node

from nlmg_graph import _resources, iris
from nlmg_graph.errors import InputFileError, NlmgGraphError
from nlmg_graph.limits import check_json, check_json_value
from nlmg_graph.reading import parse_triples

__all__ = [
    "MarkupError",
    "MarkupIssue",
    "MarkupReport",
    "RemoteContextError",
    "Severity",
    "expand",
    "load_documents",
    "official_context",
    "validate_markup",
]

SCHEMA = "https://schema.org/"
_SCHEMA_HTTP = "http://schema.org/"
_VENDOR = "vendor/schemaorg-30.0"
#: Base IRI for resolving relative IRIs in a document that has no address of its own.
_DOCUMENT_BASE = "https://document.invalid/"
#: The addresses that name schema.org's JSON-LD context.
_SCHEMA_CONTEXTS = frozenset(
    f"{scheme}://schema.org{path}"
    for scheme in ("http", "https")
    for path in ("", "/", "/docs/jsonldcontext.json", "/docs/jsonldcontext.jsonld")
)
#: Characters RFC 3987 forbids anywhere in an IRI reference.
_BAD_IRI = re.compile(r'[\s<>"{}|\\^`]')
_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_DATE = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
_DATETIME = re.compile(rf"^-?\d{{4}}-\d{{2}}-\d{{2}}T{_TIME}$")
_TIME_ONLY = re.compile(rf"^{_TIME}$")
_DURATION = re.compile(
    r"^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMERIC_TYPES = frozenset(
    XSD[name]
    for name in (
        *("integer", "decimal", "double", "float", "long", "int", "short", "byte"),
        *("nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
)


class MarkupError(NlmgGraphError):
    """A markup document cannot be expanded: it is not JSON-LD, or needs a remote context."""


class RemoteContextError(MarkupError):
    """A JSON-LD document names a remote context other than schema.org's."""


class Severity(enum.StrEnum):
    """How bad a finding is: an ``error`` makes the markup invalid; a ``warning`` does not."""

    ERROR = "error"
    WARNING = "warning"


class MarkupIssue(NamedTuple):
    """One finding about the markup.

    ``node`` is the IRI of the node at fault (``_:Type`` for a node without ``@id``, ``None``
    for the document as a whole); ``property`` is the full IRI of the property (``None`` for
    the node itself). schema.org IRIs are given in their ``https://schema.org/`` form.
    """

    severity: Severity
    node: str | None
    property: str | None
    message: str


@dataclass(frozen=True)
class MarkupReport:
    """The outcome of :func:`validate_markup`.

    Attributes:
        issues: every finding, sorted by node, property and message.
    """

    issues: tuple[MarkupIssue, ...]

    @property
    def errors(self) -> tuple[MarkupIssue, ...]:
        """The findings that make the markup invalid."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[MarkupIssue, ...]:
        """The findings that leave the markup valid (e.g. a recommended field is missing)."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def conforms(self) -> bool:
        """Whether the markup has no errors (warnings allowed)."""
        return not self.errors

    def format(self, prefixes: Mapping[str, str] | None = None) -> str:
        """Return the findings one per line as ``severity node property: message``.

        IRIs are shortened with ``prefixes`` (default: the project's, ``schema:`` included);
        a missing node or property is written ``-``.

        >>> issue = MarkupIssue(Severity.WARNING, None, SCHEMA + "image", "no image")
        >>> MarkupReport((issue,)).format()
        'warning - schema:image: no image'
        """
        names = None if prefixes is None else dict(prefixes)

        def short(iri: str | None) -> str:
            return "-" if iri is None else iris.shorten(iri, names)

        return "\n".join(
            f"{i.severity} {short(i.node)} {short(i.property)}: {i.message}" for i in self.issues
        )


# -- reading documents ------------------------------------------------------------------------


class _ScriptFinder(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[int, str]] = []
        self._open: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.split(";")[0].strip().lower() == "application/ld+json":
            self._open = (self.getpos()[0], [])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open[0], "".join(self._open[1])))
            self._open = None


def _parse_json(text: str, where: str, first_line: int = 1) -> Any:
    check_json(text, where)  # deeper documents exhaust the recursion of json and rdflib
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputFileError(
            where, f"not valid JSON: {error.msg}", line=first_line + error.lineno - 1
        ) from None


def _documents_in(text: str, where: str) -> list[Any]:
    """Return the JSON documents of a JSON-LD text, or of the ld+json scripts of an HTML page."""
    if not text.lstrip().startswith("<"):
        return [_parse_json(text, where)]
    finder = _ScriptFinder()
    finder.feed(text)
    finder.close()
    return [_parse_json(script, where, line) for line, script in finder.scripts]


def load_documents(source: str | Path) -> list[Any]:
    """Return the JSON-LD documents of a file or text: a JSON-LD document, or an HTML page.

    Args:
        source: a path to a file, or the text itself (a ``str``). Text starting with ``<`` is
            read as HTML and yields one document per ``application/ld+json`` script.

    Raises:
        InputFileError: the file cannot be read, or a document is not valid JSON (names the
            file, or ``<document>`` for text, and the line).

    >>> load_documents('<script type="application/ld+json">{"name": "x"}</script>')
    [{'name': 'x'}]
    """
    if isinstance(source, Path):
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise InputFileError(str(source), f"cannot read: {reason}") from None
        return _documents_in(text, str(source))
    return _documents_in(source, "<document>")


# -- offline expansion -------------------------------------------------------------------------


@cache
def official_context() -> dict[str, Any]:
    """Return the shipped copy of schema.org's JSON-LD context (the value of its ``@context``).

    >>> official_context()["sameAs"]
    {'@id': 'schema:sameAs', '@type': '@id'}
    """
    path = _resources.ontology_folder() / _VENDOR / "schemaorgcontext.jsonld"
    context: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
    return context


def _local_context(context: Any) -> Any:
    """Return ``context`` with schema.org's address replaced by the shipped context.

    Raises:
        MarkupError: the context refers to any other remote document.
    """
    if isinstance(context, str):
        if context.strip() in _SCHEMA_CONTEXTS:
            return official_context()
        raise RemoteContextError(
            f"remote JSON-LD context {context!r} cannot be read offline "
            "(only schema.org's context is shipped)"
        )
    if isinstance(context, list):
        return [_local_context(item) for item in context]
    if isinstance(context, dict):
        if "@import" in context:
            raise RemoteContextError(
                f"remote JSON-LD context {context['@import']!r} (@import) cannot be read offline"
            )
        return {key: _local_contexts(value) for key, value in context.items()}
    if context is not None:
        raise MarkupError(
            f"@context must be a URL, an object or a list of them, not {json.dumps(context)}"
        )
    return context


def _local_contexts(value: Any) -> Any:
    """Return a copy of the JSON value with every ``@context`` in it made local."""
    if isinstance(value, dict):
        return {
            key: _local_context(item) if key == "@context" else _local_contexts(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_local_contexts(item) for item in value]
    return value


def expand(document: Any, *, base: str = _DOCUMENT_BASE) -> Graph:
    """Return the RDF graph that a JSON-LD ``document`` expands to with the official context.

    Nothing is fetched: schema.org's context comes from the shipped copy. The graph holds the
    terms as the official context maps them, ``http://schema.org/...``.

    Args:
        document: the parsed JSON-LD (a dict, or a list of them).
        base: the IRI that relative IRIs are resolved against.

    Raises:
        MarkupError: the document names a remote context other than schema.org's, or is not
            JSON-LD that can be turned into RDF.

    >>> g = expand({"@context": "https://schema.org", "@id": "https://example.org/m",
    ...             "@type": "Movie"})
    >>> [str(o) for o in g.objects()]
    ['http://schema.org/Movie']
    """
    local = _local_contexts(document)
    parsed = Graph()
    try:
        parsed.parse(source=PythonInputSource(local), format="json-ld", base=base)
    except NlmgGraphError:
        raise
    except Exception as error:  # rdflib's JSON-LD parser raises many kinds
        raise MarkupError(f"not valid JSON-LD: {error}") from None
    merged = Graph()
    for context in parsed.store.contexts():  # named graphs (@graph with an @id) included
        for triple in context.triples((None, None, None)):
            merged.add(triple)
    return merged


def _https(term: Node) -> Node:
    """Return ``term`` with schema.org's http IRIs (also as a datatype) in their https form."""
    if isinstance(term, URIRef) and term.startswith(_SCHEMA_HTTP):
        return URIRef(SCHEMA + term[len(_SCHEMA_HTTP) :])
    if isinstance(term, Literal) and term.datatype and term.datatype.startswith(_SCHEMA_HTTP):
        return Literal(str(term), datatype=SCHEMA + term.datatype[len(_SCHEMA_HTTP) :])
    return term


def _normalised(graph: Graph) -> Graph:
    result = Graph()
    for s, p, o in graph:
        result.add((_https(s), _https(p), _https(o)))
    return result


# -- the schema.org vocabulary -----------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """What the validator needs of schema.org 30.0, as sets and maps of IRI strings."""

    classes: frozenset[str]
    properties: frozenset[str]
    ancestors: Mapping[str, frozenset[str]]  # a class: itself and all its superclasses
    domains: Mapping[str, frozenset[str]]
    ranges: Mapping[str, frozenset[str]]
    superseded_by: Mapping[str, str]
    member_types: Mapping[str, frozenset[str]]  # an enumeration member (schema:InStock): its types

    def lineage(self, classes: set[str]) -> set[str]:
        """Return ``classes`` with all their superclasses."""
        return {a for c in classes for a in self.ancestors.get(c, {c})}


@cache
def _vocabulary() -> _Vocabulary:
    """Read the shipped schema.org vocabulary (through Oxigraph's parser: ~0.1 s, not ~5 s)."""
    import pyoxigraph as ox

    path = _resources.ontology_folder() / _VENDOR / "schemaorg-current-https.ttl"
    rdf_type, rdfs = str(RDF.type), "http://www.w3.org/2000/01/rdf-schema#"
    classes: set[str] = set()
    properties: set[str] = set()
    parents: dict[str, set[str]] = {}
    domains: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    superseded: dict[str, str] = {}
    typed: dict[str, set[str]] = {}
    for triple in parse_triples(path):
        value = triple.object
        if not isinstance(triple.subject, ox.NamedNode) or not isinstance(value, ox.NamedNode):
            continue
        subject, predicate = triple.subject.value, triple.predicate.value
        if not subject.startswith(SCHEMA):
            continue
        if predicate == rdf_type:
            if value.value == f"{rdfs}Class":
                classes.add(subject)
            elif value.value == str(RDF.Property):
                properties.add(subject)
            else:
                typed.setdefault(subject, set()).add(value.value)
        elif predicate == f"{rdfs}subClassOf":
            parents.setdefault(subject, set()).add(value.value)
        elif predicate == f"{SCHEMA}domainIncludes":
            domains.setdefault(subject, set()).add(value.value)
        elif predicate == f"{SCHEMA}rangeIncludes":
            ranges.setdefault(subject, set()).add(value.value)
        elif predicate == f"{SCHEMA}supersededBy":
            superseded[subject] = value.value

    def ancestors(name: str) -> frozenset[str]:
        seen, todo = {name}, [name]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    return _Vocabulary(
        classes=frozenset(classes),
        properties=frozenset(properties),
        ancestors={name: ancestors(name) for name in classes},
        domains={name: frozenset(v) for name, v in domains.items()},
        ranges={name: frozenset(v) for name, v in ranges.items()},
        superseded_by=superseded,
        member_types={
            name: frozenset(t)
            for name, t in typed.items()
            if name not in classes and name not in properties
        },
    )


# -- checks ------------------------------------------------------------------------------------


def _s(local: str) -> str:
    return SCHEMA + local


_TEXT, _URL, _ROLE, _QUANTITY = _s("Text"), _s("URL"), _s("Role"), _s("Quantity")


def _local(iri: str) -> str:
    return iri.removeprefix(SCHEMA)


def _names(classes: frozenset[str] | set[str]) -> str:
    return " or ".join(sorted(_local(c) for c in classes))


def _literal_fits(value: Literal, kind: str, vocabulary: _Vocabulary) -> bool:
    """Whether the literal is a valid value of the data type (or literal-valued class) ``kind``."""
    text = str(value)
    lineage = vocabulary.ancestors.get(kind, frozenset({kind}))
    if kind == _URL:
        return bool(_ABSOLUTE_URL.match(text))
    if _TEXT in lineage:
        return True
    if kind == _s("Date"):
        return bool(_DATE.match(text))
    if kind == _s("DateTime"):
        return bool(_DATETIME.match(text))
    if kind == _s("Time"):
        return bool(_TIME_ONLY.match(text))
    if _s("Number") in lineage:
        numeric = value.datatype in _NUMERIC_TYPES or bool(_NUMBER.match(text))
        return numeric and (kind != _s("Integer") or bool(_INTEGER.match(text)))
    if kind == _s("Boolean"):
        return value.datatype == XSD.boolean or text in ("true", "false")
    if kind == _s("Duration"):
        return bool(_DURATION.match(text))
    return _QUANTITY in lineage  # "3 kg" is how schema.org writes other quantities


def _has_format(kind: str, vocabulary: _Vocabulary) -> bool:
    """Whether values of ``kind`` are literals in a set format (data types, ISO 8601 durations)."""
    lineage = vocabulary.ancestors.get(kind, frozenset({kind}))
    formats = {_s(n) for n in ("Date", "DateTime", "Time", "Boolean", "Duration")}
    return kind in formats or bool(lineage & {_TEXT, _s("Number")})


class _Checker:
    """Checks each triple of a normalised markup graph against the vocabulary."""

    def __init__(self, graph: Graph, vocabulary: _Vocabulary) -> None:
        self.graph = graph
        self.vocabulary = vocabulary
        self.issues: list[MarkupIssue] = []

    def name(self, node: Node) -> str:
        """The node's IRI, or ``_:Type`` for a blank node."""
        if isinstance(node, BNode):
            kinds = sorted(_local(str(t)) for t in self.graph.objects(node, RDF.type))
            return f"_:{kinds[0] if kinds else 'node'}"
        return str(node)

    def report(self, severity: Severity, node: Node, prop: str | None, message: str) -> None:
        self.issues.append(MarkupIssue(severity, self.name(node), prop, message))

    def types(self, node: Node) -> set[str]:
        found = {str(t) for t in self.graph.objects(node, RDF.type) if str(t).startswith(SCHEMA)}
        if not found and isinstance(node, URIRef):
            found = set(self.vocabulary.member_types.get(str(node), ()))
        return found

    def run(self) -> list[MarkupIssue]:
        for node in set(self.graph.subjects()):
            self.check_node(node)
        return self.issues

    def check_node(self, node: Node) -> None:
        types = set()
        for kind in self.graph.objects(node, RDF.type):
            name = str(kind)
            if not name.startswith(SCHEMA):
                self.report(Severity.ERROR, node, None, f"type {name} is not a schema.org type")
            elif name not in self.vocabulary.classes:
                self.report(Severity.ERROR, node, None, f"unknown schema.org type {_local(name)}")
            else:
                types.add(name)
                if name in self.vocabulary.superseded_by:
                    newer = _local(self.vocabulary.superseded_by[name])
                    self.report(
                        Severity.WARNING,
                        node,
                        None,
                        f"type {_local(name)} is superseded by {newer}",
                    )
        properties = {str(p) for p in self.graph.predicates(node)} - {str(RDF.type)}
        if properties and not types and not any(self.graph.objects(node, RDF.type)):
            self.report(Severity.WARNING, node, None, "the node has no @type")
        for prop in sorted(properties):
            self.check_property(node, prop, types)

    def check_property(self, node: Node, prop: str, types: set[str]) -> None:
        vocabulary = self.vocabulary
        if not prop.startswith(SCHEMA):
            self.report(Severity.ERROR, node, prop, "not a schema.org property")
            return
        if prop not in vocabulary.properties:
            self.report(Severity.ERROR, node, prop, f"unknown schema.org property {_local(prop)}")
            return
        if prop in vocabulary.superseded_by:
            newer = _local(vocabulary.superseded_by[prop])
            self.report(Severity.WARNING, node, prop, f"{_local(prop)} is superseded by {newer}")
        domains = vocabulary.domains.get(prop, frozenset())
        lineage = vocabulary.lineage(types)
        if types and domains and not lineage & domains and not self.in_role(node, prop, lineage):
            self.report(
                Severity.WARNING,
                node,
                prop,
                f"{_local(prop)} is not a property of {_names(types)} "
                f"(schema.org expects it on {_names(domains)})",
            )
        ranges = vocabulary.ranges.get(prop, frozenset())
        if ranges:
            for value in self.graph.objects(node, URIRef(prop)):
                self.check_value(node, prop, value, ranges)

    def in_role(self, node: Node, prop: str, lineage: set[str]) -> bool:
        """Whether ``node`` is a Role that qualifies ``prop`` (schema.org's role pattern)."""
        return _ROLE in lineage and (None, URIRef(prop), node) in self.graph

    def check_value(self, node: Node, prop: str, value: Node, ranges: frozenset[str]) -> None:
        vocabulary = self.vocabulary
        expected = _names(ranges)
        if isinstance(value, Literal):
            if any(_literal_fits(value, kind, vocabulary) for kind in ranges):
                return
            member = SCHEMA + str(value).removeprefix(_SCHEMA_HTTP).removeprefix(SCHEMA)
            if vocabulary.lineage(set(vocabulary.member_types.get(member, ()))) & ranges:
                return  # an enumeration member's URL written as text, as search engines accept
            if not any(_has_format(kind, vocabulary) for kind in ranges) and not value.datatype:
                self.report(
                    Severity.WARNING,
                    node,
                    prop,
                    f"text {str(value)!r} where {expected} is expected",
                )
                return
            self.report(Severity.ERROR, node, prop, f"{str(value)!r} is not a valid {expected}")
            return
        kinds = self.types(value)
        if not kinds:
            if isinstance(value, URIRef) and _URL in ranges:
                return
            self.report(
                Severity.WARNING,
                node,
                prop,
                f"{self.name(value)} has no @type in the markup; {expected} is expected",
            )
            return
        lineage = vocabulary.lineage(kinds)
        if lineage & ranges or _ROLE in lineage:
            return
        self.report(
            Severity.ERROR,
            node,
            prop,
            f"{self.name(value)} is a {_names(kinds)}; {expected} is expected",
        )


def _iri_issues(
    value: Any, context: Mapping[str, Any], node: str | None = None
) -> Iterator[MarkupIssue]:
    """Find strings that must be IRIs (``@id`` values, URL-typed terms) but cannot be."""
    if isinstance(value, list):
        for item in value:
            yield from _iri_issues(item, context, node)
        return
    if not isinstance(value, dict):
        return
    here = value.get("@id") if isinstance(value.get("@id"), str) else node
    for key, item in value.items():
        if key == "@context":
            continue
        definition = context.get(key)
        coerced = key == "@id" or (
            isinstance(definition, dict) and definition.get("@type") == "@id"
        )
        for text in item if isinstance(item, list) else [item]:
            if coerced and isinstance(text, str) and (not text or _BAD_IRI.search(text)):
                prop = SCHEMA + key if isinstance(definition, dict) else None
                yield MarkupIssue(Severity.ERROR, here, prop, f"{text!r} is not a valid IRI or URL")
        yield from _iri_issues(item, context, here)


@cache
def _shapes() -> Graph:
    return Graph().parse(data=_resources.markup_shapes_file().read_bytes(), format="turtle")


def _shape_issues(graph: Graph, checker: _Checker) -> list[MarkupIssue]:
    """Run the search-engine feature shapes; a ``sh:Violation`` is an error, the rest warnings."""
    from pyshacl import validate  # imported here: it costs ~0.2 s

    _, results, _ = validate(graph, shacl_graph=_shapes(), inference="none", allow_warnings=True)
    issues = []
    # The report's own results only: a failed sh:node also lists the nested shape's results as
    # sh:detail, which say the same thing less readably.
    for result in results.objects(None, SH.result):
        severity = results.value(result, SH.resultSeverity)
        path = results.value(result, SH.resultPath)
        focus = results.value(result, SH.focusNode)
        assert focus is not None
        issues.append(
            MarkupIssue(
                Severity.ERROR if severity == SH.Violation else Severity.WARNING,
                checker.name(focus),
                None if path is None else str(path),
                " ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage)))
                or "constraint not met",
            )
        )
    return issues


def validate_markup(document: dict[str, Any] | list[Any] | str | Path) -> MarkupReport:
    """Validate schema.org JSON-LD markup offline (see the module's description for the checks).

    Args:
        document: the parsed JSON-LD (a dict, or a list of them); or a ``str`` holding the
            text of a JSON-LD document or of an HTML page; or a ``Path`` to such a file. An
            HTML page is checked through its ``application/ld+json`` scripts, all together.

    Returns:
        The report; ``conforms`` is true when there are no errors.

    Raises:
        InputFileError: the file cannot be read, holds invalid JSON, or JSON nested past
            :data:`~nlmg_graph.limits.MAX_JSON_DEPTH`.
        MarkupError: the JSON is not JSON-LD that can be expanded.
        OptionError: a ``document`` given as Python values holds a cycle or nests too deep.
    """
    if isinstance(document, str | Path):
        where = str(document) if isinstance(document, Path) else "<document>"
        documents = load_documents(document)
    else:
        check_json_value(document)
        where, documents = "<document>", [document]
    if not documents:
        issue = MarkupIssue(
            Severity.ERROR, None, None, "the page has no application/ld+json script"
        )
        return MarkupReport((issue,))
    context = official_context()
    issues = [issue for doc in documents for issue in _iri_issues(doc, context)]
    graph = Graph()
    for doc in documents:
        try:
            graph += expand(doc)
        except RemoteContextError as error:
            issues.append(MarkupIssue(Severity.ERROR, None, "@context", str(error)))
        except MarkupError as error:
            raise MarkupError(f"{where}: {error}") from None
    graph = _normalised(graph)
    checker = _Checker(graph, _vocabulary())
    issues += checker.run()
    issues += _shape_issues(graph, checker)
    unique = sorted(
        set(issues), key=lambda i: (i.node or "", i.property or "", i.severity, i.message)
    )
    return MarkupReport(tuple(unique))
