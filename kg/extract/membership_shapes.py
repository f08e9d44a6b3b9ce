"""The shapes news English states membership in, read over the dependency parse.

Each reader takes the token that signals the shape and returns (member, body) mention pairs:
  accession     "Finland joined NATO", "Finland became the 31st member of the Organisation", "was admitted to ASEAN"
  inclusion     "The bloc includes Kenya, Uganda and Tanzania", "an alliance that includes A, B",
                "consists of A ... plus B"
  suspension    "The African Union suspended Gabon", "suspend the participation of Gabon in ... the AU"
  withdrawal    "Hungary is withdrawing from the ICC" (who leaves a body was its member)
  founding      "A, B and C formed their own group, the AES", "The three countries ... formed X"
  member noun   "Hungary is a founding member of the ICC", "NATO members Poland and Lithuania", "NATO's 31st member",
                "elected A, B and C as members of X", "It has five permanent members: A, B and C"
  group noun    "Mercosur countries — Argentina, Paraguay and Uruguay", "Bulgaria and Romania, both EU member states"
  collective    "BRICS, a grouping of Brazil, Russia, India, China and South Africa"
Members or a body found away from the trigger's own arguments are looked up by membership_lookups.py.
"""

from __future__ import annotations

from spacy.tokens import Token

from .membership_lookups import (
    colon_list,
    last_list_of,
    member_body,
    members_of_group,
    named_right_after,
    parent_body,
)
from .membership_reader import Pair, Reader
from .mentions import Mention
from .vocabulary import table, words

MEMBER_NOUNS = words("memberships", "member_nouns")
GROUP_NOUNS = words("memberships", "group_nouns")
COLLECTIVE_NOUNS = words("memberships", "collective_nouns")
# The size of a group in words: "the three countries", "both".
NUMBER_WORDS: dict[str, int] = {**table("numbers", "number_words"), **table("numbers", "both")}


# --- verbs -------------------------------------------------------------------------------------------------


def accession(r: Reader, verb: Token) -> list[Pair]:
    """ "Finland joined NATO", "Iran joined in 2023 and Belarus in 2024", "acceded to the WTO"."""
    subjects = r.subject(verb)
    members = [m for s in subjects for m in r.listed(s)]
    if not members and any(s.lower_ in ("it", "they") for s in subjects):
        members = r.pronoun_member(verb)
    body = None
    for kid in verb.children:
        if kid.dep_ == "dobj":
            body = r.body(kid)
        elif kid.dep_ == "prep" and kid.lower_ in ("to", "into"):
            body = body or next((r.body(o) for o in kid.children if o.dep_ == "pobj"), None)
    if body is None and not any(k.dep_ == "dobj" for k in verb.children):
        body = r.body_before(verb)  # "Iran joined in 2023": the body the article is about
    # "Iran joined in 2023 and Belarus in 2024": the later members share the verb (gapping); the parser hangs them
    # from the verb or from the date before them
    for kid in verb.children:
        if kid.dep_ == "conj" and kid.pos_ == "PROPN":
            members += r.listed(kid)
        elif kid.dep_ == "prep":
            members += [m for o in kid.children if o.dep_ == "pobj" for c in o.conjuncts for m in r.listed(c)]
    if body is None:
        body = next(
            (
                r.body(k)
                for k in verb.children
                if k.dep_ == "dobj" and k.tag_ in ("WDT", "WP") and verb.dep_ == "relcl"
                for k in [verb.head]
            ),
            None,
        )  # "the alliance, which it joined"
    return r.pairs(members, body)


def admission(r: Reader, verb: Token) -> list[Pair]:
    """ "Timor-Leste was admitted to ASEAN", "ASEAN admitted Timor-Leste as its 11th member"."""
    members, body = [], None
    for kid in verb.children:
        if kid.dep_ == "nsubjpass":
            members += r.listed(kid)
        elif kid.dep_ == "dobj":
            members += r.listed(kid)
        elif kid.dep_ == "nsubj":
            body = body or r.body(kid)
        elif kid.dep_ == "prep" and kid.lower_ in ("to", "into", "as"):
            for obj in kid.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.lemma_.lower() in MEMBER_NOUNS:
                    body = body or member_body(r, obj)
                else:
                    body = body or r.body(obj)
    return r.pairs(members, body) if members and any(k.dep_ == "prep" for k in verb.children) else []


def inclusion(r: Reader, verb: Token) -> list[Pair]:
    """ "The bloc includes A, B and C", "an alliance that includes A", "the area consists of 29 states – ..."."""
    subjects = r.subject(verb)
    body = None
    for s in subjects:
        body = r.body(s) or (r.described_body(s) if s.lemma_.lower() in COLLECTIVE_NOUNS else None)
    members: list[Mention] = []
    for kid in verb.children:
        if kid.dep_ == "dobj":
            members += r.listed(kid) or members_of_group(r, kid)
        elif kid.dep_ == "prep" and kid.lower_ == "of":  # "consists of", "is made up of"
            for obj in kid.children:
                if obj.dep_ == "pobj":
                    members += r.listed(obj) or members_of_group(r, obj)
    return r.pairs(members, body)


def suspension(r: Reader, verb: Token) -> list[Pair]:
    """ "The AU suspended Gabon", "decides to suspend the participation of Gabon in all activities of the AU"."""
    members: list[Mention] = []
    body = None
    for kid in verb.children:
        if kid.dep_ in ("dobj", "nsubjpass"):
            members += r.listed(kid)
            for t in kid.subtree:  # "the participation of Gabon in all activities of the AU"
                if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i != verb.i:
                    m = r.named(t)
                    if m is not None and m.type == "Country":
                        members.append(m)
                    b = (
                        r.body(t)
                        if t.head.head.lemma_.lower() in ("activity", "activities", "organ", "institution")
                        else None
                    )
                    body = body or b
        elif kid.dep_ == "prep" and kid.lower_ == "from":
            body = body or next((r.body(o) for o in kid.children if o.dep_ == "pobj"), None)
    if body is None:
        for s in r.subject(verb):
            body = parent_body(r, s)
    return r.pairs(members, body)


def withdrawal(r: Reader, verb: Token) -> list[Pair]:
    """ "Hungary is withdrawing from the ICC", "Britain left the EU"."""
    body = None
    for kid in verb.children:
        if kid.dep_ == "dobj":
            body = r.body(kid) if r.index.covering(kid) else None
        elif kid.dep_ == "prep" and kid.lower_ in ("from", "of"):
            body = body or next((r.body(o) for o in kid.children if o.dep_ == "pobj" and r.index.covering(o)), None)
    members = [m for s in r.subject(verb) for m in r.listed(s)]
    if not members:  # "it is withdrawing": the subject of the clause that announces it
        for s in r.subject(verb):
            if s.lower_ in ("it", "they"):
                head = verb.head if verb.dep_ in ("ccomp", "xcomp") else None
                members = [m for t in (r.subject(head) if head is not None else []) for m in r.listed(t)]
    return r.pairs([m for m in members if m.type == "Country"], body)


def founding(r: Reader, verb: Token) -> list[Pair]:
    """ "A, B and C formed X", "The three countries formed their own group, the Alliance of Sahel States"."""
    body = None
    for kid in verb.children:
        if kid.dep_ == "dobj":
            body = (
                r.body(kid)
                if r.index.covering(kid)
                else next((r.body(a) for a in kid.children if a.dep_ == "appos" and r.index.covering(a)), None)
            )
            if body is None and kid.lemma_.lower() in COLLECTIVE_NOUNS:
                body = named_right_after(r, kid)  # "their own bloc, the Lake Basin Alliance"
    if body is None:
        return []
    members: list[Mention] = []
    for s in r.subjects_up(verb):
        members = r.listed(s)
        if not members:
            size = next(
                (
                    NUMBER_WORDS.get(k.lower_) or (int(k.text) if k.text.isdigit() else None)
                    for k in s.children
                    if k.dep_ == "nummod"
                ),
                None,
            )
            if size and s.lemma_.lower() in GROUP_NOUNS:
                members = last_list_of(r, size, s.i)
        if members:
            break
    return r.pairs(members, body) if len(members) >= 2 else []


# --- nouns -------------------------------------------------------------------------------------------------


def member_noun(r: Reader, noun: Token) -> list[Pair]:
    """ "X is a founding member of Y", "X, a member of Y", "Y members A and B", "Y's 31st member", "as members of Y",
    "It has five permanent members: A, B and C"."""
    body = member_body(r, noun)
    if body is None:
        return []
    members: list[Mention] = []
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("PROPN", "NOUN"):
        members += r.listed(head.head)  # "elected Bahrain, Colombia ... as non-permanent members of X"
        before = r.index.at(head.i - 1)
        if not members and before is not None:  # "the first summit for Somalia as a full member of X"
            members += r.listed(r.doc[before.start])
    elif noun.dep_ in ("attr", "oprd") or noun.dep_ == "pobj" and head.lower_ == "as":
        verb = head if noun.dep_ != "pobj" else head.head
        for kid in verb.children:
            if kid.dep_ in ("nsubj", "nsubjpass", "dobj"):
                members += r.listed(kid)
        if not members and verb.dep_ in ("xcomp", "ccomp", "advcl", "conj"):
            members = [m for s in r.subject(verb) for m in r.listed(s)]
    elif noun.dep_ == "appos":
        members += r.listed(head)
    elif noun.dep_ in ("compound", "nmod") and r.named(head) is not None:
        members += r.listed(head)  # "AU member Chad"
    for kid in noun.children:
        if kid.dep_ == "appos":
            members += r.listed(kid)  # "NATO members Poland and Lithuania"
    members += colon_list(r, noun)
    return r.pairs(members, body)


def group_noun(r: Reader, noun: Token) -> list[Pair]:
    """ "Mercosur countries — Argentina, Paraguay and Uruguay", "Bulgaria and Romania, both EU member states"."""
    modifiers = [k for k in noun.children if k.dep_ in ("compound", "nmod", "poss")]
    modifiers += [g for k in modifiers for g in k.children if g.dep_ in ("compound", "nmod", "poss")]
    body = next((b for b in map(r.body, modifiers) if b is not None), None)  # "EU member states"
    if body is None:
        return []
    members: list[Mention] = []
    for kid in noun.children:
        if kid.dep_ == "appos":
            members += r.listed(kid)
    # "A and B, both EU member states" (the parser may read the group as another conjunct), "A and other members"
    says_all = any(
        k.lower_ in ("both", "all", "each", "other") for k in noun.children if k.dep_ in ("det", "predet", "amod")
    )
    if noun.dep_ == "appos" or noun.dep_ == "conj" and says_all:
        members += r.listed(noun.head)
    elif noun.dep_ in ("attr",):
        members += [m for k in noun.head.children if k.dep_ == "nsubj" for m in r.listed(k)]
    return r.pairs(members, body)


def collective(r: Reader, noun: Token) -> list[Pair]:
    """ "BRICS, a grouping of Brazil, Russia, India, China and South Africa"."""
    body = r.described_body(noun)
    if body is None:
        return []
    return r.pairs(members_of_group(r, noun), body)
