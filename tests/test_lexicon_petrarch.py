"""The PETRARCH2 -> trigger/agent lexicon conversion (scripts/petrarch_lexicon.py) and its output.

Hand-written snippets in the PETRARCH dictionary format exercise the parser with a stand-in lemmatizer (no
model needed); the committed lexicon is checked to load into a real DependencyMatcher; invented sentences
parsed by en_core_web_sm must get the expected category (slow); and, where the dictionaries are on this
machine, re-running the conversion must reproduce the committed files byte for byte (slow).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.vocab import EVENT_CATEGORIES

REPO = Path(__file__).resolve().parents[1]
LEXICON = REPO / "kg" / "extract" / "lexicon"
PETRARCH_DIR = Path(__file__).parents[2] / "shared" / "data" / "petrarch2"
GENERATED = [
    "triggers.petrarch2.jsonl",
    "triggers.petrarch2.blockers.jsonl",
    "agents.petrarch2.csv",
    "organizations.petrarch2.csv",
]


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


conv = load_script("petrarch_lexicon")
measure = load_script("measure_triggers")


# A stand-in for en_core_web_sm's lemmatizer: enough English for the snippets below.
IRREGULAR = {
    ("expelled", "VBD"): "expel",
    ("expels", "VBZ"): "expel",
    ("expelling", "VBG"): "expel",
    ("kicked_out", "VBD"): "kick",
    ("lain", "VBD"): "lie",
    ("laying", "VBG"): "lay",
    ("laid", "VBD"): "lay",
    ("lie", "VBD"): "lie",
}


def stub_lemma(word: str, tag: str) -> str:
    if (word, tag) in IRREGULAR:
        return IRREGULAR[(word, tag)]
    if tag == "NNS" and word.endswith("s"):
        return word[:-1]
    return word


STUB = conv.Lemmatizer(stub_lemma)

VERBS = """\
# a comment line
&MILITARY
+TROOPS
+ARMY
+ARMED_FORCES

&TREATY
+TREATY
+PACT

####### VERB PATTERNS #######

---  DEPORT   [174]  ---
+KICK_OUT
EXPEL {EXPELS EXPELLING EXPELLED}
REMOVE
- * DIPLOMATS                         [174]    # EXPEL
- * DIPLOMAT                          [161]    # EXPEL
- * (FROM PARLIAMENT)                 [1722]   # EXPEL
- * RESTRICTION                       [081]    # REMOVE
- * RULER                             [---]    # OUST
- * &MILITARY                         [174]    # REMOVE
- * OFFICIALS                         [174]    # KICK_OUT

---  LAUNCH   [---]  ---
LAUNCH
STAGE
- * {AIR RAID}                        [195]    # LAUNCH
- &MILITARY *                         [154]    # LAUNCH
- $ * (AGAINST +)                     [190]    # LAUNCH
- * ATTACK                            [190]    # STAGE
- * {VERBAL ATTACK}                   [111]    # LAUNCH
- * {DIPLOMATIC OFFENSIVE}            [022]    # LAUNCH
- * TALKS ^ WITH +                     [046]    # LAUNCH

---  SIGN   [---]  ---
SIGN
- * &TREATY                           [057:057] # SIGN
- * &UNDEFINED                        [057]    # SIGN

---  LAY   [---]  ---
LAY {LAYING LAIN LAID LIE}
- * SIEGE                             [191]    # LAY

---  DIE   [---]  ---
DIE
- * (IN {AIR RAID})                   [:195]   # DIE

---  SPEAK   [010]  ---
SAY
REPORT [---]
ZAP [099]

~ a (a b ATTACK) SAY = a b 015
"""

CATEGORIES = """\
cameo,block,category,fine,note
01,,Statement,,statements
02,,Statement,,appeals
04,,Meeting,,consult
046,,Negotiation,,negotiate
057,,Agreement,,sign formal agreement
08,,,,yield: not ours
099,,,,an unmapped code
11,,Statement,,disapprove
15,,,,posture
154,,MilitaryAction,Deployment,mobilise
16,,,,reduce relations
17,,,,coerce
174,,Deportation,,expel
19,,MilitaryAction,,fight
191,,MilitaryAction,,blockade
195,,MilitaryAction,AirStrike,aerial
"""

AGENTS = """\
# comment
!PERSON! = MAN, WOMAN
FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
CONGRESS!PERSON! [~LEG]
REBEL [~REB]
TOURIST [~CVL]
"""

INTERNATIONAL = """\
THE_UNITED_NATIONS_ [IGOUNO]
+UN_
+U.N._

BAN_KI-MOON
+SECRETARY-GENERAL_BAN_KI-MOON
\t[IGOUNO >20070101]

WORLD_FOOD_PROGRAMME_ [NGOHLH]

ACME_WIDGETS_CORPORATION_ [MNCUSA]
"""

MILNONSTATE = """\
ANGRY_BRIGADE_ [ITAREB] #  kkl 21 Mar 13
+MARTYRS_OF_DEMOCRACY_
"""


def write_snippets(tmp_path: Path, filter_rows: str = "") -> tuple[Path, Path]:
    src, out = tmp_path / "petrarch", tmp_path / "lexicon"
    src.mkdir()
    out.mkdir()
    (src / "CAMEO.2.0.txt").write_text(VERBS)
    (src / "Phoenix.agents.txt").write_text(AGENTS)
    (src / "Phoenix.International.actors.txt").write_text(INTERNATIONAL)
    (src / "Phoenix.MilNonState.actors.txt").write_text(MILNONSTATE)
    (out / "cameo-categories.csv").write_text(CATEGORIES)
    if filter_rows:
        (out / "triggers.filter.csv").write_text("target,category,action,measured,reason\n" + filter_rows)
    return src, out


def run(tmp_path: Path, filter_rows: str = ""):
    src, out = write_snippets(tmp_path, filter_rows)
    report = conv.Report()
    conv.convert(src, out, lemmatize=STUB, report=report)
    triggers = {r["id"]: r for r in map(json.loads, (out / "triggers.petrarch2.jsonl").read_text().splitlines())}
    blockers = {
        r["id"]: r for r in map(json.loads, (out / "triggers.petrarch2.blockers.jsonl").read_text().splitlines())
    }
    return triggers, blockers, out, report


def node(pattern: list[dict], right_id: str) -> dict:
    return next(n for n in pattern if n["RIGHT_ID"] == right_id)


def trigger_lemmas(rec: dict) -> list[str]:
    attrs = rec["pattern"][0]["RIGHT_ATTRS"]
    return (attrs.get("LEMMA") or attrs["LOWER"])["IN"]  # 'talks' is matched by its form


# --------------------------------------------------------------------------------------------- the parser


def test_synsets_blocks_and_multiword_verbs_are_read():
    dictionary = conv.read_verb_dictionary(VERBS)
    assert dictionary.synsets["&MILITARY"] == ["TROOPS", "ARMY", "ARMED_FORCES"]
    deport = dictionary.blocks[0]
    assert (deport.name, deport.code) == ("DEPORT", conv.Code("174"))
    kick = deport.verbs[0]
    assert (kick.words, kick.verb_index, kick.is_multiword) == (("kick", "out"), 0, True)
    assert deport.verbs[1].forms == ("expels", "expelling", "expelled")
    assert [p.verb_hint for p in deport.patterns][:2] == ["EXPEL", "EXPEL"]
    # transformations ('~') are not verbs or patterns
    assert all(v.words[0] != "~" for b in dictionary.blocks for v in b.verbs)


def test_codes_paired_reverse_and_null():
    assert conv.parse_code("057:057") == conv.Code("057", "057")
    assert conv.parse_code(":195") == conv.Code(None, "195")
    assert conv.parse_code(":195").subject_is_target
    assert conv.parse_code("---") is None
    assert conv.parse_code("s") is None


def test_bare_block_code_becomes_a_trigger_only_pattern(tmp_path):
    triggers, *_ = run(tmp_path)
    bare = triggers["deport-174"]
    assert bare["category"] == "Deportation"
    assert trigger_lemmas(bare) == ["expel", "remove"]  # irregular forms map to the base lemma
    assert len(bare["pattern"]) == 1 and bare["pattern"][0]["RIGHT_ATTRS"]["POS"] == "VERB"
    # a verb with its own code: REPORT [---] is not coded bare, ZAP [099] maps to nothing
    speak = triggers["speak-010"]
    assert trigger_lemmas(speak) == ["say"]


def test_noun_object_becomes_a_dobj_child_with_its_lemma(tmp_path):
    triggers, *_ = run(tmp_path)
    rec = triggers["launch-190-attack"]
    obj = node(rec["pattern"], "object")
    assert obj["LEFT_ID"] == "trigger" and obj["REL_OP"] == ">"
    assert obj["RIGHT_ATTRS"] == {"DEP": {"IN": ["dobj", "nsubjpass"]}, "LEMMA": {"IN": ["attack"]}}
    assert trigger_lemmas(rec) == ["launch", "stage"]  # a pattern applies to every verb of its block
    assert rec["source"] == "CAMEO.2.0 LAUNCH: STAGE ATTACK"


def test_synset_expands_to_its_one_word_members(tmp_path):
    triggers, *_ = run(tmp_path)
    subject = node(triggers["launch-154-by-military"]["pattern"], "subject")
    # lemmatised; ARMED_FORCES cannot be one token and its head alone ('force') would say less
    assert subject["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["army", "troop"]


def test_pattern_with_the_same_category_as_the_bare_verb_is_not_repeated(tmp_path):
    triggers, *_ = run(tmp_path)
    # EXPEL * DIPLOMATS [174] and REMOVE * &MILITARY [174] say no more than the bare verbs' 174
    assert not any(i.startswith(("deport-174-diplomat", "deport-174-military")) for i in triggers)


def test_prepositional_phrase_becomes_prep_and_pobj(tmp_path):
    triggers, blockers, *_ = run(tmp_path)
    rec = blockers["deport-1722-from-parliament"]  # 1722 maps to nothing: it blocks the bare 174
    assert rec["category"] is None
    prep = node(rec["pattern"], "prep")
    assert prep["RIGHT_ATTRS"] == {"DEP": "prep", "LOWER": {"IN": ["from"]}}
    pobj = node(rec["pattern"], "prep_object")
    assert pobj["LEFT_ID"] == "prep" and pobj["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["parliament"]


def test_brace_phrase_is_head_with_modifier_child(tmp_path):
    triggers, *_ = run(tmp_path)
    rec = triggers["launch-195-air-raid"]
    assert rec["fine"] == "AirStrike"
    assert node(rec["pattern"], "object")["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["raid"]
    mod = node(rec["pattern"], "object_mod1")
    assert mod["LEFT_ID"] == "object" and mod["RIGHT_ATTRS"]["DEP"] == {"IN": ["amod", "compound"]}
    assert mod["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["air"]


def test_subject_slot_and_role_markers(tmp_path):
    triggers, *_ = run(tmp_path)
    deployment = triggers["launch-154-by-military"]
    assert node(deployment["pattern"], "subject")["RIGHT_ATTRS"]["DEP"] == {"IN": ["nsubj"]}
    attack = triggers["launch-190-against"]
    assert attack["roles"] == {"$": "source", "+": "target"}
    assert node(attack["pattern"], "prep")["RIGHT_ATTRS"]["LOWER"] == {"IN": ["against"]}
    assert len(attack["pattern"]) == 2  # the markers say who is who, they are not nodes


def test_paired_and_reverse_codes_are_recorded(tmp_path):
    triggers, *_ = run(tmp_path)
    sign = triggers["sign-057-treaty"]
    assert (sign["category"], sign["cameo"], sign["cameo_reverse"]) == ("Agreement", "057", "057")
    die = triggers["die-195-in-air-raid"]
    assert die["subject_is_target"] is True and die["fine"] == "AirStrike"
    assert node(die["pattern"], "prep_object_mod1")["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["air"]


def test_irregular_forms_add_their_lemmas(tmp_path):
    triggers, *_ = run(tmp_path)
    assert trigger_lemmas(triggers["lay-191-siege"]) == ["lay", "lie"]


def test_multiword_verb_gets_its_own_pattern_and_only_its_patterns(tmp_path):
    triggers, *_ = run(tmp_path)
    kick = triggers["deport-174-kick-out"]
    assert trigger_lemmas(kick) == ["kick"]
    assert node(kick["pattern"], "verb_word1")["RIGHT_ATTRS"] == {"LOWER": "out"}
    # '# KICK_OUT' patterns apply to it; EXPEL's do not
    assert not any("kick-out" in i and "parliament" in i for i in triggers)


def test_null_code_and_unmapped_codes_are_not_triggers(tmp_path):
    triggers, blockers, _, report = run(tmp_path)
    assert not any(r["cameo"] in ("081", "161", "1722") for r in triggers.values())
    assert not any("ruler" in i for i in triggers)
    # ... but they stay as blockers of the bare verb, as PETRARCH's more specific pattern
    assert blockers["deport-uncoded-ruler"]["category"] is None
    assert blockers["deport-081-restriction"]["cameo"] == "081"
    # DIPLOMAT [161] has the same lemma as DIPLOMATS [174]: the mapped twin wins, no blocker
    assert not any("diplomat" in i for i in blockers)
    # ZAP [099] is listed as mapping to nothing: no bare pattern for it
    assert not any("zap" in trigger_lemmas(r) for r in triggers.values())


def test_unexpressible_patterns_are_reported_not_guessed(tmp_path):
    triggers, _, _, report = run(tmp_path)
    assert report.skipped["bare preposition or particle 'WITH'"] == 1  # '* TALKS ^ WITH +'
    assert report.skipped["undefined synset &UNDEFINED"] == 1
    assert not any(r["cameo"] == "046" for r in triggers.values())


def test_code_missing_from_the_mapping_stops_the_conversion(tmp_path):
    src, out = write_snippets(tmp_path)
    (out / "cameo-categories.csv").write_text(CATEGORIES.replace("099,,,,an unmapped code\n", ""))
    with pytest.raises(SystemExit, match="099"):
        conv.convert(src, out, lemmatize=STUB)


def test_filter_file_drops_patterns_and_lemmas(tmp_path):
    triggers, *_ = run(
        tmp_path,
        "launch-190-attack,,drop,12,too vague\n"
        "lemma:remove,Deportation,drop,40,mostly not people\n"
        "lemma:stage,Statement,drop,3,only for statements\n",
    )
    assert "launch-190-attack" not in triggers
    assert trigger_lemmas(triggers["deport-174"]) == ["expel"]
    # a lemma dropped for one category stays in the others
    assert trigger_lemmas(triggers["launch-195-air-raid"]) == ["launch", "stage"]
    assert trigger_lemmas(triggers["launch-111-verbal-attack"]) == ["launch"]
    (tmp_path / "again").mkdir()
    triggers_unfiltered, *_ = run(tmp_path / "again")
    assert "launch-190-attack" in triggers_unfiltered


def test_filter_naming_a_missing_pattern_stops_the_conversion(tmp_path):
    src, out = write_snippets(tmp_path, "launch-999-nothing,,drop,0,stale id\n")
    with pytest.raises(SystemExit, match="launch-999-nothing"):
        conv.convert(src, out, lemmatize=STUB)


def test_noun_triggers_come_from_light_verb_objects(tmp_path):
    triggers, *_ = run(tmp_path)
    attack = triggers["noun-attack-190"]
    assert attack["category"] == "MilitaryAction"
    assert attack["pattern"] == [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": ["attack"]}, "POS": "NOUN"}}]
    # the verbal attack is a statement, and more specific than the bare noun
    verbal = triggers["noun-verbal-attack-111"]
    assert verbal["category"] == "Statement" and len(verbal["pattern"]) == 2
    assert triggers["noun-air-raid-195"]["fine"] == "AirStrike"
    # 'offensive' is not in a light-verb pattern of a mapped category here except the diplomatic one
    assert triggers["noun-diplomatic-offensive-022"]["category"] == "Statement"


def test_output_is_sorted_and_stable(tmp_path):
    _, _, out, _ = run(tmp_path)
    first = {name: (out / name).read_bytes() for name in GENERATED}
    conv.convert(out.parent / "petrarch", out, lemmatize=STUB)
    assert {name: (out / name).read_bytes() for name in GENERATED} == first
    ids = [json.loads(line)["id"] for line in (out / "triggers.petrarch2.jsonl").read_text().splitlines()]
    assert ids == sorted(ids)


# --------------------------------------------------------------------------------------------- agents, organisations


def test_agents_plurals_substitutions_and_kinds(tmp_path):
    _, _, out, _ = run(tmp_path)
    rows = {r["phrase"]: r for r in csv.DictReader(open(out / "agents.petrarch2.csv"))}
    assert rows["foreign minister"] == {
        "phrase": "foreign minister",
        "plural": "foreign ministers",
        "codes": "~GOVFRM",
        "kind": "post",
    }
    assert rows["police"]["plural"] == "" and rows["police"]["kind"] == "group"
    assert rows["attorney general"]["plural"] == "attorneys general"
    assert rows["attorney general"]["kind"] == "post"
    assert {"congressman", "congresswoman"} <= set(rows)
    assert rows["rebel"]["kind"] == "group" and rows["tourist"]["kind"] == "other"


def test_organizations_keep_igos_ngos_armed_groups_not_people_or_companies(tmp_path):
    _, _, out, _ = run(tmp_path)
    rows = {r["name"]: r for r in csv.DictReader(open(out / "organizations.petrarch2.csv"))}
    assert rows["THE UNITED NATIONS"] == {
        "name": "THE UNITED NATIONS",
        "aliases": "UN | U.N.",
        "code": "IGOUNO",
        "kind": "igo",
    }
    assert rows["WORLD FOOD PROGRAMME"]["kind"] == "ngo"
    assert rows["ANGRY BRIGADE"]["kind"] == "armed_group"
    assert rows["ANGRY BRIGADE"]["aliases"] == "MARTYRS OF DEMOCRACY"
    assert "BAN KI-MOON" not in rows  # a person with a dated role
    assert "ACME WIDGETS CORPORATION" not in rows  # a company


# --------------------------------------------------------------------------------------------- the committed lexicon


def committed(name: str) -> list[dict]:
    return [json.loads(line) for line in (LEXICON / name).read_text(encoding="utf-8").splitlines()]


def test_every_committed_pattern_loads_into_a_dependency_matcher():
    import spacy
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(spacy.blank("en").vocab)
    records = committed("triggers.petrarch2.jsonl") + committed("triggers.petrarch2.blockers.jsonl")
    for rec in records:
        matcher.add(rec["id"], [rec["pattern"]])  # raises on a malformed pattern
    assert len(matcher) == len(records) == len({r["id"] for r in records})


def test_committed_triggers_use_only_our_categories_and_respect_the_filter():
    categories = set(EVENT_CATEGORIES)
    triggers = committed("triggers.petrarch2.jsonl")
    assert {r["category"] for r in triggers} <= categories
    assert all(r["category"] is None for r in committed("triggers.petrarch2.blockers.jsonl"))
    filt = conv.Filter.read(LEXICON / "triggers.filter.csv")
    assert filt.drop_ids or filt.drop_lemmas
    for rec in triggers:
        assert rec["id"] not in filt.drop_ids
        if rec["pattern"][0]["RIGHT_ATTRS"]["POS"] == "VERB":  # lemma rows are about verb senses
            assert not any(filt.lemma_dropped(lemma, rec["category"]) for lemma in trigger_lemmas(rec))


# --------------------------------------------------------------------------------------------- with the real model


@pytest.fixture(scope="module")
def matching():
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    records = measure.load_patterns(LEXICON)
    matcher = measure.build_matcher(nlp.vocab, records)
    by_id = {r["id"]: r for r in records}
    return lambda text: {(rec["category"], rec["fine"]) for rec, _ in measure.resolve(nlp(text), matcher, by_id)}


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Moscow expelled two Estonian diplomats on Friday.", ("Deportation", None)),
        ("The two leaders signed a defence agreement.", ("Agreement", "DefensePact")),
        ("The envoys signed a peace treaty in the capital.", ("Agreement", None)),
        ("The militants set off a bomb outside the ministry.", ("MilitaryAction", "Bombing")),
        ("Government jets launched air strikes on the rebel camp.", ("MilitaryAction", "AirStrike")),
        ("The foreign minister held talks with her Turkish counterpart.", ("Negotiation", None)),
        ("The rebels released three hostages on Sunday.", ("Release", None)),
        ("The prime minister accused the opposition of lying.", ("Statement", "Accusation")),
        ("The army warned it would retaliate.", ("Statement", "Threat")),
        ("The Chinese premier visited Nairobi on Monday.", ("Visit", None)),
        ("Parliament elected a new speaker.", ("Appointment", None)),
        ("Leaders arrived for the summit in Lisbon.", ("Meeting", "Summit")),
        ("Norway offered mediation between the two sides.", ("MediationOffer", None)),
        ("Rebel forces occupied the northern town.", ("MilitaryAction", "Capture")),
        ("The two sides exchanged prisoners on the bridge.", ("Release", "PrisonerExchange")),
        ("Helicopters attacked the convoy.", ("MilitaryAction", "AirStrike")),
        ("The rebels declared a ceasefire.", ("Agreement", "Ceasefire")),
    ],
)
def test_invented_sentences_get_the_expected_category(matching, sentence, expected):
    assert expected in matching(sentence)


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, unexpected",
    [
        ("Shares hit a record high in London.", "MilitaryAction"),
        ("She saw the film twice.", "Statement"),
        ("The company released its new phone.", "Release"),
        ("They removed the old restrictions on imports.", "Deportation"),
        ("Japan pledged fifty million dollars in aid.", "Aid"),  # a pledge is an intent (CAMEO 03), not aid given
        ("The striker scored twice and the team beat its rivals.", "MilitaryAction"),
        ("Analysts think the bank will raise rates.", "Meeting"),
    ],
)
def test_filtered_or_blocked_uses_do_not_fire(matching, sentence, unexpected):
    assert unexpected not in {category for category, _ in matching(sentence)}


@pytest.mark.slow
@pytest.mark.skipif(not PETRARCH_DIR.exists(), reason="the PETRARCH2 dictionaries are not on this machine")
def test_regeneration_reproduces_the_committed_files(tmp_path):
    import shutil

    for name in ("cameo-categories.csv", "triggers.filter.csv"):
        shutil.copy(LEXICON / name, tmp_path / name)
    conv.convert(PETRARCH_DIR, tmp_path)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (LEXICON / name).read_bytes(), name
