"""The clause around a trigger: the verb a noun trigger belongs to, whether that verb's subject takes part, who
the subject is, and whether the clause asserts the happening (not negated, hedged, habitual or quoted)."""

from __future__ import annotations

from spacy.tokens import Token

from .mentions import Mention, MentionIndex
from .noun_phrases import ACTORS, Resolver, phrase_mentions
from .triggers import IRREGULAR_PAST
from .vocabulary import words

_HEDGE_HEADS = words("events", "hedge_heads")


_MODALS = words("events", "modals")


_QUOTES = {'"': '"', "\u201c": "\u201d"}


SPEECH_VERBS = words("events", "speech_verbs")


DECISION_NOUNS = words("events", "decision_nouns")


# Nouns through which an event noun still belongs to the verb: "held a third round of talks".
_MEASURE_NOUNS = words("events", "measure_nouns")


# Prepositions that put the event at another time than the verb: "agreed ... after days of clashes".
# Prepositions through which the verb's subject takes part: "met ... for talks", "held a meeting with".
_FRAME_PREPS = words("events", "frame_preps")


_OTHER_TIME = words("events", "other_time")


_SETTING_PREPS = {"in", "during", "at"}


_SETTINGS = words("events", "settings")


def governing_verb(tok: Token, limit: int = 4) -> Token | None:
    """For a noun trigger, the verb whose object (or adverbial) it is; None when it is a subject."""
    cur, prev_prep = tok, None
    for _ in range(limit):
        if cur.dep_ in ("nsubj", "nsubjpass", "ROOT") or (cur.dep_ == "conj" and cur.i != tok.i):
            return None
        if cur.dep_ == "prep" and (cur.lower_ in _OTHER_TIME or cur.lower_ not in _FRAME_PREPS):
            return None
        if cur.i != tok.i and cur.pos_ in ("NOUN", "PROPN") and cur.lower_ not in _MEASURE_NOUNS:
            # "condemned the attack in a phone call with X": the parser often hangs a setting ("in", "during")
            # from the object; it belongs to the verb
            if not (
                prev_prep in _SETTING_PREPS
                and tok.lemma_.lower() in _SETTINGS
                and cur.dep_ == "dobj"
                and cur.head.pos_ in ("VERB", "AUX")
            ):
                return None
        prev_prep = cur.lower_ if cur.dep_ == "prep" else None
        head = cur.head
        if head.pos_ in ("VERB", "AUX"):
            return head if cur.dep_ in ("dobj", "pobj", "prep", "attr", "oprd", "npadvmod", "dative") else None
        if head.pos_ not in ("ADP", "NOUN", "PROPN", "NUM") or cur.dep_ not in ("pobj", "prep", "compound"):
            return None
        cur = head
    return None


# Verbs whose subject takes part in the event their object names: "held talks", "signed a pact",
# "launched an air strike", "issued a statement", "paid a visit", "sent aid".
SUPPORT_VERBS = words("events", "support_verbs")


def takes_part(noun: Token, verb: Token) -> bool:
    """Whether the subject of verb is a party to the event the noun names."""
    lemma = verb.lemma_.lower()
    cur = noun
    while cur.dep_ == "pobj" and cur.head.dep_ == "prep" and cur.head.head.i != verb.i:
        if cur.head.lower_ in _SETTING_PREPS:
            return True  # "condemned the attack in a phone call with X": the setting of the verb's subject
        cur = cur.head.head  # "a third day of talks": climb the measure nouns
    if cur.dep_ in ("dobj", "attr", "oprd", "dative"):
        # who welcomes an agreement or condemns an attack is no party to it
        return lemma in SUPPORT_VERBS and (lemma not in SPEECH_VERBS or lemma in ("announce", "call"))
    # an adverbial: "responded with attacks", "at a summit, leaders agreed", "condemned it in a phone call with X"
    return True


def subject_of(verb: Token, index: MentionIndex, resolve: Resolver | None) -> tuple[list[Mention], bool]:
    """(actor mentions, passive?) of a verb, climbing open clauses ("expected to meet") for a shared subject."""
    cur = verb
    for _ in range(3):
        subjects = [k for k in cur.children if k.dep_ == "nsubj"]
        if subjects:
            # "SITTWE (Reuters) - The rebels attacked": a dateline parsed as a second subject; the nearest
            # subject that names an actor is the doer.
            found = [phrase_mentions(k, index, resolve) for k in sorted(subjects, key=lambda k: abs(k.i - cur.i))]
            return next((ms for ms in found if any(m.type in ACTORS for m in ms)), found[0]), False
        for kid in cur.children:
            if kid.dep_ == "agent":
                return [m for o in kid.children if o.dep_ == "pobj" for m in phrase_mentions(o, index, resolve)], False
        passive = [k for k in cur.children if k.dep_ == "nsubjpass"]
        if passive:
            return [], True
        if cur.dep_ == "relcl" or (cur.dep_ == "acl" and cur.tag_ == "VBD" and cur.head.pos_ == "PROPN"):
            # "China, which ..., called on": a past-tense verb the parser hung from its subject
            return phrase_mentions(cur.head, index, resolve), False
        if cur.dep_ == "acl" and cur.head.pos_ == "NOUN" and cur.head.lemma_.lower() in DECISION_NOUNS:
            # "its decision to expel", "Russia's move to suspend": whose decision it is does the deed
            owner = [m for k in cur.head.children if k.dep_ == "poss" for m in phrase_mentions(k, index, resolve)]
            if owner:
                return owner, False
            cur = cur.head.head if cur.head.dep_ in ("dobj", "attr", "nsubj") else cur.head
            continue
        if cur.dep_ == "xcomp" and any(k.dep_ == "dobj" for k in cur.head.children):
            # "prompting the African Union to urge ...": the controlling verb's object does it
            obj = next(k for k in cur.head.children if k.dep_ == "dobj")
            return phrase_mentions(obj, index, resolve), False
        if cur.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp", "acomp") and not any(
            k.dep_ == "mark" for k in cur.children
        ):
            cur = cur.head
            continue
        break
    return [], False


def hedged(tok: Token) -> bool:
    """Negated, modal or merely planned/failed happenings ("would mean war", "failure to reach a deal")."""
    cur = tok
    for _ in range(5):
        for kid in cur.children:
            if kid.dep_ == "neg" or (kid.dep_ == "det" and kid.lower_ == "no"):
                return True
            if kid.dep_ == "aux" and kid.lower_ in _MODALS:
                return True
        if cur.i != tok.i and cur.lemma_.lower() in _HEDGE_HEADS:
            return True
        if cur.dep_ in ("ROOT", "ccomp", "parataxis", "nsubj", "nsubjpass") or cur.head.i == cur.i:
            break  # a subject is not under its verb's mood: "the talks aim to ..." are real talks
        if cur.dep_ in ("advcl", "relcl") and (cur.i != tok.i or any(k.dep_ == "mark" for k in cur.children)):
            break  # "as X met Y", "after they held talks": a clause of its own, whatever the main verb's mood
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            break  # "called the expansion historic, and said ...": a coordinated verb is asserted on its own
        if cur.dep_ == "pobj" and cur.head.lower_ in _SETTING_PREPS:
            break  # "would not use its veto at the ministerial meeting": the meeting still took place
        cur = cur.head
    return False


def habitual(tok: Token) -> bool:
    """Simple present of an action verb: a claim about what usually happens, not a reported event."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
    if verb is None:
        return False
    if verb.lower_ in IRREGULAR_PAST:
        return False  # a past form the tagger took for a present one ("the army retook/VBP")
    return verb.tag_ in ("VBZ", "VBP") and not any(k.dep_ in ("aux", "auxpass") for k in verb.children)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted speech in a text."""
    spans = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _QUOTES:
            close = text.find(_QUOTES[ch], i + 1)
            if close == -1:
                break
            spans.append((i, close + 1))
            i = close + 1
        else:
            i += 1
    return spans
