"""The hand-made graph of the saved-query, export and saved-query-page tests: two articles written for the tests
(Pakistan-Afghanistan talks, a coalition's cooperation), mapped to RDF by the real kg.rdf; `build_handmade_store`
writes it into an embedded or remote store, one named graph per article (fixtures `hm_settings`, `hm`:
tests/conftest.py)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.model import Article, Entity, Event, Evidence, Facts, Membership, Position
from kg.rdf import Minter, facts_to_dataset
from kg.stores import open_store

BASE = "https://w3id.org/newskg/id/"

TALKS_BODY = (
    "Pakistan and Afghanistan held talks in Istanbul on Monday, mediated by Turkiye. "
    "The two neighbours agreed to a ceasefire in Doha on October 19 after border clashes. "
    "Pakistan struck Kabul this month, targeting the Pakistani Taliban. "
    "The Taliban attacked Pakistani posts along the border, killing 23 soldiers. "
    'Taliban spokesperson Zabihullah Mujahid said, "We support dialogue." '
    "In Kuala Lumpur, US President Donald Trump offered to help end the conflict."
)
COALITION_BODY = (
    "IMCTC Secretary-General Mohammed Al-Moghedi met Field Marshal Asim Munir, chief of defense forces, in Rawalpindi. "
    "The coalition includes Pakistan, Saudi Arabia and Turkiye. "
    "Former army chief Raheel Sharif once led the coalition's forces. "
    "Pakistan and Saudi Arabia signed a defense pact in September 2025."
)


def ev(body: str, sentence_start: str) -> Evidence:
    """The sentence of body that starts with the given words (up to the next ". "), with its offsets."""
    begin = body.index(sentence_start)
    end = body.find(". ", begin)
    end = len(body) if end < 0 else end + 1
    return Evidence(body[begin:end], begin, end)


def entities() -> dict[str, Entity]:
    def e(key, type_, label, wikidata=None, aliases=(), subtype=None):
        return Entity(key, type_, label, set(aliases), subtype=subtype, wikidata=wikidata)

    items = [
        e("country/pakistan", "Country", "Pakistan", "Q843"),
        e("country/afghanistan", "Country", "Afghanistan", "Q889", ["Islamic Emirate of Afghanistan"]),
        e("country/turkey", "Country", "Turkey", "Q43", ["Turkiye", "Türkiye"]),
        e("country/united-states", "Country", "United States", "Q30", ["US"]),
        e("country/saudi-arabia", "Country", "Saudi Arabia", "Q851"),
        e("org/taliban", "Organization", "Taliban", None, ["Afghan Taliban"], "MilitantGroup"),
        e("org/ttp", "Organization", "Tehrik-i-Taliban Pakistan", None, ["Pakistani Taliban"], "MilitantGroup"),
        e("org/imctc", "Organization", "Islamic Military Counter Terrorism Coalition", None, ["IMCTC"]),
        e("person/zabihullah-mujahid", "Official", "Zabihullah Mujahid"),
        e("person/donald-trump", "Official", "Donald Trump", "Q22686"),
        e("person/asim-munir", "Official", "Asim Munir"),
        e("person/mohammed-al-moghedi", "Official", "Mohammed Al-Moghedi"),
        e("person/raheel-sharif", "Official", "Raheel Sharif"),
        e("place/istanbul", "Place", "Istanbul", "Q406", subtype="City"),
        e("place/doha", "Place", "Doha", "Q3861", subtype="City"),
        e("place/kabul", "Place", "Kabul", "Q5838", subtype="City"),
        e("place/kuala-lumpur", "Place", "Kuala Lumpur", "Q1865", subtype="City"),
        e("place/rawalpindi", "Place", "Rawalpindi", "Q93230", subtype="City"),
    ]
    return {x.key: x for x in items}


def talks_facts() -> Facts:
    art = Article(
        id="talks0000000001",
        title="Talks enter third day",
        body=TALKS_BODY,
        published="2025-10-27",
        url="https://example.org/talks",
    )
    keep = [
        "country/pakistan",
        "country/afghanistan",
        "country/turkey",
        "country/united-states",
        "org/taliban",
        "org/ttp",
        "person/zabihullah-mujahid",
        "person/donald-trump",
        "place/istanbul",
        "place/doha",
        "place/kabul",
        "place/kuala-lumpur",
    ]
    b = TALKS_BODY
    return Facts(
        article=art,
        entities={k: v for k, v in entities().items() if k in keep},
        positions=[
            Position("person/zabihullah-mujahid", "spokesperson", "org/taliban", ev(b, "Taliban spokesperson")),
            Position("person/donald-trump", "president", "country/united-states", ev(b, "In Kuala Lumpur")),
        ],
        events=[
            Event(
                "Negotiation",
                [ev(b, "Pakistan and Afghanistan held")],
                roles={"participant": ["country/pakistan", "country/afghanistan"], "mediator": ["country/turkey"]},
                location="place/istanbul",
                date="2025-10-27",
            ),
            Event(
                "Agreement",
                [ev(b, "The two neighbours")],
                fine_type="Ceasefire",
                roles={"participant": ["country/pakistan", "country/afghanistan"]},
                location="place/doha",
                date="2025-10-19",
            ),
            Event(
                "MilitaryAction",
                [ev(b, "The two neighbours")],
                roles={"participant": ["country/pakistan", "country/afghanistan"]},
                date="2025-10",
            ),
            Event(
                "MilitaryAction",
                [ev(b, "Pakistan struck")],
                fine_type="AirStrike",
                roles={"attacker": ["country/pakistan"], "target": ["org/ttp"]},
                location="place/kabul",
                date="2025-10",
            ),
            Event(
                "MilitaryAction",
                [ev(b, "The Taliban attacked")],
                roles={"attacker": ["org/taliban"], "target": ["country/pakistan"]},
                date="2025-10",
                killed=23,
            ),
            Event(
                "Statement",
                [ev(b, "Taliban spokesperson")],
                roles={"speaker": ["person/zabihullah-mujahid"]},
                date="2025-10-27",
                quote="We support dialogue.",
            ),
            Event(
                "MediationOffer",
                [ev(b, "In Kuala Lumpur")],
                roles={"speaker": ["person/donald-trump"]},
                location="place/kuala-lumpur",
                date="2025-10-26",
            ),
        ],
    )


def coalition_facts() -> Facts:
    art = Article(
        id="coalition000002",
        title="Coalition and Pakistan deepen cooperation",
        body=COALITION_BODY,
        published="2026-02-02",
    )
    keep = [
        "country/pakistan",
        "country/saudi-arabia",
        "country/turkey",
        "org/imctc",
        "person/asim-munir",
        "person/mohammed-al-moghedi",
        "person/raheel-sharif",
        "place/rawalpindi",
    ]
    b = COALITION_BODY
    return Facts(
        article=art,
        entities={k: v for k, v in entities().items() if k in keep},
        positions=[
            Position("person/mohammed-al-moghedi", "secretary-general", "org/imctc", ev(b, "IMCTC Secretary")),
            Position(
                "person/asim-munir",
                "chief of defense forces",
                "country/pakistan",
                ev(b, "IMCTC Secretary"),
                rank="Field Marshal",
            ),
            Position("person/raheel-sharif", "army chief", "country/pakistan", ev(b, "Former army chief"), former=True),
        ],
        memberships=[
            Membership(m, "org/imctc", ev(b, "The coalition includes"))
            for m in ("country/pakistan", "country/saudi-arabia", "country/turkey")
        ],
        events=[
            Event(
                "Meeting",
                [ev(b, "IMCTC Secretary")],
                roles={"participant": ["person/mohammed-al-moghedi", "person/asim-munir"]},
                location="place/rawalpindi",
                date="2026-02-02",
            ),
            Event(
                "Agreement",
                [ev(b, "Pakistan and Saudi Arabia signed")],
                roles={"signatory": ["country/pakistan", "country/saudi-arabia"]},
                date="2025-09",
            ),
        ],
    )


def all_facts() -> list[Facts]:
    return [talks_facts(), coalition_facts()]


def nquads(all_facts: list[Facts] | None = None) -> bytes:
    ds = facts_to_dataset(all_facts or globals()["all_facts"](), BASE)
    return ds.serialize(format="nquads").encode("utf-8")


def build_handmade_store(settings) -> None:
    """Writes the hand-made graph into the (embedded or remote) store of settings, one named graph per article."""
    quads = list(ox.parse(nquads(), format=ox.RdfFormat.N_QUADS))
    by_graph: dict[str, list] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name.value, []).append(q)
    store = open_store(settings)
    try:
        for graph, items in sorted(by_graph.items()):
            store.replace_graph(graph, items)
    finally:
        store.close()


def event_iri(facts: Facts, index: int) -> str:
    return str(Minter(BASE).event(facts.events[index], facts.article.id))


def iri(key: str) -> str:
    return BASE + key
