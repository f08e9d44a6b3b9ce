"""A build killed with SIGKILL halfway: the store still opens, validates, and a rerun gives the clean build's graph.

Real processes and a real kill: `kg build -v` runs in a child process, prints a line per batch
written, and is killed with SIGKILL once a few batches have landed (the kill falls wherever the
build happens to be: parsing, label lookups, or inside a write).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.settings import Settings
from kg.stores import open_store

pytestmark = pytest.mark.slow

N_ARTICLES = 240
COUNTRIES = [
    "Pakistan",
    "Afghanistan",
    "Turkiye",
    "Türkiye",
    "Qatar",
    "Iran",
    "India",
    "Egypt",
    "Jordan",
    "Saudi Arabia",
    "China",
    "Russia",
]
CITIES = ["Istanbul", "Doha", "Kabul", "Islamabad", "Cairo", "Amman", "Riyadh", "Tehran", "Beijing", "Moscow"]
PEOPLE = ["Ahmed Karimi", "Sara Malik", "Omar Haddad", "Leila Nasser", "Ivan Petrov", "Chen Wei"]


def write_corpus(folder: Path, n: int) -> None:
    """n articles in header form, spread over a few sub-folders; names recur so entities are shared."""
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 5 + 3) % len(COUNTRIES)]
        city, person = CITIES[i % len(CITIES)], PEOPLE[i % len(PEOPLE)]
        body = (
            f"{city.upper()}: Officials from {a} and {b} met in {city} on Monday for a round of talks "
            f"on border security, article {i}. {person}, the foreign minister of {a}, said the "
            "meeting was constructive and that both sides agreed to meet again in "
            f"{CITIES[(i + 3) % len(CITIES)]}. "
            f"The talks were mediated by {COUNTRIES[(i + 7) % len(COUNTRIES)]}."
        )
        sub = folder / f"part{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(
            f"Title: Talks number {i} in {city}\nSource: https://example.org/{i}\n"
            f"Published: 2025-10-{1 + i % 28:02d}\n\n{body}\n",
            encoding="utf-8",
        )


def dump(settings: Settings) -> set[ox.Quad]:
    with open_store(settings, read_only=True) as st:
        out = io.BytesIO()
        st.dump(out, ox.RdfFormat.N_QUADS)
    return set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))


def children_of(pid: int) -> list[int]:
    """The processes a process started (its extraction workers), from /proc."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_midway(corpus: Path, store: Path, batches: int) -> tuple[int, list[int]]:
    """Starts `kg build -v` in a child process, SIGKILLs it after `batches` batches landed; returns batches seen
    and the build's own child processes at the moment of the kill."""
    code = "import sys; from kg.cli import main; sys.exit(main())"
    # Frequent commits: the first one lands long before the build ends, however fast the machine.
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "build", str(corpus), "--store", str(store), "-v", "--commit-every", "0.2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen, workers = 0, []
    deadline = time.monotonic() + 120
    try:
        for line in proc.stderr:
            if line.startswith("wrote a batch"):
                seen += 1
                if seen >= batches:
                    workers = children_of(proc.pid)
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            if time.monotonic() > deadline:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()
    return seen, workers


@pytest.fixture(scope="module")
def crash(tmp_path_factory):
    """(clean build's quads, crashed store settings, copy of the crashed store as the kill left it)."""
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "news"
    write_corpus(corpus, N_ARTICLES)

    clean = Settings(store=str(root / "clean"))
    assert build([corpus], clean).ok
    crashed = Settings(store=str(root / "crashed"))
    seen, workers = kill_midway(corpus, Path(crashed.store), batches=2)
    assert seen == 2, "the build ended before the kill: make the corpus bigger"
    as_left = root / "as-left"
    shutil.copytree(crashed.store, as_left)
    return dump(clean), crashed, corpus, Settings(store=str(as_left)), workers


def test_the_killed_builds_workers_end_with_it(crash):
    *_, workers = crash
    if sys.platform != "linux":
        pytest.skip("the workers follow their parent through Linux's PR_SET_PDEATHSIG")
    assert workers, "the build ran no extraction workers: nothing to check"
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]  # none left waiting for work, holding memory


def test_the_killed_store_opens_and_holds_only_whole_articles(crash):
    clean_quads, _, _, as_left, _ = crash
    with open_store(as_left, read_only=True) as st:
        graphs = [g for g in st.graphs() if "/article/" in g]
        assert 0 < len(graphs) < N_ARTICLES
        left = {q for q in dump(as_left) if "/article/" in q.graph_name.value}
    by_graph_clean: dict[str, set] = {}
    for q in clean_quads:
        by_graph_clean.setdefault(q.graph_name.value, set()).add(q)
    by_graph_left: dict[str, set] = {}
    for q in left:
        by_graph_left.setdefault(q.graph_name.value, set()).add(q)
    # Every article graph present is exactly the one a clean build writes (labels included).
    for g, quads in by_graph_left.items():
        assert quads == by_graph_clean[g], g


def test_a_rerun_after_the_kill_ends_with_exactly_the_clean_graph(crash):
    clean_quads, crashed, corpus, _, _ = crash
    report = build([corpus], crashed)
    assert report.ok
    assert 0 < report.unchanged < N_ARTICLES
    assert dump(crashed) == clean_quads


def test_the_killed_store_passes_kg_validate(crash):
    _, _, _, as_left, _ = crash
    code = "import sys; from kg.cli import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", code, "--store", as_left.store, "validate"], capture_output=True, text=True, timeout=300
    )
    if "not built yet" in result.stderr:
        pytest.skip("kg validate is not built yet")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
