"""Several mentions of one happening in an article become one event.

"the talks" refers back to the talks already reported; a speaker's second quote belongs to the
same statement; "Trump repeated an offer ..." followed by "he said in Kuala Lumpur" is one
offer made in Kuala Lumpur. Military actions merge only through such references or when every
argument agrees, because an article often reports several distinct strikes and clashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Event
from ..vocab import EventCategory
from .mentions import Mention

_ROLE_RANK = {"participant": 0, "signatory": 1, "speaker": 1, "attacker": 1, "target": 1, "host": 1, "mediator": 2}


@dataclass
class Draft:
    """An event read from one trigger, before coalescing."""

    event: Event
    sentence: int  # index of the sentence in the doc
    mentions: list[Mention] = field(default_factory=list)  # its participants, for later anaphora
    anaphoric: bool = False
    explicit_date: bool = False
    vague_time: bool = False  # placed only relative to another happening: "after days of clashes"
    last_sentence: int = -1  # the latest sentence merged in

    def __post_init__(self) -> None:
        self.last_sentence = max(self.last_sentence, self.sentence)

    def parties(self) -> set[str]:
        """Participant keys other than mediators."""
        return {k for role, keys in self.event.roles.items() if role != "mediator" for k in keys}

    def speakers(self) -> set[str]:
        return set(self.event.roles.get("speaker", []))


def coalesce(drafts: list[Draft], affiliations: dict[str, set[str]] | None = None) -> list[Draft]:
    """Merges drafts (in text order) that report one happening; drops those that name no one. `affiliations`
    says whose people the article's officials are (person key -> keys of the bodies they hold posts of)."""
    kept: list[Draft] = []
    for d in drafts:
        target = _antecedent(d, kept, affiliations or {}) or _referent_of_other_kind(d, kept)
        if target is not None:
            merge(target, d)
        elif d.event.participants():
            kept.append(d)
    return [d for d in kept if plausible(d)]


def plausible(d: Draft) -> bool:
    """Whether the event, with all its mentions gathered, has the parties its kind needs."""
    ev = d.event
    types = {m.type for m in d.mentions if m.key in ev.participants()}
    parties = d.parties()
    if ev.category == "MilitaryAction":
        # Armed force is used by or against states and armed groups, or somewhere; a feud between two people is not.
        return bool(types & {"Country", "Organization"}) or ev.location is not None
    # A meeting or talks need someone named; "a bilateral meeting with Fiji's prime minister" often names only
    # the other side of the story's own subject.
    if ev.category in ("Meeting", "Negotiation"):
        return len(parties) >= 1 or bool(ev.roles.get("mediator")) or ev.fine_type == "Summit"
    if ev.category in ("Accession", "Founding"):
        return "Organization" in types
    if ev.category == "Appointment":
        return bool(types & {"Person", "Official", "Country"})
    return True


def _antecedent(d: Draft, kept: list[Draft], affiliations: dict[str, set[str]]) -> Draft | None:
    ev = d.event
    parties = d.parties()
    if not parties and ev.fine_type:
        # "the clashes": the latest event of exactly that kind first.
        for prev in reversed(kept):
            if prev.event.category == ev.category and prev.event.fine_type == ev.fine_type:
                return prev
    for prev in reversed(kept):
        pe = prev.event
        if ev.category == "Statement" and pe.category in ("Statement", "MediationOffer"):
            if (
                d.speakers()
                and d.speakers() & prev.speakers()
                and _dates_agree(d, prev)
                and (pe.category == "Statement" or d.sentence - prev.last_sentence == 1)
            ):
                return prev
            continue
        if pe.category != ev.category or not _fine_agree(pe.fine_type, ev.fine_type):
            continue
        if not parties:
            # "the talks", "talks mediated by X": the latest event of exactly its kind ("the meeting" is no summit).
            if pe.fine_type == ev.fine_type:
                return prev
            continue
        if not _dates_agree(d, prev) or not _places_agree(pe.location, ev.location):
            continue
        pp = prev.parties()
        if pe.fine_type == "Summit" and ev.fine_type != "Summit" and not d.anaphoric:
            continue  # "X also met Y" during a summit is a meeting of its own
        if (
            ev.category == "Deportation"
            and not d.anaphoric
            and d.mentions[:1]
            and prev.mentions[:1]
            and d.mentions[0].key != prev.mentions[0].key
        ):
            continue  # tit-for-tat expulsions: each side's is its own event
        if ev.category == "MilitaryAction":
            if parties == pp and pe.location == ev.location:
                return prev
            if d.anaphoric and parties <= pp:
                return prev
            if _one_attack(d, prev):
                return prev
            continue
        if parties <= pp or pp <= parties:
            return prev
        if d.anaphoric and _affiliated(parties, affiliations) & _affiliated(pp, affiliations):
            return prev  # "Kindiki signed the agreement with his Haitian counterpart": the agreement Kenya made
    return None


def _affiliated(keys: set[str], affiliations: dict[str, set[str]]) -> set[str]:
    """Parties with the countries and bodies their people hold posts of."""
    return set(keys).union(*(affiliations.get(k, set()) for k in keys))


def _one_attack(d: Draft, prev: Draft) -> bool:
    """Two nearby reports of armed action whose roles complete each other are one attack: "the Russian strike" ...
    "a missile strike on the city of Sumy" (no day or place between them differs)."""
    a, b = d.event.roles, prev.event.roles
    if set(a.get("attacker", [])) & set(b.get("target", [])) or set(a.get("target", [])) & set(b.get("attacker", [])):
        return False
    if d.sentence - prev.last_sentence > 3:
        return False
    # one names only who attacked, the other only whom: the same strike told twice
    return bool(a.get("attacker")) != bool(b.get("attacker")) and bool(a.get("target")) != bool(b.get("target"))


# Events a mediator's help or "the talks" may refer to when no event of their own kind came before.
_MEDIATED: tuple[EventCategory, ...] = ("Release", "Agreement", "Negotiation", "Meeting")


def _referent_of_other_kind(d: Draft, kept: list[Draft]) -> Draft | None:
    """ "its mediation made the exchange possible", "envoys to the talks": a reference to a recent event of another
    kind (the exchange, the leaders' meeting), not a new event."""
    ev = d.event
    if not d.anaphoric or any(p.event.category == ev.category for p in kept):
        return None
    wanted: tuple[EventCategory, ...]
    if ev.category == "Negotiation" and not d.parties():
        wanted = _MEDIATED
    elif ev.category == "Negotiation":
        wanted = ("Meeting",)
    else:
        return None
    for prev in reversed(kept):
        if d.sentence - prev.last_sentence > 6:
            continue
        if prev.event.category in wanted and len(prev.parties()) >= 2:
            return prev
    return None


def _fine_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _dates_agree(a: Draft, b: Draft) -> bool:
    # A statement's default date (the publication day) is a guess; other defaults (the month) still must agree.
    statement = a.event.category == "Statement"
    if statement and not (a.explicit_date and b.explicit_date):
        return True
    x, y = a.event.date or "", b.event.date or ""
    return x.startswith(y) or y.startswith(x)


def merge(into: Draft, other: Draft) -> None:
    """Adds other's arguments and evidence to into (the first mention stays the event)."""
    e, o = into.event, other.event
    role_of = {k: r for r, keys in e.roles.items() for k in keys}
    for role, keys in o.roles.items():
        for k in keys:
            old = role_of.get(k)
            if old is None:
                e.roles.setdefault(role, []).append(k)
                role_of[k] = role
            elif _ROLE_RANK.get(role, 0) > _ROLE_RANK.get(old, 0) and role != "mediator":
                e.roles[old].remove(k)
                if not e.roles[old]:
                    del e.roles[old]
                e.roles.setdefault(role, []).append(k)
                role_of[k] = role
    for m in other.mentions:
        if m not in into.mentions:
            into.mentions.append(m)
    e.location = e.location or o.location
    if other.explicit_date and (not into.explicit_date or len(o.date or "") > len(e.date or "")):
        e.date, e.start_date, e.end_date = o.date, o.start_date, o.end_date
        into.explicit_date = True
    elif not e.date:
        e.date, e.start_date, e.end_date = o.date, o.start_date, o.end_date
    e.fine_type = e.fine_type or o.fine_type
    e.cameo = e.cameo or o.cameo
    e.quote = e.quote or o.quote
    if o.killed is not None:
        e.killed = max(e.killed or 0, o.killed)
    e.confidence = max(e.confidence, o.confidence)
    into.last_sentence = max(into.last_sentence, other.last_sentence)
    for ev in o.evidence:
        if ev not in e.evidence:
            e.evidence.append(ev)
