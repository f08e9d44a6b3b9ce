"""Facts → triples: one named graph per article, deterministic IRIs.

The same entity key gives the same IRI in every run and article; the same happening
(category, participants, date) gives the same event IRI, so two articles reporting it
meet on one node. Nothing here reads text: it only maps kg.model objects.

The triples are pyoxigraph terms, made directly: the store takes them as they are, so the write path has one
term model and no conversion. rdflib users (`kg extract`, pyshacl, tests) get the same triples as an rdflib
Dataset from facts_to_dataset, parsed from their N-Quads.
"""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox
from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .model import Article, Event, Evidence, Facts, Position
from .vocab import DEFAULT_BASE, KG, NIF, PREFIXES, PROV, SCHEMA, WD

# An entity key longer than this is cut and made unique by a hash of the whole: a run-away name (tens of thousands
# of characters from a broken page) must not become an IRI that long.
MAX_KEY = 120
# Labels are names to show; a longer one is cut with an ellipsis.
MAX_LABEL = 300
# Never part of a name: characters that change how the text around them is displayed without being seen (bidi
# overrides such as U+202E make "evil.exe" read "exe.live"; zero-width spaces), and control characters.
_INVISIBLE = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f]")


def _iri(ns: Namespace, name: str) -> ox.NamedNode:
    return ox.NamedNode(str(ns[name]))


# The vocabulary as pyoxigraph terms, made once (kg.vocab spells the namespaces).
A = ox.NamedNode(str(RDF.type))
LABEL, ALT_LABEL = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
SAME_AS, NOTATION = ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(str(SKOS.notation))
TITLE = ox.NamedNode(str(DCTERMS.title))
DATE_PUBLISHED, URL, PUBLISHER, ORGANIZATION = (
    _iri(SCHEMA, n) for n in ("datePublished", "url", "publisher", "Organization")
)
IS_STRING, BEGIN, END, ANCHOR_OF, REFERENCE_CONTEXT, NIF_STRING = (
    _iri(NIF, n) for n in ("isString", "beginIndex", "endIndex", "anchorOf", "referenceContext", "String")
)
DERIVED_FROM = _iri(PROV, "wasDerivedFrom")
XSD_DATE, XSD_INTEGER, XSD_DECIMAL, XSD_BOOLEAN, XSD_ANY_URI = (
    ox.NamedNode(str(XSD[n])) for n in ("date", "integer", "decimal", "boolean", "anyURI")
)
CAMEO_CODE = _iri(KG, "cameoCode")
_DATE_TYPES = {10: XSD_DATE, 7: ox.NamedNode(str(XSD.gYearMonth)), 4: ox.NamedNode(str(XSD.gYear))}
_TRUE = ox.Literal("true", datatype=XSD_BOOLEAN)


class _Kg(dict[str, ox.NamedNode]):
    """kg:Name as a pyoxigraph NamedNode, each made once: KG_TERMS["Meeting"]."""

    def __missing__(self, name: str) -> ox.NamedNode:
        node = self[name] = _iri(KG, name)
        return node


KG_TERMS = _Kg()


def clean_label(text: str) -> str:
    """A name as shown: bidi and control characters removed, white space collapsed, at most MAX_LABEL characters."""
    text = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", text)).split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def capped_key(key: str) -> str:
    """The entity key as it goes into an IRI: itself, or cut to MAX_KEY characters ending in a hash of the whole."""
    if len(key) <= MAX_KEY:
        return key
    return key[: MAX_KEY - 17].rstrip("-") + "-" + short_hash(key)


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
    """Mints the IRIs (as strings) of one graph under a base (default https://w3id.org/newskg/id/)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> str:
        return self.base + capped_key(key)

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{article_id}"

    def event(self, event: Event, article_id: str) -> str:
        """Dated events of one category with the same participants are one happening in every article;
        an undated event cannot be told from another one, so it stays its article's own."""
        people = "|".join(sorted(event.participants()))
        when = event.date or event.start_date
        scope = when if when else f"article:{article_id}"
        return f"{self.base}event/{short_hash(event.category, event.fine_type or '', people, scope)}"

    def position(self, pos: Position) -> str:
        return f"{self.base}position/{short_hash(pos.holder, pos.title.lower(), pos.of or '', str(pos.former))}"

    def outlet(self, name: str) -> str:
        """The publisher an article's source names in words: one node per name, shared by its articles."""
        return f"{self.base}outlet/{capped_key(slug(name))}"

    def mention(self, article_id: str, ev: Evidence) -> str:
        return f"{self.base}mention/{article_id}/{ev.begin}-{ev.end}"


def date_literal(value: str) -> ox.Literal:
    """An ISO date at the precision given: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return ox.Literal(value, datatype=_DATE_TYPES.get(len(value), XSD_DATE))


def _conf(value: float) -> ox.Literal:
    # Written in Oxigraph's canonical decimal form ("0.75", "1"), so what the store returns equals what was written.
    text = f"{max(0.0, min(1.0, value)):.3f}".rstrip("0").rstrip(".")
    return ox.Literal(text or "0", datatype=XSD_DECIMAL)


def _count(value: int) -> ox.Literal:
    # xsd:integer rather than nonNegativeInteger: Oxigraph stores the latter as the former anyway.
    return ox.Literal(str(int(value)), datatype=XSD_INTEGER)


class _Triples:
    """One article's triples in the order they are added, each once; the article's IRIs each made once."""

    def __init__(self, minter: Minter):
        self.minter = minter
        self.triples: dict[ox.Triple, None] = {}
        self._entities: dict[str, ox.NamedNode] = {}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples[ox.Triple(s, p, o)] = None

    def entity(self, key: str) -> ox.NamedNode:
        node = self._entities.get(key)
        if node is None:
            node = self._entities[key] = ox.NamedNode(self.minter.entity(key))
        return node


def _article(t: _Triples, art: Article, iri: ox.NamedNode) -> None:
    t.add(iri, A, KG_TERMS["Article"])
    t.add(iri, TITLE, ox.Literal(clean_label(art.title)))
    t.add(iri, IS_STRING, ox.Literal(art.body))
    if art.published:
        t.add(iri, DATE_PUBLISHED, ox.Literal(art.published, datatype=XSD_DATE))
    if art.url:
        t.add(iri, URL, ox.Literal(art.url, datatype=XSD_ANY_URI))
    if art.publisher:
        outlet = ox.NamedNode(t.minter.outlet(art.publisher))
        t.add(iri, PUBLISHER, outlet)
        t.add(outlet, A, ORGANIZATION)
        t.add(outlet, LABEL, ox.Literal(clean_label(art.publisher)))
    if art.dateline:
        t.add(iri, KG_TERMS["dateline"], ox.Literal(art.dateline))
    for line in art.summary:
        t.add(iri, KG_TERMS["summary"], ox.Literal(line))
    for sec in art.sections:
        node = ox.NamedNode(f"{iri.value}/{sec.kind}/{sec.begin}-{sec.end}")
        t.add(iri, KG_TERMS["hasSection"], node)
        t.add(node, A, KG_TERMS[sec.kind.capitalize()])
        t.add(node, BEGIN, _count(sec.begin))
        t.add(node, END, _count(sec.end))


def _evidence(t: _Triples, art: Article, art_iri: ox.NamedNode, subject: ox.NamedNode, ev: Evidence) -> None:
    node = ox.NamedNode(t.minter.mention(art.id, ev))
    t.add(subject, KG_TERMS["evidence"], node)
    t.add(node, A, NIF_STRING)
    t.add(node, ANCHOR_OF, ox.Literal(ev.text))
    t.add(node, BEGIN, _count(ev.begin))
    t.add(node, END, _count(ev.end))
    t.add(node, REFERENCE_CONTEXT, art_iri)


def facts_triples(facts: Facts, minter: Minter) -> list[ox.Triple]:
    """The triples of one article's facts (its named graph's content), each once, in a deterministic order."""
    t = _Triples(minter)
    art = facts.article
    art_iri = ox.NamedNode(minter.article(art.id))
    _article(t, art, art_iri)
    mentioned_in = KG_TERMS["mentionedIn"]

    for ent in facts.entities.values():
        node = t.entity(ent.key)
        t.add(node, A, KG_TERMS[ent.subtype or ent.type])
        if ent.subtype:
            t.add(node, A, KG_TERMS[ent.type])
        label = clean_label(ent.label)
        t.add(node, LABEL, ox.Literal(label))
        for alias in sorted({clean_label(a) for a in ent.aliases} - {label, ""}):
            t.add(node, ALT_LABEL, ox.Literal(alias))
        if ent.wikidata:
            t.add(node, SAME_AS, ox.NamedNode(str(WD[ent.wikidata])))
        t.add(node, mentioned_in, art_iri)

    for pos in facts.positions:
        node = ox.NamedNode(minter.position(pos))
        t.add(t.entity(pos.holder), KG_TERMS["holdsPosition"], node)
        t.add(node, A, KG_TERMS["Position"])
        t.add(node, KG_TERMS["title"], ox.Literal(clean_label(pos.title)))
        if pos.of:
            t.add(node, KG_TERMS["positionIn"], t.entity(pos.of))
        if pos.former:
            t.add(node, KG_TERMS["former"], _TRUE)
        if pos.rank:
            t.add(t.entity(pos.holder), KG_TERMS["rank"], ox.Literal(pos.rank))
        t.add(node, KG_TERMS["confidence"], _conf(pos.confidence))
        t.add(node, DERIVED_FROM, art_iri)
        _evidence(t, art, art_iri, node, pos.evidence)

    for mem in facts.memberships:
        member, organization = t.entity(mem.member), t.entity(mem.organization)
        t.add(member, KG_TERMS["memberOf"], organization)
        # The membership itself is reified as a statement so it keeps its evidence and confidence.
        st = ox.NamedNode(f"{minter.base}membership/{short_hash(mem.member, mem.organization)}")
        t.add(st, A, KG_TERMS["MembershipStatement"])
        t.add(st, KG_TERMS["member"], member)
        t.add(st, KG_TERMS["organization"], organization)
        t.add(st, KG_TERMS["confidence"], _conf(mem.confidence))
        t.add(st, DERIVED_FROM, art_iri)
        _evidence(t, art, art_iri, st, mem.evidence)

    for ev in facts.events:
        node = ox.NamedNode(minter.event(ev, art.id))
        t.add(node, A, KG_TERMS[ev.fine_type or ev.category])
        if ev.fine_type:
            t.add(node, A, KG_TERMS[ev.category])
        for role, keys in ev.roles.items():
            for key in keys:
                t.add(node, KG_TERMS[role], t.entity(key))
        if ev.location:
            t.add(node, KG_TERMS["location"], t.entity(ev.location))
        if ev.date:
            t.add(node, KG_TERMS["date"], date_literal(ev.date))
        if ev.start_date:
            t.add(node, KG_TERMS["startDate"], date_literal(ev.start_date))
        if ev.end_date:
            t.add(node, KG_TERMS["endDate"], date_literal(ev.end_date))
        if ev.quote:
            t.add(node, KG_TERMS["quote"], ox.Literal(ev.quote))
        if ev.trigger:
            t.add(node, KG_TERMS["trigger"], ox.Literal(ev.trigger))
        if ev.cameo:
            t.add(node, NOTATION, ox.Literal(ev.cameo, datatype=CAMEO_CODE))
        if ev.killed is not None:
            t.add(node, KG_TERMS["killed"], _count(ev.killed))
        t.add(node, KG_TERMS["confidence"], _conf(ev.confidence))
        t.add(node, DERIVED_FROM, art_iri)
        for evidence in ev.evidence:
            _evidence(t, art, art_iri, node, evidence)
    return list(t.triples)


def facts_quads(all_facts: list[Facts], base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Every article's triples in its own named graph (graph IRI = article IRI)."""
    minter = Minter(base)
    quads: list[ox.Quad] = []
    for facts in all_facts:
        graph = ox.NamedNode(minter.article(facts.article.id))
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in facts_triples(facts, minter))
    return quads


def facts_to_dataset(all_facts: list[Facts], base: str = DEFAULT_BASE) -> Dataset:
    """The same quads as an rdflib Dataset, for rdflib users (`kg extract`, pyshacl, tests)."""
    ds = Dataset()
    bind_prefixes(ds)
    quads = facts_quads(all_facts, base)
    if quads:
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert nquads is not None  # no output given: the bytes are returned
        ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
