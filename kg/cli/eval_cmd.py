"""`kg eval`: not built yet."""

import click

from ..errors import NotBuiltYet


def register(group: click.Group) -> None:
    @group.command("eval", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def eval_command() -> None:
        """Not built yet."""
        raise NotBuiltYet("'kg eval' is not built yet")
