"""`kg build --cluster` (kg/extract/cluster.py, cluster_write.py): extraction as tasks on a real Dask cluster of two
worker processes with the real model; the client writes into the embedded store, the workers write into an Oxigraph
server themselves. The same graph as a local build (the label rule and the source records included), a broken or
worker-killing article is reported and the others land once, a rerun writes nothing, a closed build leaves no task
running."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from kg.build import build  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.extract.cluster import connect, extract_on_cluster, pipeline_loads  # noqa: E402
from kg.extract.cluster_write import graphs_written  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.stores import open_store  # noqa: E402
from tests.support.cluster_saboteur import renaming_pipeline, sabotaged_pipeline  # noqa: E402

pytestmark = pytest.mark.slow

BODIES = {
    "a.txt": "ISLAMABAD: Pakistan and Afghanistan officials met in Istanbul on Monday for talks.",
    "b.txt": "DOHA: Qatar said the two sides agreed to a ceasefire in Doha on Sunday.",
    "c.txt": "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Nairobi on Monday.",
    "d.txt": "Russia launched an air strike on Kharkiv on Tuesday, killing five civilians, officials said.",
    "e.txt": "The African Union suspended Gabon after the coup, the bloc said in Addis Ababa.",
    "f.txt": "Sudan expelled two Kenyan diplomats on Thursday.",
}


def write_corpus(folder: Path, bodies: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        (folder / name).write_text(
            f"Title: {name}\nSource: https://example.org/{name}\nPublished: 2025-10-27\n\n{body}\n", encoding="utf-8"
        )
    return folder


def quads(settings: Settings) -> set[ox.Quad]:
    with open_store(settings, read_only=True) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    return set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))


def without_sources(all_quads: set[ox.Quad]) -> set[ox.Quad]:
    """The articles' own graphs, without the meta graph's records of which file (in which folder) each came from."""
    return {q for q in all_quads if "/article/" in str(q.graph_name)}


def article_graphs(settings: Settings) -> list[str]:
    with open_store(settings, read_only=True) as st:
        return [g for g in st.graphs() if "/article/" in g]


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes for the module; builds reach it by its address, as a remote one."""
    with connect("local:2") as client:
        yield client


@pytest.fixture(scope="module")
def local_build(tmp_path_factory, extractor):
    """The corpus built on this machine without Dask: the graph every cluster build must give."""
    folder = write_corpus(tmp_path_factory.mktemp("corpus") / "news", BODIES)
    settings = Settings(store=str(tmp_path_factory.mktemp("local") / "store"), workers=1)
    assert build([folder], settings, nlp=extractor).ok
    return folder, quads(settings)


def on(cluster, store: str, **kw) -> Settings:
    return Settings(store=store, cluster=cluster.scheduler.address, batch_size=1, **kw)


def test_a_cluster_build_gives_the_local_graph_loads_the_model_once_per_worker_and_a_rerun_writes_nothing(
    cluster, local_build, tmp_path
):
    folder, expected = local_build
    settings = on(cluster, str(tmp_path / "store"))
    report = build([folder], settings)
    assert report.ok and report.written == len(BODIES)
    assert report.written_on_cluster == 0  # the embedded store has one writer: this process
    assert quads(settings) == expected
    # Six one-article tasks over two workers: each worker process built its pipeline once, not per task.
    assert set(cluster.run(pipeline_loads).values()) <= {0, 1} and sum(cluster.run(pipeline_loads).values()) >= 1
    again = build([folder], settings)
    assert again.ok and again.written == 0 and again.unchanged == len(BODIES)
    assert quads(settings) == expected


def test_a_broken_article_is_reported_by_file_and_the_others_land(cluster, local_build, tmp_path):
    folder, expected = local_build
    broken = write_corpus(tmp_path / "news", {**BODIES, "x.txt": "BOOM " + BODIES["a.txt"]})
    settings = on(cluster, str(tmp_path / "store"))
    report = build([broken], settings, worker_pipeline=sabotaged_pipeline)
    assert report.written == len(BODIES)
    assert len(report.errors) == 1 and "x.txt" in str(report.errors[0]) and "boom" in str(report.errors[0])
    assert without_sources(quads(settings)) == without_sources(expected)


def test_an_article_that_kills_its_worker_is_reported_and_no_other_is_lost_or_duplicated(
    cluster, local_build, tmp_path
):
    folder, expected = local_build
    deadly = write_corpus(tmp_path / "news", {**BODIES, "x.txt": "DIE " + BODIES["a.txt"]})
    # Batches of two: the killer shares its task with an innocent article, which must still land once.
    settings = Settings(store=str(tmp_path / "store"), cluster=cluster.scheduler.address, batch_size=2)
    report = build([deadly], settings, worker_pipeline=sabotaged_pipeline)
    assert report.written == len(BODIES)
    assert len(report.errors) == 1 and "x.txt" in str(report.errors[0]) and "died" in str(report.errors[0])
    assert len(article_graphs(settings)) == len(BODIES)
    assert without_sources(quads(settings)) == without_sources(expected)


def test_results_come_in_input_order_and_closing_early_leaves_no_task_on_the_cluster(cluster):
    articles = [
        Article(id=f"a{i}", title=f"t{i}", body=body, published="2025-03-12")
        for i, body in enumerate(list(BODIES.values()) * 4)
    ]
    stream = extract_on_cluster(articles, cluster, sabotaged_pipeline, batch_size=1)
    first = [next(stream) for _ in range(3)]
    assert [a.id for a, _, _ in first] == ["a0", "a1", "a2"] and all(f.events for _, f, _ in first)
    stream.close()  # what Ctrl-C in `kg build` does to it
    deadline = time.monotonic() + 10
    while cluster.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cluster.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


def workers_wrote(cluster) -> int:
    return sum(cluster.run(graphs_written).values())


def test_kg_build_cluster_into_an_oxigraph_server_gives_the_local_graph(cluster, local_build, remote_settings):
    folder, expected = local_build
    before = workers_wrote(cluster)
    args = ["build", str(folder), "--store", remote_settings.store, "--cluster", cluster.scheduler.address, "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"{len(BODIES)} written" in result.output
    with open_store(remote_settings) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == expected
    assert workers_wrote(cluster) - before == len(BODIES)  # the workers wrote the graphs, not the command
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "0 written" in again.output


RENAMED = {
    "a.txt": "RENAMED Turkey said on Tuesday that the talks between Russia and Ukraine in Istanbul would resume.",
    "b.txt": "Türkiye hosted talks between Russia and Ukraine in Istanbul on Monday.",
    "c.txt": "RENAMED Turkey expelled two Russian diplomats on Thursday, the foreign ministry in Ankara said.",
    "d.txt": "Türkiye and Ukraine signed a trade agreement in Ankara on Friday.",
}


def test_workers_write_into_an_oxigraph_server_and_the_first_label_still_wins_in_article_order(
    cluster, remote_settings, tmp_path
):
    folder = write_corpus(tmp_path / "news", RENAMED)
    local, renaming = Settings(store=str(tmp_path / "local"), workers=1), renaming_pipeline()
    assert build([folder], local, nlp=renaming).ok
    expected = quads(local)
    turkey = ox.NamedNode(f"{local.base_iri}country/turkiye")
    # The two names disagree, a.txt comes first: its "Turkey" is the label, b's and d's "Türkiye" altLabels.
    assert {q.object.value for q in expected if q.subject == turkey and q.predicate.value.endswith("#label")} == {
        "Turkey"
    }
    assert any(
        q.subject == turkey and q.predicate.value.endswith("altLabel") and q.object.value == "Türkiye" for q in expected
    )
    before = workers_wrote(cluster)
    settings = replace(remote_settings, cluster=cluster.scheduler.address, batch_size=1)  # one article per task
    report = build([folder], settings, worker_pipeline=renaming_pipeline)
    assert report.ok and report.written == len(RENAMED)
    # Every article graph was written by a worker, none by this process; the summary counts as a local build's.
    assert report.written_on_cluster == len(RENAMED) and workers_wrote(cluster) - before == len(RENAMED)
    local_report = build([folder], replace(local, store=str(tmp_path / "again")), nlp=renaming)
    assert (report.triples, report.entities, report.events) == (
        local_report.triples,
        local_report.entities,
        local_report.events,
    )
    assert quads(settings) == expected
    again = build([folder], settings, worker_pipeline=renaming_pipeline)
    assert again.ok and again.written == 0 and again.unchanged == len(RENAMED)
    assert quads(settings) == expected


def test_kg_build_cluster_local_2_starts_its_own_workers(local_build, tmp_path, monkeypatch):
    folder, expected = local_build
    monkeypatch.setenv("KG_CLUSTER", "local:2")  # the environment variable names the cluster as --cluster does
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", store, "-q"])
    assert result.exit_code == 0, result.output
    assert quads(Settings(store=store)) == expected


def test_a_build_without_a_cluster_never_imports_dask():
    code = (
        "import sys, kg.cli, kg.build, kg.extract.parallel; "
        "sys.exit(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
