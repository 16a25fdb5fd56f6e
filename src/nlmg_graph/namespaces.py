"""RDF namespaces of nlmg-graph: the closed ``NLMG`` vocabulary and the IRI namespaces.

``NLMG`` lists every term of ``ontology/nlmg.ttl`` (classes, properties and individuals of
the ``nlmg:`` namespace), so a typo in a term name fails at import time instead of minting a
stray IRI. The ontology file is the source of truth: ``tests/test_ontology.py`` fails when
the two disagree. The other constants are the namespaces under which the data's entities are
minted (see ``docs/MODEL.md``), the named graphs of a TriG export, and ``PREFIXES``, the
prefix bindings used when serialising.

Example:
    >>> from nlmg_graph.namespaces import NLMG, WORK
    >>> NLMG.castRole
    rdflib.term.URIRef('https://w3id.org/nlmg/ontology/castRole')
    >>> WORK["never-let-me-go-2010"]
    rdflib.term.URIRef('https://w3id.org/nlmg/work/never-let-me-go-2010')

"""

import rdflib.namespace
from rdflib.namespace import Namespace
from rdflib.term import URIRef

from nlmg_graph import iris

__all__ = [
    "AMOUNT",
    "AWARD",
    "BASE",
    "CHARACTER",
    "CLAIM",
    "CONCEPT",
    "DIFFERENCE",
    "EVENT",
    "FAQ",
    "FILMING",
    "GRAPH_CLAIMS",
    "GRAPH_DATA",
    "GRAPH_ONTOLOGY",
    "NLMG",
    "NLMGSH",
    "OBJECT",
    "OFFER",
    "ORG",
    "PERSON",
    "PLACE",
    "PREFIXES",
    "RELATION",
    "ROLE",
    "SCHEMA",
    "SCORE",
    "SOURCE",
    "THEME",
    "WORK",
]

BASE = Namespace(iris.BASE)
"""The base under which every IRI the project mints lives."""


class NLMG(rdflib.namespace.DefinedNamespace):
    """The nlmg-graph ontology: the project's own classes, properties and individuals.

    Closed (``_fail = True``): an attribute that is not a term of ``ontology/nlmg.ttl``
    raises ``AttributeError``. One line per term, commented with its ``rdfs:label``, grouped
    by kind and sorted as in the ontology file.
    """

    _NS = Namespace(iris.PREFIXES["nlmg"])
    _fail = True

    # owl:Class
    AdaptationDifference: URIRef  # adaptation difference
    Availability: URIRef  # availability
    AwardCategory: URIRef  # award category
    AwardNomination: URIRef  # award nomination
    CastRole: URIRef  # cast role
    Certification: URIRef  # certification
    Claim: URIRef  # claim
    CrewFunction: URIRef  # crew function
    CrewRole: URIRef  # crew role
    FaqAnswer: URIRef  # FAQ answer
    FaqEntry: URIRef  # FAQ entry
    FictionalCharacter: URIRef  # fictional character
    FictionalPlace: URIRef  # fictional place
    FilmingLocation: URIRef  # filming location
    LifeStage: URIRef  # life stage
    MoneyAmount: URIRef  # money amount
    OfferType: URIRef  # offer type
    Outcome: URIRef  # outcome
    QualifiedValue: URIRef  # qualified value
    Rank: URIRef  # rank
    RelationType: URIRef  # relation type
    Release: URIRef  # release
    ReleaseKind: URIRef  # release kind
    ReviewScore: URIRef  # review score
    ScoreMethod: URIRef  # score method
    Source: URIRef  # source
    VerificationStatus: URIRef  # verification status
    WatchOffer: URIRef  # watch offer
    WorkRelation: URIRef  # work relation

    # owl:ObjectProperty
    adaptationDifference: URIRef  # adaptation difference
    atEvent: URIRef  # at event
    availability: URIRef  # availability
    awardBody: URIRef  # award body
    awardCategory: URIRef  # award category
    boxOffice: URIRef  # box office
    budget: URIRef  # budget
    castRole: URIRef  # cast role
    certification: URIRef  # certification
    character: URIRef  # character
    contradictedBy: URIRef  # contradicted by
    creditedPerson: URIRef  # credited person
    crewFunction: URIRef  # crew function
    crewRole: URIRef  # crew role
    depicts: URIRef  # depicts
    distributor: URIRef  # distributor
    film: URIRef  # film
    filmingLocation: URIRef  # filming location
    lifeStage: URIRef  # life stage
    narrativeLocation: URIRef  # narrative location
    narrator: URIRef  # narrator
    nomination: URIRef  # nomination
    nominee: URIRef  # nominee
    notableWork: URIRef  # notable work
    novel: URIRef  # novel
    offerType: URIRef  # offer type
    outcome: URIRef  # outcome
    place: URIRef  # place
    presentInWork: URIRef  # present in work
    rank: URIRef  # rank
    relatedTo: URIRef  # related to
    relatedWork: URIRef  # related work
    relationType: URIRef  # relation type
    release: URIRef  # release
    releaseKind: URIRef  # release kind
    releaseRegion: URIRef  # release region
    reviewScore: URIRef  # review score
    scoreMethod: URIRef  # score method
    statedIn: URIRef  # stated in
    theme: URIRef  # theme
    verification: URIRef  # verification

    # owl:DatatypeProperty
    approximate: URIRef  # approximate
    aspect: URIRef  # aspect
    awardYear: URIRef  # award year
    billingOrder: URIRef  # billing order
    builtInCentury: URIRef  # built in century
    deprecationReason: URIRef  # deprecation reason
    imdbId: URIRef  # IMDb ID
    inFilm: URIRef  # in film
    inNovel: URIRef  # in novel
    observedOn: URIRef  # observed on
    position: URIRef  # position
    principalPhotographyStart: URIRef  # principal photography start
    releaseYear: URIRef  # release year
    screenCount: URIRef  # screen count
    sourceSection: URIRef  # source section
    videoFormat: URIRef  # video format

    # owl:NamedIndividual
    Occasional: URIRef  # occasional
    Rotating: URIRef  # rotating
    Typical: URIRef  # typical
    DirectorOfPhotography: URIRef  # director of photography
    ExecutiveProducer: URIRef  # executive producer
    FilmEditor: URIRef  # film editor
    ProductionDesigner: URIRef  # production designer
    Screenwriter: URIRef  # screenwriter
    Adult: URIRef  # adult
    Child: URIRef  # child
    Buy: URIRef  # buy
    FreeWithAds: URIRef  # free with ads
    LibraryStream: URIRef  # library streaming
    PhysicalMedia: URIRef  # physical media
    Rent: URIRef  # rent
    SubscriptionStream: URIRef  # subscription streaming
    Listed: URIRef  # listed
    Longlisted: URIRef  # longlisted
    Nominated: URIRef  # nominated
    Shortlisted: URIRef  # shortlisted
    Won: URIRef  # won
    DeprecatedRank: URIRef  # deprecated rank
    NormalRank: URIRef  # normal rank
    PreferredRank: URIRef  # preferred rank
    OtherAdaptation: URIRef  # other adaptation
    RecommendedAlongside: URIRef  # recommended alongside
    SameAuthorSource: URIRef  # same author source
    FestivalOpening: URIRef  # festival opening
    FestivalScreening: URIRef  # festival screening
    GeneralRelease: URIRef  # general release
    LimitedRelease: URIRef  # limited release
    Premiere: URIRef  # premiere
    AudienceScore: URIRef  # audience score
    Metascore: URIRef  # Metascore
    Tomatometer: URIRef  # Tomatometer
    AuthoritativeSource: URIRef  # authoritative source
    Corroborated: URIRef  # corroborated
    Refuted: URIRef  # refuted
    Unverified: URIRef  # unverified

    # The story's world (the last section of the ontology file)
    FictionalObject: URIRef  # fictional object
    StoryConcept: URIRef  # story concept
    involvesCharacter: URIRef  # involves character
    setIn: URIRef  # set in
    stageOrder: URIRef  # stage order


NLMGSH = Namespace(iris.PREFIXES["nlmgsh"])
"""SHACL shapes."""
WORK = Namespace(iris.PREFIXES["work"])
"""Films, books, songs and other creative works."""
PERSON = Namespace(iris.PREFIXES["person"])
"""Real people."""
CHARACTER = Namespace(iris.PREFIXES["character"])
"""Fictional characters, including the fictional singer."""
ORG = Namespace(iris.PREFIXES["org"])
"""Companies, award bodies, review sites, platforms and retailers."""
PLACE = Namespace(iris.PREFIXES["place"])
"""Real and fictional places."""
FILMING = Namespace(iris.PREFIXES["filming"])
"""Filming-location records: a real place used for the film."""
ROLE = Namespace(iris.PREFIXES["role"])
"""Cast and crew credits."""
AWARD = Namespace(iris.PREFIXES["award"])
"""Award categories and nominations."""
EVENT = Namespace(iris.PREFIXES["event"])
"""Festivals, ceremonies and releases."""
AMOUNT = Namespace(iris.PREFIXES["amount"])
"""Money amounts (budget, box office)."""
SCORE = Namespace(iris.PREFIXES["score"])
"""Review scores."""
THEME = Namespace(iris.PREFIXES["theme"])
"""The SKOS concept scheme of themes."""
CONCEPT = Namespace(iris.PREFIXES["concept"])
"""The SKOS concept scheme of the story's world (donations, deferrals, the Gallery...)."""
OBJECT = Namespace(iris.PREFIXES["object"])
"""Objects of the story (Kathy's tape)."""
DIFFERENCE = Namespace(iris.PREFIXES["difference"])
"""Differences between the novel and the film."""
OFFER = Namespace(iris.PREFIXES["offer"])
"""Where-to-watch offers."""
FAQ = Namespace(iris.PREFIXES["faq"])
"""The FAQ page, its questions and its answers."""
RELATION = Namespace(iris.PREFIXES["relation"])
"""Related-work records."""
CLAIM = Namespace(iris.PREFIXES["claim"])
"""Claim records."""
SOURCE = Namespace(iris.PREFIXES["source"])
"""Sources: the seed article and published pages."""
SCHEMA = Namespace(iris.PREFIXES["schema"])
"""schema.org, in its https form (as in the release 30.0 Turtle)."""

GRAPH_ONTOLOGY = URIRef(iris.GRAPH_ONTOLOGY)
"""Named graph of a TriG export that holds the ontology."""
GRAPH_DATA = URIRef(iris.GRAPH_DATA)
"""Named graph of a TriG export that holds the facts and value nodes."""
GRAPH_CLAIMS = URIRef(iris.GRAPH_CLAIMS)
"""Named graph of a TriG export that holds the claim records."""

PREFIXES: dict[str, Namespace] = {
    prefix: Namespace(namespace) for prefix, namespace in iris.PREFIXES.items()
}
"""Turtle prefix names of ``docs/MODEL.md`` mapped to their namespaces, for binding on export.

Example:
    >>> from rdflib import Graph
    >>> g = Graph(bind_namespaces="core")
    >>> for prefix, namespace in PREFIXES.items():
    ...     g.bind(prefix, namespace, override=True, replace=True)
    >>> dict(g.namespaces())["work"]
    rdflib.term.URIRef('https://w3id.org/nlmg/work/')

"""
