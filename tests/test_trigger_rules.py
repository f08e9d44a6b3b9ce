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
    rule = _from_yaml(
        {
            "id": "t",
            "category": "Statement",
            "trigger": {"lemma": ["call"], "pos": "VERB"},
            "when": [
                [
                    {"rel": ">", "dep": "prep", "lower": ["on", "for"]},
                    {"rel": ">", "not_ent_type": ["DATE"], "not_lower": "@events.days"},
                ]
            ],
        },
        0,
    )
    (pattern,) = rule.patterns(rule.when)
    assert pattern[0] == {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"_": {"kg_lemma": {"IN": ["call"]}, "kg_pos": "VERB"}}}
    assert pattern[1] == {
        "LEFT_ID": "trigger",
        "REL_OP": ">",
        "RIGHT_ID": "n0",
        "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["on", "for"]}},
    }
    assert pattern[2]["LEFT_ID"] == "n0" and pattern[2]["RIGHT_ATTRS"]["ENT_TYPE"] == {"NOT_IN": ["DATE"]}
    assert "monday" in pattern[2]["RIGHT_ATTRS"]["LOWER"]["NOT_IN"]  # "@events.days" is the lexicon's list


def test_an_absent_alternative_holds_only_without_its_chain():
    nlp = spacy.blank("en")
    rule = _from_yaml(
        {
            "id": "meet",
            "category": "Meeting",
            "trigger": {"lemma": "meet"},
            "when": [{"absent": [{"rel": ">", "dep": "dobj"}]}, [{"rel": ">", "dep": "dobj", "pos": "PROPN"}]],
        },
        0,
    )
    matcher = TriggerMatcher(nlp.vocab, [rule])

    def hand_parsed(words, pos, deps, heads):
        doc = Doc(nlp.vocab, words=words, pos=pos, deps=deps, heads=heads, lemmas=[w.lower() for w in words])
        return [h.token.text for h in matcher(doc)]

    assert hand_parsed(
        ["They", "meet", "today"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "npadvmod"], [1, 1, 1]
    ) == ["meet"]
    assert hand_parsed(["They", "meet", "Ruto"], ["PRON", "VERB", "PROPN"], ["nsubj", "ROOT", "dobj"], [1, 1, 1]) == [
        "meet"
    ]
    assert (
        hand_parsed(["They", "meet", "resistance"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"], [1, 1, 1])
        == []
    )


def _generated(rule_id, category, lemma, obj=None, order=0):
    pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": [lemma]}, "POS": "VERB"}}]
    if obj:
        pattern.append(
            {
                "LEFT_ID": "trigger",
                "REL_OP": ">",
                "RIGHT_ID": "object",
                "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass"]}, "LEMMA": {"IN": [obj]}},
            }
        )
    return _from_jsonl({"id": rule_id, "category": category, "pattern": pattern}, order, "triggers.test.jsonl")


def test_a_rule_whose_category_is_none_of_the_contracts_stops_the_rules_loading():
    with pytest.raises(ValueError, match="no event category"):
        _generated("typo", "Ceasfire", "agree")
    with pytest.raises(ValueError, match="no event category"):
        _from_yaml({"id": "t", "category": "Talks", "trigger": {"lemma": "talk"}}, 0)
    assert _generated("blocker", None, "agree").category is None  # a blocker codes nothing


def _hand_parsed_verbs(matcher, *sentences):
    """What each three-word sentence ("Subject verb/lemma objects/lemma") is coded as."""
    vocab = matcher.vocab
    out = []
    for sentence in sentences:
        words, lemmas = zip(*[(w.split("/") + [w.lower()])[:2] for w in sentence.split()], strict=True)
        doc = Doc(
            vocab,
            words=list(words),
            lemmas=list(lemmas),
            pos=["PROPN", "VERB", "NOUN"],
            deps=["nsubj", "ROOT", "dobj"],
            heads=[1, 1, 1],
        )
        out.append([(h.token.text, h.category, h.generated) for h in matcher(doc)])
    return out


def test_the_most_specific_dictionary_pattern_codes_and_a_blocker_codes_nothing():
    """PETRARCH's rule: "remove restrictions" is more specific than "remove", and codes something we do not
    extract (the blockers file, category null): the token is no trigger at all."""
    vocab = spacy.blank("en").vocab
    matcher = TriggerMatcher(
        vocab,
        [
            _generated("remove", "Deportation", "remove"),
            _generated("remove-restriction", None, "remove", "restriction", 1),
        ],
    )
    assert _hand_parsed_verbs(
        matcher, "Kenya removed/remove diplomats/diplomat", "Kenya removed/remove restrictions/restriction"
    ) == [[("removed", "Deportation", True)], []]


def test_a_hand_written_rule_wins_over_a_dictionary_pattern():
    vocab = spacy.blank("en").vocab
    hand = _from_yaml({"id": "expel", "category": "Deportation", "trigger": {"lemma": "expel", "pos": "VERB"}}, 0)
    matcher = TriggerMatcher(vocab, [hand, _generated("expel-forces", "MilitaryAction", "expel", "force", 1)])
    assert _hand_parsed_verbs(matcher, "Kenya expelled/expel forces/force") == [[("expelled", "Deportation", False)]]


def test_dictionary_statements_and_vague_bare_verbs_code_nothing():
    """Measured on the dev sets: the dictionary's comment verbs and its bare verbs of meeting, travel and help
    cost more precision than they gave recall; its bare verbs of force and expulsion stand."""
    vocab = spacy.blank("en").vocab
    matcher = TriggerMatcher(
        vocab,
        [
            _generated("criticise", "Statement", "criticise", "plan"),
            _generated("see", "Meeting", "see"),
            _generated("besiege", "MilitaryAction", "besiege"),
        ],
    )
    assert _hand_parsed_verbs(
        matcher,
        "Kenya criticised/criticise plans/plan",
        "Kenya saw/see officials/official",
        "Rebels besieged/besiege towns/town",
    ) == [[], [], [("besieged", "MilitaryAction", True)]]


def test_the_dictionary_reaches_what_the_hand_written_rules_do_not(nlp, matcher):
    hit = _trigger_at(nlp, matcher, "The minister [attended] an international conference on Afghanistan in Moscow.")
    assert hit is not None and hit.generated and hit.category == "Meeting"
    hit = _trigger_at(nlp, matcher, "Russia [banished] the diplomats on Friday.")
    assert hit is not None and hit.generated and hit.category == "Deportation"
    assert _trigger_at(nlp, matcher, "Pekka Haavisto [expressed] the belief that the move would help.") is None


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
    return sentence[: m.start()] + m.group(1) + sentence[m.end() :], m.start()


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


_OWN_SENTENCES = (
    "Russia launched an air strike on Kharkiv on Monday, killing five civilians, officials said.",
    "The two ministers held talks in Geneva and signed a ceasefire agreement brokered by Qatar.",
    "Kenya expelled the ambassador and recalled its envoy after the rebels attacked a border post.",
    "The bloc admitted Timor-Leste as its eleventh member; China urged restraint and offered to mediate.",
    "Protesters were not released, and the government denied it had arrested them or sent troops.",
)


def test_the_lemma_indexed_matcher_finds_what_spacys_dependency_matcher_finds(nlp):
    """dep_patterns.py reimplements spaCy's matching for speed; on real parses it must agree with spaCy on every
    rule (hand-written and generated) and every token."""
    from pathlib import Path

    from kg.extract.dep_patterns import LemmaIndexedMatcher
    from kg.extract.triggers import IRREGULAR_PAST

    ours, theirs = LemmaIndexedMatcher(IRREGULAR_PAST), DependencyMatcher(nlp.vocab)
    for i, rule in enumerate(rules()):
        if rule.phrase is not None:
            continue
        patterns = [rule.raw] if rule.raw else rule.patterns([]) + rule.patterns(rule.when) + rule.patterns(rule.unless)
        patterns += [p for chain in rule.when_absent for p in rule.patterns([chain])]
        for j, pattern in enumerate(patterns):
            ours.add(f"{i}:{j}", [pattern])
            theirs.add(f"{i}:{j}", [pattern])
    seed = sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    compared = 0
    for text in (*_OWN_SENTENCES, seed):
        doc = nlp(text)
        expected = {(nlp.vocab.strings[m], ids[0]) for m, ids in theirs(doc)}
        assert set(ours(doc)) == expected
        compared += len(expected)
    assert compared > 50  # the texts exercise many rules, not none


@pytest.mark.parametrize(
    "node, message",
    [
        ({"LEFT_ID": "t", "REL_OP": "<~>", "RIGHT_ID": "n", "RIGHT_ATTRS": {"DEP": "dobj"}}, "operator"),
        ({"LEFT_ID": "t", "REL_OP": ">", "RIGHT_ID": "n", "RIGHT_ATTRS": {"SHAPE": "Xxxx"}}, "attribute"),
        ({"LEFT_ID": "t", "REL_OP": ">", "RIGHT_ID": "n", "RIGHT_ATTRS": {"DEP": {"FUZZY": "dobj"}}}, "test"),
        ({"LEFT_ID": "x", "REL_OP": ">", "RIGHT_ID": "n", "RIGHT_ATTRS": {"DEP": "dobj"}}, "before it is defined"),
    ],
)
def test_a_broken_pattern_fails_when_the_rules_load_not_when_a_text_needs_it(node, message):
    from kg.extract.dep_patterns import LemmaIndexedMatcher

    matcher = LemmaIndexedMatcher()
    with pytest.raises(ValueError, match=message):
        matcher.add("broken", [[{"RIGHT_ID": "t", "RIGHT_ATTRS": {"LEMMA": "attack"}}, node]])
