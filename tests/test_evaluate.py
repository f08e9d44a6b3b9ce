"""`kg eval` scores like the neutral scorer: on a small hand-made graph, and against ../shared/eval/score.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.cli.eval_cmd import load_scorer
from kg.errors import ConfigError
from kg.stores import open_store

# The scorer `kg eval` runs: scripts/scorer.py of this checkout, loaded the way the command loads it.
scorer = load_scorer()
score, format_report, evaluate_store = scorer.score, scorer.format_report, scorer.evaluate_store

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCORER = os.path.join(REPO, "..", "shared", "eval", "score.py")
SEED_GOLD = os.path.join(REPO, "..", "shared", "gold", "seed.gold.json")

GRAPH = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix art: <https://w3id.org/newskg/id/article/> .
@prefix c: <https://w3id.org/newskg/id/country/> .
@prefix ev: <https://w3id.org/newskg/id/event/> .
@prefix m: <https://w3id.org/newskg/id/mention/> .
art:a a kg:Article ; dcterms:title "Talks" ; nif:isString "Ghana and Togo held talks." .
c:ghana a kg:Country ; rdfs:label "Ghana" .
c:togo a kg:Country ; rdfs:label "Togo" .
ev:e1 a kg:Negotiation ; kg:participant c:ghana, c:togo ;
    prov:wasDerivedFrom art:a ; kg:evidence m:m1 .
m:m1 nif:anchorOf "Ghana and Togo held talks." ; nif:beginIndex 0 ; nif:endIndex 26 .
ev:e2 a kg:Negotiation ; kg:participant c:ghana ;
    prov:wasDerivedFrom art:a ; kg:evidence m:m2 .
m:m2 nif:anchorOf "Ghana and Togo" ; nif:beginIndex 1 ; nif:endIndex 15 .
kg:Negotiation rdfs:subClassOf kg:Event .
"""

GOLD = {
    "format": "newskg-gold/1",
    "articles": [{"title": "Talks", "published": "unknown"}],
    "entities": [
        {"id": "ghana", "type": "Country", "label": "Ghana"},
        {"id": "togo", "type": "Country", "label": "Togo"},
        {"id": "benin", "type": "Country", "label": "Benin"},
    ],
    "events": [{"id": "talks", "type": "Negotiation", "participants": [["ghana"], ["togo"]]}],
}


@pytest.fixture
def small(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    return graph, gold


def test_one_graph_event_per_gold_event_and_evidence_checked(small):
    graph, gold = small
    report = score([graph], [gold])
    assert report["events"]["recall"] == 1.0
    assert report["events"]["precision"] == 0.5  # the second event for the same talks is a false positive
    assert report["provenance"]["events_with_valid_evidence"] == 0.5  # its offsets do not match the body
    assert report["entities"]["recall"] == pytest.approx(2 / 3)  # Benin is missing
    assert report["articles"]["articles_found"] == "1/1"


def test_report_ends_with_the_overall_line(small):
    graph, gold = small
    text = format_report(score([graph], [gold]))
    assert text.splitlines()[-1].startswith("overall: F1 ")


def store_as_article_a(st, graph) -> None:
    """Writes the Turtle file `graph` into the store as the named graph of article a."""
    import pyoxigraph as ox

    name = "https://w3id.org/newskg/id/article/a"
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for t in ox.parse(graph.read_bytes(), format=ox.RdfFormat.TURTLE)
    ]
    st.replace_graph(name, quads)


def test_store_is_scored_through_its_export(small, settings):
    graph, gold = small
    with open_store(settings) as st:
        store_as_article_a(st, graph)
        report = evaluate_store(st, [gold])
    assert report["events"]["precision"] == 0.5 and report["events"]["recall"] == 1.0


@pytest.mark.slow
def test_agrees_with_the_shared_scorer_on_the_seed(tmp_path, seed_dir):
    if not (os.path.exists(SCORER) and os.path.exists(SEED_GOLD)):
        pytest.skip("../shared/eval/score.py or the seed gold is not here")
    import pyoxigraph as ox

    from kg.build import build
    from kg.settings import Settings

    settings = Settings(store=str(tmp_path / "store"))
    build([seed_dir], settings)
    export = tmp_path / "seed.nq"
    with open_store(settings, read_only=True) as st, export.open("wb") as fh:
        st.dump(fh, ox.RdfFormat.N_QUADS)
    ontology = os.path.join(REPO, "ontology")
    # The scorer breaks ties in set order, so both run with the same hash seed on the same file.
    env = dict(os.environ, PYTHONHASHSEED="0")
    theirs = subprocess.run(
        [sys.executable, SCORER, "--graph", str(export), "--ontology", ontology, SEED_GOLD],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    ours = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kg.cli.eval_cmd import load_scorer; "
            "s = load_scorer(); print(s.format_report(s.score([sys.argv[1]], [sys.argv[2]], sys.argv[3])))",
            str(export),
            SEED_GOLD,
            ontology,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=REPO,
    ).stdout
    assert ours == theirs
    assert "overall: F1" in ours


def test_kg_eval_command_prints_the_report(small, settings):
    from click.testing import CliRunner

    from kg.cli import main

    graph, gold = small
    with open_store(settings) as st:
        store_as_article_a(st, graph)
    result = CliRunner().invoke(main, ["eval", str(gold), "--store", settings.store])
    assert result.exit_code == 0, result.output
    assert "events      P 0.500  R 1.000" in result.output
    assert result.output.strip().splitlines()[-1].startswith("overall: F1 ")


def test_kg_eval_without_a_checkout_says_where_the_scorer_is(tmp_path):
    with pytest.raises(ConfigError, match="score.py"):
        load_scorer(tmp_path / "scripts" / "scorer.py")
