"""`kg serve`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("serve", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def serve_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg serve' is not built yet")
