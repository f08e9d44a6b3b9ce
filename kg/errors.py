"""The few error types the library raises; the CLI and the web layer map them to exit codes and HTTP statuses."""

import os


class KgError(Exception):
    """Base class: a problem a user can act on; its message is meant to be shown as is."""

    exit_code = 1


class InputError(KgError):
    """An input file (or one line of it) cannot be read as an article."""

    def __init__(self, path: str | os.PathLike[str], reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ConfigError(KgError):
    """A setting is missing or wrong (store location, model name, ...)."""

    exit_code = 2


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query is malformed, refused or timed out."""


class QueryTimeout(QueryError):
    """A query ran past its timeout and was cancelled."""


class NotBuiltYet(KgError):
    """A command whose capability is not implemented yet."""

    exit_code = 2
