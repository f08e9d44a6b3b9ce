"""kg build / kg remove: every article in its own graph, idempotent, incremental, broken files reported."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import BatchWriter, build, remove
from kg.cli import main
from kg.model import Article, Entity, Facts
from kg.rdf import Minter
from kg.settings import Settings
from kg.stores import meta_graph_iri, open_store
from kg.vocab import DEFAULT_BASE, RDFS, SKOS

pytestmark = pytest.mark.slow


def write_article(folder: Path, name: str, title: str, body: str, published: str = "2025-10-27") -> Path:
    path = folder / name
    path.write_text(
        f"Title: {title}\nSource: https://example.org/{name}\nPublished: {published}\n\n{body}\n", encoding="utf-8"
    )
    return path


def quads(settings: Settings) -> set[ox.Quad]:
    with open_store(settings, read_only=True) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    return set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))


def article_graphs(settings: Settings) -> list[str]:
    with open_store(settings, read_only=True) as st:
        return [g for g in st.graphs() if "/article/" in g]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    write_article(
        folder,
        "a.txt",
        "Talks in Istanbul",
        "ISLAMABAD: Pakistan and Afghanistan officials met in Istanbul on Monday for talks.",
    )
    write_article(
        folder / "sub",
        "b.txt",
        "Ceasefire agreed",
        "DOHA: Qatar said the two sides agreed to a ceasefire in Doha on Sunday.",
    )
    return folder


def test_each_article_lands_in_its_own_graph_named_by_its_iri(seed_store):
    with open_store(seed_store, read_only=True) as st:
        rows = list(st.query("SELECT ?a ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } }"))
    assert len(rows) == 2
    assert all(row["a"] == row["g"] for row in rows)


def test_building_the_same_files_again_changes_nothing(corpus, settings):
    first = build([corpus], settings)
    before = quads(settings)
    again = build([corpus], settings)

    assert first.ok and first.written == 2
    assert again.written == 0 and again.unchanged == 2
    assert quads(settings) == before


def test_a_changed_article_replaces_its_graph_and_the_others_stay(corpus, settings):
    build([corpus], settings)
    old = set(article_graphs(settings))
    b_graph_quads = {q for q in quads(settings) if "Ceasefire" in str(q.object)}

    write_article(
        corpus,
        "a.txt",
        "Talks in Istanbul, day two",
        "ISLAMABAD: Pakistan and Afghanistan officials met again in Istanbul on Tuesday.",
    )
    report = build([corpus], settings)

    new = set(article_graphs(settings))
    assert report.written == 1 and report.removed == 1
    assert len(new) == 2 and len(new & old) == 1
    titles = {q.object.value for q in quads(settings) if q.predicate.value.endswith("/title")}
    assert titles == {"Talks in Istanbul, day two", "Ceasefire agreed"}
    assert b_graph_quads <= quads(settings)


def test_a_file_deleted_from_a_built_folder_takes_its_articles_with_it(corpus, settings):
    build([corpus], settings)
    (corpus / "sub" / "b.txt").unlink()
    report = build([corpus], settings)
    assert report.removed == 1
    assert len(article_graphs(settings)) == 1


def test_the_same_text_in_two_files_is_one_graph_kept_while_either_file_has_it(corpus, settings):
    (corpus / "copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    first = build([corpus], settings)
    assert (first.read, first.duplicates, first.written, first.unchanged) == (3, 1, 2, 0)
    assert len(article_graphs(settings)) == 2

    (corpus / "copy.txt").unlink()
    build([corpus], settings)
    assert len(article_graphs(settings)) == 2
    (corpus / "a.txt").unlink()
    build([corpus], settings)
    assert len(article_graphs(settings)) == 1


def test_a_broken_file_is_reported_by_name_and_the_rest_lands(corpus, settings):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "bad.jsonl").write_text('{"title": "ok", "text": "Pakistan talks."}\n{not json\n', encoding="utf-8")

    result = CliRunner().invoke(main, ["build", str(corpus), "--store", settings.store, "--quiet"])

    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty file" in result.output
    assert "bad.jsonl:2" in result.output
    assert len(article_graphs(settings)) == 3
    assert "3 articles read: 3 written" in result.output


def test_cli_build_succeeds_with_exit_0_and_remove_takes_one_article_out(corpus, settings):
    runner = CliRunner()
    built = runner.invoke(
        main, ["build", str(corpus), "--store", settings.store, "--workers", "1", "--batch-size", "1"]
    )
    assert built.exit_code == 0, built.output
    graphs = article_graphs(settings)
    article_id = graphs[0].rsplit("/", 1)[1]

    removed = runner.invoke(main, ["remove", article_id, "--store", settings.store])
    assert removed.exit_code == 0
    assert article_graphs(settings) == graphs[1:]
    with open_store(settings, read_only=True) as st:
        left = list(st.query(f"SELECT * WHERE {{ <{graphs[0]}> ?p ?o }}"))
    assert left == []  # its source record in the meta graph went too
    again = runner.invoke(main, ["remove", article_id, "--store", settings.store])
    assert again.exit_code == 1 and "no article" in again.output


def test_a_missing_path_is_an_error_naming_it(settings, tmp_path):
    report = build([tmp_path / "nowhere"], settings)
    assert not report.ok
    assert "nowhere" in str(report.errors[0])


def test_build_against_a_remote_server_gives_the_embedded_graph(corpus, settings, remote_settings):
    build([corpus], settings)
    report = build([corpus], remote_settings)
    assert report.ok and report.written == 2
    with open_store(remote_settings) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == quads(settings)
    assert build([corpus], remote_settings).written == 0


# -- one rdfs:label per entity across graphs


def facts_with(article_id: str, label: str, aliases=()) -> Facts:
    art = Article(id=article_id, title=f"t {article_id}", body=f"body {article_id}")
    ent = Entity(key="country/turkey", type="Country", label=label, aliases=set(aliases))
    return Facts(article=art, entities={ent.key: ent})


def write(settings: Settings, *all_facts: Facts) -> None:
    with open_store(settings) as st:
        writer = BatchWriter(st, Minter(settings.base_iri), meta_graph_iri(settings), max_quads=1)
        for facts in all_facts:
            writer.add(facts)
        writer.finish()


def labels(settings: Settings) -> tuple[list[str], list[str]]:
    node = f"{DEFAULT_BASE}country/turkey"
    with open_store(settings, read_only=True) as st:
        pref = sorted(r[0].value for r in st.query(f"SELECT DISTINCT ?l WHERE {{ <{node}> <{RDFS.label}> ?l }}"))
        alt = sorted(r[0].value for r in st.query(f"SELECT DISTINCT ?l WHERE {{ <{node}> <{SKOS.altLabel}> ?l }}"))
    return pref, alt


def test_the_first_label_stored_wins_and_later_ones_become_alt_labels(settings):
    write(settings, facts_with("a1", "Türkiye", {"Turkey"}), facts_with("a2", "Turkey", {"Türkiye", "Turkiye"}))
    assert labels(settings) == (["Türkiye"], ["Turkey", "Turkiye"])


def test_the_rule_holds_inside_one_batch_too(settings):
    with open_store(settings) as st:
        writer = BatchWriter(st, Minter(settings.base_iri), meta_graph_iri(settings))
        writer.add(facts_with("a1", "Turkey"))
        writer.add(facts_with("a2", "Türkiye"))
        writer.finish()
    assert labels(settings) == (["Turkey"], ["Türkiye"])


def test_removing_the_graph_that_held_the_label_promotes_one_alt_label(settings):
    write(settings, facts_with("a1", "Türkiye"), facts_with("a2", "Turkey"), facts_with("a3", "Turkey", {"Turkiye"}))
    assert remove("a1", settings)
    assert labels(settings) == (["Turkey"], ["Turkiye"])


def test_parallel_workers_build_the_same_graph(corpus, settings, tmp_path):
    serial = build([corpus], settings)
    parallel_settings = Settings(store=str(tmp_path / "parallel"), workers=2, batch_size=1)
    parallel = build([corpus], parallel_settings)
    assert serial.ok and parallel.ok and parallel.written == 2
    assert quads(parallel_settings) == quads(settings)


def test_a_graph_without_its_source_record_is_an_unfinished_write_and_is_written_again(corpus, settings):
    build([corpus], settings)
    full = quads(settings)
    graph = article_graphs(settings)[0]
    meta = meta_graph_iri(settings)
    with open_store(settings) as st:
        # What a server-side write cut between its requests leaves: part of the graph, no record.
        st.update(
            f"DELETE WHERE {{ GRAPH <{meta}> {{ <{graph}> ?p ?o }} }} ; "
            f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s <{RDFS.label}> ?l }} }}"
        )
    report = build([corpus], settings)
    assert report.written == 1
    assert quads(settings) == full
