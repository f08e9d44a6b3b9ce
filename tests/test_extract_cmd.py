"""`kg extract FILE`: prints the triples of a file's articles as Turtle (or TriG), touching no store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.vocab import KG

ARTICLE = """Title: Kenya and Ethiopia agree to reopen border crossing
Source: https://example.org/news/kenya-ethiopia-border
Published: 2025-03-04

NAIROBI: Kenyan President William Ruto and Ethiopian Prime Minister Abiy Ahmed agreed on Monday to reopen the
Moyale crossing, the East African Community said in a statement.
"""


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "kenya.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.slow  # the command extracts with the real model
def test_prints_turtle_with_entities_and_posts(article_file, tmp_path):
    result = CliRunner().invoke(main, ["extract", str(article_file)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.output, format="turtle")
    labels = {str(o) for s in g.subjects(RDF.type, KG.Country) for o in g.objects(s, RDFS.label)}
    assert {"Kenya", "Ethiopia"} <= labels
    titles = {str(t) for t in g.objects(None, KG.title)}
    assert {"president", "prime minister"} <= titles
    assert (None, RDFS.label, Literal("William Ruto")) in g


@pytest.mark.slow  # the command extracts with the real model
def test_trig_keeps_one_named_graph_per_article(article_file, tmp_path):
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["extract", str(article_file), "--format", "trig", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = Dataset().parse(out, format="trig")
    graphs = [g for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier]
    assert len(graphs) == 1
    assert (None, RDF.type, KG.Article) in graphs[0]


def test_a_file_without_articles_is_an_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(empty)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output


def test_a_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
