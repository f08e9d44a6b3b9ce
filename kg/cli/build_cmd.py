"""`kg build PATH...` and `kg remove ARTICLE_ID`: thin shells over kg.build."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # rich and kg.build load only when a build runs
    from rich.progress import Progress, TaskID

    from ..build import BuildReport


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("build")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
    @store_option
    @click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=None,
        help="Processes extracting in parallel, each with the whole pipeline. Default: the machine's "
        "cores (never more than there are batches).",
    )
    @click.option(
        "--batch-size",
        type=click.IntRange(1, 10_000),
        default=None,
        help="Articles per parsing batch and per atomic write. Default 32.",
    )
    @click.option(
        "--cluster",
        envvar="KG_CLUSTER",
        metavar="ADDRESS",
        default=None,
        help="Extract on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local[:N]' to start N "
        "worker processes here (default: a worker per core). Needs newskg[cluster]. The store is "
        "still written by this process. See docs/scale-out.md.",
    )
    @click.option(
        "--commit-every",
        type=click.FloatRange(0.0),
        default=2.0,
        show_default=True,
        metavar="SECONDS",
        help="Write what is extracted at least this often (what a crash can lose).",
    )
    @click.option("--force", is_flag=True, help="Extract again articles already in the store.")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary line and errors.")
    @click.option("--verbose", "-v", is_flag=True, help="A line on stderr for every batch written (for logs).")
    @click.pass_context
    def build_command(
        ctx: click.Context,
        paths: tuple[str, ...],
        store: str | None,
        workers: int | None,
        batch_size: int | None,
        cluster: str | None,
        commit_every: float,
        force: bool,
        quiet: bool,
        verbose: bool,
    ) -> None:
        """Read article files and folders (recursively), extract, link and write to the store.

        Each article becomes one named graph (its IRI). Building the same files again changes
        nothing; a changed file replaces its articles. A file that cannot be read is reported
        with its reason and the rest still lands.

        \b
        Examples:
          kg build seeds/                          # into ./.kg/store
          kg build news/ more.jsonl --store /data/kg
          kg build feed/ --store sparql+http://127.0.0.1:7878/  # an Oxigraph server (docs/remote-store.md)

        \b
        Exit status: 0 when every file was read and every article written,
        1 when some files or articles failed (the others are in the store) or a path held no articles,
        2 for a configuration problem (no spaCy model, bad store location).
        """
        from ..build import build

        settings = settings_of(ctx, store=store, workers=workers, batch_size=batch_size, cluster=cluster)
        with _progress(quiet) as on_progress:
            report = build(
                paths,
                settings,
                force=force,
                progress=on_progress,
                commit_every=commit_every,
                on_batch=_log_batch if verbose else None,
            )
        _summary(report, settings.store, quiet)
        empty = _without_articles(paths)
        for path in empty:
            click.echo(f"warning: {path}: no article files here ({_ARTICLE_FILES})", err=True)
        if not report.ok or empty:
            sys.exit(1)

    @group.command("remove")
    @click.argument("article_id")
    @store_option
    @click.pass_context
    def remove_command(ctx: click.Context, article_id: str, store: str | None) -> None:
        """Take one article (its id or IRI) and its named graph out of the store.

        \b
        Example:
          kg remove 3f9a1c2b7d4e5f60     # the id shown by `kg query articles`
        """
        from ..build import remove
        from ..errors import KgError

        settings = settings_of(ctx, store=store)
        if not remove(article_id, settings):
            raise KgError(f"no article {article_id} in the store at {settings.store}")
        click.echo(f"removed article {article_id}")


def _without_articles(paths: Iterable[str]) -> list[str]:
    """The existing paths that named no article file (a folder with none, say): a build of nothing is no success.
    (A path that does not exist is already an error of the build.)"""
    from ..articles import find_files

    return [p for p in paths if Path(p).exists() and not any(isinstance(found, Path) for found in find_files([p]))]


_ARTICLE_FILES = ".txt, .text, .jsonl, .ndjson or no suffix; see CONTRACT.md for the formats"


def _log_batch(articles: int, triples: int) -> None:
    click.echo(f"wrote a batch: {articles} articles, {triples} triples", err=True)


class _progress:
    """A rich progress bar on stderr (articles, articles per second, errors so far); a no-op when quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet or not sys.stderr.isatty()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Callable[[int, int, int], None] | None:
        if self.quiet:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        self.task = None
        return self.update

    def update(self, done: int, total: int, errors: int) -> None:
        bar = self.bar
        assert bar is not None  # __enter__ hands this method out only once the bar exists
        if self.task is None:
            # Until the first articles come back the model and the knowledge base are loading (seconds)
            self.task = bar.add_task("starting: model, first batch", total=total, errors=0, rate="")
        if done == 0:
            return
        task = bar.tasks[0]
        if task.completed == 0:
            bar.reset(self.task, total=total, description="extracting", errors=errors, rate="")
        rate = done / task.elapsed if task.elapsed else 0.0
        bar.update(self.task, completed=done, errors=errors, rate=f"{rate:6.1f} art/s")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _summary(report: BuildReport, store: str, quiet: bool) -> None:
    for problem in report.errors:
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    rate = report.written / report.seconds if report.seconds else 0.0
    click.echo(
        f"{report.read} articles read{f' ({report.duplicates} duplicates)' if report.duplicates else ''}: "
        f"{report.written} written, {report.unchanged} unchanged, "
        f"{report.removed} removed; {report.triples} triples, {report.entities} entities, "
        f"{report.events} events; {len(report.errors)} errors; "
        f"{report.seconds:.1f}s ({rate:.1f} articles/s) -> {store}"
    )
