"""Online reconciliation against a local server on 127.0.0.1 that answers in Wikidata's API format."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest
from click.testing import CliRunner

from kg.link.online import WikidataOnline


def _p31(*classes):
    return {
        "P31": [
            {
                "mainsnak": {
                    "snaktype": "value",
                    "property": "P31",
                    "datavalue": {
                        "value": {"entity-type": "item", "id": c, "numeric-id": int(c[1:])},
                        "type": "wikibase-entityid",
                    },
                },
                "type": "statement",
                "rank": "normal",
            }
            for c in classes
        ]
    }


# What the service knows: ids and classes as in the project's tables (Georgia the country and the US state).
ITEMS = {
    "Q230": ("Georgia", "country in the Caucasus", _p31("Q3624078", "Q6256")),
    "Q1428": ("Georgia", "state of the United States of America", _p31("Q35657", "Q107390")),
    "Q48340": ("CNN", "American news channel", _p31("Q1331793")),
}


class FakeWikidata(BaseHTTPRequestHandler):
    """Answers action=wbsearchentities and action=wbgetentities like https://www.wikidata.org/w/api.php."""

    calls: list[tuple[float, dict]] = []
    delay = 0.0

    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        type(self).calls.append((time.monotonic(), query))
        if query.get("search") == "slow":
            time.sleep(1.5)
        if query.get("action") == "wbsearchentities":
            term = query.get("search", "")
            hits = [
                {
                    "id": q,
                    "title": q,
                    "pageid": 1,
                    "concepturi": f"http://www.wikidata.org/entity/{q}",
                    "repository": "wikidata",
                    "url": f"//www.wikidata.org/wiki/{q}",
                    "display": {"label": {"value": label, "language": "en"}},
                    "label": label,
                    "description": desc,
                    "match": {"type": "label", "language": "en", "text": label},
                }
                for q, (label, desc, _) in ITEMS.items()
                if label.lower() == term.lower()
            ]
            body = {"searchinfo": {"search": term}, "search": hits, "success": 1}
        elif query.get("action") == "wbgetentities":
            body = {
                "entities": {
                    q: {
                        "type": "item",
                        "id": q,
                        "labels": {"en": {"language": "en", "value": ITEMS[q][0]}},
                        "claims": ITEMS[q][2],
                    }
                    for q in query["ids"].split("|")
                    if q in ITEMS
                },
                "success": 1,
            }
        else:
            body = {"error": {"code": "badvalue", "info": 'Unrecognized value for parameter "action"'}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    FakeWikidata.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWikidata)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )  # a short poll: shutdown() waits for it
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def online(api, tmp_path):
    return WikidataOnline(base_url=api, cache_dir=tmp_path / "cache", timeout=1.0, min_interval=0.0)


def test_type_constraint_picks_the_item_of_the_right_class(online):
    assert online.lookup("Georgia", "Country").qid == "Q230"
    place = online.lookup("Georgia", "Place")
    assert (place.qid, place.subtype) == ("Q1428", "Region")
    assert online.lookup("Georgia", "Organization") is None
    cnn = online.lookup("CNN", "Organization")
    assert (cnn.qid, cnn.type, cnn.key) == ("Q48340", "Organization", "org/cnn")
    assert cnn.confidence < 0.9  # an online match is less sure than a checked table row


def test_unknown_and_untyped_names_stay_unlinked(online):
    assert online.lookup("Zorblatt", "Place") is None
    assert online.lookup("Georgia", None) is None
    assert online.lookup("Georgia", "Person") is None


def test_answers_are_cached_on_disk(online, api, tmp_path):
    online.lookup("Georgia", "Country")
    sent = len(FakeWikidata.calls)
    assert sent == 2  # one search, one wbgetentities
    online.lookup("Georgia", "Country")
    again = WikidataOnline(base_url=api, cache_dir=tmp_path / "cache", min_interval=0.0)
    assert again.lookup("Georgia", "Place").qid == "Q1428"
    assert len(FakeWikidata.calls) == sent and again.requests == 0


def test_requests_are_spaced_by_the_rate_limit(api, tmp_path):
    service = WikidataOnline(base_url=api, cache_dir=tmp_path / "c", min_interval=0.3)
    service.lookup("Georgia", "Country")
    service.lookup("CNN", "Organization")
    times = [t for t, _ in FakeWikidata.calls]
    assert len(times) == 4
    assert all(b - a >= 0.28 for a, b in pairwise(times))


def test_timeouts_and_dead_servers_give_no_link(api, tmp_path):
    service = WikidataOnline(base_url=api, cache_dir=tmp_path / "c", timeout=0.3, min_interval=0.0)
    assert service.lookup("slow", "Place") is None
    dead = WikidataOnline(
        base_url="http://127.0.0.1:9/w/api.php", cache_dir=tmp_path / "d", timeout=0.5, min_interval=0.0
    )
    assert dead.lookup("Georgia", "Country") is None


def test_cli_relink_online_links_what_the_tables_lack(api, settings, tmp_path):
    from kg.cli import main
    from kg.model import Article, Entity, Facts
    from kg.rdf import Minter, facts_triples
    from kg.stores import Change, open_store

    art = Article(id="a1", title="t", body="CNN reported.")
    facts = Facts(article=art, entities={"org/cnn": Entity("org/cnn", "Organization", "CNN")})
    minter = Minter(settings.base_iri)
    with open_store(settings) as st:
        st.apply(Change(put={str(minter.article("a1")): facts_triples(facts, minter)}))
    env = {
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "KG_CACHE_DIR": str(tmp_path / "cache"),
        "KG_KB_OVERLAY": str(tmp_path / "none.sqlite"),
    }
    out = CliRunner().invoke(main, ["link", "relink", "--store", settings.store, "--online", "--api-url", api], env=env)
    assert out.exit_code == 0, out.output
    assert "linked CNN -> wd:Q48340" in out.output
    # Without --online nothing is asked.
    FakeWikidata.calls = []
    out = CliRunner().invoke(main, ["link", "report", "--store", settings.store, "--api-url", api], env=env)
    assert out.exit_code == 0 and FakeWikidata.calls == []
