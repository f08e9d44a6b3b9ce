"""Readable names (kg/naming.py): what a reader sees instead of an IRI, on pages and in `kg query` tables."""

from __future__ import annotations

from kg.naming import article_title, event_title, format_date, names_from_rows, outlet, prefixed

KG = "https://w3id.org/newskg/ontology#"
ID = "https://w3id.org/newskg/id/"


def test_an_event_reads_category_participants_place_and_date():
    title = event_title([KG + "Negotiation"], ["Pakistan", "Afghanistan"], "Istanbul", "2025-10-27")
    assert title == "Negotiation — Afghanistan, Pakistan · Istanbul · 27 Oct 2025"


def test_an_event_names_its_finest_class_and_counts_the_participants_it_cannot_list():
    title = event_title([KG + "Agreement", KG + "Ceasefire"], ["D", "C", "B", "A", "A"], None, "2025-10")
    assert title == "Ceasefire — A, B, C +1 · Oct 2025"
    assert event_title([KG + "MilitaryAction"], [], None, None) == "Military action"


def test_dates_keep_their_precision():
    assert [format_date(d) for d in ("2025-10-27", "2025-10", "2025", "", None)] == [
        "27 Oct 2025",
        "Oct 2025",
        "2025",
        "",
        "",
    ]


def test_an_article_reads_headline_outlet_and_date():
    assert (
        article_title("Talks resume", "https://www.dawn.example/news/1", None, "2025-10-27")
        == "Talks resume · dawn.example · 27 Oct 2025"
    )
    assert article_title("Talks resume", "Gulf Desk", None, None) == "Talks resume · Gulf Desk"
    assert article_title("Talks resume", "Gulf Desk", "Gulf Desk Media", None) == "Talks resume · Gulf Desk Media"


def test_a_local_file_path_is_never_shown_as_an_outlet():
    for path in ("/home/builder/news/a.txt", "file:///tmp/a.txt", "C:\\news\\a.txt", "./a.txt", "~/a.txt"):
        assert outlet(path) == "", path


def test_iris_without_a_name_become_prefixed_names():
    assert prefixed(KG + "Country") == "kg:Country"
    assert prefixed("http://www.wikidata.org/entity/Q843") == "wd:Q843"
    assert prefixed(ID + "country/pakistan", ID) == "id:country/pakistan"
    assert prefixed("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_names_from_the_rows_of_the_names_query():
    ev, art, ent = ID + "event/abc", ID + "article/a1", ID + "country/pakistan"
    rows = [
        {"s": ev, "k": "type", "v": KG + "Negotiation"},
        {"s": ev, "k": "who", "v": "Pakistan"},
        {"s": ev, "k": "who", "v": "Afghanistan"},
        {"s": ev, "k": "place", "v": "Istanbul"},
        {"s": ev, "k": "date", "v": "2025-10-27"},
        {"s": art, "k": "type", "v": KG + "Article"},
        {"s": art, "k": "title", "v": "Talks in Istanbul"},
        {"s": art, "k": "url", "v": "https://news.example/1"},
        {"s": art, "k": "published", "v": "2025-10-28"},
        {"s": ent, "k": "type", "v": KG + "Country"},
        {"s": ent, "k": "label", "v": "Pakistan"},
    ]
    assert names_from_rows(rows) == {
        ev: "Negotiation — Afghanistan, Pakistan · Istanbul · 27 Oct 2025",
        art: "Talks in Istanbul · news.example · 28 Oct 2025",
        ent: "Pakistan",
    }
