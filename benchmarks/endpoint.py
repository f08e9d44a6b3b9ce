"""Endpoint throughput: the saved queries over HTTP against `kg serve` and, in the same run, against the
Oxigraph server (the `oxigraph` PyPI package) over the same store, at 1 and at 16 concurrent clients.

    .venv/bin/python benchmarks/endpoint.py --store /tmp/s [--duration 10] [--clients 1,16]

Build the store first (`kg build CORPUS --store /tmp/s`). Both servers read the same store folder
read-only with the union of the article graphs as default graph. Prints median and 95th-percentile
latency, queries per second, errors, and kg's throughput as a ratio of Oxigraph's (target >= 0.5x).
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
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path + "?query=" + urllib.parse.quote("ASK {}"),
                         headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def saved_queries(store_dir: str) -> list[tuple[str, str]]:
    """(name, text) of the local saved queries with their default parameters bound, as /queries/NAME runs them."""
    from kg import saved_queries as sq
    from kg.settings import Settings
    from kg.store import open_store

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


def fast_enough(port: int, queries: list[tuple[str, str]], limit: float) -> list[tuple[str, str]]:
    """The queries the Oxigraph server answers within `limit` seconds (the same set then goes to both)."""
    kept = []
    for name, text in queries:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
        started = time.perf_counter()
        try:
            conn.request("POST", "/query", body=urllib.parse.urlencode({"query": text}),
                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                  "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
        conn.close()
        if ok:
            kept.append((name, text))
        else:
            print(f"  skipped {name}: slower than {limit:g} s (or failing) on the Oxigraph server itself")
        if not ok:
            continue
        print(f"  {name}: {time.perf_counter() - started:.3f} s")
    return kept


def load(port: int, path: str, queries: list[tuple[str, str]], clients: int, duration: float) -> dict:
    """`clients` threads, each with one keep-alive connection, cycling through the queries for `duration` s."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.time() + duration

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        while time.time() < stop_at:
            name, text = queries[i % len(queries)]
            i += 1
            body = urllib.parse.urlencode({"query": text})
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                why = f"{name}: HTTP {resp.status}"
            except (OSError, http.client.HTTPException) as err:
                ok, why = False, f"{name}: {type(err).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
    latencies.sort()
    return {
        "n": len(latencies),
        "errors": errors,
        "median_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "qps": len(latencies) / wall,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="a store folder built by `kg build`")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per configuration (60 for the soak)")
    ap.add_argument("--clients", default="1,16", help="comma-separated client counts")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers")
    ap.add_argument("--max-query-seconds", type=float, default=2.0,
                    help="leave out saved queries slower than this on Oxigraph alone (they measure the engine)")
    args = ap.parse_args()
    if not Path(args.store).is_dir():
        raise SystemExit(f"no store at {args.store}: build one with `kg build CORPUS --store {args.store}`")
    queries = saved_queries(args.store)
    kg_port, ox_port = free_port(), free_port()
    kg_cmd = [str(BIN / "kg"), "serve", "--store", args.store, "--port", str(kg_port), "--threads", "32"]
    if args.workers:
        kg_cmd += ["--workers", str(args.workers)]
    ox_cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", args.store, "--bind",
              f"127.0.0.1:{ox_port}", "--union-default-graph"]
    servers = []
    try:
        for cmd in (kg_cmd, ox_cmd):
            servers.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
        wait_until_up(kg_port, "/sparql", servers[0])
        wait_until_up(ox_port, "/query", servers[1])
        queries = fast_enough(ox_port, queries, args.max_query_seconds)
        print(f"{len(queries)} saved queries, {args.duration:g} s per run, cpus={os.cpu_count()}")
        print(f"{'server':<10}{'clients':>8}{'queries':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'q/s':>9}")
        results = {}
        for clients in [int(c) for c in args.clients.split(",")]:
            for name, port, path in (("oxigraph", ox_port, "/query"), ("kg serve", kg_port, "/sparql")):
                r = load(port, path, queries, clients, args.duration)
                results[name, clients] = r
                print(f"{name:<10}{clients:>8}{r['n']:>9}{len(r['errors']):>8}{r['median_ms']:>11.1f}"
                      f"{r['p95_ms']:>9.1f}{r['qps']:>9.1f}")
                for e in sorted(set(r["errors"]))[:5]:
                    print(f"    error: {e}")
            ratio = results["kg serve", clients]["qps"] / max(results["oxigraph", clients]["qps"], 1e-9)
            print(f"  -> kg serve / oxigraph throughput at {clients} client(s): {ratio:.2f}x (target >= 0.5x)")
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    if shutil.which(str(BIN / "oxigraph")) is None:
        raise SystemExit("the oxigraph server is not installed (pip install oxigraph)")
    main()
