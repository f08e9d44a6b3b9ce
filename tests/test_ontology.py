"""The ontology: it parses, covers every term the graph uses, is coherent, and OWL RL finds no clash in good data."""

from __future__ import annotations

import csv
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.cli.eval_cmd import load_scorer
from kg.model import Article, Entity, Event, Evidence, Facts, Membership, Position, Section
from kg.rdf import facts_to_dataset
from kg.validate import load_ontology
from kg.vocab import ENTITY_TYPES, EVENT_CATEGORIES, KG, ROLES

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
CAMEO = KG.cameoCode
PLOVER = KG.ploverCode
# Finer event classes the evaluation knows (EVALUATION.md) and the category each sits under: the scorer's own table.
FINE_TYPES = load_scorer().FINE_TO_CATEGORY


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def ancestors(g: Graph, cls) -> set:
    return set(g.transitive_objects(cls, RDFS.subClassOf))


def owl_rl_errors(data: Graph, onto: Graph) -> list[str]:
    """The inconsistencies owlrl finds (it adds err:ErrorMessage nodes rather than raising)."""
    g = Graph()
    g += data
    g += onto
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return sorted(
        str(m)
        for node in g.subjects(RDF.type, URIRef(ERR + "ErrorMessage"))
        for m in g.objects(node, URIRef(ERR + "error"))
    )


def kg_terms(onto: Graph) -> set[URIRef]:
    return {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}


# --- it parses and every term is documented ----------------------------------------------------


def test_ontology_parses_and_declares_an_owl_ontology(onto):
    assert (URIRef("https://w3id.org/newskg/ontology"), RDF.type, OWL.Ontology) in onto
    assert len(onto) > 300


def test_every_kg_term_has_a_label_and_a_comment(onto):
    undocumented = [
        t for t in kg_terms(onto) if onto.value(t, RDFS.label) is None or onto.value(t, RDFS.comment) is None
    ]
    assert undocumented == []


def test_every_term_kg_rdf_emits_is_declared(onto):
    """Builds a graph with every feature of kg.rdf and checks each kg: term in it against the ontology."""
    data = _rdf_fixture_dataset()
    used = {t for q in data.quads() for t in q[:3] if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    declared = kg_terms(onto)
    assert used - declared == set()
    assert len(used) > 30


def test_contract_classes_and_properties_are_declared(onto):
    for name in ENTITY_TYPES + EVENT_CATEGORIES + ("Article", "Position", "Event"):
        assert (KG[name], RDF.type, OWL.Class) in onto, name
    for name in (
        "holdsPosition",
        "title",
        "positionIn",
        "memberOf",
        "location",
        "date",
        "startDate",
        "endDate",
        "evidence",
    ) + ROLES:
        assert (KG[name], RDF.type, None) in onto, name


# --- the class tree ---------------------------------------------------------------------------


def test_event_categories_are_direct_subclasses_of_event(onto):
    for name in EVENT_CATEGORIES:
        assert (KG[name], RDFS.subClassOf, KG.Event) in onto, name


def test_every_finer_event_class_sits_under_exactly_one_category(onto):
    categories = {KG[c] for c in EVENT_CATEGORIES}
    events = {c for c in onto.subjects(RDFS.subClassOf, None) if KG.Event in ancestors(onto, c)}
    for cls in events - categories - {KG.Event}:
        assert len(ancestors(onto, cls) & categories) == 1, cls
    for fine, category in FINE_TYPES.items():
        assert KG[category] in ancestors(onto, KG[fine]), fine


def test_official_is_a_person_and_roles_are_participants(onto):
    assert (KG.Official, RDFS.subClassOf, KG.Person) in onto
    for role in ROLES[1:]:
        assert (KG[role], RDFS.subPropertyOf, KG.participant) in onto, role


def test_entity_subtypes_used_by_the_gazetteer_are_entity_classes(onto, repo_root):
    table = repo_root / "kg" / "extract" / "data" / "news-organizations.csv"
    if not table.exists():
        pytest.skip("no gazetteer table")
    with table.open(encoding="utf-8") as f:
        subtypes = {row["subtype"] for row in csv.DictReader(f) if row.get("subtype")}
    assert subtypes
    for name in subtypes | {"City", "Region", "Territory", "ArmedForces", "GovernmentBody"}:
        assert KG.Entity in ancestors(onto, KG[name]), name


def test_every_category_carries_cameo_and_plover_codes_or_says_why_not(onto):
    for name in EVENT_CATEGORIES:
        notations = list(onto.objects(KG[name], SKOS.notation))
        cameo = [n for n in notations if n.datatype == CAMEO]
        plover = [n for n in notations if n.datatype == PLOVER]
        comment = str(onto.value(KG[name], RDFS.comment))
        if not cameo:
            assert "CAMEO" in comment, name
        if not plover:
            assert "PLOVER" in comment, name
        assert all(len(c) == 2 and c.isdigit() for c in cameo), name
    assert Literal("04", datatype=CAMEO) in set(onto.objects(KG.Meeting, SKOS.notation))
    assert Literal("ASSAULT", datatype=PLOVER) in set(onto.objects(KG.MilitaryAction, SKOS.notation))


def test_alignments_to_the_vocabularies_people_query_with(onto):
    schema = "https://schema.org/"
    expected = [
        (KG.Country, RDFS.subClassOf, URIRef(schema + "Country")),
        (KG.Person, RDFS.subClassOf, URIRef(schema + "Person")),
        (KG.Event, RDFS.subClassOf, URIRef(schema + "Event")),
        (KG.Article, RDFS.subClassOf, URIRef(schema + "NewsArticle")),
        (KG.Position, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Post")),
        (KG.holdsPosition, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#holds")),
        (KG.positionIn, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#postIn")),
        (KG.memberOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#memberOf")),
        (KG.participant, RDFS.subPropertyOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor")),
        (KG.location, RDFS.subPropertyOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace")),
        (KG.date, RDFS.subPropertyOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp")),
        (KG.holdsPosition, KG.wikidataProperty, URIRef("http://www.wikidata.org/entity/P39")),
        (KG.memberOf, KG.wikidataProperty, URIRef("http://www.wikidata.org/entity/P463")),
        (KG.participant, KG.wikidataProperty, URIRef("http://www.wikidata.org/entity/P710")),
        (KG.location, KG.wikidataProperty, URIRef("http://www.wikidata.org/entity/P276")),
        (KG.date, KG.wikidataProperty, URIRef("http://www.wikidata.org/entity/P585")),
        (KG.Country, KG.wikidataClass, URIRef("http://www.wikidata.org/entity/Q6256")),
        (KG.Person, KG.wikidataClass, URIRef("http://www.wikidata.org/entity/Q5")),
    ]
    assert [t for t in expected if t not in onto] == []


# --- OWL RL: good data is consistent, clashing data is caught ---------------------------------------


def test_owl_rl_closure_of_the_good_fixture_has_no_clash(onto):
    data = Graph().parse(FIXTURES / "good.ttl")
    assert owl_rl_errors(data, onto) == []


def test_owl_rl_closure_of_kg_rdf_output_has_no_clash(onto):
    ds = _rdf_fixture_dataset()
    data = Graph()
    for s, p, o, _ in ds.quads():
        data.add((s, p, o))
    assert owl_rl_errors(data, onto) == []


def test_owl_rl_finds_a_country_that_is_also_an_organization(onto):
    data = Graph().parse(FIXTURES / "good.ttl")
    data.add((URIRef("https://w3id.org/newskg/id/org/imctc"), RDF.type, KG.Country))
    errors = owl_rl_errors(data, onto)
    assert any("Disjoint classes" in e and "org/imctc" in e for e in errors)


def test_owl_rl_infers_the_clash_a_wrong_range_implies(onto):
    """A country used as the organisation of a membership becomes an Organization, which clashes."""
    data = Graph().parse(FIXTURES / "good.ttl")
    data.add(
        (
            URIRef("https://w3id.org/newskg/id/country/afghanistan"),
            KG.memberOf,
            URIRef("https://w3id.org/newskg/id/country/pakistan"),
        )
    )
    errors = owl_rl_errors(data, onto)
    assert any("country/pakistan" in e for e in errors)


def test_owl_rl_finds_an_event_typed_as_an_article(onto):
    data = Graph().parse(FIXTURES / "good.ttl")
    data.add((URIRef("https://w3id.org/newskg/id/event/e1"), RDF.type, KG.Article))
    assert any("event/e1" in e for e in owl_rl_errors(data, onto))


# --- a graph made by kg.rdf from hand-built facts (shared with test_validate) -------------------------

BODY = (
    "Caption: troops near Kandahar.\n\nKABUL: Pakistan and Afghanistan agreed a ceasefire in Doha on "
    "Sunday. Foreign minister Ishaq Dar of Pakistan met Turkish officials. Pakistan is a member of the IMCTC."
)


def rdf_fixture_facts() -> Facts:
    def ev(sentence: str) -> Evidence:
        begin = BODY.index(sentence)
        return Evidence(sentence, begin, begin + len(sentence))

    art = Article(
        id="f1xture0000abcd",
        title="Ceasefire agreed",
        body=BODY,
        published="2025-10-20",
        url="https://example.org/a",
        dateline="KABUL",
        summary=("A ceasefire.",),
        sections=(Section("caption", 0, 30),),
        source_path="fixture.txt",
    )
    ents = {
        "country/pakistan": Entity(
            "country/pakistan", "Country", "Pakistan", {"Islamic Republic of Pakistan"}, wikidata="Q843"
        ),
        "country/afghanistan": Entity("country/afghanistan", "Country", "Afghanistan", wikidata="Q889"),
        "country/turkey": Entity("country/turkey", "Country", "Turkey", wikidata="Q43"),
        "place/doha": Entity("place/doha", "Place", "Doha", subtype="City", wikidata="Q3861"),
        "place/kandahar": Entity("place/kandahar", "Place", "Kandahar", subtype="Region"),
        "org/imctc": Entity("org/imctc", "Organization", "IMCTC", subtype="Alliance"),
        "org/pakistan-army": Entity("org/pakistan-army", "Organization", "Pakistan Army", subtype="ArmedForces"),
        "person/ishaq-dar": Entity("person/ishaq-dar", "Official", "Ishaq Dar"),
    }
    s1 = "KABUL: Pakistan and Afghanistan agreed a ceasefire in Doha on Sunday."
    s2 = "Foreign minister Ishaq Dar of Pakistan met Turkish officials."
    s3 = "Pakistan is a member of the IMCTC."
    return Facts(
        article=art,
        entities=ents,
        positions=[Position("person/ishaq-dar", "foreign minister", "country/pakistan", ev(s2), rank="Senator")],
        memberships=[Membership("country/pakistan", "org/imctc", ev(s3), confidence=0.7)],
        events=[
            Event(
                "Agreement",
                [ev(s1)],
                fine_type="Ceasefire",
                roles={"signatory": ["country/pakistan", "country/afghanistan"]},
                location="place/doha",
                date="2025-10-19",
                trigger="ceasefire",
            ),
            Event(
                "Meeting",
                [ev(s2)],
                roles={"participant": ["person/ishaq-dar", "country/turkey"]},
                start_date="2025-10",
                end_date="2025-10",
            ),
            Event(
                "MilitaryAction",
                [ev(s1)],
                fine_type="ArmedClash",
                roles={"attacker": ["org/pakistan-army"], "target": ["place/kandahar"]},
                date="2025",
                killed=5,
            ),
            Event("Statement", [ev(s3)], roles={"speaker": ["country/pakistan"]}, quote="member", confidence=0.5),
        ],
    )


def _rdf_fixture_dataset():
    return facts_to_dataset([rdf_fixture_facts()])
