"""`kg link import|report|relink`: grow the offline knowledge base and update the store's Wikidata links."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the library loads only when a command runs
    from ..link.online import WikidataOnline
    from ..settings import Settings

online_option = click.option(
    "--online",
    is_flag=True,
    default=None,
    help="Also ask Wikidata's API for names the offline tables lack (off by default).",
)
api_option = click.option(
    "--api-url",
    metavar="URL",
    envvar="KG_WIKIDATA_API",
    help="Wikidata API endpoint for --online (default https://www.wikidata.org/w/api.php).",
)
overlay_option = click.option(
    "--overlay",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="The user overlay database (default $KG_KB_OVERLAY or ~/.local/share/newskg/kb-overlay.sqlite).",
)


def register(group: click.Group) -> None:
    from . import settings_of, store_option  # here, not at import: kg.cli imports this module

    @group.group("link")
    def link_group() -> None:
        """Wikidata links: fetch or import entries, list unlinked entities, accept, relink, enrich.

        \b
        Examples:
          kg link fetch                    # the news slice of Wikidata over SPARQL (resumable)
          kg link import extract.json      # Wikidata dump lines (or a CSV: qid,label,aliases,type)
          kg link report --limit 20        # entities without a link, most mentioned first, with candidates
          kg link accept "Penny Wong" QID  # record a decision, then relink
          kg link relink                   # add links the knowledge base now knows
          kg link enrich                   # the linked people's dated posts from Wikidata
        """

    @link_group.command("import")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @overlay_option
    @store_option
    @click.option(
        "--relink/--no-relink", default=True, show_default=True, help="Relink the store afterwards (when it exists)."
    )
    @click.pass_context
    def import_command(ctx: click.Context, file: str, overlay: str | None, store: str | None, relink: bool) -> None:
        """Add entities from a Wikidata JSON dump extract or a CSV (qid,label,aliases,type) to the overlay.

        \b
        Example:
          kg link import my-entities.csv    # qid,label,aliases,type rows; aliases split on |
        """
        from ..link import load_kb, overlay_path
        from ..link.overlay import import_file

        target = overlay or str(overlay_path())
        result = import_file(file, target, kb=load_kb(overlay=target))
        click.echo(f"{result.added} added, {result.updated} updated, {len(result.skipped)} skipped -> {target}")
        for reason in result.skipped[:20]:
            click.echo(f"  skipped {reason}", err=True)
        settings = settings_of(ctx, store=store)
        if relink and _store_exists(settings):
            _relink(settings, target, online=False, api_url=None, dry_run=False)

    @link_group.command("report")
    @store_option
    @overlay_option
    @click.option("--limit", type=int, default=50, show_default=True, help="How many entities to list (0: all).")
    @online_option
    @api_option
    @click.pass_context
    def report_command(
        ctx: click.Context, store: str | None, overlay: str | None, limit: int, online: bool | None, api_url: str | None
    ) -> None:
        """List the store's entities that have no Wikidata link, most mentioned first, with candidates to check.

        \b
        Example:
          kg link report --limit 20
        """
        from ..link import load_kb
        from ..link.storelink import unlinked_entities
        from ..stores import open_store

        settings = settings_of(ctx, store=store)
        service = _online(settings, online, api_url)
        kb = load_kb(overlay=overlay) if service is None else None
        with open_store(settings, read_only=True) as st:
            rows = unlinked_entities(st, limit=limit or None)
        if not rows:
            click.echo("every entity in the store has a Wikidata link")
            return
        click.echo(f"{'articles':>8}  {'type':<12}  {'entity':<40}  suggestion")
        for row in rows:
            hint = ""
            if service is not None:
                cand = service.lookup(row.label, row.type)
                hint = f"online: {cand.qid} {cand.label}" if cand else ""
            elif kb is not None and row.type and kb.lookup(row.label, row.type, subtype=row.subtype):
                hint = "known now: run 'kg link relink'"
            click.echo(f"{row.articles:>8}  {row.type or '?':<12}  {row.label[:40]:<40}  {hint}".rstrip())
            if kb is not None and row.type and not hint:
                for cand in kb.candidates(row.label, row.type):
                    about = kb.description(cand.qid) or cand.subtype or cand.type
                    click.echo(
                        f"{'':>8}  {'':<12}  candidate: wd:{cand.qid} {cand.label} ({about})"
                        f'  -> kg link accept "{row.label}" {cand.qid}'
                    )

    @link_group.command("relink")
    @store_option
    @overlay_option
    @online_option
    @api_option
    @click.option("--dry-run", is_flag=True, help="Show what would be linked, change nothing.")
    @click.pass_context
    def relink_command(
        ctx: click.Context,
        store: str | None,
        overlay: str | None,
        online: bool | None,
        api_url: str | None,
        dry_run: bool,
    ) -> None:
        """Add owl:sameAs links to unlinked entities the knowledge base now knows (no re-extraction).

        \b
        Example:
          kg link relink --dry-run
        """
        _relink(settings_of(ctx, store=store), overlay, online, api_url, dry_run)

    from . import link_wikidata_cmd

    link_wikidata_cmd.register(link_group, overlay_option, store_option, settings_of, _relink)


def _relink(settings: Settings, overlay: str | None, online: bool | None, api_url: str | None, dry_run: bool) -> None:
    from ..link import load_kb
    from ..link.storelink import relink
    from ..stores import open_store

    kb = load_kb(overlay=overlay)
    service = _online(settings, online, api_url)
    with open_store(settings) as st:
        result = relink(st, kb, online=service, dry_run=dry_run)
    for iri, label, qid in result.linked:
        click.echo(f"{'would link' if dry_run else 'linked'} {label} -> wd:{qid}  ({iri})")
    click.echo(f"{len(result.linked)} linked, {result.unresolved} still unlinked")


def _online(settings: Settings, online: bool | None, api_url: str | None) -> WikidataOnline | None:
    """The online service when asked for (--online, or Settings.online_linking), else None."""
    if not (online or (online is None and settings.online_linking)):
        return None
    from ..link.online import WIKIDATA_API, WikidataOnline

    return WikidataOnline(base_url=api_url or WIKIDATA_API, timeout=min(settings.query_timeout, 10.0))


def _store_exists(settings: Settings) -> bool:
    import os

    return settings.is_remote or os.path.isdir(settings.store)
