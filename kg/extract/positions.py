"""Officials' posts: who holds which post of which country or organisation, read around each person mention.

The shapes (post_shapes.py; apposition and appointment in post_clauses.py) that cover most news English:
  pre-modifier   "Kenya's former army chief Gen. (retd) Jane Doe", "US President John Roe",
                 "Chief of Kenyan Defence Forces General Jane Doe", "the President of Kenya, Dr. John Roe"
  apposition     "John Roe, AU Commission Chairperson,", "Jane Doe, a spokesperson for the Kenyan military",
                 "John Roe, who leads the militia"
  appointment    "Jane Doe was appointed as the IGAD executive secretary", "elected to the presidency of the UN ..."
  predicate, list  "X is the bloc's chair", "Foreign Ministers A and B"
Ranks ("Field Marshal", "Maj. Gen.") are kept apart in Position.rank. A post needs an `of`: from the words,
else (post_owners.py) from the knowledge base's officials table, the sentence, or the story's setting; posts
described but not named ("the Brazilian President") are resolved by post_holders.py and post_references.py.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Entity, Evidence, Position
from .gazetteer import Gazetteer
from .mentions import DocEntities, Mention, MentionIndex
from .names import FORMER_WORDS, POST_HEAD_WORDS
from .post_clauses import appointment, apposition
from .post_holders import unnamed_post_holders
from .post_owners import infer_owner, owner_after_name
from .post_shapes import PostReading, listed_under_a_title, pre_modifier, predicate_post
from .vocabulary import table, words

_PERSON = ("Person", "Official")
# A post as the article gives it: (holder, title, of, former).
_PostKey = tuple[str, str, str | None, bool]
_TITLE_FIX = table("posts", "title_fix")
_RELATIONAL = words("posts", "relational_titles")


def find_positions(doc: Doc, found: DocEntities, gaz: Gazetteer | None) -> list[Position]:
    """Posts held by the people of the article (the holder entities become Officials)."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return []  # a model without a parser or sentencizer: no sentences to read posts from
    idx = MentionIndex(doc, found)
    out: dict[_PostKey, Position] = {}
    seen_spans = set()
    for m in found.mentions:
        if m.type not in _PERSON:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or (span.start, span.end) in seen_spans:
            continue
        seen_spans.add((span.start, span.end))
        for pos in _read_around(doc, idx, span, m, gaz, found):
            k = (pos.holder, pos.title, pos.of, pos.former)
            if k not in out or out[k].confidence < pos.confidence:
                out[k] = pos
    for k in list(out):
        if out[k].of not in found.entities and not _add_known(found, gaz, out[k].of):
            del out[k]
    _counterparts(out, found)
    named = list(out.values())
    for pos in unnamed_post_holders(doc, found, named, sentence_of, gaz):
        out[(pos.holder, pos.title, pos.of, pos.former)] = pos
    for pos in out.values():
        ent = found.entities.get(pos.holder)
        if ent is not None and ent.type == "Person":
            ent.type = "Official"
    for m in list(found.mentions):
        if m.key in {p.holder for p in out.values()} and m.type == "Person":
            found.mentions[found.mentions.index(m)] = Mention(m.start, m.end, m.text, m.key, "Official")
    return list(out.values())


def _counterparts(out: dict[_PostKey, Position], found: DocEntities) -> None:
    """ "Defence Minister Shoigu with his Turkish counterpart Hulusi Akar": a counterpart holds the post of the
    official named before it in the sentence, of its own country. With no such official ("Lula and his
    counterpart, Gustavo Petro") the post is unknown and nothing is said."""
    first_at: dict[str, int] = {}
    for m in found.mentions:
        first_at.setdefault(m.key, m.start)
    for k, pos in list(out.items()):
        if pos.title not in _RELATIONAL:
            continue
        del out[k]
        here = first_at.get(pos.holder, 0)
        before = [
            p
            for p in out.values()
            if p.evidence.begin == pos.evidence.begin
            and p.title not in _RELATIONAL
            and p.holder != pos.holder
            and first_at.get(p.holder, here) < here
            and p.of != pos.of
        ]
        if before:
            ref = max(before, key=lambda p: first_at.get(p.holder, 0))
            same = Position(pos.holder, ref.title, pos.of, pos.evidence, pos.former, pos.rank, pos.confidence * 0.9)
            out[(same.holder, same.title, same.of, same.former)] = same


def _add_known(found: DocEntities, gaz: Gazetteer | None, key: str | None) -> bool:
    """Adds the KB's entity for `key` (a post's country the text implies but never names); False if unknown."""
    entry = gaz.by_key.get(key) if gaz is not None and key is not None else None
    if entry is None or key is None:
        return False
    etype = "Person" if entry.type == "Official" else entry.type
    found.entities[key] = Entity(
        key=key, type=etype, label=entry.label, subtype=entry.subtype, confidence=0.8, mentions=0
    )
    return True


def sentence_of(doc: Doc, span: Span) -> Span:
    """The sentence around a span, mending the parser's false breaks (after "(retd)" or an abbreviation)."""
    sent = span.sent
    start, end = sent.start, sent.end
    while start > 0 and not _ends_sentence(doc[start - 1]):
        start = doc[start - 1].sent.start
    while end < len(doc) and not _ends_sentence(doc[end - 1]):
        end = doc[end].sent.end
    return doc[start:end]


def _ends_sentence(tok: Token) -> bool:
    text = tok.text
    return (
        tok.is_space
        or "\n" in tok.whitespace_
        or text in (".", "!", "?", "”", '"', "’", "…")
        or text.endswith((".", "!", "?"))
        and len(text) > 4
    )


def _read_around(
    doc: Doc, idx: MentionIndex, span: Span, m: Mention, gaz: Gazetteer | None, found: DocEntities
) -> list[Position]:
    sent = sentence_of(doc, span)
    out: list[PostReading] = []
    pre = pre_modifier(doc, idx, span, sent)
    if pre:
        out.append(pre)
    post = apposition(doc, idx, span, sent)
    if post:
        out.append(post)
    app = appointment(doc, idx, span, sent)
    if app:
        out.append(app)
    for reader in (listed_under_a_title, predicate_post):
        found_post = reader(doc, idx, span, sent)
        if found_post:
            out.append(found_post)
    results = []
    for title_span, of_key, former, rank, conf in _each_post(doc, out):
        title = title_span if isinstance(title_span, str) else _title_text(doc, title_span)
        if (
            not title
            or not any(w in POST_HEAD_WORDS for w in title.replace("-", " ").split())
            and title not in {"secretary-general", "commander-in-chief", "director-general"}
        ):
            continue
        if of_key is None:
            of_key = owner_after_name(doc, idx, span, sent)  # "President Amina Osei of Kenya"
        if of_key is None:
            of_key, conf = infer_owner(doc, idx, span, sent, m, title, gaz, found, conf)
        if of_key is None:
            continue
        results.append(
            Position(
                holder=m.key,
                title=title,
                of=of_key,
                evidence=_evidence(doc, sent),
                former=former,
                rank=rank,
                confidence=conf,
            )
        )
    return results


def _each_post(doc: Doc, found: list[PostReading]) -> list[PostReading]:
    """ "prime minister and foreign minister": one post per coordinated title, with the same owner."""
    out: list[PostReading] = []
    for reading in found:
        title_span, rest = reading[0], reading[1:]
        if isinstance(title_span, str) or not any(t.lower_ == "and" for t in title_span):
            out.append(reading)
            continue
        part_start = title_span.start
        for t in title_span:
            if t.lower_ == "and":
                out.append((doc[part_start : t.i], *rest))
                part_start = t.i + 1
        out.append((doc[part_start : title_span.end], *rest))
    return out


def _title_text(doc: Doc, span: Span) -> str:
    words = [t.text for t in span if t.lower_.rstrip(".") not in FORMER_WORDS]
    text = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-").replace(" 's", "'s").lower()
    text = text.replace("’", "'")
    for old, new in _TITLE_FIX.items():
        text = text.replace(old, new)
    return text.strip(" ,-")  # "ex-president" without "ex" is "president"


def _evidence(doc: Doc, sent: Span) -> Evidence:
    text = sent.text
    begin = sent.start_char
    stripped = text.rstrip()
    return Evidence(stripped, begin, begin + len(stripped))
