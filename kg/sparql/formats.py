"""The result and RDF formats, one table: short names, aliases, the media types that ask for each, what is sent.

A short name ("json", "turtle", "nquads") is what `--format`, `format=` and the serialisers speak. pyoxigraph knows
each format's own media type (sent as the Content-Type, with charset=utf-8 named for text types) and reads a server's
Content-Type; what it does not say is which media types a client may ask with: pyoxigraph reads text/plain as CSV
results and as N-Triples alike, so what the endpoint offers is listed here, in order of preference.
"""

from __future__ import annotations

import os

import pyoxigraph as ox

# SELECT and ASK results, in the SPARQL results formats.
RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Graphs (CONSTRUCT, DESCRIBE, exports) in RDF syntaxes; the last two hold named graphs.
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
RESULTS = tuple(RESULTS_FORMATS)
GRAPHS = tuple(RDF_FORMATS)
NAMES = RESULTS + GRAPHS

DISPLAY = {
    "json": "JSON",
    "xml": "XML",
    "csv": "CSV",
    "tsv": "TSV",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF/XML",
    "nquads": "N-Quads",
    "trig": "TriG",
}
ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "nq": "nquads",
    "n-quads": "nquads",
    "text": "tsv",
}

# The media types a client may ask for each format with (Accept, format=): the format's own first.
RESULTS_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def _content_type(fmt: ox.RdfFormat | ox.QueryResultsFormat) -> str:
    media = fmt.media_type
    return media + "; charset=utf-8" if media.startswith("text/") and "charset" not in media else media


# What is sent as the Content-Type of each format.
_ALL_FORMATS: dict[str, ox.RdfFormat | ox.QueryResultsFormat] = {**RESULTS_FORMATS, **RDF_FORMATS}
MEDIA_TYPE = {name: _content_type(fmt) for name, fmt in _ALL_FORMATS.items()}
MEDIA_TYPE["html"] = "text/html; charset=utf-8"


def normalise(name: str | None) -> str | None:
    """The short name a format= value means (a short name, an alias or a media type), None when it names none."""
    if not name:
        return None
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    name = RESULTS_MEDIA.get(name) or GRAPH_MEDIA.get(name) or name
    return name if name in NAMES else None


def aliases_of(names: tuple[str, ...]) -> tuple[str, ...]:
    """The aliases that stand for one of `names` (for a command that offers only some formats)."""
    return tuple(alias for alias, name in ALIASES.items() if name in names)


def rdf_name(fmt: ox.RdfFormat | None) -> str | None:
    return next((name for name, known in RDF_FORMATS.items() if known == fmt), None)


# A file's extension -> its RDF format: each format's own (pyoxigraph's), and .json read as JSON-LD. Not
# RdfFormat.from_extension itself: it reads .txt as N-Triples, where a .txt export has always been Turtle.
EXTENSIONS = {fmt.file_extension: name for name, fmt in RDF_FORMATS.items()} | {"json": "jsonld"}


def from_file_name(path: str) -> str | None:
    """The RDF format a file name's extension says (data.ttl; data.json is JSON-LD), or None."""
    return EXTENSIONS.get(os.path.splitext(path)[1][1:].lower())


def answer_format(content_type: str) -> ox.QueryResultsFormat | ox.RdfFormat | None:
    """The format a SPARQL server's answer is in, by its Content-Type: a results format pyoxigraph reads, else an
    RDF syntax (text/plain, which pyoxigraph also reads as CSV results, is N-Triples: CSV results are not read)."""
    results = ox.QueryResultsFormat.from_media_type(content_type)
    if results is not None and results != ox.QueryResultsFormat.CSV:
        return results
    return ox.RdfFormat.from_media_type(content_type)
