"""The gazetteer's name index finds names as spaCy's PhraseMatcher(attr="LOWER") does, without a Doc per name."""

from __future__ import annotations

import pytest
from spacy.matcher import PhraseMatcher

from kg.extract.gazetteer import kb_entries, project_entries
from kg.extract.name_index import NameIndex, token_words

pytestmark = pytest.mark.slow  # the real model's tokenizer


def test_every_shipped_name_is_split_as_the_tokenizer_splits_it(nlp):
    from kg.link import load_kb

    known = kb_entries(load_kb())
    names = sorted({e.name for e in known + project_entries({e.name.lower(): e for e in known})})
    assert len(names) > 10_000  # the whole shipped gazetteer, not a sample
    fast = token_words(names, nlp.tokenizer)
    slow = [[t.lower_ for t in doc] for doc in nlp.tokenizer.pipe(names)]
    assert [n for n, a, b in zip(names, fast, slow, strict=True) if a != b] == []


def test_plain_words_skip_the_tokenizer_but_exceptions_and_punctuation_do_not(nlp):
    words = token_words(["São Tomé", "U.S.", "Guinea-Bissau", "Côte d'Ivoire", "cannot"], nlp.tokenizer)
    assert words[0] == ["são", "tomé"]
    assert words[1] == ["u.s."]
    assert words[2] == ["guinea", "-", "bissau"]
    assert words[3] == [t.lower_ for t in nlp.tokenizer("Côte d'Ivoire")]  # the apostrophe: the tokenizer decides
    assert words[4] == [t.lower_ for t in nlp.tokenizer("cannot")] == ["can", "not"]  # a tokenizer exception


NAMES = [
    "United States",
    "United States Army",
    "U.S.",
    "Guinea-Bissau",
    "Kyiv",
    "Sumy region",
    "Sumy",
    "EU",
    "European Union",
    "Côte d'Ivoire",
]
TEXTS = [
    "The United States Army said the U.S. would send aid to Kyiv, while the European Union and the EU's envoy "
    "to Guinea-Bissau met officials from Sumy and the Sumy region.",
    "united states army, UNITED STATES, Côte d'Ivoire and côte d'ivoire; Kyiv. Kyiv-based groups.",
    "",
    "Nothing here at all.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_finds_what_the_phrase_matcher_finds_in_the_same_order(nlp, text):
    index = NameIndex()
    for words in token_words(NAMES, nlp.tokenizer):
        index.add(words)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("GAZ", list(nlp.tokenizer.pipe(NAMES)))
    doc = nlp.make_doc(text)
    expected = [(start, end) for _, start, end in matcher(doc)]
    assert index.find(doc) == expected
    if text == TEXTS[0]:  # overlapping names are all found: "United States" inside "United States Army"
        spans = [doc[s:e].text for s, e in index.find(doc)]
        assert {"United States", "United States Army", "U.S.", "Sumy", "Sumy region", "EU"} <= set(spans)
