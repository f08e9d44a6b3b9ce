"""Content negotiation: the media types each kind of result can take, chosen by Accept (q-values) or format=."""

from __future__ import annotations

# media type -> short name used by the serialisers and by the format= override
TABULAR = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN = {k: v for k, v in TABULAR.items() if v in ("json", "xml")}
# CSV/TSV have no boolean form in the standard; clients asking for them get JSON instead of a 406.
BOOLEAN_FALLBACK = {"text/csv": "json", "text/tab-separated-values": "json"}
GRAPH = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
MEDIA_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "html": "text/html; charset=utf-8",
}
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdf": "rdfxml",
           "rdf+xml": "rdfxml", "nq": "nquads", "n-quads": "nquads", "text": "tsv"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (order kept among equals)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        # More specific ranges win among equal q (RFC 9110): type/sub > type/* > */*.
        specificity = 0 if fields[0] == "*/*" else (1 if fields[0].endswith("/*") else 2)
        ranges.append((fields[0].lower(), q, specificity, index))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(r[0], r[1]) for r in ranges if r[1] > 0]


def choose(accept: str | None, offers: dict[str, str], default: str) -> str | None:
    """The short format name for the best acceptable offer, `default` for */*, None when nothing fits."""
    for media, _q in parse_accept(accept):
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for offered, name in offers.items():
                if offered.startswith(major):
                    return default if MEDIA_TYPE[default].startswith(major) else name
            continue
        if media in offers:
            return offers[media]
    return None


def wants_html(accept: str | None) -> bool:
    """True when a browser asks (text/html ranked above the RDF and results types)."""
    for media, _q in parse_accept(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in GRAPH or media in TABULAR or media == "*/*":
            return False
    return False


FORMAT_NAMES = ("json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml", "nquads", "trig")
DISPLAY = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV", "turtle": "Turtle", "nt": "N-Triples",
           "jsonld": "JSON-LD", "rdfxml": "RDF/XML", "nquads": "N-Quads", "trig": "TriG"}


def known(name: str) -> bool:
    """Whether a format= value names any format (a short name, an alias or a media type)."""
    name = name.strip().lower()
    return name in FORMAT_NAMES or name in ALIASES or name in TABULAR or name in GRAPH


def override(name: str | None, allowed: set[str]) -> str | None:
    """A format= value (a short name or a media type) if it is valid for this result kind."""
    if not name:
        return None
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    if name in TABULAR:
        name = TABULAR[name]
    elif name in GRAPH:
        name = GRAPH[name]
    return name if name in allowed else None
