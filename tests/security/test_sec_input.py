"""What a hostile article file can do to a build and to the pages that show its graph: not much.

A JSON line nested a thousand deep is one bad line (it was a RecursionError that aborted the whole build, and
`kg extract`); bidi and control characters do not reach labels; a run-away name does not become a 20,000-character
IRI; `owl:sameAs <javascript:...>` is shown, not linked; and the served graph holds no absolute path of the builder.
"""

from __future__ import annotations

import json
import os
import urllib.parse

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.articles import read_paths
from kg.build import build
from kg.cli import main
from kg.model import Article, Entity, Facts
from kg.rdf import MAX_KEY, Minter, facts_to_dataset
from kg.settings import Settings
from kg.stores import meta_graph_iri, open_store
from kg.vocab import DEFAULT_BASE, KG
from tests.support.web import http_text as http
from tests.support.web import kg_serve, write_store

DEEP = "[" * 1000 + "]" * 1000
LINE_A = {
    "title": "Talks in Doha",
    "published": "2025-10-27",
    "url": "https://news.example/a",
    "text": "DOHA: Qatar said Pakistan and Afghanistan agreed to a ceasefire in Doha on Sunday.",
}
LINE_B = {
    "title": "Summit in Ankara",
    "published": "2025-10-28",
    "url": "https://news.example/b",
    "text": "ANKARA: Turkey hosted talks between Armenia and Azerbaijan in Ankara on Monday.",
}


@pytest.fixture
def deep_jsonl(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(LINE_A) + "\n" + DEEP + "\n" + json.dumps(LINE_B) + "\n", encoding="utf-8")
    return path


def test_json_nested_a_thousand_deep_really_overflows_the_parser():
    with pytest.raises(RecursionError):  # the control: what the reader must catch
        json.loads(DEEP)


def test_a_deeply_nested_json_line_is_one_error_and_the_other_lines_are_read(deep_jsonl, tmp_path):
    result = read_paths([deep_jsonl])
    assert [a.title for a in result.articles] == ["Talks in Doha", "Summit in Ankara"]
    assert [str(e) for e in result.errors] == [f"{deep_jsonl}:2: JSON nested too deeply to read"]
    text_file = tmp_path / "looks-like-json.txt"  # a text file that starts like JSON Lines
    text_file.write_text("{" + DEEP + "\n", encoding="utf-8")
    read_paths([text_file])  # read as some text, not a crash


@pytest.mark.slow
def test_kg_build_reports_the_deep_line_and_the_rest_lands(deep_jsonl, tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(deep_jsonl), "--store", str(store), "-q"])
    assert result.exit_code == 1, result.output
    assert f"{deep_jsonl}:2" in result.output and "nested too deeply" in result.output
    assert "Traceback" not in result.output
    with open_store(Settings(store=str(store)), read_only=True) as st:
        titles = sorted(
            row["t"].value
            for row in st.query(
                "SELECT ?t WHERE { ?a a <https://w3id.org/newskg/ontology#Article> ; "
                "<http://purl.org/dc/terms/title> ?t }"
            )
        )
    assert titles == ["Summit in Ankara", "Talks in Doha"]


@pytest.mark.slow
def test_kg_extract_reports_the_deep_line_and_prints_the_rest(deep_jsonl):
    result = CliRunner().invoke(main, ["extract", str(deep_jsonl)])
    assert result.exit_code == 1
    assert f"{deep_jsonl}:2" in result.stderr and "Traceback" not in result.stderr
    assert "Talks in Doha" in result.stdout and "Summit in Ankara" in result.stdout


def _facts(label: str, aliases=(), key: str = "person/anna-berg", wikidata: str | None = None) -> Facts:
    facts = Facts(article=Article(id="a1", title="T\u202eitle", body="Anna Berg spoke.", published="2025-10-27"))
    facts.entities[key] = Entity(key, "Person", label, set(aliases), wikidata=wikidata)
    return facts


def test_bidi_and_control_characters_never_reach_labels():
    ds = facts_to_dataset([_facts("Anna\u202e greB", {"A.\u2066Berg\u2069", "Anna\x00Berg\u200b"})])
    labels = {
        str(o)
        for _, p, o, _ in ds.quads((None, None, None, None))
        if str(p).endswith(("#label", "#altLabel", "/title"))
    }
    assert labels == {"Anna greB", "A.Berg", "Anna Berg", "Title"}
    assert not any(ch in "".join(labels) for ch in "\u202e\u2066\u2069\x00\u200b")


def test_a_run_away_name_is_not_minted_as_a_huge_iri():
    minter = Minter()
    long_key, other = "person/" + "a" * 20_032, "person/" + "a" * 20_031 + "b"
    iri = str(minter.entity(long_key))
    assert len(iri) == len(DEFAULT_BASE) + MAX_KEY
    assert iri == str(minter.entity(long_key))  # deterministic
    assert str(minter.entity(other)) != iri  # and still one IRI per name
    assert str(minter.entity("person/anna-berg")) == DEFAULT_BASE + "person/anna-berg"  # short keys unchanged
    ds = facts_to_dataset([_facts("A" * 20_000, key=long_key)])
    assert max(len(str(t)) for q in ds.quads((None, None, None, None)) for t in q[:3]) < 400


@pytest.mark.slow
def test_a_javascript_same_as_is_shown_as_text_not_linked(tmp_path):
    path = tmp_path / "store"
    person = DEFAULT_BASE + "person/anna-berg"
    write_store(
        path,
        extra_quads=[
            ox.Quad(
                ox.NamedNode(person),
                ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                ox.NamedNode("javascript:alert(document.domain)"),
                ox.NamedNode(DEFAULT_BASE + "article/a1"),
            )
        ],
    )
    with kg_serve(path) as url:
        status, _, page = http("GET", f"{url}/id/person/anna-berg", headers={"Accept": "text/html"})
    assert status == 200 and "javascript:alert(document.domain)" in page  # shown
    assert 'href="javascript:' not in page.lower()  # but not a link


@pytest.mark.slow
def test_the_served_graph_holds_no_absolute_path_of_the_builder(seed_store):
    with kg_serve(seed_store.store) as url:
        query = f"SELECT ?f WHERE {{ ?a <{KG.sourceFile}> ?f }}"
        status, _, body = http("GET", f"{url}/sparql?" + urllib.parse.urlencode({"query": query}))
    paths = [b["f"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert status == 200 and paths
    home = os.path.expanduser("~")
    assert not any(os.path.isabs(p) or home in p for p in paths), paths


@pytest.mark.slow
def test_records_of_an_older_build_lose_their_absolute_paths_and_nothing_is_rebuilt(tmp_path, nlp):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Title: Talks\n\nDOHA: Qatar hosted talks in Doha on Sunday.\n", encoding="utf-8")
    settings = Settings(store=str(tmp_path / "store"))
    assert build([folder], settings, nlp=nlp).written == 1
    meta, source = meta_graph_iri(settings), ox.NamedNode(str(KG.sourceFile))
    with open_store(settings) as st:  # as a build before this change recorded it
        (record,) = list(st.ox.quads_for_pattern(None, source, None, ox.NamedNode(meta)))
        st.ox.remove(record)
        st.ox.add(ox.Quad(record.subject, source, ox.Literal(str((folder / "a.txt").resolve())), record.graph_name))
    again = build([folder], settings, nlp=nlp)
    assert again.written == 0 and again.removed == 0
    with open_store(settings, read_only=True) as st:
        recorded = [q.object.value for q in st.ox.quads_for_pattern(None, source, None, ox.NamedNode(meta))]
    assert len(recorded) == 1 and not os.path.isabs(recorded[0])
