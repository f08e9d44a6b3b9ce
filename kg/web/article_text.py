"""The annotated article: its text with the entities it mentions and the words that signalled its events
highlighted by type and linked to their pages, and every evidence sentence an anchor (#m-BEGIN-END) that fact
pages link to.

spaCy's displacy draws entity spans, but it cannot nest them in sentence anchors or make them links to our pages,
so the few lines of HTML are written here; every piece of text goes through markupsafe's escape.
The graph keeps no offsets for entity mentions (only for evidence sentences), so an entity is found where one of
its names (label or alias, as the article's graph recorded them) occurs as a whole word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..naming import event_category, humanise
from .facts import q
from .http import link

ENTITY_KINDS = ("Country", "Place", "Organization", "Person", "Official")


@dataclass(frozen=True)
class Span:
    begin: int
    end: int
    kind: str  # an entity class (Country, Person...) or "trigger"
    href: str
    title: str


def _entity_spans(body: str, article: str) -> list[Span]:
    rows = q(f"""SELECT DISTINCT ?e ?name ?kind WHERE {{ ?e kg:mentionedIn <{article}> ; a ?kind .
        VALUES ?kind {{ {" ".join("kg:" + k for k in ENTITY_KINDS)} }}
        {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} }}""")
    spans = []
    # Longer names first, so "Northern Alliance" wins over an entity called "Northern".
    for r in sorted(rows, key=lambda r: -len(r["name"]["value"])):
        name = r["name"]["value"]
        if len(name) < 2:
            continue
        kind = r["kind"]["value"].rsplit("#", 1)[-1].replace("Official", "Person")  # one colour for people
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", body):
            spans.append(Span(m.start(), m.end(), kind, link(r["e"]["value"]), humanise(kind)))
    return spans


def _trigger_spans(body: str, article: str) -> list[Span]:
    rows = q(f"""SELECT ?ev ?trigger ?b ?e (GROUP_CONCAT(DISTINCT STR(?type); separator=" ") AS ?types) WHERE {{
        ?ev prov:wasDerivedFrom <{article}> ; kg:trigger ?trigger ; kg:evidence ?m ; a ?type .
        ?m nif:referenceContext <{article}> ; nif:beginIndex ?b ; nif:endIndex ?e }} GROUP BY ?ev ?trigger ?b ?e""")
    spans = []
    for r in rows:
        begin, end = int(r["b"]["value"]), int(r["e"]["value"])
        m = re.search(r"(?<!\w)" + re.escape(r["trigger"]["value"]) + r"(?!\w)", body[begin:end], re.IGNORECASE)
        if m:
            category = event_category(r["types"]["value"].split())
            spans.append(
                Span(
                    begin + m.start(), begin + m.end(), "trigger", link(r["ev"]["value"]), f"{category} (event trigger)"
                )
            )
    return spans


def _sentences(article: str) -> list[tuple[int, int]]:
    rows = q(f"""SELECT DISTINCT ?b ?e WHERE {{ ?m nif:referenceContext <{article}> ;
        nif:beginIndex ?b ; nif:endIndex ?e }} ORDER BY ?b""")
    return sorted({(int(r["b"]["value"]), int(r["e"]["value"])) for r in rows})


def non_overlapping(spans: list[Span]) -> list[Span]:
    """Triggers first, then longer spans; a span that overlaps one already kept is dropped."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.kind != "trigger", -(s.end - s.begin), s.begin)):
        if all(s.end <= k.begin or s.begin >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.begin)


def _marked(body: str, begin: int, end: int, spans: list[Span]) -> str:
    """body[begin:end] escaped, with the spans inside it as links."""
    out, at = [], begin
    for s in spans:
        if s.begin < begin or s.end > end:
            continue
        out.append(str(escape(body[at : s.begin])))
        out.append(
            f'<a class="ann ann-{escape(s.kind)}" href="{escape(s.href)}" title="{escape(s.title)}">'
            f"{escape(body[s.begin : s.end])}</a>"
        )
        at = s.end
    out.append(str(escape(body[at:end])))
    return "".join(out)


def render(body: str, spans: list[Span], sentences: list[tuple[int, int]]) -> Markup:
    """The article's HTML: sentences that are evidence wrapped in anchors, spans as links inside them."""
    spans = non_overlapping(spans)
    # Overlapping evidence ranges become one wrapper; each range keeps its own anchor id at its start.
    groups: list[list[tuple[int, int]]] = []
    for b, e in sorted(s for s in sentences if 0 <= s[0] < s[1] <= len(body)):
        if groups and b < max(x[1] for x in groups[-1]):
            groups[-1].append((b, e))
        else:
            groups.append([(b, e)])
    out, at = [], 0
    for group in groups:
        b, e = group[0][0], max(x[1] for x in group)
        # A span crossing the wrapper's edge is dropped rather than breaking the nesting.
        inside = [s for s in spans if s.begin >= b and s.end <= e]
        out.append(_marked(body, at, b, [s for s in spans if s.begin >= at and s.end <= b]))
        anchors = "".join(f'<span class="anchor" id="m-{x}-{y}"></span>' for x, y in group[1:])
        out.append(
            f'<span class="evidence-text" id="m-{b}-{group[0][1]}">{anchors}{_marked(body, b, e, inside)}</span>'
        )
        at = e
    out.append(_marked(body, at, len(body), [s for s in spans if s.begin >= at]))
    return Markup("".join(out))


def annotated(body: str, article: str) -> tuple[Markup, list[str]]:
    """The article's annotated HTML and the kinds of highlight it uses (for the legend)."""
    spans = _entity_spans(body, article) + _trigger_spans(body, article)
    kinds = sorted({s.kind for s in non_overlapping(spans)}, key=lambda k: (k == "trigger", k))
    return render(body, spans, _sentences(article)), kinds
