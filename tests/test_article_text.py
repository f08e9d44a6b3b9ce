"""The annotated article's HTML (kg/web/article_text.render): spans as links, evidence sentences as anchors,
text escaped, overlaps resolved — built by hand, no store needed."""

from __future__ import annotations

from kg.web.article_text import Span, non_overlapping, render

BODY = "Ruritania and Freedonia agreed in Zenda. <b>Talks</b> went on."


def span(word: str, kind: str, href: str) -> Span:
    at = BODY.index(word)
    return Span(at, at + len(word), kind, href, kind)


def test_spans_become_links_inside_the_anchored_sentence_and_text_is_escaped():
    html = render(
        BODY,
        [span("Freedonia", "Country", "/id/country/freedonia"), span("agreed", "trigger", "/id/event/1")],
        [(0, 40)],
    )
    assert html.startswith(
        '<span class="evidence-text" id="m-0-40">Ruritania and '
        '<a class="ann ann-Country" href="/id/country/freedonia" title="Country">Freedonia</a> '
        '<a class="ann ann-trigger" href="/id/event/1" title="trigger">agreed</a> in Zenda.</span>'
    )
    assert "&lt;b&gt;Talks&lt;/b&gt; went on." in html and "<b>" not in html


def test_overlapping_sentences_are_one_wrapper_and_each_keeps_its_anchor():
    html = render(BODY, [], [(0, 40), (14, 40)])
    assert html.count('class="evidence-text"') == 1
    assert 'id="m-0-40"' in html and '<span class="anchor" id="m-14-40"></span>' in html


def test_a_trigger_wins_over_an_entity_it_overlaps_and_a_longer_entity_over_a_shorter_one():
    kept = non_overlapping(
        [
            span("Ruritania and Freedonia", "Organization", "/a"),
            span("Freedonia", "Country", "/b"),
            span("Zenda", "Place", "/c"),
            Span(BODY.index("Zenda"), BODY.index("Zenda") + 3, "trigger", "/e", "t"),
        ]
    )
    assert [(BODY[s.begin : s.end], s.kind) for s in kept] == [
        ("Ruritania and Freedonia", "Organization"),
        ("Zen", "trigger"),
    ]
