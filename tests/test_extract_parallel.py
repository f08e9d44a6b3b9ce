"""Parallel extraction (kg/extract/parallel.py, what `kg build` uses on several cores): the same facts as one
process, in input order; an article that fails or kills its worker is reported and the others still land."""

from __future__ import annotations

import pytest

from kg.extract import extract_many
from kg.extract.parallel import WorkerDied, can_fork, extract_parallel
from kg.model import Article
from tests.support.cluster_saboteur import sabotaged_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not can_fork(), reason="needs fork")]

BODIES = [
    "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Monday.",
    "Ethiopia and Eritrea held talks in Nairobi on Friday mediated by Kenya.",
    "Russia launched an air strike on Kharkiv on Tuesday, killing five civilians, officials said.",
    "The African Union suspended Gabon after the coup, the bloc said in Addis Ababa.",
    "Sudan expelled two Kenyan diplomats on Thursday.",
]


def _articles(bodies) -> list[Article]:
    return [Article(id=f"a{i}", title=f"t{i}", body=b, published="2025-03-12") for i, b in enumerate(bodies)]


@pytest.fixture(scope="module")
def sabotaged():
    return sabotaged_pipeline()  # the same saboteur the cluster tests ship to their workers


def test_the_same_facts_in_the_same_order_as_one_process(extractor):
    articles = _articles(BODIES * 3)
    alone = list(extract_many(articles, nlp=extractor))
    together = list(extract_parallel(articles, extractor, n_process=2, batch_size=2))
    assert [a.id for a, _, _ in together] == [a.id for a in articles]
    assert all(err is None for _, _, err in together)
    assert [f for _, f, _ in together] == alone


def test_a_failing_article_is_reported_and_its_batch_still_lands(sabotaged):
    articles = _articles([BODIES[0], "BOOM " + BODIES[1], BODIES[2], BODIES[3]])
    results = list(extract_parallel(articles, sabotaged, n_process=2, batch_size=2))
    errors = {a.id: err for a, _, err in results if err is not None}
    assert list(errors) == ["a1"] and "boom in this article" in str(errors["a1"])
    assert [a.id for a, f, _ in results if f is not None] == ["a0", "a2", "a3"]


def test_an_article_that_kills_its_worker_is_reported_and_no_other_is_lost(sabotaged):
    articles = _articles([BODIES[0], BODIES[1], "DIE " + BODIES[2], BODIES[3], BODIES[4]])
    results = list(extract_parallel(articles, sabotaged, n_process=2, batch_size=2))
    assert [a.id for a, _, _ in results] == ["a0", "a1", "a2", "a3", "a4"]
    died = [(a.id, err) for a, _, err in results if err is not None]
    assert len(died) == 1 and died[0][0] == "a2" and isinstance(died[0][1], WorkerDied)
    assert all(f is not None and f.events for a, f, _ in results if a.id != "a2")


def test_batches_shrink_as_the_work_runs_out_and_hold_every_article_once_in_order():
    from kg.extract.parallel import guided_batches

    articles = _articles([f"Body {i}." for i in range(300)])
    batches = guided_batches(articles, n_process=2, batch_size=32)
    assert [a for b in batches for a in b] == articles
    sizes = [len(b) for b in batches]
    assert max(sizes) == 32 and sizes == sorted(sizes, reverse=True)
    assert sizes[-1] <= 4  # the last ones are small: no worker waits long on the other's last batch
    assert guided_batches(articles[:3], 2, 32) == [articles[:3]]
