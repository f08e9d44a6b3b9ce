"""The explorer's pages over a real `kg serve`: one row per fact with the number of articles behind it, events
paged and filtered, sources on demand, search with suggestions and "did you mean", the annotated article, and
the same readable names in `kg query` tables."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from click.testing import CliRunner

from tests.support.explorer_store import PRIVATE_PATH, write_explorer_store
from tests.support.served import server_fixture, store_fixture
from tests.support.web import http

pytestmark = pytest.mark.slow

ID = "https://w3id.org/newskg/id/"


store = store_fixture("explorer", write_explorer_store)
server = server_fixture()


def page(url: str) -> str:
    status, headers, body = http("GET", url, headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html"), (status, body[:300])
    return body.decode("utf-8")


def rows(html: str, table: str) -> list[str]:
    """The text of each row of one facts table (tags stripped)."""
    m = re.search(rf'<table class="facts (?:grid )?{table}">(.*?)</table>', html, re.S)
    assert m, f"no {table} table"
    return [
        " ".join(re.sub(r"<[^>]+>", " ", r).split())
        for r in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)
        if "<td" in r
    ]


def test_a_post_read_in_five_articles_is_one_row_that_says_five(server):
    posts = rows(page(f"{server}/id/person/anna-berg"), "positions")
    assert len(posts) == 1
    assert posts[0].startswith("foreign minister of Ruritania")
    assert "5 articles" in posts[0] and "20 Oct 2025 – 24 Oct 2025" in posts[0]


def test_office_holders_and_members_are_one_row_per_fact(server):
    holders = rows(page(f"{server}/id/country/freedonia"), "holders")
    assert len(holders) == 1 and holders[0].startswith("Tom Marsh — defence minister") and "30 articles" in holders[0]
    members = rows(page(f"{server}/id/org/northern-alliance"), "members")
    assert len(members) == 1 and members[0].startswith("Freedonia") and "3 articles" in members[0]


def test_an_undated_event_told_by_two_near_copies_is_one_row_with_both_sources(server):
    events = [e for e in rows(page(f"{server}/id/country/freedonia"), "events") if e.startswith("Statement")]
    assert len(events) == 1 and "2 articles" in events[0] and "3 Nov 2025" in events[0]
    html = page(f"{server}/id/country/freedonia")
    link = re.search(r'data-src="(/sources\?[^"]*kind=event[^"]*)"', html.split("Statement — Freedonia")[1]).group(1)
    assert link.count("s=") == 2
    assert len(re.findall(r"<li>", page(server + link.replace("&amp;", "&")))) == 2


def test_events_are_paged_not_cut_and_no_event_is_on_two_pages(server):
    first = page(f"{server}/id/person/anna-berg")
    assert 'Events <span class="muted">(35)</span>' in first and "page 1 of 2 (35)" in first
    one = re.findall(r'href="(/id/event/[0-9a-f]+)"', first.split('class="facts events"')[1])
    second = page(f"{server}/id/person/anna-berg?events_page=2")
    two = re.findall(r'href="(/id/event/[0-9a-f]+)"', second.split('class="facts events"')[1])
    assert len(set(one)) == 25 and len(set(two)) == 10 and not set(one) & set(two)


def test_events_filter_by_category_and_dates(server):
    html = page(f"{server}/id/person/anna-berg?category=Negotiation")
    events = rows(html, "events")
    assert len(events) == 10 and all(e.startswith("Negotiation — Anna Berg, Tom Marsh · Zenda · ") for e in events)
    assert '<option value="Meeting">Meeting (20)</option>' in html  # the categories with their counts
    dated = rows(page(f"{server}/id/person/anna-berg?from=2024-06&to=2024-07"), "events")
    assert dated and all(re.search(r"· \d+ (Jun|Jul) 2024", e) for e in dated)


def test_an_event_and_an_article_are_titled_in_words(server):
    html = page(f"{server}/id/country/ruritania")
    ceasefire = re.search(r'href="(/id/event/[0-9a-f]+)">Ceasefire — Freedonia, Ruritania · Zenda · 20 Oct 2025<', html)
    assert ceasefire
    event = page(server + ceasefire.group(1))
    assert '<h1 id="label">Ceasefire — Freedonia, Ruritania · Zenda · 20 Oct 2025</h1>' in event
    assert '<h1 id="label">Talks in Zenda, day 0 · zenda-post.example · 20 Oct 2025</h1>' in page(
        f"{server}/id/article/post0"
    )
    assert '<h1 id="label">Talks in Zenda, day 1 · Gulf Desk · 21 Oct 2025</h1>' in page(f"{server}/id/article/post1")


def test_the_sources_of_a_fact_are_its_articles_with_their_sentences(server):
    query = urllib.parse.urlencode(
        {"kind": "post", "s": ID + "person/anna-berg", "title": "foreign minister", "of": ID + "country/ruritania"}
    )
    html = page(f"{server}/sources?{query}")
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    assert len(items) == 5 and "5 articles" in html
    assert "Talks in Zenda, day 1 · Gulf Desk · 21 Oct 2025" in html
    assert 'href="/id/article/post3#m-0-91">Ruritanian foreign minister Anna Berg said on day 3' in html


def test_no_page_shows_the_builders_local_file_path(server):
    for path in (
        "/id/article/post2",
        "/id/person/anna-berg",
        "/id/country/ruritania",
        "/sources?kind=event&s=" + urllib.parse.quote(ID + "person/anna-berg"),
    ):
        status, _, body = http("GET", server + path, headers={"Accept": "text/html"})
        assert PRIVATE_PATH.encode() not in body and b"/home/builder" not in body, path


def test_search_suggests_one_row_per_entity_with_type_count_and_wikidata(server):
    _, _, body = http("GET", f"{server}/search/suggest?q=rurit")
    results = json.loads(body)["results"]
    assert [r["label"] for r in results] == ["Ruritania"]  # its label and its alias match: still one row
    assert results[0] == {
        "label": "Ruritania",
        "type": "Country",
        "href": "/id/country/ruritania",
        "count": 5,
        "wikidata": "Q9990001",
        "alias": "",
    }
    _, _, body = http("GET", f"{server}/search/suggest?q=Q9990002")
    assert [r["label"] for r in json.loads(body)["results"]] == ["Freedonia"]
    _, _, body = http("GET", f"{server}/search/suggest?q=a&type=Official")
    assert json.loads(body)["results"] == []  # one letter: too short to suggest
    _, _, body = http("GET", f"{server}/search/suggest?q=an")
    assert {r["label"] for r in json.loads(body)["results"]} == {
        "Anna Berg",
        "Ruritania",
        "Northern Alliance",
        "Istanbul",
    }
    _, _, body = http("GET", f"{server}/search/suggest?q=an&type=Official")  # by type
    assert [r["label"] for r in json.loads(body)["results"]] == ["Anna Berg"]


def test_an_unknown_name_gets_did_you_mean(server):
    html = page(f"{server}/search?q=Ruritnia")
    assert "Nothing is called “Ruritnia”" in html
    assert 'Did you mean <a href="/search?q=Ruritania">Ruritania</a>' in html
    _, _, body = http("GET", f"{server}/search/suggest?q=Fredonia")
    assert json.loads(body)["did_you_mean"] == ["Freedonia"]


def test_the_search_page_lists_types_and_counts(server):
    html = page(f"{server}/search?q=Zenda")
    assert '<a href="/id/place/zenda">Zenda</a> <span class="type type-Place">Place</span>' in html
    assert "25 articles" in html


def test_the_article_text_links_its_entities_and_triggers_and_anchors_its_sentences(server):
    html = page(f"{server}/id/article/post1")
    text = html.split('id="text"')[1]
    assert '<a class="ann ann-Person" href="/id/person/anna-berg" title="Person">Anna Berg</a>' in text
    assert '<a class="ann ann-Country" href="/id/country/ruritania" title="Country">Ruritanian</a>' in text
    assert re.search(
        r'<a class="ann ann-trigger" href="/id/event/[0-9a-f]+" title="Ceasefire \(event trigger\)">agreed</a>', text
    )
    assert '<span class="evidence-text" id="m-0-91">' in text  # where the post's evidence links to


def test_kg_query_tables_name_resources_in_words(store):
    from kg.cli import main

    out = CliRunner().invoke(
        main, ["--store", str(store), "query", "who-met-whom", "--format", "table"], env={"COLUMNS": "400"}
    )
    assert out.exit_code == 0, out.output
    assert "Negotiation — Anna Berg, Tom Marsh · Zenda · 1 Jan 2024" in out.output
    assert "https://" not in out.output and "kg:Negotiation" in out.output


def test_the_network_around_an_actor_is_its_pairs_by_category_with_counts(server):
    html = page(f"{server}/network?entity=Anna+Berg")
    edges = rows(html, "network-edges")
    assert edges == ["Anna Berg Tom Marsh Meeting 20", "Anna Berg Tom Marsh Negotiation 10"]
    data = json.loads(
        re.search(r'<script id="network-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert {n["label"] for n in data["nodes"]} == {"Anna Berg", "Tom Marsh"} and len(data["edges"]) == 2
    # A date range: only the ceasefire of October 2025 is left.
    assert rows(page(f"{server}/network?from=2025-10"), "network-edges") == ["Freedonia Ruritania Agreement 1"]


def test_a_picture_of_an_unknown_actor_says_did_you_mean(server):
    status, _, body = http("GET", f"{server}/network?entity=Anna+Bergg", headers={"Accept": "text/html"})
    assert status == 400
    assert (
        'did you mean\n  <a class="did-you-mean" href="?entity=Anna+Berg&amp;from=&amp;to=">Anna Berg</a>'
        in body.decode()
    )


def test_the_timeline_has_a_point_per_dated_event_and_counts_by_year(server):
    html = page(f"{server}/timeline?entity=" + urllib.parse.quote(ID + "person/anna-berg"))
    assert "<h1>Timeline of Anna Berg</h1>" in html
    points = json.loads(
        re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert len(points) == 35 and {p["label"] for p in points} == {"Meeting", "Negotiation", "Statement"}
    assert points[0]["title"].startswith("Negotiation — Anna Berg, Tom Marsh · Zenda · 1 Jan 2024")
    counts = rows(html, "timeline-counts")
    assert counts == ["Statement 5", "Negotiation 10", "Meeting 20"]


def test_a_saved_query_form_with_an_unknown_name_offers_the_nearest_names_as_links(server):
    status, _, body = http("GET", f"{server}/queries/who-met-whom?actor=Ana+Berg", headers={"Accept": "text/html"})
    html = body.decode()
    assert status == 400 and "no entity is named &#39;Ana Berg&#39;" in html
    assert 'Did you mean <a href="/queries/who-met-whom?actor=Anna+Berg">Anna Berg</a>?' in html


def test_kg_query_with_an_unknown_name_says_did_you_mean(store):
    from kg.cli import main

    out = CliRunner().invoke(main, ["--store", str(store), "query", "who-met-whom", "-p", "actor=Tom Marh"])
    assert out.exit_code == 2
    assert "no entity is named 'Tom Marh' (did you mean 'Tom Marsh'?)" in out.output


def test_the_map_places_located_places_sized_by_events_and_lists_the_others(server):
    html = page(f"{server}/map?entity=Anna+Berg")
    assert rows(html, "map-places") == ["Istanbul 10"]
    points = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert points == [
        {"label": "Istanbul", "href": "/id/place/istanbul", "events": 10, "lat": 41.104996, "lon": 29.010002}
    ]
    assert re.search(r'Not on the map \(no coordinates known\):\s*<a href="/id/place/zenda">Zenda</a> \(20\)', html)


def test_outlets_are_listed_with_their_articles_and_never_as_a_local_path(server):
    html = page(f"{server}/outlets")
    assert rows(html, "outlets") == ["wire.example 34", "Gulf Desk 1", "zenda-post.example 1"]
    assert "/home/builder" not in html
    gulf = page(f"{server}/outlets/view?name=Gulf+Desk")
    assert re.findall(r"<li>(.*?)</li>", gulf) == [
        '<a href="/id/article/post1">Talks in Zenda, day 1 · Gulf Desk · 21 Oct 2025</a>'
    ]
    status, _, _ = http("GET", f"{server}/outlets/view?name=nowhere.example", headers={"Accept": "text/html"})
    assert status == 404


def test_an_entitys_events_filter_by_outlet(server):
    assert 'Events <span class="muted">(32)</span>' in page(f"{server}/id/person/anna-berg?outlet=wire.example")
    gulf = rows(page(f"{server}/id/person/anna-berg?outlet=Gulf+Desk"), "events")
    assert len(gulf) == 1 and gulf[0].startswith("Statement — Anna Berg · 21 Oct 2025")
