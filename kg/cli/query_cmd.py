"""`kg query`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("query", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def query_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg query' is not built yet")
