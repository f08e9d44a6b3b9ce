"""Namespaces: the only place where ontology and vocabulary IRIs are spelled; and the contract's entity types,
event categories and roles, as types."""

from typing import Literal, TypeGuard, get_args

from rdflib import Namespace

# rdflib's own namespaces, re-exported: modules take every namespace from here
from rdflib.namespace import DCTERMS as DCTERMS
from rdflib.namespace import OWL as OWL
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import SKOS as SKOS
from rdflib.namespace import XSD as XSD

KG = Namespace("https://w3id.org/newskg/ontology#")
DEFAULT_BASE = "https://w3id.org/newskg/id/"
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
# schema.org in its older http form, as Wikidata's RDF and other graphs write it (this project writes https).
SCHEMA_HTTP = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
# The W3C's names of formats (service descriptions) and the SPARQL XML results namespace.
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
# Wikidata's statement namespaces (the slice of Wikidata kg link fetch reads) and its ontology.
WDP = Namespace("http://www.wikidata.org/prop/")
WDPS = Namespace("http://www.wikidata.org/prop/statement/")
WDPQ = Namespace("http://www.wikidata.org/prop/qualifier/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")

# Prefixes bound in exports, the query page and saved queries.
PREFIXES = {
    "kg": KG,
    "wd": WD,
    "wdt": WDT,
    "prov": PROV,
    "nif": NIF,
    "schema": SCHEMA,
    "org": ORG,
    "sem": SEM,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
}

# The contract's entity classes, event categories and event roles (CONTRACT.md), spelled once, as types. The
# strings are the classes' and properties' local names in kg: (rdf.py mints KG[...] from them); finer classes live
# in ontology/kg.ttl.
EntityType = Literal["Country", "Place", "Organization", "Person", "Official"]
EventCategory = Literal[
    "Statement",
    "Negotiation",
    "Meeting",
    "Visit",
    "Agreement",
    "MediationOffer",
    "MilitaryAction",
    "Appointment",
    "Founding",
    "Accession",
    "Aid",
    "Release",
    "Deportation",
]
Role = Literal["participant", "mediator", "host", "attacker", "target", "signatory", "speaker"]
# The names in that order, as strings: what a check of a name read from data ("is it a category?") compares with.
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
EVENT_CATEGORIES: tuple[str, ...] = get_args(EventCategory)
ROLES: tuple[str, ...] = get_args(Role)


def is_entity_type(name: str) -> TypeGuard[EntityType]:
    """Whether a name read from data (the knowledge base, a rules file) is one of the entity types."""
    return name in ENTITY_TYPES


def is_event_category(name: str) -> TypeGuard[EventCategory]:
    return name in EVENT_CATEGORIES


def is_role(name: str) -> TypeGuard[Role]:
    return name in ROLES


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, for queries typed by people."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
