"""Namespaces: the only place where ontology and vocabulary IRIs are spelled."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

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

# The contract's entity classes and event categories (CONTRACT.md); finer classes live in ontology/kg.ttl.
ENTITY_TYPES = ("Country", "Place", "Organization", "Person", "Official")
EVENT_CATEGORIES = (
    "Statement", "Negotiation", "Meeting", "Visit", "Agreement", "MediationOffer", "MilitaryAction",
    "Appointment", "Founding", "Accession", "Aid", "Release", "Deportation",
)
ROLES = ("participant", "mediator", "host", "attacker", "target", "signatory", "speaker")


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, for queries typed by people."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
