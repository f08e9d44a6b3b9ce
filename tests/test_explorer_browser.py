"""The explorer in headless Chromium: what a reader sees on each page at 1,400 and 400 px wide (screenshots saved
under test-artifacts/screenshots/ to be looked at), the search box's suggestions, a fact's sources opening in
place, the highlighted article and an evidence link landing on its sentence; no page breaks its CSP, reaches
outside the server or scrolls sideways on a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.web.pages import YASGUI_BUILD
from tests.support.browser import block_outside
from tests.support.explorer_store import write_explorer_store
from tests.support.served import server_fixture
from tests.support.web import REPO

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", REPO / "test-artifacts")) / "screenshots"
WIDTHS = (1400, 400)
PAGES = {
    "person": "/id/person/anna-berg",
    "country": "/id/country/freedonia",
    "organisation": "/id/org/northern-alliance",
    "article": "/id/article/post1",
    "search": "/search?q=an",
    "did-you-mean": "/search?q=Ruritnia",
    "saved-query": "/queries/who-met-whom",
    "network": "/network?entity=Anna%20Berg",
    "network-whole-graph": "/network",
    "timeline": "/timeline?entity=Anna%20Berg",
    "map": "/map?entity=Anna%20Berg",
    "outlets": "/outlets",
}


server = server_fixture(folder="explorer-browser", write=write_explorer_store)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser, server):
    """A page of the given width that records CSP violations, script errors and requests leaving the server."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    trouble = []
    block_outside(context, server, trouble, prefix="outside: ")
    pg = context.new_page()
    pg.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__csp = window.__csp || []).push(e.violatedDirective));"
    )
    pg.on("pageerror", lambda err: trouble.append("script error: " + str(err)))
    pg.width = request.param
    yield pg, trouble
    context.close()


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}-{pg.width}.png"), full_page=True)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_within_its_width_under_its_csp(page, server, name):
    pg, trouble = page
    pg.goto(server + PAGES[name])
    pg.wait_for_load_state("networkidle")
    shot(pg, name)
    assert pg.evaluate("document.documentElement.scrollWidth") <= pg.width  # wide tables scroll in their box
    assert pg.evaluate("window.__csp || []") == [] and trouble == []


def test_an_event_page_is_titled_in_words(page, server):
    pg, trouble = page
    pg.goto(server + "/id/country/ruritania")
    pg.click("text=Ceasefire — Freedonia, Ruritania · Zenda · 20 Oct 2025")
    pg.wait_for_url("**/id/event/*")
    assert pg.inner_text("h1#label") == "Ceasefire — Freedonia, Ruritania · Zenda · 20 Oct 2025"
    assert pg.title().startswith("Ceasefire — Freedonia, Ruritania")
    shot(pg, "event")
    assert trouble == []


def test_one_row_per_fact_with_its_count_and_its_sources_on_demand(page, server):
    pg, trouble = page
    pg.goto(server + "/id/person/anna-berg")
    row = pg.locator("table.positions tr:has(td)")
    assert row.count() == 1
    assert "foreign minister of Ruritania" in row.inner_text() and "5 articles" in row.inner_text()
    row.locator("summary").click()
    pg.wait_for_selector("table.positions .source-list li")
    assert pg.locator("table.positions .source-list li").count() == 5
    assert "Talks in Zenda, day 1 · Gulf Desk · 21 Oct 2025" in row.inner_text()
    shot(pg, "person-sources-open")
    assert trouble == []


def test_search_suggests_as_you_type_and_enter_opens_the_page(page, server):
    pg, trouble = page
    pg.goto(server + "/id/article/post1")
    pg.fill("#search-q", "rurit")
    first = pg.wait_for_selector("#search-suggestions a.suggestion")
    assert first.inner_text() == "Ruritania"
    assert "Country · 5 articles · Q9990001" in pg.inner_text("#search-suggestions li")
    shot(pg, "search-suggestions")
    pg.press("#search-q", "ArrowDown")
    pg.press("#search-q", "Enter")
    pg.wait_for_url("**/id/country/ruritania")
    assert pg.inner_text("h1#label") == "Ruritania"
    assert trouble == []


def test_an_unknown_name_in_the_box_suggests_the_closest(page, server):
    pg, _ = page
    pg.goto(server + "/")
    pg.fill("#search-q", "Fredonia")
    assert pg.wait_for_selector("#search-suggestions a.did-you-mean").inner_text() == "Freedonia"


def test_the_article_highlights_entities_and_triggers_and_evidence_lands_on_its_sentence(page, server):
    pg, trouble = page
    pg.goto(server + "/id/person/anna-berg")
    pg.click("table.positions blockquote.evidence a[href*='#m-']")
    pg.wait_for_url("**/id/article/*#m-*")
    target = pg.locator(".evidence-text:target")
    assert target.count() == 1 and "Anna Berg said on day" in target.inner_text()
    assert (
        pg.evaluate("getComputedStyle(document.querySelector('.evidence-text:target')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )  # the sentence is marked where the reader lands
    text = pg.locator("#text")
    assert text.locator("a.ann-Person", has_text="Anna Berg").count() == 1
    assert text.locator("a.ann-Country", has_text="Freedonia").count() >= 1
    assert text.locator("a.ann-trigger", has_text="agreed").get_attribute("title") == "Ceasefire (event trigger)"
    colours = {
        pg.evaluate(f"getComputedStyle(document.querySelector('#text a.ann-{k}')).backgroundColor")
        for k in ("Person", "Country", "Place", "trigger")
    }
    assert len(colours) == 4  # each kind of thing has its own colour
    shot(pg, "article-at-evidence")
    pg.click("#text a.ann-Place")
    pg.wait_for_url("**/id/place/zenda")
    assert trouble == []


def test_the_network_draws_the_actors_and_their_links_and_a_node_opens_its_page(page, server):
    pg, trouble = page
    pg.goto(server + "/id/person/anna-berg")
    pg.click("text=network")
    pg.wait_for_selector("#network[data-nodes] canvas")
    box = pg.locator("#network")
    assert (box.get_attribute("data-nodes"), box.get_attribute("data-edges")) == ("2", "2")
    assert pg.locator("table.network-edges tr:has(td)").count() == 2  # the table beside it
    # A click on Tom Marsh's node (where Cytoscape placed it) opens his page.
    pos = pg.evaluate("""(() => { const box = document.querySelector('#network');
        const p = box.kgNetwork.nodes().filter(n => n.data('label') === 'Tom Marsh').renderedPosition();
        const r = box.getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; })()""")
    pg.mouse.click(pos["x"], pos["y"])
    pg.wait_for_url("**/id/person/tom-marsh")
    assert trouble == []


def test_the_timeline_draws_a_dot_per_event_and_a_dot_opens_its_event(page, server):
    pg, trouble = page
    pg.goto(server + "/timeline?entity=Anna%20Berg")
    pg.wait_for_selector("#timeline svg circle")
    assert pg.locator("#timeline svg circle").count() == 35
    lanes = pg.locator("#timeline svg .tick text").all_text_contents()
    assert {"Meeting", "Negotiation", "Statement"} <= set(lanes)
    pg.locator("#timeline svg a").first.click(force=True)
    pg.wait_for_url("**/id/event/*")
    assert pg.inner_text("h1#label").startswith("Negotiation — Anna Berg, Tom Marsh · Zenda · ")
    assert trouble == []


WIDE = (
    "SELECT ?event ?title ?a ?b ?c ?d ?e WHERE { ?event a kg:Meeting ; prov:wasDerivedFrom ?art . "
    "?art dcterms:title ?title "
    "BIND(CONCAT(?title, ' and a long tail of words to make this column wide') AS ?a) "
    "BIND(?a AS ?b) BIND(?a AS ?c) "
    "BIND(?a AS ?d) BIND(?a AS ?e) } LIMIT 5"
)


def test_the_query_page_folds_the_prefixes_and_shows_named_distinct_rows_that_scroll_in_their_box(page, server):
    pg, trouble = page
    if not YASGUI_BUILD.is_dir():
        pytest.skip("the editor is not installed (make web-assets)")
    pg.add_init_script(
        "window.__blocked = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__blocked.push([e.violatedDirective, new URL(e.sourceFile).pathname]));"
    )
    pg.goto(server + "/")
    pg.wait_for_selector(".CodeMirror .CodeMirror-foldmarker")  # the PREFIX lines folded into one
    code = pg.inner_text(".CodeMirror-code")
    assert "PREFIX schema" not in code and "SELECT ?entity ?label ?type" in code
    assert pg.locator(".CodeMirror-line", has_text="SELECT ?entity").first.is_visible()
    pg.evaluate("Array.from(document.querySelectorAll('.yasqe_queryButton')).pop().click()")
    pg.wait_for_selector("table.dataTable a.iri.named", timeout=20000)
    entities = pg.locator("table.dataTable tbody tr td:nth-child(1) a").all_inner_texts()
    assert entities[:3] == ["Anna Berg", "Tom Marsh", "Zenda"] and len(entities) == len(set(entities)) == 8
    assert "35" in pg.locator("table.dataTable tbody tr").first.inner_text()
    assert "^^" not in pg.inner_text("table.dataTable")  # literals as values
    shot(pg, "query")
    prefixes = pg.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue().split('SELECT')[0]")
    pg.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", prefixes + WIDE)
    pg.evaluate("Array.from(document.querySelectorAll('.yasqe_queryButton')).pop().click()")
    pg.wait_for_selector("table.dataTable a.iri.named:has-text('Meeting —')", timeout=20000)
    assert pg.evaluate("document.documentElement.scrollWidth") <= pg.width
    shot(pg, "query-wide-results")
    # The starter query lists the hostile test name: Yasgui's table parses cell text as HTML, the browser tries its
    # <img onerror>, the CSP refuses it (docs/security.md). Nothing ran, and nothing else was reported.
    assert pg.evaluate("window.__pwned") is None and pg.locator("main img").count() == 0
    assert {tuple(v) for v in pg.evaluate("window.__blocked")} <= {("script-src-attr", "/assets/yasgui/yasgui.min.js")}
    assert trouble == []


def test_the_map_draws_a_dot_per_located_place_on_the_world_and_a_dot_opens_the_place(page, server):
    pg, trouble = page
    pg.goto(server + "/id/person/anna-berg")
    pg.click("text=map")
    pg.wait_for_selector("#map[data-points] svg circle")
    assert pg.get_attribute("#map", "data-points") == "1"
    assert pg.locator("#map svg path").count() >= 3  # the sphere, the countries and their borders
    assert pg.locator("#map svg circle title").text_content() == "Istanbul: 10 events"
    shot(pg, "map-of-an-actor")
    pg.locator("#map svg a").first.click(force=True)
    pg.wait_for_url("**/id/place/istanbul")
    assert trouble == []


@pytest.mark.parametrize("path", ["/network", "/id/article/copy1", "/id/country/freedonia", "/search?q=hostile"])
def test_a_hostile_name_is_shown_as_text_everywhere_and_runs_nothing(page, server, path):
    pg, trouble = page
    pg.goto(server + path)
    pg.wait_for_load_state("networkidle")
    if path == "/network":
        pg.wait_for_selector("#network[data-nodes]")
    pg.fill("#search-q", "hostile")  # and in the suggestions
    pg.wait_for_selector("#search-suggestions a.suggestion")
    assert '<img src=x onerror="window.__pwned=1">Hostile' in pg.inner_text("body")
    assert pg.evaluate("window.__pwned") is None and pg.locator("main img").count() == 0
    assert pg.evaluate("window.__csp || []") == [] and trouble == []
