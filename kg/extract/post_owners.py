"""Whose a post is when its words do not say ("President Jane Doe" with no country): the owner named right
after the person, the knowledge base's officials table, the article's one armed force, the subject of the
sentence, the country named just before, or the country of the place the story is set in."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .gazetteer import Gazetteer
from .mentions import MEDIA_SUBTYPES, DocEntities, Mention, MentionIndex
from .names import POST_HEAD_WORDS, POST_MODIFIERS
from .vocabulary import words

_HOLDERS_OF = ("Country", "Organization")
_STATE_POSTS = words("posts", "state_posts")
_BODY_POSTS = words("posts", "body_posts")


def infer_owner(
    doc: Doc,
    idx: MentionIndex,
    span: Span,
    sent: Span,
    m: Mention,
    title: str,
    gaz: Gazetteer | None,
    found: DocEntities,
    conf: float,
) -> tuple[str | None, float]:
    """No owner in the words: the KB's officials table, the article's one armed force, or the country named just
    before."""
    entry = gaz.by_key.get(m.key) if gaz is not None else None
    head = title.replace("-", " ").split()[-1]
    if entry is not None and entry.country and head in (entry.position or "").lower():
        return entry.country, conf  # the KB's officials table: "President of Kenya" for "president"
    words = set(title.replace("-", " ").split())
    if words & {"armed", "army", "military", "forces"} or "commander" in words:
        forces = [k for k, e in found.entities.items() if e.subtype == "ArmedForces"]
        if len(forces) > 1:  # a state's own forces ("Kenyan Armed Forces"), not a paramilitary's
            forces = [k for k in forces if found.entities[k].label.endswith("Armed Forces")]
        if len(forces) == 1:
            return forces[0], conf * 0.9
    if "government" in words and not words & {"opposition", "rebel", "party"}:
        return _government_country(doc, idx, found, span), conf * 0.8
    if not words & _STATE_POSTS or words & {"opposition", "rebel", "party"} or title in _BODY_POSTS:
        return None, conf  # an opposition leader is not the country's leader
    subject = _subject_country(doc, idx, span)
    if subject:  # "Kenya, which hosts U.S. aircraft, sent Vice President X": the sender's
        return subject, conf * 0.85
    for k in range(span.start - 1, sent.start - 1, -1):
        hit = idx.at(k)
        if hit and hit[0].type == "Country" and not owns_a_post(doc, hit[2]):
            return hit[0].key, conf * 0.85
    home = _home_country(doc, idx, sent, gaz, found)
    return (home, conf * 0.75) if home else (None, conf)


def _home_country(doc: Doc, idx: MentionIndex, sent: Span, gaz: Gazetteer | None, found: DocEntities) -> str | None:
    """Whose state post a title names when the words do not say: the country of a place the sentence names
    ("met at Melbourne Airport by Foreign Minister Penny Wong"), else of the place the story is set in (the
    first place it names), when the article names that country too."""
    if gaz is None:
        return None
    # "the Kenyan president met Prime Minister X": a country that owns another post in the sentence is not X's
    # "Kamikawa and Defense Minister Kihara are in the Philippines": where the sentence puts people is where they
    # are, which for a post-holder of no stated country is as often abroad as at home
    taken = {
        p.mention.key
        for p in idx.within(sent.start, sent.end, ("Country",))
        if owns_a_post(doc, p.end) or _where_people_are(doc[p.start : p.end])
    }
    places = [p.mention for p in idx.within(sent.start, sent.end, ("Place",))]
    places += [p.mention for p in idx.items if p.mention.type == "Place"][:1]
    for place in places:
        entry = gaz.by_key.get(place.key)
        if entry is not None and entry.country and entry.country in found.entities:
            return entry.country if entry.country not in taken else None
    return None


def _where_people_are(span: Span) -> bool:
    return span.root.dep_ == "pobj" and span.root.head.lower_ in ("in", "to")


def _government_country(doc: Doc, idx: MentionIndex, found: DocEntities, span: Span) -> str | None:
    """Whose "Government spokeswoman X" is: the country whose government the text named before, else the
    article's most mentioned country (when it is clearly the most mentioned)."""
    for k in range(span.start - 1, 0, -1):
        if doc[k].lower_ != "government":
            continue
        j = k - 1
        if doc[j].text in ("'s", "’s"):
            j -= 1
        hit = idx.at(j)
        if hit and hit[0].type == "Country":
            return hit[0].key  # "Colombia's government", "the Iranian government"
    counts: dict[str, int] = {}
    for m in found.mentions:
        if m.type == "Country":
            counts[m.key] = counts.get(m.key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def last_body_before(idx: MentionIndex, k: int) -> str | None:
    """The organisation named last before token k, news agencies aside: what "the bloc" stands for."""
    for t in range(k - 1, -1, -1):
        hit = idx.at(t)
        if hit and hit[0].type == "Organization" and idx.subtype.get(hit[0].key) not in MEDIA_SUBTYPES:
            return hit[0].key
    return None


def owner_after_name(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> str | None:
    """The owner named right after the person: "President Amina Osei of Kenya has said"."""
    k = span.end
    if k + 1 >= sent.end or doc[k].lower_ != "of":
        return None
    k += 1
    if doc[k].lower_ == "the" and k + 1 < sent.end:
        k += 1
    hit = idx.at(k)
    return hit[0].key if hit and hit[0].type in _HOLDERS_OF and hit[1] == k else None


def owns_a_post(doc: Doc, end: int) -> bool:
    """ "the Pakistani president met Prime Minister X": that country is the president's, not X's."""
    k = end + 1 if end < len(doc) and doc[end].text in ("'s", "’s") else end
    while k < len(doc) and doc[k].lower_ in POST_MODIFIERS:
        k += 1
    return k < len(doc) and doc[k].lower_ in POST_HEAD_WORDS


def _subject_country(doc: Doc, idx: MentionIndex, span: Span) -> str | None:
    """The country that is the subject of the verb governing the person ("Kenya ... sent Vice President X")."""
    tok, steps = span.root, 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok and steps < 4:
        tok, steps = tok.head, steps + 1
    if tok.pos_ not in ("VERB", "AUX") or span.root.dep_ in ("nsubj", "nsubjpass"):
        return None
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            hit = idx.at(child.i)
            if hit and hit[0].type == "Country":
                return hit[0].key
    return None
