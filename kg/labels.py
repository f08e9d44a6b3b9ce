"""The first-label-wins rule: an entity keeps the first rdfs:label stored for it; a later article's different label
for it becomes a skos:altLabel. Applied in article order by the build's writer (kg/build.py) and, when a cluster's
workers write, by the client that plans their writes (kg/extract/cluster_write.py)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .rdf import ALT_LABEL, LABEL
from .stores.base import Subject, Term


def merge_labels(triples: Iterable[ox.Triple | ox.Quad], stored: dict[Subject, Term]) -> list[ox.Triple | ox.Quad]:
    """Applies the first-label-wins rule to one article's triples (or quads); records its new labels in `stored`."""
    out: list[ox.Triple | ox.Quad] = []
    own: dict[Subject, Term] = {}
    demoted = False
    for t in triples:
        if t.predicate == LABEL and t.subject in stored and stored[t.subject] != t.object:
            out.append(ox.Triple(t.subject, ALT_LABEL, t.object))
            demoted = True
        elif t.predicate == ALT_LABEL and stored.get(t.subject) == t.object:
            continue  # the stored label itself: never also an altLabel
        else:
            if t.predicate == LABEL:
                own[t.subject] = t.object
            out.append(t)
    stored.update({e: label for e, label in own.items() if e not in stored})
    if demoted:  # a demoted label may equal one of the article's own altLabels: keep one copy
        out = list({(t.subject, t.predicate, t.object): t for t in out}.values())
    return out
