"""Officials named only by their post: "the French foreign minister said", "Pakistan's defence minister".

Such a phrase is still a fact about a post: an Official labelled as worded ("French foreign minister") holding
that post of that country. Kept conservative: the post must have a country owner right before it, no name may
follow or stand in apposition, and an article that names a holder of the same post gets no second, unnamed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from ..model import Entity, Evidence, Position
from ..rdf import slug
from .doctext import lowers
from .gazetteer import Gazetteer
from .mentions import DocEntities, Mention, MentionIndex
from .names import FORMER_WORDS, POST_MODIFIERS
from .vocabulary import words

# Post heads that denote one person of a state; "spokesman" or "official" alone do not (a state has many).
_HEADS = words("posts", "unnamed_heads")
_SECRETARY_KINDS = words("posts", "secretary_kinds")
_NOT_BEFORE = FORMER_WORDS | {"his", "her", "their", "its", "deputy", "vice", "ex"}
_MODIFIERS_AND_PRIME = POST_MODIFIERS | {"prime"}
_TITLE_HEADS = _HEADS | {"minister", "secretary"}


def unnamed_post_holders(
    doc: Doc,
    found: DocEntities,
    positions: list[Position],
    sentence_of: Callable[[Doc, Span], Span],
    gaz: Gazetteer | None,
) -> list[Position]:
    """Adds an Official entity (and its mention) for each owned post no name goes with; returns their posts."""
    held = {(p.of, _head_of(p.title)) for p in positions}
    known = _known_posts(found, gaz)
    by_token = {k: placed.mention for k, placed in MentionIndex(doc, found).by_token.items()}
    titled = _titled_heads(doc, by_token, positions)
    with_post = {p.holder for p in positions}
    # people named with no post of their own: "the UK chancellor" after "Gordon Brown" is likely him
    untitled_starts = sorted(
        m.start for m in found.mentions if m.type in ("Person", "Official") and m.key not in with_post
    )
    out: list[Position] = []
    same_post: dict[tuple[str, str], str] = {}
    for i, low in enumerate(lowers(doc)):
        if low not in _HEADS and low != "secretary":
            continue
        tok = doc[i]
        is_head = low in _HEADS or low == "secretary" and tok.i > 0 and doc[tok.i - 1].lower_ in _SECRETARY_KINDS
        if not is_head or tok.tag_ in ("NNS", "NNPS") or tok.i in by_token:
            continue
        start = tok.i
        while start > 0 and (doc[start - 1].lower_ in _MODIFIERS_AND_PRIME) and start - 1 not in by_token:
            start -= 1
        if doc[start].lower_ in _NOT_BEFORE or start == tok.i and low == "minister":
            continue  # "deputy minister" is many people; a bare "minister" says too little
        owner_end = start
        if owner_end > 0 and doc[owner_end - 1].text in ("'s", "’s"):
            owner_end -= 1
        owner = by_token.get(owner_end - 1) if owner_end > 0 else None
        if owner is None or owner.type != "Country":
            continue
        owner_start = owner_end - 1
        while owner_start > 0 and by_token.get(owner_start - 1) is owner:
            owner_start -= 1
        if owner_start > 0 and doc[owner_start - 1].lower_ in _NOT_BEFORE:
            continue  # "his Azerbaijani counterpart", "the former Kenyan president"
        if _named_after(doc, tok.i + 1, by_token):
            continue
        title = doc[start : tok.i + 1].text.lower()
        if untitled_starts and untitled_starts[0] < doc[owner_start].idx:
            continue
        head = _head_of(title)
        if (
            (owner.key, head) in held
            or {(owner.key, _synonym(head)), (None, _synonym(head))} & titled
            or any(o == owner.key and head.split()[-1] in p for o, p in known)
        ):
            continue  # the article names this post's holder: "the Iranian foreign minister" is that person
        label = doc[owner_start : tok.i + 1].text
        # "Russia's president" = "the Russian president"
        key = same_post.setdefault((owner.key, head), f"person/{slug(label)}")
        sent = sentence_of(doc, doc[tok.i : tok.i + 1])
        text = sent.text.rstrip()
        evidence = Evidence(text, sent.start_char, sent.start_char + len(text))
        entity = found.entities.get(key)
        if entity is None:
            found.entities[key] = Entity(key=key, type="Official", label=label, confidence=0.7)
            out.append(Position(holder=key, title=title, of=owner.key, evidence=evidence, confidence=0.7))
        else:
            entity.mentions += 1
            if label != entity.label:
                entity.aliases.add(label)
        first, last = doc[owner_start], doc[tok.i]
        found.add(Mention(first.idx, last.idx + len(last.text), label, key, "Official"))
    return out


def _titled_heads(doc: Doc, by_token: dict[int, Mention], positions: list[Position]) -> set[tuple[str | None, str]]:
    """(owner, post) the article puts before a person's name ("President Bush"): "the US president" is likely
    that one. The owner is the one the person's post names; None (any owner) when none was read."""
    owners: dict[str, set[str | None]] = {}
    for p in positions:
        owners.setdefault(p.holder, set()).add(p.of)
    out = set()
    for k in range(1, len(doc)):
        hit = by_token.get(k)
        if hit is None or hit.type not in ("Person", "Official") or by_token.get(k - 1) is hit:
            continue
        if doc[k - 1].text[:1].isupper() and doc[k - 1].lower_ in _TITLE_HEADS:
            words = [t.lower_ for t in doc[max(0, k - 2) : k]]
            for owner in owners.get(hit.key, {None}):
                out.add((owner, _synonym(_head_of(" ".join(words)))))
                out.add((owner, _synonym(doc[k - 1].lower_)))
    return out


def _synonym(head: str) -> str:
    return "prime minister" if head == "premier" else head


def _known_posts(found: DocEntities, gaz: Gazetteer | None) -> list[tuple[str, str]]:
    """(country key, post in lower case) of the officials the article names whom the knowledge base knows."""
    if gaz is None:
        return []
    out = []
    for key, entity in found.entities.items():
        entry = gaz.by_key.get(key) if entity.type in ("Person", "Official") else None
        if entry is not None and entry.country and entry.position:
            out.append((entry.country, entry.position.lower()))
    return out


def _named_after(doc: Doc, k: int, by_token: dict[int, Mention]) -> bool:
    """A name follows the post ("minister Ana Lima", "minister, Ana Lima,", "ambassador to Niger Sylvain Itte") or the
    post is a name's part."""
    if k >= len(doc):
        return False
    country = by_token.get(k + 1) if doc[k].lower_ in ("to", "in") else None
    if country is not None and country.type == "Country":
        k += 1
        while k < len(doc) and by_token.get(k) is country:
            k += 1  # the country the post is served in; then the name
        if k >= len(doc):
            return False
    if doc[k].text in (",", "(") and k + 1 < len(doc):
        k += 1
        hit = by_token.get(k)
        return hit is not None and hit.type in ("Person", "Official") or doc[k].pos_ == "PROPN"
    hit = by_token.get(k)
    return (
        hit is not None
        and hit.type in ("Person", "Official")
        or doc[k].pos_ == "PROPN"
        and doc[k].text[:1].isupper()
        or doc[k].lower_ in ("of", "'s", "’s")
    )


_COMPLEMENT = re.compile(r" (?:of|to|for|in|at) ")


def _head_of(title: str) -> str:
    """The post without owner words or complement: "foreign minister" for "Rwandan foreign minister of X",
    "ambassador" for "ambassador to Niger", "president"."""
    words = _COMPLEMENT.split(title.lower(), maxsplit=1)[0].split()
    if not words:
        return ""
    return " ".join(words[-2:]) if words[-1] in ("minister", "secretary") and len(words) > 1 else words[-1]
