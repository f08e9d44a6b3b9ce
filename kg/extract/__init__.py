"""Extraction: a pure function from an Article to Facts (see pipeline.extract)."""

from .pipeline import extract, extract_many

__all__ = ["extract", "extract_many"]
