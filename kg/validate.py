"""SHACL validation: the store's union graph against ontology/shapes.ttl, with the ontology for subclasses.

`validate_graph(graph)` is the library call; `validate_store(settings)` reads the store (read-only)
with one CONSTRUCT query and validates that. Both return a `Report`: whether the graph conforms and
one `Violation` per problem, worded for a person (the focus node's label, the path, the message).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH
from rdflib.term import Node

from .settings import Settings
from .vocab import PREFIXES

ONTOLOGY_PACKAGE = "kg.ontology"


@dataclass(frozen=True)
class Violation:
    focus: str  # the focus node's label, or its IRI in prefixed form
    focus_iri: str
    path: str | None
    message: str
    value: str | None
    shape: str | None
    severity: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]


def ontology_text(name: str) -> str:
    """The text of a file of the packaged ontology folder (kg.ttl, shapes.ttl), installed or not."""
    return resources.files(ONTOLOGY_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def load_ontology() -> Graph:
    return _bound(Graph()).parse(data=ontology_text("kg.ttl"), format="turtle")


def load_shapes() -> Graph:
    return _bound(Graph()).parse(data=ontology_text("shapes.ttl"), format="turtle")


def validate_graph(data: Graph, ontology: Graph | None = None, shapes: Graph | None = None) -> Report:
    """Validates a data graph; the ontology is mixed in so sh:class follows rdfs:subClassOf."""
    from pyshacl import validate

    ontology = ontology if ontology is not None else load_ontology()
    conforms, results, _ = validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    labels = _label_lookup(data)
    _bound(results)
    # Only the report's own results: nested sh:detail results repeat them in the validator's words.
    top = [r for report in results.subjects(RDF.type, SH.ValidationReport) for r in results.objects(report, SH.result)]
    violations = tuple(
        sorted((_violation(results, r, labels) for r in top), key=lambda v: (v.focus.lower(), v.path or "", v.message))
    )
    return Report(conforms=bool(conforms), violations=violations)


def validate_store(settings: Settings) -> Report:
    """Validates everything in the store's article graphs (opened read-only)."""
    data = store_graph(settings)
    return validate_graph(data)


def store_graph(settings: Settings) -> Graph:
    """The union of the store's named graphs (less the build's bookkeeping graph) as one rdflib Graph."""
    from .stores import meta_graph_iri, open_store

    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{meta_graph_iri(settings)}>) }}"
    store = open_store(settings, read_only=True)
    try:
        data = _bound(Graph())
        for triple in store.construct(query):
            data.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
    finally:
        store.close()
    return data


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | BNode | Literal:
    """A pyoxigraph term as an rdflib term (a quoted triple, RDF 1.2, is a shape kg's graphs never hold)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise TypeError(f"rdflib holds no quoted triple: {term}")
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _bound(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _label_lookup(data: Graph) -> Callable[[Node | None], str]:
    def label(node: Node | None) -> str:
        for prop in (RDFS.label, DCTERMS.title):
            for value in data.objects(node, prop):
                return str(value)
        return _short(data, node)

    return label


def _short(g: Graph, node: Node | None) -> str:
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - an IRI rdflib cannot prefix is shown whole
            return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    return "_:" + str(node)


def _path_text(results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _short(results, path)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        from rdflib.collection import Collection

        return "(" + "|".join(_short(results, p) for p in Collection(results, alternatives)) + ")"
    return "(complex path)"


def _violation(results: Graph, result: Node, label: Callable[[Node | None], str]) -> Violation:
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    messages = [str(m) for m in results.objects(result, SH.resultMessage)]
    shape = results.value(result, SH.sourceShape)
    return Violation(
        focus=label(focus),
        focus_iri=str(focus),
        path=_path_text(results, results.value(result, SH.resultPath)),
        message=messages[0] if messages else "does not conform",
        value=None if value is None or value == focus else _short(results, value),
        shape=_short(results, shape) if isinstance(shape, URIRef) else None,
        severity=str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1],
    )
