"""`kg link fetch|enrich|accept`: the knowledge base grown from a Wikidata SPARQL endpoint, and decisions by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import click
from click.decorators import FC

if TYPE_CHECKING:  # the library and rich load only when a command runs
    from rich.progress import Progress, TaskID

    from ..settings import Settings

Option = Callable[[FC], FC]  # what click.option(...) returns: a decorator for a command


class Relink(Protocol):
    """kg.cli.link_cmd's relinking of the store after the knowledge base grew."""

    def __call__(
        self, settings: Settings, overlay: str | None, online: bool | None, api_url: str | None, dry_run: bool
    ) -> None: ...


endpoint_option = click.option(
    "--endpoint",
    metavar="URL",
    envvar="KG_WIKIDATA_SPARQL",
    help="SPARQL endpoint answering in Wikidata's RDF vocabulary (default https://query.wikidata.org/sparql).",
)


def register(
    link_group: click.Group,
    overlay_option: Option[Any],
    store_option: Option[Any],
    settings_of: Callable[..., Settings],
    relink_store: Relink,
) -> None:
    """Adds the commands to the `kg link` group (kg/cli/link_cmd.py passes its shared options)."""

    @link_group.command("fetch")
    @endpoint_option
    @click.option("--classes", metavar="QIDS", help="More P31 classes to fetch as organisations, e.g. Q123,Q456.")
    @click.option(
        "--since",
        type=int,
        default=1990,
        show_default=True,
        help="People who held a post (P39) ending in or after this year, or still held.",
    )
    @click.option("--min-population", type=int, default=None, help="Cities at least this populous (default 100000).")
    @click.option("--page-size", type=int, default=500, show_default=True, help="Items per listing query.")
    @click.option("--restart", is_flag=True, help="Forget a stopped fetch and start from the beginning.")
    @click.option("--quiet", is_flag=True, help="No progress display.")
    @overlay_option
    def fetch_command(
        endpoint: str | None,
        classes: str | None,
        since: int,
        min_population: int | None,
        page_size: int,
        restart: bool,
        quiet: bool,
        overlay: str | None,
    ) -> None:
        """Build the overlay from Wikidata: states, regions, cities, bodies and office holders since --since.

        Paged, polite (a User-Agent, retries with backoff on 429 and 5xx), resumable: run the same
        command again after a stop and it goes on where it was.

        \b
        Examples:
          kg link fetch                                   # the public Wikidata Query Service
          kg link fetch --endpoint http://127.0.0.1:7878/query --since 2000
        """
        import shutil

        from ..errors import InputError
        from ..link import load_kb, overlay_path
        from ..link.fetch import Fetcher, work_dir_for
        from ..link.sparql_client import WDQS_ENDPOINT, SparqlClient, SparqlError
        from ..link.wikidata_slice import MIN_CITY_POPULATION, default_tasks, parse_classes

        try:
            extra = parse_classes(classes)
        except ValueError as err:
            raise InputError(classes or "--classes", str(err)) from err  # only a given --classes can be wrong
        target = overlay or str(overlay_path())
        if restart:
            shutil.rmtree(work_dir_for(target), ignore_errors=True)
        tasks = default_tasks(extra, MIN_CITY_POPULATION if min_population is None else min_population)
        client = SparqlClient(endpoint or WDQS_ENDPOINT)
        with _Progress(quiet) as progress:
            fetcher = Fetcher(
                client,
                target,
                tasks,
                since=since,
                page_size=page_size,
                kb=load_kb(overlay=target),
                progress=progress.update,
            )
            try:
                result = fetcher.run()
            except SparqlError as err:
                raise click.ClickException(f"{err}\nThe fetch stopped; run the same command again to resume.") from err
        for name, count in result.items.items():
            click.echo(f"{count:>8}  {name}")
        click.echo(
            f"{result.added} added, {result.updated} updated, {len(result.skipped)} skipped -> {target}"
            f"  ({result.requests} requests, {result.retried} retried, {result.rows} rows,"
            f" {result.seconds:.1f} s{', resumed' if result.resumed else ''})"
        )
        for reason in result.skipped[:20]:
            click.echo(f"  skipped {reason}", err=True)

    @link_group.command("enrich")
    @store_option
    @overlay_option
    @click.option("--dry-run", is_flag=True, help="Count what would be written, change nothing.")
    @click.pass_context
    def enrich_command(ctx: click.Context, store: str | None, overlay: str | None, dry_run: bool) -> None:
        """Add the posts Wikidata knows (fetched with dates) for the store's linked people.

        They go to a graph of their own, <base>source/wikidata, each with prov:wasDerivedFrom wd:Q<person>.

        \b
        Example:
          kg link fetch && kg link relink && kg link enrich
        """
        from ..link import load_kb
        from ..link.enrich import enrich, graph_iri
        from ..stores import open_store

        settings = settings_of(ctx, store=store)
        with open_store(settings) as st:
            result = enrich(st, load_kb(overlay=overlay), settings.base_iri, dry_run=dry_run)
        verb = "would write" if dry_run else "wrote"
        click.echo(
            f"{verb} {result.positions} positions of {result.people} people"
            f" ({result.triples} triples) in <{graph_iri(settings.base_iri)}>"
        )
        for reason in result.skipped[:20]:
            click.echo(f"  left out {reason}", err=True)

    @link_group.command("accept")
    @click.argument("name")
    @click.argument("qid")
    @click.option(
        "--type",
        "type_",
        metavar="TYPE",
        help="What the item is, when the knowledge base does not know it "
        "(country, city, region, organization, person, official).",
    )
    @overlay_option
    @store_option
    @click.option("--relink/--no-relink", default=True, show_default=True, help="Relink the store afterwards.")
    @click.pass_context
    def accept_command(
        ctx: click.Context, name: str, qid: str, type_: str | None, overlay: str | None, store: str | None, relink: bool
    ) -> None:
        """Record that NAME means the Wikidata item QID (in the overlay), then relink the store.

        \b
        Example:
          kg link accept "Penny Wong" <QID>     # the id you checked on wikidata.org
        """
        import os

        from ..link import load_kb, overlay_path
        from ..link.accept import accept

        target = overlay or str(overlay_path())
        click.echo(accept(name, qid, target, load_kb(overlay=target), type=type_))
        settings = settings_of(ctx, store=store)
        if relink and (settings.is_remote or os.path.isdir(settings.store)):
            relink_store(settings, target, online=False, api_url=None, dry_run=False)


class _Progress:
    """A rich progress display per task on stderr (nothing with --quiet or when stderr is not a terminal)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bars: dict[str, TaskID] = {}
        self.progress: Progress | None = None

    def __enter__(self) -> _Progress:
        import sys

        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description:<34}"),
                TextColumn("{task.completed:>8} items"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self.progress.start()
        else:
            self.progress = None
        return self

    def update(self, name: str, items: int, done: bool) -> None:
        if self.progress is None:
            return
        if name not in self.bars:
            self.bars[name] = self.progress.add_task(name, total=None)
        self.progress.update(self.bars[name], completed=items, total=items if done else None)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
