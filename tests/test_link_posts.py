"""Dated posts as linking evidence, `kg link enrich`, `kg link report` candidates and `kg link accept`.

The knowledge base is the overlay `kg link fetch` builds from the Wikidata-shaped sample on a real
`oxigraph serve` (TEST DATA, invented ids: tests/fixtures/wikidata/sample.ttl)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.link import link_entities, load_kb
from kg.link.enrich import enrich, graph_iri
from kg.link.fetch import Fetcher
from kg.link.posts import PostEvidence
from kg.link.sparql_client import SparqlClient
from kg.link.storelink import relink, unlinked_entities
from kg.link.wikidata_slice import default_tasks
from kg.model import Article, Entity, Evidence, Facts, Position
from kg.rdf import Minter, facts_triples
from kg.stores import Change, open_store
from tests.support.servers import oxigraph_binary
from tests.support.wikidata_sample import start_sample_server

pytestmark = [
    pytest.mark.slow,  # `oxigraph serve` holds the sample
    pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed"),
]
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
KG = "https://w3id.org/newskg/ontology#"


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """The overlay fetched once from the sample; tests that change it work on a copy."""
    folder = tmp_path_factory.mktemp("posts")
    server = start_sample_server(folder / "store")
    try:
        overlay = folder / "overlay.sqlite"
        Fetcher(SparqlClient(server.url + "query"), overlay, default_tasks(), kb=load_kb(overlay=overlay)).run()
    finally:
        server.stop()
    return overlay


@pytest.fixture
def overlay(fetched, tmp_path):
    copy = tmp_path / "overlay.sqlite"
    copy.write_bytes(fetched.read_bytes())
    return copy


def test_the_date_chooses_among_namesakes_of_one_country(fetched):
    kb = load_kb(overlay=fetched)
    assert kb.lookup("Alex Namesake", "Person") is None  # two people, nothing to tell them apart
    assert kb.lookup("Alex Namesake", "Person", evidence=PostEvidence("2025-03-01", {"Q408"})).qid == "Q9900000502"
    assert kb.lookup("Alex Namesake", "Person", evidence=PostEvidence("1997-06-01", {"Q408"})).qid == "Q9900000501"
    # 2005: neither held a post then; India: only a deprecated statement says so. Reported, not guessed.
    assert kb.lookup("Alex Namesake", "Person", evidence=PostEvidence("2005-01-01")) is None
    assert kb.lookup("Alex Namesake", "Person", evidence=PostEvidence("2025-03-01", {"Q668"})) is None


def test_the_posts_country_chooses_among_namesakes_of_one_time(fetched):
    kb = load_kb(overlay=fetched)
    assert kb.lookup("Sam Twin", "Official", evidence=PostEvidence("2024-01-01", {"Q668"})).qid == "Q9900000601"
    assert kb.lookup("Sam Twin", "Official", evidence=PostEvidence("2024-01-01", {"Q408"})).qid == "Q9900000602"
    assert kb.lookup("Sam Twin", "Official", evidence=PostEvidence("2024-01-01")) is None  # both fit the date


def test_a_lone_candidate_links_as_before(fetched):
    kb = load_kb(overlay=fetched)
    assert kb.lookup("Penny Wong", "Person", evidence=PostEvidence("2025-01-01", {"Q408"})).qid == "Q9900000404"
    assert kb.lookup("Penny Wong", "Person").qid == "Q9900000404"


def _article(published: str, text: str):
    art = Article(id=f"a-{published}", title="Talks", body=text, published=published)
    ev = Evidence(text=text, begin=0, end=len(text))
    ents = {
        "person/alex-namesake": Entity("person/alex-namesake", "Official", "Alex Namesake"),
        "country/australia": Entity("country/australia", "Country", "Australia"),
    }
    pos = Position(holder="person/alex-namesake", title="foreign minister", of="country/australia", evidence=ev)
    return art, ents, pos


def test_link_entities_uses_the_articles_date_and_posts(fetched):
    kb = load_kb(overlay=fetched)
    _, ents, pos = _article("1998-02-02", "Australian Foreign Minister Alex Namesake spoke.")
    link_entities(ents, kb, published="1998-02-02", positions=[pos])
    assert ents["person/alex-namesake"].wikidata == "Q9900000501"
    assert ents["country/australia"].wikidata == "Q408"
    _, ents, pos = _article("1998-02-02", "Australian Foreign Minister Alex Namesake spoke.")
    link_entities(ents, kb)  # no evidence given: the name alone is ambiguous
    assert ents["person/alex-namesake"].wikidata is None


def _store_with(settings, published: str, kb):
    """One article in a real store, its person unlinked (the build had no evidence), its country linked."""
    art, ents, pos = _article(published, "Australian Foreign Minister Alex Namesake spoke.")
    link_entities(ents, kb)
    facts = Facts(article=art, entities=ents)
    facts.positions = [pos]
    minter = Minter(settings.base_iri)
    graph = str(minter.article(art.id))
    with open_store(settings) as st:
        st.apply(Change(put={graph: facts_triples(facts, minter)}))
    return graph


def _quads(settings, graph):
    with open_store(settings, read_only=True) as st:
        return {str(q) for q in st.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")}


def test_relink_uses_the_stored_date_and_enrich_adds_dated_posts_apart(settings, overlay):
    kb = load_kb(overlay=overlay)
    article = _store_with(settings, "1998-02-02", kb)
    with open_store(settings) as st:
        assert "Alex Namesake" in [u.label for u in unlinked_entities(st)]
        linked = relink(st, kb).linked
    assert [(label, qid) for _, label, qid in linked] == [("Alex Namesake", "Q9900000501")]
    before = _quads(settings, article)
    with open_store(settings) as st:
        result = enrich(st, kb, settings.base_iri)
    assert (result.people, result.positions) == (1, 1)
    assert _quads(settings, article) == before  # the article's own facts are untouched
    wikidata_graph = graph_iri(settings.base_iri)
    with open_store(settings, read_only=True) as st:
        rows = list(
            st.query(f"""PREFIX kg: <{KG}> PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?title ?start ?end ?from ?in WHERE {{ GRAPH <{wikidata_graph}> {{
              ?person kg:holdsPosition ?p . ?p kg:title ?title ; kg:startDate ?start ; kg:endDate ?end ;
                 prov:wasDerivedFrom ?from ; kg:positionIn ?in }} }}""")
        )
    assert [(r["title"].value, r["start"].value, r["end"].value, r["from"].value) for r in rows] == [
        (
            "Minister for Foreign Affairs of Australia",
            "1996-03-11",
            "1999-10-21",
            "http://www.wikidata.org/entity/Q9900000501",
        )
    ]
    assert rows[0]["in"].value == settings.base_iri + "country/australia"  # the article's own country node
    size = len(_quads(settings, wikidata_graph))
    with open_store(settings) as st:
        again = enrich(st, kb, settings.base_iri)
    assert again.triples == size == len(_quads(settings, wikidata_graph))  # rerun: the same graph, no duplicates


def test_report_suggests_candidates_and_accept_decides(settings, overlay):
    kb = load_kb(overlay=overlay)
    _store_with(settings, "2010-05-05", kb)  # 2010: neither namesake held a post then, so relink cannot decide
    runner = CliRunner()
    args = ["--store", settings.store, "--overlay", str(overlay)]
    out = runner.invoke(main, ["link", "relink", *args])
    assert out.exit_code == 0 and "0 linked" in out.output
    out = runner.invoke(main, ["link", "report", *args])
    assert out.exit_code == 0, out.output
    assert "candidate: wd:Q9900000501 Alex Namesake (test person, foreign minister 1996-1999 (invented))" in out.output
    assert "candidate: wd:Q9900000502 Alex Namesake" in out.output
    out = runner.invoke(main, ["link", "accept", "Alex Namesake", "Q9900000502", *args])
    assert out.exit_code == 0, out.output
    assert "recorded" in out.output and "linked Alex Namesake -> wd:Q9900000502" in out.output
    assert load_kb(overlay=overlay).lookup("Alex Namesake", "Person").qid == "Q9900000502"


def test_report_suggests_full_names_for_a_surname(overlay):
    kb = load_kb(overlay=overlay)
    # The fetched António Guterres and the shipped table's Francisco Guterres (officials-wikidata.csv): both
    # are offered, neither is linked by the surname alone.
    found = {c.label: c.qid for c in kb.candidates("Guterres", "Person")}
    assert found == {"António Guterres": "Q9900000402", "Francisco Guterres": "Q897790"}
    assert kb.lookup("Guterres", "Person") is None


def test_accept_a_new_item_needs_its_type_and_rejects_a_bad_id(settings, overlay):
    runner = CliRunner()
    args = ["--overlay", str(overlay), "--no-relink"]
    out = runner.invoke(main, ["link", "accept", "Testistan Front", "Q9900000999", *args])
    assert out.exit_code != 0 and "--type" in out.output
    out = runner.invoke(main, ["link", "accept", "Testistan Front", "X12", "--type", "organization", *args])
    assert out.exit_code != 0
    out = runner.invoke(main, ["link", "accept", "Testistan Front", "Q9900000999", "--type", "organization", *args])
    assert out.exit_code == 0, out.output
    assert load_kb(overlay=overlay).lookup("Testistan Front", "Organization").qid == "Q9900000999"


def _human_with_post(qid: str, name: str, post: str, start: str, end: str | None) -> dict:
    """A person as a line of Wikidata's JSON dump, with one P39 statement and its qualifiers (TEST DATA ids)."""

    def item(q):
        return {
            "snaktype": "value",
            "datavalue": {"value": {"entity-type": "item", "id": q}, "type": "wikibase-entityid"},
        }

    def time_value(day):
        return {
            "snaktype": "value",
            "datavalue": {"value": {"time": f"+{day}T00:00:00Z", "precision": 11}, "type": "time"},
        }

    qualifiers = {"P580": [time_value(start)]}
    if end:
        qualifiers["P582"] = [time_value(end)]
    return {
        "id": qid,
        "labels": {"en": {"language": "en", "value": name}},
        "claims": {
            "P31": [{"mainsnak": item("Q5"), "rank": "normal"}],
            "P39": [
                {
                    "mainsnak": item(post),
                    "rank": "normal",
                    "id": f"{qid}$1",
                    "qualifiers": {**qualifiers, "P642": [item("Q408")]},
                },
                {"mainsnak": item("Q9900000301"), "rank": "deprecated", "id": f"{qid}$2"},
            ],
        },
    }


def test_kg_link_import_of_dump_lines_keeps_their_dated_posts(tmp_path):
    import json

    from kg.link.overlay import import_file

    path = tmp_path / "people.json"
    path.write_text(
        "\n".join(
            json.dumps(e)
            for e in [
                _human_with_post("Q9900000801", "Kim Dumpline", "Q9900000302", "1990-01-01", "1995-01-01"),
                _human_with_post("Q9900000802", "Kim Dumpline", "Q9900000306", "2021-01-01", None),
            ]
        ),
        encoding="utf-8",
    )
    overlay = tmp_path / "overlay.sqlite"
    assert import_file(path, overlay, kb=load_kb(overlay=overlay)).added == 2
    kb = load_kb(overlay=overlay)
    assert [(p.post, p.of, p.start, p.end) for p in kb.posts("Q9900000801")] == [
        ("Q9900000302", "Q408", "1990-01-01", "1995-01-01")
    ]  # the deprecated statement is left out
    assert kb.lookup("Kim Dumpline", "Person") is None
    assert kb.lookup("Kim Dumpline", "Person", evidence=PostEvidence("2024-06-01", {"Q408"})).qid == "Q9900000802"
    assert kb.lookup("Kim Dumpline", "Person", evidence=PostEvidence("1993-06-01")).type == "Official"
