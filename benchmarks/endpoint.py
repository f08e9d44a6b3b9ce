"""The endpoint under load, each number against a baseline measured in the same run.

    .venv/bin/python benchmarks/endpoint.py --store /tmp/s                    # throughput vs the Oxigraph server
    .venv/bin/python benchmarks/endpoint.py --store /tmp/s --breakdown        # where a query's time goes
    .venv/bin/python benchmarks/endpoint.py --store /tmp/s --soak 60          # memory bombs among 16 clients
    .venv/bin/python benchmarks/endpoint.py --store /tmp/s --slow-clients 120 # a fresh ASK under a slow-client flood

Build the store first (`kg build CORPUS --store /tmp/s`). The queries are the saved queries with their default
parameters bound, as /queries/NAME runs them, less those the Oxigraph server itself needs over
--max-query-seconds for (they measure the engine, not the endpoint).

Throughput: the saved queries over HTTP against `kg serve` and the Oxigraph server (the `oxigraph` PyPI package)
over the same store folder, read-only, union default graph, at each client count; the two servers take turns for
--rounds rounds of --duration seconds each (so a load change on a shared machine hits both alike). Prints median and
95th-percentile latency, queries per second, errors, and kg's throughput as a ratio of Oxigraph's (targets: >= 0.8
at 1 client, >= 0.7 at 16).

Breakdown: per query, in one process, the time of pyoxigraph alone (query and its own JSON serialiser), of kg's
engine (guard, caps, serialisation), of the worker pool (hand-off to a worker process and the result's way back),
and over HTTP for both servers; the differences are what each layer costs.

Soak: --clients clients (default 16) cycle through the saved queries while one more client sends the memory bomb
(an ORDER BY over a three-way cross product) again and again; every bomb must be stopped at --max-memory with 503
"memory limit" while the other clients see no error. Prints their throughput against a run without bombs, the bombs'
answers, and the peak resident memory of all server processes together.

Slow clients: opens N connections that dribble a request one byte a second, then times fresh `ASK {}` requests,
each on a new connection, against the same requests without the flood (target: every one under 2 s).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(cmd: list[str], port: int, path: str):
    """A server process, once it answers; its output goes to a file (a pipe nobody reads would fill up)."""
    log = open(f"/tmp/endpoint-bench-{port}.log", "w+b")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request(
                    "GET",
                    path + "?query=" + urllib.parse.quote("ASK {}"),
                    headers={"Accept": "application/sparql-results+json"},
                )
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        os.unlink(log.name)


def kg_command(store: str, port: int, *extra: str) -> list[str]:
    return [str(BIN / "kg"), "serve", "--store", store, "--port", str(port), "--threads", "32", *extra]


def oxigraph_command(store: str, port: int) -> list[str]:
    return [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        store,
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]


def saved_queries(store_dir: str) -> list[tuple[str, str]]:
    """(name, text) of the local saved queries with their default parameters bound, as /queries/NAME runs them."""
    from kg import saved_queries as sq
    from kg.settings import Settings
    from kg.stores import open_store

    store = open_store(Settings(store=store_dir), read_only=True)
    out = []
    try:
        for q in sq.list_queries():
            if q.services:
                continue  # federated: it would leave the machine
            try:
                out.append((q.name, sq.bound_text(q, sq.bind(q, {}, store))))
            except Exception as err:  # noqa: BLE001 - e.g. a default entity this corpus does not have
                print(f"  skipped {q.name}: {err}")
    finally:
        store.close()
    return out


def post(conn: http.client.HTTPConnection, path: str, text: str) -> tuple[int, bytes]:
    conn.request(
        "POST",
        path,
        body=urllib.parse.urlencode({"query": text}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT},
    )
    resp = conn.getresponse()
    return resp.status, resp.read()


def fast_enough(port: int, queries: list[tuple[str, str]], limit: float) -> list[tuple[str, str]]:
    """The queries the Oxigraph server answers within `limit` seconds (the same set then goes to both)."""
    kept = []
    for name, text in queries:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
        try:
            ok = post(conn, "/query", text)[0] == 200
        except (OSError, http.client.HTTPException):
            ok = False
        conn.close()
        if ok:
            kept.append((name, text))
        else:
            print(f"  skipped {name}: slower than {limit:g} s (or failing) on the Oxigraph server itself")
    return kept


def load(
    port: int,
    path: str,
    queries: list[tuple[str, str]],
    clients: int,
    duration: float,
    stop: threading.Event | None = None,
) -> dict:
    """`clients` threads, each with one keep-alive connection, cycling through the queries for `duration` s."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.time() + duration

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        i = offset
        while time.time() < stop_at and not (stop and stop.is_set()):
            name, text = queries[i % len(queries)]
            i += 1
            started = time.perf_counter()
            try:
                status, _ = post(conn, path, text)
                ok, why = status == 200, f"{name}: HTTP {status}"
            except (OSError, http.client.HTTPException) as err:
                ok, why = False, f"{name}: {type(err).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies.append(elapsed) if ok else errors.append(why))
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - started
    return {"latencies": latencies, "errors": errors, "wall": wall}


def summary(runs: list[dict]) -> dict:
    latencies = sorted(x for r in runs for x in r["latencies"])
    return {
        "n": len(latencies),
        "errors": [e for r in runs for e in r["errors"]],
        "median_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "qps": len(latencies) / max(sum(r["wall"] for r in runs), 1e-9),
    }


def print_row(name: str, clients: int, r: dict) -> None:
    print(
        f"{name:<10}{clients:>8}{r['n']:>9}{len(r['errors']):>8}{r['median_ms']:>11.1f}{r['p95_ms']:>9.1f}"
        f"{r['qps']:>9.1f}"
    )
    for e in sorted(set(r["errors"]))[:5]:
        print(f"    error: {e}")


def throughput(args, queries) -> None:
    kg_port, ox_port = free_port(), free_port()
    extra = ["--workers", str(args.workers)] if args.workers else []
    with (
        running(kg_command(args.store, kg_port, *extra), kg_port, "/sparql"),
        running(oxigraph_command(args.store, ox_port), ox_port, "/query"),
    ):
        queries = fast_enough(ox_port, queries, args.max_query_seconds)
        print(
            f"{len(queries)} saved queries, {args.rounds} rounds of {args.duration:g} s per server, "
            f"cpus={os.cpu_count()}"
        )
        print(f"{'server':<10}{'clients':>8}{'queries':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'q/s':>9}")
        for clients in [int(c) for c in args.clients.split(",")]:
            runs = {"oxigraph": [], "kg serve": []}
            for _ in range(args.rounds):  # the two servers take turns
                runs["oxigraph"].append(load(ox_port, "/query", queries, clients, args.duration))
                runs["kg serve"].append(load(kg_port, "/sparql", queries, clients, args.duration))
            results = {name: summary(r) for name, r in runs.items()}
            for name, r in results.items():
                print_row(name, clients, r)
            ratio = results["kg serve"]["qps"] / max(results["oxigraph"]["qps"], 1e-9)
            target = 0.8 if clients == 1 else 0.7
            print(f"  -> kg serve / oxigraph throughput at {clients} client(s): {ratio:.2f}x (target >= {target})")


def breakdown(args, queries) -> None:
    """Per query: pyoxigraph alone, kg's engine, the worker pool, HTTP (kg serve and the Oxigraph server)."""
    import pyoxigraph as ox

    from kg.settings import Settings
    from kg.stores import open_store
    from kg.web.engine import Operation, execute
    from kg.web.pool import WorkerPool

    def best(fn, repeat: int) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return 1000 * min(times)  # the least disturbed run on a shared machine

    settings = Settings(store=args.store)
    store = open_store(settings, read_only=True)
    pool = WorkerPool(settings, 1)
    kg_port, ox_port = free_port(), free_port()
    columns = ("pyoxigraph", "engine", "pool", "kg HTTP", "ox HTTP")
    totals = dict.fromkeys(columns, 0.0)
    with (
        running(kg_command(args.store, kg_port, "--workers", "1"), kg_port, "/sparql"),
        running(oxigraph_command(args.store, ox_port), ox_port, "/query"),
    ):
        queries = fast_enough(ox_port, queries, args.max_query_seconds)
        kg_conn = http.client.HTTPConnection("127.0.0.1", kg_port, timeout=120)
        ox_conn = http.client.HTTPConnection("127.0.0.1", ox_port, timeout=120)
        print(f"ms per query, best of {args.repeat}:")
        print(f"{'query':<22}" + "".join(f"{c:>12}" for c in columns) + f"{'bytes':>10}")

        def layers(text: str) -> dict[str, float]:
            """One query's best time at each layer (a function of its own, so each closure sees this query)."""

            def native():
                result = store.ox.query(text, use_default_graph_as_union=True)
                if isinstance(result, ox.QuerySolutions):
                    return result.serialize(format=ox.QueryResultsFormat.JSON)
                return result.serialize(format=ox.RdfFormat.TURTLE) if not isinstance(result, ox.QueryBoolean) else b""

            def op():
                return Operation(text=text, accept=ACCEPT, max_rows=settings.max_rows)

            return {
                "pyoxigraph": best(native, args.repeat),
                "engine": best(lambda: execute(store, op()).content(), args.repeat),
                "pool": best(lambda: pool.run(op()).content(), args.repeat),
                "kg HTTP": best(lambda: post(kg_conn, "/sparql", text), args.repeat),
                "ox HTTP": best(lambda: post(ox_conn, "/query", text), args.repeat),
            }

        for name, text in queries:
            row = layers(text)
            size = len(execute(store, Operation(text=text, accept=ACCEPT, max_rows=settings.max_rows)).content())
            for c in columns:
                totals[c] += row[c]
            print(f"{name:<22}" + "".join(f"{row[c]:>12.1f}" for c in columns) + f"{size:>10}")
        print(f"{'total':<22}" + "".join(f"{totals[c]:>12.1f}" for c in columns))
    pool.close()
    store.close()
    t = totals
    print(
        f"what each layer adds, over all queries: guard, caps and serialisation "
        f"{t['engine'] - t['pyoxigraph']:+.1f} ms; hand-off to a worker and back {t['pool'] - t['engine']:+.1f} ms; "
        f"Flask and waitress {t['kg HTTP'] - t['pool']:+.1f} ms "
        f"(the Oxigraph server's HTTP layer: {t['ox HTTP'] - t['pyoxigraph']:+.1f} ms)"
    )
    print(f"  -> kg serve / oxigraph, one query at a time: {t['ox HTTP'] / t['kg HTTP']:.2f}x")


class RssWatch:
    """Samples the resident memory of a process and all its descendants; keeps the peak of their sum."""

    def __init__(self, pid: int, every: float = 0.05):
        self.pid, self.every = pid, every
        self.peak_total = 0
        self.peak_one: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    pass
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            frontier = [p for p, parent in parents.items() if parent in frontier]
            tree += frontier
        return tree

    def _run(self):
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/status") as f:
                        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
                except (OSError, StopIteration):
                    continue
                total += kb
                role = "server" if pid == self.pid else "a worker"
                self.peak_one[role] = max(self.peak_one.get(role, 0), kb)
            self.peak_total = max(self.peak_total, total)
            time.sleep(self.every)


def soak(args, queries) -> None:
    clients = int(args.clients.split(",")[-1])
    kg_port, ox_port = free_port(), free_port()
    with running(oxigraph_command(args.store, ox_port), ox_port, "/query"):
        queries = fast_enough(ox_port, queries, args.max_query_seconds)
    cmd = kg_command(
        args.store,
        kg_port,
        "--max-memory",
        args.max_memory,
        *(["--workers", str(args.workers)] if args.workers else []),
    )
    with running(cmd, kg_port, "/sparql") as proc:
        print(
            f"{len(queries)} saved queries, {clients} clients, {args.soak:g} s without and {args.soak:g} s with "
            f"memory bombs, kg serve --max-memory {args.max_memory}, cpus={os.cpu_count()}"
        )
        with RssWatch(proc.pid) as quiet:
            calm = summary([load(kg_port, "/sparql", queries, clients, args.soak)])
        bombs: list[tuple[int, str, float]] = []
        stop = threading.Event()

        def bomber():
            conn = http.client.HTTPConnection("127.0.0.1", kg_port, timeout=300)
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    status, body = post(conn, "/sparql", BOMB)
                except (OSError, http.client.HTTPException) as err:
                    status, body = 0, type(err).__name__.encode()
                    conn = http.client.HTTPConnection("127.0.0.1", kg_port, timeout=300)
                bombs.append((status, body.decode(errors="replace")[:160], time.perf_counter() - started))

        thread = threading.Thread(target=bomber)
        with RssWatch(proc.pid) as stormy:
            thread.start()
            stormy_run = summary([load(kg_port, "/sparql", queries, clients, args.soak)])
            stop.set()
            thread.join()
    print(f"{'run':<14}{'clients':>8}{'queries':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'q/s':>9}")
    print_row("no bombs", clients, calm)
    print_row("with bombs", clients, stormy_run)
    stopped = [b for b in bombs if b[0] == 503 and "memory limit" in b[1]]
    print(
        f"  bombs sent {len(bombs)}: {len(stopped)} stopped with 503 'memory limit' "
        f"(median {statistics.median([b[2] for b in stopped]) if stopped else float('nan'):.2f} s after sending)"
    )
    for status, body, _ in bombs:
        if (status, body) not in [(b[0], b[1]) for b in stopped]:
            print(f"    other answer to a bomb: {status} {body}")
    print(
        f"  other clients' errors while bombed: {len(stormy_run['errors'])}; their throughput "
        f"{stormy_run['qps'] / max(calm['qps'], 1e-9):.2f}x of the run without bombs"
    )
    print(
        f"  peak RSS of all kg serve processes together: {quiet.peak_total / 1024:.0f} MB without bombs, "
        f"{stormy.peak_total / 1024:.0f} MB with (largest worker {stormy.peak_one.get('a worker', 0) / 1024:.0f} MB, "
        f"server process {stormy.peak_one.get('server', 0) / 1024:.0f} MB)"
    )


def slow_clients(args) -> None:
    port = free_port()
    path = "/sparql?query=" + urllib.parse.quote("ASK {}")

    def fresh_asks(n: int = 20) -> list[float]:
        times = []
        for _ in range(n):
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                ok = conn.getresponse().status == 200
                conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
            times.append(time.perf_counter() - started if ok else float("inf"))
            time.sleep(0.1)
        return times

    with running(kg_command(args.store, port), port, "/sparql"):
        calm = fresh_asks()
        socks = []
        for _ in range(args.slow_clients):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            socks.append(s)
        stop = threading.Event()

        def dribble():
            while not stop.wait(1.0):
                for s in socks:
                    try:
                        s.sendall(b"a")
                    except OSError:
                        pass

        thread = threading.Thread(target=dribble, daemon=True)
        thread.start()
        time.sleep(2)
        flooded = fresh_asks()
        stop.set()
        thread.join()
        for s in socks:
            s.close()
    fmt = lambda ts: f"median {1000 * statistics.median(ts):.1f} ms, max {1000 * max(ts):.1f} ms"  # noqa: E731
    print(
        f"fresh ASK {{}} on a new connection, 20 times: without a flood {fmt(calm)}; "
        f"with {args.slow_clients} slow connections open {fmt(flooded)}"
    )
    print(f"  -> slowest fresh ASK under the flood: {max(flooded):.2f} s (target < 2 s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="a store folder built by `kg build`")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per server per round")
    ap.add_argument("--rounds", type=int, default=2, help="turns each server takes per client count")
    ap.add_argument("--clients", default="1,16", help="comma-separated client counts")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers")
    ap.add_argument(
        "--max-query-seconds",
        type=float,
        default=2.0,
        help="leave out saved queries slower than this on Oxigraph alone (they measure the engine)",
    )
    ap.add_argument("--breakdown", action="store_true", help="where one query's time goes, layer by layer")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query in --breakdown")
    ap.add_argument("--soak", type=float, metavar="SECONDS", help="run the memory-bomb soak for this long")
    ap.add_argument("--max-memory", default="1G", help="kg serve --max-memory in the soak")
    ap.add_argument("--slow-clients", type=int, metavar="N", help="time fresh queries under N slow connections")
    args = ap.parse_args()
    if not Path(args.store).is_dir():
        raise SystemExit(f"no store at {args.store}: build one with `kg build CORPUS --store {args.store}`")
    if args.slow_clients:
        slow_clients(args)
        return
    queries = saved_queries(args.store)
    if args.soak:
        soak(args, queries)
    elif args.breakdown:
        breakdown(args, queries)
    else:
        throughput(args, queries)


if __name__ == "__main__":
    if shutil.which(str(BIN / "oxigraph")) is None:
        raise SystemExit("the oxigraph server is not installed (pip install oxigraph)")
    main()
