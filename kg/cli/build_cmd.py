"""`kg build`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("build", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def build_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg build' is not built yet")
