"""The query page in headless Chromium (Debian's, driven by playwright): run a saved query, see the table,
follow an entity link; and nothing is fetched from outside the server."""

from __future__ import annotations

import pytest

from kg.web.pages import YASGUI_BUILD
from tests.support.browser import block_outside
from tests.support.served import server_fixture

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module", autouse=True)
def _editor_installed():
    if not YASGUI_BUILD.is_dir():
        pytest.skip("the editor is not installed (make web-assets)")


server = server_fixture(folder="pages")


@pytest.fixture
def page(browser, server):
    """A page whose requests to anything but the test server are recorded and blocked."""
    context = browser.new_context()
    outside = []
    block_outside(context, server, outside)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda err: errors.append(str(err)))
    yield pg, outside, errors
    context.close()


def test_run_a_saved_query_see_the_table_follow_an_entity_link(page, server):
    pg, outside, errors = page
    pg.goto(server + "/")
    pg.wait_for_selector(".CodeMirror")  # the editor, with syntax highlighting
    assert "PREFIX kg:" in pg.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert pg.locator(".cm-keyword").count() > 0
    pg.click("a.saved-query[data-name=officials]")
    cell = pg.wait_for_selector("table.dataTable a.iri[href^='/id/person/']", timeout=20000)
    assert "Anna Berg" in pg.inner_text("table.dataTable") or "anna-berg" in cell.get_attribute("href")
    cell.click(position={"x": 8, "y": 8})  # the start of the link: long IRIs are ellipsed at the cell's end
    pg.wait_for_selector("h1#label")
    assert pg.inner_text("h1#label") == "Anna Berg"
    assert "foreign minister" in pg.inner_text("article.entity")
    assert outside == [] and errors == []


def test_errors_are_shown_beside_the_query(page, server):
    pg, outside, _ = page
    pg.goto(server + "/")
    pg.wait_for_selector(".CodeMirror")
    pg.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('SELECT * WHERE { ?s ?p ')")
    pg.evaluate("Array.from(document.querySelectorAll('.yasqe_queryButton')).pop().click()")
    pg.wait_for_function("() => document.querySelector('.yasr').innerText.includes('malformed query')", timeout=20000)
    assert outside == []


def test_entity_page_shows_evidence_and_sources(page, server):
    pg, outside, _ = page
    pg.goto(server + "/id/country/freedonia")
    text = pg.inner_text("article.entity")
    assert "Freedonia" in pg.inner_text("h1#label")
    assert "Northern Alliance" in text  # membership
    assert "Ruritania and Freedonia agreed to a ceasefire in Zenda on Monday." in text  # evidence sentence
    pg.click("text=Ceasefire agreed in Zenda")  # the source article
    pg.wait_for_selector("div.body.annotated")
    assert "Freedonia joined the Northern Alliance" in pg.inner_text("div.body.annotated")
    assert outside == []
