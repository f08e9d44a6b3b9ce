"""The built gazetteer is kept between runs (kg/extract/gazetteer_cache.py): read back it finds what a fresh one
finds; a change to the knowledge base's files builds a new one; a broken cache file is built anew."""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import gazetteer_for
from kg.extract.gazetteer_cache import cached
from kg.link import GazetteerEntry
from tests.support.extract_kb import ENTRIES, TinyKB

pytestmark = pytest.mark.slow  # the real model's tokenizer

TEXT = "The African Union and the UN met in Nairobi; Kenya's President William Ruto spoke in Addis Ababa."


class FileKB(TinyKB):
    """The small test knowledge base, as if read from a file (which names the cached copy)."""

    def __init__(self, path, entries=ENTRIES):
        super().__init__(entries)
        self.path, self.overlay = path, None


@pytest.fixture
def kb_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"version 1")
    return path


def _built(nlp, kb, calls):
    def build():
        calls.append(1)
        return gazetteer_for(nlp.tokenizer, kb)

    return cached(nlp.tokenizer, kb, nlp.meta, build)


def _found(gaz, nlp):
    doc = nlp(TEXT)
    return [(h.start, h.end, h.entry.key) for h in gaz.find(doc)]


def test_read_back_it_finds_what_a_fresh_one_finds(nlp, kb_file):
    calls = []
    first = _built(nlp, FileKB(kb_file), calls)
    again = _built(nlp, FileKB(kb_file), calls)
    assert calls == [1]  # built once, then read
    assert again.tokenizer is nlp.tokenizer
    fresh = gazetteer_for(nlp.tokenizer, FileKB(kb_file))
    assert _found(again, nlp) == _found(fresh, nlp) == _found(first, nlp)
    assert {"org/african-union", "place/nairobi", "person/william-ruto"} <= {k for _, _, k in _found(again, nlp)}
    assert again.by_name.keys() == fresh.by_name.keys() and again.surname == fresh.surname


def test_a_changed_knowledge_base_builds_anew(nlp, kb_file):
    calls = []
    _built(nlp, FileKB(kb_file), calls)
    kb_file.write_bytes(b"version 2, with a new town")
    bigger = ENTRIES + [GazetteerEntry("Kisumu", "Place", "Kisumu", "place/kisumu", subtype="City")]
    gaz = _built(nlp, FileKB(kb_file, bigger), calls)
    assert calls == [1, 1]
    assert gaz.entries("Kisumu")


def test_a_broken_cache_file_is_rebuilt_and_replaced(nlp, kb_file):
    calls = []
    _built(nlp, FileKB(kb_file), calls)
    (cache_file,) = (kb_file.parent / "cache").glob("gazetteer-*.pickle")
    cache_file.write_bytes(b"not a pickle")
    gaz = _built(nlp, FileKB(kb_file), calls)
    assert calls == [1, 1] and gaz.entries("Nairobi")
    _built(nlp, FileKB(kb_file), calls)
    assert calls == [1, 1]  # the broken file was replaced by a good one


def test_a_knowledge_base_without_files_is_not_cached(nlp, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    _built(nlp, TinyKB(), calls)
    _built(nlp, TinyKB(), calls)
    assert calls == [1, 1] and not (tmp_path / "cache").exists()
