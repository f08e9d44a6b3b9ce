"""Growing the knowledge base (import of dump lines and CSV), link_entities, and report/relink on a real store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract.mentions import DocEntities, Mention
from kg.link import link_entities, load_kb
from kg.link.overlay import import_file
from kg.link.storelink import relink, unlinked_entities
from kg.model import Article, Entity, Event, Evidence, Facts, Position
from kg.rdf import Minter, facts_triples
from kg.stores import Change, open_store

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"

# A CNN item as Wikidata's JSON dump writes it (one entity per line). CNN's QID is in the project's
# organizations table, where its only source is unattributed, so the shipped KB does not link it.
CNN_LINE = {
    "type": "item",
    "id": "Q48340",
    "labels": {"en": {"language": "en", "value": "CNN"}},
    "aliases": {"en": [{"language": "en", "value": "Cable News Network"}]},
    "claims": {
        "P31": [
            {
                "mainsnak": {
                    "snaktype": "value",
                    "property": "P31",
                    "datavalue": {
                        "value": {"entity-type": "item", "numeric-id": 1331793, "id": "Q1331793"},
                        "type": "wikibase-entityid",
                    },
                },
                "type": "statement",
                "rank": "normal",
            }
        ]
    },
}
UNTYPED_LINE = {
    "type": "item",
    "id": "Q458",
    "labels": {"en": {"language": "en", "value": "European Union"}},
    "claims": {},
}


@pytest.fixture
def overlay(tmp_path):
    return tmp_path / "overlay.sqlite"


def _dump(tmp_path, *entities, wrapped=True):
    path = tmp_path / "extract.json"
    lines = [json.dumps(e) + "," for e in entities]
    path.write_text("[\n" + "\n".join(lines) + "\n]\n" if wrapped else "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_dump_lines_makes_a_name_link(tmp_path, overlay):
    assert load_kb(overlay=overlay).lookup("CNN", "Organization") is None
    result = import_file(_dump(tmp_path, CNN_LINE, UNTYPED_LINE), overlay, kb=load_kb(overlay=overlay))
    assert (result.added, result.updated) == (1, 0)
    assert len(result.skipped) == 1 and "Q458" in result.skipped[0] and "P31" in result.skipped[0]
    kb = load_kb(overlay=overlay)
    cand = kb.lookup("CNN", "Organization")
    assert cand.qid == "Q48340" and cand.subtype == "MediaOrganization"
    assert cand.key == "org/cnn"  # the shipped key: the same node as before the import
    assert kb.lookup("Cable News Network", "Organization").qid == "Q48340"
    assert kb.lookup("CNN", "Country") is None  # still typed
    assert any(e.name == "CNN" and e.qid == "Q48340" for e in kb.gazetteer())
    # Importing again replaces, it does not duplicate.
    again = import_file(_dump(tmp_path, CNN_LINE, wrapped=False), overlay, kb=kb)
    assert (again.added, again.updated) == (0, 1)


def test_import_csv_adds_aliases_and_reports_bad_rows(tmp_path, overlay):
    path = tmp_path / "mine.csv"
    path.write_text(
        "qid,label,aliases,type\n"
        "Q173808,Kandahar Province,Qandahar|Kandahār Province,region\n"
        "Q219060,State of Palestine,Palestinian state,country\n"
        "X12,Nowhere,,city\n"
        "Q5838,Kabul,,planet\n",
        encoding="utf-8",
    )
    result = import_file(path, overlay, kb=load_kb(overlay=overlay))
    assert result.added == 2
    assert [s.split(":")[0] for s in result.skipped] == ["line 4", "line 5"]
    kb = load_kb(overlay=overlay)
    assert kb.lookup("Qandahar", "Place").qid == "Q173808"
    assert kb.lookup("Palestinian state", "Country").qid == "Q219060"
    # The shipped names keep working, and the item keeps its shipped key.
    assert kb.lookup("Kandahar province", "Place").key == "place/kandahar-province"


def test_import_rejects_a_csv_without_the_columns(tmp_path, overlay):
    from kg.errors import InputError

    path = tmp_path / "bad.csv"
    path.write_text("id,name\nQ1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="qid"):
        import_file(path, overlay)


def _facts(article_id="a1", text="Turkiye and the U.S. talked; CNN reported. Donald Trump spoke.") -> Facts:
    art = Article(id=article_id, title="Talks", body=text, published="2025-10-27")
    ev = Evidence(text=text, begin=0, end=len(text))
    ents = {
        "country/turkey": Entity("country/turkey", "Country", "Turkiye", {"Turkish"}),
        "country/us": Entity("country/us", "Country", "U.S."),
        "org/cnn": Entity("org/cnn", "Organization", "CNN"),
        "person/trump": Entity("person/trump", "Official", "Trump", {"Donald Trump"}),
        "person/someone": Entity("person/someone", "Person", "Jordan"),
    }
    facts = Facts(article=art, entities=ents)
    facts.positions = [Position(holder="person/trump", title="president", of="country/us", evidence=ev)]
    facts.events = [
        Event(
            category="Negotiation",
            evidence=[ev],
            roles={"participant": ["country/turkey", "country/us"]},
            location="country/turkey",
        )
    ]
    return facts


def _linked(entities: dict, kb, text: str = "") -> DocEntities:
    """Entities (each mentioned once, at its label) after linking: their QIDs set and their keys the KB's."""
    found = DocEntities(entities=dict(entities))
    for key, ent in entities.items():
        at = text.find(ent.label)
        found.add(Mention(at, at + len(ent.label), ent.label, key, ent.type))
    found.rekey(link_entities(found.entities, kb))
    return found


def test_linking_sets_the_sure_links_and_moves_entities_to_kb_keys(overlay):
    facts = _facts()
    found = _linked(facts.entities, load_kb(overlay=overlay), facts.article.body)
    by_key = found.entities
    assert by_key["country/turkiye"].wikidata == "Q43"
    assert by_key["country/united-states"].wikidata == "Q30"
    assert by_key["person/donald-trump"].wikidata == "Q22686"  # by the full name among its aliases
    assert by_key["org/cnn"].wikidata is None  # unattributed source: no link
    assert by_key["person/someone"].wikidata is None  # a person called Jordan is not the country
    assert all(0.6 <= e.link_confidence <= 1 for e in by_key.values() if e.wikidata)
    # Mentions follow the new keys, so every later fact is read with the final ones.
    assert {m.key for m in found.mentions} == set(by_key)


def test_linking_merges_two_spellings_of_one_country(overlay):
    found = _linked(
        {
            "country/turkey": Entity("country/turkey", "Country", "Turkey", mentions=2),
            "country/turkiye": Entity("country/turkiye", "Country", "Türkiye", mentions=1),
        },
        load_kb(overlay=overlay),
        "Turkey and Türkiye",
    )
    assert list(found.entities) == ["country/turkiye"]
    merged = found.entities["country/turkiye"]
    assert merged.wikidata == "Q43" and merged.mentions == 3 and "Turkey" in merged.aliases | {merged.label}


def test_linking_refuses_when_names_disagree(overlay):
    found = _linked({"country/x": Entity("country/x", "Country", "Georgia", {"Jordan"})}, load_kb(overlay=overlay))
    assert found.entities["country/x"].wikidata is None


def _linked_facts(kb) -> Facts:
    """_facts() as the pipeline writes them: entities linked and every reference under its final key."""
    facts = _facts()
    found = _linked(facts.entities, kb, facts.article.body)
    assert set(found.entities) == {
        "country/turkiye",
        "country/united-states",
        "org/cnn",
        "person/donald-trump",
        "person/someone",
    }
    facts.entities = found.entities
    facts.positions[0] = Position(
        holder="person/donald-trump",
        title="president",
        of="country/united-states",
        evidence=facts.positions[0].evidence,
    )
    facts.events[0].roles = {"participant": ["country/turkiye", "country/united-states"]}
    facts.events[0].location = "country/turkiye"
    return facts


@pytest.fixture
def store_settings(settings):
    """A real embedded store holding one article whose CNN node has no link."""
    facts = _linked_facts(load_kb(overlay=settings.store + "-no-overlay"))
    minter = Minter(settings.base_iri)
    with open_store(settings) as st:
        st.apply(Change(put={str(minter.article(facts.article.id)): facts_triples(facts, minter)}))
    return settings


def _links(settings, iri):
    with open_store(settings, read_only=True) as st:
        return {
            (s["g"].value, s["o"].value)
            for s in st.query(f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ <{iri}> <{OWL_SAME_AS}> ?o }} }}")
        }


def test_report_lists_unlinked_most_mentioned_first(store_settings, overlay):
    with open_store(store_settings, read_only=True) as st:
        rows = unlinked_entities(st)
    labels = [r.label for r in rows]
    assert "CNN" in labels and "Jordan" in labels
    assert "Turkiye" not in labels  # linked
    cnn = next(r for r in rows if r.label == "CNN")
    assert cnn.type == "Organization" and cnn.articles == 1


def test_relink_after_import_adds_the_link_in_the_article_graph(store_settings, tmp_path, overlay):
    base = store_settings.base_iri
    cnn = base + "org/cnn"
    with open_store(store_settings) as st:
        assert relink(st, load_kb(overlay=overlay)).linked == []  # nothing new known yet
    assert _links(store_settings, cnn) == set()
    import_file(_dump(tmp_path, CNN_LINE), overlay, kb=load_kb(overlay=overlay))
    with open_store(store_settings) as st:
        result = relink(st, load_kb(overlay=overlay))
    assert [(label, qid) for _, label, qid in result.linked] == [("CNN", "Q48340")]
    assert _links(store_settings, cnn) == {(base + "article/a1", "http://www.wikidata.org/entity/Q48340")}
    # The Person named Jordan stays unlinked, and a second relink changes nothing.
    with open_store(store_settings) as st:
        assert relink(st, load_kb(overlay=overlay)).linked == []
        assert [r.label for r in unlinked_entities(st)] == ["Jordan"]


def test_cli_import_report_relink(store_settings, tmp_path, overlay):
    runner = CliRunner()
    store = ["--store", store_settings.store]
    out = runner.invoke(main, ["link", "report", *store, "--overlay", str(overlay)])
    assert out.exit_code == 0, out.output
    assert "CNN" in out.output and "Organization" in out.output
    out = runner.invoke(main, ["link", "import", str(_dump(tmp_path, CNN_LINE)), "--overlay", str(overlay), *store])
    assert out.exit_code == 0, out.output
    assert "1 added" in out.output and "linked CNN -> wd:Q48340" in out.output
    assert _links(store_settings, store_settings.base_iri + "org/cnn")
    out = runner.invoke(main, ["link", "relink", *store, "--overlay", str(overlay)])
    assert out.exit_code == 0 and "0 linked" in out.output
    out = runner.invoke(main, ["link", "import", str(tmp_path / "missing.json")])
    assert out.exit_code != 0


def test_an_unconfirmed_entity_does_not_share_a_linked_items_node(overlay):
    # "Rawalpindi" in an article that names no Pakistan: no link, and not the node that carries Q93230.
    found = _linked(
        {
            "place/rawalpindi": Entity("place/rawalpindi", "Place", "Rawalpindi"),
            "country/uk": Entity("country/uk", "Country", "Britain"),
        },
        load_kb(overlay=overlay),
        "Rawalpindi and Britain",
    )
    assert set(found.entities) == {"place/rawalpindi-unresolved", "country/united-kingdom"}
    assert found.entities["place/rawalpindi-unresolved"].wikidata is None
    assert {m.key for m in found.mentions} == {"place/rawalpindi-unresolved", "country/united-kingdom"}


def test_relink_on_a_remote_oxigraph_server(remote_settings, tmp_path, overlay):
    facts = _linked_facts(load_kb(overlay=overlay))
    minter = Minter(remote_settings.base_iri)
    graph = str(minter.article(facts.article.id))
    with open_store(remote_settings) as st:
        st.apply(Change(put={graph: facts_triples(facts, minter)}))
    import_file(_dump(tmp_path, CNN_LINE), overlay, kb=load_kb(overlay=overlay))
    with open_store(remote_settings) as st:
        assert "CNN" in [r.label for r in unlinked_entities(st)]
        result = relink(st, load_kb(overlay=overlay))
        assert [(label, qid) for _, label, qid in result.linked] == [("CNN", "Q48340")]
        assert "CNN" not in [r.label for r in unlinked_entities(st)]


@pytest.mark.slow
def test_seed_store_links_what_is_sure_and_reports_the_rest(seed_store):
    """The real pipeline on the seed: verified items linked, the unlinked ones reported."""
    with open_store(seed_store, read_only=True) as st:
        links = {
            s["l"].value: s["q"].value.rsplit("/", 1)[-1]
            for s in st.query(
                f"SELECT ?l ?q WHERE {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l ; <{OWL_SAME_AS}> ?q }}"
            )
        }
        unlinked = {r.label for r in unlinked_entities(st)}
    assert links.get("Pakistan") == "Q843" and links.get("Donald Trump") == "Q22686"
    assert "Q23792" not in links.values()  # never the Palestine region
    # Bodies and people the tables do not list stay unlinked and are reported.
    assert "Taliban" in unlinked and "Zabihullah Mujahid" in unlinked
    assert not unlinked & set(links)


def test_import_compressed_dump_and_persons_keep_the_full_name_rule(tmp_path, overlay):
    import gzip

    human = {
        "id": "Q22686",
        "labels": {"en": {"language": "en", "value": "Donald Trump"}},
        "aliases": {"en": [{"language": "en", "value": "Trump"}, {"language": "en", "value": "Donald John Trump"}]},
        "claims": {
            "P31": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "property": "P31",
                        "datavalue": {"value": {"entity-type": "item", "id": "Q5"}, "type": "wikibase-entityid"},
                    },
                    "type": "statement",
                    "rank": "normal",
                }
            ]
        },
    }
    path = tmp_path / "people.json.gz"
    path.write_bytes(gzip.compress((json.dumps(human) + "\n").encode()))
    assert import_file(path, overlay, kb=load_kb(overlay=overlay)).added == 1
    kb = load_kb(overlay=overlay)
    assert kb.lookup("Donald John Trump", "Person").qid == "Q22686"
    assert kb.lookup("Donald John Trump", "Person").key == "person/donald-trump"  # the shipped node
    assert kb.lookup("Trump", "Person") is None  # an imported one-word alias does not make a surname link
