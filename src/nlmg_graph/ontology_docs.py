"""The ontology's documentation: an HTML page and a class diagram, generated from the RDF.

``docs/ontology.html`` documents every class, property and individual of ``ontology/nlmg.ttl``
(label, definition, domain and range, super-terms, Wikidata mappings, deprecations) and the
SHACL shapes of ``ontology/shapes.ttl``. ``docs/ontology-diagram.dot`` draws the classes and
the relations between them; Graphviz's ``dot`` renders it to ``docs/ontology-diagram.svg``.
The files are committed, and ``tests/test_ontology_docs.py`` fails when they are stale.
Regenerate them with ``python -m nlmg_graph.ontology_docs --output docs/``.

Terms are sorted and nothing is time-stamped, so the output depends only on the RDF. pyLODE
was tried and not used: its 3.4.1 release fails at import, and 3.3.4 leaves out the individuals
and the ``skos:closeMatch`` mappings and builds anchors from labels rather than local names.
"""

from __future__ import annotations

import argparse
import enum
import hashlib
import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, VANN
from rdflib.term import Node

from nlmg_graph import _resources, iris
from nlmg_graph.errors import NlmgGraphError
from nlmg_graph.export import write_files_atomically
from nlmg_graph.loading import parse_file

__all__ = [
    "DOT_NAME",
    "HTML_NAME",
    "REGENERATE",
    "SVG_NAME",
    "dot_digest",
    "main",
    "ontology_dot",
    "ontology_html",
    "ontology_svg",
    "write_ontology_docs",
]

HTML_NAME = "ontology.html"
DOT_NAME = "ontology-diagram.dot"
SVG_NAME = "ontology-diagram.svg"
REGENERATE = "python -m nlmg_graph.ontology_docs --output docs/"
"""The command that regenerates the committed files."""
_REGENERATE_SHORT = "python -m nlmg_graph.ontology_docs -o docs/"
"""The same command as the files' comments give it (HTML and XML comments cannot hold ``--``)."""

_SOURCES = "ontology/nlmg.ttl and ontology/shapes.ttl"
_NLMG = iris.PREFIXES["nlmg"]
_NLMGSH = iris.PREFIXES["nlmgsh"]
_WIKIDATA = "http://www.wikidata.org/"
_WDT = f"{_WIKIDATA}prop/direct/"
_WD = f"{_WIKIDATA}entity/"

#: Prefixes of the names on the page: the project's, then those of the vocabularies it uses.
_PREFIXES: dict[str, str] = {
    **iris.PREFIXES,
    **iris.WELL_KNOWN,
    "dcterms": str(DCTERMS),
    "vann": str(VANN),
    "wd": _WD,
    "wdt": _WDT,
}

#: Properties that map a term onto another vocabulary's, and how the page names them.
_MAPPINGS: dict[URIRef, str] = {
    OWL.equivalentClass: "equivalent class",
    OWL.equivalentProperty: "equivalent property",
    SKOS.exactMatch: "exact match",
    SKOS.closeMatch: "close match",
    SKOS.broadMatch: "broad match",
    SKOS.narrowMatch: "narrow match",
    SKOS.relatedMatch: "related match",
}

#: Prefixed names in prose, such as ``nlmg:awardBody``; the page links them.
_NAME_IN_PROSE = re.compile(r"\b([a-z]+):([A-Za-z][A-Za-z0-9_]*)")

_FONT = "Helvetica,Arial,sans-serif"


class TermKind(enum.Enum):
    """The kinds of ``nlmg:`` term: (OWL type, name, anchor and heading of its section)."""

    CLASS = (OWL.Class, "class", "classes", "Classes")
    OBJECT_PROPERTY = (
        OWL.ObjectProperty,
        "object property",
        "object-properties",
        "Object properties",
    )
    DATATYPE_PROPERTY = (
        OWL.DatatypeProperty,
        "datatype property",
        "datatype-properties",
        "Datatype properties",
    )
    ANNOTATION_PROPERTY = (
        OWL.AnnotationProperty,
        "annotation property",
        "annotation-properties",
        "Annotation properties",
    )
    INDIVIDUAL = (OWL.NamedIndividual, "named individual", "individuals", "Individuals")

    def __init__(self, owl_type: URIRef, noun: str, anchor: str, heading: str) -> None:
        self.owl_type = owl_type
        self.noun = noun
        self.anchor = anchor
        self.heading = heading


#: The anchors of the page's other sections; no term or shape may take them.
_OTHER_SECTIONS = ("contents", "diagram", "wikidata", "deprecated", "shapes", "namespaces")


@dataclass(frozen=True)
class Value:
    """A value on the page: a name, where it links to, and a note shown after it."""

    text: str
    href: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Row:
    """One row of a description: prose, or a list of values."""

    name: str
    values: tuple[Value, ...] = ()
    prose: str | None = None


@dataclass(frozen=True)
class Term:
    """An ``nlmg:`` term as the page describes it."""

    iri: str
    anchor: str
    curie: str
    kind: TermKind
    label: str
    rows: tuple[Row, ...]
    deprecated: bool

    @property
    def link(self) -> Value:
        """The term as a link to its description."""
        return Value(self.curie, "#" + self.anchor)


@dataclass(frozen=True)
class PropertyRule:
    """A property shape of a node shape: its path, how many values it allows, its message."""

    path: Value
    count: str
    message: str


@dataclass(frozen=True)
class Shape:
    """A SHACL node shape as the page describes it."""

    anchor: str
    curie: str
    name: str
    description: str | None
    targets: tuple[Value, ...]
    closed: bool
    messages: tuple[str, ...]
    rules: tuple[PropertyRule, ...]


@dataclass(frozen=True)
class Alignment:
    """A mapping of a term (the project's own or a reused one) to Wikidata."""

    term: Value
    relation: str
    target: Value


@dataclass(frozen=True)
class _Page:
    """Everything the HTML page is rendered from."""

    title: str
    version: str | None
    metadata: tuple[tuple[str, Value], ...]
    description: str | None
    comments: tuple[str, ...]
    terms: dict[TermKind, list[Term]]
    individual_groups: list[tuple[Value, list[Term]]]
    alignments: list[Alignment]
    shapes: list[Shape]
    namespaces: list[tuple[str, str]]
    anchors: frozenset[str]


@dataclass(frozen=True)
class _Edge:
    """An arrow of the diagram: a subclass link (no label) or an object property."""

    tail: str
    head: str
    label: str | None = None
    from_shapes: bool = False


def _local_key(node: Node) -> tuple[str, str]:
    """Sort key of an IRI: its local name, case-insensitively first."""
    local = re.split(r"[/#]", str(node))[-1]
    return (local.casefold(), str(node))


def _value_key(value: Value) -> tuple[str, str]:
    """Sort key of a value: its name, case-insensitively first."""
    return (value.text.casefold(), value.text)


def _iris(nodes: Iterable[Node]) -> set[URIRef]:
    """Return the IRIs among ``nodes`` (blank nodes such as class expressions left out)."""
    return {n for n in nodes if isinstance(n, URIRef)}


def _is_true(graph: Graph, subject: Node, predicate: URIRef) -> bool:
    """Tell whether ``subject`` has the boolean ``true`` for ``predicate``."""
    return any(
        isinstance(o, Literal) and o.toPython() is True for o in graph.objects(subject, predicate)
    )


class _Reader:
    """Reads the ontology and the shapes into what the page and the diagram show."""

    def __init__(self, ontology: Graph, shapes: Graph) -> None:
        self.graph = ontology
        self.shapes = shapes
        self.used_prefixes: set[str] = set()
        self.kinds = self._term_kinds()

    # -- names, links, texts ------------------------------------------------------------

    def curie(self, iri: str) -> str:
        """Return ``iri`` as a prefixed name (noting the prefix as used), or in brackets."""
        name = iris.shorten(iri, _PREFIXES)
        if name == iri:
            return f"<{iri}>"
        self.used_prefixes.add(name.split(":", 1)[0])
        return name

    @staticmethod
    def href(iri: str) -> str:
        """Return where a term links to: its anchor on the page, or a page about it."""
        if iri.startswith((_NLMG, _NLMGSH)) and iri not in (_NLMG, _NLMGSH):
            return "#" + iri.rsplit("/", 1)[1]
        if iri.startswith(_WDT):
            return "https://www.wikidata.org/wiki/Property:" + iri[len(_WDT) :]
        if iri.startswith(_WD):
            return "https://www.wikidata.org/wiki/" + iri[len(_WD) :]
        return iri

    def value(self, node: Node, note: str | None = None) -> Value:
        """Return ``node`` as a value of the page."""
        if isinstance(node, URIRef):
            return Value(self.curie(str(node)), self.href(str(node)), note)
        return Value(str(node), None, note)

    def values(self, nodes: Iterable[Node]) -> tuple[Value, ...]:
        """Return the IRIs among ``nodes`` as values, sorted by name."""
        return tuple(sorted((self.value(n) for n in _iris(nodes)), key=_value_key))

    def texts(self, subject: Node, predicate: URIRef, graph: Graph | None = None) -> list[str]:
        """Return the English and untagged texts of ``subject``'s ``predicate``, sorted."""
        found = (self.graph if graph is None else graph).objects(subject, predicate)
        return sorted(
            str(o) for o in found if isinstance(o, Literal) and o.language in (None, "en")
        )

    def text(self, subject: Node, predicate: URIRef, graph: Graph | None = None) -> str | None:
        """Return the first of :meth:`texts`, if any."""
        return next(iter(self.texts(subject, predicate, graph)), None)

    # -- terms --------------------------------------------------------------------------

    def _term_kinds(self) -> dict[URIRef, TermKind]:
        """Return the kind of every ``nlmg:`` term; a term of no known kind is an error."""
        kinds: dict[URIRef, TermKind] = {}
        for subject in sorted(set(self.graph.subjects()), key=str):
            if not isinstance(subject, URIRef) or not str(subject).startswith(_NLMG):
                continue
            if str(subject) == _NLMG:
                continue
            types = set(self.graph.objects(subject, RDF.type))
            kind = next((k for k in TermKind if k.owl_type in types), None)
            if kind is None:
                raise NlmgGraphError(
                    f"{subject}: not typed as an OWL class, property or named individual, so "
                    "the ontology documentation has no section for it"
                )
            kinds[subject] = kind
        return kinds

    def terms(self, kind: TermKind) -> list[URIRef]:
        """Return the terms of one kind, sorted by local name."""
        return sorted((t for t, k in self.kinds.items() if k is kind), key=_local_key)

    def term(self, iri: URIRef) -> Term:
        """Return the description of one ``nlmg:`` term."""
        kind = self.kinds[iri]
        rows: list[Row] = []
        if kind is TermKind.INDIVIDUAL:
            types = (t for t in self.graph.objects(iri, RDF.type) if t != kind.owl_type)
            rows.append(Row("Type", self.values(types)))
        elif kind is not TermKind.CLASS:
            functional = (iri, RDF.type, OWL.FunctionalProperty) in self.graph
            rows.append(Row("Kind", prose=kind.noun + (", functional" if functional else "")))
        definition = self.text(iri, SKOS.definition)
        if definition:
            rows.append(Row("Definition", prose=definition))
        rows.extend(Row("Note", prose=comment) for comment in self.texts(iri, RDFS.comment))
        if kind is TermKind.CLASS:
            rows.extend(self._class_rows(iri))
        elif kind is not TermKind.INDIVIDUAL:
            rows.extend(self._property_rows(iri))
        rows.extend(self._mapping_rows(iri))
        rows.extend(self._present(("Shapes", self._shapes_about(iri, kind))))
        deprecated = _is_true(self.graph, iri, OWL.deprecated)
        if deprecated:
            replacements = self.values(self.graph.objects(iri, DCTERMS.isReplacedBy))
            if replacements:
                rows.append(Row("Deprecated, replaced by", replacements))
            else:
                rows.append(Row("Deprecated", prose="yes, with no replacement given"))
        local = str(iri)[len(_NLMG) :]
        label = self.text(iri, RDFS.label) or local
        return Term(str(iri), local, self.curie(str(iri)), kind, label, tuple(rows), deprecated)

    @staticmethod
    def _present(*pairs: tuple[str, tuple[Value, ...]]) -> Iterator[Row]:
        """Yield a row for each (name, values) pair that has values."""
        for name, values in pairs:
            if values:
                yield Row(name, values)

    def _class_rows(self, iri: URIRef) -> Iterator[Row]:
        """Yield a class's rows: its super- and subclasses, members, and where it is used."""
        graph = self.graph
        yield from self._present(
            ("Subclass of", self.values(graph.objects(iri, RDFS.subClassOf))),
            ("Subclasses", self.values(graph.subjects(RDFS.subClassOf, iri))),
            ("Members", tuple(self.value(m) for m in self.members(iri))),
            ("Domain of", self.values(graph.subjects(RDFS.domain, iri))),
            ("Range of", self.values(graph.subjects(RDFS.range, iri))),
        )

    def _property_rows(self, iri: URIRef) -> Iterator[Row]:
        """Yield a property's rows: domain, range (declared or not), super- and subproperties."""
        graph = self.graph
        for name, predicate in (("Domain", RDFS.domain), ("Range", RDFS.range)):
            declared = self.values(graph.objects(iri, predicate))
            yield Row(name, declared) if declared else Row(name, prose="not declared")
        yield from self._present(
            ("Subproperty of", self.values(graph.objects(iri, RDFS.subPropertyOf))),
            ("Subproperties", self.values(graph.subjects(RDFS.subPropertyOf, iri))),
        )

    def _mapping_rows(self, iri: URIRef) -> Iterator[Row]:
        """Yield a term's mappings to Wikidata, then those to other vocabularies."""
        wikidata: list[Value] = []
        other: list[Value] = []
        for predicate, relation in _MAPPINGS.items():
            for target in self.graph.objects(iri, predicate):
                if isinstance(target, URIRef):
                    found = wikidata if str(target).startswith(_WIKIDATA) else other
                    found.append(self.value(target, relation))
        yield from self._present(
            ("Wikidata", tuple(sorted(wikidata, key=_value_key))),
            ("Other mappings", tuple(sorted(other, key=_value_key))),
        )

    def members(self, cls: Node) -> list[URIRef]:
        """Return a class's individuals: its ``owl:oneOf`` list in order, then the others."""
        listed: list[URIRef] = []
        for equivalent in self.graph.objects(cls, OWL.equivalentClass):
            if isinstance(equivalent, BNode):
                for items in self.graph.objects(equivalent, OWL.oneOf):
                    listed += [m for m in Collection(self.graph, items) if isinstance(m, URIRef)]
        typed = {m for m in self.graph.subjects(RDF.type, cls) if isinstance(m, URIRef)}
        return listed + sorted(typed - set(listed), key=_local_key)

    # -- shapes -------------------------------------------------------------------------

    def _rules_on(self, prop: Node) -> Iterator[tuple[Node, Node]]:
        """Yield (node shape, property shape) for each property shape whose path is ``prop``."""
        for shape, rule in self.shapes.subject_objects(SH.property):
            if (rule, SH.path, prop) in self.shapes:
                yield shape, rule

    def _shapes_about(self, iri: URIRef, kind: TermKind) -> tuple[Value, ...]:
        """Return the node shapes that target a class, or that constrain a property."""
        if kind is TermKind.CLASS:
            return self.values(self.shapes.subjects(SH.targetClass, iri))
        if kind is TermKind.INDIVIDUAL:
            return ()
        return self.values(shape for shape, _ in self._rules_on(iri))

    def shape_usage(self, prop: Node) -> tuple[set[Node], set[Node]]:
        """Return the classes the shapes use ``prop`` on, and the classes they want as values."""
        domains: set[Node] = set()
        ranges: set[Node] = set()
        for shape, rule in self._rules_on(prop):
            domains.update(self.shapes.objects(shape, SH.targetClass))
            ranges.update(self.shapes.objects(rule, SH["class"]))
            for options in self.shapes.objects(rule, SH["or"]):
                for option in Collection(self.shapes, options):
                    ranges.update(self.shapes.objects(option, SH["class"]))
        return domains, ranges

    def shape(self, iri: URIRef) -> Shape:
        """Return the description of one node shape."""
        shapes = self.shapes
        targets = list(self.values(shapes.objects(iri, SH.targetClass)))
        targets += [
            Value(f"subjects of {v.text}", v.href)
            for v in self.values(shapes.objects(iri, SH.targetSubjectsOf))
        ]
        if (iri, SH.target, None) in shapes:
            targets.append(Value("the nodes that its SPARQL target selects"))
        messages = self.texts(iri, SH.message, shapes)
        for constraint in shapes.objects(iri, SH.sparql):
            messages += self.texts(constraint, SH.message, shapes)
        rules: list[PropertyRule] = []
        for rule in shapes.objects(iri, SH.property):
            path = shapes.value(rule, SH.path)
            if path is not None:
                shown = self.value(path) if isinstance(path, URIRef) else Value("a path expression")
                message = self.text(rule, SH.message, shapes) or ""
                rules.append(PropertyRule(shown, _count(shapes, rule), message))
        rules.sort(key=lambda r: (r.path.text, r.count, r.message))
        local = str(iri)[len(_NLMGSH) :]
        return Shape(
            anchor=local,
            curie=self.curie(str(iri)),
            name=self.text(iri, SH.name, shapes) or local,
            description=self.text(iri, SH.description, shapes),
            targets=tuple(targets),
            closed=_is_true(shapes, iri, SH.closed),
            messages=tuple(sorted(messages)),
            rules=tuple(rules),
        )

    # -- the page -----------------------------------------------------------------------

    def page(self) -> _Page:
        """Return everything the HTML page shows."""
        graph = self.graph
        ontology = URIRef(_NLMG)
        terms = {kind: [self.term(t) for t in self.terms(kind)] for kind in TermKind}
        groups: dict[Node, list[Term]] = {}
        for term in terms[TermKind.INDIVIDUAL]:
            classes = _iris(graph.objects(URIRef(term.iri), RDF.type)) - {OWL.NamedIndividual}
            group = min(classes, key=_local_key, default=OWL.NamedIndividual)
            groups.setdefault(group, []).append(term)
        alignments = sorted(
            (
                Alignment(self.value(s), relation, self.value(o))
                for predicate, relation in _MAPPINGS.items()
                for s, o in graph.subject_objects(predicate)
                if isinstance(s, URIRef) and str(o).startswith(_WIKIDATA)
            ),
            key=lambda a: (_value_key(a.term), a.relation, _value_key(a.target)),
        )
        shapes = [
            self.shape(s)
            for s in sorted(set(self.shapes.subjects(RDF.type, SH.NodeShape)), key=_local_key)
            if isinstance(s, URIRef)
        ]
        metadata = [("IRI", Value(_NLMG, _NLMG))]
        for name, predicate in (
            ("Version IRI", OWL.versionIRI),
            ("Version", OWL.versionInfo),
            ("Licence", DCTERMS.license),
            ("Preferred prefix", VANN.preferredNamespacePrefix),
            ("Namespace", VANN.preferredNamespaceUri),
        ):
            for found in sorted(graph.objects(ontology, predicate), key=str):
                href = str(found) if isinstance(found, URIRef) else None
                metadata.append((name, Value(str(found), href)))
        return _Page(
            title=self.text(ontology, DCTERMS.title) or _NLMG,
            version=self.text(ontology, OWL.versionInfo),
            metadata=tuple(metadata),
            description=self.text(ontology, DCTERMS.description),
            comments=tuple(self.texts(ontology, RDFS.comment)),
            terms=terms,
            individual_groups=[
                (self.value(cls), members)
                for cls, members in sorted(groups.items(), key=lambda item: _local_key(item[0]))
            ],
            alignments=alignments,
            shapes=shapes,
            namespaces=sorted((p, _PREFIXES[p]) for p in self.used_prefixes),
            anchors=_unique_anchors(terms, shapes),
        )


def _count(shapes: Graph, rule: Node) -> str:
    """Return how many values a property shape allows: ``1``, ``0..1``, ``1..*``..."""
    low = shapes.value(rule, SH.minCount)
    high = shapes.value(rule, SH.maxCount)
    low_text = "0" if low is None else str(low)
    high_text = "*" if high is None else str(high)
    return low_text if low_text == high_text else f"{low_text}..{high_text}"


def _unique_anchors(terms: dict[TermKind, list[Term]], shapes: list[Shape]) -> frozenset[str]:
    """Return the page's anchors, after checking that no two are the same.

    Raises:
        NlmgGraphError: two anchors are the same (a term named like a section or a shape).
    """
    anchors = [*_OTHER_SECTIONS, *(k.anchor for k in TermKind)]
    anchors += [t.anchor for kind_terms in terms.values() for t in kind_terms]
    anchors += [s.anchor for s in shapes]
    seen: set[str] = set()
    for anchor in anchors:
        if anchor in seen:
            raise NlmgGraphError(f"two parts of the ontology page would have the anchor #{anchor}")
        seen.add(anchor)
    return frozenset(seen)


def _reader(ontology: Graph | None, shapes: Graph | None) -> _Reader:
    """Return a reader of the given graphs, the packaged ones standing in for those not given."""
    if ontology is None:
        ontology = Graph()
        for source in _resources.ontology_files():
            ontology += parse_file(source)
    if shapes is None:
        shapes = parse_file(_resources.shapes_file())
    return _Reader(ontology, shapes)


# -- the HTML page ------------------------------------------------------------------------

_TEMPLATE = """\
{% macro describe(term, level) %}
<article class="term" id="{{ term.anchor }}">
<h{{ level }}>{{ term.label }}<code>{{ term.curie }}</code>
{%- if term.deprecated %}<span class="badge">deprecated</span>{% endif %}</h{{ level }}>
<dl class="rows">
<dt>IRI</dt><dd><code>{{ term.iri }}</code></dd>
{% for row in term.rows %}
<dt>{{ row.name }}</dt><dd>
{%- if row.prose is not none %}{{ row.prose | prose }}
{%- else %}{{ row.values | values }}{% endif -%}
</dd>
{% endfor %}
</dl>
</article>
{% endmacro %}
<!-- Generated from {{ sources }} by `{{ regenerate }}`; do not edit by hand. -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}{% if page.version %} {{ page.version }}{% endif %}</title>
<style>
body { color: #1d1d1f; font-family: system-ui, sans-serif; line-height: 1.45; margin: 0 auto;
  max-width: 62rem; padding: 0 1rem 4rem; }
h2 { border-bottom: 2px solid #ccd6e0; margin-top: 3rem; padding-bottom: .2rem; }
article h3, article h4 { margin: 0 0 .4rem; }
article h3 code, article h4 code { color: #555; font-weight: normal; margin-left: .5rem; }
a { color: #0b5394; }
article { border: 1px solid #dde3ea; border-radius: 4px; margin: 1rem 0; padding: .7rem 1rem; }
article:target { border-color: #0b5394; box-shadow: 0 0 0 2px #9fc5e8; }
dl.rows { display: grid; gap: .25rem 1rem; grid-template-columns: 10rem 1fr; margin: 0; }
dl.rows dt { color: #555; font-weight: 600; }
dl.rows dd { margin: 0; }
.badge { background: #b45f06; border-radius: 3px; color: #fff; font-size: .75rem;
  margin-left: .5rem; padding: .05rem .35rem; vertical-align: middle; }
nav ul { columns: 3 13rem; list-style: none; padding-left: 1rem; }
nav li.deprecated a { text-decoration: line-through; }
table { border-collapse: collapse; margin-top: .5rem; width: 100%; }
th, td { border-bottom: 1px solid #dde3ea; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
.diagram { border: 1px solid #dde3ea; }
.diagram object { display: block; height: auto; width: 100%; }
</style>
</head>
<body>
<header>
<h1>{{ page.title }}</h1>
<dl class="rows">
{% for name, item in page.metadata %}
<dt>{{ name }}</dt><dd>{{ item | value }}</dd>
{% endfor %}
</dl>
{% if page.description %}
<p>{{ page.description | prose }}</p>
{% endif %}
{% for comment in page.comments %}
<p>{{ comment | prose }}</p>
{% endfor %}
</header>
<nav id="contents" aria-label="Contents">
<h2>Contents</h2>
<ol>
<li><a href="#diagram">Diagram</a></li>
{% for kind in kinds if page.terms[kind] %}
<li><a href="#{{ kind.anchor }}">{{ kind.heading }}</a> ({{ page.terms[kind] | length }})
<ul>
{% for term in page.terms[kind] %}
<li{% if term.deprecated %} class="deprecated"{% endif %}>{{ term.link | value }}</li>
{% endfor %}
</ul>
</li>
{% endfor %}
<li><a href="#wikidata">Wikidata alignment</a> ({{ page.alignments | length }})</li>
<li><a href="#deprecated">Deprecated terms</a> ({{ deprecated | length }})</li>
<li><a href="#shapes">Shapes</a> ({{ page.shapes | length }})</li>
<li><a href="#namespaces">Namespaces</a></li>
</ol>
</nav>
<main>
<section id="diagram">
<h2>Diagram</h2>
<p>The classes and how they relate. Boxes with a blue heading are <code>nlmg:</code> classes,
with their datatype properties and, for value classes, their members; grey boxes are classes of
other vocabularies. An arrow with a hollow head goes from a class to its superclass. A labelled
arrow is an object property, from its domain to its range; it is dashed where the property
declares no domain or no range and the arrow shows the classes the SHACL shapes use it with.
Select a box or a label to go to its description.</p>
<div class="diagram">
<object data="{{ svg_name }}" type="image/svg+xml" title="Class diagram of the ontology">
<a href="{{ svg_name }}">The class diagram (SVG)</a>
</object>
</div>
<p>Open <a href="{{ svg_name }}">{{ svg_name }}</a> to see the diagram at full size. Graphviz
(<code>dot -Tsvg</code>) renders it from <a href="{{ dot_name }}">{{ dot_name }}</a>.</p>
</section>
{% for kind in kinds if page.terms[kind] %}
<section id="{{ kind.anchor }}">
<h2>{{ kind.heading }}</h2>
{% if kind.name == "INDIVIDUAL" %}
<p>The members of the value classes, grouped by class.</p>
{% for cls, members in page.individual_groups %}
<h3>{{ cls | value }}</h3>
{% for term in members %}{{ describe(term, 4) }}{% endfor %}
{% endfor %}
{% else %}
{% for term in page.terms[kind] %}{{ describe(term, 3) }}{% endfor %}
{% endif %}
</section>
{% endfor %}
<section id="wikidata">
<h2>Wikidata alignment</h2>
<p>Each mapping of a term to Wikidata, for the project's own terms and for the schema.org terms
it reuses.</p>
<table>
<thead><tr><th>Term</th><th>Relation</th><th>Wikidata</th></tr></thead>
<tbody>
{% for a in page.alignments %}
<tr><td>{{ a.term | value }}</td><td>{{ a.relation }}</td><td>{{ a.target | value }}</td></tr>
{% endfor %}
</tbody>
</table>
</section>
<section id="deprecated">
<h2>Deprecated terms</h2>
{% if deprecated %}
<p>Terms marked <code>owl:deprecated true</code>: kept so that existing data still reads, not to
be used in new data.</p>
<ul>
{% for term in deprecated %}
<li>{{ term.link | value }}</li>
{% endfor %}
</ul>
{% else %}
<p>None: no term of {{ "version " ~ page.version if page.version else "this version" }} is
deprecated.</p>
{% endif %}
</section>
<section id="shapes">
<h2>Shapes</h2>
<p>The SHACL node shapes that data must conform to. For each property shape: how many values it
allows and the rule, as its violation message states it.</p>
{% for shape in page.shapes %}
<article class="shape" id="{{ shape.anchor }}">
<h3>{{ shape.name }}<code>{{ shape.curie }}</code></h3>
<dl class="rows">
{% if shape.description %}
<dt>Description</dt><dd>{{ shape.description | prose }}</dd>
{% endif %}
<dt>Applies to</dt><dd>{{ shape.targets | values }}</dd>
{% if shape.closed %}
<dt>Closed</dt><dd>yes: properties other than those listed are violations</dd>
{% endif %}
{% for message in shape.messages %}
<dt>Rule</dt><dd>{{ message | prose }}</dd>
{% endfor %}
</dl>
{% if shape.rules %}
<table>
<thead><tr><th>Property</th><th>Values</th><th>Rule</th></tr></thead>
<tbody>
{% for rule in shape.rules %}
<tr><td>{{ rule.path | value }}</td><td>{{ rule.count }}</td>
<td>{{ rule.message | prose }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
</article>
{% endfor %}
</section>
<section id="namespaces">
<h2>Namespaces</h2>
<table>
<thead><tr><th>Prefix</th><th>Namespace</th></tr></thead>
<tbody>
{% for prefix, namespace in page.namespaces %}
<tr><td><code>{{ prefix }}</code></td><td><code>{{ namespace }}</code></td></tr>
{% endfor %}
</tbody>
</table>
</section>
</main>
</body>
</html>
"""


def _render_value(value: Value) -> Markup:
    """Render a value: its name in ``<code>``, linked, with its note after it."""
    text = Markup("<code>{}</code>").format(value.text)
    if value.href:
        text = Markup('<a href="{}">{}</a>').format(value.href, text)
    if value.note:
        text += Markup(" ({})").format(value.note)
    return text


def _render_values(values: Iterable[Value]) -> Markup:
    """Render values separated by commas."""
    return Markup(", ").join(_render_value(v) for v in values)


def _prose(text: str, anchors: frozenset[str]) -> Markup:
    """Escape ``text`` and link the prefixed names in it (own terms to their anchors)."""

    def link(match: re.Match[str]) -> str:
        prefix, local = match.groups()
        name = f"<code>{prefix}:{local}</code>"
        if prefix == "nlmg" and local in anchors:
            return f'<a href="#{local}">{name}</a>'
        if prefix == "schema":
            return f'<a href="{_PREFIXES["schema"]}{local}">{name}</a>'
        return name if prefix in _PREFIXES else match.group(0)

    return Markup(_NAME_IN_PROSE.sub(link, str(escape(text))))


def ontology_html(ontology: Graph | None = None, shapes: Graph | None = None) -> str:
    """Return the HTML page documenting the ontology and the shapes.

    Args:
        ontology: the ontology graph (default: the packaged ``ontology/nlmg.ttl``).
        shapes: the SHACL shapes graph (default: the packaged ``ontology/shapes.ttl``).

    Raises:
        NlmgGraphError: an ``nlmg:`` term has no OWL type, or two anchors of the page clash.

    >>> '<article class="term" id="castRole">' in ontology_html()
    True
    """
    page = _reader(ontology, shapes).page()
    environment = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["value"] = _render_value
    environment.filters["values"] = _render_values
    environment.filters["prose"] = lambda text: _prose(text, page.anchors)
    deprecated = [t for kind in TermKind for t in page.terms[kind] if t.deprecated]
    return environment.from_string(_TEMPLATE).render(
        page=page,
        kinds=list(TermKind),
        deprecated=sorted(deprecated, key=lambda t: (t.anchor.casefold(), t.anchor)),
        sources=_SOURCES,
        regenerate=_REGENERATE_SHORT,
        svg_name=SVG_NAME,
        dot_name=DOT_NAME,
    )


# -- the diagram --------------------------------------------------------------------------


def _quote(text: str) -> str:
    """Quote ``text`` as a DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _box(name: str, *, own: bool, attributes: Sequence[str], members: Sequence[str]) -> str:
    """Return a class box as a DOT HTML-like label: the name, then its rows of text."""
    colour = "#cfe2f3" if own else "#eeeeee"
    cells = [f'<tr><td bgcolor="{colour}"><b>{html.escape(name)}</b></td></tr>']
    for heading, lines in (("", attributes), ('<i>one of</i><br align="left"/>', members)):
        if lines:
            text = "".join(f'{html.escape(line)}<br align="left"/>' for line in lines)
            cells.append(f'<tr><td align="left" balign="left">{heading}{text}</td></tr>')
    rows = "".join(cells)
    return f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="4">{rows}</table>>'


def _edges(reader: _Reader, drawn: set[URIRef]) -> list[_Edge]:
    """Return the diagram's arrows: subclass links and object properties.

    A property with no declared domain or range takes the classes the shapes use it with,
    among the classes already drawn.
    """
    graph = reader.graph
    edges = [
        _Edge(reader.curie(str(cls)), reader.curie(str(parent)))
        for cls in reader.terms(TermKind.CLASS)
        for parent in _iris(graph.objects(cls, RDFS.subClassOf))
    ]
    for prop in reader.terms(TermKind.OBJECT_PROPERTY):
        domains = _iris(graph.objects(prop, RDFS.domain))
        ranges = _iris(graph.objects(prop, RDFS.range))
        from_shapes = not (domains and ranges)
        if from_shapes:
            used_on, used_with = reader.shape_usage(prop)
            domains = domains or (_iris(used_on) & drawn)
            ranges = ranges or (_iris(used_with) & drawn)
        edges += [
            _Edge(reader.curie(str(d)), reader.curie(str(r)), str(prop)[len(_NLMG) :], from_shapes)
            for d in domains
            for r in ranges
        ]
    return sorted(edges, key=lambda e: (e.label or "", e.tail, e.head))


def ontology_dot(ontology: Graph | None = None, shapes: Graph | None = None) -> str:
    """Return the class diagram of the ontology as a Graphviz DOT graph.

    The boxes are the ``nlmg:`` classes, with their datatype properties and members, and the
    classes of other vocabularies that the ontology relates them to. Arrows go from a class to
    its superclass, and from an object property's domain to its range.

    Args:
        ontology: the ontology graph (default: the packaged ``ontology/nlmg.ttl``).
        shapes: the SHACL shapes graph (default: the packaged ``ontology/shapes.ttl``).

    >>> ontology_dot().startswith("// Generated from")
    True
    """
    reader = _reader(ontology, shapes)
    graph = reader.graph
    own = set(reader.terms(TermKind.CLASS))
    drawn = own | {p for c in own for p in _iris(graph.objects(c, RDFS.subClassOf))}
    for prop in reader.terms(TermKind.OBJECT_PROPERTY):
        drawn |= _iris(graph.objects(prop, RDFS.domain)) | _iris(graph.objects(prop, RDFS.range))
    attributes: dict[URIRef, list[str]] = {}
    for prop in reader.terms(TermKind.DATATYPE_PROPERTY):
        ranges = ", ".join(sorted(reader.curie(r) for r in _iris(graph.objects(prop, RDFS.range))))
        for domain in _iris(graph.objects(prop, RDFS.domain)):
            drawn.add(domain)
            attributes.setdefault(domain, []).append(f"{prop[len(_NLMG) :]} : {ranges or 'any'}")
    lines = [
        f"// Generated from {_SOURCES} by `{_REGENERATE_SHORT}`; do not edit by hand.",
        f"// Graphviz renders it to {SVG_NAME}: dot -Tsvg {DOT_NAME}",
        "digraph nlmg {",
        f'    graph [rankdir=LR, nodesep=0.3, ranksep=0.8, fontname="{_FONT}", fontsize=12,',
        '        label="Classes of the nlmg ontology. Hollow arrow: subclass of. Labelled arrow: '
        'object property from domain to range, dashed where taken from the SHACL shapes."];',
        f'    node [shape=plain, fontname="{_FONT}", fontsize=10];',
        f'    edge [fontname="{_FONT}", fontsize=9, color="#555555"];',
        "",
    ]
    for node in sorted(drawn, key=lambda n: reader.curie(str(n))):
        curie = reader.curie(str(node))
        is_own = node in own
        name = curie.removeprefix("nlmg:") if is_own else curie
        members = [reader.curie(str(m)).removeprefix("nlmg:") for m in reader.members(node)]
        label = _box(
            name,
            own=is_own,
            attributes=sorted(attributes.get(node, [])),
            members=members if is_own else [],
        )
        url = f"{HTML_NAME}#{name}" if is_own else str(node)
        tooltip = reader.text(node, RDFS.label) or name
        lines.append(
            f"    {_quote(curie)} [label={label}, URL={_quote(url)}, target=_top, "
            f"tooltip={_quote(tooltip)}];"
        )
    lines.append("")
    for edge in _edges(reader, drawn):
        if edge.label is None:
            style = "arrowhead=empty"
        else:
            style = (
                f"label={_quote(edge.label)}, URL={_quote(f'{HTML_NAME}#{edge.label}')}, "
                f"target=_top, tooltip={_quote('nlmg:' + edge.label)}"
            )
            style += ", style=dashed" if edge.from_shapes else ""
        lines.append(f"    {_quote(edge.tail)} -> {_quote(edge.head)} [{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- the SVG and the files ----------------------------------------------------------------


def dot_digest(dot: str) -> str:
    """Return the SHA-256 of a DOT text, as the rendered SVG records it."""
    return hashlib.sha256(dot.encode("utf-8")).hexdigest()


def ontology_svg(dot: str) -> str:
    """Render a DOT graph to SVG with Graphviz's ``dot``, noting where it came from.

    A comment after the XML declaration names the command and the SHA-256 of ``dot``, so a
    stale SVG shows without Graphviz at hand.

    Raises:
        NlmgGraphError: ``dot`` is not installed or fails.
    """
    program = shutil.which("dot")
    if program is None:
        raise NlmgGraphError(
            "the diagram needs Graphviz's dot program (Debian: apt-get install graphviz)"
        )
    done = subprocess.run(
        [program, "-Tsvg"], input=dot, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if done.returncode != 0:
        raise NlmgGraphError(f"dot failed: {done.stderr.strip()}")
    note = (
        f"<!-- Generated from {DOT_NAME} (sha256 {dot_digest(dot)}) by "
        f"`{_REGENERATE_SHORT}` with Graphviz; do not edit by hand. -->"
    )
    declaration, _, rest = done.stdout.partition("\n")
    if declaration.startswith("<?xml"):
        return f"{declaration}\n{note}\n{rest}"
    return f"{note}\n{done.stdout}"


def write_ontology_docs(folder: str | Path) -> list[Path]:
    """Write the ontology page, the diagram's DOT source and its SVG into ``folder``.

    Everything is rendered before anything is written, and the three files are written all or
    nothing.

    Returns:
        The paths written.

    Raises:
        NlmgGraphError: ``dot`` is missing or fails, or a file cannot be written.
    """
    reader = _reader(None, None)
    page = ontology_html(reader.graph, reader.shapes)
    dot = ontology_dot(reader.graph, reader.shapes)
    files = {HTML_NAME: page, DOT_NAME: dot, SVG_NAME: ontology_svg(dot)}
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    write_files_atomically(target, files)
    return [target / name for name in files]


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the documentation: ``python -m nlmg_graph.ontology_docs --output docs/``.

    Returns:
        The exit code: 0 when written, 1 on an error (told on standard error).
    """
    parser = argparse.ArgumentParser(
        prog="python -m nlmg_graph.ontology_docs",
        description="Write the ontology's HTML page and class diagram (DOT and SVG).",
    )
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write to")
    args = parser.parse_args(argv)
    try:
        written = write_ontology_docs(args.output)
    except NlmgGraphError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
