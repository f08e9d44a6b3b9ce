"""A store for the explorer's tests (no tests here): invented countries and people in articles we write, shaped
like a bigger corpus — one post read in five articles, a membership in three, thirty dated meetings to page
through (ten of them in a real city the map can place), an outlet given as words and one given as a local file path."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.articles import source_of
from kg.model import Article, Entity, Event, Evidence, Facts, Membership, Position
from kg.rdf import facts_to_dataset
from kg.settings import Settings

RURITANIA = Entity("country/ruritania", "Country", "Ruritania", {"Ruritanian"}, wikidata="Q9990001")
FREEDONIA = Entity("country/freedonia", "Country", "Freedonia", wikidata="Q9990002")
ZENDA = Entity("place/zenda", "Place", "Zenda", subtype="City")
BERG = Entity("person/anna-berg", "Official", "Anna Berg")
ALLIANCE = Entity("org/northern-alliance", "Organization", "Northern Alliance")
MARSH = Entity("person/tom-marsh", "Official", "Tom Marsh")
# A real city, so that the map can place it (Zenda, invented, has no coordinates).
ISTANBUL = Entity("place/istanbul", "Place", "Istanbul", subtype="City", wikidata="Q406")
# A name that would run script if any page pasted it into HTML or into a script unescaped.
HOSTILE = Entity("org/hostile", "Organization", '</script><img src=x onerror="window.__pwned=1">Hostile')
PRIVATE_PATH = "/home/builder/private/feeds/zenda.txt"


class Writer:
    """Builds an article body sentence by sentence, remembering where each sentence is."""

    def __init__(self):
        self.body = ""

    def say(self, sentence: str) -> Evidence:
        if self.body:
            self.body += " "
        begin = len(self.body)
        self.body += sentence
        return Evidence(sentence, begin, len(self.body))


def _post_article(n: int) -> Facts:
    w = Writer()
    s1 = w.say(f"Ruritanian foreign minister Anna Berg said on day {n} that the talks in Zenda would continue.")
    s2 = w.say("Freedonia joined the Northern Alliance last year.")
    s3 = w.say("Ruritania and Freedonia agreed to a ceasefire in Zenda on Monday.")
    source = {0: "https://www.zenda-post.example/a0", 1: "Gulf Desk", 2: PRIVATE_PATH}.get(
        n, f"https://wire.example/{n}"
    )
    url, publisher = source_of(source)  # as the reader splits a `Source:` line: an address, or an outlet's name
    facts = Facts(
        article=Article(
            id=f"post{n}",
            title=f"Talks in Zenda, day {n}",
            body=w.body,
            published=f"2025-10-{20 + n:02d}",
            url=url,
            publisher=publisher,
        )
    )
    for ent in (RURITANIA, FREEDONIA, ZENDA, BERG, ALLIANCE):
        facts.entities[ent.key] = ent
    facts.positions.append(Position("person/anna-berg", "foreign minister", "country/ruritania", s1))
    if n < 3:
        facts.memberships.append(Membership("country/freedonia", "org/northern-alliance", s2))
    # One ceasefire, reported by all five articles: one row, five articles.
    facts.events.append(
        Event(
            "Agreement",
            [s3],
            fine_type="Ceasefire",
            trigger="agreed",
            roles={"signatory": ["country/ruritania", "country/freedonia"]},
            location="place/zenda",
            date="2025-10-20",
            cameo="0871",
        )
    )
    facts.events.append(
        Event("Statement", [s1], roles={"speaker": ["person/anna-berg"]}, trigger="said", date=f"2025-10-{20 + n:02d}")
    )
    return facts


def _meeting_article(n: int) -> Facts:
    w = Writer()
    kind = "Negotiation" if n % 3 == 0 else "Meeting"
    place = ISTANBUL if n % 3 == 1 else ZENDA  # ten meetings in Istanbul
    s1 = w.say(f"Tom Marsh met Anna Berg in {place.label} for round {n} of the border talks.")
    date = f"2024-{1 + n % 12:02d}-{1 + n:02d}"
    facts = Facts(
        article=Article(
            id=f"meet{n}",
            title=f"Border talks, round {n}",
            body=w.body,
            published=date,
            url=f"https://wire.example/m{n}",
        )
    )
    for ent in (BERG, MARSH, place):
        facts.entities[ent.key] = ent
    facts.positions.append(Position("person/tom-marsh", "defence minister", "country/freedonia", s1))
    facts.events.append(
        Event(
            kind,
            [s1],
            trigger="met",
            roles={"participant": ["person/tom-marsh", "person/anna-berg"]},
            location=place.key,
            date=date,
        )
    )
    return facts


def _near_copy(n: int) -> Facts:
    """The same wire story under two headlines: its undated statement is two nodes that read the same."""
    w = Writer()
    s1 = w.say("Freedonia said the border would stay open.")
    w.say("Traders welcomed the news." if n else "Markets were calm.")  # a different body, so a different article
    facts = Facts(
        article=Article(
            id=f"copy{n}",
            title=f"Border stays open ({n})",
            body=w.body,
            published="2025-11-03",
            url=f"https://wire.example/c{n}",
        )
    )
    facts.entities[FREEDONIA.key] = FREEDONIA
    facts.events.append(Event("Statement", [s1], roles={"speaker": ["country/freedonia"]}, trigger="said"))
    if n:
        s2 = w.say(f"Freedonia met {HOSTILE.label} on Friday.")
        facts.entities[HOSTILE.key] = HOSTILE
        facts.events.append(
            Event("Meeting", [s2], roles={"participant": ["country/freedonia", HOSTILE.key]}, trigger="met")
        )
    return facts


def explorer_facts() -> list[Facts]:
    return (
        [_post_article(n) for n in range(5)]
        + [_meeting_article(n) for n in range(30)]
        + [_near_copy(n) for n in range(2)]
    )


def write_explorer_store(path: Path) -> Settings:
    ds = facts_to_dataset(explorer_facts())
    store = ox.Store(str(path))
    store.load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return Settings(store=str(path))
