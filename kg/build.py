"""build(paths, settings): read -> extract -> link -> write, one named graph per article; idempotent.

What a user can rely on:

- Idempotent: an article already in the store (same text = same id = same graph IRI) is not
  extracted again, so building the same files twice changes nothing. `force=True` re-extracts.
- Incremental: the meta graph (`<base>meta`) records which file each article came from
  (`<article> kg:sourceFile "corpus/a.txt"`, relative to the builder's home folder, so the graph a server
  publishes never holds the builder's absolute paths; see _SourcePaths). When a file is read again, its
  articles that are no longer in it (the text changed, so the id did) are dropped, unless another file still holds
  them; a file that now yields only errors keeps its old articles; a recorded file that no
  longer exists under a folder being built has its articles dropped.
- Shared entities: an entity node carries one rdfs:label across all graphs. The first label
  stored wins: an article arriving later with another label for the same entity keeps its
  label as skos:altLabel, and drops altLabels equal to the stored label. When the graph that
  held an entity's label goes, the label most used among the remaining altLabels is promoted.
- Atomic per batch: each batch of articles is one store.Change, so a killed build leaves whole
  articles only, and a rerun writes the rest in the same order, giving the clean build's graph.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import InputError
from .labels import merge_labels
from .model import Article, Facts
from .rdf import ALT_LABEL, LABEL, Minter, facts_triples
from .settings import Settings
from .stores import Change, Store, meta_graph_iri, open_store
from .stores.base import Subject, Term
from .vocab import KG

if TYPE_CHECKING:
    from spacy.language import Language

    from .extract.cluster_write import DirectWrites
    from .link.kb import KnowledgeBase

SOURCE_FILE = ox.NamedNode(str(KG.sourceFile))
MENTIONED_IN = ox.NamedNode(str(KG.mentionedIn))

ProgressFn = Callable[[int, int, int], None]  # (articles done, articles to extract, errors so far)
# (article, its facts, None), or (article, None, the error) for one whose extraction failed
Extracted = tuple[Article, Facts | None, BaseException | None]
BatchFn = Callable[[int, int], None]  # (articles in the batch just written, its triples)

# When the build writes a batch: at this many triples, or when its first article has waited this long.
WRITE_QUADS = 50_000
WRITE_SECONDS = 2.0


@dataclass
class BuildReport:
    """What a build did, for the summary a user reads at the end."""

    read: int = 0  # articles read from the inputs
    written: int = 0  # articles extracted and written
    unchanged: int = 0  # already in the store
    duplicates: int = 0  # the same text read again (another file, or twice in one): one graph
    removed: int = 0  # graphs dropped (changed or vanished articles)
    triples: int = 0  # triples written
    written_on_cluster: int = 0  # of `written`: graphs the cluster's workers wrote to a remote store themselves
    entities: int = 0  # distinct entities in the written articles
    events: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def build(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    force: bool = False,
    progress: ProgressFn | None = None,
    on_batch: BatchFn | None = None,
    commit_every: float = WRITE_SECONDS,
    nlp: Language | None = None,
    kb: KnowledgeBase | None = None,
    worker_pipeline: Callable[[], Language] | None = None,
) -> BuildReport:
    """Builds the files and folders into the store the settings name; never raises for bad input.

    With settings.cluster, extraction runs as Dask tasks; `worker_pipeline` is then the picklable zero-argument
    function each worker calls once to make its extraction pipeline (default: the settings' model and the
    worker's knowledge base); `nlp` and `kb` are for this process only."""
    from .articles import read_paths

    started = time.perf_counter()
    inputs = [Path(p) for p in paths]
    report = BuildReport()
    read = read_paths(inputs)
    report.errors.extend(read.errors)
    report.warnings.extend(str(w) for w in read.warnings)
    report.read = len(read.articles)

    store = open_store(settings)
    try:
        minter = Minter(settings.base_iri)
        meta = meta_graph_iri(settings)
        recorded_as = _SourcePaths()
        sources = _recorded_sources(store, meta, recorded_as)  # article IRI -> set of source files (absolute)
        # An article counts as stored when its graph is there *and* its source record is (the
        # record is written last, so a graph without one is a write that did not finish).
        graphs = set(store.graphs())
        present = {iri for iri in sources if iri in graphs}

        todo, by_article = _plan(read.articles, sources, present, minter, force)
        obsolete, stale_records = _obsolete(read.articles, inputs, sources, minter)
        if obsolete or stale_records:
            report.removed = len(obsolete)
            _remove(store, obsolete, sources, meta, recorded_as, extra_delete=stale_records)
        planned = {str(minter.article(a.id)) for a in todo}
        new_sources = _SourceRecords(meta, by_article, recorded_as)

        distinct = len({a.id for a in read.articles})
        report.duplicates = report.read - distinct
        report.unchanged = distinct - len(todo)
        writer = BatchWriter(store, minter, meta, report=report, on_batch=on_batch, max_seconds=commit_every)
        direct = _direct_writes(settings, store, minter, report, on_batch, new_sources, graphs)
        done = 0
        if progress:  # the bar shows up while the model loads, not after the first article
            progress(0, len(todo), len(report.errors))
        # closing(): on Ctrl-C while writing, the extraction stops now (a cluster's tasks are cancelled).
        with closing(_extract_all(todo, settings, nlp, kb, worker_pipeline, direct)) as extracted:
            for article, facts, err in extracted:
                if err is not None:
                    report.errors.append(
                        InputError(
                            article.source_path or article.id, f"extraction failed for '{article.title[:60]}': {err}"
                        )
                    )
                elif facts is not None:  # None: a cluster worker wrote it (_direct_writes)
                    writer.add(facts, new_sources.of(str(minter.article(article.id))))
                done += 1
                if progress:
                    progress(done, len(todo), len(report.errors))
        writer.finish()
        if direct:
            direct.finish()
        for_present = [q for iri in by_article if iri not in planned for q in new_sources.of(iri)]
        if for_present:
            store.apply(Change(insert=for_present))
        store.flush()
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def remove(article_id: str, settings: Settings) -> bool:
    """Takes one article (by id or IRI) out of the store; False when it was not there."""
    minter = Minter(settings.base_iri)
    iri = article_id if article_id.startswith(("http://", "https://")) else str(minter.article(article_id))
    store = open_store(settings)
    try:
        if iri not in set(store.graphs()):
            return False
        meta = meta_graph_iri(settings)
        recorded_as = _SourcePaths()
        _remove(store, [iri], _recorded_sources(store, meta, recorded_as), meta, recorded_as)
        return True
    finally:
        store.close()


# -- planning: what to extract, what to drop


class _SourcePaths:
    """How a source file is written in the meta graph: relative to the builder's home folder. An absolute path
    would show the builder's user name and folders to anyone who can query the served graph. Not relative to the
    working directory: a build run from elsewhere would then take the records for vanished files and drop their
    articles. Paths are compared absolute; only the record is relative."""

    def __init__(self) -> None:
        home = os.path.expanduser("~")
        self.root = home if os.path.isabs(home) else os.sep

    def record(self, path: str) -> ox.Literal:
        if path == "<text>":
            return ox.Literal(path)
        try:
            return ox.Literal(os.path.relpath(path, self.root))
        except ValueError:  # another drive (Windows): no relative form
            return ox.Literal(path)

    def resolve(self, recorded: str) -> str:
        if recorded == "<text>" or os.path.isabs(recorded):
            return recorded
        return os.path.normpath(os.path.join(self.root, recorded))


@dataclass
class _SourceRecords:
    """The meta-graph triples `<article> kg:sourceFile "path"` of the source files read this time."""

    meta: str
    by_article: dict[str, set[str]]
    paths: _SourcePaths

    def of(self, iri: str) -> list[ox.Quad]:
        g = ox.NamedNode(self.meta)
        return [
            ox.Quad(ox.NamedNode(iri), SOURCE_FILE, self.paths.record(f), g)
            for f in sorted(self.by_article.get(iri, ()))
        ]


def _source_name(path: str | None) -> str:
    return os.path.abspath(path) if path else "<text>"


def _plan(
    articles: list[Article], sources: Mapping[str, set[str]], present: set[str], minter: Minter, force: bool
) -> tuple[list[Article], dict[str, set[str]]]:
    """The articles to extract (first occurrence of each id) and the source files to record per article."""
    todo: list[Article] = []
    by_article: dict[str, set[str]] = {}
    for art in articles:
        iri = str(minter.article(art.id))
        src = _source_name(art.source_path)
        first = iri not in by_article
        recorded = sources.get(iri, set())
        by_article.setdefault(iri, set())
        if src not in recorded or (force and iri in present):
            by_article[iri].add(src)
        if first and (force or iri not in present):
            todo.append(art)
            # A rewritten graph gets all its records again (they go with the graph's Change).
            by_article[iri] |= recorded | {src}
    return todo, {iri: srcs for iri, srcs in by_article.items() if srcs}


def _obsolete(
    articles: list[Article], paths: list[Path], sources: Mapping[str, set[str]], minter: Minter
) -> tuple[list[str], list[tuple[str, str]]]:
    """Graphs whose every recorded source was re-read (or vanished) without them; other stale records."""
    now: dict[str, set[str]] = {}
    for art in articles:
        now.setdefault(_source_name(art.source_path), set()).add(str(minter.article(art.id)))
    folders = [os.path.abspath(p) + os.sep for p in paths if p.is_dir()]
    files = {os.path.abspath(p) for p in paths if not p.is_dir()}

    def stale(src: str, iri: str) -> bool:
        if src in now:  # read again with at least one article: its set is the truth now
            return iri not in now[src]
        covered = src in files or any(src.startswith(f) for f in folders)
        return covered and not os.path.exists(src)

    gone: list[str] = []
    records: list[tuple[str, str]] = []  # (article IRI, a stale source file of it)
    for iri, srcs in sorted(sources.items()):
        old = [s for s in sorted(srcs) if stale(s, iri)]
        if old and len(old) == len(srcs):
            gone.append(iri)
        else:
            records += [(iri, s) for s in old]
    return gone, records


def _recorded_sources(store: Store, meta: str, paths: _SourcePaths) -> dict[str, set[str]]:
    """article IRI -> its source files (absolute). Records of an older build that hold absolute paths are rewritten
    in their relative form on the way (so every record matches the form the build deletes)."""
    rows = store.select(
        f"SELECT ?a ?f WHERE {{ GRAPH <{meta}> {{ ?a <{SOURCE_FILE.value}> ?f }} }}", union_default=False
    )
    found: dict[str, set[str]] = {}
    g = ox.NamedNode(meta)
    old: list[ox.Quad] = []
    new: list[ox.Quad] = []
    for row in rows:
        path = paths.resolve(row[1].value)
        found.setdefault(row[0].value, set()).add(path)
        if paths.record(path) != row[1]:
            old.append(ox.Quad(row[0], SOURCE_FILE, row[1], g))
            new.append(ox.Quad(row[0], SOURCE_FILE, paths.record(path), g))
    if old and not store.read_only:
        store.apply(Change(delete=old, insert=new))
    return found


# -- removal, keeping one label per entity


def _remove(
    store: Store,
    graphs: list[str],
    sources: Mapping[str, set[str]],
    meta: str,
    paths: _SourcePaths,
    extra_delete: Iterable[tuple[str, str]] = (),
) -> None:
    """Drops graphs and their source records in one change, promoting labels the drop would orphan."""
    g = ox.NamedNode(meta)
    records = [ox.Quad(ox.NamedNode(iri), SOURCE_FILE, paths.record(f), g) for iri, f in extra_delete]
    step = store.max_graphs_per_change or max(1, len(graphs))
    for i in range(0, max(1, len(graphs)), step):
        chunk = graphs[i : i + step]
        delete = [
            ox.Quad(ox.NamedNode(iri), SOURCE_FILE, paths.record(f), g) for iri in chunk for f in sources.get(iri, ())
        ]
        promote_del, promote_ins = _label_promotions(store, chunk) if chunk else ([], [])
        store.apply(Change(drop=list(chunk), delete=delete + records + promote_del, insert=promote_ins))
        records = []


def _label_promotions(store: Store, dropped: list[str]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """For entities whose only rdfs:label lives in dropped graphs: the altLabel to promote, and where."""
    values = " ".join(f"<{g}>" for g in dropped)
    listed = ", ".join(f"<{g}>" for g in dropped)
    rows = store.select(
        f"""
        SELECT ?e ?g ?alt WHERE {{
          VALUES ?gone {{ {values} }}
          GRAPH ?gone {{ ?e <{LABEL.value}> ?old }}
          FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e <{LABEL.value}> ?kept }} FILTER(?g2 NOT IN ({listed})) }}
          GRAPH ?g {{ ?e <{ALT_LABEL.value}> ?alt }}
          FILTER(?g NOT IN ({listed}))
        }}""",
        union_default=False,
    )
    alts: dict[ox.NamedNode, list[tuple[str, ox.Literal]]] = {}
    for row in rows:
        alts.setdefault(row["e"], []).append((row["g"].value, row["alt"]))
    delete: list[ox.Quad] = []
    insert: list[ox.Quad] = []
    for entity, found in alts.items():
        used = Counter(str(lit) for _, lit in found)
        # Most used across the remaining graphs, then shortest, then alphabetical: deterministic.
        best = min({lit for _, lit in found}, key=lambda lit: (-used[str(lit)], len(lit.value), lit.value))
        home = min(g for g, lit in found if lit == best)
        for g, lit in found:
            if lit == best:
                delete.append(ox.Quad(entity, ALT_LABEL, lit, ox.NamedNode(g)))
        insert.append(ox.Quad(entity, LABEL, best, ox.NamedNode(home)))
    return delete, insert


# -- extraction


def _direct_writes(
    settings: Settings,
    store: Store,
    minter: Minter,
    report: BuildReport,
    on_batch: BatchFn | None,
    sources: _SourceRecords,
    existing: set[str],
) -> DirectWrites | None:
    """With a cluster and a remote store the workers write each article's graph themselves, the labels decided
    here (kg/extract/cluster_write.py); None otherwise (this process writes, through BatchWriter)."""
    if not (settings.cluster and settings.is_remote):
        return None
    from .extract.cluster_write import DirectWrites

    return DirectWrites(settings, store, minter, report, on_batch, sources.of, existing)


def _extract_all(
    articles: list[Article],
    settings: Settings,
    nlp: Language | None,
    kb: KnowledgeBase | None,
    worker_pipeline: Callable[[], Language] | None = None,
    direct: DirectWrites | None = None,
) -> Generator[Extracted, None, None]:
    """(article, facts, None) in input order, or (article, None, error) for one that failed; with `direct`
    (_direct_writes), (article, None, None) for one a cluster worker wrote."""
    if not articles:
        return
    if settings.cluster:  # Dask is imported only here: the default path never loads it
        try:
            from .extract.cluster import connect, default_loader, extract_on_cluster
        except ImportError as err:
            from .errors import ConfigError

            raise ConfigError(f"--cluster needs Dask: pip install 'newskg[cluster]' ({err})") from err

        loader = worker_pipeline or default_loader(settings.spacy_model)
        with connect(settings.cluster) as client:
            if direct is not None:
                yield from direct.run(articles, client, loader, settings.batch_size)
            else:
                yield from extract_on_cluster(articles, client, loader, settings.batch_size)
        return
    from .extract import extract_many, extraction_pipeline
    from .extract.parallel import can_fork, extract_parallel

    # Entities are linked inside the pipeline (kg_entities): facts come out with their final keys.
    nlp = nlp if nlp is not None and "kg_entities" in nlp.pipe_names else extraction_pipeline(settings.spacy_model, kb)
    # A process per core, but never more than there are batches (a process for two articles would wait idle).
    n_process = max(1, min(settings.workers, -(-len(articles) // settings.batch_size)))
    if n_process > 1 and can_fork():
        yield from extract_parallel(articles, nlp, n_process, settings.batch_size)
        return
    start = 0
    while start < len(articles):
        stream = extract_many(articles[start:], nlp=nlp, batch_size=settings.batch_size, n_process=n_process)
        try:
            for facts in stream:
                yield articles[start], facts, None
                start += 1
            return
        except Exception as err:  # one bad article must not sink the batch: skip it, restart after it
            yield articles[start], None, err
            start += 1


# -- writing


class BatchWriter:
    """The build's write path: collects article graphs into batches; each batch is one atomic store.Change.

    A batch is written once it holds `max_quads` triples (big writes take the store's bulk path)
    or once its first article waited `max_seconds` (slow extraction still lands articles often,
    and a killed build loses little). Batch boundaries never change the result: the label rule
    is applied in article order within and across batches.
    """

    def __init__(
        self,
        store: Store,
        minter: Minter,
        meta: str,
        *,
        report: BuildReport | None = None,
        on_batch: BatchFn | None = None,
        max_quads: int = WRITE_QUADS,
        max_seconds: float = WRITE_SECONDS,
    ):
        self.store, self.minter, self.meta = store, minter, meta
        self.on_batch = on_batch
        self.max_quads, self.max_seconds = max_quads, max_seconds
        self.pending_quads, self.since = 0, 0.0
        self.report = report or BuildReport()
        self.pending: list[tuple[str, Sequence[ox.Triple | ox.Quad], list[ox.Quad]]] = []
        self.entity_keys: set[str] = set()
        # Events are counted as `kg stats` counts them: distinct nodes (two articles reporting one dated happening
        # with the same participants share its IRI)
        self.event_iris: set[str] = set()

    def add(self, facts: Facts, source_quads: Iterable[ox.Quad] = ()) -> None:
        iri = str(self.minter.article(facts.article.id))
        self.entity_keys.update(facts.entities)
        self.event_iris.update(str(self.minter.event(ev, facts.article.id)) for ev in facts.events)
        self.add_graph(iri, facts_triples(facts, self.minter), source_quads)

    def add_graph(self, iri: str, triples: Sequence[ox.Triple | ox.Quad], source_quads: Iterable[ox.Quad] = ()) -> None:
        """Queues one article graph's triples (already mapped) for the next batch."""
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append((iri, triples, list(source_quads)))
        self.pending_quads += len(triples)
        if (
            self.pending_quads >= min(self.max_quads, self.store.max_quads_per_change or self.max_quads)
            or time.monotonic() - self.since >= self.max_seconds
            or len(self.pending) >= (self.store.max_graphs_per_change or len(self.pending) + 1)
        ):
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        graphs = [iri for iri, _, _ in self.pending]
        stored = _stored_labels(self.store, [t for _, ts, _ in self.pending for t in ts], exclude=graphs)
        change = Change()
        for iri, triples, source_quads in self.pending:
            change.put[iri] = merge_labels(triples, stored)
            change.insert.extend(source_quads)
        self.store.apply(change)
        written = change.put_size()
        self.report.written += len(self.pending)
        self.report.triples += written
        if self.on_batch:
            self.on_batch(len(self.pending), written)
        self.pending, self.pending_quads = [], 0

    def finish(self) -> None:
        self.flush()
        self.report.entities = len(self.entity_keys)
        self.report.events = len(self.event_iris)


def _stored_labels(store: Store, triples: Iterable[ox.Triple | ox.Quad], exclude: list[str]) -> dict[Subject, Term]:
    """entity -> its rdfs:label already stored in graphs other than `exclude` (the rule keeps one per entity)."""
    entities = list({t.subject for t in triples if t.predicate == LABEL})
    return store.first_objects(entities, LABEL, exclude) if entities else {}
