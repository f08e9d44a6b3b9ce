"""Event extraction on news unlike the seed and dev articles, scored against hand-written gold.

tests/fixtures/generality/v_*.txt are wire reports written for the project (a drone strike and
air strikes in Myanmar, a brokered prisoner swap, a state visit with a trade deal, a regional
summit admitting a member, tit-for-tat expulsions with a phone call, a ceasefire broken within
hours); v_*.gold.json annotate them in the newskg-gold/1 format. The floors are the scores
measured when the fixtures were added, less a margin, so a change that makes events on unseen
news worse fails here even when the seed and dev scores hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.articles import read_paths
from kg.cli.eval_cmd import load_scorer
from kg.extract import extract_many
from kg.rdf import facts_to_dataset

score, packaged_ontology = load_scorer().score, load_scorer().packaged_ontology  # `kg eval`'s scorer

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "generality"


def _score(prefix: str, extractor, tmp_path_factory) -> dict:
    texts = sorted(FIXTURES.glob(f"{prefix}_*.txt"))
    golds = sorted(FIXTURES.glob(f"{prefix}_*.gold.json"))
    assert texts and len(texts) == len(golds)
    articles = read_paths([str(p) for p in texts]).articles
    facts = list(extract_many(articles, nlp=extractor))
    out = tmp_path_factory.mktemp("generality") / f"{prefix}.nq"
    facts_to_dataset(facts).serialize(str(out), format="nquads")
    return score([out], golds, packaged_ontology())


@pytest.fixture(scope="module")
def report(extractor, tmp_path_factory):
    return _score("v", extractor, tmp_path_factory)


def test_events_found_on_unseen_news(report):
    events = report["events"]
    # measured: P 0.865, R 1.000, F1 0.928 (P 0.84 when the neutral scorer breaks ties the other way)
    assert events["recall"] >= 0.95, events["missed"]
    assert events["precision"] >= 0.79, events["unmatched_system"]
    assert events["f1"] >= 0.87


def test_event_arguments_on_unseen_news(report):
    events = report["events"]
    # measured: participants R 0.940 P 0.962, roles 0.586-0.690 (tie order), location 0.619, date 0.778
    assert events["participants_recall"] >= 0.89
    assert events["participants_precision"] >= 0.91
    assert events["roles"] >= 0.53
    assert events["location"] >= 0.56
    assert events["date"] >= 0.72


def test_every_event_sentence_is_where_it_says(report):
    assert report["provenance"]["events_with_valid_evidence"] == 1.0


def test_events_recalled_on_news_annotated_by_someone_else(extractor, tmp_path_factory):
    # tests/fixtures/generality/e_* were written and annotated by the entities side for its own test; their
    # gold lists the main happenings (few statements), so only recall says something here. Measured: 0.80.
    events = _score("e", extractor, tmp_path_factory)["events"]
    assert events["recall"] >= 0.7, events["missed"]
