"""`kg stats`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("stats", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def stats_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg stats' is not built yet")
