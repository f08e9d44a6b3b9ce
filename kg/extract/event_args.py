"""Event arguments over the dependency tree: who did what to whom, where, how many were killed.

Given a trigger token, its participants come from its syntactic neighbourhood only (subject,
object, "with"/"between"/"against" phrases, possessors, passive agents; for a noun trigger also
the subject of the verb it is the object of), never from the whole sentence: a sentence often
reports several happenings, and a participant read from the wrong one costs precision. Which phrases are read
is decided here; how each one fills the arguments is event_phrases.py's job.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..vocab import EventCategory, Role
from .clause_frame import governing_verb, subject_of, takes_part
from .event_phrases import (
    LOC_PREPS,
    MEDIATE_VERBS,
    Args,
    add_clause_modifier,
    add_location,
    add_object,
    add_preposition,
)
from .mentions import MentionIndex
from .noun_phrases import Resolver, named_just_before, phrase_mentions
from .triggers import TriggerHit, acts_as_verb
from .vocabulary import table

_SYMMETRIC = {"ArmedClash"}  # both sides are just participants
_NUMBER_WORDS: dict[str, int] = table("numbers", "number_words")


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
                add_object(args, kid, category, fine, patient, index, resolve)
                for prep in kid.children:  # "seized power in Kabul"
                    if prep.dep_ == "prep" and prep.lower_ in LOC_PREPS:
                        add_location(args, prep, index)
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
                add_clause_modifier(args, kid, category, actor, patient, index, resolve)
        for clause in _clauses_on_the_date_after(tok):
            add_clause_modifier(args, clause, category, actor, patient, index, resolve)
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            args.anchors.add(tok.head.i)  # "Clashes over the weekend killed five": the predicate's time
        if tok.dep_ == "nsubjpass" and any(k.dep_ == "agent" for k in tok.head.children):
            add_clause_modifier(args, tok.head, category, actor, patient, index, resolve)  # "was chaired by X"
        if gov is not None:
            heads.append(gov)
            if takes_part(tok, gov):  # who welcomes an agreement or backs an invasion is no party to it
                subj, _ = subject_of(gov, index, resolve)
                # "Egypt and Qatar brokered a truce between A and B": the broker mediates, A and B sign
                gov_actor: Role = (
                    "host"
                    if gov.lemma_.lower() == "host"
                    else "mediator"
                    if gov.lemma_.lower() in MEDIATE_VERBS
                    else actor
                )
                args.add(gov_actor, subj)
    for head in heads:
        args.anchors.add(head.i)
        for kid in head.children:
            if kid.dep_ == "prep":
                add_preposition(args, kid, category, fine, actor, patient, index, resolve)
            elif kid.dep_ == "agent" and head.i == tok.i and not is_verb:
                args.add(actor, [m for o in kid.children for m in phrase_mentions(o, index, resolve)])
            elif kid.dep_ == "advcl" and kid.lemma_.lower() == "target":
                add_clause_modifier(args, kid, category, actor, patient, index, resolve)
    # Clauses sharing the trigger's time: open complements and participles without a subordinator.
    cur = heads[-1]
    while cur.dep_ in ("xcomp", "advcl", "conj", "acl") and not any(k.dep_ == "mark" for k in cur.children):
        cur = cur.head
        args.anchors.add(cur.i)
        if cur.pos_ in ("VERB", "AUX") and args.location is None:
            for kid in cur.children:
                if kid.dep_ == "prep" and kid.lower_ in LOC_PREPS:
                    add_location(args, kid, index)
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
    if lemma in MEDIATE_VERBS or lemma == "mediation":
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
