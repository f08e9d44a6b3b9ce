"""Serialisations of the store: Turtle, N-Triples, N-Quads, TriG and JSON-LD, stable and streaming.

Every format goes through one pipeline: pyoxigraph dumps each article graph as N-Triples (native
code, no Python objects per triple), the lines are sorted and de-duplicated (per graph in memory, an
article graph is small; for the union of all graphs in memory when it fits in `chunk_lines`, else by
an external merge sort in chunks of that size, so memory stays flat however large the store grows),
and a writer turns the sorted lines into the format. Sorted input makes the output byte-identical for
the same content, puts all the triples of a subject together (one Turtle block per entity), and
merges a triple stated by several articles.

Turtle and N-Triples hold one graph: they export the union of the article graphs (or one graph with
`graph=`). N-Quads, TriG and JSON-LD keep one named graph per article. The store's build
bookkeeping graph (`<base>meta`) is never exported: it is not part of the knowledge graph.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.resources
import io
import os
import re
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from importlib.resources.abc import Traversable
from itertools import chain, compress, islice
from operator import ne
from typing import TYPE_CHECKING, BinaryIO, cast

import pyoxigraph as ox

from .errors import KgError
from .settings import Settings
from .sparql import formats
from .vocab import KG, PREFIXES, RDF

if TYPE_CHECKING:
    from .stores import Store

# The formats an export is written in (the names, aliases and file extensions are kg.sparql.formats').
FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
DATASET_FORMATS = ("nquads", "trig", "jsonld")
ALIASES = {alias: formats.ALIASES[alias] for alias in formats.aliases_of(FORMATS)}
# The named graph that holds the ontology in dataset formats (the ontology IRI without its '#').
ONTOLOGY_GRAPH = str(KG).rstrip("#")
# Lines sorted in memory at once; beyond that, sorted runs go to temporary files and are merged.
CHUNK_LINES = 100_000

_RDF_TYPE = f"<{RDF.type}>".encode()
# A conservative PN_LOCAL: what every Turtle reader accepts without escapes.
_LOCAL = re.compile(rb"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?")

# Writes N-Triples to a binary file: a graph's dump, the ontology's, the default graph's.
Dump = Callable[[BinaryIO], None]


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
    from .stores import meta_graph_iri

    return meta_graph_iri(settings)


def article_graphs(store: Store, settings: Settings) -> list[str]:
    """The named graphs to export, sorted: every graph but the build bookkeeping one."""
    meta = _meta_graph(settings)
    return sorted(g for g in store.graphs() if g != meta)


def resolve_graph(store: Store, settings: Settings, graph: str) -> str:
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


def ontology_files() -> list[Traversable]:
    """The ontology's Turtle files shipped in kg.ontology (SHACL shapes left out: they are not the ontology)."""
    folder = importlib.resources.files("kg.ontology")
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".ttl") and not f.name.startswith("shapes")),
        key=lambda f: f.name,
    )


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


_DEFAULT_GRAPH_ONLY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def _default_graph_ntriples(store: Store, out: BinaryIO) -> None:
    """Triples of the store's own default graph (normally none: facts live in article graphs)."""
    triples = list(store.construct(_DEFAULT_GRAPH_ONLY, union_default=False))
    if triples:
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)


# --- sorting -------------------------------------------------------------------------------------
# The pipeline passes "records": a triple as the N-Triples line without its " .\n" (b"<s> <p> <o>").
# Splitting whole blocks on b" .\n" finds them at C speed: a literal never holds a raw line break.

BLOCK_BYTES = 4 << 20  # how much N-Triples is dumped in memory before it is cut into records
RUN_BLOCK_BYTES = 1 << 20  # read granularity of each sorted run while they are merged
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


def dumped_blocks(dumps: Iterable[Dump]) -> Iterator[list[bytes]]:
    """Lists of records of what each `dump(file)` writes as N-Triples, cut every BLOCK_BYTES or so.
    In memory, not through a file: the dumps end with complete lines, so a block never cuts one."""
    buffer = io.BytesIO()
    for dump in dumps:
        dump(buffer)
        if buffer.tell() >= BLOCK_BYTES:
            yield ntriples_records(buffer.getvalue())
            buffer = io.BytesIO()
    if buffer.tell():
        yield ntriples_records(buffer.getvalue())


def sorted_records(blocks: Iterable[list[bytes]], tmpdir: str, chunk_lines: int = CHUNK_LINES) -> Iterable[bytes]:
    """The records of some blocks sorted bytewise (duplicates stay, next to each other), holding at
    most about chunk_lines of them in memory: beyond that, sorted runs go to temporary files and
    are merged."""
    runs: list[str] = []
    pending: list[bytes] = []
    for records in blocks:
        pending += records
        if len(pending) >= chunk_lines:
            full = len(pending) - len(pending) % chunk_lines
            for start in range(0, full, chunk_lines):
                runs.append(_write_run(tmpdir, len(runs), sorted(pending[start : start + chunk_lines])))
            pending = pending[full:]
    pending.sort()
    if not runs:
        return pending  # everything fitted in one chunk: no run files, no merge
    if pending:
        runs.append(_write_run(tmpdir, len(runs), pending))
    del pending
    return _merged_runs(runs)


def unique_sorted(records: list[bytes]) -> list[bytes]:
    """A sorted list without its adjacent duplicates (compared at C speed, no Python loop)."""
    return list(compress(records, map(ne, records, chain((None,), records))))


def _merged_runs(runs: list[str]) -> Iterator[bytes]:
    """The records of sorted run files in one sorted stream, merged a block at a time: all the
    buffered records up to the smallest of the runs' last buffered ones are safe to emit, and
    list.sort merges those already sorted slices at C speed (heapq.merge costs a Python step per
    record). Memory: one block per run."""
    with contextlib.ExitStack() as stack:
        readers = [_run_blocks(stack.enter_context(open(r, "rb"))) for r in runs]
        buffers = [next(reader, []) for reader in readers]
        while True:
            live = [i for i, buffer in enumerate(buffers) if buffer]
            if not live:
                return
            bound = min(buffers[i][-1] for i in live)
            batch: list[bytes] = []
            for i in live:
                cut = bisect_right(buffers[i], bound)
                batch += buffers[i][:cut]
                buffers[i] = buffers[i][cut:] or next(readers[i], [])
            batch.sort()
            yield from batch


def _run_blocks(run: BinaryIO) -> Iterator[list[bytes]]:
    """The records of a run file (one per line), a block at a time."""
    rest = b""
    while block := run.read(RUN_BLOCK_BYTES):
        block = rest + block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        if cut:
            yield block[: cut - 1].split(b"\n")
    if rest:
        yield [rest]


def _write_run(tmpdir: str, index: int, records: list[bytes]) -> str:
    run = os.path.join(tmpdir, f"run{index}.nt")
    with open(run, "wb") as dst:
        for batch in _batches(unique_sorted(records)):
            dst.write(b"\n".join(batch) + b"\n")
    return run


def _batches(items: Iterable[bytes], size: int = 8192) -> Iterator[list[bytes]]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _dumped_records(write: Dump) -> list[bytes]:
    """Sorted unique records of what `write(file)` dumps as N-Triples (one graph: it fits in memory)."""
    buffer = io.BytesIO()
    write(buffer)
    records = ntriples_records(buffer.getvalue())
    records.sort()
    return unique_sorted(records)


# --- writers -------------------------------------------------------------------------------------


def _prefix_header() -> bytes:
    return b"".join(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in PREFIXES.items()) + b"\n"


class _Memo(dict[bytes, bytes]):
    """term -> its Turtle form, computed by `make` on first use; cleared when large, so memory stays flat."""

    def __init__(self, make: Callable[[bytes], bytes]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, term: bytes) -> bytes:
        if len(self) > 50_000:
            self.clear()
        value = self[term] = self.make(term)
        return value


class TurtleWriter:
    """Writes sorted unique records as Turtle: prefixed names, `a`, one block per subject."""

    def __init__(self, out: BinaryIO, indent: bytes = b"") -> None:
        self.out = out
        self.indent = indent
        self.namespaces = {str(ns).encode(): p.encode() for p, ns in PREFIXES.items()}
        self.starts = tuple(b"<" + ns for ns in self.namespaces)
        self.iris = _Memo(self.iri)

    def iri(self, term: bytes) -> bytes:
        """<http://...#Name> as prefix:Name when a project prefix fits, else unchanged."""
        if not term.startswith(self.starts):  # most subjects: a quick no
            return term
        value = term[1:-1]
        cut = max(value.rfind(b"#"), value.rfind(b"/")) + 1
        prefix = self.namespaces.get(value[:cut])
        return prefix + b":" + value[cut:] if prefix is not None and _LOCAL.fullmatch(value[cut:]) else term

    def term(self, term: bytes) -> bytes:
        first = term[:1]
        if first == b"<":
            return self.iris[term]
        if first == b'"' and term.endswith(b">"):
            # IRIs never contain '"', so the last '"^^<' starts the datatype.
            cut = term.rfind(b'"^^<')
            if cut > 0:
                return term[: cut + 3] + self.iris[term[cut + 3 :]]
        return term

    def write(self, records: Iterable[bytes]) -> None:
        """Writes sorted records; an adjacent duplicate is written once."""
        ind = self.indent
        iris, term = self.iris, self.term

        # What goes before an object: a new subject's block opening, a new predicate (memoised per
        # predicate, with its separator and indent), or another object of the same predicate. Only
        # in predicate position does rdf:type become `a`.
        def predicate(p: bytes) -> bytes:
            return b"a" if p == _RDF_TYPE else iris[p]

        new_predicate = _Memo(lambda p: b" ;\n" + ind + b"    " + predicate(p) + b" ")
        first_predicate = _Memo(lambda p: b"\n" + ind + b"    " + predicate(p) + b" ")
        new_subject = b" .\n\n" + ind
        same_predicate = b" ,\n" + ind + b"        "
        parts: list[bytes] = []
        append = parts.append
        records = iter(records)
        prev_record = prev_s = prev_p = None
        for record in records:  # the first record opens the first block
            prev_record = record
            prev_s, prev_p, o = record.split(b" ", 2)
            parts += (ind, term(prev_s), first_predicate[prev_p], term(o))
            break
        while True:
            # One write per batch of records; a record costs a split and a few dict lookups.
            for record in islice(records, 8192):
                if record == prev_record:
                    continue
                prev_record = record
                s, p, o = record.split(b" ", 2)
                if s == prev_s:
                    if p == prev_p:
                        append(same_predicate)
                    else:
                        append(new_predicate[p])
                        prev_p = p
                else:
                    append(new_subject)
                    append(iris[s] if s[0] == 60 else s)
                    append(first_predicate[p])
                    prev_s, prev_p = s, p
                first = o[0]
                if first == 60:  # '<': an IRI
                    o = iris[o]
                elif first == 34 and o[-1] == 62:  # '"...'^^<datatype>'
                    cut = o.rfind(b'"^^<') + 3
                    o = o[:cut] + iris[o[cut:]]
                append(o)
            if not parts:
                break
            self.out.write(b"".join(parts))
            parts.clear()
        if prev_s is not None:
            self.out.write(b" .\n")


def _lines(records: Iterable[bytes], graph: str | None = None) -> Iterator[bytes]:
    """N-Triples lines, or N-Quads lines in `graph`, in batches."""
    end = f" <{graph}> .\n".encode() if graph else _END
    for batch in _batches(records):
        yield end.join(batch) + end


# --- the export ----------------------------------------------------------------------------------


def export(
    store: Store,
    output: BinaryIO,
    fmt: str = "turtle",
    *,
    settings: Settings | None = None,
    graph: str | None = None,
    with_ontology: bool = False,
    chunk_lines: int = CHUNK_LINES,
) -> None:
    """Writes the store (or one article graph) to a binary output in one of FORMATS."""
    settings = settings or Settings()
    fmt = normalise_format(fmt)
    graphs = [resolve_graph(store, settings, graph)] if graph else article_graphs(store, settings)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmpdir:
        if fmt in ("turtle", "nt"):
            records = _merged_records(
                store, settings, graphs, tmpdir, with_ontology, whole=graph is None, chunk_lines=chunk_lines
            )
            if fmt == "nt":
                output.writelines(_lines(_unique(records)))
            else:
                output.write(_prefix_header())
                TurtleWriter(output).write(records)
        elif fmt == "nquads":
            for name, records in _dataset_parts(store, graphs, with_ontology, graph is None):
                output.writelines(_lines(records, name))
        elif fmt == "trig":
            output.write(_prefix_header())
            for name, records in _dataset_parts(store, graphs, with_ontology, graph is None):
                output.write(f"<{name}> {{\n".encode() if name else b"{\n")
                TurtleWriter(output, indent=b"    ").write(records)
                output.write(b"}\n\n")
        else:
            path = os.path.join(tmpdir, "all.nq")
            with open(path, "wb") as nq:
                for name, records in _dataset_parts(store, graphs, with_ontology, graph is None):
                    nq.writelines(_lines(records, name))
            ox.serialize(ox.parse(path=path, format=ox.RdfFormat.N_QUADS), output, ox.RdfFormat.JSON_LD)


def _merged_records(
    store: Store, settings: Settings, graphs: list[str], tmpdir: str, with_ontology: bool, whole: bool, chunk_lines: int
) -> Iterable[bytes]:
    """The union of the graphs (and the ontology) as sorted records (a duplicate next to its twin)."""
    # Graph by graph as N-Triples: as fast as one N-Quads dump of the whole store (measured), with
    # no graph term to cut off each line afterwards, and the bookkeeping graph is simply not asked for.
    dumps = [_graph_dump(store, g) for g in graphs]
    if whole:
        dumps.insert(0, _default_graph_dump(store))
    if with_ontology:
        dumps.append(_ontology_ntriples)
    return sorted_records(dumped_blocks(dumps), tmpdir, chunk_lines)


def _graph_dump(store: Store, graph: str) -> Dump:
    return lambda out: store.dump(out, ox.RdfFormat.N_TRIPLES, graph=graph)


def _default_graph_dump(store: Store) -> Dump:
    return lambda out: _default_graph_ntriples(store, out)


def _dataset_parts(
    store: Store, graphs: list[str], with_ontology: bool, include_default: bool
) -> Iterator[tuple[str | None, list[bytes]]]:
    """(graph name or None for the default graph, its sorted records), graph by graph in a stable order."""
    if include_default:
        records = _dumped_records(_default_graph_dump(store))
        if records:
            yield None, records
    for g in graphs:
        yield g, _dumped_records(_graph_dump(store, g))
    if with_ontology:
        yield ONTOLOGY_GRAPH, _dumped_records(_ontology_ntriples)


def format_for(path: str | None) -> str | None:
    """The format a file name implies (data.ttl, data.nq.gz), or None."""
    if not path or path == "-":
        return None
    fmt = formats.from_file_name(path[:-3] if path.endswith(".gz") else path)
    return fmt if fmt in FORMATS else None


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[BinaryIO]:
    """A binary output: stdout for None or '-', gzip when the name ends in .gz, else the file."""
    if path is None or path == "-":
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
                yield cast(BinaryIO, gz)  # a binary file in all but typeshed's class tree
        else:
            yield f
