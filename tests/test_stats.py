"""kg stats: counts a user can check by hand on a small graph, on both backends, as a table and as JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.build import BatchWriter
from kg.cli import main
from kg.model import Article, Entity, Event, Evidence, Facts
from kg.rdf import Minter
from kg.settings import Settings
from kg.stats import stats
from kg.stores import meta_graph_iri, open_store


def two_articles() -> list[Facts]:
    first = Article(id="a1", title="Talks", body="Pakistan and Turkey met. Ceasefire agreed.")
    second = Article(id="a2", title="More talks", body="Turkey hosted Asim Munir.")
    pakistan = Entity(key="country/pakistan", type="Country", label="Pakistan", wikidata="Q843")
    turkey = Entity(key="country/turkey", type="Country", label="Turkey")
    munir = Entity(key="person/asim-munir", type="Official", label="Asim Munir")
    met = Event(
        category="Meeting",
        evidence=[Evidence("Pakistan and Turkey met.", 0, 24)],
        roles={"participant": ["country/pakistan", "country/turkey"]},
    )
    truce = Event(
        category="Agreement",
        fine_type="Ceasefire",
        evidence=[Evidence("Ceasefire agreed.", 25, 42)],
        roles={"signatory": ["country/pakistan", "country/turkey"]},
        date="2025-10-19",
    )
    hosted = Event(
        category="Visit",
        evidence=[Evidence("Turkey hosted Asim Munir.", 0, 25)],
        roles={"host": ["country/turkey"], "participant": ["person/asim-munir"]},
    )
    return [
        Facts(article=first, entities={e.key: e for e in (pakistan, turkey)}, events=[met, truce]),
        Facts(article=second, entities={e.key: e for e in (turkey, munir)}, events=[hosted]),
    ]


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.slow)])  # remote: `oxigraph serve`
def small_store(request, tmp_path) -> Settings:
    settings = (
        Settings(store=str(tmp_path / "store"))
        if request.param == "embedded"
        else request.getfixturevalue("remote_settings")
    )
    with open_store(settings) as st:
        writer = BatchWriter(st, Minter(settings.base_iri), meta_graph_iri(settings))
        for facts in two_articles():
            writer.add(facts)
        writer.finish()
    return settings


def test_stats_count_articles_entities_events_and_links(small_store):
    with open_store(small_store, read_only=True) as st:
        result = stats(st, small_store.base_iri)
        stored = st.count()

    assert result.articles == 2
    assert result.graphs == 2
    assert result.entities == {"Country": 2, "Place": 0, "Organization": 0, "Person": 0, "Official": 1}
    assert result.entities_total == 3  # Turkey is in both articles but is one node
    assert result.events["Meeting"] == 1 and result.events["Agreement"] == 1 and result.events["Visit"] == 1
    assert result.events_total == 3
    assert result.links == 1
    # Turkey's type, label and mention... repeat across the two graphs: stored twice, seen once.
    assert result.quads == stored
    assert result.triples < result.quads


def test_cli_prints_a_table_and_json(small_store):
    runner = CliRunner()
    as_json = runner.invoke(main, ["stats", "--store", small_store.store, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["articles"] == 2 and data["events"]["Meeting"] == 1 and data["links"] == 1

    table = runner.invoke(main, ["stats", "--store", small_store.store])
    assert table.exit_code == 0
    assert "articles" in table.output and "Official" in table.output


def test_stats_of_the_seed_build(seed_store):
    with open_store(seed_store, read_only=True) as st:
        result = stats(st, seed_store.base_iri)
    assert result.articles == 2
    assert result.entities_total > 0
    assert result.triples > 0


def test_stats_of_a_store_never_built_says_to_build(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "kg build" in result.output


def test_the_build_summary_counts_what_stats_counts(tmp_path):
    # Two articles reporting one dated ceasefire between the same parties: one event node, in both tallies
    settings = Settings(store=str(tmp_path / "store"))
    first, second = two_articles()
    again = Facts(
        article=Article(id="a3", title="Truce holds", body="Ceasefire agreed."),
        entities=dict(first.entities),
        events=[first.events[1]],
    )
    with open_store(settings) as st:
        writer = BatchWriter(st, Minter(settings.base_iri), meta_graph_iri(settings))
        for facts in (first, second, again):
            writer.add(facts)
        writer.finish()
        report = writer.report
    with open_store(settings, read_only=True) as st:
        counted = stats(st, settings.base_iri)
    assert (report.events, report.entities) == (counted.events_total, counted.entities_total) == (3, 3)
