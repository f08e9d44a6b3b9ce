"""`kg build --cluster tcp://…` as a user runs it: a real `dask scheduler` and two `dask worker` processes on
127.0.0.1, a real `oxigraph serve`, and `kg build` as a command (issue #11). The in-process LocalCluster tests are in
test_extract_cluster.py; these check what only separate processes show: the workers load the pipeline by name from
their own installation, they write the article graphs into the server themselves (kg/extract/cluster_write.py), a
second run writes nothing, and a worker SIGKILLed from outside mid-build costs nothing."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

distributed = pytest.importorskip("distributed")

from kg.build import build  # noqa: E402
from kg.extract.cluster import pipeline_loads  # noqa: E402
from kg.extract.cluster_write import graphs_written  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.stores import open_store  # noqa: E402
from tests.support.servers import DaskCluster, OxigraphServer, dask_binary, kill_group, oxigraph_binary  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        dask_binary() is None or oxigraph_binary() is None,
        reason="needs the dask and oxigraph commands (make setup installs both)",
    ),
]

REPO = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).with_name("kg"))

# (capital, country, demonym): 12 places x 4 templates = 48 short articles, enough that a build on two workers lasts
# a few seconds, so a worker can be killed while it holds tasks.
PLACES = [
    ("Nairobi", "Kenya", "Kenyan"),
    ("Kampala", "Uganda", "Ugandan"),
    ("Khartoum", "Sudan", "Sudanese"),
    ("Kabul", "Afghanistan", "Afghan"),
    ("Islamabad", "Pakistan", "Pakistani"),
    ("Doha", "Qatar", "Qatari"),
    ("Kyiv", "Ukraine", "Ukrainian"),
    ("Moscow", "Russia", "Russian"),
    ("Addis Ababa", "Ethiopia", "Ethiopian"),
    ("Cairo", "Egypt", "Egyptian"),
    ("Ankara", "Turkey", "Turkish"),
    ("Tehran", "Iran", "Iranian"),
]
TEMPLATES = [
    "{city}: {country} and {other} officials met in {city} on Monday for talks on border trade.",
    "{other} said on Sunday that the two sides agreed to a ceasefire after talks in {city}.",
    "{country} expelled two {other_demonym} diplomats on Thursday, the foreign ministry in {city} said.",
    "An air strike on a market near {city} killed {n} civilians on Tuesday, {country} officials said.",
]


def corpus_bodies() -> dict[str, str]:
    bodies = {}
    for t, template in enumerate(TEMPLATES):
        for i, (city, country, _) in enumerate(PLACES):
            _, other, other_demonym = PLACES[(i + t + 1) % len(PLACES)]
            bodies[f"n{t}{i:02d}.txt"] = template.format(
                city=city, country=country, other=other, other_demonym=other_demonym, n=i + 3
            )
    return bodies


BODIES = corpus_bodies()


def server_quads(store_url: str) -> set[ox.Quad]:
    with open_store(Settings(store=store_url), read_only=True) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    return set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))


def article_graphs(quads: set[ox.Quad]) -> set[str]:
    return {str(q.graph_name) for q in quads if "/article/" in str(q.graph_name)}


def kg_build(folder: Path, cluster: DaskCluster, store_url: str, *extra: str) -> list[str]:
    """The command a user types (the project's own `kg` next to this Python); started from the repository root."""
    return [KG, "build", str(folder), "--cluster", cluster.address, "--store", store_url, *extra]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "news"
    folder.mkdir()
    for name, body in BODIES.items():
        (folder / name).write_text(
            f"Title: {name}\nSource: https://example.org/{name}\nPublished: 2025-10-27\n\n{body}\n", encoding="utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def local_graph(corpus, tmp_path_factory, extractor) -> set[ox.Quad]:
    """The corpus built on this machine without Dask into the embedded store: the graph every cluster build must
    give, quad for quad (the meta graph's source records included: same files, same builder's home)."""
    settings = Settings(store=str(tmp_path_factory.mktemp("local") / "store"), workers=1)
    assert build([corpus], settings, nlp=extractor).ok
    with open_store(settings, read_only=True) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    quads = set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))
    assert len(article_graphs(quads)) == len(BODIES)
    return quads


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """`dask scheduler` + two `dask worker` processes (1 thread each) for the module, started from the repository
    root with this Python's environment, as a user starts them; every process group is killed at the end."""
    with DaskCluster(tmp_path_factory.mktemp("dask"), cwd=REPO) as cluster:
        cluster.ensure_workers(2)
        yield cluster


@pytest.fixture(scope="module")
def first_build(dask_cluster, corpus, tmp_path_factory):
    """`kg build --cluster` into a fresh `oxigraph serve`: the server and the finished command."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        dask_cluster.ensure_workers(2)
        done = subprocess.run(
            kg_build(corpus, dask_cluster, server.store_url, "-q", "--batch-size", "4"),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        yield server, done


def test_a_build_on_a_real_cluster_into_oxigraph_gives_the_local_graph(first_build, local_graph, dask_cluster):
    server, done = first_build
    assert done.returncode == 0, done.stderr
    assert f"{len(BODIES)} written, 0 unchanged" in done.stdout and "; 0 errors;" in done.stdout, done.stdout
    # What the workers extracted and wrote to the server (labels decided by the client, in article order) is exactly
    # what a local build gives; every article graph was written by a worker process, none by the `kg build` command.
    assert server_quads(server.store_url) == local_graph
    assert sum(dask_cluster.client.run(graphs_written).values()) == len(BODIES)
    # Both worker processes took part, each loading the pipeline by name once (not per task): the loader the
    # client shipped resolved against the workers' own installation.
    assert sorted(dask_cluster.client.run(pipeline_loads).values()) == [1, 1]


def test_a_second_run_on_the_cluster_writes_nothing(first_build, local_graph, dask_cluster, corpus):
    server, done = first_build
    assert done.returncode == 0, done.stderr
    again = subprocess.run(
        kg_build(corpus, dask_cluster, server.store_url, "-q"), cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert f"0 written, {len(BODIES)} unchanged, 0 removed" in again.stdout, again.stdout
    assert server_quads(server.store_url) == local_graph


def test_a_worker_killed_mid_build_loses_and_duplicates_nothing(dask_cluster, corpus, local_graph, tmp_path):
    dask_cluster.ensure_workers(2)
    workers = dask_cluster.worker_processes()  # worker address -> its `dask worker` process group
    with OxigraphServer(tmp_path / "data") as server:
        # Batches of 4 (12 tasks), each article written as soon as it arrives (-v says so on stderr).
        proc = subprocess.Popen(
            kg_build(corpus, dask_cluster, server.store_url, "-v", "--batch-size", "4", "--commit-every", "0"),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stderr: list[str] = []
            first_write = threading.Event()

            def read_stderr():
                for line in proc.stderr:
                    stderr.append(line)
                    if line.startswith("wrote a batch"):
                        first_write.set()

            reader = threading.Thread(target=read_stderr, daemon=True)
            reader.start()
            # Mid-build: some articles are in the store, and the victim holds tasks it has not answered yet.
            assert first_write.wait(timeout=90), "".join(stderr)
            deadline = time.monotonic() + 30
            victim = held = None
            while victim is None and time.monotonic() < deadline and proc.poll() is None:
                processing = dask_cluster.client.processing()
                busy = [(address, keys) for address, keys in processing.items() if keys and address in workers]
                if busy:
                    victim, held = busy[0]
                else:
                    time.sleep(0.05)
            assert victim is not None, "the build finished before a worker could be killed holding a task"
            # "wrote a batch: N articles, M triples"
            written_before = sum(int(line.split()[3]) for line in stderr if line.startswith("wrote a batch"))
            os.killpg(workers[victim].pid, signal.SIGKILL)  # the nanny and its worker: nothing restarts it
            workers[victim].wait(timeout=10)
            out = proc.stdout.read()
            assert proc.wait(timeout=180) == 0, "".join(stderr)
            reader.join(timeout=10)
        finally:
            if proc.poll() is None:
                kill_group(proc)
        # The build went on after the kill: the dead worker's tasks ran on the one left, and the summary counts every
        # article once.
        assert len(held) >= 1 and 1 <= written_before < len(BODIES)
        assert f"{len(BODIES)} written, 0 unchanged" in out and "; 0 errors;" in out, out
        assert list(dask_cluster.client.scheduler_info(n_workers=-1)["workers"]) == [a for a in workers if a != victim]
        # Nothing lost, nothing twice: the server holds exactly the local build's graph (the surviving worker wrote
        # again what the dead one held; a write replaces its graph whole).
        quads = server_quads(server.store_url)
        assert len(article_graphs(quads)) == len(BODIES)
        assert quads == local_graph
