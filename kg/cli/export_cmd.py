"""`kg export`: the store (or one article graph) as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from ..export import ALIASES, FORMATS
    from . import settings_of, store_option

    @group.command("export")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS + tuple(ALIASES), case_sensitive=False),
        default=None,
        help="Serialisation (default: from the output name's extension, else turtle).",
    )
    @click.option(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="Output file (default stdout); gzip-compressed when the name ends in .gz.",
    )
    @click.option(
        "--graph",
        metavar="ARTICLE",
        default=None,
        help="Only this article's graph: its IRI, article/ID or the bare ID.",
    )
    @click.option("--with-ontology", is_flag=True, help="Add the ontology (ontology/*.ttl) to the export.")
    @store_option
    @click.pass_context
    def export_command(
        ctx: click.Context,
        fmt: str | None,
        output: str | None,
        graph: str | None,
        with_ontology: bool,
        store: str | None,
    ) -> None:
        """Write the knowledge graph in a standard RDF syntax, in a stable order.

        Turtle and N-Triples hold the union of the article graphs (a triple stated by several
        articles appears once); N-Quads, TriG and JSON-LD keep one named graph per article.
        Two exports of the same store are byte-identical.

        \b
        Examples:
          kg export > graph.ttl
          kg export --format nquads -o graph.nq.gz
          kg export --format trig --with-ontology -o all.trig
        """
        from ..export import export, format_for, normalise_format, open_output
        from ..stores import open_store

        settings = settings_of(ctx, store=store)
        fmt = normalise_format(fmt or format_for(output) or "turtle")
        with open_store(settings, read_only=True) as st, open_output(output) as out:
            export(st, out, fmt, settings=settings, graph=graph, with_ontology=with_ontology)
