"""Typed events with roles, places, dates and evidence from a parsed article.

find_events(doc, found, article): triggers (triggers.py) -> arguments over the dependency tree
(event_args.py) -> dates (dates.py) -> one event per happening (coalesce.py). Every event keeps
the sentence it was read from as evidence, with offsets into the article body.
"""

from __future__ import annotations

from ..model import Event, Evidence
from .coalesce import Draft, coalesce, merge
from .dates import find_dates
from .event_args import (ACTORS, ARMED_GROUP_WORDS, BLOC_WORDS, GENERIC_ORGS, collect,
                         governing_verb, habitual, hedged, phrase_mentions, quote_spans, refers_back)
from .mentions import DocEntities, Mention, MentionIndex
from .triggers import TriggerHit, TriggerMatcher
from .vocabulary import words

_TYPE_RANK = {"Official": 0, "Person": 0, "Organization": 1, "Country": 2, "Place": 3}
# Dates after these words mark a reference point or a deadline, not when the event happened.
_NOT_WHEN = words("events", "not_when")
_OTHER_TIME = words("events", "other_time")
_PRONOUNS_PERSON = words("events", "person_pronouns")
_PRONOUNS_GROUP = words("events", "group_pronouns")
_NEXT = words("events", "next_words")
_BROKERING = words("events", "brokering")
_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}


def find_events(doc, found: DocEntities, article, triggers: TriggerMatcher, positions=(),
                place_country=None) -> list[Event]:
    """The events of one article, coalesced, each with evidence into article.body. `positions` are the posts
    the article names (who acts for which country or body); `place_country` tells which country a place is in."""
    index = MentionIndex(doc, found)
    all_hits = triggers(doc)
    quotes = quote_spans(doc.text)
    sents = list(doc.sents)
    state = _Context(index, found, sents)
    drafts: list[Draft] = []
    for si, sent in enumerate(sents):
        state.sentence = si
        hits = _without_governing_verbs([h for h in all_hits if sent.start <= h.start < sent.end])
        if not hits:
            continue
        dates = _sentence_dates(doc, sent, article.published)
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
            _date_from_previous_sentence(here, [d for d in drafts if d.sentence == si - 1],
                                         any(t.lower_ in _NEXT for t in sent))
        for d in here:
            state.remember(d)
        drafts.extend(here)
    _body_of_accession(drafts)
    affiliations: dict[str, set[str]] = {}
    for p in positions:
        if p.of:
            affiliations.setdefault(p.holder, set()).add(p.of)
    kept = coalesce(drafts, affiliations)
    _date_in_context(kept, _days_named(doc, sents, article.published), article)
    events = [d.event for d in kept]
    _set_at_dateline(events, found, article)
    if place_country is not None:  # only where the text itself places the meeting, not the story's setting
        _hosts_at_home(events, found, affiliations, place_country)
    _locate_in_setting(events, found, article)
    return events + _guests_visits(events, found)


class _Context:
    """What pronouns and "both sides" refer to: the people and parties named so far."""

    def __init__(self, index: MentionIndex, found: DocEntities, sents):
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

    def resolve(self, tok) -> list[Mention] | None:
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

    def _last_countries(self, n: int, types=("Country",)) -> list[Mention] | None:
        """The last n distinct countries (or other kinds) named before this sentence: "the three countries"."""
        start = self.sents[self.sentence].start_char
        out: list[Mention] = []
        for m in reversed([m for m in self.mentions if m.end <= start and m.type in types]):
            if all(m.key != o.key for o in out):
                out.append(m)
            if len(out) == n:
                return out
        return None

    def _generic(self, tok) -> list[Mention] | None:
        """"the military": the last organisation of that kind; else the country of the armed forces named."""
        word = tok.lemma_.lower()
        words = {"military", "army", "armed", "forces"} if word in ("military", "army") else {word}
        earlier = [m for m in self.mentions if m.end <= tok.idx]
        if word in BLOC_WORDS:
            text = self.index.doc_text
            # A news agency credited in brackets ("(AFP)") is no bloc.
            bodies = [m for m in earlier if m.type == "Organization" and text[max(0, m.start - 1):m.start] != "("]
            return bodies[-1:] or None
        for m in reversed(earlier):
            if m.type == "Organization" and set(m.text.lower().split()) & words:
                return [m]
        if word in ARMED_GROUP_WORDS:
            text = self.index.doc_text
            for m in reversed(earlier):  # "the M23 rebel group ... the rebels"
                if m.type == "Organization" and word in text[m.start:m.end + 20].lower():
                    return [m]
        return None


def _without_governing_verbs(hits: list[TriggerHit]) -> list[TriggerHit]:
    """"signed a pact", "agreed to a ceasefire", "met ... for talks": the noun names the event, the verb is its frame."""
    by_index = {h.token.i: h for h in hits}
    framed = set()
    for h in hits:
        if h.token.pos_ in ("NOUN", "PROPN") and h.token.dep_ == "nsubj" and h.category == "MilitaryAction" and \
                h.token.head.i in by_index and by_index[h.token.head.i].category == h.category:
            framed.add(h.token.head.i)  # "Clashes ... killed five": the clashes are the event
        head = h.token.head
        if h.token.dep_ in ("acl", "relcl") and head.i in by_index and (
                by_index[head.i].category == h.category or h.token.lemma_.lower() in _BROKERING):
            framed.add(h.token.i)  # "talks mediated by Turkiye", "a swap brokered by X": one event, named by the noun
        if h.token.pos_ in ("NOUN", "PROPN"):
            gov = governing_verb(h.token)
            # A trip is its own event: "travelled to X for talks" reports a visit and a meeting.
            if gov is not None and gov.i in by_index and by_index[gov.i].category not in ("Statement", "Visit"):
                framed.add(gov.i)
    return [h for h in hits if h.token.i not in framed]


def _draft(hit: TriggerHit, sent, si: int, index: MentionIndex, state: _Context, dates, article) -> Draft | None:
    args = collect(hit, index, state.resolve)
    roles: dict[str, list[str]] = {}
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
    speakers = [m for m in mentions if m.key in roles.get("speaker", [])]
    if category == "Statement" and speakers and all(index.is_media(m) for m in speakers):
        return None  # "a Reuters witness said": the agency reports, it makes no statement of its own
    when = _event_date(hit, args, dates)
    if category == "Negotiation" and hit.token.lemma_.lower() in ("talk", "talks", "discussion", "discussions") \
            and mentions and "mediator" not in roles and all(m.type in ("Person", "Official") for m in mentions):
        category = "Meeting"  # leaders' talks with each other are a meeting; parties' talks are negotiations
    ev = Event(
        category=category,
        fine_type=fine,
        evidence=[Evidence(text=sent.text, begin=sent.start_char, end=sent.end_char)],
        roles=roles,
        location=args.location.key if args.location else None,
        trigger=hit.token.text,
        killed=args.killed,
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
    ev.confidence = round(0.55 + 0.15 * bool(roles) + 0.1 * explicit + 0.1 * bool(ev.location)
                          - 0.1 * args.anaphoric, 3)
    return Draft(event=ev, sentence=si, mentions=mentions, anaphoric=args.anaphoric, explicit_date=explicit,
                 vague_time=_relative_in_time(hit.token))


def _sentence_dates(doc, sent, published):
    """Date mentions of a sentence with the token each hangs from."""
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


def _event_date(hit: TriggerHit, args, dates):
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
        if hit.category != "Statement" and chain and _scheduled(chain[-1]):
            continue  # "the summit ends on Tuesday", "will meet on Friday": a schedule, not when it happened
        if hit.token.i in ids or (chain and chain[-1].pos_ in ("VERB", "AUX") and chain[-1].i in args.anchors):
            dist = abs(span.start - hit.token.i)
            if dist < best_dist:
                best, best_dist = d, dist
    return best


# Gatherings and their outcomes happen where the reporter files from; attacks, visits (which
# name their destination), expulsions and remote statements often do not.
_AT_DATELINE = {"Meeting", "Negotiation", "Agreement", "Accession"}


def _set_at_dateline(events: list[Event], found: DocEntities, article) -> None:
    """"BRUSSELS - Leaders agreed ...": an undated or current gathering with no place named is at the dateline."""
    place = _dateline_place(found, article)
    if place is None:
        return
    # A phone call, and what was agreed in it, has no one place.
    calls = {(e.begin, e.end) for ev in events if ev.fine_type == "PhoneCall" for e in ev.evidence}
    # A sentence that places something elsewhere ("met at the summit in Canada") is not at the dateline.
    placed = {(e.begin, e.end) for ev in events if ev.location for e in ev.evidence}
    for ev in events:
        spans = [(e.begin, e.end) for e in ev.evidence]
        if ev.location is None and ev.category in _AT_DATELINE and _current(ev.date, article.published) and \
                not any(s in calls or s in placed for s in spans):
            ev.location = place.key


def _relative_in_time(tok) -> bool:
    """A happening placed only before or after another: "after days of border clashes", "following the attack"."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "pobj" and cur.head.lower_ in _OTHER_TIME:
            return True
        if cur.dep_ not in ("pobj", "prep") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _days_named(doc, sents, published) -> list[tuple[int, str]]:
    """(character offset, ISO day) of every day the article names as when something happened (not a deadline,
    a reference point or a timetable)."""
    if not published:
        return []
    days = []
    for sent in sents:
        for d, span in _sentence_dates(doc, sent, published):
            verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if len(d.value) == 10 and not d.end_value and not (verb is not None and _scheduled(verb)):
                days.append((sent.start_char + d.begin, d.value))
    return days


def _date_in_context(drafts: list[Draft], days: list[tuple[int, str]], article) -> None:
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


def _locate_in_setting(events: list[Event], found: DocEntities, article) -> None:
    """An event the text places nowhere happened where its sentence names a place, else in the article's setting
    (the dateline's place, else the first place the body names): news reports what happened where it is filed
    from or where the story is set. A statement is made where the story is set, not where it talks about."""
    places = [m for m in found.mentions if m.type == "Place"]
    setting = _dateline_place(found, article) or (places[0] if places else None)
    placed = {(e.begin, e.end): ev.location for ev in events if ev.location for e in ev.evidence}
    for ev in events:
        if ev.location is not None or ev.fine_type == "PhoneCall":
            continue  # a phone call has no one place
        mate = next((placed[(e.begin, e.end)] for e in ev.evidence if (e.begin, e.end) in placed), None)
        if mate is not None:  # "met on the sidelines of the G7 summit in Canada": where its sentence's event is
            ev.location = mate
            continue
        if ev.category != "Statement":
            first = ev.evidence[0]
            here = [m for m in places if first.begin <= m.start and m.end <= first.end]
            if here:
                ev.location = here[0].key
                continue
        if setting is not None:
            ev.location = setting.key


def _hosts_at_home(events: list[Event], found: DocEntities, affiliations: dict[str, set[str]], place_country) -> None:
    """Who meets others in their own country hosts them: "Jaishankar met Muttaqi in New Delhi" (India's minister)."""
    for ev in events:
        if ev.category != "Meeting" or "host" in ev.roles or ev.location is None or ev.fine_type == "PhoneCall":
            continue
        loc = found.entities.get(ev.location)
        country = ev.location if loc is not None and loc.type == "Country" else place_country(ev.location)
        if country is None:
            continue
        parties = ev.participants()
        home = [k for k in parties if k == country or country in affiliations.get(k, ())]
        if home and len(home) < len(parties):
            for role in list(ev.roles):
                ev.roles[role] = [k for k in ev.roles[role] if k not in home]
                if not ev.roles[role]:
                    del ev.roles[role]
            ev.roles["host"] = home


def _guests_visits(events: list[Event], found: DocEntities) -> list[Event]:
    """Whom a host receives has come on a visit (CAMEO's host/visit pair): "Ruto hosted Haiti's prime minister
    Henry" also reports Henry's visit, where the meeting took place. Not when the article reports the visit."""
    visitors = {k for ev in events if ev.category == "Visit" for k in ev.participants()}
    out = []
    for ev in events:
        hosts = set(ev.roles.get("host", []))
        if ev.category != "Meeting" or not hosts or ev.fine_type == "PhoneCall":
            continue
        _host_the_visit(events, ev, hosts)
        guests = [k for k in ev.participants() if k not in hosts and k in found.entities
                  and found.entities[k].type in ("Person", "Official")]
        if guests and not set(guests) & visitors:
            out.append(Event("Visit", list(ev.evidence), roles={"participant": guests}, location=ev.location,
                             date=ev.date, trigger=ev.trigger, confidence=round(ev.confidence * 0.9, 3)))
            visitors.update(guests)
    return out


def _host_the_visit(events: list[Event], meeting: Event, hosts: set[str]) -> None:
    """"Barrot visited Algiers and met Tebboune": whom a visitor meets at home in the same sentence hosts the visit."""
    spans = {(e.begin, e.end) for e in meeting.evidence}
    guests = set(meeting.participants()) - hosts
    for ev in events:
        if ev.category == "Visit" and "host" not in ev.roles and set(ev.participants()) & guests and \
                any((e.begin, e.end) in spans for e in ev.evidence):
            ev.roles["host"] = sorted(hosts)


def _dateline_place(found: DocEntities, article) -> Mention | None:
    """The place of a one-place dateline ("KYIV, Feb 6 (AP) -"), as the mention at the start of the body."""
    line = (article.dateline or "").strip()
    if not line or "/" in line or " and " in line.lower():
        return None
    lead = article.body.lstrip()
    offset = len(article.body) - len(lead)
    for m in found.mentions:
        if m.start > offset + len(line) + 2:
            break
        if m.type == "Place" and m.start >= offset and m.text.upper() == line.upper():
            return m
    return None


def _current(when: str | None, published: str | None) -> bool:
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


def _body_of_accession(drafts: list[Draft]) -> None:
    """"Sweden joined the alliance in 2024. Finland joined in 2023.": a joining that names no body joins the one
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


def _date_from_previous_sentence(here: list[Draft], previous: list[Draft], next_step: bool) -> None:
    """"Lula held talks with Tinubu on Wednesday. The two leaders then signed a deal": a sentence with no date
    of its own goes on with the same parties' day."""
    dated = [p for p in previous
             if p.explicit_date and p.event.category != "Statement" and len(p.event.date or "") == 10]
    for d in here:
        if d.explicit_date or d.event.category == "Statement":
            continue
        source = next((p for p in dated if next_step or set(p.event.participants()) & set(d.event.participants())),
                      None)
        if source is not None:
            d.event.date = source.event.date


def _meet_where_visiting(drafts: list[Draft]) -> None:
    """"travelled to Beijing for talks with Xi": the visitor's talks are held where the trip goes."""
    for visit in (d for d in drafts if d.event.category == "Visit" and d.event.location):
        for d in drafts:
            if d.event.category in ("Meeting", "Negotiation") and d.event.location is None and \
                    set(visit.event.participants()) & set(d.event.participants()):
                d.event.location = visit.event.location


def _broker_to_frame(drafts: list[Draft]) -> None:
    """"freed three hostages under a deal brokered by X": a deal or talks naming only a broker frame the
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
    """"the bloc's summit in the capital, hosted by X": the host belongs to the gathering the sentence names."""
    hosts = [d for d in drafts if d.event.category == "Meeting" and d.event.trigger.lower().startswith("host")
             and set(d.event.roles) == {"host"}]
    named = [d for d in drafts if d.event.category == "Meeting" and d.event.fine_type == "Summit"]
    if len(hosts) == 1 and len(named) == 1:
        h, n = hosts[0], named[0]
        n.event.roles.setdefault("host", []).extend(k for k in h.event.roles["host"] if k not in n.event.participants())
        n.mentions.extend(m for m in h.mentions if m not in n.mentions)
        n.event.location = n.event.location or h.event.location
        drafts.remove(h)


_TIMETABLE = words("events", "timetable")


def _scheduled(verb) -> bool:
    """A present-tense or modal verb: what is planned, not what happened."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = [k for k in verb.children if k.dep_ in ("aux", "auxpass")]
    if any(k.lower_ in ("will", "'ll", "shall") for k in aux):
        return True
    # Only verbs of a timetable: "today marks the completion" is news of the day, and the tagger
    # sometimes calls a past form present ("retook/VBP").
    return verb.tag_ in ("VBZ", "VBP") and not aux and verb.lemma_.lower() in _TIMETABLE


def _share_parties(drafts: list[Draft]) -> None:
    """"agreed to a ceasefire after days of border clashes": the clashes were between the same parties."""
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


def _quote(sent) -> str | None:
    spans = quote_spans(sent.text)
    if spans:
        b, e = max(spans, key=lambda s: s[1] - s[0])
        text = sent.text[b + 1:e - 1].strip()
        return text or None
    return None


def _in_quote(char: int, spans: list[tuple[int, int]]) -> bool:
    return any(b < char < e for b, e in spans)
