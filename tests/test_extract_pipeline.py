"""The extraction is a spaCy pipeline: the components config.cfg lists, run by nlp.pipe, in one process or several."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract import docdata, extract_many
from kg.extract.pipeline import CONFIG
from kg.model import Article

pytestmark = pytest.mark.slow

BODY = (
    "Kenyan President William Ruto met Ethiopia's prime minister in Addis Ababa on Monday. "
    "Somalia joined the East African Community in 2023."
)


def test_the_config_lists_the_components_and_where_they_run(tiny_extractor):
    from thinc.api import Config

    listed = list(Config().from_disk(CONFIG)["pipeline"]["components"])
    assert [n for n in tiny_extractor.pipe_names if n.startswith("kg_")] == listed
    # paragraph breaks are set before the parser; the readers run after the model's NER
    assert tiny_extractor.pipe_names == [
        "tok2vec",
        "tagger",
        "kg_paragraphs",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
        *listed[1:],
    ]


def test_a_paragraph_break_ends_a_sentence(tiny_extractor):
    doc = tiny_extractor("Kenya and Uganda met on Monday\n\nThe talks ended on Tuesday")
    assert [s.text.strip() for s in doc.sents] == ["Kenya and Uganda met on Monday", "The talks ended on Tuesday"]


def test_what_the_components_leave_on_a_doc_survives_serialisation(tiny_extractor):
    article = Article(id="a1", title="Talks", body=BODY, published="2025-03-03")
    doc = tiny_extractor(docdata.set_article(tiny_extractor.make_doc(BODY), article))
    again = Doc(tiny_extractor.vocab).from_bytes(doc.to_bytes())
    assert docdata.entities_of(again) == docdata.entities_of(doc)
    assert docdata.positions_of(again) == docdata.positions_of(doc) != []
    assert docdata.memberships_of(again) == docdata.memberships_of(doc) != []
    assert docdata.events_of(again) == docdata.events_of(doc) != []
    assert {s.kb_id_ for s in again.spans[docdata.MENTIONS]} >= {"person/william-ruto", "country/kenya"}


def test_several_processes_give_the_facts_one_process_gives(extractor, seed_dir):
    from kg.articles import read_paths

    articles = read_paths([seed_dir]).articles
    one = list(extract_many(articles, nlp=extractor))
    two = list(extract_many(articles, nlp=extractor, n_process=2, batch_size=1))
    assert one == two and sum(len(f.events) for f in one) > 5


def test_the_lexicon_reads_as_yaml_1_2_reads_it():
    """The fast loader must not read the words "on", "no", "yes" or "off" of a list as booleans (YAML 1.1 would):
    every lexicon file loads exactly as a YAML 1.2 parser (ruamel, through srsly) loads it."""
    import srsly

    from kg.extract.vocabulary import LEXICON_DIR, read_yaml

    files = sorted(LEXICON_DIR.glob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        assert read_yaml(path) == srsly.read_yaml(path), path.name
    assert "on" in read_yaml(LEXICON_DIR / "events.yaml")["frame_preps"]
