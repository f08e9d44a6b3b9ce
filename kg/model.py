"""Plain data passed between the stages: an Article in, a Facts bundle out of extraction and linking.

No stage imports another stage's internals; they meet here. Entity references inside facts are
entity *keys* (see Entity.key), which rdf.py turns into IRIs under the configured base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: kg.vocab imports rdflib, which a reader of articles need not load
    from .vocab import EntityType, EventCategory, Role


@dataclass(frozen=True)
class Section:
    """A stretch of the body with a role other than plain text (a photo caption, a bullet summary)."""

    kind: str  # "caption" | "summary"
    begin: int
    end: int


@dataclass(frozen=True)
class Article:
    id: str  # stable: a hash of the normalised text (see articles.article_id)
    title: str
    body: str  # the exact text that offsets point into
    published: str | None = None  # "YYYY-MM-DD" or None when unknown
    url: str | None = None  # the article's web address
    publisher: str | None = None  # the outlet, when the source named it in words ("Gulf Desk"), not by address
    dateline: str | None = None  # "ISLAMABAD"
    summary: tuple[str, ...] = ()  # bullet points, kept out of the body
    sections: tuple[Section, ...] = ()  # marked parts of the body, e.g. captions
    source_path: str | None = None  # the file it came from
    source_line: int | None = None  # line number for JSON Lines, index for multi-article files


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from: body[begin:end] == text."""

    text: str
    begin: int
    end: int


@dataclass
class Entity:
    """One real-world entity mentioned in an article.

    `key` is deterministic across runs and articles, e.g. "country/pakistan", "org/imctc",
    "person/asim-munir", "place/kabul"; rdf.py mints base + key.
    """

    key: str
    type: EntityType
    label: str
    aliases: set[str] = field(default_factory=set)
    subtype: str | None = None  # a finer class local name in kg: (e.g. "ArmedForces", "MilitantGroup", "City")
    wikidata: str | None = None  # "Q843" once linked
    link_confidence: float | None = None
    confidence: float = 1.0
    mentions: int = 1


@dataclass
class Position:
    holder: str  # entity key of the Person/Official
    title: str  # as worded: "defense minister", "spokesperson"
    of: str | None  # entity key of the Country/Organization
    evidence: Evidence
    former: bool = False
    rank: str | None = None  # military rank kept apart from the post: "Field Marshal"
    confidence: float = 1.0


@dataclass
class Membership:
    member: str
    organization: str
    evidence: Evidence
    confidence: float = 1.0


@dataclass
class Event:
    category: EventCategory
    evidence: list[Evidence]
    fine_type: str | None = None  # "AirStrike", "Ceasefire", "Summit", ...
    # role -> entity keys ("participant" for an untyped one)
    roles: dict[Role, list[str]] = field(default_factory=dict)
    location: str | None = None  # entity key of a Place or Country
    date: str | None = None  # ISO: "2025-10-27", "2025-10" or "2025"
    start_date: str | None = None
    end_date: str | None = None
    quote: str | None = None  # the words of a Statement
    trigger: str | None = None  # the word that signalled the event
    cameo: str | None = None  # the CAMEO code of the pattern that coded it ("0841" release persons)
    killed: int | None = None
    confidence: float = 1.0

    def participants(self) -> list[str]:
        seen: list[str] = []
        for keys in self.roles.values():
            for k in keys:
                if k not in seen:
                    seen.append(k)
        return seen


@dataclass
class Facts:
    """Everything read from one article."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)  # by key
    positions: list[Position] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
