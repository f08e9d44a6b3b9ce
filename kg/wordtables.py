"""The project's word tables (kg/extract/lexicon/*.yaml) read outside the extraction, so a word list is spelled once.

The article readers (month names in "Updated 27 October 2025") and the readable names ("27 Oct 2025") use the same
`months` table the extraction's date finder reads, without importing kg.extract (which loads spaCy). The YAML is
read as YAML 1.2 booleans only: YAML 1.1 would read the words "on", "no", "yes" and "off" of a word list as true
and false. Each file is read once per process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

LEXICON_DIR = Path(__file__).with_name("extract") / "lexicon"


@functools.cache
def yaml_loader() -> type[yaml.SafeLoader]:
    """libyaml's safe loader (ten times faster than the pure-Python one at start-up), YAML 1.2 booleans only.

    Made on first use, so that importing this module (kg.naming does, for `kg query`) does not import PyYAML."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


def read_yaml(path: Path) -> Any:
    """A lexicon file's data (Any: whatever the YAML holds)."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml_loader())  # noqa: S506 - a safe loader


@functools.cache
def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(LEXICON_DIR / f"{name}.yaml")
    return data


def table(name: str, key: str) -> dict[str, Any]:
    """A mapping from a lexicon file, e.g. table("dates", "months") -> {"january": 1, "jan": 1, "sept": 9, ...}."""
    data = _read(name)
    if key not in data:
        raise KeyError(f"no list '{key}' in {LEXICON_DIR / name}.yaml")
    return dict(data[key])


def month_numbers() -> dict[str, int]:
    """Month names and abbreviations, lower case, to their number (the `months` table of dates.yaml)."""
    return table("dates", "months")


@functools.cache
def month_abbreviations() -> tuple[str, ...]:
    """The twelve short month names for people, January first: the shortest name of each month in the table."""
    numbers = month_numbers()
    return tuple(min(sorted(n for n, m in numbers.items() if m == month), key=len).title() for month in range(1, 13))
