"""Descriptions that refer to a named official: "the Brazilian President", "the Mexican leader", "the president".

News names an official once, with the post ("Brazilian President Luiz Inácio Lula da Silva"), and then refers to
them by the post alone. Such a description becomes a mention of that person when the article names exactly one
earlier holder of a post it can stand for (the same post, or "leader" for a head of state or government), of the
owner it names, if any. Then "The Brazilian President made the remarks" has Lula, not Brazil, as its speaker.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Position
from .doctext import lowers
from .mentions import DocEntities, Mention, MentionIndex
from .names import POST_MODIFIERS
from .vocabulary import words

_HEADS = words("posts", "referring_heads")
_LEADERS = words("posts", "leader_posts")


def refer_to_holders(doc: Doc, found: DocEntities, positions: list[Position]) -> None:
    """Adds a mention of the named holder for each description of a post that only one of them can be."""
    if not positions:
        return
    index = MentionIndex(doc, found)
    first_seen: dict[str, int] = {}
    for m in found.mentions:
        first_seen.setdefault(m.key, m.start)
    for i, low in enumerate(lowers(doc)):
        if low not in _HEADS:
            continue
        tok = doc[i]
        if tok.tag_ in ("NNS", "NNPS") or index.at(tok.i) is not None:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].lower_ in POST_MODIFIERS and index.at(start - 1) is None:
            start -= 1
        owner, det = _owner_before(doc, index, start)
        if owner is None and not det:
            continue  # "President" alone before a name, or "a president": no reference
        if tok.i + 1 < len(doc) and (index.at(tok.i + 1) is not None or doc[tok.i + 1].pos_ == "PROPN"):
            continue  # a title before a name is no reference to someone else
        holder = _the_one_holder(doc[start : tok.i + 1].text.lower(), owner, positions, first_seen, doc[start].idx)
        if holder is not None:
            end = tok.idx + len(tok.text)
            found.add(Mention(doc[start].idx, end, index.doc_text[doc[start].idx : end], holder, "Official"))
            found.entities[holder].mentions += 1


def _owner_before(doc: Doc, index: MentionIndex, start: int) -> tuple[Mention | None, bool]:
    """(country or body named right before the post, whether a determiner makes the phrase definite)."""
    k = start - 1
    if k >= 0 and doc[k].text in ("'s", "’s"):
        k -= 1
    placed = index.at(k) if k >= 0 else None
    if placed is not None and placed.mention.type in ("Country", "Organization"):
        before = placed.start - 1
        return placed.mention, before >= 0 and doc[before].lower_ in ("the", "this")
    return None, k >= 0 and doc[k].lower_ in ("the", "this")


def _the_one_holder(
    title: str, owner: Mention | None, positions: list[Position], first_seen: dict[str, int], at: int
) -> str | None:
    """The holder named before `at` of a post the title can stand for, when there is exactly one."""
    head = title.split()[-1]
    holders = set()
    for p in positions:
        post_head = p.title.split()[-1]
        fits = head in post_head or post_head in title or head == "leader" and any(w in p.title for w in _LEADERS)
        if fits and (owner is None or p.of == owner.key) and first_seen.get(p.holder, at) < at:
            holders.add(p.holder)
    return holders.pop() if len(holders) == 1 else None
