"""Where an event happened and who hosted it, when its own clause does not say: the dateline's place, the place
its sentence names, the setting of the story; and the visits a hosted meeting implies."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from ..model import Article, Event
from .event_dates import is_current
from .mentions import DocEntities, Mention

# Gatherings and their outcomes happen where the reporter files from; attacks, visits (which
# name their destination), expulsions and remote statements often do not.
_AT_DATELINE = {"Meeting", "Negotiation", "Agreement", "Accession"}


def set_at_dateline(events: list[Event], found: DocEntities, article: Article) -> None:
    """ "BRUSSELS - Leaders agreed ...": an undated or current gathering with no place named is at the dateline."""
    place = dateline_place(found, article)
    if place is None:
        return
    # A phone call, and what was agreed in it, has no one place.
    calls = {(e.begin, e.end) for ev in events if ev.fine_type == "PhoneCall" for e in ev.evidence}
    # A sentence that places something elsewhere ("met at the summit in Canada") is not at the dateline.
    placed = {(e.begin, e.end) for ev in events if ev.location for e in ev.evidence}
    for ev in events:
        spans = [(e.begin, e.end) for e in ev.evidence]
        if (
            ev.location is None
            and ev.category in _AT_DATELINE
            and is_current(ev.date, article.published)
            and not any(s in calls or s in placed for s in spans)
        ):
            ev.location = place.key


def locate_in_setting(
    events: list[Event],
    found: DocEntities,
    article: Article,
    doc: Doc | None = None,
    place_country: Callable[[str], str | None] | None = None,
) -> None:
    """An event the text places nowhere happened where its sentence names a place, else in the article's setting
    (the dateline's place, else the first place the body names): news reports what happened where it is filed
    from or where the story is set. A statement is made where the story is set, not where it talks about. A place
    named as an actor ("Kyiv and Moscow agreed", "actions by Tallinn") stands for its government: no setting."""
    places = [m for m in found.mentions if m.type == "Place" and not (doc is not None and acts(doc, m))]
    # The story is set in the first place of a known country: a continent or a region the knowledge base cannot
    # place ("Asia", "the West Bank") is named as a backdrop more often than as where the reporter is.
    located = [m for m in places if place_country is not None and place_country(m.key)]
    opening = located[0] if located else places[0] if places else None
    setting = dateline_place(found, article) or opening
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


# Verbs whose subject place is also where it happens: "Doha hosted the talks".
_HOSTING = {"host", "welcome", "receive"}


def acts(doc: Doc, mention: Mention) -> bool:
    """Whether a place's name is used for its government: the subject of a verb ("Kyiv and Moscow agreed"), a
    possessor ("Tallinn's actions") or the agent after "by" ("actions by Tallinn")."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return str(tok.head.lemma_).lower() not in _HOSTING
    if tok.dep_ == "poss":
        return True
    return bool(tok.dep_ == "pobj" and tok.head.lower_ == "by")


def hosts_at_home(
    events: list[Event],
    found: DocEntities,
    affiliations: dict[str, set[str]],
    place_country: Callable[[str], str | None],
) -> None:
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


def guests_visits(events: list[Event], found: DocEntities) -> list[Event]:
    """Whom a host receives has come on a visit (CAMEO's host/visit pair): "Ruto hosted Haiti's prime minister
    Henry" also reports Henry's visit, where the meeting took place. Not when the article reports the visit."""
    visitors = {k for ev in events if ev.category == "Visit" for k in ev.participants()}
    out = []
    for ev in events:
        hosts = set(ev.roles.get("host", []))
        if ev.category != "Meeting" or not hosts or ev.fine_type == "PhoneCall":
            continue
        _host_the_visit(events, ev, hosts)
        guests = [
            k
            for k in ev.participants()
            if k not in hosts and k in found.entities and found.entities[k].type in ("Person", "Official")
        ]
        if guests and not set(guests) & visitors:
            out.append(
                Event(
                    "Visit",
                    list(ev.evidence),
                    roles={"participant": guests},
                    location=ev.location,
                    date=ev.date,
                    trigger=ev.trigger,
                    confidence=round(ev.confidence * 0.9, 3),
                    cameo="042",
                )
            )  # CAMEO's pair: 043 host a visit, 042 make one
            visitors.update(guests)
    return out


def _host_the_visit(events: list[Event], meeting: Event, hosts: set[str]) -> None:
    """ "Barrot visited Algiers and met Tebboune": whom a visitor meets at home in the same sentence hosts the visit."""
    spans = {(e.begin, e.end) for e in meeting.evidence}
    guests = set(meeting.participants()) - hosts
    for ev in events:
        if (
            ev.category == "Visit"
            and "host" not in ev.roles
            and set(ev.participants()) & guests
            and any((e.begin, e.end) in spans for e in ev.evidence)
        ):
            ev.roles["host"] = sorted(hosts)


def dateline_place(found: DocEntities, article: Article) -> Mention | None:
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
