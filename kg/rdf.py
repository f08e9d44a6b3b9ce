"""Facts → triples: one named graph per article, deterministic IRIs.

The same entity key gives the same IRI in every run and article; the same happening
(category, participants, date) gives the same event IRI, so two articles reporting it
meet on one node. Nothing here reads text: it only maps kg.model objects.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .model import Article, Event, Evidence, Facts, Position
from .vocab import DEFAULT_BASE, KG, NIF, PREFIXES, PROV, SCHEMA, WD

_DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}

# An entity key longer than this is cut and made unique by a hash of the whole: a run-away name (tens of thousands
# of characters from a broken page) must not become an IRI that long.
MAX_KEY = 120
# Labels are names to show; a longer one is cut with an ellipsis.
MAX_LABEL = 300
# Never part of a name: characters that change how the text around them is displayed without being seen (bidi
# overrides such as U+202E make "evil.exe" read "exe.live"; zero-width spaces), and control characters.
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")


def clean_label(text: str) -> str:
    """A name as shown: bidi and control characters removed, white space collapsed, at most MAX_LABEL characters."""
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", text)).split())
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1].rstrip() + "…"


def capped_key(key: str) -> str:
    """The entity key as it goes into an IRI: itself, or cut to MAX_KEY characters ending in a hash of the whole."""
    if len(key) <= MAX_KEY:
        return key
    return key[:MAX_KEY - 17].rstrip("-") + "-" + short_hash(key)


def slug(text: str) -> str:
    """A lower-case ASCII slug for IRIs: "Türkiye" -> "turkiye", "Al-Moghedi" -> "al-moghedi"."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class Minter:
    """Mints the IRIs of one graph under a base (default https://w3id.org/newskg/id/)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + capped_key(key))

    def article(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{article_id}")

    def event(self, event: Event, article_id: str) -> URIRef:
        """Dated events of one category with the same participants are one happening in every article;
        an undated event cannot be told from another one, so it stays its article's own."""
        people = "|".join(sorted(event.participants()))
        when = event.date or event.start_date
        scope = when if when else f"article:{article_id}"
        return URIRef(f"{self.base}event/{short_hash(event.category, event.fine_type or '', people, scope)}")

    def position(self, pos: Position) -> URIRef:
        return URIRef(f"{self.base}position/{short_hash(pos.holder, pos.title.lower(), pos.of or '', str(pos.former))}")

    def outlet(self, name: str) -> URIRef:
        """The publisher an article's source names in words: one node per name, shared by its articles."""
        return URIRef(f"{self.base}outlet/{capped_key(slug(name))}")

    def mention(self, article_id: str, ev: Evidence) -> URIRef:
        return URIRef(f"{self.base}mention/{article_id}/{ev.begin}-{ev.end}")


def date_literal(value: str) -> Literal:
    """An ISO date at the precision given: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(value, datatype=_DATE_TYPES.get(len(value), XSD.date))


def _conf(value: float) -> Literal:
    # Written in Oxigraph's canonical decimal form ("0.75", "1"), so what the store returns equals what was written.
    text = f"{max(0.0, min(1.0, value)):.3f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def _count(value: int) -> Literal:
    # xsd:integer rather than nonNegativeInteger: Oxigraph stores the latter as the former anyway.
    return Literal(value, datatype=XSD.integer)


def article_triples(g: Graph, art: Article, iri: URIRef, minter: Minter | None = None) -> None:
    g.add((iri, RDF.type, KG.Article))
    g.add((iri, DCTERMS.title, Literal(clean_label(art.title))))
    g.add((iri, NIF.isString, Literal(art.body)))
    if art.published:
        g.add((iri, SCHEMA.datePublished, Literal(art.published, datatype=XSD.date)))
    if art.url:
        g.add((iri, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)))
    if art.publisher:
        outlet = (minter or Minter()).outlet(art.publisher)
        g.add((iri, SCHEMA.publisher, outlet))
        g.add((outlet, RDF.type, SCHEMA.Organization))
        g.add((outlet, RDFS.label, Literal(clean_label(art.publisher))))
    if art.dateline:
        g.add((iri, KG.dateline, Literal(art.dateline)))
    for line in art.summary:
        g.add((iri, KG.summary, Literal(line)))
    for sec in art.sections:
        node = URIRef(f"{iri}/{sec.kind}/{sec.begin}-{sec.end}")
        g.add((iri, KG.hasSection, node))
        g.add((node, RDF.type, KG[sec.kind.capitalize()]))
        g.add((node, NIF.beginIndex, _count(sec.begin)))
        g.add((node, NIF.endIndex, _count(sec.end)))


def _evidence(g: Graph, m: Minter, art: Article, art_iri: URIRef, subject: URIRef, ev: Evidence) -> None:
    node = m.mention(art.id, ev)
    g.add((subject, KG.evidence, node))
    g.add((node, RDF.type, NIF.String))
    g.add((node, NIF.anchorOf, Literal(ev.text)))
    g.add((node, NIF.beginIndex, _count(ev.begin)))
    g.add((node, NIF.endIndex, _count(ev.end)))
    g.add((node, NIF.referenceContext, art_iri))


def facts_graph(facts: Facts, g: Graph, minter: Minter) -> None:
    """Adds the triples of one article's facts to g (normally the article's named graph)."""
    art = facts.article
    art_iri = minter.article(art.id)
    article_triples(g, art, art_iri, minter)

    for ent in facts.entities.values():
        node = minter.entity(ent.key)
        g.add((node, RDF.type, KG[ent.subtype] if ent.subtype else KG[ent.type]))
        if ent.subtype:
            g.add((node, RDF.type, KG[ent.type]))
        label = clean_label(ent.label)
        g.add((node, RDFS.label, Literal(label)))
        for alias in sorted({clean_label(a) for a in ent.aliases} - {label, ""}):
            g.add((node, SKOS.altLabel, Literal(alias)))
        if ent.wikidata:
            g.add((node, OWL.sameAs, WD[ent.wikidata]))
        g.add((node, KG.mentionedIn, art_iri))

    for pos in facts.positions:
        node = minter.position(pos)
        g.add((minter.entity(pos.holder), KG.holdsPosition, node))
        g.add((node, RDF.type, KG.Position))
        g.add((node, KG.title, Literal(clean_label(pos.title))))
        if pos.of:
            g.add((node, KG.positionIn, minter.entity(pos.of)))
        if pos.former:
            g.add((node, KG.former, Literal(True)))
        if pos.rank:
            g.add((minter.entity(pos.holder), KG.rank, Literal(pos.rank)))
        g.add((node, KG.confidence, _conf(pos.confidence)))
        g.add((node, PROV.wasDerivedFrom, art_iri))
        _evidence(g, minter, art, art_iri, node, pos.evidence)

    for mem in facts.memberships:
        g.add((minter.entity(mem.member), KG.memberOf, minter.entity(mem.organization)))
        # The membership itself is reified as a statement so it keeps its evidence and confidence.
        st = URIRef(f"{minter.base}membership/{short_hash(mem.member, mem.organization)}")
        g.add((st, RDF.type, KG.MembershipStatement))
        g.add((st, KG.member, minter.entity(mem.member)))
        g.add((st, KG.organization, minter.entity(mem.organization)))
        g.add((st, KG.confidence, _conf(mem.confidence)))
        g.add((st, PROV.wasDerivedFrom, art_iri))
        _evidence(g, minter, art, art_iri, st, mem.evidence)

    for ev in facts.events:
        node = minter.event(ev, art.id)
        g.add((node, RDF.type, KG[ev.fine_type] if ev.fine_type else KG[ev.category]))
        if ev.fine_type:
            g.add((node, RDF.type, KG[ev.category]))
        for role, keys in ev.roles.items():
            for key in keys:
                g.add((node, KG[role], minter.entity(key)))
        if ev.location:
            g.add((node, KG.location, minter.entity(ev.location)))
        if ev.date:
            g.add((node, KG.date, date_literal(ev.date)))
        if ev.start_date:
            g.add((node, KG.startDate, date_literal(ev.start_date)))
        if ev.end_date:
            g.add((node, KG.endDate, date_literal(ev.end_date)))
        if ev.quote:
            g.add((node, KG.quote, Literal(ev.quote)))
        if ev.trigger:
            g.add((node, KG.trigger, Literal(ev.trigger)))
        if ev.cameo:
            g.add((node, SKOS.notation, Literal(ev.cameo, datatype=KG.cameoCode)))
        if ev.killed is not None:
            g.add((node, KG.killed, _count(ev.killed)))
        g.add((node, KG.confidence, _conf(ev.confidence)))
        g.add((node, PROV.wasDerivedFrom, art_iri))
        for evidence in ev.evidence:
            _evidence(g, minter, art, art_iri, node, evidence)


def facts_to_dataset(all_facts: list[Facts], base: str = DEFAULT_BASE) -> Dataset:
    """A Dataset with one named graph per article (graph IRI = article IRI)."""
    ds = Dataset()
    bind_prefixes(ds)
    minter = Minter(base)
    for facts in all_facts:
        g = ds.graph(minter.article(facts.article.id))
        facts_graph(facts, g, minter)
    return ds


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
