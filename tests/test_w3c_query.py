"""The W3C SPARQL 1.0 and 1.1 query evaluation tests, run through the endpoint's own query path.

Each test's data goes into a real on-disk store; the query runs through kg.web.engine.execute (the guard,
Store.query and the serialisers the endpoint uses), and the serialised answer is parsed back and compared
with the expected results. Entailment and SERVICE tests are left out (the endpoint refuses SERVICE).

Data: qt:data files go into the default graph and qt:graphData files into named graphs named by their IRIs,
all read by Oxigraph's own parsers; the query sees the store's default graph (not the endpoint's union).
Comparison, as the suite asks: solutions as multisets, RDF term equality (a literal's lexical form counts:
"01"^^xsd:integer is not "1"^^xsd:integer), blank nodes up to one consistent renaming, the sequence too when the
query itself has ORDER BY, distinct solutions only for REDUCED (mf:LaxCardinality); graphs by isomorphism.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kg.settings import Settings
from kg.sparql.guard import canonical
from kg.stores import open_store
from kg.web.engine import Operation, execute
from tests.support.web import report_summary

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SKIPPED_DIRS = {"entailment", "service"}
TARGET = 0.95

# Failures that are Oxigraph 0.5.13's own: each was re-run with a bare in-memory pyoxigraph.Store (data loaded by
# Oxigraph's parser, the query given as it is) and fails the same way, so neither our guard, store wrapper nor
# serialisers cause it (pyoxigraph.Dataset keeps lexical forms but cannot run queries; the endpoint uses Store).
# Listed so that any *other* failure fails this test; all still count as failures in the printed rates.
# Keys are "sparql10/<name>" or "sparql11/<name>" (some names, e.g. cast-int, exist in both suites).
STORED = "the store rewrites the data's non-canonical literals"
COMPUTED = "a computed number comes out in Oxigraph's lexical form"
_STORED_ONLY = """
    sparql11/cast-bool sparql11/cast-int sparql11/cast-string sparql10/distinct-1 sparql10/distinct-9
    sparql10/no-distinct-1 sparql10/no-distinct-9 sparql10/dawg-str-1 sparql10/dawg-str-2 sparql10/dawg-datatype-1
    sparql10/sameTerm-simple sparql10/sameTerm-eq sparql10/sameTerm-not-eq sparql10/eq-2-1 sparql10/eq-2-2
    sparql10/eq-graph-1 sparql10/eq-graph-2 sparql10/open-eq-03 sparql10/open-eq-04 sparql10/dawg-sort-7
""".split()
_MIN_MAX = (
    "sparql11/agg-min-01 sparql11/agg-min-02 sparql11/agg-max-01 sparql11/agg-max-02 "
    "sparql11/agg-min-distinct sparql11/agg-max-distinct".split()
)
_STORED_AND_COMPUTED = (
    "sparql11/cast-float sparql11/cast-double sparql11/cast-decimal "
    "sparql11/plus-1-corrected sparql11/plus-2-corrected".split()
)
_COMPUTED_ONLY = "sparql11/agg-sum-02 sparql11/agg-avg-02 sparql11/agg-err-02 sparql11/coalesce01".split()
_EMPTY_PATHS = (
    "sparql11/zero_or_more_set_start sparql11/zero_or_more_set_end "
    "sparql11/zero_or_one_set_start sparql11/zero_or_one_set_end".split()
)
ENGINE_DEVIATIONS = {
    # Storage canonicalises numeric, boolean and date literals on every write route (load, add, INSERT DATA;
    # in memory and on disk): "01"^^xsd:integer -> "1", "1.0"^^xsd:decimal -> "1", "1.0e6"^^xsd:double ->
    # "1000000", "0"^^xsd:boolean -> "false", "2006-08-23+00:00"^^xsd:date -> "2006-08-23Z", and derived
    # integer types become xsd:integer. Oxigraph's parser alone keeps the lexical forms; its store does not.
    **{name: f"{STORED}: the expected results keep the data's lexical forms" for name in _STORED_ONLY},
    "sparql10/open-eq-01": f'{STORED}: "01"^^xsd:integer is stored as "1", so a pattern on "1" matches it',
    "sparql10/date-3": f'{STORED}: "2006-08-23+00:00"^^xsd:date comes back as "2006-08-23Z"',
    "sparql11/tsv03": f'{STORED}: "-3"^^xsd:negativeInteger comes back as xsd:integer, "1.0e6" as "1000000"',
    **{name: f'{STORED}: MIN / MAX return the stored term ("1" for 1.0, "30000" for 3.0E4)' for name in _MIN_MAX},
    # Numbers the engine computes: a whole decimal without ".0" ("2", not "2.0"), a double in plain notation
    # ("32100", "0.4", "2.5", not "3.21E4", "4.0E-1", "2.5E0"); the expected results use the latter forms.
    **{name: f'{STORED}, and {COMPUTED} ("1" for 1.0E0, "3" for 3.0)' for name in _STORED_AND_COMPUTED},
    **{name: f'{COMPUTED} (decimal "2" for 2.0, double "32100" for 3.21E4)' for name in _COMPUTED_ONLY},
    # Evaluation semantics.
    "sparql11/graph": "GRAPH ?g over VALUES with ?g UNDEF leaves ?g unbound instead of joining each graph name",
    "sparql11/agg-empty-group-count-graph": "GRAPH ?g { sub-SELECT COUNT } gives one row without ?g, not one per graph",
    "sparql11/graph-minus": "the GRAPH variable is pushed into MINUS, so a MINUS with disjoint domains removes the row",
    "sparql10/graph-variable-scope": "?g counts as bound inside GRAPH ?g { FILTER(BOUND(?g)) } (it must not)",
    "sparql10/graph-optional": "the GRAPH variable is substituted inside OPTIONAL instead of being joined after it",
    **{
        name: "a zero-length path from a constant absent from the data gives nothing (it must match the constant)"
        for name in _EMPTY_PATHS
    },
    "sparql11/agg-groupconcat-04": 'GROUP_CONCAT of literals sharing a language keeps it ("1 2"@en), not a simple '
    "literal",
    "sparql11/agg-groupconcat-06": 'GROUP_CONCAT of literals sharing a language keeps it ("1"@en), not a simple '
    "literal",
    "sparql10/case-insensitive-booleans": "the parser rejects the boolean keywords in upper case (TRUE, False)",
    "sparql11/bnode01": 'BNODE("foo") gives the same blank node in every solution (it must differ between solutions)',
    "sparql10/date-2": '"2006-08-23Z"^^xsd:date != "2006-08-23"^^xsd:date (no time zone) is true; the expected '
    "results drop those rows (equal under an implicit UTC zone, or not comparable)",
}

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}
RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}


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
                suite = "sparql11" if "sparql11" in manifest.parts else "sparql10"
                tests.append(
                    {
                        "name": str(test),
                        "label": f"{suite}/{str(test).rsplit('#', 1)[-1]}",
                        # Approved by the working group, or only Proposed / unmarked (reported separately).
                        "approved": (test, DAWGT.approval, DAWGT.Approved) in g,
                        "query": str(g.value(action, QT.query)),
                        "data": [str(d) for d in g.objects(action, QT.data)],
                        "graph_data": [str(d) for d in g.objects(action, QT.graphData)],
                        "result": str(g.value(test, MF.result)) if g.value(test, MF.result) else None,
                        # REDUCED may drop any number of duplicates: only the distinct rows must match.
                        "lower_bound": g.value(test, MF.resultCardinality) in (MF.LowerBound, MF.LaxCardinality),
                    }
                )
    return tests


def _path(iri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(iri).path))


def _load(store, iri: str, graph) -> None:
    path = _path(iri)
    store.ox.load(path=str(path), format=RDF_FORMATS[path.suffix], base_iri=iri, to_graph=graph)


RS_NS = str(RS)
RDF_TYPE = ox.NamedNode(str(RDF.type))
XSD = "http://www.w3.org/2001/XMLSchema#"


def _expected(result_iri: str):
    """('boolean', b) | ('rows', [solutions, in rs:index order if given]) | ('graph', [triples]).

    Every file is read with Oxigraph's parsers, which keep each literal's lexical form as written
    (rdflib's parsers would normalise "01"^^xsd:integer to "1" and hide differences)."""
    path = _path(result_iri)
    if path.suffix in RESULT_FORMATS:
        parsed = ox.parse_query_results(path=str(path), format=RESULT_FORMATS[path.suffix])
        if isinstance(parsed, ox.QueryBoolean):
            return "boolean", bool(parsed)
        return "rows", _solutions(parsed)
    triples = list(ox.parse(path=str(path), format=RDF_FORMATS[path.suffix], base_iri=result_iri))
    result_set_type = ox.NamedNode(RS_NS + "ResultSet")
    result_sets = [t.subject for t in triples if t.predicate == RDF_TYPE and t.object == result_set_type]
    if not result_sets:
        return "graph", triples
    values: dict = {}
    for t in triples:
        values.setdefault((t.subject, t.predicate.value), []).append(t.object)
    one = lambda s, p: values.get((s, RS_NS + p), [None])[0]  # noqa: E731
    boolean = one(result_sets[0], "boolean")
    if boolean is not None:
        return "boolean", boolean.value == "true"
    rows = []
    for solution in values.get((result_sets[0], RS_NS + "solution"), []):
        row = {one(b, "variable").value: one(b, "value") for b in values.get((solution, RS_NS + "binding"), [])}
        index = one(solution, "index")
        rows.append((int(index.value) if index is not None else 0, row))
    rows.sort(key=lambda r: r[0])  # rs:index gives the order of an ORDER BY result
    return "rows", [row for _, row in rows]


def _shape(row: dict) -> tuple:
    """A row with its blank nodes anonymised: equal shapes are necessary for rows to match."""
    return tuple(sorted((k, "_:" if isinstance(v, ox.BlankNode) else str(v)) for k, v in row.items()))


def _same_solutions(got: list[dict], expected: list[dict], ordered: bool) -> bool:
    """Result-set equivalence: RDF term equality, blank nodes up to a consistent one-to-one renaming
    (one mapping for the whole result), multisets, and the sequence too when `ordered`."""
    if len(got) != len(expected):
        return False
    got_shapes, exp_shapes = [_shape(r) for r in got], [_shape(r) for r in expected]
    if (got_shapes != exp_shapes) if ordered else (Counter(got_shapes) != Counter(exp_shapes)):
        return False
    if not any(isinstance(v, ox.BlankNode) for row in expected for v in row.values()):
        return True
    used = [False] * len(got)

    def extend(mapping: dict, inverse: dict, e: dict, g: dict):
        mapping, inverse = dict(mapping), dict(inverse)
        for var, term in e.items():
            if isinstance(term, ox.BlankNode):
                other = g[var]
                if mapping.setdefault(term, other) != other or inverse.setdefault(other, term) != term:
                    return None
        return mapping, inverse

    def search(i: int, mapping: dict, inverse: dict) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else [j for j in range(len(got)) if not used[j] and got_shapes[j] == exp_shapes[i]]
        for j in candidates:
            step = extend(mapping, inverse, expected[i], got[j])
            if step is None:
                continue
            used[j] = True
            if search(i + 1, *step):
                return True
            used[j] = False
        return False

    return search(0, {}, {})


def _distinct(rows: list[dict]) -> list[dict]:
    return list({tuple(sorted((k, str(v)) for k, v in row.items())): row for row in rows}.values())


def _top_level_order_by(query: str) -> bool:
    """True when the query's own solution modifier has ORDER BY (one in a sub-SELECT orders nothing)."""
    import re

    for match in re.finditer(r"\bORDER\s+BY\b", query, re.IGNORECASE):
        depth = 0
        for ch in query[match.end() :]:
            depth += ch == "{"
            depth -= ch == "}"
            if depth < 0:
                break
        else:
            return True
    return False


def _rdflib_term(term):
    """An Oxigraph term as an rdflib term with the same lexical form (rdflib must not normalise it)."""
    from rdflib import BNode, Literal

    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=False)
        if term.datatype.value == XSD + "string":
            return Literal(term.value, normalize=False)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    return URIRef(term.value)


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
    return g


def _solutions(results) -> list[dict]:
    return [{v.value: row[v] for v in results.variables if row[v] is not None} for row in results]


def run_one(store, test: dict) -> tuple[bool, str]:
    store.ox.clear()
    query = _path(test["query"]).read_text(encoding="utf-8")
    for d in test["data"]:
        _load(store, d, ox.DefaultGraph())
    # Graphs named by FROM / FROM NAMED are the test's data too: a harness loads them, the endpoint never does.
    found = canonical(query, test["query"])
    for d in dict.fromkeys(test["graph_data"] + found.from_graphs):
        if _path(d).is_file():
            _load(store, d, ox.NamedNode(d))
    kind, expected = _expected(test["result"])
    fmt = "nt" if kind == "graph" else "json"
    answer = execute(
        store, Operation(text=query, base=test["query"], format=fmt, max_rows=1_000_000, union_default=False)
    )
    if answer.status != 200:
        return False, f"status {answer.status}: {answer.error}"
    if kind == "graph":
        got = ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)
        return isomorphic(_graph(got), _graph(expected)), "graphs differ"
    parsed = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    if kind == "boolean":
        return isinstance(parsed, ox.QueryBoolean) and bool(parsed) == expected, "boolean differs"
    if isinstance(parsed, ox.QueryBoolean):
        return False, "got a boolean"
    got_rows = _solutions(parsed)
    if test.get("lower_bound"):
        return _same_solutions(_distinct(got_rows), _distinct(expected), False), "distinct solutions differ"
    if _same_solutions(got_rows, expected, False):
        if _top_level_order_by(query) and not _same_solutions(got_rows, expected, True):
            return False, "same solutions in another order (the query has ORDER BY)"
        return True, ""
    return False, "solutions differ"


@pytest.mark.slow
def test_w3c_query_evaluation(w3c_dir, tmp_path, request):
    store = open_store(Settings(store=str(tmp_path / "store")))
    results = []  # (test, passed, why)
    try:
        for manifest in manifests(w3c_dir):
            for test in evaluation_tests(manifest):
                try:
                    ok, why = run_one(store, test)
                except Exception as err:  # noqa: BLE001 - a broken test counts as a failure, with its reason
                    ok, why = False, f"{type(err).__name__}: {err}"
                results.append((test, ok, why))
    finally:
        store.close()
    total, passed = len(results), sum(ok for _, ok, _ in results)
    approved = [(t, ok) for t, ok, _ in results if t["approved"]]
    approved_passed = sum(ok for _, ok in approved)
    failed = [(t, why) for t, ok, why in results if not ok]
    lines = [
        f"W3C SPARQL query evaluation through the endpoint's query path: {passed}/{total} passed "
        f"({passed / total:.1%}); dawgt:Approved tests only: {approved_passed}/{len(approved)} "
        f"({approved_passed / len(approved):.1%})"
    ]
    for t, why in failed:
        reason = ENGINE_DEVIATIONS.get(t["label"], "NOT A KNOWN ENGINE DEVIATION")
        lines.append(f"  failed: {t['label']}{'' if t['approved'] else ' (not approved)'}: {why[:120]} -- {reason}")
    report_summary(request.config, lines)
    assert total > 400, "the W3C manifests were not found or not read"
    unexpected = [f"{t['name']}: {why}"[:300] for t, why in failed if t["label"] not in ENGINE_DEVIATIONS]
    assert not unexpected, "failures beyond Oxigraph's known deviations:\n" + "\n".join(unexpected)
    # The list must stay exact: an entry that now passes (a fixed engine) has to go.
    stale = sorted(set(ENGINE_DEVIATIONS) - {t["label"] for t, _ in failed})
    assert not stale, f"listed as engine deviations but passing now (remove them): {stale}"
    if passed / total < TARGET:
        report_summary(
            request.config,
            [
                f"  below the {TARGET:.0%} target only by Oxigraph's own deviations "
                "(ENGINE_DEVIATIONS in tests/test_w3c_query.py)"
            ],
        )


# The comparison itself: a harness that matched too loosely would report engine failures as passes.
INT = ox.NamedNode(XSD + "integer")


def test_solutions_compare_by_rdf_term_equality_not_by_value():
    one, zero_one = ox.Literal("1", datatype=INT), ox.Literal("01", datatype=INT)
    assert _same_solutions([{"v": one}], [{"v": one}], False)
    assert not _same_solutions([{"v": one}], [{"v": zero_one}], False)
    assert not _same_solutions([{"v": one}, {"v": one}], [{"v": one}], False)  # multisets, not sets


def test_blank_nodes_match_under_one_consistent_renaming():
    a, b, x, y = (ox.BlankNode(n) for n in "abxy")
    assert _same_solutions([{"s": x, "o": x}], [{"s": a, "o": a}], False)
    assert not _same_solutions([{"s": x, "o": y}], [{"s": a, "o": a}], False)
    # The mapping holds across rows: one blank node reused in two rows is not two different ones.
    assert not _same_solutions([{"s": x}, {"s": x}], [{"s": a}, {"s": b}], False)
    assert _same_solutions([{"s": y}, {"s": x}], [{"s": a}, {"s": b}], False)


def test_order_counts_only_when_asked():
    rows = [{"v": ox.Literal(str(i), datatype=INT)} for i in range(3)]
    assert _same_solutions(rows[::-1], rows, False)
    assert not _same_solutions(rows[::-1], rows, True)
    assert _top_level_order_by("SELECT * { ?s ?p ?o } ORDER BY ?s")
    assert _top_level_order_by("SELECT * { ?s ?p ?o } ORDER BY ?s VALUES ?s { <x> }")
    assert not _top_level_order_by("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } ?s ?q ?z }")


def test_expected_results_keep_their_lexical_forms(tmp_path):
    result = tmp_path / "result.ttl"
    result.write_text(
        f"""@prefix rs: <{RS_NS}> . @prefix xsd: <{XSD}> .
        [] a rs:ResultSet ; rs:resultVariable "v" ;
           rs:solution [ rs:index 2 ; rs:binding [ rs:variable "v" ; rs:value "01"^^xsd:integer ] ] ,
                       [ rs:index 1 ; rs:binding [ rs:variable "v" ; rs:value "1.0e0"^^xsd:double ] ] .
        """,
        encoding="utf-8",
    )
    kind, rows = _expected(result.as_uri())
    assert kind == "rows"
    assert [r["v"].value for r in rows] == ["1.0e0", "01"]  # in rs:index order, as written
