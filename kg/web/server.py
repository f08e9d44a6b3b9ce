"""The HTTP server under `kg serve`: waitress, set up to keep answering while many slow clients hold connections.

waitress reads requests asynchronously and gives a request to a thread only once it has arrived whole, so a slow
client costs a socket, not a thread. What its defaults leave open, and what is set here instead:

- `connection_limit` 100: about 110 slow connections from one address stopped all service (the hardening review's
  probe). Here 1000, the process's file limit raised to fit, and poll() instead of select() (select cannot watch a
  descriptor numbered above 1024).
- `channel_timeout` 120 s: an idle connection is now closed after 30 s (a query's own time does not count: a
  connection with a request in progress is never idle-closed).
- A client that sends one byte every few seconds is never idle. A request must arrive whole (head and body) within
  REQUEST_SECONDS of its first byte, or its connection is closed (the body-read timeout waitress lacks).
- `max_request_body_size` 1 GB: waitress would spool a gigabyte body before the application could refuse it; here
  twice the application's own limit (so a body just over it still gets the application's JSON 413).
- `outbuf_high_watermark` 16 MB: a thread writing a larger result to a client that does not read would wait for it;
  here it is above the largest result, so a thread never waits on a client (results spill to files, kg.web.spool).
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

CONNECTION_LIMIT = 1000
IDLE_SECONDS = 30
REQUEST_SECONDS = 20


# waitress ships no type hints (and types-waitress's stubs mistype active_channels, listen and the effective
# address), so its classes are Any to mypy and subclassing them is allowed here by name.
class _DeadlineChannel(HTTPChannel):  # type: ignore[misc]
    """A connection that remembers when the request it is reading began."""

    request_started = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None:  # these bytes begin a new request
            self.request_started = time.monotonic()
        handled: bool = super().received(data)
        return handled


class _Server(TcpWSGIServer):  # type: ignore[misc]
    channel_class = _DeadlineChannel
    request_seconds: float = REQUEST_SECONDS

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        too_early = time.monotonic() - self.request_seconds
        for channel in list(self.active_channels.values()):
            # A request still arriving after its deadline, with none of the connection's requests being served.
            if channel.request is not None and not channel.requests and channel.request_started < too_early:
                channel.will_close = True


def _raise_file_limit(wanted: int) -> None:
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def serve(
    app: Flask,
    host: str,
    port: int,
    threads: int,
    max_request_bytes: int,
    max_result_bytes: int,
    request_seconds: float = REQUEST_SECONDS,
) -> None:
    """Serves the WSGI app until interrupted."""
    _raise_file_limit(CONNECTION_LIMIT + 100)  # the connections, the workers' pipes, the store's files
    adj = Adjustments(
        host=host,
        port=port,
        threads=threads,
        ident="newskg",
        clear_untrusted_proxy_headers=True,
        connection_limit=CONNECTION_LIMIT,
        asyncore_use_poll=True,
        channel_timeout=IDLE_SECONDS,
        cleanup_interval=max(1, int(request_seconds) // 4),
        max_request_body_size=2 * max_request_bytes + 64 * 1024,
        outbuf_high_watermark=max_result_bytes + (1 << 20),
    )
    socket_map: dict[int, Any] = {}  # waitress's asyncore map: file descriptor -> its dispatcher
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    servers = []
    for sockinfo in adj.listen:  # a host name may stand for several addresses (IPv4 and IPv6)
        server = _Server(app, socket_map, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo)
        server.request_seconds = request_seconds
        servers.append(server)
    if len(servers) == 1:
        servers[0].run()
    else:
        MultiSocketServer(
            socket_map, adj, [(s.effective_host, s.effective_port) for s in servers], dispatcher, servers[0].log_info
        ).run()
