"""Where a membership shape finds a member list or a body away from its trigger's own arguments: the body of
"member(s) of Y", members listed through "of" phrases or after a colon, an organisation named right after a noun,
the body an organ belongs to, the latest list of N countries ("the three countries"). Used by membership_shapes.py.
"""

from __future__ import annotations

from spacy.tokens import Token

from .membership_reader import Reader
from .mentions import Mention


def member_body(r: Reader, noun: Token) -> Mention | None:
    """The body of "member(s) of Y", "Y's member", "Y member(s)", "its members", "It has five members"."""
    for kid in noun.children:
        if kid.dep_ == "prep" and kid.lower_ in ("of", "in"):
            obj = next((o for o in kid.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return r.body(obj)
        if kid.dep_ in ("poss", "compound", "nmod"):
            body = r.body(kid)
            if body is not None:
                return body
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("have", "count", "include", "number"):
        return next((r.body(k) for k in noun.head.children if k.dep_ == "nsubj"), None)  # "It has five members"
    return None


def members_of_group(r: Reader, noun: Token) -> list[Mention]:
    """Members listed through "of" phrases: "29 states – 25 of the 27 countries of the bloc, plus Switzerland",
    "a grouping of the world economies of Brazil, Russia, ..."."""
    out: list[Mention] = []
    for t in noun.subtree:
        if t.dep_ in ("pobj", "appos", "conj") and t.pos_ == "PROPN" or t.dep_ == "pobj" and r.named(t):
            for m in r.listed(t):
                if m.type == "Country" and all(m.key != o.key for o in out):
                    out.append(m)
    return out


def colon_list(r: Reader, noun: Token) -> list[Mention]:
    """ "It has five permanent members, all of whom have veto power: Britain, China, France, Russia and the US"."""
    sent = noun.sent
    colon = next((t for t in r.doc[noun.i : sent.end] if t.text == ":"), None)
    if colon is None or colon.i + 1 >= sent.end:
        return []
    first = next((t for t in r.doc[colon.i + 1 : sent.end] if r.named(t) is not None), None)
    if first is None:
        return []
    listed = r.listed(first)
    return listed if len(listed) >= 2 else []


def named_right_after(r: Reader, noun: Token) -> Mention | None:
    """An organisation named in apposition right after a noun ("their own bloc, the X"), however it was parsed."""
    end = max(t.i for t in noun.subtree) + 1
    placed = next(
        (
            p
            for p in r.index.items
            if end <= p.start <= end + 3 and p.start < noun.sent.end and p.mention.type == "Organization"
        ),
        None,
    )
    return (
        placed.mention
        if placed is not None and all(t.text in (",", "the", "—", "–", "-") for t in r.doc[end : placed.start])
        else None
    )


def parent_body(r: Reader, tok: Token) -> Mention | None:
    """The body an organ belongs to ("The African Union's Peace and Security Council" -> the African Union),
    also when the organ is referred to ("it had decided to suspend")."""
    body = r.body(tok)
    placed = next((p for p in r.index.items if body is not None and p.mention == body), None)
    head = r.doc[placed.start : placed.end].root if placed is not None else tok
    for kid in head.children:
        if kid.dep_ == "poss":
            owner = r.body(kid)
            if owner is not None:
                return owner
    return body


def last_list_of(r: Reader, size: int, before: int) -> list[Mention]:
    """The latest list of exactly `size` countries named before token `before` ("the three countries")."""
    best: list[Mention] = []
    seen: set[int] = set()
    for p in r.index.within(0, before, ("Country",)):
        tok = r.doc[p.start]
        if tok.i in seen:
            continue
        listed = [m for m in r.listed(tok) if m.type == "Country"]
        seen.update(t.i for t in tok.conjuncts)
        if len({m.key for m in listed}) == size:
            best = listed
    return best
