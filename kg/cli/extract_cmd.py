"""`kg extract`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("extract", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def extract_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg extract' is not built yet")
