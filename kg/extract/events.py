"""Typed events with roles, places, dates and evidence from a parsed article.

find_events(doc, found, article): triggers (triggers.py) -> arguments over the dependency tree
(event_args.py, pronouns by event_context.py) -> dates (event_dates.py) -> one event per happening
(coalesce.py) -> places and hosts the clause did not give (event_places.py). Every event keeps the
sentence it was read from as evidence, with offsets into the article body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span

from ..model import Article, Event, Evidence, Position
from ..vocab import Role
from .clause_frame import governing_verb, habitual, hedged, quote_spans
from .coalesce import Draft, coalesce, merge
from .dates import DateMention
from .event_args import collect
from .event_context import EventContext
from .event_dates import (
    date_from_previous_sentence,
    date_in_context,
    days_named,
    event_date,
    relative_in_time,
    sentence_dates,
)
from .event_places import (
    guests_visits,
    hosts_at_home,
    locate_in_setting,
    set_at_dateline,
)
from .mentions import DocEntities, Mention, MentionIndex
from .noun_phrases import ACTORS
from .triggers import TriggerHit, TriggerMatcher
from .vocabulary import words

_TYPE_RANK = {"Official": 0, "Person": 0, "Organization": 1, "Country": 2, "Place": 3}
_NEXT = words("events", "next_words")
_BROKERING = words("events", "brokering")


def find_events(
    doc: Doc,
    found: DocEntities,
    article: Article,
    triggers: TriggerMatcher,
    positions: Iterable[Position] = (),
    place_country: Callable[[str], str | None] | None = None,
) -> list[Event]:
    """The events of one article, coalesced, each with evidence into article.body. `positions` are the posts
    the article names (who acts for which country or body); `place_country` tells which country a place is in."""
    index = MentionIndex(doc, found)
    all_hits = triggers(doc)
    quotes = quote_spans(index.doc_text)
    sents = list(doc.sents)
    state = EventContext(index, found, sents)
    drafts: list[Draft] = []
    for si, sent in enumerate(sents):
        state.sentence = si
        hits = _without_governing_verbs([h for h in all_hits if sent.start <= h.start < sent.end])
        if not hits:
            continue
        dates = sentence_dates(doc, sent, article.published)
        here: list[Draft] = []
        for hit in hits:
            if _in_quote(hit.token.idx, quotes) or hedged(hit.token):
                continue
            if hit.category == "MilitaryAction" and habitual(hit.token):
                continue
            draft = _draft(hit, sent, si, index, state, dates, article)
            if draft is not None:
                here.append(draft)
        _host_to_gathering(here)
        _broker_to_frame(here)
        _meet_where_visiting(here)
        _share_parties(here)
        if not dates:
            date_from_previous_sentence(
                here, [d for d in drafts if d.sentence == si - 1], any(t.lower_ in _NEXT for t in sent)
            )
        for d in here:
            state.remember(d)
        drafts.extend(here)
    _body_of_accession(drafts)
    affiliations: dict[str, set[str]] = {}
    for p in positions:
        if p.of:
            affiliations.setdefault(p.holder, set()).add(p.of)
    kept = coalesce(drafts, affiliations)
    date_in_context(kept, days_named(doc, sents, article.published), article)
    events = [d.event for d in kept]
    set_at_dateline(events, found, article)
    if place_country is not None:  # only where the text itself places the meeting, not the story's setting
        hosts_at_home(events, found, affiliations, place_country)
    locate_in_setting(events, found, article, doc, place_country)
    return events + guests_visits(events, found)


def _without_governing_verbs(hits: list[TriggerHit]) -> list[TriggerHit]:
    """ "signed a pact", "agreed to a ceasefire", "met ... for talks": the noun names the event, the verb is its
    frame."""
    by_index = {h.token.i: h for h in hits}
    framed = set()
    for h in hits:
        if (
            h.token.pos_ in ("NOUN", "PROPN")
            and h.token.dep_ == "nsubj"
            and h.category == "MilitaryAction"
            and h.token.head.i in by_index
            and by_index[h.token.head.i].category == h.category
        ):
            framed.add(h.token.head.i)  # "Clashes ... killed five": the clashes are the event
        head = h.token.head
        if (
            h.token.dep_ in ("acl", "relcl")
            and head.i in by_index
            and (by_index[head.i].category == h.category or h.token.lemma_.lower() in _BROKERING)
        ):
            framed.add(h.token.i)  # "talks mediated by Turkiye", "a swap brokered by X": one event, named by the noun
        if h.token.pos_ in ("NOUN", "PROPN"):
            gov = governing_verb(h.token)
            # A trip is its own event: "travelled to X for talks" reports a visit and a meeting.
            if gov is not None and gov.i in by_index and by_index[gov.i].category not in ("Statement", "Visit"):
                framed.add(gov.i)
    return [h for h in hits if h.token.i not in framed]


def _draft(
    hit: TriggerHit,
    sent: Span,
    si: int,
    index: MentionIndex,
    state: EventContext,
    dates: list[tuple[DateMention, Span]],
    article: Article,
) -> Draft | None:
    args = collect(hit, index, state.resolve)
    roles: dict[Role, list[str]] = {}
    mentions: list[Mention] = []
    for role, ms in args.roles.items():
        ms = [m for m in ms if m.type in ACTORS]
        if role == "speaker" and ms:
            # "X, Y's foreign minister, said": the person speaks; "Brazil and Nigeria said": both do.
            best = min(_TYPE_RANK.get(m.type, 9) for m in ms)
            ms = [m for m in ms if _TYPE_RANK.get(m.type, 9) == best]
        for m in ms:
            if all(m.key not in keys for keys in roles.values()):
                roles.setdefault(role, []).append(m.key)
                mentions.append(m)
    category, fine = hit.category, hit.fine_type
    if category == "MediationOffer" and "speaker" not in roles and "mediator" in roles:
        roles["speaker"] = roles.pop("mediator")  # who offers to mediate is the offer's speaker
    if category in ("Statement", "MediationOffer") and "speaker" not in roles:
        return None  # words nobody we can name said
    if hit.generated and len({k for role, keys in roles.items() if role != "mediator" for k in keys}) < 2:
        return None  # PETRARCH codes a dictionary pattern only between a source and a target actor
    speakers = [m for m in mentions if m.key in roles.get("speaker", [])]
    if category == "Statement" and speakers and all(index.is_media(m) for m in speakers):
        return None  # "a Reuters witness said": the agency reports, it makes no statement of its own
    when = event_date(hit, args, dates)
    if (
        category == "Negotiation"
        and hit.token.lemma_.lower() in ("talk", "talks", "discussion", "discussions")
        and mentions
        and "mediator" not in roles
        and all(m.type in ("Person", "Official") for m in mentions)
    ):
        category = "Meeting"  # leaders' talks with each other are a meeting; parties' talks are negotiations
    ev = Event(
        category=category,
        fine_type=fine,
        evidence=[Evidence(text=sent.text, begin=sent.start_char, end=sent.end_char)],
        roles=roles,
        location=args.location.key if args.location else None,
        trigger=hit.token.text,
        killed=args.killed,
        cameo=hit.cameo if hit.category == category else None,
    )
    explicit = when is not None
    if when is not None:
        ev.date = when.value
        if when.end_value:
            ev.start_date, ev.end_date = when.value, when.end_value
    elif article.published:
        # Reported without a date: a statement is news of the day; other happenings, of the month.
        ev.date = article.published[:10] if hit.category == "Statement" else article.published[:7]
    if hit.category == "Statement":
        ev.quote = _quote(sent)
    ev.confidence = round(
        0.55 + 0.15 * bool(roles) + 0.1 * explicit + 0.1 * bool(ev.location) - 0.1 * args.anaphoric, 3
    )
    return Draft(
        event=ev,
        sentence=si,
        mentions=mentions,
        anaphoric=args.anaphoric,
        explicit_date=explicit,
        vague_time=relative_in_time(hit.token),
    )


def _body_of_accession(drafts: list[Draft]) -> None:
    """ "Sweden joined the alliance in 2024. Finland joined in 2023.": a joining that names no body joins the one
    the article's last accession named."""
    body: Mention | None = None
    last = -9
    for d in drafts:
        if d.event.category != "Accession":
            continue
        bodies = [m for m in d.mentions if m.type == "Organization"]
        if bodies:
            body, last = bodies[-1], d.sentence
        elif body is not None and d.sentence - last <= 1 and body.key not in d.event.participants():
            d.event.roles.setdefault("participant", []).append(body.key)
            d.mentions.append(body)


def _meet_where_visiting(drafts: list[Draft]) -> None:
    """ "travelled to Beijing for talks with Xi": the visitor's talks are held where the trip goes."""
    for visit in (d for d in drafts if d.event.category == "Visit" and d.event.location):
        for d in drafts:
            if (
                d.event.category in ("Meeting", "Negotiation")
                and d.event.location is None
                and set(visit.event.participants()) & set(d.event.participants())
            ):
                d.event.location = visit.event.location


def _broker_to_frame(drafts: list[Draft]) -> None:
    """ "freed three hostages under a deal brokered by X": a deal or talks naming only a broker frame the
    happening their sentence reports; X brokered that, not some other agreement of the article."""
    framed = [d for d in drafts if d.event.category not in ("Statement", "MediationOffer") and len(d.parties()) >= 2]
    for d in list(drafts):
        if d.parties() or d.anaphoric or not d.event.roles.get("mediator") or not framed:
            continue
        target = next((f for f in framed if f is not d), None)
        if target is not None:
            merge(target, d)
            drafts.remove(d)


def _host_to_gathering(drafts: list[Draft]) -> None:
    """ "the bloc's summit in the capital, hosted by X": the host belongs to the gathering the sentence names."""
    hosts = [
        d
        for d in drafts
        if d.event.category == "Meeting"
        and (d.event.trigger or "").lower().startswith("host")
        and set(d.event.roles) == {"host"}
    ]
    named = [d for d in drafts if d.event.category == "Meeting" and d.event.fine_type == "Summit"]
    if len(hosts) == 1 and len(named) == 1:
        h, n = hosts[0], named[0]
        n.event.roles.setdefault("host", []).extend(k for k in h.event.roles["host"] if k not in n.event.participants())
        n.mentions.extend(m for m in h.mentions if m not in n.mentions)
        n.event.location = n.event.location or h.event.location
        drafts.remove(h)


def _share_parties(drafts: list[Draft]) -> None:
    """ "agreed to a ceasefire after days of border clashes": the clashes were between the same parties."""
    donors = [d for d in drafts if len(d.parties()) >= 2 and d.event.category != "Statement"]
    for d in drafts:
        if d.event.participants() or not donors or d.event.category not in ("MilitaryAction", "Meeting"):
            continue
        if d.event.fine_type == "Summit":
            continue  # "on the sidelines of the summit, A and B signed": a gathering of many, not of these two
        donor = donors[0]
        parties = [m for m in donor.mentions if m.key in donor.parties()]
        d.event.roles["participant"] = [m.key for m in parties]
        d.mentions = list(parties)


def _quote(sent: Span) -> str | None:
    spans = quote_spans(sent.text)
    if spans:
        b, e = max(spans, key=lambda s: s[1] - s[0])
        text = sent.text[b + 1 : e - 1].strip()
        return text or None
    return None


def _in_quote(char: int, spans: list[tuple[int, int]]) -> bool:
    return any(b < char < e for b, e in spans)
