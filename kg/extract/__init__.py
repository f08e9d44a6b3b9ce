"""Extraction: a spaCy pipeline (the model plus the components of config.cfg) from Articles to Facts."""

from .pipeline import add_components, extract, extract_many, extraction_pipeline

__all__ = ["add_components", "extract", "extract_many", "extraction_pipeline"]
