"""A real `oxigraph serve` holding tests/fixtures/wikidata/sample.ttl (Wikidata-shaped TEST DATA, invented ids),
and a small real HTTP proxy in front of it that can answer 429/503 or slow down, for the fetch tests."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .servers import OxigraphServer

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "wikidata" / "sample.ttl"


def start_sample_server(folder: Path) -> OxigraphServer:
    """The Oxigraph server with the sample loaded through its Graph Store endpoint; returns it started."""
    server = OxigraphServer(folder).start()
    request = urllib.request.Request(
        server.url + "store?default", data=SAMPLE.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"}
    )
    urllib.request.urlopen(request, timeout=30).read()
    return server


class Proxy:
    """Forwards POSTs to `upstream`; answers `failures` (a list of statuses) first, one per request, and
    waits `delay` seconds before each forward. Records (status, User-Agent) of every request it answered."""

    def __init__(self, upstream: str):
        self.upstream = upstream
        self.failures: list[int] = []
        self.fail_after = 0  # requests to forward before the failures start
        self.retry_after = "1"
        self.delay = 0.0
        self.seen: list[tuple[int, str]] = []
        self.times: list[float] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                agent = self.headers.get("User-Agent", "")
                with proxy._lock:
                    proxy.times.append(time.monotonic())
                    fail = None
                    if proxy.fail_after > 0:
                        proxy.fail_after -= 1
                    elif proxy.failures:
                        fail = proxy.failures.pop(0)
                if fail is not None:
                    proxy.seen.append((fail, agent))
                    self.send_response(fail)
                    if fail == 429:
                        self.send_header("Retry-After", proxy.retry_after)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"try later")
                    return
                time.sleep(proxy.delay)
                forward = urllib.request.Request(
                    proxy.upstream,
                    data=body,
                    method="POST",
                    headers={
                        "Content-Type": self.headers.get("Content-Type", ""),
                        "Accept": self.headers.get("Accept", ""),
                    },
                )
                with urllib.request.urlopen(forward, timeout=30) as answer:
                    data, status, ctype = answer.read(), answer.status, answer.headers.get("Content-Type", "")
                proxy.seen.append((status, agent))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sparql"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
