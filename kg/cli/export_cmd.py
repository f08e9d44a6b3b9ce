"""`kg export`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("export", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def export_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg export' is not built yet")
