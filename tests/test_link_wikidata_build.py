"""End to end: `kg link fetch` from a real `oxigraph serve` holding the Wikidata-shaped sample (TEST DATA, invented
ids), then `kg build` of a news text: the actors the shipped tables lack (Tony Blair, BRICS, the Quad, the RSF, the
Taliban, Guterres, Jaishankar, Penny Wong, Marles) link, and `kg link enrich` adds their dated posts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.link.enrich import graph_iri
from kg.settings import Settings
from kg.stores import open_store
from tests.support.servers import oxigraph_binary
from tests.support.wikidata_sample import start_sample_server

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "wikidata" / "article.txt"
EXPECTED = {
    "Tony Blair": "Q9900000401",
    "António Guterres": "Q9900000402",
    "Subrahmanyam Jaishankar": "Q9900000403",
    "Penny Wong": "Q9900000404",
    "Richard Marles": "Q9900000405",
    "BRICS": "Q9900000201",
    "Quadrilateral Security Dialogue": "Q9900000202",
    "Taliban": "Q9900000203",
    "Rapid Support Forces": "Q9900000204",
}
LINKS = """PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label ?q WHERE { ?e rdfs:label ?label ; owl:sameAs ?q }"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed"),
]


def _kg(*args, env):
    kg = str(Path(sys.executable).with_name("kg"))
    out = subprocess.run([kg, *args], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _links(store: Path) -> dict[str, str]:
    with open_store(Settings(store=str(store)), read_only=True) as st:
        return {s["label"].value: s["q"].value.rsplit("/", 1)[-1] for s in st.query(LINKS)}


def test_fetched_actors_link_on_a_build_and_enrich_adds_their_posts(tmp_path):
    overlay = tmp_path / "overlay.sqlite"
    env = dict(os.environ, KG_KB_OVERLAY=str(overlay))
    server = start_sample_server(tmp_path / "wikidata")
    try:
        _kg("link", "fetch", "--endpoint", server.url + "query", "--quiet", env=env)
    finally:
        server.stop()
    # Without the overlay none of them links (the shipped tables do not hold them) ...
    bare = dict(env, KG_KB_OVERLAY=str(tmp_path / "none.sqlite"))
    _kg("build", str(ARTICLE), "--store", str(tmp_path / "bare"), "--workers", "1", env=bare)
    assert not set(EXPECTED.values()) & set(_links(tmp_path / "bare").values())
    # ... with it, each links to its item, and the shipped links stay as they were.
    store = tmp_path / "store"
    _kg("build", str(ARTICLE), "--store", str(store), "--workers", "1", env=env)
    links = _links(store)
    assert {label: links.get(label) for label in EXPECTED} == EXPECTED
    assert links["India"] == "Q668" and links["United Nations"] == "Q1065"
    out = _kg("link", "enrich", "--store", str(store), env=env)
    assert "positions of 5 people" in out
    with open_store(Settings(store=str(store)), read_only=True) as st:
        rows = {
            (r["name"].value, r["title"].value, r["in"].value)
            for r in st.query(f"""
            PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?name ?title ?in WHERE {{ GRAPH <{graph_iri(Settings().base_iri)}> {{
              ?p kg:holdsPosition ?pos . ?pos kg:title ?title ; kg:positionIn ?o }} ?p rdfs:label ?name .
              ?o rdfs:label ?in }}""")
        }
    assert ("Subrahmanyam Jaishankar", "Minister of External Affairs of India", "India") in rows
    assert ("António Guterres", "Secretary-General of the United Nations", "United Nations") in rows
    # The posts from Wikidata meet the shapes as the article's own facts do (their source is the item).
    assert "conforms" in _kg("validate", "--store", str(store), env=env)
