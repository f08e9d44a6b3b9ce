"""The SPARQL 1.1 Service Description (sd:) that GET /sparql returns to RDF clients."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

from ..settings import Settings
from ..vocab import FORMATS, RDF, RDFS, SD

_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "nquads": "nquads",
    "trig": "trig",
}
_RESULT_FORMATS = {
    str(FORMATS[name])
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "N-Quads",
        "TriG",
    )
}


def service_description(endpoint: str, s: Settings, fmt: str = "turtle") -> bytes:
    g = Graph()
    g.bind("sd", SD)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if s.allow_update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    # The default graph is the union of the article graphs (kg/stores/).
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for f in sorted(_RESULT_FORMATS):
        g.add((service, SD.resultFormat, URIRef(f)))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add(
        (
            service,
            RDFS.comment,
            Literal(
                f"newskg SPARQL endpoint; queries time out after {s.query_timeout:g} s and return at most "
                f"{s.max_rows} rows"
            ),
        )
    )
    return g.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
