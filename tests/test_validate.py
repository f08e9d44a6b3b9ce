"""SHACL validation: the good graph conforms, each broken fixture is rejected by its shape, and `kg validate`
reports over a real on-disk store with the right exit code."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.rdf import facts_to_dataset
from kg.validate import load_ontology, load_shapes, validate_graph
from tests.test_ontology import rdf_fixture_facts

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
BROKEN = sorted((FIXTURES / "broken").glob("*.ru"))
GRAPH = "https://w3id.org/newskg/id/article/a1"


@pytest.fixture(scope="module")
def schema():
    return load_ontology(), load_shapes()


def good_graph() -> Graph:
    return Graph().parse(FIXTURES / "good.ttl")


def expectation(update: Path) -> tuple[str | None, str]:
    """The path and message part a broken fixture announces in its first line: '# expect: PATH | MESSAGE'."""
    first = update.read_text(encoding="utf-8").split("\n", 1)[0]
    path, message = first.removeprefix("# expect:").split(" | ", 1)
    path = path.strip()
    return (None if path == "-" else path), message.strip()


def test_the_good_fixture_conforms(schema):
    report = validate_graph(good_graph(), *schema)
    assert report.conforms and report.violations == ()


def test_what_kg_rdf_writes_conforms(schema):
    ds = facts_to_dataset([rdf_fixture_facts()])
    data = Graph()
    for s, p, o, _ in ds.quads():
        data.add((s, p, o))
    report = validate_graph(data, *schema)
    assert report.violations == () and report.conforms


def test_there_is_a_broken_fixture_for_every_shape():
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("update", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_fixture_is_rejected_for_its_own_reason(schema, update):
    data = good_graph()
    data.update(update.read_text(encoding="utf-8"))
    report = validate_graph(data, *schema)
    path, message = expectation(update)
    assert not report.conforms
    assert any(v.path == path and message in v.message for v in report.violations), report.violations
    # Only the shape the fixture breaks complains: the others still hold.
    assert all(message in v.message for v in report.violations), report.violations


def test_a_violation_names_the_focus_node_by_its_label(schema):
    data = good_graph()
    data.update((FIXTURES / "broken" / "entity-two-wikidata-links.ru").read_text(encoding="utf-8"))
    (violation,) = validate_graph(data, *schema).violations
    assert violation.focus == "Pakistan" and violation.focus_iri.endswith("/country/pakistan")
    assert violation.path == "owl:sameAs"


# --- the command over a real store --------------------------------------------------------------


def make_store(path: Path, data: Graph) -> str:
    store = ox.Store(str(path))
    store.load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    del store
    return str(path)


def run_validate(store: str):
    return CliRunner().invoke(main, ["validate", "--store", store], env={"COLUMNS": "250"})


def test_kg_validate_exits_0_on_a_conforming_store(tmp_path):
    result = run_validate(make_store(tmp_path / "store", good_graph()))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_kg_validate_exits_1_and_prints_focus_path_and_message(tmp_path):
    data = good_graph()
    data.update((FIXTURES / "broken" / "entity-two-labels.ru").read_text(encoding="utf-8"))
    data.update((FIXTURES / "broken" / "event-date-as-text.ru").read_text(encoding="utf-8"))
    result = run_validate(make_store(tmp_path / "store", data))
    assert result.exit_code == 1, result.output
    assert "Pakistan" in result.output and "rdfs:label" in result.output
    assert "exactly one rdfs:label" in result.output
    assert "kg:date" in result.output and "19 October 2025" in result.output
    assert "2 violation(s) on 2 node(s)" in result.output


def test_kg_validate_reads_the_store_without_changing_it(tmp_path):
    store = make_store(tmp_path / "store", good_graph())
    before = sorted(p.name for p in Path(store).iterdir())
    assert run_validate(store).exit_code == 0
    assert len(ox.Store.read_only(store)) == len(good_graph())
    assert sorted(p.name for p in Path(store).iterdir()) == before


def test_kg_validate_without_a_store_says_so(tmp_path):
    result = run_validate(str(tmp_path / "nowhere"))
    assert result.exit_code != 0
    assert "no store" in result.output


@pytest.mark.slow
def test_kg_validate_over_a_remote_sparql_store(remote_settings):
    from kg.stores import open_store

    data = good_graph()
    data.update((FIXTURES / "broken" / "position-without-title.ru").read_text(encoding="utf-8"))
    triples = data.serialize(format="nt", encoding="utf-8").decode("utf-8")
    open_store(remote_settings).update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triples} }} }}")
    result = run_validate(remote_settings.store)
    assert result.exit_code == 1, result.output
    assert "kg:title" in result.output and "1 violation(s) on 1 node(s)" in result.output


@pytest.mark.slow
def test_the_seed_build_conforms(seed_store):
    """What the whole pipeline writes for the seed articles passes every shape."""
    result = run_validate(seed_store.store)
    assert result.exit_code == 0, result.output
