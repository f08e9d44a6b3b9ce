"""`kg extract FILE`: the triples of the articles in one file, printed as Turtle (or TriG), without a store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the command imports the library only when it runs
    from ..errors import InputError
    from ..settings import Settings


def register(group: click.Group) -> None:
    from . import settings_of  # defined in kg.cli after the command modules are imported

    @group.command("extract")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["turtle", "trig"]),
        default="turtle",
        show_default=True,
        help="turtle merges the articles' graphs into one; trig keeps one named graph per article.",
    )
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True, path_type=str),
        help="Write to this file instead of standard output.",
    )
    @click.pass_context
    def extract_command(ctx: click.Context, file: str, fmt: str, output: str | None) -> None:
        """Extract entities, posts, memberships and events from the articles in FILE and print the triples.

        Nothing is written to the store: this shows what `kg build` would add for the file.

        \b
        Example:
          kg extract seeds/000_ff348a236d73ca7f.txt | less

        \b
        Exit status: 0 on success, 1 when the file or some of its articles (a bad JSON line) cannot be read (the
        triples of the others are still printed), 2 when no spaCy model loads.
        """
        text, errors = extract_file(file, settings_of(ctx), fmt)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            click.echo(text, nl=False)
        if errors:
            ctx.exit(1)


def extract_file(path: str, settings: Settings, fmt: str = "turtle") -> tuple[str, list[InputError]]:
    """Turtle (or TriG) of every readable article in one file (read, extract, link, map to RDF), and the errors met.

    Each unreadable part (a bad JSON line) is reported on stderr with its line; the rest is extracted.
    """
    from rdflib import Graph

    from ..articles import read_paths
    from ..errors import KgError
    from ..extract import extract_many, extraction_pipeline
    from ..rdf import bind_prefixes, facts_to_dataset

    result = read_paths([path])
    for warning in result.warnings:
        click.echo(f"kg: {warning}", err=True)
    if not result.articles:
        raise result.errors[0] if result.errors else KgError(f"{path}: no article found")
    for error in result.errors:
        click.echo(f"kg: {error}", err=True)
    nlp = extraction_pipeline(settings.spacy_model)
    facts = list(extract_many(result.articles, nlp=nlp, batch_size=settings.batch_size))
    ds = facts_to_dataset(facts, base=settings.base_iri)
    if fmt == "trig":
        return ds.serialize(format="trig"), result.errors
    merged = Graph()
    bind_prefixes(merged)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged.serialize(format="turtle"), result.errors


__all__ = ["register", "extract_file"]
