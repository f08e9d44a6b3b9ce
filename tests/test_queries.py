"""Saved queries: the .rq library, parameter binding (never pasted as text), and every query's answers.

Exact answers are asserted on a small hand-made graph (two articles written for these tests, mapped to
RDF by the real kg.rdf and stored in a real embedded Oxigraph store); a few robust facts are asserted on
the graph the real pipeline builds from seeds/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from kg import saved_queries as sq
from kg.errors import QueryError
from kg.model import Article, Event, Evidence, Facts
from kg.rdf import facts_to_dataset
from kg.settings import Settings
from kg.stores import open_store
from tests.support.handmade_graph import BASE, COALITION_BODY, TALKS_BODY, entities, event_iri, iri, talks_facts

# The hand-made graph (tests/support/handmade_graph.py) is read through the fixtures `hm` and `hm_settings`
# (tests/conftest.py), shared with test_export.py and test_saved_queries_web.py.


def run(store, name: str, settings: Settings | None = None, **params) -> sq.QueryResult:
    return sq.run(store, sq.load(name), {k: str(v) for k, v in params.items()}, settings or Settings())


def rows(result: sq.QueryResult, *variables: str) -> list[tuple]:
    """The rows as tuples of lexical values (None where unbound), in the query's order."""
    return [tuple(None if r[v] is None else r[v].value for v in variables) for r in result.rows]


# --- the library ---------------------------------------------------------------------------------


def test_the_library_has_the_queries_users_need_each_with_a_title_and_a_description():
    queries = {q.name: q for q in sq.list_queries()}
    assert len(queries) >= 15
    for name in (
        "country-timeline",
        "who-met-whom",
        "mediators",
        "officials",
        "members",
        "clashes",
        "statements",
        "events-between-dates",
        "events-at-place",
        "most-active-actors",
        "unlinked-entities",
        "fact-evidence",
        "entity-neighbourhood",
        "wikidata-federated",
    ):
        assert name in queries
    for q in queries.values():
        assert q.title and q.title != q.name and q.description, q.name
    assert queries["entity-neighbourhood"].form == "CONSTRUCT"


def test_every_saved_query_is_valid_sparql_for_rdflib_too():
    from rdflib.plugins.sparql import prepareQuery

    for q in sq.list_queries():
        prepareQuery(q.text)  # raises on a syntax error; the federated query is checked without running it


def test_the_header_gives_typed_parameters_with_defaults_and_descriptions():
    q = sq.load("clashes")
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("a", "entity", "Pakistan"),
        ("b", "entity", "Afghanistan"),
    ]
    assert "one side" in q.params[0].description
    dates = sq.load("events-between-dates")
    assert [(p.name, p.type, p.required, p.has_value_default) for p in dates.params] == [
        ("from", "date", False, False),
        ("to", "date", False, False),
    ]


def test_a_header_with_an_unknown_type_or_an_unused_parameter_is_refused():
    head = "#+ title: t\n#+ description: d\n"
    with pytest.raises(QueryError, match="unknown type"):
        sq.parse_rq(head + "#+ param: x colour red — a colour\nSELECT * WHERE { ?s ?p ?x }", "bad")
    with pytest.raises(QueryError, match="never appears"):
        sq.parse_rq(head + "#+ param: y string a — text\nSELECT * WHERE { ?s ?p ?x }", "bad")
    with pytest.raises(QueryError, match="twice"):
        sq.parse_rq(head + "#+ param: x string a\n#+ param: x string b\nSELECT * WHERE { ?s ?p ?x }", "bad")


def test_a_path_to_any_rq_file_loads_and_an_unknown_name_is_an_error(tmp_path, hm):
    path = tmp_path / "countries.rq"
    path.write_text(
        "#+ title: Countries\n#+ param: name string Pakistan — a name\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?c WHERE { ?c rdfs:label ?name }\n",
        encoding="utf-8",
    )
    q = sq.load(str(path))
    assert q.name == "countries" and q.title == "Countries"
    assert rows(sq.run(hm, q, {}), "c") == [(iri("country/pakistan"),)]
    with pytest.raises(QueryError, match="no saved query"):
        sq.load("no-such-query")
    with pytest.raises(QueryError, match="no saved query"):
        sq.load("../kg/settings")


# --- binding: values are RDF terms, never query text -----------------------------------------------

INJECTIONS = [
    '"} ; DROP ALL ; {',
    "<x> } UNION { ?s ?p ?o",
    "') } UNION { ?s ?p ?o } #",
    '"""\n} LIMIT 0 #',
    '\\" } ?s ?p ?o',
]


def _quad_count(store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value)


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_attempt_in_a_string_parameter_is_only_ever_a_literal(hm, value):
    before = _quad_count(hm)
    q = sq.load("search-entities")
    bound = sq.bind(q, {"text": value}, hm)
    assert bound == {"text": [ox.Literal(value)]}  # exactly the value, as one literal
    result = sq.run(hm, q, {"text": value})
    assert result.rows == []  # no name contains it; a broken-out UNION would have returned every triple
    assert _quad_count(hm) == before


def test_the_bound_text_carries_the_value_escaped_inside_one_values_block(hm):
    q = sq.load("search-entities")
    text = sq.bound_text(q, sq.bind(q, {"text": '"} ; DROP ALL ; {'}, hm))
    assert 'VALUES ?text { "\\"} ; DROP ALL ; {" }' in text
    # The rest of the query is untouched: the value went into the VALUES block only.
    assert text.replace('\n  VALUES ?text { "\\"} ; DROP ALL ; {" }', "", 1) == q.text


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_attempt_in_an_iri_or_entity_parameter_is_refused_naming_the_parameter(hm, value):
    with pytest.raises(sq.ParameterError) as err:
        sq.run(hm, sq.load("most-active-actors"), {"category": value})
    assert err.value.param == "category"
    with pytest.raises(sq.ParameterError) as err:
        sq.run(hm, sq.load("members"), {"organization": value})
    assert err.value.param == "organization"


@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=30))
def test_any_text_searched_for_finds_only_names_that_contain_it(hm, text):
    result = sq.run(hm, sq.load("search-entities"), {"text": text})
    for matched in result.values("matched"):
        assert text.lower() in matched.lower()


def test_a_columns_values_are_its_terms_lexical_forms_a_triple_term_in_n_triples():
    # A SELECT may bind an RDF 1.2 triple term, which has no .value: values() once raised AttributeError on it.
    answer = ox.Store().query('SELECT ?t ?n WHERE { BIND(TRIPLE(<urn:a>, <urn:b>, "c") AS ?t) BIND("x" AS ?n) }')
    result = sq.collect(answer, "SELECT", 10)
    assert result.values("t") == ['<urn:a> <urn:b> "c"']
    assert result.values("n") == ["x"]


def test_an_entity_is_found_by_label_alias_key_wikidata_id_or_iri(hm):
    q = sq.load("members")
    expect = [ox.NamedNode(iri("country/turkey"))]
    for value in (
        "turkey",
        "Türkiye",
        "TURKIYE",
        "country/turkey",
        "Q43",
        "wd:Q43",
        "http://www.wikidata.org/entity/Q43",
        iri("country/turkey"),
        f"<{iri('country/turkey')}>",
    ):
        assert sq.bind(sq.load("memberships"), {"member": value}, hm) == {"member": expect}, value
    with pytest.raises(sq.ParameterError, match="no entity is named 'Atlantis'"):
        sq.bind(q, {"organization": "Atlantis"}, hm)
    with pytest.raises(sq.ParameterError, match="no entity is linked"):
        sq.bind(q, {"organization": "Q999999999"}, hm)


def test_bad_dates_integers_and_unknown_or_missing_parameters_are_refused_by_name(hm):
    q = sq.load("events-between-dates")
    for bad in ("2025-13-01", "2025-02-30", "yesterday", "25-10-01"):
        with pytest.raises(sq.ParameterError) as err:
            sq.bind(q, {"from": bad}, hm)
        assert err.value.param == "from"
    with pytest.raises(sq.ParameterError) as err:
        sq.bind(q, {"since": "2025"}, hm)
    assert err.value.param == "since" and "no such parameter" in str(err.value)
    required = sq.parse_rq("#+ param: n integer ! — a number\nSELECT ?n WHERE { BIND(1 AS ?x) }", "req")
    with pytest.raises(sq.ParameterError, match="required"):
        sq.bind(required, {}, hm)
    with pytest.raises(sq.ParameterError, match="not an integer"):
        sq.bind(required, {"n": "1e3"}, hm)
    assert rows(sq.run(hm, required, {"n": "42"}), "n") == [("42",)]


# --- the federated query ---------------------------------------------------------------------------


def test_the_federated_query_is_marked_and_refused_cleanly_where_service_is_not_allowed(hm):
    q = sq.load("wikidata-federated")
    assert q.services == ("https://query.wikidata.org/sparql",)
    assert "SERVICE <https://query.wikidata.org/sparql>" in q.text
    with pytest.raises(QueryError, match="service_allow"):
        sq.run(hm, q, {}, Settings())


def test_a_user_query_with_an_undeclared_service_is_refused_before_anything_is_sent(hm):
    q = sq.parse_rq("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "sneaky")
    with pytest.raises(QueryError, match="SERVICE"):
        sq.run(hm, q, {}, Settings(service_allow=("query.wikidata.org",)))


# --- every query's answer on the hand-made graph ---------------------------------------------------


def test_country_timeline_lists_the_events_of_a_country_in_date_order_with_roles(hm):
    r = run(hm, "country-timeline", country="Pakistan")
    got = rows(r, "date", "category", "role")
    K = "https://w3id.org/newskg/ontology#"
    assert got[0] == ("2025-09", K + "Agreement", K + "signatory")
    assert ("2025-10", K + "MilitaryAction", K + "attacker") in got
    assert ("2025-10", K + "MilitaryAction", K + "target") in got
    assert got[-1] == ("2025-10-27", K + "Negotiation", K + "participant")
    assert len(got) == 6
    talks = [row for row in r.rows if row["category"].value == K + "Negotiation"][0]
    assert talks["others"].value == "Afghanistan, Turkey" or talks["others"].value == "Turkey, Afghanistan"
    assert talks["place"].value == "Istanbul"
    assert talks["article"].value == iri("article/talks0000000001")


def test_who_met_whom_pairs_the_participants_of_meetings_and_talks(hm):
    pairs = {(a, b) for a, b in rows(run(hm, "who-met-whom"), "aLabel", "bLabel")}
    assert pairs == {
        ("Afghanistan", "Pakistan"),
        ("Afghanistan", "Turkey"),
        ("Pakistan", "Turkey"),
        ("Asim Munir", "Mohammed Al-Moghedi"),
    }
    mine = rows(run(hm, "who-met-whom", actor="Asim Munir"), "aLabel", "bLabel", "place", "date")
    assert mine == [("Asim Munir", "Mohammed Al-Moghedi", "Rawalpindi", "2026-02-02")]


def test_co_participants_are_the_network_edges_one_row_per_pair_and_category(hm):
    K = "https://w3id.org/newskg/ontology#"
    got = rows(run(hm, "co-participants", entity="Pakistan"), "aLabel", "bLabel", "category", "events")
    assert len(got) == len(set(got)) == 7  # each pair and category once, however many articles tell it
    assert ("Afghanistan", "Pakistan", K + "Negotiation", "1") in got
    assert ("Pakistan", "Tehrik-i-Taliban Pakistan", K + "MilitaryAction", "1") in got
    assert all("Pakistan" in (a, b) for a, b, _, _ in got)
    day = rows(run(hm, "co-participants", **{"from": "2025-10-27", "to": "2025-10-27"}), "aLabel", "bLabel")
    assert day == [("Afghanistan", "Pakistan"), ("Afghanistan", "Turkey"), ("Pakistan", "Turkey")]  # the Istanbul talks


def test_timeline_lists_each_dated_event_once_with_its_category_and_a_to_date_takes_its_whole_month(hm):
    K = "https://w3id.org/newskg/ontology#"
    mine = rows(run(hm, "timeline", entity="Pakistan"), "category", "date")
    assert mine[0] == (K + "Agreement", "2025-09") and mine[-1] == (K + "Negotiation", "2025-10-27")
    assert len(mine) == 6  # the same six events as country-timeline
    october = rows(run(hm, "timeline", **{"from": "2025-10", "to": "2025-10"}), "date")
    assert october and all(d.startswith("2025-10") for (d,) in october) and ("2025-10-27",) in october


def test_events_by_place_counts_each_located_event_once_with_the_places_wikidata_item(hm):
    got = rows(run(hm, "events-by-place", entity="Pakistan"), "placeLabel", "wikidata", "events")
    assert got == [
        ("Doha", "http://www.wikidata.org/entity/Q3861", "1"),
        ("Istanbul", "http://www.wikidata.org/entity/Q406", "1"),
        ("Kabul", "http://www.wikidata.org/entity/Q5838", "1"),
    ]
    later = rows(run(hm, "events-by-place", **{"from": "2025-10-27"}), "placeLabel")
    assert later == [("Istanbul",), ("Rawalpindi",)]


def test_mediators_lists_turkey_for_the_talks_and_the_offer_of_trump(hm):
    got = rows(run(hm, "mediators"), "mediatorLabel", "category", "parties", "place")
    K = "https://w3id.org/newskg/ontology#"
    assert ("Donald Trump", K + "MediationOffer", None, "Kuala Lumpur") in got
    turkey = [g for g in got if g[0] == "Turkey"]
    assert len(turkey) == 1 and turkey[0][1] == K + "Negotiation" and turkey[0][3] == "Istanbul"
    assert sorted(turkey[0][2].split(", ")) == ["Afghanistan", "Pakistan"]
    assert rows(run(hm, "mediators", mediator="Turkiye"), "mediatorLabel") == [("Turkey",)]


def test_officials_of_a_country_or_organization_with_posts_ranks_and_former_posts(hm):
    got = rows(run(hm, "officials", of="Pakistan"), "personLabel", "title", "former", "rank")
    assert got == [
        ("Asim Munir", "chief of defense forces", "false", "Field Marshal"),
        ("Raheel Sharif", "army chief", "true", None),
    ]
    assert rows(run(hm, "officials", of="Taliban"), "personLabel", "title") == [("Zabihullah Mujahid", "spokesperson")]


def test_members_of_an_organization(hm):
    got = rows(run(hm, "members", organization="IMCTC"), "memberLabel", "wikidata")
    assert got == [
        ("Pakistan", "http://www.wikidata.org/entity/Q843"),
        ("Saudi Arabia", "http://www.wikidata.org/entity/Q851"),
        ("Turkey", "http://www.wikidata.org/entity/Q43"),
    ]


def test_memberships_of_a_country(hm):
    assert rows(run(hm, "memberships", member="Saudi Arabia"), "organizationLabel") == [
        ("Islamic Military Counter Terrorism Coalition",)
    ]
    assert run(hm, "memberships", member="Afghanistan").rows == []


def test_clashes_between_two_actors_in_any_role(hm):
    assert rows(run(hm, "clashes"), "date") == [("2025-10",)]  # Pakistan and Afghanistan: the border clashes
    got = rows(run(hm, "clashes", a="Pakistan", b="Pakistani Taliban"), "type", "attackerLabel", "targetLabel", "place")
    assert got == [("https://w3id.org/newskg/ontology#AirStrike", "Pakistan", "Tehrik-i-Taliban Pakistan", "Kabul")]
    assert rows(run(hm, "clashes", a="Taliban", b="Pakistan"), "killed") == [("23",)]
    assert run(hm, "clashes", a="Turkey", b="Pakistan").rows == []


def test_statements_of_an_official_with_the_quote_and_the_sentence(hm):
    got = rows(run(hm, "statements", speaker="Zabihullah Mujahid"), "speakerLabel", "quote", "date", "headline")
    assert got == [("Zabihullah Mujahid", "We support dialogue.", "2025-10-27", "Talks enter third day")]
    sentence = run(hm, "statements").rows[0]["sentence"].value
    assert sentence.startswith("Taliban spokesperson Zabihullah Mujahid said")
    assert run(hm, "statements", speaker="Donald Trump").rows == []


def test_events_between_dates_counts_months_and_years_that_overlap_the_range(hm):
    got = rows(run(hm, "events-between-dates", **{"from": "2025-10-20", "to": "2025-10-31"}), "date")
    # The three October events dated by month overlap; the ceasefire (19th) does not, the offer and talks do.
    assert got == [("2025-10",)] * 3 + [("2025-10-26",), ("2025-10-27",), ("2025-10-27",)]
    assert rows(run(hm, "events-between-dates", to="2025-09"), "date") == [("2025-09",)]
    assert rows(run(hm, "events-between-dates", **{"from": "2026"}), "date") == [("2026-02-02",)]
    assert len(run(hm, "events-between-dates").rows) == 9


def test_events_at_a_place(hm):
    got = rows(run(hm, "events-at-place", place="Doha"), "date", "category")
    assert got == [("2025-10-19", "https://w3id.org/newskg/ontology#Agreement")]
    istanbul = run(hm, "events-at-place", place="Istanbul").rows
    assert sorted(istanbul[0]["actors"].value.split(", ")) == ["Afghanistan", "Pakistan", "Turkey"]
    # Empty: the events at any place, each with its place (the default fits any corpus).
    anywhere = rows(run(hm, "events-at-place"), "placeLabel")
    assert sorted(anywhere) == [("Doha",), ("Istanbul",), ("Kabul",), ("Kuala Lumpur",), ("Rawalpindi",)]


def test_most_active_actors_ranks_by_distinct_events_and_filters_by_category(hm):
    got = rows(run(hm, "most-active-actors"), "actorLabel", "events")
    assert got[:2] == [("Pakistan", "6"), ("Afghanistan", "3")]
    military = rows(run(hm, "most-active-actors", category="kg:MilitaryAction"), "actorLabel", "events")
    assert military[0] == ("Pakistan", "3")
    assert ("Taliban", "1") in military and ("Donald Trump", "1") not in military


def test_unlinked_entities_are_those_without_a_wikidata_item(hm):
    got = {label for (label,) in rows(run(hm, "unlinked-entities"), "label")}
    assert got == {
        "Taliban",
        "Tehrik-i-Taliban Pakistan",
        "Islamic Military Counter Terrorism Coalition",
        "Zabihullah Mujahid",
        "Asim Munir",
        "Mohammed Al-Moghedi",
        "Raheel Sharif",
    }
    assert {label for (label,) in rows(run(hm, "unlinked-entities", type="kg:Organization"), "label")} == {
        "Taliban",
        "Tehrik-i-Taliban Pakistan",
        "Islamic Military Counter Terrorism Coalition",
    }


def test_fact_evidence_gives_the_sentence_at_its_offsets_in_the_article(hm):
    result = run(hm, "fact-evidence", about="Turkey")
    kinds = sorted(r["kind"].value.rsplit("#", 1)[1] for r in result.rows)
    assert kinds == ["Event", "MembershipStatement"]
    bodies = {iri("article/talks0000000001"): TALKS_BODY, iri("article/coalition000002"): COALITION_BODY}
    for r in run(hm, "fact-evidence").rows:
        begin, end = int(r["begin"].value), int(r["end"].value)
        assert bodies[r["article"].value][begin:end] == r["sentence"].value
    one = event_iri(talks_facts(), 5)  # the statement
    got = rows(run(hm, "fact-evidence", fact=one), "headline", "published")
    assert got == [("Talks enter third day", "2025-10-27")]


def test_fact_evidence_pages_on_from_an_article_and_the_pages_join_into_the_whole_list(hm):
    columns = ("fact", "sentence", "begin", "article")
    whole = rows(run(hm, "fact-evidence"), *columns)
    articles = sorted({r[3] for r in whole})
    assert len(articles) == 2
    # The next page starts at the article of the last row of the previous one: that article's rows come again whole.
    second = rows(run(hm, "fact-evidence", from_article=articles[1]), *columns)
    assert second == [r for r in whole if r[3] == articles[1]]
    assert [r for r in whole if r[3] == articles[0]] + second == whole


def test_entity_neighbourhood_is_a_graph_of_the_entity_its_events_and_their_labels(hm):
    result = run(hm, "entity-neighbourhood", entity="Turkey")
    assert result.form == "CONSTRUCT"
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in result.triples}
    K = "https://w3id.org/newskg/ontology#"
    talks = event_iri(talks_facts(), 0)
    assert (
        iri("country/turkey"),
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.wikidata.org/entity/Q43",
    ) in triples
    assert (talks, K + "mediator", iri("country/turkey")) in triples
    assert (talks, K + "location", iri("place/istanbul")) in triples
    assert (iri("place/istanbul"), "http://www.w3.org/2000/01/rdf-schema#label", "Istanbul") in triples
    assert (iri("country/turkey"), K + "memberOf", iri("org/imctc")) in triples
    assert not any(p == K + "evidence" for _, p, _ in triples)


def test_posts_of_a_person_with_the_sentence(hm):
    got = rows(run(hm, "posts-of-person", person="Mohammed Al-Moghedi"), "title", "ofLabel", "former")
    assert got == [("secretary-general", "Islamic Military Counter Terrorism Coalition", "false")]
    everyone = rows(run(hm, "posts-of-person"), "personLabel", "title")
    assert ("Donald Trump", "president") in everyone and ("Raheel Sharif", "army chief") in everyone
    assert len(everyone) == 5


def test_an_entity_default_missing_from_the_graph_means_all_but_a_given_missing_entity_is_an_error(hm):
    q = sq.parse_rq(
        "#+ param: place entity Atlantis — a place\n"
        "SELECT DISTINCT ?event WHERE { ?event <https://w3id.org/newskg/ontology#location> ?place }",
        "located",
    )
    assert len(sq.run(hm, q, {}, Settings()).rows) == 5
    with pytest.raises(sq.ParameterError, match="Atlantis"):
        sq.run(hm, q, {"place": "Atlantis"}, Settings())


def test_a_fact_stated_by_several_articles_gives_each_sentence_with_its_own_article(tmp_path):
    # The same undated statement (same speaker, same IRI) read from two articles, each with its sentence.
    def said(article_id: str, title: str, body: str) -> Facts:
        art = Article(id=article_id, title=title, body=body, published="2025-11-0" + article_id[-1])
        return Facts(
            article=art,
            entities={k: v for k, v in entities().items() if k == "person/donald-trump"},
            events=[
                Event(
                    "Statement",
                    [Evidence(body, 0, len(body))],
                    roles={"speaker": ["person/donald-trump"]},
                    quote="Peace now.",
                )
            ],
        )

    settings = Settings(store=str(tmp_path / "store"))
    quads = list(
        ox.parse(
            facts_to_dataset(
                [
                    said("first0000000001", "First", "Trump said: Peace now."),
                    said("second000000002", "Second", "Trump repeated: Peace now."),
                ],
                BASE,
            )
            .serialize(format="nquads")
            .encode(),
            format=ox.RdfFormat.N_QUADS,
        )
    )
    store = open_store(settings)
    try:
        for graph in sorted({q.graph_name.value for q in quads}):
            store.replace_graph(graph, [q for q in quads if q.graph_name.value == graph])
    finally:
        store.close()
    store = open_store(settings, read_only=True)
    try:
        got = sorted(rows(run(store, "statements"), "sentence", "headline", "speakerLabel"))
        assert got == [
            ("Trump repeated: Peace now.", "Second", "Donald Trump"),
            ("Trump said: Peace now.", "First", "Donald Trump"),
        ]
        evidence = sorted(rows(run(store, "fact-evidence", about="Donald Trump"), "sentence", "headline"))
        assert evidence == [("Trump repeated: Peace now.", "Second"), ("Trump said: Peace now.", "First")]
    finally:
        store.close()


def test_event_categories_counts_events_and_articles(hm):
    got = {
        c.rsplit("#", 1)[1]: (n, a) for c, n, a in rows(run(hm, "event-categories"), "category", "events", "articles")
    }
    assert got == {
        "MilitaryAction": ("3", "1"),
        "Agreement": ("2", "2"),
        "Negotiation": ("1", "1"),
        "Statement": ("1", "1"),
        "MediationOffer": ("1", "1"),
        "Meeting": ("1", "1"),
    }


def test_articles_with_their_event_counts_and_by_mention(hm):
    assert rows(run(hm, "articles"), "headline", "events") == [
        ("Coalition and Pakistan deepen cooperation", "2"),
        ("Talks enter third day", "7"),
    ]
    assert rows(run(hm, "articles", mentions="Donald Trump"), "headline") == [("Talks enter third day",)]


def test_attacks_by_attacker_and_target(hm):
    assert rows(run(hm, "attacks"), "attackerLabel", "targetLabel") == [
        ("Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("Taliban", "Pakistan"),
    ] or sorted(rows(run(hm, "attacks"), "attackerLabel", "targetLabel")) == [
        ("Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("Taliban", "Pakistan"),
    ]
    assert rows(run(hm, "attacks", target="Pakistan"), "attackerLabel", "killed") == [("Taliban", "23")]
    assert rows(run(hm, "attacks", attacker="Pakistan"), "targetLabel", "place") == [
        ("Tehrik-i-Taliban Pakistan", "Kabul")
    ]


def test_agreements_with_their_parties(hm):
    got = [(d, t, sorted(p.split(", "))) for d, t, p in rows(run(hm, "agreements"), "date", "type", "parties")]
    assert got == [
        ("2025-09", None, ["Pakistan", "Saudi Arabia"]),
        ("2025-10-19", "https://w3id.org/newskg/ontology#Ceasefire", ["Afghanistan", "Pakistan"]),
    ]
    assert rows(run(hm, "agreements", party="Saudi Arabia"), "date") == [("2025-09",)]


def test_search_entities_by_part_of_a_name_or_alias(hm):
    got = rows(run(hm, "search-entities", text="taliban"), "label")
    assert got == [("Taliban",), ("Tehrik-i-Taliban Pakistan",)]  # one row each, however many names match
    assert rows(run(hm, "search-entities", text="Türk"), "label") == [("Turkey",)]


def test_every_library_query_is_asserted_by_a_test_in_this_module():
    source = Path(__file__).read_text(encoding="utf-8")
    for q in sq.list_queries():
        assert f'"{q.name}"' in source, f"{q.name} has no test"


def test_results_serialise_as_w3c_json_csv_tsv_and_a_graph_as_turtle_or_json_ld(hm):
    import csv
    import io
    import json

    result = run(hm, "members")
    data = json.loads(sq.serialize(result, "json"))
    assert data["head"]["vars"] == ["memberLabel", "type", "member", "wikidata"]
    assert data["results"]["bindings"][0]["member"] == {"type": "uri", "value": iri("country/pakistan")}
    table = list(csv.reader(io.StringIO(sq.serialize(result, "csv").decode())))
    assert table[0] == ["memberLabel", "type", "member", "wikidata"] and table[1][0] == "Pakistan"
    assert sq.serialize(result, "tsv").decode().splitlines()[1].startswith('"Pakistan"\t')
    graph = run(hm, "entity-neighbourhood", entity="Turkey")
    turtle = sq.serialize(graph, "turtle")
    assert b"@prefix kg:" in turtle
    assert len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == len(graph.triples)
    assert len(list(ox.parse(sq.serialize(graph, "json"), ox.RdfFormat.JSON_LD))) == len(graph.triples)


def test_results_are_capped_at_max_rows_and_say_so(hm):
    result = run(hm, "fact-evidence", Settings(max_rows=3))
    assert len(result.rows) == 3 and result.truncated
    assert not run(hm, "members").truncated


# --- the command line ------------------------------------------------------------------------------


def kg(args: list[str]):
    """Runs the real `kg` command in-process."""
    from kg.cli import main

    return CliRunner().invoke(main, args)


def test_kg_query_runs_a_saved_query_with_params_as_csv(hm_settings):
    out = kg(["--store", hm_settings.store, "query", "members", "--param", "organization=IMCTC", "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = out.output.strip().splitlines()
    assert lines[0] == "memberLabel,type,member,wikidata"
    assert [line.split(",")[0] for line in lines[1:]] == ["Pakistan", "Saudi Arabia", "Turkey"]


def test_kg_query_defaults_to_json_when_piped_and_takes_a_rq_path(hm_settings, tmp_path):
    import json

    path = tmp_path / "labels.rq"
    path.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?l WHERE { <https://w3id.org/newskg/id/place/doha> rdfs:label ?l }\n"
    )
    out = kg(["--store", hm_settings.store, "query", str(path)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["results"]["bindings"] == [{"l": {"type": "literal", "value": "Doha"}}]


def test_kg_query_table_and_list(hm_settings):
    out = kg(["--store", hm_settings.store, "query", "officials", "-p", "of=Taliban", "--format", "table"])
    assert out.exit_code == 0, out.output
    assert "Zabihullah Mujahid" in out.output and "spokesperson" in out.output and "1 row" in out.output
    listing = kg(["query", "--list", "--format", "json"])
    import json

    names = [q["name"] for q in json.loads(listing.output)]
    assert "country-timeline" in names and len(names) >= 15


def test_kg_query_names_a_bad_parameter_and_exits_2(hm_settings):
    out = kg(["--store", hm_settings.store, "query", "officials", "-p", "of=Atlantis"])
    assert out.exit_code == 2
    assert "parameter 'of'" in out.output and "Atlantis" in out.output
    out = kg(["--store", hm_settings.store, "query", "officials", "-p", "colour=red"])
    assert out.exit_code == 2 and "parameter 'colour'" in out.output


def test_kg_query_runs_without_loading_the_web_layer(hm_settings):
    # A fresh interpreter: what `kg query` imports, and nothing the tests imported before.
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:], prog_name='kg')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "web = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug') or m.startswith('kg.web'))\n"
        "print('web modules loaded:', web, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "--store",
            hm_settings.store,
            "query",
            "members",
            "-p",
            "organization=IMCTC",
            "--format",
            "xml",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "<literal>Saudi Arabia</literal>" in done.stdout  # it ran, through the results serialiser
    assert "web modules loaded: []" in done.stderr


def test_kg_query_show_prints_the_bound_query(hm_settings):
    out = kg(["--store", hm_settings.store, "query", "members", "--show"])
    assert out.exit_code == 0, out.output
    assert f"VALUES ?organization {{ <{iri('org/imctc')}> }}" in out.output


# --- the graph the real pipeline builds from seeds/ ------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_store):
    store = open_store(seed_store, read_only=True)
    yield store
    store.close()


@pytest.mark.slow
def test_on_the_seed_graph_the_imctc_members_include_pakistan_and_saudi_arabia(seed, seed_store):
    members = set(run(seed, "members", seed_store, organization="IMCTC").values("memberLabel"))
    assert {"Pakistan", "Saudi Arabia"} <= members


@pytest.mark.slow
def test_on_the_seed_graph_turkey_mediated_the_talks(seed, seed_store):
    result = run(seed, "mediators", seed_store, mediator="Q43")  # Turkey by its Wikidata id: labels vary
    assert "https://w3id.org/newskg/ontology#Negotiation" in result.values("category")


@pytest.mark.slow
def test_on_the_seed_graph_zabihullah_mujahid_is_a_spokesperson_of_the_taliban(seed, seed_store):
    got = rows(run(seed, "officials", seed_store, of="Taliban"), "personLabel", "title")
    assert any(p == "Zabihullah Mujahid" and "spokes" in t for p, t in got)


@pytest.mark.slow
def test_on_the_seed_graph_every_saved_query_runs_and_answers(seed, seed_store):
    answered = {}
    for q in sq.list_queries():
        if q.services:
            continue
        result = sq.run(seed, q, {}, seed_store)
        answered[q.name] = len(result.rows) + len(result.triples)
    # Every query has an answer on the seed articles with its default parameters.
    assert all(n > 0 for n in answered.values()), answered
    assert len(answered) == len(sq.list_queries()) - 1
