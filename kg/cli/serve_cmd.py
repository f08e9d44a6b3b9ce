"""`kg serve`: the SPARQL endpoint and web pages under waitress (a production WSGI server)."""

from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import replace

import click

from ..errors import ConfigError


def register(group: click.Group) -> None:
    from . import settings_of, store_option

    @group.command("serve")
    @store_option
    @click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
    @click.option("--port", default=8000, show_default=True, type=int)
    @click.option("--allow-update", is_flag=True, help="Accept SPARQL Update at /update and /sparql (needs --token).")
    @click.option("--token", envvar="KG_UPDATE_TOKEN", metavar="T", help="Bearer token required for updates.")
    @click.option("--timeout", type=float, help="Query timeout in seconds (default 30, or $KG_QUERY_TIMEOUT).")
    @click.option("--max-rows", type=int, help="Largest result a query may return (default 10000).")
    @click.option("--threads", default=16, show_default=True, type=int, help="waitress request threads.")
    @click.option("--workers", type=int, help="Query worker processes (default 4 per CPU, at most 8; 1 with updates).")
    @click.option(
        "--service-allow",
        multiple=True,
        metavar="HOST",
        help="A host SERVICE/LOAD may contact (repeatable); by default none.",
    )
    @click.option(
        "--max-memory",
        default="1G",
        show_default=True,
        metavar="SIZE",
        help="Memory one query may use (per worker, enforced by the OS); past it: 503. 0: no cap.",
    )
    @click.option(
        "--max-result-size",
        default="64M",
        show_default=True,
        metavar="SIZE",
        help="Largest result body a query may return; past it: 413.",
    )
    @click.option(
        "--cors-origin",
        multiple=True,
        metavar="ORIGIN",
        help="A web origin (https://app.example, or *) whose pages may read /sparql query results "
        "(repeatable). By default none: no CORS.",
    )
    @click.option(
        "--allowed-host",
        multiple=True,
        metavar="NAME",
        help="A Host name to answer to besides the loopback names (repeatable), e.g. the name a reverse "
        "proxy forwards. Other names are refused when listening on loopback (DNS rebinding).",
    )
    @click.option(
        "--request-timeout",
        default=20.0,
        show_default=True,
        type=float,
        metavar="SECONDS",
        help="Time a request may take to arrive whole (head and body); a slower client is disconnected.",
    )
    @click.pass_context
    def serve_command(
        ctx: click.Context,
        store: str | None,
        host: str,
        port: int,
        allow_update: bool,
        token: str | None,
        timeout: float | None,
        max_rows: int | None,
        threads: int,
        workers: int | None,
        service_allow: tuple[str, ...],
        max_memory: str,
        max_result_size: str,
        cors_origin: tuple[str, ...],
        allowed_host: tuple[str, ...],
        request_timeout: float,
    ) -> None:
        """Serve the store over SPARQL 1.1 with a query page and entity pages.

        \b
        Example:
          kg serve --port 8000            # then open http://127.0.0.1:8000/
        The store is opened read-only; a later `kg build` is picked up without a restart.
        See docs/security.md before exposing it beyond this machine.
        """
        from ..web import create_app
        from ..web.headers import allowed_hosts
        from ..web.limits import parse_size
        from ..web.pool import store_exists
        from ..web.server import serve

        if allow_update and not token:
            raise ConfigError("--allow-update needs --token T (or $KG_UPDATE_TOKEN): updates are never anonymous")
        try:
            memory, result_size = parse_size(max_memory), parse_size(max_result_size)
        except ValueError as err:
            raise click.BadParameter(str(err)) from None
        settings = settings_of(
            ctx,
            store=store,
            query_timeout=timeout,
            max_rows=max_rows,
            allow_update=allow_update or None,
            update_token=token,
            service_allow=tuple(service_allow) or None,
            max_memory=memory,
            max_result_bytes=result_size or None,
            cors_origins=tuple(cors_origin) or None,
        )
        # Not through settings_of: None there means "not given", here it means "any name".
        settings = replace(settings, allowed_hosts=allowed_hosts(host, tuple(allowed_host)))
        if not store_exists(settings) and not allow_update:
            raise ConfigError(f"no store at {settings.store}: run 'kg build' first")
        if allow_update and not settings.is_remote:
            os.makedirs(settings.store, exist_ok=True)
        app = create_app(settings, workers=workers)
        # SIGTERM (service managers, `kill`) ends the server like Ctrl-C, so the query workers end with it.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        pool = app.extensions["kg_pool"]
        if pool.isolation_failure and not settings.is_remote and not settings.service_allow:
            click.echo(
                f"kg: warning: query workers keep network access ({pool.isolation_failure}); the query guard "
                "alone refuses SERVICE and LOAD",
                err=True,
            )
        if settings.max_memory and pool.memory_failure:
            click.echo(f"kg: warning: query workers' memory is not capped ({pool.memory_failure})", err=True)
        if settings.allowed_hosts is None:
            click.echo(
                f"kg: warning: listening on {host}, beyond this machine: see docs/security.md (a reverse "
                "proxy with TLS and limits in front)",
                err=True,
            )
        click.echo(f"kg: serving {settings.store} on http://{host}:{port}/ (SPARQL at /sparql)", err=True)
        logging.basicConfig(format="kg: %(levelname)s %(name)s: %(message)s")
        try:
            serve(
                app,
                host=host,
                port=port,
                threads=threads,
                max_request_bytes=settings.max_request_bytes,
                max_result_bytes=settings.max_result_bytes,
                request_seconds=request_timeout,
            )
        finally:
            pool.close()
