"""How one phrase near an event's trigger fills its arguments: the trigger's object, a prepositional phrase, a
place, a clause that modifies the event noun ("talks mediated by Turkiye"). `Args` is what they fill;
event_args.py decides which phrases around the trigger are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..vocab import EventCategory, Role
from .mentions import Mention, MentionIndex
from .noun_phrases import Resolver, phrase_mentions, refers_back
from .vocabulary import words

LOC_PREPS = words("events", "location_preps")
MEDIATE_VERBS = words("events", "mediate_verbs")


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


def add_object(
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


def add_preposition(
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
    if word in LOC_PREPS or (word == "to" and moves):
        add_location(args, prep, index)
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


def add_location(args: Args, prep: Token, index: MentionIndex) -> None:
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


def add_clause_modifier(
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
                role = "mediator" if lemma in MEDIATE_VERBS else "host" if lemma == "host" else actor
                args.add(role, phrase_mentions(kid, index, resolve))
    for kid in verb.children:
        if kid.dep_ == "prep" and kid.lower_ in ("on", "to") and lemma in BLAME_VERBS and category == "MilitaryAction":
            args.add(actor, [m for o in kid.children if o.dep_ == "pobj" for m in phrase_mentions(o, index, resolve)])
            continue
        if kid.dep_ == "agent":
            role = "mediator" if lemma in MEDIATE_VERBS else "host" if lemma == "host" else actor
            # "a summit dominated by the war in Ukraine": only an agent that is itself named takes part
            named = [
                o
                for o in kid.children
                if o.dep_ == "pobj" and (index.covering(o) is not None or o.pos_ == "PRON" or refers_back(o))
            ]
            args.add(role, [m for o in named for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "dobj" and lemma == "target":
            args.add("target", phrase_mentions(kid, index, resolve))
        elif kid.dep_ == "prep" and kid.lower_ in LOC_PREPS:
            add_location(args, kid, index)
        elif kid.dep_ == "prep" and kid.lower_ in ("between", "with") and category == "Agreement":
            args.add("signatory", [m for o in kid.children for m in phrase_mentions(o, index, resolve)])
        elif kid.dep_ == "prep" and kid.lower_ == "under":
            add_preposition(args, kid, category, None, actor, patient, index, resolve)
