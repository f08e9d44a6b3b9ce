"""Template filters the pages share: dates and class names for people, and paging links that keep the filters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import urlencode

from flask import Flask
from werkzeug.datastructures import MultiDict

from ..naming import format_date, humanise

_Value = TypeVar("_Value")


def with_page(args: MultiDict[str, str], param: str, number: int) -> str:
    """The current query string with one page parameter set (the category and date filters kept)."""
    items = [(k, v) for k, v in args.items(multi=True) if k != param] + [(param, str(number))]
    return urlencode(items)


def drop(mapping: Mapping[str, _Value], key: str) -> dict[str, _Value]:
    return {k: v for k, v in mapping.items() if k != key}


def register(app: Flask) -> None:
    app.add_template_filter(format_date, "date")
    app.add_template_filter(humanise, "words")
    app.add_template_filter(with_page, "with_page")
    app.add_template_filter(drop, "drop")
