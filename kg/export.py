"""Serialisations of the store: Turtle, N-Triples, N-Quads, TriG and JSON-LD, stable and streaming.

Every format goes through one pipeline: pyoxigraph dumps the store (the union: in one native
pass) or each article graph as N-Triples / N-Quads (native code, no Python objects per triple), the
lines are sorted and de-duplicated (per graph in memory, an article graph is small; for the union
of all graphs by an external merge sort in chunks of `chunk_lines`, so memory stays flat however
large the store grows), and a writer turns the sorted lines into the format. Sorted input makes the output byte-identical for the same content, puts all the triples of
a subject together (one Turtle block per entity), and merges a triple stated by several articles.

Turtle and N-Triples hold one graph: they export the union of the article graphs (or one graph with
`graph=`). N-Quads, TriG and JSON-LD keep one named graph per article. The store's build
bookkeeping graph (`<base>meta`) is never exported: it is not part of the knowledge graph.
"""

from __future__ import annotations

import contextlib
import gzip
import heapq
import importlib.resources
import os
import re
import sys
import tempfile
from itertools import islice
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox

from .errors import KgError
from .settings import Settings
from .vocab import KG, PREFIXES

FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
DATASET_FORMATS = ("nquads", "trig", "jsonld")
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads",
           "json-ld": "jsonld"}
# The named graph that holds the ontology in dataset formats (the ontology IRI without its '#').
ONTOLOGY_GRAPH = str(KG).rstrip("#")
# Lines sorted in memory at once; beyond that, sorted runs go to temporary files and are merged.
CHUNK_LINES = 100_000

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# A conservative PN_LOCAL: what every Turtle reader accepts without escapes.
_LOCAL = re.compile(rb"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")


class ExportError(KgError):
    """An export cannot be made as asked (unknown format or graph)."""

    exit_code = 2


def normalise_format(fmt: str) -> str:
    fmt = ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    return fmt


# --- what to export ------------------------------------------------------------------------------


def _meta_graph(settings: Settings) -> str:
    from .store import meta_graph_iri

    return meta_graph_iri(settings)


def article_graphs(store, settings: Settings) -> list[str]:
    """The named graphs to export, sorted: every graph but the build bookkeeping one."""
    meta = _meta_graph(settings)
    return sorted(g for g in store.graphs() if g != meta)


def resolve_graph(store, settings: Settings, graph: str) -> str:
    """A graph given as its IRI, as "article/ID" or as the bare article id."""
    base = settings.base_iri if settings.base_iri.endswith(("/", "#")) else settings.base_iri + "/"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", graph):
        iri = graph.strip("<>")
    elif graph.startswith("article/"):
        iri = base + graph
    else:
        iri = base + "article/" + graph
    if iri not in article_graphs(store, settings):
        raise ExportError(f"the store has no graph <{iri}> (articles are graphs named {base}article/ID)")
    return iri


def ontology_files() -> list:
    """The ontology's Turtle files shipped in kg.ontology (SHACL shapes left out: they are not the ontology)."""
    folder = importlib.resources.files("kg.ontology")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".ttl") and not f.name.startswith("shapes")),
                  key=lambda f: f.name)


def _ontology_ntriples(out: BinaryIO) -> None:
    files = ontology_files()
    if not files:
        raise ExportError("no ontology .ttl files are shipped in kg.ontology")
    dataset = ox.Dataset()
    for f in files:
        for t in ox.parse(f.read_bytes(), ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_GRAPH):
            dataset.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    # The parser names blank nodes (OWL lists) at random; canonical names keep the export byte-stable.
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in dataset), out, ox.RdfFormat.N_TRIPLES)


_DEFAULT_GRAPH_ONLY = ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
                       "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")


def _default_graph_ntriples(store, out: BinaryIO) -> None:
    """Triples of the store's own default graph (normally none: facts live in article graphs)."""
    triples = list(store.query(_DEFAULT_GRAPH_ONLY, union_default=False))
    if triples:
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)


# --- sorting -------------------------------------------------------------------------------------
# The pipeline passes "records": a triple as the N-Triples line without its " .\n" (b"<s> <p> <o>").
# Splitting whole blocks on b" .\n" finds them at C speed: a literal never holds a raw line break.

BLOCK_BYTES = 4 << 20  # read granularity of the sort's input
_END = b" .\n"


def _unique(records: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for record in records:
        if record != previous:
            yield record
            previous = record


def ntriples_records(block: bytes) -> list[bytes]:
    """The records of a block of complete N-Triples lines."""
    records = block.split(_END)
    records.pop()  # what follows the last line's end: empty
    return records


def nquads_records(skip_graph: str | None = None):
    """A block reader for N-Quads lines that all name a graph: the records without the graph term,
    leaving out the lines of `skip_graph` (the build bookkeeping)."""
    marker = f" <{skip_graph}>".encode() if skip_graph else None

    def read(block: bytes) -> list[bytes]:
        quads = ntriples_records(block)
        if marker is not None and marker in block:
            quads = [q for q in quads if not q.endswith(marker)]
        # An IRI holds no space: the last space comes before the graph term.
        return [q.rpartition(b" ")[0] for q in quads]

    return read


def _blocks(sources) -> Iterator[list[bytes]]:
    """Lists of records, read block by block (complete lines only) from each (path, block reader) source."""
    for path, read in sources:
        with open(path, "rb") as src:
            rest = b""
            while True:
                block = src.read(BLOCK_BYTES)
                if not block:
                    break
                block = rest + block
                cut = block.rfind(b"\n") + 1
                block, rest = block[:cut], block[cut:]
                yield read(block)
            if rest.strip():  # a last line without its line break
                yield read(rest + b"\n")


def sorted_records(sources, tmpdir: str, chunk_lines: int = CHUNK_LINES) -> Iterator[bytes]:
    """The records of some files, sorted bytewise without duplicates, holding at most about chunk_lines
    of them in memory: beyond that, sorted runs go to temporary files and are merged."""
    runs: list[str] = []
    pending: list[bytes] = []
    for records in _blocks(sources):
        pending += records
        if len(pending) >= chunk_lines:
            pending.sort()
            runs.append(_write_run(tmpdir, len(runs), pending))
            pending = []
    pending.sort()
    if not runs:
        yield from _unique(pending)  # everything fitted in one chunk: no run files
        return
    if pending:
        runs.append(_write_run(tmpdir, len(runs), pending))
    del pending
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(open(r, "rb")) for r in runs]
        yield from _unique(heapq.merge(*((line[:-1] for line in f) for f in files)))


def _write_run(tmpdir: str, index: int, records: list[bytes]) -> str:
    run = os.path.join(tmpdir, f"run{index}.nt")
    with open(run, "wb") as dst:
        for batch in _batches(_unique(records)):
            dst.write(b"\n".join(batch) + b"\n")
    return run


def _batches(items: Iterable[bytes], size: int = 8192) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dumped_records(tmpdir: str, write) -> list[bytes]:
    """Sorted unique records of what `write(file)` dumps as N-Triples (one graph: it fits in memory)."""
    path = os.path.join(tmpdir, "part.nt")
    with open(path, "wb") as f:
        write(f)
    with open(path, "rb") as f:
        return list(_unique(sorted(ntriples_records(f.read()))))


# --- writers -------------------------------------------------------------------------------------


def _prefix_header() -> bytes:
    return b"".join(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in PREFIXES.items()) + b"\n"


class TurtleWriter:
    """Writes sorted records as Turtle: prefixed names, `a`, one block per subject."""

    def __init__(self, out: BinaryIO, indent: bytes = b""):
        self.out = out
        self.indent = indent
        self.namespaces = {str(ns).encode(): p.encode() for p, ns in PREFIXES.items()}
        self.cache: dict[bytes, bytes] = {}

    def iri(self, term: bytes) -> bytes:
        """<http://...#Name> as prefix:Name when a project prefix fits, else unchanged."""
        found = self.cache.get(term)
        if found is not None:
            return found
        value = term[1:-1]
        cut = max(value.rfind(b"#"), value.rfind(b"/")) + 1
        prefix = self.namespaces.get(value[:cut])
        short = prefix + b":" + value[cut:] if prefix is not None and _LOCAL.fullmatch(value[cut:]) else term
        if len(self.cache) > 50_000:  # bounded: memory stays flat on large stores
            self.cache.clear()
        self.cache[term] = short
        return short

    def term(self, term: bytes) -> bytes:
        first = term[:1]
        if first == b"<":
            return self.iri(term)
        if first == b'"' and term.endswith(b">"):
            # IRIs never contain '"', so the last '"^^<' starts the datatype.
            cut = term.rfind(b'"^^<')
            if cut > 0:
                return term[: cut + 3] + self.iri(term[cut + 3:])
        return term

    def write(self, records: Iterable[bytes]) -> None:
        """Writes sorted records; an adjacent duplicate is written once."""
        ind = self.indent
        pred_indent, obj_indent = ind + b"    ", ind + b"        "
        cache = self.cache
        # Predicates have their own cache: only there does rdf:type become `a`.
        predicates: dict[bytes, bytes] = {_RDF_TYPE: b"a"}
        parts: list[bytes] = []
        prev_record = prev_s = prev_p = None
        for record in records:
            if record == prev_record:
                continue
            prev_record = record
            s, p, o = record.split(b" ", 2)
            first = o[0]
            if first == 60:  # '<': an IRI
                o = cache.get(o) or self.iri(o)
            elif first == 34 and o[-1] == 62:  # '"...'^^<datatype>'
                cut = o.rfind(b'"^^<') + 3
                dt = o[cut:]
                o = o[:cut] + (cache.get(dt) or self.iri(dt))
            if s != prev_s:
                if prev_s is not None:
                    parts.append(b" .\n\n")
                pp = predicates.get(p) or predicates.setdefault(p, self.iri(p))
                parts += (ind, self.term(s), b"\n", pred_indent, pp, b" ", o)
                prev_s, prev_p = s, p
            elif p != prev_p:
                pp = predicates.get(p) or predicates.setdefault(p, self.iri(p))
                parts += (b" ;\n", pred_indent, pp, b" ", o)
                prev_p = p
            else:
                parts += (b" ,\n", obj_indent, o)
            if len(parts) > 8192:
                self.out.write(b"".join(parts))
                parts.clear()
                if len(predicates) > 10_000:
                    predicates = {_RDF_TYPE: b"a"}
        if prev_s is not None:
            parts.append(b" .\n")
        self.out.write(b"".join(parts))


def _lines(records: Iterable[bytes], graph: str | None = None) -> Iterator[bytes]:
    """N-Triples lines, or N-Quads lines in `graph`, in batches."""
    end = f" <{graph}> .\n".encode() if graph else _END
    for batch in _batches(records):
        yield end.join(batch) + end


# --- the export ----------------------------------------------------------------------------------


def export(store, output: BinaryIO, fmt: str = "turtle", *, settings: Settings | None = None,
           graph: str | None = None, with_ontology: bool = False, chunk_lines: int = CHUNK_LINES) -> None:
    """Writes the store (or one article graph) to a binary output in one of FORMATS."""
    settings = settings or Settings()
    fmt = normalise_format(fmt)
    graphs = [resolve_graph(store, settings, graph)] if graph else article_graphs(store, settings)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmpdir:
        if fmt in ("turtle", "nt"):
            records = _merged_records(store, settings, graphs, tmpdir, with_ontology, whole=graph is None,
                                      chunk_lines=chunk_lines)
            if fmt == "nt":
                output.writelines(_lines(records))
            else:
                output.write(_prefix_header())
                TurtleWriter(output).write(records)
        elif fmt == "nquads":
            for name, records in _dataset_parts(store, graphs, tmpdir, with_ontology, graph is None):
                output.writelines(_lines(records, name))
        elif fmt == "trig":
            output.write(_prefix_header())
            for name, records in _dataset_parts(store, graphs, tmpdir, with_ontology, graph is None):
                output.write(f"<{name}> {{\n".encode() if name else b"{\n")
                TurtleWriter(output, indent=b"    ").write(records)
                output.write(b"}\n\n")
        else:
            path = os.path.join(tmpdir, "all.nq")
            with open(path, "wb") as nq:
                for name, records in _dataset_parts(store, graphs, tmpdir, with_ontology, graph is None):
                    nq.writelines(_lines(records, name))
            ox.serialize(ox.parse(path=path, format=ox.RdfFormat.N_QUADS), output, ox.RdfFormat.JSON_LD)


def _merged_records(store, settings: Settings, graphs: list[str], tmpdir: str, with_ontology: bool, whole: bool,
                    chunk_lines: int) -> Iterator[bytes]:
    """The union of the graphs (and the ontology) as sorted unique records."""
    sources = []
    if whole and not _has_default_graph(store):
        # The whole store in one native pass (about twice as fast as one dump per graph); the graph
        # terms are cut off while reading it back.
        path = os.path.join(tmpdir, "all.nq")
        with open(path, "wb") as f:
            store.dump(f, ox.RdfFormat.N_QUADS)
        sources.append((path, nquads_records(_meta_graph(settings))))
    else:
        path = os.path.join(tmpdir, "union.nt")
        with open(path, "wb") as f:
            if whole:
                _default_graph_ntriples(store, f)
            for g in graphs:
                store.dump(f, ox.RdfFormat.N_TRIPLES, graph=g)
        sources.append((path, ntriples_records))
    if with_ontology:
        path = os.path.join(tmpdir, "ontology.nt")
        with open(path, "wb") as f:
            _ontology_ntriples(f)
        sources.append((path, ntriples_records))
    return sorted_records(sources, tmpdir, chunk_lines)


def _has_default_graph(store) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", union_default=False))


def _dataset_parts(store, graphs, tmpdir, with_ontology, include_default):
    """(graph name or None for the default graph, its sorted records), graph by graph in a stable order."""
    if include_default:
        records = _dumped_records(tmpdir, lambda f: _default_graph_ntriples(store, f))
        if records:
            yield None, records
    for g in graphs:
        yield g, _dumped_records(tmpdir, lambda f, g=g: store.dump(f, ox.RdfFormat.N_TRIPLES, graph=g))
    if with_ontology:
        yield ONTOLOGY_GRAPH, _dumped_records(tmpdir, _ontology_ntriples)


_EXTENSIONS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld"}


def format_for(path: str | None) -> str | None:
    """The format a file name implies (data.ttl, data.nq.gz), or None."""
    if not path or path == "-":
        return None
    stem = path[:-3] if path.endswith(".gz") else path
    return _EXTENSIONS.get(os.path.splitext(stem)[1].lower())


@contextlib.contextmanager
def open_output(path: str | None):
    """A binary output: stdout for None or '-', gzip when the name ends in .gz, else the file."""
    if path in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        f = open(path, "wb")
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err}") from err
    with f:
        if path.endswith(".gz"):
            # No file name and a zero time in the gzip header: the same store gives the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz:
                yield gz
        else:
            yield f
