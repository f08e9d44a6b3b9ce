"""rdf.py: deterministic IRIs, one named graph per article, dated happenings shared across articles."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.model import Article, Entity, Event, Evidence, Facts
from kg.rdf import Minter, facts_to_dataset
from kg.vocab import KG, NIF

BASE = "https://w3id.org/newskg/id/"


def _facts(article_id: str, body: str, date: str | None) -> Facts:
    art = Article(id=article_id, title=f"Headline {article_id}", body=body, published="2024-05-02")
    sentence = body.split(". ")[0] + "."
    ev = Event(
        category="Meeting",
        evidence=[Evidence(sentence, 0, len(sentence))],
        roles={"participant": ["country/ruritania", "country/freedonia"]},
        date=date,
    )
    ents = {
        k: Entity(key=k, type="Country", label=k.split("/")[1].title())
        for k in ("country/ruritania", "country/freedonia")
    }
    return Facts(article=art, entities=ents, events=[ev])


def _events(ds):
    return {s for s, _, _, _ in ds.quads((None, RDF.type, KG.Meeting, None))}


def test_the_same_dated_meeting_in_two_articles_is_one_event_with_both_sources():
    a = _facts("a1", "Ruritania and Freedonia met on Monday. Talks went on.", "2024-04-29")
    b = _facts("b2", "Freedonia and Ruritania held a meeting. It was cordial.", "2024-04-29")
    ds = facts_to_dataset([a, b])
    events = _events(ds)
    assert len(events) == 1
    (event,) = events
    sources = {o for _, _, o, _ in ds.quads((event, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None, None))}
    assert sources == {URIRef(BASE + "article/a1"), URIRef(BASE + "article/b2")}


def test_undated_events_of_two_articles_stay_apart():
    a = _facts("a1", "Ruritania and Freedonia met. Talks went on.", None)
    b = _facts("b2", "Freedonia and Ruritania held a meeting. It was cordial.", None)
    assert len(_events(facts_to_dataset([a, b]))) == 2


def test_iris_are_deterministic_and_each_article_has_its_own_graph():
    a = _facts("a1", "Ruritania and Freedonia met on Monday. Talks went on.", "2024-04-29")
    first, second = facts_to_dataset([a]), facts_to_dataset([a])
    assert set(first.quads()) == set(second.quads())
    graphs = {g for _, _, _, g in first.quads()}
    assert graphs == {URIRef(BASE + "article/a1")}
    assert Minter(BASE).entity("country/ruritania") == BASE + "country/ruritania"


def test_evidence_offsets_point_into_the_body_and_dates_keep_their_precision():
    body = "Ruritania and Freedonia met on Monday. Talks went on."
    facts = _facts("a1", body, "2024-04")
    ds = facts_to_dataset([facts])
    (event,) = _events(ds)
    (date,) = [o for _, _, o, _ in ds.quads((event, KG.date, None, None))]
    assert date == Literal("2024-04", datatype=XSD.gYearMonth)
    (mention,) = [o for _, _, o, _ in ds.quads((event, KG.evidence, None, None))]
    begin = int(next(o for _, _, o, _ in ds.quads((mention, NIF.beginIndex, None, None))))
    end = int(next(o for _, _, o, _ in ds.quads((mention, NIF.endIndex, None, None))))
    anchor = str(next(o for _, _, o, _ in ds.quads((mention, NIF.anchorOf, None, None))))
    assert body[begin:end] == anchor
    labels = [o for _, _, o, _ in ds.quads((URIRef(BASE + "country/ruritania"), RDFS.label, None, None))]
    assert labels == [Literal("Ruritania")]


def test_an_event_carries_the_cameo_code_that_coded_it():
    from rdflib.namespace import SKOS

    facts = _facts("a1", "Ruritania and Freedonia met on Monday. Talks went on.", "2024-04-29")
    facts.events[0].cameo = "040"
    (event,) = _events(facts_to_dataset([facts]))
    codes = [o for _, _, o, _ in facts_to_dataset([facts]).quads((event, SKOS.notation, None, None))]
    assert codes == [Literal("040", datatype=KG.cameoCode)]


def test_a_publisher_named_in_words_is_one_outlet_node_with_its_name():
    from kg.vocab import SCHEMA

    first = Facts(article=Article(id="p1", title="One", body="Talks.", publisher="Gulf Desk"))
    second = Facts(article=Article(id="p2", title="Two", body="More talks.", publisher="Gulf Desk"))
    ds = facts_to_dataset([first, second])
    outlets = {o for _, _, o, _ in ds.quads((None, SCHEMA.publisher, None, None))}
    assert outlets == {URIRef(BASE + "outlet/gulf-desk")}  # both articles, one node
    assert {o for _, _, o, _ in ds.quads((URIRef(BASE + "outlet/gulf-desk"), RDFS.label, None, None))} == {
        Literal("Gulf Desk")
    }
    assert not list(ds.quads((None, URIRef("https://schema.org/url"), None, None)))  # no name posing as an address
