"""Event arguments over the dependency tree: who did what to whom, where, how many were killed.

Given a trigger token, its participants come from its syntactic neighbourhood only (subject,
object, "with"/"between"/"against" phrases, possessors, passive agents; for a noun trigger also
the subject of the verb it is the object of), never from the whole sentence: a sentence often
reports several happenings, and a participant read from the wrong one costs precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .mentions import Mention, MentionIndex
from .triggers import IRREGULAR_PAST, acts_as_verb
from .vocabulary import words

ACTORS = ("Person", "Official", "Organization", "Country")
_LOC_PREPS = words("events", "location_preps")
_SYMMETRIC = {"ArmedClash"}  # both sides are just participants
_MEDIATE = words("events", "mediate_verbs")
_HEDGE_HEADS = words("events", "hedge_heads")
_MODALS = words("events", "modals")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
                 "hundred": 100}
_QUOTES = {'"': '"', "\u201c": "\u201d"}

Resolver = Callable[[object], list[Mention] | None]


@dataclass
class Args:
    roles: dict[str, list[Mention]] = field(default_factory=dict)
    location: Mention | None = None
    killed: int | None = None
    anchors: set[int] = field(default_factory=set)  # clause heads whose dates apply to the event
    anaphoric: bool = False  # "the talks": refers back to an event already reported

    def add(self, role: str, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.type == "Place":
                continue
            keys = [x.key for ms in self.roles.values() for x in ms]
            if m.key in keys:
                continue
            self.roles.setdefault(role, []).append(m)


def phrase_mentions(tok, index: MentionIndex, resolve: Resolver | None = None, depth: int = 2) -> list[Mention]:
    """The entities a noun phrase names: its head's mention, or its modifiers' ("Pakistani military posts")."""
    found: list[Mention] = []
    head = index.covering(tok)
    if head is not None:
        found.append(head)
        for kid in tok.children:
            # "Al-Moghedi, Field Marshal Munir": a person in apposition to a person is another person;
            # "Ankara – Somalia and Ethiopia have ...": a dateline place in front of the real subject.
            if kid.dep_ == "nmod" and head.type in ("Person", "Official"):
                # "President A and President B": the parser sometimes hangs A from B as a modifier
                other = index.covering(kid)
                if other is not None and other.key != head.key and other.type in ("Person", "Official"):
                    found.append(other)
            bracketed = kid.i > 0 and kid.doc[kid.i - 1].text == "("  # "NAIROBI (Reuters) -": the agency
            if kid.dep_ == "appos" and head.type in ("Person", "Official", "Place") and not bracketed:
                other = index.covering(kid)
                if other is not None and other.key != head.key and (
                        head.type == "Place" or other.type in ("Person", "Official")):
                    found.append(other)
                    if head.type == "Place":  # "LUANDA - Congo and the M23 rebel group agreed"
                        found.extend(m for c in kid.children if c.dep_ == "conj"
                                     for m in phrase_mentions(c, index, resolve, 0))
    elif people := _apposed_people(tok, index):
        found.extend(people)  # "The head of the Defense Ministry's intelligence directorate, Kirill Budanov, said"
    elif tok.pos_ == "PRON" or tok.tag_ in ("WP", "WDT") or (refers_back(tok) and not _named_modifier(tok, index)):
        if resolve is not None:
            found.extend(resolve(tok) or [])
    else:
        for kid in tok.children:  # "partners among the United States, Britain and CARICOM"
            if kid.dep_ == "prep" and kid.lower_ in ("among", "including", "like"):
                for obj in kid.children:
                    if obj.dep_ == "pobj":
                        found.extend(phrase_mentions(obj, index, resolve, 0))
        for kid in tok.children if not found else ():
            if kid.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and index.covering(kid):
                found.append(index.covering(kid))
                found.extend(_conjuncts(kid, index))
        if not found and depth > 0:
            for kid in tok.children:
                if kid.dep_ == "prep" and kid.lower_ == "of":
                    for obj in kid.children:
                        if obj.dep_ == "pobj":
                            found.extend(phrase_mentions(obj, index, resolve, depth - 1))
                elif kid.dep_ == "appos":
                    found.extend(phrase_mentions(kid, index, resolve, depth - 1))
    if not found and head is None:
        found.extend(_nearest_inside(tok, index))
    for conj in tok.children:
        if conj.dep_ == "conj":
            found.extend(phrase_mentions(conj, index, resolve, depth))
    out: list[Mention] = []
    for m in found:
        if m not in out:
            out.append(m)
    return out


def _named_just_before(verb, index: MentionIndex) -> list[Mention]:
    """The actor named right before a verb the parser left without a subject ("... as envoy Steve Witkoff met
    Russian President Vladimir Putin" parsed with "met" hung from the main clause): word order then decides."""
    k = verb.i - 1
    while k >= verb.sent.start and verb.doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    m = index.covering(verb.doc[k]) if k >= verb.sent.start else None
    return [m] if m is not None and m.type in ACTORS else []


def _apposed_people(tok, index: MentionIndex) -> list[Mention]:
    """The person a post description stands in apposition to, wherever the parser hung the apposition:
    "The head of the X, NAME, said" (a post word heading the phrase, the name after a comma)."""
    if tok.lemma_.lower() not in POST_WORDS:
        return []
    out = []
    for t in tok.subtree:
        m = index.covering(t)
        if t.dep_ == "appos" and m is not None and m.type in ("Person", "Official") and m not in out:
            out.append(m)
    return out


def _nearest_inside(tok, index: MentionIndex) -> list[Mention]:
    """The entities named closest to the head inside its own noun phrase ("the leaders of EU member states")."""
    best: list[Mention] = []
    best_depth = 99
    for t in tok.subtree:
        m = index.covering(t)
        if m is None or t.i == tok.i:
            continue
        depth, cur, ok = 0, t, True
        while cur.i != tok.i:
            if cur.dep_ in ("relcl", "acl", "advcl", "appos", "conj", "ccomp", "punct"):
                ok = False
                break
            cur, depth = cur.head, depth + 1
        if not ok or depth > 4:
            continue
        if depth < best_depth:
            best, best_depth = [m], depth
        elif depth == best_depth and m not in best:
            best.append(m)
    return best


def _conjuncts(tok, index: MentionIndex) -> list[Mention]:
    out = []
    for conj in tok.children:
        if conj.dep_ == "conj" and index.covering(conj):
            out.append(index.covering(conj))
            out.extend(_conjuncts(conj, index))
    return out


SPEECH_VERBS = words("events", "speech_verbs")
DECISION_NOUNS = words("events", "decision_nouns")
BLAME_VERBS = words("events", "blame_verbs")
POST_WORDS = words("events", "office_heads") | words("events", "spokespeople")
GENERIC_ORGS = words("events", "generic_orgs")
# "the rebels": the group introduced as one ("the M23 rebel group", "Houthi rebels").
ARMED_GROUP_WORDS = words("events", "armed_group_words")
# "the bloc": whichever organisation the article is about, not one whose name contains the word.
BLOC_WORDS = words("events", "bloc_words")


def refers_back(tok) -> bool:
    return _plural_anaphor(tok) or _generic_org(tok)


def _named_modifier(tok, index: MentionIndex) -> bool:
    """"the leaders of EU member states", "the EU leaders": the phrase names its own entity."""
    for kid in tok.children:
        if kid.dep_ in ("relcl", "acl", "appos", "conj", "punct"):
            continue  # "the alliance, which Sweden joined": a clause about the noun does not name it
        if any(index.covering(t) is not None for t in kid.subtree):
            return True
    return False


def _generic_org(tok) -> bool:
    """"the military", "the army": an organisation named in full earlier in the article."""
    return tok.lemma_.lower() in GENERIC_ORGS and any(k.dep_ == "det" and k.lower_ == "the" for k in tok.children) \
        and not any(k.dep_ in ("amod", "compound", "poss") for k in tok.children)


def _plural_anaphor(tok) -> bool:
    """"both sides", "the two countries", "the South Asian neighbors": parties named earlier."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in (
            "side", "neighbor", "neighbour", "country", "nation", "party", "government", "leader"):
        return False
    words = {k.lower_ for k in tok.children if k.dep_ in ("det", "nummod", "predet", "amod")}
    return tok.tag_ == "NNS" and bool(words & {"both", "two", "the"})


# Nouns through which an event noun still belongs to the verb: "held a third round of talks".
_MEASURE_NOUNS = words("events", "measure_nouns")
# Prepositions that put the event at another time than the verb: "agreed ... after days of clashes".
# Prepositions through which the verb's subject takes part: "met ... for talks", "held a meeting with".
_FRAME_PREPS = words("events", "frame_preps")
_OTHER_TIME = words("events", "other_time")
_SETTING_PREPS = {"in", "during", "at"}
_SETTINGS = words("events", "settings")


def governing_verb(tok, limit: int = 4):
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
            if not (prev_prep in _SETTING_PREPS and tok.lemma_.lower() in _SETTINGS and cur.dep_ == "dobj"
                    and cur.head.pos_ in ("VERB", "AUX")):
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


def _takes_part(noun, verb) -> bool:
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


def subject_of(verb, index: MentionIndex, resolve: Resolver | None) -> tuple[list[Mention], bool]:
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
        if cur.dep_ in ("xcomp", "advcl", "conj", "acl", "pcomp", "acomp") and \
                not any(k.dep_ == "mark" for k in cur.children):
            cur = cur.head
            continue
        break
    return [], False


def collect(hit, index: MentionIndex, resolve: Resolver | None = None) -> Args:
    """The arguments of one trigger."""
    tok, category, fine = hit.token, hit.category, hit.fine_type
    lemma = tok.lemma_.lower()
    args = Args()
    args.anaphoric = _definite(tok) and tok.pos_ in ("NOUN", "PROPN")
    actor = _actor_role(category, fine, lemma)
    patient = "target" if category == "MilitaryAction" and fine not in _SYMMETRIC else (
        "signatory" if category == "Agreement" else "participant")
    is_verb = acts_as_verb(tok)
    heads = [tok]
    if is_verb:
        subj, passive = subject_of(tok, index, resolve)
        if not subj and not passive:
            subj = _named_just_before(tok, index)
        args.add(actor, subj)
        for kid in tok.children:
            if kid.dep_ in ("dobj", "nsubjpass", "dative", "attr", "oprd"):
                _object(args, kid, category, fine, patient, index, resolve)
                for prep in kid.children:  # "seized power in Kabul"
                    if prep.dep_ == "prep" and prep.lower_ in _LOC_PREPS:
                        _location(args, prep, index)
    else:
        gov = governing_verb(tok)
        for kid in tok.children:
            if kid.dep_ == "poss":
                args.add(actor, phrase_mentions(kid, index, resolve))
            elif kid.dep_ in ("compound", "amod", "nmod"):
                m = index.covering(kid)
                if m is not None and m.type == "Place":
                    args.location = args.location or m
                elif m is not None:
                    args.add(actor if category not in ("Negotiation", "Meeting") else "participant", [m])
            elif kid.dep_ in ("acl", "relcl"):
                _clause_modifier(args, kid, category, actor, patient, index, resolve)
        for clause in _clauses_on_the_date_after(tok):
            _clause_modifier(args, clause, category, actor, patient, index, resolve)
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            args.anchors.add(tok.head.i)  # "Clashes over the weekend killed five": the predicate's time
        if tok.dep_ == "nsubjpass" and any(k.dep_ == "agent" for k in tok.head.children):
            _clause_modifier(args, tok.head, category, actor, patient, index, resolve)  # "was chaired by X"
        if gov is not None:
            heads.append(gov)
            if _takes_part(tok, gov):  # who welcomes an agreement or backs an invasion is no party to it
                subj, _ = subject_of(gov, index, resolve)
                # "Egypt and Qatar brokered a truce between A and B": the broker mediates, A and B sign
                gov_actor = "host" if gov.lemma_.lower() == "host" else \
                    "mediator" if gov.lemma_.lower() in _MEDIATE else actor
                args.add(gov_actor, subj)
    for head in heads:
        args.anchors.add(head.i)
        for kid in head.children:
            if kid.dep_ == "prep":
                _preposition(args, kid, category, fine, actor, patient, index, resolve)
            elif kid.dep_ == "agent" and head.i == tok.i and not is_verb:
                args.add(actor, [m for o in kid.children for m in phrase_mentions(o, index, resolve)])
            elif kid.dep_ == "advcl" and kid.lemma_.lower() == "target":
                _clause_modifier(args, kid, category, actor, patient, index, resolve)
    # Clauses sharing the trigger's time: open complements and participles without a subordinator.
    cur = heads[-1]
    while cur.dep_ in ("xcomp", "advcl", "conj", "acl") and not any(k.dep_ == "mark" for k in cur.children):
        cur = cur.head
        args.anchors.add(cur.i)
        if cur.pos_ in ("VERB", "AUX") and args.location is None:
            for kid in cur.children:
                if kid.dep_ == "prep" and kid.lower_ in _LOC_PREPS:
                    _location(args, kid, index)
    if category == "MilitaryAction" and "target" not in args.roles and not args.anaphoric:
        _targeting(args, tok, index, resolve)
    args.killed = _killed(heads)
    return args


def _targeting(args: Args, tok, index: MentionIndex, resolve) -> None:
    """"an air strike on Kabul, targeting X": the participle often hangs from the clause verb, not the noun."""
    near = {tok.i}
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        near.add(cur.i)
    for t in tok.sent:
        if t.lemma_.lower() == "target" and t.tag_ == "VBG" and t.head.i in near:
            for kid in t.children:
                if kid.dep_ == "dobj":
                    args.add("target", phrase_mentions(kid, index, resolve))


def _actor_role(category: str, fine: str | None, lemma: str) -> str:
    if lemma in _MEDIATE or lemma == "mediation":
        return "mediator"
    if lemma in ("host", "receive"):
        return "host"
    if category in ("Statement", "MediationOffer"):
        return "speaker"
    if category == "MilitaryAction" and fine not in _SYMMETRIC:
        return "attacker"
    if category == "Agreement":
        return "signatory"
    return "participant"


def _object(args: Args, obj, category, fine, patient, index, resolve) -> None:
    mentions = phrase_mentions(obj, index, resolve)
    places = [m for m in mentions if m.type == "Place"]
    countries = [m for m in mentions if m.type == "Country"]
    if category in ("Visit", "Deportation") or fine == "Capture":
        # One visits or captures a place; a country object of "visit" is where, not who.
        if places or (countries and category == "Visit"):
            args.location = args.location or (places or countries)[0]
            mentions = [m for m in mentions if m not in places and (category != "Visit" or m not in countries)]
    elif places and category == "MilitaryAction":
        args.location = args.location or places[0]
    if category == "Statement":
        return  # what is said is not who says it
    args.add(patient, mentions)


def _preposition(args: Args, prep, category, fine, actor, patient, index, resolve) -> None:
    word = prep.lower_
    objs = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
    # Aid and people are taken somewhere: "delivered aid to Gaza" happens (also) there.
    moves = category in ("Visit", "Deportation", "Aid") or prep.head.lemma_.lower() in ("deploy", "send", "dispatch")
    if word in ("at", "on") and category in ("Meeting", "Visit", "Negotiation") and \
            any(o.lemma_.lower() == "invitation" for o in objs):
        # "met in Putrajaya at the invitation of Anwar": who invites hosts
        args.add("host", [m for o in objs for of in o.children if of.dep_ == "prep" and of.lower_ == "of"
                          for q in of.children for m in phrase_mentions(q, index, resolve)])
        return
    if word in _LOC_PREPS or (word == "to" and moves):
        _location(args, prep, index)
        if word in ("in", "at") and category == "MilitaryAction":
            return
        if word != "to" or category in ("Visit", "Deportation"):
            return
    for obj in objs:
        mentions = phrase_mentions(obj, index, resolve)
        if word in ("between", "among", "amongst"):
            args.add("signatory" if category == "Agreement" else "participant", mentions)
        elif word == "with":
            if obj.lemma_.lower() in ("facilitation", "mediation", "help", "support"):
                args.add("mediator", phrase_mentions(obj, index, resolve))
            else:
                args.add("signatory" if category == "Agreement" else "participant", mentions)
        elif word in ("on", "against") and category == "MilitaryAction" or (
                word == "at" and category == "MilitaryAction" and prep.head.lemma_.lower() in ("launch", "fire")):
            places = [m for m in mentions if m.type == "Place"]
            if places:
                args.location = args.location or places[0]
            args.add(patient, [m for m in mentions if m.type != "Place"])
        elif word in ("against", "on") and category == "Statement" and word == "against":
            args.add("participant", mentions)
        elif word == "from" and (fine == "Capture" or category in ("Deportation", "Release")):
            args.add("target" if fine == "Capture" else "participant", mentions)
        elif word == "under" and obj.lower_ in ("auspice", "auspices", "mediation", "facilitation", "sponsorship"):
            args.add("mediator", mentions)
        elif word in ("to", "as", "of") and category in ("Appointment", "Accession", "Founding", "Release", "Aid"):
            if category == "Aid" and word == "to" and all(m.type == "Place" for m in mentions):
                # "delivered aid to displaced people in Cambodia's north": the country the aid goes to receives it
                mentions = [m for t in obj.subtree if (m := index.covering(t)) is not None and m.type == "Country"][:1]
            args.add("participant", mentions)
        elif word == "of" and category in ("Meeting", "Negotiation", "MilitaryAction") and \
                prep.head.pos_ in ("NOUN", "PROPN"):
            args.add(actor if category != "Negotiation" else "participant", mentions)
        elif word == "by" and category == "Agreement":
            args.add("signatory", mentions)
        elif word == "to" and category == "Statement" and prep.head.lemma_.lower() in ("report",):
            args.add("participant", mentions)


def _location(args: Args, prep, index: MentionIndex) -> None:
    if args.location is not None:
        return
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        cands = [index.covering(obj)] if index.covering(obj) else []
        cands += [m for t in obj.subtree if (m := index.covering(t)) is not None]
        places = [m for m in cands if m.type == "Place"]
        countries = [m for m in cands if m.type == "Country"]
        if places:
            args.location = places[0]
        elif countries and index.covering(obj) is not None:
            args.location = countries[0]


def _clause_modifier(args: Args, verb, category, actor, patient, index, resolve) -> None:
    """"talks mediated by Turkiye", "an air strike ... targeting X", "the agreement reached by A and B",
    "a strike blamed on the army", "an attack that injured two policemen and was claimed by the PKK",
    "the talks, which Qatar mediated"; also a predicate of the event noun: "the meeting was chaired by X"."""
    for clause in [verb, *verb.conjuncts]:
        _one_clause(args, clause, category, actor, patient, index, resolve)
    args.anchors.add(verb.i)  # "the agreement reached on 18 March": the modifier's time is the event's


def _one_clause(args: Args, verb, category, actor, patient, index, resolve) -> None:
    lemma = verb.lemma_.lower()
    if verb.dep_ == "relcl":
        for kid in verb.children:  # "the talks, which Qatar mediated": the clause's own subject
            if kid.dep_ == "nsubj" and kid.tag_ not in ("WDT", "WP"):
                role = "mediator" if lemma in _MEDIATE else "host" if lemma == "host" else actor
                args.add(role, phrase_mentions(kid, index, resolve))
    for kid in verb.children:
        if kid.dep_ == "prep" and kid.lower_ in ("on", "to") and lemma in BLAME_VERBS and category == "MilitaryAction":
            args.add(actor, [m for o in kid.children if o.dep_ == "pobj" for m in phrase_mentions(o, index, resolve)])
            continue
        if kid.dep_ == "agent":
            role = "mediator" if lemma in _MEDIATE else "host" if lemma == "host" else actor
            # "a summit dominated by the war in Ukraine": only an agent that is itself named takes part
            named = [o for o in kid.children if o.dep_ == "pobj" and (index.covering(o) is not None or
                                                                      o.pos_ == "PRON" or refers_back(o))]
            args.add(role, [m for o in named for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "dobj" and lemma == "target":
            args.add("target", phrase_mentions(kid, index, resolve))
        elif kid.dep_ == "prep" and kid.lower_ in _LOC_PREPS:
            _location(args, kid, index)
        elif kid.dep_ == "prep" and kid.lower_ in ("between", "with") and category == "Agreement":
            args.add("signatory", [m for o in kid.children for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "prep" and kid.lower_ == "under":
            _preposition(args, kid, category, None, actor, patient, index, resolve)


def _clauses_on_the_date_after(tok) -> list:
    """ "a suicide attack on October 1 that injured two policemen": the parser hangs the relative clause from the
    date right after the event noun; it describes the event."""
    out = []
    for t in tok.doc[tok.i + 1:min(tok.i + 6, tok.sent.end)]:
        if t.ent_type_ in ("DATE", "TIME"):
            out += [k for k in t.children if k.dep_ == "relcl"]
    return out


def _definite(tok) -> bool:
    return any(k.dep_ in ("det", "poss") and k.lower_ in ("the", "this", "these", "those", "that", "its", "their",
                                                             "his", "her")
               for k in tok.children)


def _killed(heads) -> int | None:
    for head in heads:
        for tok in [head, head.head]:
            if tok.lemma_.lower() != "kill":
                continue
            total = 0
            for kid in tok.children:
                if kid.dep_ in ("dobj", "nsubjpass"):
                    for t in [kid] + [c for c in kid.subtree if c.dep_ == "conj"]:
                        for num in t.children:
                            if num.dep_ == "nummod":
                                total += _number(num.text)
            if total:
                return total
    return None


def _number(text: str) -> int:
    text = text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text, 0)


def hedged(tok) -> bool:
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


def habitual(tok) -> bool:
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
