"""When an event happened: the date mention of its clause, the day its paragraph last named, or the day before
the next sentence's; and what is only a schedule or a reference point."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..model import Article
from .coalesce import Draft
from .dates import DateMention, find_dates
from .event_phrases import Args
from .triggers import TriggerHit
from .vocabulary import words

# Dates after these words mark a reference point or a deadline, not when the event happened.
_NOT_WHEN = words("events", "not_when")


_OTHER_TIME = words("events", "other_time")


def sentence_dates(doc: Doc, sent: Span, published: str | None) -> list[tuple[DateMention, Span]]:
    """Date mentions of a sentence with the tokens each covers."""
    out = []
    for d in find_dates(sent.text, published):
        begin = sent.start_char + d.begin
        span = doc.char_span(begin, sent.start_char + d.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if before in _NOT_WHEN or span[0].lower_ in _NOT_WHEN:
            continue
        out.append((d, span))
    return out


def event_date(hit: TriggerHit, args: Args, dates: list[tuple[DateMention, Span]]) -> DateMention | None:
    """The date mention that belongs to this trigger's clause, if any."""
    best, best_dist = None, 99
    for d, span in dates:
        chain = []
        cur = span.root
        for _ in range(6):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            chain.append(cur)
            if cur.pos_ in ("VERB", "AUX"):
                break
        ids = [t.i for t in chain]
        if hit.category != "Statement" and chain and scheduled(chain[-1]):
            continue  # "the summit ends on Tuesday", "will meet on Friday": a schedule, not when it happened
        if hit.token.i in ids or (chain and chain[-1].pos_ in ("VERB", "AUX") and chain[-1].i in args.anchors):
            dist = abs(span.start - hit.token.i)
            if dist < best_dist:
                best, best_dist = d, dist
    return best


def relative_in_time(tok: Token) -> bool:
    """A happening placed only before or after another: "after days of border clashes", "following the attack"."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "pobj" and cur.head.lower_ in _OTHER_TIME:
            return True
        if cur.dep_ not in ("pobj", "prep") or cur.head is cur:
            return False
        cur = cur.head
    return False


def days_named(doc: Doc, sents: Sequence[Span], published: str | None) -> list[tuple[int, str]]:
    """(character offset, ISO day) of every day the article names as when something happened (not a deadline,
    a reference point or a timetable)."""
    if not published:
        return []
    days = []
    for sent in sents:
        for d, span in sentence_dates(doc, sent, published):
            verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if len(d.value) == 10 and not d.end_value and not (verb is not None and scheduled(verb)):
                days.append((sent.start_char + d.begin, d.value))
    return days


def date_in_context(drafts: list[Draft], days: list[tuple[int, str]], article: Article) -> None:
    """An event reported without a date of its own happened on the day its paragraph last named before it (a report
    moves through its story in order), else on the first day the article names, else on the day of publication.
    One placed only relative to another ("after days of clashes") keeps the month."""
    if not article.published:
        return
    body = article.body
    for d in drafts:
        if d.explicit_date or d.vague_time:
            continue
        at = d.event.evidence[0].begin
        paragraph = body.rfind("\n", 0, at)
        before = [value for begin, value in days if paragraph <= begin <= at]
        value = before[-1] if before else days[0][1] if days else article.published[:10]
        d.event.date = value
        d.event.start_date = d.event.end_date = None


def is_current(when: str | None, published: str | None) -> bool:
    """Undated (reported as news of the day) or within a week before publication."""
    if not when or not published:
        return True
    if len(when) < 10:
        return len(when) == 7 and published.startswith(when)
    from datetime import date

    try:
        gap = (date.fromisoformat(published[:10]) - date.fromisoformat(when[:10])).days
    except ValueError:
        return False
    return 0 <= gap <= 7


def date_from_previous_sentence(here: list[Draft], previous: list[Draft], next_step: bool) -> None:
    """ "Lula held talks with Tinubu on Wednesday. The two leaders then signed a deal": a sentence with no date
    of its own goes on with the same parties' day."""
    dated = [
        p for p in previous if p.explicit_date and p.event.category != "Statement" and len(p.event.date or "") == 10
    ]
    for d in here:
        if d.explicit_date or d.event.category == "Statement":
            continue
        source = next(
            (p for p in dated if next_step or set(p.event.participants()) & set(d.event.participants())), None
        )
        if source is not None:
            d.event.date = source.event.date


_TIMETABLE = words("events", "timetable")


def scheduled(verb: Token) -> bool:
    """A present-tense or modal verb: what is planned, not what happened."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = [k for k in verb.children if k.dep_ in ("aux", "auxpass")]
    if any(k.lower_ in ("will", "'ll", "shall") for k in aux):
        return True
    # Only verbs of a timetable: "today marks the completion" is news of the day, and the tagger
    # sometimes calls a past form present ("retook/VBP").
    return verb.tag_ in ("VBZ", "VBP") and not aux and verb.lemma_.lower() in _TIMETABLE
