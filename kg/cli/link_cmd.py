"""`kg link`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("link", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def link_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg link' is not built yet")
