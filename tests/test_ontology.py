"""Tests for ontology/nlmg.ttl and for the NLMG namespace class that mirrors it.

The ontology is the source of truth for the ``nlmg:`` vocabulary. These tests check that it is
versioned and documented, that ``nlmg_graph.namespaces.NLMG`` lists exactly its terms, that
every ``nlmg:`` IRI used in the data and the shapes is one of them (this is how a typo such as
``nlmg:castrole`` is caught), and that its Wikidata alignments point at known property ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources.abc import Traversable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from nlmg_graph import _resources
from nlmg_graph.namespaces import (
    BASE,
    GRAPH_CLAIMS,
    GRAPH_DATA,
    GRAPH_ONTOLOGY,
    NLMG,
    PREFIXES,
    SCHEMA,
)

NLMG_IRI = str(NLMG)
ONTOLOGY = URIRef(NLMG_IRI)
ONTOLOGY_FILE_NAME = "nlmg.ttl"
WIKIDATA = "http://www.wikidata.org/"
WDT = WIKIDATA + "prop/direct/"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"

# The Wikidata property ids confirmed in shared/reference/wikidata-properties.md (48 ids, each
# seen written next to its English label in a cited source). An alignment may only use these.
WIKIDATA_PROPERTY_IDS = frozenset(
    {
        "P17",  # country
        "P19",  # place of birth
        "P31",  # instance of
        "P50",  # author
        "P57",  # director
        "P58",  # screenwriter
        "P86",  # composer
        "P123",  # publisher
        "P131",  # located in the administrative territorial entity
        "P136",  # genre
        "P144",  # based on
        "P161",  # cast member
        "P162",  # producer
        "P166",  # award received
        "P175",  # performer
        "P248",  # stated in
        "P272",  # production company
        "P291",  # place of publication
        "P344",  # director of photography
        "P345",  # IMDb ID
        "P364",  # original language of film or TV show
        "P444",  # review score
        "P447",  # review score by
        "P453",  # character role
        "P459",  # determination method
        "P495",  # country of origin
        "P569",  # date of birth
        "P577",  # publication date
        "P585",  # point in time
        "P674",  # characters
        "P750",  # distributed by
        "P805",  # statement is subject of
        "P813",  # retrieved
        "P840",  # narrative location
        "P854",  # reference URL
        "P915",  # filming location
        "P921",  # main subject
        "P1040",  # film editor
        "P1411",  # nominated for
        "P1441",  # present in work
        "P1657",  # MPA film rating
        "P1686",  # for work
        "P2047",  # duration
        "P2130",  # cost
        "P2142",  # box office
        "P2241",  # reason for deprecated rank
        "P2554",  # production designer
        "P4633",  # name of the character role
    }
)

# rdf:type values that declare an nlmg: term; each term has exactly one of them.
DECLARATIONS = frozenset({OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual})
LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")

# Value nodes (docs/MODEL.md): exactly these classes are subclasses of nlmg:QualifiedValue.
QUALIFIED_VALUE_CLASSES = frozenset(
    {
        NLMG.AwardNomination,
        NLMG.CastRole,
        NLMG.Certification,
        NLMG.CrewRole,
        NLMG.FaqAnswer,
        NLMG.FaqEntry,
        NLMG.FilmingLocation,
        NLMG.MoneyAmount,
        NLMG.Release,
        NLMG.ReviewScore,
        NLMG.WatchOffer,
        NLMG.WorkRelation,
    }
)


def _parse(resource: Traversable) -> Graph:
    """Parse one packaged Turtle file, failing the test with the file's name on a syntax error."""
    graph = Graph()
    try:
        graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        pytest.fail(f"{resource.name} does not parse as Turtle: {exc}")
    return graph


def _ontology_file() -> Traversable:
    matches = [f for f in _resources.ontology_files() if f.name == ONTOLOGY_FILE_NAME]
    assert len(matches) == 1, f"expected one {ONTOLOGY_FILE_NAME} among ontology_files(): {matches}"
    return matches[0]


def _files_using_nlmg_terms() -> list[Traversable]:
    """The ontology itself, every data file and, once it exists, the shapes file."""
    files = [_ontology_file(), *_resources.data_files()]
    shapes = _resources.shapes_file()
    if shapes.is_file():
        files.append(shapes)
    return files


def _version_iris(graph: Graph) -> set[URIRef]:
    return {o for o in graph.objects(ONTOLOGY, OWL.versionIRI) if isinstance(o, URIRef)}


def _defined_terms(graph: Graph) -> set[URIRef]:
    """Every IRI of the nlmg: namespace that the ontology says something about."""
    not_terms = {ONTOLOGY, *_version_iris(graph)}
    return {
        s
        for s in graph.subjects(unique=True)
        if isinstance(s, URIRef) and s.startswith(NLMG_IRI) and s not in not_terms
    }


def _local(term: URIRef) -> str:
    return term[len(NLMG_IRI) :]


def _show(nodes: Iterable[Node]) -> str:
    return ", ".join(sorted(str(n) for n in nodes)) or "(none)"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(_ontology_file())


@pytest.fixture(scope="module")
def terms(ontology: Graph) -> set[URIRef]:
    defined = _defined_terms(ontology)
    assert defined, "the ontology defines no nlmg: terms"
    return defined


def test_ontology_is_declared_and_versioned(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology, f"{ONTOLOGY} is not an owl:Ontology"
    infos = list(ontology.objects(ONTOLOGY, OWL.versionInfo))
    assert len(infos) == 1, f"expected one owl:versionInfo, found {infos}"
    iris = _version_iris(ontology)
    assert len(iris) == 1, f"expected one owl:versionIRI, found {iris}"
    expected = URIRef(f"{NLMG_IRI}{infos[0]}/")
    assert iris == {expected}, f"owl:versionIRI {iris} does not match owl:versionInfo {infos[0]}"
    licences = list(ontology.objects(ONTOLOGY, URIRef("http://purl.org/dc/terms/license")))
    assert len(licences) == 1, f"expected one dcterms:license, found {licences}"


def test_every_term_is_declared_once(ontology: Graph, terms: set[URIRef]) -> None:
    problems = []
    for term in sorted(terms):
        if not LOCAL_NAME.match(_local(term)):
            problems.append(f"{term}: local name is not alphanumeric")
        declared = set(ontology.objects(term, RDF.type)) & DECLARATIONS
        if len(declared) != 1:
            problems.append(f"{term}: declared as {_show(declared)}, expected exactly one")
    assert not problems, "\n".join(problems)


def test_every_term_is_documented(ontology: Graph, terms: set[URIRef]) -> None:
    problems = []
    for term in sorted(terms):
        for predicate in (RDFS.label, SKOS.definition):
            values = list(ontology.objects(term, predicate))
            english = [v for v in values if isinstance(v, Literal) and v.language == "en"]
            if len(values) != 1 or len(english) != 1:
                problems.append(f"{term}: {predicate} is {values}, expected exactly one @en")
        defined_by = set(ontology.objects(term, RDFS.isDefinedBy))
        if defined_by != {ONTOLOGY}:
            problems.append(f"{term}: rdfs:isDefinedBy is {_show(defined_by)}")
    assert not problems, "\n".join(problems)


def test_namespace_class_lists_exactly_the_ontology_terms(terms: set[URIRef]) -> None:
    in_ontology = {_local(t) for t in terms}
    in_namespace = set(NLMG.__annotations__)
    missing = sorted(in_ontology - in_namespace)
    extra = sorted(in_namespace - in_ontology)
    assert not missing and not extra, (
        f"namespaces.NLMG is out of step with {ONTOLOGY_FILE_NAME}: "
        f"missing from NLMG: {missing}; in NLMG but not in the ontology: {extra}"
    )


def test_namespace_class_is_closed() -> None:
    assert NLMG.castRole == URIRef(NLMG_IRI + "castRole")
    with pytest.raises(AttributeError):
        _ = NLMG.castrole


@pytest.mark.parametrize("resource", _files_using_nlmg_terms(), ids=lambda r: r.name)
def test_nlmg_terms_used_are_defined(resource: Traversable, ontology: Graph) -> None:
    allowed = _defined_terms(ontology) | {ONTOLOGY} | _version_iris(ontology)
    graph = _parse(resource)
    undefined: dict[URIRef, list[str]] = {}
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and node.startswith(NLMG_IRI) and node not in allowed:
                undefined.setdefault(node, []).append(" ".join(n.n3() for n in triple))
    detail = "\n".join(
        f"{term} (e.g. in: {examples[0]})" for term, examples in sorted(undefined.items())
    )
    assert not undefined, (
        f"{resource.name} uses nlmg: terms the ontology does not define:\n{detail}"
    )


def test_wikidata_alignments_use_confirmed_property_ids(ontology: Graph) -> None:
    problems = []
    alignments = 0
    for s, p, o in ontology:
        if not (isinstance(o, URIRef) and o.startswith(WIKIDATA)):
            continue
        alignments += 1
        if p not in (SKOS.closeMatch, OWL.equivalentProperty):
            problems.append(f"{s} {p} {o}: use skos:closeMatch or owl:equivalentProperty")
        pid = o[len(WDT) :] if o.startswith(WDT) else None
        if pid not in WIKIDATA_PROPERTY_IDS:
            problems.append(f"{s} -> {o}: not a wdt: IRI of a confirmed property id")
    assert not problems, "\n".join(problems)
    assert alignments, "the ontology has no Wikidata alignments"


def test_value_classes_enumerate_exactly_their_individuals(ontology: Graph) -> None:
    problems = []
    enumerated: set[Node] = set()
    for cls in sorted(set(ontology.subjects(OWL.equivalentClass, None))):
        for expression in ontology.objects(cls, OWL.equivalentClass):
            for head in ontology.objects(expression, OWL.oneOf):
                listed = set(Collection(ontology, head))
                typed = set(ontology.subjects(RDF.type, cls))
                enumerated |= typed
                if listed != typed:
                    problems.append(
                        f"{cls}: owl:oneOf lists {_show(listed)}, typed are {_show(typed)}"
                    )
    individuals = set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    if individuals - enumerated:
        problems.append(f"individuals in no value class: {_show(individuals - enumerated)}")
    assert not problems, "\n".join(problems)


def test_qualified_value_classes(ontology: Graph) -> None:
    subclasses = set(ontology.subjects(RDFS.subClassOf, NLMG.QualifiedValue))
    assert subclasses == QUALIFIED_VALUE_CLASSES, (
        f"unexpected: {_show(subclasses - QUALIFIED_VALUE_CLASSES)}; "
        f"missing: {_show(QUALIFIED_VALUE_CLASSES - subclasses)}"
    )


def test_every_value_class_is_a_direct_subclass(ontology: Graph) -> None:
    """The stored queries match value classes with a plain ``rdfs:subClassOf``.

    Virtuoso evaluates no property path inside ``MINUS`` or ``FILTER NOT EXISTS``, so the
    ontology keeps the closure written out: whatever is below nlmg:QualifiedValue is its
    direct subclass.
    """
    below = set(ontology.transitive_subjects(RDFS.subClassOf, NLMG.QualifiedValue))
    direct = set(ontology.subjects(RDFS.subClassOf, NLMG.QualifiedValue))
    assert below - {NLMG.QualifiedValue} == direct


def test_property_ranges_match_their_kind(ontology: Graph) -> None:
    problems = []
    literal_ranges = {RDF.langString, RDFS.Literal}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.DatatypeProperty))):
        for rng in ontology.objects(prop, RDFS.range):
            if not (rng in literal_ranges or str(rng).startswith(XSD_IRI)):
                problems.append(f"datatype property {prop} has non-literal range {rng}")
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty))):
        for rng in ontology.objects(prop, RDFS.range):
            if rng in literal_ranges or str(rng).startswith(XSD_IRI):
                problems.append(f"object property {prop} has literal range {rng}")
            elif rng.startswith(NLMG_IRI) and (rng, RDF.type, OWL.Class) not in ontology:
                problems.append(f"object property {prop} has range {rng}, not a declared class")
    assert not problems, "\n".join(problems)


def test_prefixes_cover_the_minted_namespaces() -> None:
    assert PREFIXES["nlmg"] == NLMG_IRI, PREFIXES["nlmg"]
    assert PREFIXES["schema"] == SCHEMA, PREFIXES["schema"]
    namespaces = [str(ns) for ns in PREFIXES.values()]
    assert len(set(namespaces)) == len(namespaces), f"two prefixes share a namespace: {PREFIXES}"
    for prefix, ns in PREFIXES.items():
        if prefix not in {"schema", "skos"}:
            assert ns.startswith(BASE) and ns.endswith("/"), f"{prefix}: {ns} is not under {BASE}"
    for graph_iri in (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_CLAIMS):
        assert graph_iri.startswith(BASE + "graph/"), graph_iri


def test_ontology_version_is_the_package_version(ontology: Graph) -> None:
    """The ontology ships inside the package, so the two versions move together."""
    import nlmg_graph

    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == nlmg_graph.__version__
