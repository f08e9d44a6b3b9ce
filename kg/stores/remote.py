"""A store behind a SPARQL 1.1 endpoint (Oxigraph server, Virtuoso, Fuseki), spoken to with the stdlib only.

Opened for the sparql+http:// and sparql+https:// schemes (kg.stores). The store location is a URL such as

    sparql+http://127.0.0.1:7878/                       Oxigraph server (/query, /update)
    sparql+http://127.0.0.1:8890/?query=/sparql&update=/sparql&union=native      Virtuoso
    sparql+http://127.0.0.1:3030/kg/?query=query&update=update&union=native       Fuseki

`query` and `update` are paths resolved against the URL's path (defaults: `query`, `update`).
`union=param` (the default) asks Oxigraph server for the union default graph with its
`union-default-graph` parameter; `union=native` is for servers whose default graph already is
the union (Virtuoso; Fuseki with `tdb2:unionDefaultGraph true`). Reads use the SPARQL protocol
and come back as pyoxigraph result objects; writes are SPARQL Updates, one request per Change;
both are form-encoded POSTs, the protocol form all three servers accept.
Only graphs under the base IRI count as this knowledge graph's: a shared server holds others too.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import IO, Literal, TypedDict

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from ..sparql.formats import answer_format
from ..sparql.shape import query_form
from .base import BaseStore, Change, QueryResult, Subject, Term

# Asked by query form: offered both, Virtuoso answers a CONSTRUCT as JSON result bindings.
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
# Updates of a large batch may take longer than an interactive query is allowed to.
MIN_UPDATE_TIMEOUT = 300.0


class RemoteRefused(QueryError, SyntaxError):
    """The server refused a query or update (HTTP 4xx): like pyoxigraph, a SyntaxError to callers."""


class Endpoints(TypedDict):
    """Where a SPARQL server takes queries and updates, and how it makes the union default graph."""

    query: str
    update: str
    union: Literal["param", "native"]


def parse_location(location: str) -> Endpoints:
    """The endpoint URLs and options a sparql+http:// store location names."""
    url = location.removeprefix("sparql+")
    parts = urllib.parse.urlsplit(url)
    opts = dict(urllib.parse.parse_qsl(parts.query))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    match opts.get("union", "param"):
        case "param" | "native" as union:
            return {
                "query": urllib.parse.urljoin(root, opts.get("query", "query")),
                "update": urllib.parse.urljoin(root, opts.get("update", "update")),
                "union": union,
            }
        case other:
            raise StoreError(f"union={other} in {location}: use union=param (Oxigraph server) or union=native")


class RemoteTriples:
    """The triples of a CONSTRUCT or DESCRIBE answer, shaped like pyoxigraph's QueryTriples."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(
        self, output: IO[bytes] | None = None, format: ox.RdfFormat | None = ox.RdfFormat.N_TRIPLES
    ) -> bytes | None:
        return ox.serialize(self._triples, output, format)


class RemoteStore(BaseStore):
    """A knowledge graph held by a SPARQL server."""

    # Virtuoso 7 refuses an update whose compiled SQL passes 10,000 lines: about a thousand triples.
    max_graphs_per_change = 16
    max_quads_per_change = 500

    def __init__(
        self,
        location: str,
        read_only: bool = False,
        timeout: float = 30.0,
        meta_graph: str | None = None,
        base_iri: str = "",
    ) -> None:
        self.location = location
        self.read_only = read_only
        self.timeout = timeout
        self.meta_graph = meta_graph
        self.base_iri = base_iri
        self.endpoints = parse_location(location)
        # Fail early, with a message naming the URL, when nothing answers there.
        self.query("ASK { ?s ?p ?o }")

    # -- reading

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default: bool = True,
    ) -> QueryResult:
        params = [("query", sparql)]
        if default_graph is not None:
            params += [("default-graph-uri", g) for g in default_graph]
        elif union_default and self.endpoints["union"] == "param":
            params.append(("union-default-graph", ""))
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        accept = ACCEPT_GRAPH if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS
        body, ctype = self._post(self.endpoints["query"], params, self.timeout, accept)
        return _parse_answer(body, ctype)

    def graphs(self) -> list[str]:
        rows = self.select(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {_lit(self.base_iri)})) }}"
        )
        return sorted(r[0].value for r in rows)

    def count(self, graph: str | None = None) -> int:
        if graph:
            return super().count(graph)
        rows = self.select(
            "SELECT (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {_lit(self.base_iri)})) }}"
        )
        return int(next(iter(rows))[0].value)

    def first_objects(
        self, subjects: list[Subject], predicate: ox.NamedNode, exclude_graphs: Iterable[str] = ()
    ) -> dict[Subject, Term]:
        found: dict[Subject, Term] = {}
        skip = ", ".join(f"<{g}>" for g in exclude_graphs)
        not_excluded = f"FILTER(?g NOT IN ({skip}))" if skip else ""
        # Chunks keep each query's text small.
        for i in range(0, len(subjects), 200):
            values = " ".join(str(s) for s in subjects[i : i + 200])
            rows = self.select(
                f"SELECT ?s (MIN(?o) AS ?first) WHERE {{ VALUES ?s {{ {values} }} "
                f"GRAPH ?g {{ ?s {predicate} ?o }} {not_excluded} }} GROUP BY ?s"
            )
            found.update({r["s"]: r["first"] for r in rows if r["first"] is not None})
        return found

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is not None:
            triples = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            ox.serialize(list(triples), output, format)
            return
        if not format.supports_datasets:
            raise StoreError(f"{format.name} holds one graph: name the graph, or use N-Quads or TriG")
        quads: list[ox.Quad] = []
        for g in self.graphs():
            triples = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
            graph_name = ox.NamedNode(g)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in triples)
        ox.serialize(quads, output, format)

    # -- writing

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._post(self.endpoints["update"], [("update", sparql)], max(self.timeout, MIN_UPDATE_TIMEOUT), "*/*")

    def apply(self, change: Change) -> None:
        # One request: Oxigraph server and Fuseki run it as one transaction.
        if change.size() <= self.max_quads_per_change:
            self.update(change.to_sparql())
            return
        # Too big for one request (one huge article): old content goes first, the triples follow in
        # pieces, the bookkeeping (the build's source records) last. A build killed in between
        # leaves a graph with no source record, which the next build writes again.
        self.update(Change(drop=[*change.drop, *change.put], delete=change.delete).to_sparql())
        quads = list(change.put_quads())
        for i in range(0, len(quads), self.max_quads_per_change):
            self.update(Change(insert=quads[i : i + self.max_quads_per_change]).to_sparql())
        for i in range(0, len(change.insert), self.max_quads_per_change):
            self.update(Change(insert=change.insert[i : i + self.max_quads_per_change]).to_sparql())

    def recover(self) -> list[str]:
        return []  # a remote change is a single request: nothing is ever left pending

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    # -- HTTP

    def _post(self, url: str, params: list[tuple[str, str]], timeout: float, accept: str) -> tuple[bytes, str]:
        # Form-encoded POST: the one SPARQL protocol form every server takes (Virtuoso 7 hangs on
        # a direct application/sparql-query body).
        req = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(params).encode("ascii"),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()[:500]
            if 400 <= err.code < 500:
                raise RemoteRefused(f"the SPARQL server at {url} refused the request ({err.code}): {detail}") from err
            raise StoreError(f"the SPARQL server at {url} failed ({err.code}): {detail}") from err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from err


def _parse_answer(body: bytes, content_type: str) -> QueryResult:
    """A SPARQL protocol answer as a pyoxigraph result object (solutions, boolean or triples)."""
    fmt = answer_format(content_type)
    if isinstance(fmt, ox.QueryResultsFormat):
        return ox.parse_query_results(body, fmt)
    if isinstance(fmt, ox.RdfFormat):
        return RemoteTriples([ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(io.BytesIO(body), fmt)])
    raise StoreError(f"the SPARQL server answered in an unexpected format: {content_type or 'none'}")


def _lit(text: str) -> str:
    return str(ox.Literal(text))
