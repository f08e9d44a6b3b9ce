"""Trigger rules are data (kg/extract/lexicon/triggers.yaml): the short form compiles to spaCy matcher patterns,
and every rule's own example sentences (the trigger word in brackets) are read as its category by the real model."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from kg.extract.trigger_rules import TriggerRule, _from_jsonl, _from_yaml, rules
from kg.extract.triggers import TriggerMatcher

RULES = [r for r in rules() if r.source == "triggers.yaml"]


def test_the_short_form_compiles_to_dependency_matcher_patterns():
    rule = _from_yaml({"id": "t", "category": "Statement", "trigger": {"lemma": ["call"], "pos": "VERB"},
                       "when": [[{"rel": ">", "dep": "prep", "lower": ["on", "for"]},
                                 {"rel": ">", "not_ent_type": ["DATE"], "not_lower": "@events.days"}]]}, 0)
    (pattern,) = rule.patterns(rule.when)
    assert pattern[0] == {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"_": {"kg_lemma": {"IN": ["call"]}, "kg_pos": "VERB"}}}
    assert pattern[1] == {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "n0",
                          "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["on", "for"]}}}
    assert pattern[2]["LEFT_ID"] == "n0" and pattern[2]["RIGHT_ATTRS"]["ENT_TYPE"] == {"NOT_IN": ["DATE"]}
    assert "monday" in pattern[2]["RIGHT_ATTRS"]["LOWER"]["NOT_IN"]  # "@events.days" is the lexicon's list


def test_an_absent_alternative_holds_only_without_its_chain():
    nlp = spacy.blank("en")
    rule = _from_yaml({"id": "meet", "category": "Meeting", "trigger": {"lemma": "meet"},
                       "when": [{"absent": [{"rel": ">", "dep": "dobj"}]}, [{"rel": ">", "dep": "dobj", "pos": "PROPN"}]]},
                      0)
    matcher = TriggerMatcher(nlp.vocab, [rule])

    def hand_parsed(words, pos, deps, heads):
        doc = Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads, lemmas=[w.lower() for w in words])
        return [h.token.text for h in matcher(doc)]

    assert hand_parsed(["They", "meet", "today"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "npadvmod"], [1, 1, 1]) \
        == ["meet"]
    assert hand_parsed(["They", "meet", "Ruto"], ["PRON", "VERB", "PROPN"], ["nsubj", "ROOT", "dobj"], [1, 1, 1]) \
        == ["meet"]
    assert hand_parsed(["They", "meet", "resistance"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"],
                       [1, 1, 1]) == []


def test_a_generated_rule_must_start_at_its_trigger():
    with pytest.raises(ValueError, match="trigger"):
        _from_jsonl({"id": "x", "category": "Aid", "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {}}]}, 0, "t.jsonl")


def test_every_rule_compiles_and_has_an_example():
    matcher = DependencyMatcher(spacy.blank("en").vocab, validate=True)
    for rule in RULES:
        assert rule.examples, f"rule {rule.id} has no example sentence"
        if rule.phrase is None:
            matcher.add(rule.id, rule.patterns([]) + rule.patterns(rule.when) + rule.patterns(rule.unless))


def _bracketed(sentence: str) -> tuple[str, int]:
    """The sentence without brackets and the character offset of the bracketed word."""
    m = re.search(r"\[([^\]]+)\]", sentence)
    assert m, sentence
    return sentence[:m.start()] + m.group(1) + sentence[m.end():], m.start()


@pytest.fixture(scope="module")
def matcher(nlp):
    return TriggerMatcher(nlp.vocab)


def _trigger_at(nlp, matcher, sentence: str):
    text, at = _bracketed(sentence)
    doc = nlp(text)
    return next((h for h in matcher(doc) if h.token.idx == at), None)


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_reads_its_examples(nlp, matcher, rule: TriggerRule):
    for sentence in rule.examples:
        hit = _trigger_at(nlp, matcher, sentence)
        assert hit is not None, f"no trigger at the bracketed word: {sentence}"
        assert (hit.category, hit.fine_type) == (rule.category, rule.fine), f"{sentence} -> {hit.rule}"
    for sentence in rule.counter_examples:
        hit = _trigger_at(nlp, matcher, sentence)
        assert hit is None or hit.category != rule.category, f"{sentence} -> {hit.rule}"
