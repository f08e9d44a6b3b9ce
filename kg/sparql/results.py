"""Serialises materialised query results (`kg query`, CSV at the endpoint): SELECT rows by hand, graphs with pyoxigraph.

The endpoint writes JSON, XML and TSV with Oxigraph's own serialisers instead (kg.sparql.native_results). Either way
a result XML cannot carry is refused with NotRepresentable, never written as a document no XML parser reads.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, Protocol, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..vocab import RDF, SPARQL_RESULTS, XSD
from .formats import RDF_FORMATS, RESULTS_FORMATS

XSD_STRING = str(XSD.string)
LANG_STRING = str(RDF.langString)
DIR_LANG_STRING = f"{RDF}dirLangString"  # RDF 1.2; rdflib's closed RDF namespace does not list it yet

# Characters XML 1.0 excludes, even escaped, as UTF-8 bytes: C0 controls but tab, LF and CR; U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# Oxigraph's RDF/XML writer gives a predicate IRI ending in '/' or '#' an element with no local name (<oxprefix:).
_EMPTY_LOCAL_NAME = re.compile(rb"</?[A-Za-z_][\w.\-]*:[\s/>]")


# Any RDF term a result can bind or a triple can hold (RDF 1.2: a triple as a term).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Row(Protocol):
    """One SELECT row: pyoxigraph's QuerySolution, or anything read the same way (the term bound to a variable)."""

    def __getitem__(self, variable: str, /) -> Term | None: ...


class BinaryWriter(Protocol):
    """Where a serialiser writes: a BytesIO, the endpoint's Spool, a writer that checks what passes.

    pyoxigraph calls write() with each chunk and flush() at the end (it fails on a writer without one)."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class NotRepresentable(ValueError):
    """The result cannot be written in the format asked for (XML forbids one of its characters)."""


def check_xml(data: bytes, rdf: bool = False) -> None:
    """Raises NotRepresentable when XML text (RDF/XML when `rdf`) holds what XML cannot carry."""
    found = _XML_FORBIDDEN.search(data)
    if found:
        char = found.group().decode("utf-8")
        raise NotRepresentable(
            f"the result holds U+{ord(char):04X}, a character XML 1.0 cannot carry; "
            "ask for JSON (or N-Triples for a graph)"
        )
    if rdf and _EMPTY_LOCAL_NAME.search(data):
        raise NotRepresentable(
            "a predicate IRI of the result ends in '/' or '#', which RDF/XML cannot write as an "
            "element; ask for Turtle, N-Triples or JSON-LD"
        )


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_field(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.Triple):
        text = str(term)
    else:
        text = term.value
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def serialize_rows(variables: list[str], rows: Sequence[Row], fmt: str) -> bytes:
    """SELECT results (variables without '?', rows of pyoxigraph QuerySolution) in json, xml, csv or tsv."""
    if fmt == "json":
        bindings = []
        for row in rows:
            b: dict[str, dict[str, Any]] = {}
            for v in variables:
                term = row[v]
                if term is not None:
                    b[v] = _json_term(term)
            bindings.append(b)
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode(
            "utf-8"
        )
    if fmt == "xml":
        out = io.StringIO()
        out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}"><head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for v in variables:
                term = row[v]
                if term is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        body = out.getvalue().encode("utf-8")
        check_xml(body)
        return body
    if fmt == "csv":
        lines = [",".join(variables)]
        lines += [",".join(_csv_field(row[v]) for v in variables) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt}")


def serialize_boolean(result: ox.QueryBoolean, fmt: str) -> bytes:
    body = result.serialize(format=RESULTS_FORMATS[fmt])
    assert body is not None  # with no output given, pyoxigraph returns the bytes
    return body


def serialize_triples(triples: Iterable[ox.Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE triples as bytes (see write_triples)."""
    out = io.BytesIO()
    write_triples(triples, fmt, out, prefixes)
    body = out.getvalue()
    if fmt == "rdfxml":
        check_xml(body, rdf=True)
    return body


def write_triples(
    triples: Iterable[ox.Triple], fmt: str, out: BinaryWriter, prefixes: dict[str, str] | None = None
) -> None:
    """CONSTRUCT/DESCRIBE triples written by pyoxigraph into a binary writer; the quad formats use the default graph."""
    rdf_format = RDF_FORMATS[fmt]
    statements: Iterable[ox.Triple] | Iterable[ox.Quad] = triples
    if fmt in ("nquads", "trig"):
        statements = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    # pyoxigraph's stub asks for a whole IO[bytes]; it calls only write() and flush() (see BinaryWriter).
    output = cast(IO[bytes], out)
    if fmt in ("turtle", "trig", "rdfxml") and prefixes:
        ox.serialize(statements, output, format=rdf_format, prefixes=prefixes)
    else:
        ox.serialize(statements, output, format=rdf_format)
