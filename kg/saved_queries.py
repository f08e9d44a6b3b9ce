"""Saved queries: load the .rq files with their grlc-style header, bind parameters as RDF terms, run them.

A parameter value never becomes query text: it is parsed into one RDF term (an IRI, a typed literal),
pyoxigraph writes that term in N-Triples syntax (which escapes quotes, braces and newlines), and the
term goes into a `VALUES ?name { ... }` block at the top of the query's outermost WHERE group. A value
that is not a well-formed term of the parameter's type is refused with a ParameterError naming it.
See queries/README.md for the header format and the parameter types.
"""

from __future__ import annotations

import importlib.resources
import re
import shlex
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .settings import Settings
from .vocab import OWL, PREFIXES, RDFS, SKOS, WD, XSD

PARAM_TYPES = ("iri", "entity", "string", "date", "integer")
REQUIRED = "!"  # DEFAULT column: the caller must give a value
UNBOUND = "-"  # DEFAULT column: no value leaves the variable unbound (matches anything)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ParameterError(QueryError):
    """A parameter value is missing, unknown or not a well-formed value of its type."""

    exit_code = 2

    def __init__(self, param: str, reason: str):
        self.param = param
        self.reason = reason
        super().__init__(f"parameter '{param}': {reason}")


class NoSuchEntity(ParameterError):
    """An entity parameter names nothing in this store; `suggestions` are the nearest names it holds."""

    suggestions: list[str] = []

    def with_suggestions(self, names: list[str]) -> "NoSuchEntity":
        hint = f" (did you mean {', '.join(repr(n) for n in names)}?)" if names else ""
        err = NoSuchEntity(self.param, self.reason + hint)
        err.suggestions = names
        return err


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str  # a value, REQUIRED or UNBOUND
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default == REQUIRED

    @property
    def has_value_default(self) -> bool:
        return self.default not in (REQUIRED, UNBOUND)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    services: tuple[str, ...] = ()  # SERVICE endpoints the query needs (a federated query)
    form: str = "SELECT"  # SELECT | CONSTRUCT | ASK | DESCRIBE
    source: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class QueryResult:
    """What a saved query returned, materialised up to the row cap."""

    form: str
    variables: list[str] = field(default_factory=list)  # without '?'
    rows: list = field(default_factory=list)  # pyoxigraph QuerySolution (row[var] -> term or None)
    triples: list = field(default_factory=list)  # CONSTRUCT / DESCRIBE
    boolean: bool | None = None
    truncated: bool = False

    def column(self, var: str) -> list:
        """The values of one variable, row by row (None where unbound)."""
        return [row[var] for row in self.rows]

    def values(self, var: str) -> list[str]:
        """The lexical values of one variable (IRIs and literals alike), unbound rows left out."""
        return [t.value for t in self.column(var) if t is not None]


# --- loading -------------------------------------------------------------------------------------


def parse_rq(text: str, name: str, source: str | None = None) -> SavedQuery:
    """Reads the `#+ key: value` header lines of a .rq text into a SavedQuery."""
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            key, sep, value = stripped[2:].partition(":")
            if not sep:
                raise QueryError(f"{name}: header line without ':': {stripped}")
            meta.setdefault(key.strip().lower(), []).append(value.strip())
    params = tuple(_parse_param(name, value) for value in meta.get("param", []))
    seen = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"{name}: parameter '{p.name}' is declared twice")
        seen.add(p.name)
    query = SavedQuery(
        name=name,
        title=(meta.get("title") or [name])[0],
        description=" ".join(meta.get("description", [])),
        text=text,
        params=params,
        services=tuple(meta.get("service", [])),
        form=_query_form(text),
        source=source,
    )
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", text):
            raise QueryError(f"{name}: parameter '{p.name}' is declared but ?{p.name} never appears in the query")
    if params and _where_brace(text) is None:
        raise QueryError(f"{name}: a query with parameters needs an explicit WHERE {{ ... }}")
    return query


def _parse_param(query_name: str, value: str) -> Param:
    # NAME TYPE DEFAULT — description   (the dash may also be written "--"; DEFAULT may be "quoted words")
    dash = re.search(r"\s(?:—|--)\s", value + " ")
    head, description = (value[: dash.start()], value[dash.end():]) if dash else (value, "")
    try:
        fields = shlex.split(head)
    except ValueError as err:
        raise QueryError(f"{query_name}: bad param line {value!r}: {err}") from err
    if len(fields) != 3:
        raise QueryError(f"{query_name}: a param line is 'NAME TYPE DEFAULT — description', got {value!r}")
    pname, ptype, default = fields
    if not _NAME.match(pname):
        raise QueryError(f"{query_name}: '{pname}' is not a SPARQL variable name")
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{query_name}: parameter '{pname}' has unknown type '{ptype}' (one of {', '.join(PARAM_TYPES)})")
    return Param(pname, ptype, default, description.strip())


def _query_form(text: str) -> str:
    from .sparql.guard import Malformed, canonical

    try:
        form = canonical(text).form
    except Malformed as err:
        raise QueryError(f"not readable SPARQL: {err}") from None
    if form is None:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return form


def _where_brace(text: str) -> int | None:
    """The offset of the '{' opening the outermost WHERE group, or None."""
    from .sparql.lexer import tokens

    toks, depth = tokens(text), 0
    for k, tok in enumerate(toks):
        if tok.kind == "word" and depth == 0 and tok.text.upper() == "WHERE":
            if k + 1 < len(toks) and toks[k + 1].text == "{":
                return toks[k + 1].start
        elif tok.text in ("{", "(", "["):
            depth += 1
        elif tok.text in ("}", ")", "]"):
            depth -= 1
    return None


def _package_dir():
    return importlib.resources.files("kg.queries")


def list_queries() -> list[SavedQuery]:
    """Every saved query shipped with the package, by name."""
    found = []
    for entry in sorted(_package_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            found.append(parse_rq(entry.read_text(encoding="utf-8"), entry.name[:-3], source=str(entry)))
    return found


def load(name_or_path: str) -> SavedQuery:
    """A saved query by name ("country-timeline") or a path to any .rq file."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") and path.is_file():
        return parse_rq(path.read_text(encoding="utf-8"), path.stem, source=str(path))
    if _NAME_OK.match(name_or_path):
        entry = _package_dir() / f"{name_or_path}.rq"
        if entry.is_file():
            return parse_rq(entry.read_text(encoding="utf-8"), name_or_path, source=str(entry))
    raise QueryError(f"no saved query '{name_or_path}' (see 'kg query --list'), and no such .rq file")


_NAME_OK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")


# --- binding -------------------------------------------------------------------------------------


def _iri(param: str, value: str) -> ox.NamedNode:
    """An IRI given as <...>, as an absolute IRI or as a prefixed name with a project prefix (kg:Meeting)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not value.startswith(("http://", "https://", "urn:")) and ":" in value:
        prefix, _, local = value.partition(":")
        if prefix in PREFIXES:
            value = str(PREFIXES[prefix]) + local
    if not _SCHEME.match(value):
        raise ParameterError(param, f"{value!r} is not an IRI (write <http://...>, http://... or kg:Name)")
    try:
        return ox.NamedNode(value)
    except ValueError as err:
        raise ParameterError(param, f"{value!r} is not a valid IRI: {err}") from None


def _date(param: str, value: str) -> ox.Literal:
    m = _DATE.match(value.strip())
    if not m:
        raise ParameterError(param, f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = m.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise ParameterError(param, f"{value!r} is not a date: {err}") from None
    datatype = XSD.date if day else XSD.gYearMonth if month else XSD.gYear
    return ox.Literal(m.group(0), datatype=ox.NamedNode(str(datatype)))


def _integer(param: str, value: str) -> ox.Literal:
    if not re.match(r"^[+-]?\d{1,18}$", value.strip()):
        raise ParameterError(param, f"{value!r} is not an integer")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(str(XSD.integer)))


_RESOLVE_BY_LABEL = f"""
SELECT DISTINCT ?entity ?preferred WHERE {{
  ?entity ?labelProperty ?label .
  VALUES ?labelProperty {{ <{RDFS.label}> <{SKOS.altLabel}> }}
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
  BIND(?labelProperty = <{RDFS.label}> AS ?preferred)
}}"""

_RESOLVE_BY_QID = f"SELECT DISTINCT ?entity WHERE {{ ?entity <{OWL.sameAs}> ?qid }}"


def _entities(store, param: str, value: str, base_iri: str) -> list[ox.NamedNode]:
    """An entity given by IRI, by key under the base ("country/pakistan"), by Wikidata id or by label."""
    value = value.strip()
    if not value:
        raise ParameterError(param, "an empty value names no entity")
    if _QID.match(value):
        value = f"wd:{value}"
    if value.startswith(("<", "http://", "https://", "urn:")) or value.partition(":")[0] in PREFIXES:
        iri = _iri(param, value)
        if not iri.value.startswith(str(WD)):
            return [iri]
        # A Wikidata item stands for the entities linked to it.
        found = [row["entity"] for row in store.query(_bind_text(_RESOLVE_BY_QID, {"qid": [iri]}))]
        if not found:
            raise NoSuchEntity(param, f"no entity is linked to {iri.value}")
        return sorted(set(found), key=lambda t: t.value)
    if re.match(r"^[a-z]+/[A-Za-z0-9._\-/]+$", value):
        return [_iri(param, base_iri + value)]
    name = ox.Literal(value)
    rows = list(store.query(_bind_text(_RESOLVE_BY_LABEL, {"name": [name]})))
    preferred = [row["entity"] for row in rows if row["preferred"].value == "true"]
    found = preferred or [row["entity"] for row in rows]
    if not found:
        raise NoSuchEntity(param, f"no entity is named {value!r}")
    return sorted(set(found), key=lambda t: t.value)


def _closest_names(store, value: str) -> list[str]:
    """The entity names nearest to one the store does not hold, read only when a caller's value names nothing."""
    from .naming import ALL_NAMES_QUERY, closest

    return closest(value, (row["name"].value for row in store.query(ALL_NAMES_QUERY)))


def bind(query: SavedQuery, given: dict[str, str], store, settings: Settings | None = None) -> dict[str, list]:
    """Turns the given text values (and the defaults) into RDF terms, one list per bound parameter."""
    settings = settings or Settings()
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        raise ParameterError(unknown[0], f"'{query.name}' has no such parameter"
                             f" (it takes: {', '.join(p.name for p in query.params) or 'none'})")
    bound: dict[str, list] = {}
    for p in query.params:
        raw = given.get(p.name)
        from_default = raw is None or raw == ""
        if from_default:
            if p.required:
                raise ParameterError(p.name, "a value is required")
            if not p.has_value_default:
                continue
            raw = p.default
        if p.type == "iri":
            bound[p.name] = [_iri(p.name, raw)]
        elif p.type == "entity":
            try:
                bound[p.name] = _entities(store, p.name, raw, settings.base_iri)
            except NoSuchEntity as err:
                # A default names an example entity that another corpus may lack: there it means "all".
                if not from_default:
                    raise err.with_suggestions(_closest_names(store, raw)) from None
        elif p.type == "date":
            bound[p.name] = [_date(p.name, raw)]
        elif p.type == "integer":
            bound[p.name] = [_integer(p.name, raw)]
        else:
            bound[p.name] = [ox.Literal(raw)]
    return bound


def _bind_text(text: str, bound: dict[str, list]) -> str:
    """The query with one VALUES block per bound variable at the top of its outermost WHERE group."""
    if not bound:
        return text
    at = _where_brace(text)
    if at is None:
        raise QueryError("parameters need a query with an explicit WHERE { ... }")
    # str() of a pyoxigraph term is its N-Triples form: the term's own escaping, never raw input.
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}" for name, terms in bound.items())
    return text[: at + 1] + block + text[at + 1:]


def bound_text(query: SavedQuery, bound: dict[str, list]) -> str:
    return _bind_text(query.text, bound)


# --- running -------------------------------------------------------------------------------------


def check_services(query: SavedQuery, settings: Settings) -> None:
    """Refuses a query that would contact a host the operator did not allow (Settings.service_allow)."""
    from .sparql.guard import check

    if query.services and not settings.service_allow:
        raise QueryError(f"'{query.name}' is a federated query (SERVICE {', '.join(query.services)}): "
                         "this installation allows no SERVICE requests (Settings.service_allow is empty)")
    check(query.text, settings.service_allow, None)


def run(store, query: SavedQuery, given: dict[str, str] | None = None,
        settings: Settings | None = None) -> QueryResult:
    """Binds the parameters, runs the query on the store (union of the article graphs) and collects the result."""
    settings = settings or Settings()
    check_services(query, settings)
    bound = bind(query, given or {}, store, settings)
    try:
        answer = store.query(bound_text(query, bound))
    except SyntaxError as err:
        raise QueryError(f"'{query.name}' is not valid SPARQL: {err}") from err
    return collect(answer, query.form, settings.max_rows)


def collect(answer, form: str, max_rows: int) -> QueryResult:
    """Materialises a pyoxigraph result up to max_rows rows (or triples)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        rows, truncated = _take(answer, max_rows)
        return QueryResult(form="SELECT", variables=[v.value for v in answer.variables], rows=rows,
                           truncated=truncated)
    triples, truncated = _take(answer, max_rows)
    return QueryResult(form=form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples,
                       truncated=truncated)


def _take(items, limit: int) -> tuple[list, bool]:
    """At most `limit` items, and whether there were more."""
    taken = []
    for item in items:
        if len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False


# --- output --------------------------------------------------------------------------------------

TABULAR_FORMATS = ("json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld", "nquads", "trig", "rdfxml")


def serialize(result: QueryResult, fmt: str) -> bytes:
    """The result in a W3C results format (SELECT/ASK) or an RDF syntax (CONSTRUCT); json means the
    SPARQL 1.1 JSON results for a table and JSON-LD for a graph. QueryError when the format cannot hold it
    (XML cannot carry some control characters)."""
    from .web.results import NotRepresentable

    try:
        return _serialize(result, fmt)
    except NotRepresentable as err:
        raise QueryError(str(err)) from None


def _serialize(result: QueryResult, fmt: str) -> bytes:
    from .web.results import serialize_rows, serialize_triples

    if result.form == "ASK":
        if fmt not in ("json", "csv", "tsv"):
            raise QueryError(f"an ASK result has no '{fmt}' form")
        if fmt == "json":
            return (f'{{"head":{{}},"boolean":{"true" if result.boolean else "false"}}}').encode()
        return f"{'?' if fmt == 'tsv' else ''}boolean\n{'true' if result.boolean else 'false'}\n".encode()
    if result.form == "SELECT":
        if fmt not in TABULAR_FORMATS:
            raise QueryError(f"a table has no '{fmt}' form (one of {', '.join(TABULAR_FORMATS)})")
        return serialize_rows(result.variables, result.rows, fmt)
    fmt = {"json": "jsonld"}.get(fmt, fmt)
    if fmt in ("csv", "tsv"):
        return serialize_rows(["subject", "predicate", "object"], [_TripleRow(t) for t in result.triples], fmt)
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"a graph has no '{fmt}' form (one of {', '.join(GRAPH_FORMATS)})")
    return serialize_triples(result.triples, fmt, {p: str(ns) for p, ns in PREFIXES.items()})


class _TripleRow:
    """A triple seen as a row with subject/predicate/object columns (for csv, tsv and tables)."""

    def __init__(self, triple):
        self.triple = triple

    def __getitem__(self, key):
        return getattr(self.triple, key)


def table(result: QueryResult) -> tuple[list[str], list[list]]:
    """Column names and rows of terms for display: SELECT as is, a graph as subject/predicate/object."""
    if result.form == "SELECT":
        return result.variables, [[row[v] for v in result.variables] for row in result.rows]
    if result.form == "ASK":
        return ["boolean"], [[ox.Literal("true" if result.boolean else "false")]]
    return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result.triples]


_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def short(term) -> str:
    """A term for people: prefixed IRIs (kg:Meeting), plain literal values, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for ns, prefix in _NAMESPACES:
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
