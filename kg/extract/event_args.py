"""Event arguments over the dependency tree: who did what to whom, where, how many were killed.

Given a trigger token, its participants come from its syntactic neighbourhood only (subject,
object, "with"/"between"/"against" phrases, possessors, passive agents; for a noun trigger also
the subject of the verb it is the object of), never from the whole sentence: a sentence often
reports several happenings, and a participant read from the wrong one costs precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..vocab import EventCategory, Role
from .clause_frame import governing_verb, subject_of, takes_part
from .mentions import Mention, MentionIndex
from .noun_phrases import Resolver, named_just_before, phrase_mentions, refers_back
from .triggers import TriggerHit, acts_as_verb
from .vocabulary import table, words

_LOC_PREPS = words("events", "location_preps")
_SYMMETRIC = {"ArmedClash"}  # both sides are just participants
_MEDIATE = words("events", "mediate_verbs")
_NUMBER_WORDS: dict[str, int] = table("numbers", "number_words")


@dataclass
class Args:
    roles: dict[Role, list[Mention]] = field(default_factory=dict)
    location: Mention | None = None
    killed: int | None = None
    anchors: set[int] = field(default_factory=set)  # clause heads whose dates apply to the event
    anaphoric: bool = False  # "the talks": refers back to an event already reported

    def add(self, role: Role, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.type == "Place":
                continue
            keys = [x.key for ms in self.roles.values() for x in ms]
            if m.key in keys:
                continue
            self.roles.setdefault(role, []).append(m)


BLAME_VERBS = words("events", "blame_verbs")


def collect(hit: TriggerHit, index: MentionIndex, resolve: Resolver | None = None) -> Args:
    """The arguments of one trigger."""
    tok, category, fine = hit.token, hit.category, hit.fine_type
    lemma = tok.lemma_.lower()
    args = Args()
    args.anaphoric = _definite(tok) and tok.pos_ in ("NOUN", "PROPN")
    actor = _actor_role(category, fine, lemma)
    patient: Role = (
        "target"
        if category == "MilitaryAction" and fine not in _SYMMETRIC
        else ("signatory" if category == "Agreement" else "participant")
    )
    is_verb = acts_as_verb(tok)
    heads = [tok]
    if is_verb:
        subj, passive = subject_of(tok, index, resolve)
        if not subj and not passive:
            subj = named_just_before(tok, index)
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
            if takes_part(tok, gov):  # who welcomes an agreement or backs an invasion is no party to it
                subj, _ = subject_of(gov, index, resolve)
                # "Egypt and Qatar brokered a truce between A and B": the broker mediates, A and B sign
                gov_actor: Role = (
                    "host" if gov.lemma_.lower() == "host" else "mediator" if gov.lemma_.lower() in _MEDIATE else actor
                )
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


def _targeting(args: Args, tok: Token, index: MentionIndex, resolve: Resolver | None) -> None:
    """ "an air strike on Kabul, targeting X": the participle often hangs from the clause verb, not the noun."""
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


def _actor_role(category: EventCategory, fine: str | None, lemma: str) -> Role:
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


def _object(
    args: Args,
    obj: Token,
    category: EventCategory,
    fine: str | None,
    patient: Role,
    index: MentionIndex,
    resolve: Resolver | None,
) -> None:
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


def _preposition(
    args: Args,
    prep: Token,
    category: EventCategory,
    fine: str | None,
    actor: Role,
    patient: Role,
    index: MentionIndex,
    resolve: Resolver | None,
) -> None:
    word = prep.lower_
    objs = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
    # Aid and people are taken somewhere: "delivered aid to Gaza" happens (also) there.
    moves = category in ("Visit", "Deportation", "Aid") or prep.head.lemma_.lower() in ("deploy", "send", "dispatch")
    if (
        word in ("at", "on")
        and category in ("Meeting", "Visit", "Negotiation")
        and any(o.lemma_.lower() == "invitation" for o in objs)
    ):
        # "met in Putrajaya at the invitation of Anwar": who invites hosts
        args.add(
            "host",
            [
                m
                for o in objs
                for of in o.children
                if of.dep_ == "prep" and of.lower_ == "of"
                for q in of.children
                for m in phrase_mentions(q, index, resolve)
            ],
        )
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
        elif (
            word in ("on", "against")
            and category == "MilitaryAction"
            or (word == "at" and category == "MilitaryAction" and prep.head.lemma_.lower() in ("launch", "fire"))
        ):
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
        elif (
            word == "of"
            and category in ("Meeting", "Negotiation", "MilitaryAction")
            and prep.head.pos_ in ("NOUN", "PROPN")
        ):
            args.add(actor if category != "Negotiation" else "participant", mentions)
        elif word == "by" and category == "Agreement":
            args.add("signatory", mentions)
        elif word == "to" and category == "Statement" and prep.head.lemma_.lower() in ("report",):
            args.add("participant", mentions)


def _location(args: Args, prep: Token, index: MentionIndex) -> None:
    if args.location is not None:
        return
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        cands = [here] if (here := index.covering(obj)) else []
        cands += [m for t in obj.subtree if (m := index.covering(t)) is not None]
        places = [m for m in cands if m.type == "Place"]
        countries = [m for m in cands if m.type == "Country"]
        if places:
            args.location = places[0]
        elif countries and index.covering(obj) is not None:
            args.location = countries[0]


def _clause_modifier(
    args: Args,
    verb: Token,
    category: EventCategory,
    actor: Role,
    patient: Role,
    index: MentionIndex,
    resolve: Resolver | None,
) -> None:
    """ "talks mediated by Turkiye", "an air strike ... targeting X", "the agreement reached by A and B",
    "a strike blamed on the army", "an attack that injured two policemen and was claimed by the PKK",
    "the talks, which Qatar mediated"; also a predicate of the event noun: "the meeting was chaired by X"."""
    for clause in [verb, *verb.conjuncts]:
        _one_clause(args, clause, category, actor, patient, index, resolve)
    args.anchors.add(verb.i)  # "the agreement reached on 18 March": the modifier's time is the event's


def _one_clause(
    args: Args,
    verb: Token,
    category: EventCategory,
    actor: Role,
    patient: Role,
    index: MentionIndex,
    resolve: Resolver | None,
) -> None:
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
            named = [
                o
                for o in kid.children
                if o.dep_ == "pobj" and (index.covering(o) is not None or o.pos_ == "PRON" or refers_back(o))
            ]
            args.add(role, [m for o in named for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "dobj" and lemma == "target":
            args.add("target", phrase_mentions(kid, index, resolve))
        elif kid.dep_ == "prep" and kid.lower_ in _LOC_PREPS:
            _location(args, kid, index)
        elif kid.dep_ == "prep" and kid.lower_ in ("between", "with") and category == "Agreement":
            args.add("signatory", [m for o in kid.children for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "prep" and kid.lower_ == "under":
            _preposition(args, kid, category, None, actor, patient, index, resolve)


def _clauses_on_the_date_after(tok: Token) -> list[Token]:
    """ "a suicide attack on October 1 that injured two policemen": the parser hangs the relative clause from the
    date right after the event noun; it describes the event."""
    out = []
    for t in tok.doc[tok.i + 1 : min(tok.i + 6, tok.sent.end)]:
        if t.ent_type_ in ("DATE", "TIME"):
            out += [k for k in t.children if k.dep_ == "relcl"]
    return out


def _definite(tok: Token) -> bool:
    return any(
        k.dep_ in ("det", "poss")
        and k.lower_ in ("the", "this", "these", "those", "that", "its", "their", "his", "her")
        for k in tok.children
    )


def _killed(heads: list[Token]) -> int | None:
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
