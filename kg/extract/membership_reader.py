"""What every membership shape reads with: the article's mentions by token, the members a phrase lists, and
the body an anaphor ("the alliance", "the bloc") stands for within the last few sentences."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .mentions import Mention, MentionIndex
from .vocabulary import words

MEMBER_TYPES = ("Country", "Organization")
ANAPHORS = words("memberships", "anaphors")
_LOOK_BACK = 3  # sentences searched for the body "the alliance" stands for

Pair = tuple[Mention, Mention]  # (member, body)


class Reader:
    """The mention index and the article's sentences, with the helpers every shape uses."""

    def __init__(self, doc: Doc, index: MentionIndex):
        self.doc, self.index = doc, index
        self.sents = list(doc.sents)

    # --- who a phrase names ------------------------------------------------------------------------------
    def named(self, tok: Token) -> Mention | None:
        """The country or organisation a noun names: its own mention, or its owner's ("Hungary's government")."""
        m = self.index.covering(tok)
        if m is not None:
            return m if m.type in MEMBER_TYPES and not self.index.is_media(m) else None
        if tok.lemma_.lower() in ("government", "state", "country", "nation", "people", "authority"):
            for kid in tok.children:
                if kid.dep_ in ("poss", "compound", "amod"):
                    owner = self.index.covering(kid)
                    if owner is not None and owner.type == "Country":
                        return owner
        return None

    def listed(self, tok: Token) -> list[Mention]:
        """The members a phrase lists: the head and its conjuncts, "plus"/"as well as" additions, and the names
        that follow it joined only by commas and "and" (the parse of a long list is often a chain of appositions)."""
        out: list[Mention] = []
        for t in [tok, *tok.conjuncts, *self._additions(tok)]:
            m = self.named(t)
            if m is not None and all(m.key != o.key for o in out):
                out.append(m)
        if out and self.index.covering(tok) is not None:
            for m in self._enumeration(tok):
                if all(m.key != o.key for o in out):
                    out.append(m)
        return out

    def _enumeration(self, tok: Token) -> list[Mention]:
        """ "Bahrain, Colombia, the Democratic Republic of the Congo, Latvia and Liberia": read left to right."""
        out: list[Mention] = []
        k, end = tok.i, tok.sent.end
        while k < end:
            placed = self.index.at(k)
            if placed is not None and placed.mention.type in MEMBER_TYPES and not self.index.is_media(placed.mention):
                out.append(placed.mention)
                k = placed.end
            elif self.doc[k].lower_ in (",", "and", "the", "&") and out:
                k += 1
            else:
                break
        return out

    def _additions(self, tok: Token) -> list[Token]:
        """ "25 of the 27 countries of the bloc, plus Switzerland, Norway ...": the objects of "plus"."""
        out = []
        for t in [tok, *tok.conjuncts]:
            for kid in t.children:
                if kid.dep_ in ("prep", "cc") and kid.lower_ in ("plus", "including"):
                    for obj in kid.children:
                        if obj.dep_ in ("pobj", "conj", "appos"):
                            out += [obj, *obj.conjuncts]
        return out

    def body(self, tok: Token) -> Mention | None:
        """The organisation a phrase names, or the one it refers back to ("the bloc", "it", "the Organisation")."""
        m = self.index.covering(tok)
        if (
            m is not None
            and m.type == "Organization"
            and not self.index.is_media(m)
            and m.text.lower().removeprefix("the ") not in ANAPHORS
        ):
            return m
        if tok.lower_ in ANAPHORS or tok.lemma_.lower() in ANAPHORS or m is not None and m.type == "Organization":
            return self.body_before(tok)
        return None

    def body_before(self, tok: Token) -> Mention | None:
        """The body a reference stands for: the last named earlier in its sentence, else the first named in the
        nearest earlier sentence that names one (news agencies aside: "THE HAGUE (AP) - Leaders of X ...")."""
        sent = tok.sent
        here = [
            p.mention
            for p in self.index.within(sent.start, tok.i, ("Organization",))
            if not self.index.is_media(p.mention) and p.mention.text.lower() not in ANAPHORS
        ]
        if here:
            return here[-1]
        k = next((i for i, s in enumerate(self.sents) if s.start == sent.start), 0)
        for s in reversed(self.sents[max(0, k - _LOOK_BACK) : k]):
            named = [
                p.mention
                for p in self.index.within(s.start, s.end, ("Organization",))
                if not self.index.is_media(p.mention) and p.mention.text.lower() not in ANAPHORS
            ]
            if named:
                return named[0]
        return None

    def subjects_up(self, verb: Token) -> Iterator[Token]:
        """Subject tokens of the verb and of the clauses above it, nearest first (the parser often hangs a
        coordinated verb from the wrong clause: "The three countries say ... and have formed their own group")."""
        cur = verb
        for _ in range(4):
            yield from self.subject(cur)
            if cur.dep_ not in ("conj", "ccomp", "xcomp", "advcl") or cur.head is cur:
                return
            cur = cur.head

    def subject(self, verb: Token) -> list[Token]:
        """The subject tokens of a verb (climbing open clauses and relative clauses to their antecedent)."""
        cur = verb
        for _ in range(3):
            subj = [k for k in cur.children if k.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                first = subj[0]
                if first.tag_ in ("WDT", "WP") and cur.dep_ == "relcl":
                    return [cur.head]  # "an alliance that includes ...": the noun the clause is about
                return [first]
            if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head is not cur:
                cur = cur.head
                continue
            if cur.dep_ == "acl" and self.index.covering(cur.head) is not None:
                return [cur.head]  # "The East African Community, made up of Kenya, ...": the noun it describes
            if cur.dep_ == "acl" and cur.head.dep_ in ("dobj", "pobj", "attr"):
                cur = cur.head.head  # "the AU took similar action to suspend Niger": the subject of "took"
                continue
            if cur.dep_ == "relcl":
                return [cur.head]
            break
        return []

    def pronoun_member(self, verb: Token) -> list[Mention]:
        """What "it" stands for as a member: the last country named before it in the sentence."""
        named = [p.mention for p in self.index.within(verb.sent.start, verb.i, ("Country",))]
        return named[-1:]

    def pairs(self, members: list[Mention], body: Mention | None) -> list[Pair]:
        if body is None:
            return []
        return [(m, body) for m in members if m.key != body.key]

    def described_body(self, noun: Token) -> Mention | None:
        """The body a descriptive noun is said of: "BRICS, a grouping of ...", "The IMCTC is an alliance that ..."."""
        if noun.dep_ == "appos":
            return self.body(noun.head)
        if noun.dep_ in ("attr", "acomp"):
            subj = [k for k in noun.head.children if k.dep_ == "nsubj"]
            return self.body(subj[0]) if subj else None
        return None  # "a strategic alliance between A and B" describes no body named before
