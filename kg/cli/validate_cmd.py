"""`kg validate`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("validate", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def validate_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg validate' is not built yet")
