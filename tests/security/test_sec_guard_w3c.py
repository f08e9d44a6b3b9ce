"""The guard's canonical text means what the user wrote: over the W3C syntax suites, the engine reads the canonical
text exactly when it reads the original (SERVICE and LOAD tests aside: the guard refuses those)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Namespace

from kg.sparql.guard import Malformed, canonical

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
KINDS = (
    "PositiveSyntaxTest",
    "NegativeSyntaxTest",
    "PositiveSyntaxTest11",
    "NegativeSyntaxTest11",
    "PositiveUpdateSyntaxTest11",
    "NegativeUpdateSyntaxTest11",
)


def _syntax_tests(w3c_dir: Path):
    for manifest in sorted((w3c_dir / "rdf-tests" / "sparql").glob("sparql1[01]/*/manifest.ttl")):
        g = Graph().parse(manifest, publicID=manifest.as_uri())
        for kind in KINDS:
            for test in g.subjects(RDF.type, MF[kind]):
                action = str(g.value(test, MF.action))
                yield kind, action, Path(action.removeprefix("file://"))


def _engine_reads(text: str, update: bool, base: str) -> bool:
    store = ox.Store()
    try:
        if update:
            store.update(text, base_iri=base)
        else:
            store.query(text, base_iri=base)
    except SyntaxError:
        return False
    except (OSError, RuntimeError, ValueError):
        pass  # parsed; evaluation failed, which is not the question here
    return True


def test_the_engine_reads_the_canonical_text_exactly_when_it_reads_the_original(w3c_dir):
    checked, differ = 0, []
    for kind, action, path in _syntax_tests(w3c_dir):
        text = path.read_text(encoding="utf-8")
        if "SERVICE" in text.upper() or "LOAD" in text.upper():
            continue
        update = "Update" in kind
        original = _engine_reads(text, update, action)
        try:
            canon = _engine_reads(canonical(text).text, update, action)
        except Malformed:
            canon = False
        checked += 1
        if original != canon:
            differ.append(f"{path.name}: engine {original}, canonical {canon}")
    assert checked > 300, "the W3C syntax manifests were not found"
    assert differ == []
