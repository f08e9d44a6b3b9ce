"""kg export: every format round-trips to the store's content, Turtle is stable and prefixed, and the
external sort, gzip output, one-graph export and the ontology option behave as documented."""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import export as ex
from kg.settings import Settings
from kg.stores import meta_graph_iri, open_store

# The hand-made two-article store: tests/support/handmade_graph.py, its fixtures `hm`, `hm_settings` in conftest.py.
from tests.support.handmade_graph import BASE, build_handmade_store, coalition_facts, talks_facts

TALKS = BASE + "article/talks0000000001"
COALITION = BASE + "article/coalition000002"


def exported(store, fmt: str, settings: Settings | None = None, **options) -> bytes:
    out = io.BytesIO()
    ex.export(store, out, fmt, settings=settings or Settings(), **options)
    return out.getvalue()


def store_quads(store, settings: Settings | None = None) -> set[tuple]:
    """The article graphs' quads as N-Triples-form strings (the graphs hold no blank nodes)."""
    meta = meta_graph_iri(settings or Settings())
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {(str(r["s"]), str(r["p"]), str(r["o"]), r["g"].value) for r in rows if r["g"].value != meta}


def parsed_quads(data: bytes, fmt: ox.RdfFormat) -> set[tuple]:
    return {(str(q.subject), str(q.predicate), str(q.object), q.graph_name.value) for q in ox.parse(data, fmt)}


def parsed_triples(data: bytes, fmt: ox.RdfFormat) -> set[tuple]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(data, fmt)}


# --- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,rdf_format", [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD)]
)
def test_dataset_formats_keep_one_named_graph_per_article_and_round_trip(hm, fmt, rdf_format):
    assert parsed_quads(exported(hm, fmt), rdf_format) == store_quads(hm)


@pytest.mark.parametrize("fmt,rdf_format", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)])
def test_turtle_and_ntriples_hold_the_union_of_the_article_graphs(hm, fmt, rdf_format):
    union = {(s, p, o) for s, p, o, _g in store_quads(hm)}
    assert parsed_triples(exported(hm, fmt), rdf_format) == union


def native_union(store) -> Graph:
    """The store's article graphs as pyoxigraph itself serialises them, read by rdflib."""
    graph = Graph()
    for g in {q[3] for q in store_quads(store)}:
        graph.parse(data=store_dump(store, g), format="nt")
    return graph


def store_dump(store, graph: str) -> str:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_TRIPLES, graph=graph)
    return out.getvalue().decode("utf-8")


def test_the_turtle_export_loads_in_rdflib_isomorphic_to_the_store(hm):
    got = Graph().parse(data=exported(hm, "turtle").decode("utf-8"), format="turtle")
    expected = native_union(hm)
    assert len(got) == len(expected) == 269 and isomorphic(got, expected)


def test_the_trig_export_loads_in_rdflib_with_its_named_graphs(hm):
    ds = Dataset()
    ds.parse(data=exported(hm, "trig").decode("utf-8"), format="trig")
    graphs = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    expected = {}
    for _s, _p, _o, g in store_quads(hm):
        expected[g] = expected.get(g, 0) + 1
    assert graphs == expected


def test_a_triple_stated_by_two_articles_appears_once_in_the_union(hm):
    nt = exported(hm, "nt").decode("utf-8")
    label = f'<{BASE}country/pakistan> <http://www.w3.org/2000/01/rdf-schema#label> "Pakistan" .\n'
    assert nt.count(label) == 1
    nq = exported(hm, "nquads").decode("utf-8")
    assert nq.count(label[:-3]) == 2  # once in each article's graph


# --- stable, prefixed Turtle -------------------------------------------------------------------------


def test_two_exports_of_the_same_store_are_byte_identical_in_every_format(hm):
    for fmt in ex.FORMATS:
        assert exported(hm, fmt) == exported(hm, fmt), fmt


def test_the_same_content_written_in_another_order_exports_to_the_same_bytes(tmp_path, hm):
    from tests.support.handmade_graph import nquads

    settings = Settings(store=str(tmp_path / "other"))
    store = open_store(settings)
    # The articles in the other order and each graph's triples reversed.
    quads = list(ox.parse(nquads([coalition_facts(), talks_facts()]), format=ox.RdfFormat.N_QUADS))
    for graph in (COALITION, TALKS):
        store.replace_graph(graph, [q for q in reversed(quads) if q.graph_name.value == graph])
    try:
        for fmt in ("turtle", "trig", "nquads"):
            assert exported(store, fmt) == exported(hm, fmt), fmt
    finally:
        store.close()


def test_turtle_uses_the_project_prefixes_and_groups_each_subject(hm):
    text = exported(hm, "turtle").decode("utf-8")
    assert text.startswith("@prefix kg: <https://w3id.org/newskg/ontology#> .\n")
    assert "@prefix wd: <http://www.wikidata.org/entity/> .\n" in text
    block = text[text.index(f"<{BASE}country/turkey>\n") :]
    block = block[: block.index(" .\n\n") + 3]
    assert "    a kg:Country ;\n" in block
    assert "owl:sameAs wd:Q43 ;" in block
    assert 'rdfs:label "Turkey"' in block and 'skos:altLabel "Turkiye" ,' in block
    assert text.count(f"<{BASE}country/turkey>\n") == 1  # one block, though two articles mention it
    assert '"2025-10-27"^^xsd:date' in text


def test_the_external_sort_in_small_chunks_gives_the_same_export(hm, monkeypatch, tmp_path):
    whole_turtle, whole_nt = exported(hm, "turtle"), exported(hm, "nt")
    monkeypatch.setattr(ex, "BLOCK_BYTES", 700)  # many small reads, so many sorted runs to merge
    runs = []
    real_write_run = ex._write_run
    monkeypatch.setattr(ex, "_write_run", lambda *a: runs.append(real_write_run(*a)) or runs[-1])
    assert exported(hm, "turtle", chunk_lines=7) == whole_turtle
    assert len(runs) > 20
    assert exported(hm, "nt", chunk_lines=1) == whole_nt
    # The runs merged a few records at a time (a block cut mid-run, duplicates across runs).
    monkeypatch.setattr(ex, "RUN_BLOCK_BYTES", 200)
    assert exported(hm, "turtle", chunk_lines=30) == whole_turtle
    assert exported(hm, "nt", chunk_lines=30, with_ontology=True) == exported(hm, "nt", with_ontology=True)


def test_awkward_literals_and_iris_survive_the_turtle_writer(tmp_path):
    settings = Settings(store=str(tmp_path / "odd"))
    store = open_store(settings)
    s = ox.NamedNode(BASE + "thing/odd")
    g = BASE + "article/odd"
    objects = [
        ox.Literal('say "hi"^^<x>\n\\ done', language="en"),
        ox.Literal('ends with "^^<', language="fr"),
        ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt#a.b")),
        ox.Literal("ünïcødé ✓"),
        ox.NamedNode("https://w3id.org/newskg/ontology#with.dot."),
        ox.NamedNode("http://www.wikidata.org/entity/"),
        ox.NamedNode("https://w3id.org/newskg/ontology#a/b"),
        ox.BlankNode("b0"),
    ]
    store.replace_graph(
        g, [ox.Quad(s, ox.NamedNode("https://w3id.org/newskg/ontology#p"), o, ox.NamedNode(g)) for o in objects]
    )
    try:
        data = exported(store, "turtle")
        assert len(parsed_triples(data, ox.RdfFormat.TURTLE)) == len(objects)
        got = Graph().parse(data=data.decode("utf-8"), format="turtle")
        assert {str(o) for o in got.objects()} >= {
            'say "hi"^^<x>\n\\ done',
            "ünïcødé ✓",
            "https://w3id.org/newskg/ontology#with.dot.",
        }
    finally:
        store.close()


# --- options -------------------------------------------------------------------------------------------


def test_one_article_graph_by_id_or_iri(hm):
    by_id = exported(hm, "nquads", graph="coalition000002")
    assert by_id == exported(hm, "nquads", graph=COALITION) == exported(hm, "nquads", graph="article/coalition000002")
    assert {q[3] for q in parsed_quads(by_id, ox.RdfFormat.N_QUADS)} == {COALITION}
    turtle = parsed_triples(exported(hm, "turtle", graph=COALITION), ox.RdfFormat.TURTLE)
    assert turtle == {(s, p, o) for s, p, o, g in store_quads(hm) if g == COALITION}
    with pytest.raises(ex.ExportError, match="no graph"):
        exported(hm, "turtle", graph="nope")


def test_with_ontology_adds_the_ontology_and_stays_byte_stable(hm):
    files = ex.ontology_files()
    if not files:
        pytest.skip("no ontology .ttl shipped yet")
    ontology = Graph()
    for f in files:
        ontology.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    turtle = exported(hm, "turtle", with_ontology=True)
    assert turtle == exported(hm, "turtle", with_ontology=True)  # blank nodes (OWL lists) get stable names
    assert isomorphic(Graph().parse(data=turtle.decode("utf-8"), format="turtle"), native_union(hm) + ontology)
    ds = Dataset()
    ds.parse(data=exported(hm, "trig", with_ontology=True).decode("utf-8"), format="trig")
    assert isomorphic(ds.graph(ex.ONTOLOGY_GRAPH), ontology)


def test_unknown_formats_are_refused_and_aliases_accepted():
    assert ex.normalise_format("TTL") == "turtle" and ex.normalise_format("nq") == "nquads"
    with pytest.raises(ex.ExportError, match="unknown export format"):
        ex.normalise_format("rdfxml")
    assert ex.format_for("graph.nq.gz") == "nquads" and ex.format_for("x.trig") == "trig" and ex.format_for("-") is None


# --- the command line and other tools ------------------------------------------------------------------


def kg(args: list[str]):
    from kg.cli import main

    return CliRunner().invoke(main, args)


def test_kg_export_writes_stdout_and_gzip_files_with_the_same_bytes(hm_settings, tmp_path):
    out = kg(["--store", hm_settings.store, "export", "--format", "turtle"])
    assert out.exit_code == 0, out.output
    first, second = tmp_path / "a.ttl.gz", tmp_path / "b.ttl.gz"
    assert kg(["--store", hm_settings.store, "export", "-o", str(first)]).exit_code == 0
    assert kg(["--store", hm_settings.store, "export", "-o", str(second)]).exit_code == 0
    assert gzip.decompress(first.read_bytes()) == out.stdout_bytes
    assert first.read_bytes() == second.read_bytes()  # no name or time in the gzip header


def test_kg_export_guesses_the_format_from_the_file_name(hm_settings, hm, tmp_path):
    path = tmp_path / "graph.nq"
    out = kg(["--store", hm_settings.store, "export", "-o", str(path), "--graph", "talks0000000001"])
    assert out.exit_code == 0, out.output
    assert {q[3] for q in parsed_quads(path.read_bytes(), ox.RdfFormat.N_QUADS)} == {TALKS}
    bad = kg(["--store", hm_settings.store, "export", "--graph", "missing"])
    assert bad.exit_code == 2 and "no graph" in bad.output


def test_the_exported_turtle_loads_with_the_oxigraph_command(hm, tmp_path):
    binary = shutil.which("oxigraph") or str(__import__("pathlib").Path(sys.executable).parent / "oxigraph")
    if not __import__("os").path.exists(binary):
        pytest.skip("the oxigraph server command is not installed")
    data = tmp_path / "graph.ttl"
    data.write_bytes(exported(hm, "turtle"))
    location = tmp_path / "loaded"
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(data)], check=True, capture_output=True, timeout=120
    )
    loaded = ox.Store.read_only(str(location))
    got = {(str(q.subject), str(q.predicate), str(q.object)) for q in loaded.quads_for_pattern(None, None, None)}
    assert got == {(s, p, o) for s, p, o, _g in store_quads(hm)}


@pytest.mark.slow
def test_a_remote_store_exports_the_same_bytes_as_the_embedded_one(remote_settings, hm):
    build_handmade_store(remote_settings)
    remote = open_store(remote_settings, read_only=True)
    try:
        for fmt in ("turtle", "nquads"):
            assert exported(remote, fmt, remote_settings) == exported(hm, fmt), fmt
    finally:
        remote.close()


@pytest.mark.slow
def test_the_seed_graph_round_trips_and_its_build_bookkeeping_is_left_out(seed_store):
    store = open_store(seed_store, read_only=True)
    try:
        meta = meta_graph_iri(seed_store)
        quads = parsed_quads(exported(store, "nquads", seed_store), ox.RdfFormat.N_QUADS)
        assert quads == store_quads(store, seed_store)
        assert meta not in {q[3] for q in quads}
        assert len({q[3] for q in quads}) == 2  # the two seed articles
        turtle = exported(store, "turtle", seed_store)
        assert turtle == exported(store, "turtle", seed_store)
        assert parsed_triples(turtle, ox.RdfFormat.TURTLE) == {(s, p, o) for s, p, o, _g in quads}
    finally:
        store.close()


def test_triples_in_the_store_default_graph_are_exported_too(tmp_path):
    settings = Settings(store=str(tmp_path / "withdefault"))
    build_handmade_store(settings)
    store = open_store(settings)
    store.update('INSERT DATA { <https://example.org/a> <https://example.org/b> "in the default graph" }')
    try:
        line = '<https://example.org/a> <https://example.org/b> "in the default graph" .\n'
        assert line.encode() in exported(store, "nt")
        assert exported(store, "nquads").startswith(line.encode())  # the default graph comes first
        union = parsed_triples(exported(store, "turtle"), ox.RdfFormat.TURTLE)
        assert len(union) == len({(s, p, o) for s, p, o, _g in store_quads(store)}) + 1
    finally:
        store.close()


@pytest.mark.slow
def test_no_path_of_the_builders_machine_reaches_an_export(tmp_path):
    from kg.build import build
    from kg.cli import main

    home = tmp_path / "reporter" / "drafts"
    home.mkdir(parents=True)
    (home / "story.txt").write_text(
        f"Title: Talks resume\nSource: {home / 'story.txt'}\nPublished: 2025-03-04\n\n"
        "Kenya and Uganda held talks in Nairobi on Monday.\n"
    )
    settings = Settings(store=str(tmp_path / "store"))
    assert build([home], settings).ok
    for fmt in ("trig", "nquads"):
        out = tmp_path / f"export.{fmt}"
        result = CliRunner().invoke(main, ["export", "--store", settings.store, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Talks resume" in text  # the article is there
        assert str(tmp_path) not in text  # but not where it was written
