"""The trigger lexicon: which words signal which event category (and finer class).

A trigger is a token whose lemma is listed here for its part of speech, or the head of a
listed multiword phrase ("air strike", "prisoner exchange"). A few words only count in
context (an "offer" is a MediationOffer when it is an offer to mediate or help; "agree" is an
Agreement when something is agreed to or on, not an opinion); those checks live in `_accept`.
"""

from __future__ import annotations

from .vocabulary import table, words
from dataclasses import dataclass

# (lemma, coarse POS) -> (category, fine type). POS is "V" (verb) or "N" (noun).
LEXICON: dict[tuple[str, str], tuple[str, str | None]] = {}


def _add(category: str, fine: str | None, pos: str, *lemmas: str) -> None:
    for lemma in lemmas:
        LEXICON[(lemma, pos)] = (category, fine)


_add("Statement", None, "V", "say", "tell", "state", "announce", "add", "declare", "warn", "urge", "stress",
     "insist", "accuse", "condemn", "deny", "welcome", "confirm", "claim", "caution", "emphasize",
     "emphasise", "assert", "report", "criticize", "criticise", "dismiss", "reject", "vow")
_add("Statement", None, "N", "statement", "announcement", "protest", "remark", "remarks")
_add("Negotiation", None, "N", "talk", "talks", "negotiation", "negotiations", "dialogue", "discussion",
     "discussions", "mediation")
_add("Negotiation", None, "V", "negotiate", "mediate")
_add("Meeting", None, "V", "meet", "host")
_add("Meeting", None, "N", "meeting")
_add("Meeting", "Summit", "N", "summit")
_add("Visit", None, "V", "visit", "arrive", "inspect", "tour", "travel", "fly")
_add("Visit", None, "N", "visit", "trip")
_add("Agreement", None, "V", "sign", "agree", "ratify")
_add("Agreement", None, "N", "agreement", "deal", "accord", "treaty", "pact", "declaration", "memorandum",
     "accords")
_add("Agreement", "Ceasefire", "N", "ceasefire", "truce", "cease-fire", "armistice")
_add("MediationOffer", None, "N", "offer")
_add("MediationOffer", None, "V", "offer")
_add("MilitaryAction", "Attack", "V", "attack", "invade", "raid", "ambush", "assault", "ram", "fire", "launch")
_add("MilitaryAction", "Attack", "N", "attack", "offensive", "invasion", "raid", "ambush", "assault")
_add("MilitaryAction", None, "N", "incursion", "intrusion")
_add("MilitaryAction", None, "V", "enter", "violate", "intrude")
_add("MilitaryAction", "AirStrike", "N", "airstrike", "air-strike")
_add("MilitaryAction", "Bombing", "V", "bomb", "shell")
_add("MilitaryAction", "Bombing", "N", "bombing", "shelling", "bombardment")
_add("MilitaryAction", "ArmedClash", "V", "clash", "fight")
_add("MilitaryAction", "ArmedClash", "N", "clash", "clashes", "fighting", "skirmish", "battle", "war")
_add("MilitaryAction", "Capture", "V", "capture", "seize", "retake", "recapture", "expel", "overrun")
_add("MilitaryAction", "Capture", "N", "capture", "recapture", "seizure", "takeover")
_add("MilitaryAction", None, "N", "coup")
_add("MilitaryAction", None, "V", "deploy")
_add("Appointment", None, "V", "appoint", "elect", "name", "reelect", "re-elect", "designate")
_add("Appointment", None, "N", "appointment", "election")
_add("Founding", None, "V", "found", "establish", "form", "create")
_add("Founding", None, "N", "founding", "formation", "establishment")
_add("Accession", None, "V", "join", "accede", "become")
_add("Appointment", "Election", "V", "win")
_add("Meeting", None, "V", "receive", "speak")
_add("Meeting", "PhoneCall", "N", "call", "conversation")
_add("MilitaryAction", "Attack", "N", "strike", "strikes")
_add("MilitaryAction", "Attack", "V", "strike", "kill")
_add("Accession", None, "N", "accession")
_add("Aid", None, "N", "aid", "assistance")
_add("Aid", None, "V", "donate")
_add("Release", None, "V", "release", "free")
_add("Release", None, "N", "release")
_add("Deportation", None, "V", "deport", "order")
_add("Release", "PrisonerExchange", "V", "exchange", "swap", "trade")
_add("Release", "PrisonerExchange", "N", "exchange", "swap")
_add("Accession", None, "V", "admit")
_add("Statement", None, "V", "call")
_add("Deportation", None, "N", "deportation", "deportations", "expulsion")

# Multiword triggers: lower-case word sequences -> (category, fine type, index of the head word).
PHRASES: dict[tuple[str, ...], tuple[str, str | None, int]] = {
    ("air", "strike"): ("MilitaryAction", "AirStrike", 1),
    ("air", "strikes"): ("MilitaryAction", "AirStrike", 1),
    ("drone", "strike"): ("MilitaryAction", "AirStrike", 1),
    ("drone", "strikes"): ("MilitaryAction", "AirStrike", 1),
    ("missile", "strike"): ("MilitaryAction", "Attack", 1),
    ("missile", "strikes"): ("MilitaryAction", "Attack", 1),
    ("prisoner", "exchange"): ("Release", "PrisonerExchange", 1),
    ("prisoners", "exchange"): ("Release", "PrisonerExchange", 1),
    ("prisoner", "swap"): ("Release", "PrisonerExchange", 1),
    ("prisoner", "exchanges"): ("Release", "PrisonerExchange", 1),
    ("peace", "process"): ("Negotiation", None, 1),
    ("press", "conference"): ("Meeting", None, 1),
    ("phone", "call"): ("Meeting", "PhoneCall", 1),
    ("defense", "pact"): ("Agreement", "DefensePact", 1),
    ("defence", "pact"): ("Agreement", "DefensePact", 1),
    ("peace", "agreement"): ("Agreement", "PeaceAgreement", 1),
    ("peace", "deal"): ("Agreement", "PeaceAgreement", 1),
    ("peace", "accord"): ("Agreement", "PeaceAgreement", 1),
    ("peace", "treaty"): ("Agreement", "PeaceAgreement", 1),
    ("take", "control"): ("MilitaryAction", "Capture", 0),
    ("took", "control"): ("MilitaryAction", "Capture", 0),
    ("gain", "control"): ("MilitaryAction", "Capture", 0),
    ("gained", "control"): ("MilitaryAction", "Capture", 0),
    ("regain", "control"): ("MilitaryAction", "Capture", 0),
    ("regained", "control"): ("MilitaryAction", "Capture", 0),
    ("seized", "control"): ("MilitaryAction", "Capture", 0),
    ("seized", "power"): ("MilitaryAction", None, 0),
    ("seize", "power"): ("MilitaryAction", None, 0),
    ("took", "power"): ("MilitaryAction", None, 0),
    ("sworn", "in"): ("Appointment", None, 0),
    ("shot", "down"): ("MilitaryAction", "Attack", 0),
    ("shoot", "down"): ("MilitaryAction", "Attack", 0),
    ("joined", "forces"): ("Agreement", None, 0),
    ("opened", "fire"): ("MilitaryAction", "Attack", 0),
    ("open", "fire"): ("MilitaryAction", "Attack", 0),
    ("opens", "fire"): ("MilitaryAction", "Attack", 0),
    ("exchanged", "fire"): ("MilitaryAction", "ArmedClash", 0),
    ("exchange", "fire"): ("MilitaryAction", "ArmedClash", 0),
}

# Words that make an "offer" an offer of mediation.
_OFFER_OF = words("events", "offer_of")
# Objects that turn "deploy" into a military action.
_TROOPS = words("events", "troops")
_MILITARY_OBJECTS = words("events", "military_objects")
_ARMED = words("events", "armed_actors")
_PEOPLE = words("events", "people")
_GATHERINGS = words("events", "gatherings")
_BODIES = words("events", "bodies")
_EXPELLED = words("events", "expelled")
_DAYS = words("events", "days")
_TERRITORY = words("events", "territory")
_CAPTIVES = tuple(sorted(words("events", "captives")))
# Quantities that make a plural event noun a summary of many happenings, not one reported event.
_MANY = words("events", "many")
_LAUNCHED = words("events", "launched")
_ARMS = words("events", "arms")


# Past forms the small model sometimes tags as nouns ("the military retook/NN the palace").
IRREGULAR_PAST = table("events", "irregular_past")


def acts_as_verb(tok) -> bool:
    """A verb, or a word the tagger called a noun although it heads a clause with a subject."""
    if tok.pos_ in ("VERB", "AUX"):
        return True
    return tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and any(k.dep_ == "nsubj" for k in tok.children) \
        and tok.lower_ in IRREGULAR_PAST


@dataclass(frozen=True)
class TriggerHit:
    token: object  # the spaCy Token heading the trigger
    start: int  # token index range in the doc covered by the trigger words
    end: int
    category: str
    fine_type: str | None


def find_triggers(sent) -> list[TriggerHit]:
    """The event triggers of one sentence (a spaCy Span), in text order, one per head token."""
    hits: dict[int, TriggerHit] = {}
    words = [t.lower_ for t in sent]
    for n in (2,):
        for i in range(len(sent) - n + 1):
            entry = PHRASES.get(tuple(words[i:i + n]))
            if entry:
                category, fine, head = entry
                tok = sent[i + head]
                hits[tok.i] = TriggerHit(tok, sent[i].i, sent[i].i + n, category, fine)
    for tok in sent:
        if tok.i in hits or any(h.start <= tok.i < h.end for h in hits.values()):
            continue
        pos = "V" if acts_as_verb(tok) else "N" if tok.pos_ in ("NOUN", "PROPN") else None
        if pos is None:
            continue
        lemma = IRREGULAR_PAST.get(tok.lower_, tok.lemma_.lower()) if pos == "V" else tok.lemma_.lower()
        # The surface form only backs up nouns: "found" the verb is mostly "find", not "found".
        entry = LEXICON.get((lemma, pos)) or (LEXICON.get((tok.lower_, pos)) if pos == "N" else None)
        if entry and _accept(tok, *entry):
            category, fine = entry
            hits[tok.i] = TriggerHit(tok, tok.i, tok.i + 1, category, fine)
    return sorted(hits.values(), key=lambda h: h.start)


def _accept(tok, category: str, fine: str | None) -> bool:
    """Context checks for the words that are triggers only in some uses."""
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    if tok.tag_ == "NNS" and any(k.lower_ in _MANY for k in kids):
        return False  # "has brokered several truces": a record, not an event of this article
    if tok.pos_ == "PROPN" and lemma not in ("summit",):
        return False  # part of a name ("Ankara Declaration" is an entity, not a trigger) unless lower-cased words
    if category == "MediationOffer":
        around = {t.lemma_.lower() for t in tok.subtree} | {t.lemma_.lower() for t in tok.children}
        return bool(around & _OFFER_OF) and (tok.dep_ != "amod")
    if lemma == "agree":
        # "agreed to/on X", "agreed to do": an agreement; "agreed that ..." or "agreed with her": an opinion.
        return any((k.dep_ == "prep" and k.lower_ in ("to", "on", "upon")) or k.dep_ in ("xcomp", "dobj")
                   for k in kids) and not any(k.dep_ == "ccomp" for k in kids)
    if lemma in ("add", "report", "state", "claim", "tell") and tok.pos_ in ("VERB", "AUX"):
        # Speech only when something is said: a clause, a quote or "that".
        return any(k.dep_ in ("ccomp", "parataxis", "dobj", "dative", "xcomp") for k in kids) or _near_quote(tok)
    if lemma == "deploy":
        return any(t.lower_ in _TROOPS for t in tok.subtree)
    if lemma in ("enter", "violate", "intrude"):
        # "a vessel entered Guyana's waters": an incursion; entering a room, a market or a deal is not.
        return any(t.lemma_.lower() in _TERRITORY for k in kids if k.dep_ in ("dobj", "prep") for t in k.subtree)
    if lemma == "attack":
        # "Russia attacked Kharkiv", "attacks on military posts"; not "an attack on the cost of the asylum system".
        if pos_is_verb(tok):
            objs = [k for k in kids if k.dep_ == "dobj"]
        else:
            objs = [o for k in kids if k.dep_ == "prep" and k.lower_ in ("on", "against") for o in k.children
                    if o.dep_ == "pobj"]
        return not objs or any(o.pos_ == "PROPN" or o.lemma_.lower() in _MILITARY_OBJECTS for o in objs)
    if lemma == "become":
        return any(k.dep_ == "attr" and k.lemma_.lower() == "member" for k in kids)  # "became a member of"
    if lemma == "win":
        return any(k.dep_ == "dobj" and k.lemma_.lower() in ("election", "runoff", "ballot", "presidency")
                   for k in kids)
    if lemma == "host" and pos_is_verb(tok):
        # "hosted the talks", "hosted Zelensky", "hosted by X"; hosting an operations room or a base is no meeting.
        objs = [k for k in kids if k.dep_ == "dobj"]
        return not objs or any(o.pos_ == "PROPN" or o.lemma_.lower() in _PEOPLE | _GATHERINGS or
                               (o.lemma_.lower(), "N") in LEXICON for o in objs)
    if lemma == "receive":
        # "the president received the visiting minister": a host meets a guest; receiving a letter is not that.
        objs = [k for k in kids if k.dep_ == "dobj"]
        return any(o.pos_ == "PROPN" or o.lemma_.lower() in _PEOPLE for o in objs)
    if category == "Release" and lemma in ("exchange", "swap", "trade"):
        # Prisoners are exchanged ("exchanged 150 prisoners", "a swap mediated by X" in a sentence about
        # prisoners); goods, views or fire are not.
        captives = any(t.lower_.startswith(_CAPTIVES) for t in tok.sent)
        return tok.dep_ not in ("amod", "compound") and captives and not any(
            t.lower_ in ("fire", "gunfire", "views", "letters") for t in tok.subtree)
    if lemma == "order" and category == "Deportation":
        # "ordered 12 diplomats to leave the country"; other orders are not expulsions.
        objs = [k for k in kids if k.dep_ == "dobj" and k.lemma_.lower() in _EXPELLED]
        return bool(objs) and any(k.dep_ == "xcomp" and k.lemma_.lower() in ("leave", "depart", "quit") for k in kids)
    if lemma == "admit":
        # "admitted Timor-Leste as its 11th member", "admitted into the bloc"; admitting a mistake is not that.
        def into_body(prep) -> bool:
            return prep.lower_ in ("into", "to") and any(o.pos_ == "PROPN" or o.lemma_.lower() in _BODIES
                                                         for o in prep.children)
        return any(k.dep_ == "prep" and (any(o.lemma_.lower() == "member" for o in k.children) or into_body(k))
                   for k in kids)
    if lemma == "call" and category == "Statement":
        # "called on both sides to exercise restraint", "called for a ceasefire"; not "called on Monday".
        return pos_is_verb(tok) and any(
            k.dep_ == "prep" and k.i > tok.i and k.lower_ in ("on", "for") and any(
                o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") and o.lower_ not in _DAYS for o in k.children)
            for k in kids)
    if lemma == "speak":
        # "spoke with President X", "spoke by phone": a conversation between two sides, not a remark.
        preps = [k for k in kids if k.dep_ in ("prep", "agent")]
        return any(p.lower_ == "with" and any(o.pos_ == "PROPN" for o in p.children) for p in preps) or any(
            p.lower_ == "by" and any(o.lemma_.lower() in ("phone", "telephone") for o in p.children) for p in preps)
    if lemma in ("call", "conversation") and not pos_is_verb(tok):
        return any(k.lower_ in ("phone", "telephone", "video") for k in kids)
    if lemma in ("strike", "strikes") and not pos_is_verb(tok):
        # A military strike: named attacker or target, or deadly; a workers' strike is none of these.
        named = any(k.dep_ in ("amod", "compound", "poss", "nmod") and (k.pos_ == "PROPN" or k.text[:1].isupper())
                    for k in kids)
        aimed = any(k.dep_ == "prep" and k.lower_ in ("on", "against") and
                    any(o.pos_ == "PROPN" or o.lemma_.lower() in _MILITARY_OBJECTS for o in k.children) for k in kids)
        return named or aimed or tok.head.lemma_.lower() in ("kill", "hit", "destroy", "target", "injure", "wound")
    if lemma == "strike" and pos_is_verb(tok):
        objs = [k for k in kids if k.dep_ == "dobj"]
        return any(o.pos_ == "PROPN" or o.lemma_.lower() in _MILITARY_OBJECTS for o in objs)
    if lemma == "kill":
        # Deaths count as an attack only when an armed actor did the killing ("militants killed ten soldiers").
        subj = [k for k in kids if k.dep_ == "nsubj"]
        return any(s.pos_ == "PROPN" or s.lemma_.lower() in _ARMED for s in subj)
    if lemma == "meet" and pos_is_verb(tok):
        # "met the president", "met in Istanbul"; not "his words met a cool reception".
        objs = [k for k in kids if k.dep_ == "dobj"]
        return not objs or any(o.pos_ in ("PROPN", "PRON") or o.lemma_.lower() in _PEOPLE for o in objs)
    if lemma == "join" and pos_is_verb(tok):
        # A member joins a body ("Iran joined the SCO", "joined in 2023"); being joined by someone is not that.
        if any(k.dep_ in ("nsubjpass", "auxpass") for k in kids):
            return False
        objs = [k for k in kids if k.dep_ == "dobj"]
        # "the alliance, which it joined in 2024": the relative pronoun stands for its noun
        objs = [o.head.head if o.tag_ in ("WDT", "WP") and o.head.dep_ == "relcl" else o for o in objs]
        return not objs or any(o.pos_ == "PROPN" or o.lemma_.lower() in _BODIES for o in objs)
    if lemma in ("sign", "ratify"):
        # A treaty is signed: an agreement noun (which then names the event), a name, or a partner ("with X").
        objs = [k for k in kids if k.dep_ in ("dobj", "nsubjpass")]
        return any(k.dep_ == "prep" and k.lower_ in ("with", "between") for k in kids) or any(
            o.pos_ == "PROPN" or (o.lemma_.lower(), "N") in LEXICON for o in objs)
    if lemma == "ram":
        return any(k.dep_ == "dobj" for k in kids)
    if lemma in ("fire", "launch") and pos_is_verb(tok):
        # "fired rockets at", "launched 40 drones at Kyiv"; launching a campaign or a plan is not an attack.
        if lemma == "fire":
            return any(k.dep_ == "dobj" and any(t.lower_ in _ARMS for t in k.subtree) for k in kids)
        return any(k.dep_ == "dobj" and k.lower_ in _LAUNCHED for k in kids)
    if lemma == "name":
        # "was named prime minister", "named her as envoy"; not "named the 14 seats".
        return any(k.dep_ in ("nsubjpass", "oprd") or (k.dep_ == "prep" and k.lower_ == "as") for k in kids)
    if lemma in ("form", "create", "establish", "found"):
        # A body is founded ("formed their own group", "the alliance that was formed"); a problem is not.
        objs = [k for k in kids if k.dep_ in ("dobj", "nsubjpass", "attr")]
        objs = [o.head.head if o.tag_ in ("WDT", "WP") and o.head.dep_ == "relcl" else o for o in objs]
        return tok.dep_ != "amod" and any(o.pos_ == "PROPN" or o.lemma_.lower() in _BODIES for o in objs)
    if lemma in ("release", "free"):
        return tok.pos_ in ("VERB", "AUX") or any(t.lower_.startswith(("prisoner", "hostage", "detainee")) for t in tok.subtree)
    if lemma == "election":
        return False  # "elections will be held" is a plan; an elected person comes with "elect"
    if lemma in ("talk",) and tok.pos_ in ("VERB", "AUX"):
        return False
    if lemma == "war":
        return any(k.dep_ == "prep" and k.lower_ in ("against", "between", "with") for k in kids)
    if lemma in ("travel", "fly"):
        # "travelled to Beijing for talks": a trip to a named place; flying a drone or travel in general is not.
        return any(k.dep_ == "prep" and k.lower_ == "to" and any(o.pos_ == "PROPN" for o in k.children)
                   for k in kids)
    if lemma in ("arrive",):
        return any(k.dep_ == "prep" and k.lower_ in ("in", "at") for k in kids)
    if tok.dep_ == "amod" or (tok.dep_ == "compound" and tok.pos_ != "PROPN" and category != "MilitaryAction"):
        return False  # "founding members", "peace talks delegation": a modifier, not a happening
    return True


def pos_is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _near_quote(tok) -> bool:
    sent = tok.sent
    return any(t.text in ('"', "\u201c", "\u201d") for t in sent)
