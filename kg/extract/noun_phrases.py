"""Who a noun phrase names: its head's mention, its modifiers', a person in apposition, the parties a plural
anaphor ("both sides", "the two countries") or a generic body ("the military") stands for."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .mentions import Mention, MentionIndex
from .vocabulary import words

ACTORS = ("Person", "Official", "Organization", "Country")

Resolver = Callable[[Token], list[Mention] | None]  # what a pronoun or "both sides" stands for, if known


def phrase_mentions(tok: Token, index: MentionIndex, resolve: Resolver | None = None, depth: int = 2) -> list[Mention]:
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
                if (
                    other is not None
                    and other.key != head.key
                    and (head.type == "Place" or other.type in ("Person", "Official"))
                ):
                    found.append(other)
                    if head.type == "Place":  # "LUANDA - Congo and the M23 rebel group agreed"
                        found.extend(
                            m for c in kid.children if c.dep_ == "conj" for m in phrase_mentions(c, index, resolve, 0)
                        )
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
            if kid.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and (named := index.covering(kid)):
                found.append(named)
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


def named_just_before(verb: Token, index: MentionIndex) -> list[Mention]:
    """The actor named right before a verb the parser left without a subject ("... as envoy Steve Witkoff met
    Russian President Vladimir Putin" parsed with "met" hung from the main clause): word order then decides."""
    k = verb.i - 1
    while k >= verb.sent.start and verb.doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    m = index.covering(verb.doc[k]) if k >= verb.sent.start else None
    return [m] if m is not None and m.type in ACTORS else []


def _apposed_people(tok: Token, index: MentionIndex) -> list[Mention]:
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


def _nearest_inside(tok: Token, index: MentionIndex) -> list[Mention]:
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


def _conjuncts(tok: Token, index: MentionIndex) -> list[Mention]:
    out = []
    for conj in tok.children:
        if conj.dep_ == "conj" and (named := index.covering(conj)):
            out.append(named)
            out.extend(_conjuncts(conj, index))
    return out


POST_WORDS = words("events", "office_heads") | words("events", "spokespeople")


GENERIC_ORGS = words("events", "generic_orgs")


# "the rebels": the group introduced as one ("the M23 rebel group", "Houthi rebels").
ARMED_GROUP_WORDS = words("events", "armed_group_words")


# "the bloc": whichever organisation the article is about, not one whose name contains the word.
BLOC_WORDS = words("events", "bloc_words")


def refers_back(tok: Token) -> bool:
    return _plural_anaphor(tok) or _generic_org(tok)


def _named_modifier(tok: Token, index: MentionIndex) -> bool:
    """ "the leaders of EU member states", "the EU leaders": the phrase names its own entity."""
    for kid in tok.children:
        if kid.dep_ in ("relcl", "acl", "appos", "conj", "punct"):
            continue  # "the alliance, which Sweden joined": a clause about the noun does not name it
        if any(index.covering(t) is not None for t in kid.subtree):
            return True
    return False


def _generic_org(tok: Token) -> bool:
    """ "the military", "the army": an organisation named in full earlier in the article."""
    return (
        tok.lemma_.lower() in GENERIC_ORGS
        and any(k.dep_ == "det" and k.lower_ == "the" for k in tok.children)
        and not any(k.dep_ in ("amod", "compound", "poss") for k in tok.children)
    )


def _plural_anaphor(tok: Token) -> bool:
    """ "both sides", "the two countries", "the South Asian neighbors": parties named earlier."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in (
        "side",
        "neighbor",
        "neighbour",
        "country",
        "nation",
        "party",
        "government",
        "leader",
    ):
        return False
    words = {k.lower_ for k in tok.children if k.dep_ in ("det", "nummod", "predet", "amod")}
    return tok.tag_ == "NNS" and bool(words & {"both", "two", "the"})
