"""What pronouns, "both sides" and "the military" refer to while an article is read: the people and parties
named so far."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from spacy.tokens import Span, Token

from .coalesce import Draft
from .mentions import DocEntities, Mention, MentionIndex
from .noun_phrases import (
    ARMED_GROUP_WORDS,
    BLOC_WORDS,
    GENERIC_ORGS,
    phrase_mentions,
    refers_back,
)
from .vocabulary import table, words

_PRONOUNS_PERSON = words("events", "person_pronouns")


_PRONOUNS_GROUP = words("events", "group_pronouns")


# How many parties a plural phrase stands for: "the two sides", "both countries", "the three countries".
_COUNTS: dict[str, int] = {**table("numbers", "number_words"), **table("numbers", "both")}


class EventContext:
    """What pronouns and "both sides" refer to: the people and parties named so far."""

    def __init__(self, index: MentionIndex, found: DocEntities, sents: Sequence[Span]):
        self.index = index
        self.mentions = found.mentions
        self.sents = sents
        self.sentence = 0
        self.last_parties: list[Mention] = []
        self.last_actors: dict[int, list[Mention]] = {}

    def remember(self, d: Draft) -> None:
        parties = [m for m in d.mentions if m.key in d.parties()]
        if len({m.key for m in parties}) >= 2 and d.event.category != "Statement":
            self.last_parties = parties
        self.last_actors.setdefault(d.sentence, []).extend(d.mentions[:1])

    def resolve(self, tok: Token) -> list[Mention] | None:
        word = tok.lower_
        if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
            head = tok.head.head  # "the alliance, which ...": the noun may itself refer back
            return phrase_mentions(head, self.index, self.resolve if refers_back(head) else None)
        if word in _PRONOUNS_PERSON:
            if tok.dep_ == "poss":  # "At the end of his trip, Mr Blair said": the clause's subject
                for anc in tok.ancestors:
                    for kid in anc.children:
                        if kid.dep_ == "nsubj" and kid.i != tok.i:
                            named = [m for m in phrase_mentions(kid, self.index) if m.type in ("Person", "Official")]
                            if named:
                                return named[:1]
            start = self.sents[max(0, self.sentence - 2)].start_char
            people = [m for m in self.mentions if start <= m.start < tok.idx and m.type in ("Person", "Official")]
            return people[-1:] if people else None
        if word in _PRONOUNS_GROUP:
            # "North Korea confirmed that it has deployed troops": the subject of an enclosing clause first.
            for anc in tok.ancestors:
                for kid in anc.children:
                    if kid.dep_ == "nsubj" and kid.i != tok.i and kid.i < tok.i:
                        named = [m for m in phrase_mentions(kid, self.index) if m.type in ("Organization", "Country")]
                        if named:
                            return named[:1]
            # "the first summit for Sweden as a member of the alliance, which it joined": a country named
            # earlier in the same sentence, then the previous sentence's actor.
            start = self.sents[self.sentence].start_char
            here = [m for m in self.mentions if start <= m.start and m.end <= tok.idx and m.type == "Country"]
            if here and tok.lower_ == "it" and tok.head.dep_ == "relcl":
                return here[-1:]
            earlier = self.last_actors.get(self.sentence - 1) or []
            actors = [m for m in earlier if m.type in ("Organization", "Country")]
            return actors[:1] or None
        if tok.lemma_.lower() in GENERIC_ORGS:
            return self._generic(tok)
        if tok.pos_ == "NOUN":
            count = next((_COUNTS[k.lower_] for k in tok.children if k.lower_ in _COUNTS), None)
            if count is None:
                return list(self.last_parties) or None
            people = [m for m in self.last_parties if m.type in ("Person", "Official")]
            if tok.lemma_.lower() == "leader" and len({m.key for m in people}) == count:
                return people  # "held talks with B ... the two leaders then signed": the two who just met
            return self._last_countries(count)
        return None

    def _last_countries(self, n: int, types: Collection[str] = ("Country",)) -> list[Mention] | None:
        """The last n distinct countries (or other kinds) named before this sentence: "the three countries"."""
        start = self.sents[self.sentence].start_char
        out: list[Mention] = []
        for m in reversed([m for m in self.mentions if m.end <= start and m.type in types]):
            if all(m.key != o.key for o in out):
                out.append(m)
            if len(out) == n:
                return out
        return None

    def _generic(self, tok: Token) -> list[Mention] | None:
        """ "the military": the last organisation of that kind; else the country of the armed forces named."""
        word = tok.lemma_.lower()
        words = {"military", "army", "armed", "forces"} if word in ("military", "army") else {word}
        earlier = [m for m in self.mentions if m.end <= tok.idx]
        if word in BLOC_WORDS:
            text = self.index.doc_text
            # A news agency credited in brackets ("(AFP)") is no bloc.
            bodies = [m for m in earlier if m.type == "Organization" and text[max(0, m.start - 1) : m.start] != "("]
            return bodies[-1:] or None
        for m in reversed(earlier):
            if m.type == "Organization" and set(m.text.lower().split()) & words:
                return [m]
        if word in ARMED_GROUP_WORDS:
            text = self.index.doc_text
            for m in reversed(earlier):  # "the M23 rebel group ... the rebels"
                if m.type == "Organization" and word in text[m.start : m.end + 20].lower():
                    return [m]
        return None
