"""The model's attribute ruler run as a table (kg/extract/attribute_table.py) gives the ruler's own annotations."""

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from kg.extract.attribute_table import AttributeTable, table_for, use_attribute_table

COLUMNS = [POS, TAG, DEP, MORPH, LEMMA]


def _hand_tagged(nlp, words, tags, deps=None):
    doc = Doc(nlp.vocab, words=words, tags=tags, deps=deps or ["dep"] * len(words), heads=list(range(len(words))))
    return doc


def _ruled(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Person=3|Number=Sing"}},
    # a later rule wins over the tag map for the attributes it sets, and leaves the others
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["nothing", "something"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^gon$"}}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    # matching reads the Doc before any rule writes: this rule sees the tag VBZ, not a POS set above
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "AUX"}, "index": 1},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "NNS", "VBZ"]}}]], "attrs": {"MORPH": "Other=Yes"}},
]


def test_a_later_rule_wins_and_longer_patterns_set_the_token_their_index_names():
    nlp, ruler = _ruled(PATTERNS)
    table = AttributeTable(nlp, ruler.patterns)
    words = ["There", "is", "nothing", "we", "are", "gon", "na", "lose", "but", "our", "chains"]
    tags = ["EX", "VBZ", "NN", "PRP", "VBP", "VBG", "TO", "VB", "CC", "PRP$", "NNS"]
    deps = ["expl", "ROOT", "attr", "nsubj", "aux", "xcomp", "aux", "xcomp", "cc", "poss", "dobj"]
    by_ruler, by_table = ruler(_hand_tagged(nlp, words, tags, deps)), table(_hand_tagged(nlp, words, tags, deps))
    assert (by_table.to_array(COLUMNS) == by_ruler.to_array(COLUMNS)).all()
    assert [str(t.morph) for t in by_table] == [str(t.morph) for t in by_ruler]
    assert by_table[2].pos_ == "PRON" and str(by_table[2].morph) == "Number=Sing"  # POS from the later rule
    assert by_table[1].pos_ == "AUX"  # the two-token rule, on its second token
    assert (by_table[5].lemma_, by_table[6].lemma_) == ("go", "to")
    assert str(by_table[0].morph) == "Other=Yes"


def test_a_pattern_the_table_cannot_read_leaves_the_models_ruler_in_place():
    nlp, ruler = _ruled([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert table_for(nlp) is None
    assert use_attribute_table(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler
    nlp2, _ = _ruled([{"patterns": [[{"LENGTH": 3}]], "attrs": {"POS": "NOUN"}}])
    assert table_for(nlp2) is None


def test_a_pipeline_already_using_the_table_is_left_as_it_is():
    nlp, _ = _ruled(PATTERNS)
    assert use_attribute_table(nlp)
    table = nlp.get_pipe("attribute_ruler")
    assert use_attribute_table(nlp) is False  # it used to fail: the table has no ruler's patterns to read
    assert table_for(nlp) is None and nlp.get_pipe("attribute_ruler") is table


@pytest.mark.slow
def test_the_models_ruler_and_the_table_annotate_whole_articles_alike(seed_dir):
    from kg.articles import read_paths
    from kg.nlp import load_model

    seed_articles = read_paths([seed_dir]).articles
    assert seed_articles

    model, table_model = load_model(), load_model()
    assert use_attribute_table(table_model)
    assert isinstance(table_model.get_pipe("attribute_ruler"), AttributeTable)
    assert table_model.pipe_names == model.pipe_names
    texts = [a.body for a in seed_articles] + [
        "There is nothing we are gon na lose. Let's go, y'all: c'mon! It ain't over.",
        "The U.S. envoy said that Mercosur's 2 members, Brazil and Argentina, won't sign whilst talks go on.",
    ]
    for doc, other in zip(model.pipe(texts), table_model.pipe(texts), strict=True):
        assert (other.to_array(COLUMNS) == doc.to_array(COLUMNS)).all()
        assert [str(t.morph) for t in other] == [str(t.morph) for t in doc]
