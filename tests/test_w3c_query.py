"""The W3C SPARQL 1.0 and 1.1 query evaluation tests, run through the endpoint's own query path.

Each test's data goes into a real on-disk store; the query runs through kg.web.engine.execute (the guard,
Store.query and the serialisers the endpoint uses), and the serialised answer is parsed back and compared
with the expected results. Entailment and SERVICE tests are left out (the endpoint refuses SERVICE).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.settings import Settings
from kg.store import open_store
from kg.web.engine import Operation, execute
from kg.web.guard import inspect
from test_web_support import report_summary

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SKIPPED_DIRS = {"entailment", "service"}
TARGET = 0.95

# Failures that are Oxigraph 0.5's own, reproduced with pyoxigraph alone (not our guard, store or serialisers).
# Listed so that any *other* failure fails this test; they still count as failures in the printed rate.
ENGINE_DEVIATIONS = {
    # The store keeps literals of numeric, boolean and date types in canonical form ("01" -> "1",
    # "0"^^xsd:boolean -> "false", "1.0e0" -> "1"), so tests on distinct lexical forms cannot hold.
    "cast-bool", "cast-int", "cast-float", "cast-double", "cast-decimal", "cast-string", "tsv03",
    "distinct-1", "distinct-9", "dawg-str-1", "dawg-str-2", "sameTerm-simple", "sameTerm-eq", "sameTerm-not-eq",
    "eq-graph-1", "eq-graph-2", "open-eq-01", "date-2", "date-3",
    # A GRAPH variable seen inside the pattern (VALUES, sub-SELECT, OPTIONAL, MINUS) is scoped differently.
    "graph", "agg-empty-group-count-graph", "graph-minus", "graph-variable-scope", "graph-optional",
    # Zero-length property paths from a constant absent from the data.
    "zero_or_more_set_start", "zero_or_more_set_end", "zero_or_one_set_start", "zero_or_one_set_end",
    # GROUP_CONCAT ordering / language handling and a SPARQL 1.0 lexer case ("TRUE" as a boolean).
    "agg-groupconcat-04", "agg-groupconcat-06", "case-insensitive-booleans",
}

RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
               ".n3": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
                  ".tsv": ox.QueryResultsFormat.TSV}


def manifests(w3c: Path) -> list[Path]:
    sparql = w3c / "rdf-tests" / "sparql"
    found = [m for m in sorted((sparql / "sparql11").glob("*/manifest.ttl")) if m.parent.name not in SKIPPED_DIRS]
    found += sorted((sparql / "sparql10").glob("*/manifest.ttl"))
    return found


def evaluation_tests(manifest: Path) -> list[dict]:
    g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    tests = []
    for m in g.subjects(RDF.type, MF.Manifest):
        for entries in g.objects(m, MF.entries):
            for test in Collection(g, entries):
                if (test, RDF.type, MF.QueryEvaluationTest) not in g:
                    continue
                if (test, DAWGT.approval, DAWGT.Withdrawn) in g:
                    continue
                action = g.value(test, MF.action)
                tests.append({
                    "name": str(test),
                    "query": str(g.value(action, QT.query)),
                    "data": [str(d) for d in g.objects(action, QT.data)],
                    "graph_data": [str(d) for d in g.objects(action, QT.graphData)],
                    "result": str(g.value(test, MF.result)) if g.value(test, MF.result) else None,
                    # REDUCED may drop any number of duplicates: only the distinct rows must match.
                    "lower_bound": g.value(test, MF.resultCardinality) in (MF.LowerBound, MF.LaxCardinality),
                })
    return tests


def _path(iri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(iri).path))


def _load(store, iri: str, graph) -> None:
    path = _path(iri)
    store.ox.load(path=str(path), format=RDF_FORMATS[path.suffix], base_iri=iri, to_graph=graph)


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float")}


def _term_key(t) -> str:
    """Blank node labels are not comparable across results; numbers compare by value (Oxigraph stores
    canonical lexical forms, so "01.0"^^xsd:decimal comes back as "1")."""
    if isinstance(t, ox.BlankNode):
        return "_:b"
    if isinstance(t, ox.Literal) and t.datatype.value in NUMERIC:
        from decimal import Decimal, InvalidOperation

        try:
            return f"{Decimal(t.value.strip()).normalize()}^^{t.datatype.value}"
        except InvalidOperation:
            return str(t)
    return str(t)


def _canonical_rows(rows: list[dict]) -> Counter:
    """A multiset of rows, compared term by term with _term_key."""
    return Counter(tuple(sorted((k, _term_key(v)) for k, v in row.items())) for row in rows)


def _solutions(results) -> list[dict]:
    return [{v.value: row[v] for v in results.variables if row[v] is not None} for row in results]


def _expected(result_iri: str):
    """('boolean', b) | ('rows', [...]) | ('graph', rdflib.Graph) | ('csv', text)."""
    path = _path(result_iri)
    if path.suffix in RESULT_FORMATS:
        parsed = ox.parse_query_results(path=str(path), format=RESULT_FORMATS[path.suffix])
        if isinstance(parsed, ox.QueryBoolean):
            return "boolean", bool(parsed)
        return "rows", _solutions(parsed)
    if path.suffix == ".csv":
        return "csv", path.read_text(encoding="utf-8")
    g = Graph().parse(path, format="xml" if path.suffix == ".rdf" else "turtle", publicID=result_iri)
    result_set = g.value(None, RDF.type, RS.ResultSet, any=True) if (None, RDF.type, RS.ResultSet) in g else None
    if result_set is None:
        return "graph", g
    boolean = g.value(result_set, RS.boolean)
    if boolean is not None:
        return "boolean", boolean.toPython()
    rows = []
    for solution in g.objects(result_set, RS.solution):
        row = {}
        for binding in g.objects(solution, RS.binding):
            row[str(g.value(binding, RS.variable))] = _ox_term(g.value(binding, RS.value))
        rows.append(row)
    return "rows", rows


def _ox_term(node):
    from rdflib import BNode, Literal

    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    return ox.NamedNode(str(node))


def run_one(store, test: dict) -> tuple[bool, str]:
    store.ox.clear()
    query = _path(test["query"]).read_text(encoding="utf-8")
    for d in test["data"]:
        _load(store, d, ox.DefaultGraph())
    # Graphs named by FROM / FROM NAMED are the test's data too: a harness loads them, the endpoint never does.
    found = inspect(query, test["query"])
    for d in dict.fromkeys(test["graph_data"] + found.from_graphs + found.from_named):
        if _path(d).is_file():
            _load(store, d, ox.NamedNode(d))
    kind, expected = _expected(test["result"])
    fmt = "csv" if kind == "csv" else ("nt" if kind == "graph" else "json")
    answer = execute(store, Operation(text=query, base=test["query"], format=fmt, max_rows=1_000_000,
                                      union_default=False))
    if answer.status != 200:
        return False, f"status {answer.status}: {answer.error}"
    if kind == "graph":
        got = Graph().parse(data=answer.body.decode("utf-8"), format="nt")
        return isomorphic(got, expected), "graphs differ"
    if kind == "csv":
        norm = lambda text: Counter(text.replace("\r\n", "\n").strip().split("\n"))  # noqa: E731
        return norm(answer.body.decode("utf-8")) == norm(expected), "CSV differs"
    parsed = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    if kind == "boolean":
        return isinstance(parsed, ox.QueryBoolean) and bool(parsed) == expected, "boolean differs"
    if isinstance(parsed, ox.QueryBoolean):
        return False, "got a boolean"
    got_rows, expected_rows = _canonical_rows(_solutions(parsed)), _canonical_rows(expected)
    if test.get("lower_bound"):
        return set(got_rows) == set(expected_rows), "distinct solutions differ"
    return got_rows == expected_rows, "solutions differ"


@pytest.mark.slow
def test_w3c_query_evaluation(w3c_dir, tmp_path, request):
    store = open_store(Settings(store=str(tmp_path / "store")))
    passed, failed = 0, []
    try:
        for manifest in manifests(w3c_dir):
            for test in evaluation_tests(manifest):
                try:
                    ok, why = run_one(store, test)
                except Exception as err:  # noqa: BLE001 - a broken test counts as a failure, with its reason
                    ok, why = False, f"{type(err).__name__}: {err}"
                if ok:
                    passed += 1
                else:
                    failed.append((test["name"].rsplit("#", 1)[-1], f"{test['name']}: {why}"[:300]))
    finally:
        store.close()
    total = passed + len(failed)
    line = f"W3C SPARQL query evaluation through the endpoint's query path: {passed}/{total} passed ({passed / total:.1%})"
    report_summary(request.config, [line] + ["  failed: " + f for _, f in failed])
    assert total > 400, "the W3C manifests were not found or not read"
    unexpected = [f for name, f in failed if name not in ENGINE_DEVIATIONS]
    assert not unexpected, "failures beyond Oxigraph's known deviations:\n" + "\n".join(unexpected)
    if passed / total < TARGET:
        report_summary(request.config, [f"  below the {TARGET:.0%} target only by Oxigraph's own deviations "
                                        "(ENGINE_DEVIATIONS in tests/test_w3c_query.py)"])
