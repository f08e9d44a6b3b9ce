"""The facts an entity page shows, one row per fact with the number of articles that support it.

Oxigraph's union graph repeats a triple once per article that states it, so every query here is aggregated
(GROUP BY the fact, COUNT(DISTINCT article)) or DISTINCT, and long lists are paged with LIMIT/OFFSET instead
of being cut: a fact read in 110 articles is one row saying "110 articles", and the 501st office holder is on
page 2, not lost. The facts are made DISTINCT in a sub-select before their sources are joined: joining the
repeated triples first multiplies the rows by the number of articles at each step (0.8 s for the United
Kingdom's office holders on 400 articles, 0.03 s after).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

import pyoxigraph as ox

from ..vocab import EVENT_CATEGORIES, ROLES, sparql_prefixes
from .http import Row, select
from .names import Cell, cell, evidence_anchor, iri_cell, iris_in, names_for, value

EVENT_PAGE = 25
HOLDER_PAGE = 50
_ROLE_VALUES = " ".join(f"kg:{r}" for r in ROLES)
_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# When an article was read: its publication date, for "first seen" and "last seen".
_SEEN = """OPTIONAL { ?fact prov:wasDerivedFrom ?src OPTIONAL { ?src schema:datePublished ?pub }
  OPTIONAL { ?fact kg:evidence ?m . ?m nif:referenceContext ?src ; nif:anchorOf ?txt ; nif:beginIndex ?mb ;
             nif:endIndex ?me } }"""
_SEEN_AGG = "(COUNT(DISTINCT ?src) AS ?n) (MIN(?pub) AS ?first) (MAX(?pub) AS ?last) " + "{example}"


def seen_agg(prefer: str | None = None) -> str:
    """The aggregates of _SEEN, with one example sentence per fact: the latest read, or one from the article
    `prefer` when it has one. Its parts are joined in one string so that MAX picks them together."""
    first = f'IF(?src = <{prefer}>, "1", "0")' if prefer else '"0"'
    parts = ', "\\t", '.join([first, 'COALESCE(STR(?pub), "")', "STR(?src)", "STR(?mb)", "STR(?me)", "STR(?txt)"])
    return _SEEN_AGG.format(example=f'(MAX(COALESCE(CONCAT({parts}), "")) AS ?example)')


def q(body: str, max_rows: int = 2000) -> list[Row]:
    return select(sparql_prefixes() + body, max_rows=max_rows)


def lit(text: str) -> str:
    """A string as a SPARQL literal, escaped by Oxigraph (never pasted between quotes by hand)."""
    return str(ox.Literal(text))


_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def url_filter(name: str, var: str = "?url") -> str:
    """A FILTER keeping the addresses of one outlet (kg.naming.outlet): a host with its www. and any path, or the
    exact words of a `Source:` that was not an address."""
    if _HOST.match(name):
        # XML Schema regex, as SPARQL's REGEX reads it: the host's dots escaped, then the end of the host.
        host = name.replace(".", "\\.").replace("-", "\\-")
        pattern = lit("^https?://(www\\.)?" + host + "([/:?#]|$)")
        return f'FILTER(REGEX(STR({var}), {pattern}, "i"))'
    return f"FILTER(STR({var}) = {lit(name)})"


def outlet_pattern(name: str, article: str = "?a") -> str:
    """The articles of one outlet: those whose publisher has that name, or whose address is that outlet's
    (url_filter); a group pattern for a WHERE clause."""
    return (
        f"{{ {article} schema:url ?outletUrl . {url_filter(name, '?outletUrl')} }} UNION "
        f"{{ {article} schema:publisher/rdfs:label ?outletName . FILTER(STR(?outletName) = {lit(name)}) }}"
    )


@dataclass
class Pager:
    """One page of a longer list: rows [offset, offset + size), and whether more follow."""

    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100000 else 1


class Example(TypedDict):
    """One sentence a fact was read from, and where it stands in its article."""

    text: str
    article: Cell
    href: str


class Seen(TypedDict):
    """How often and when a fact was read: its articles, the first and last publication dates, one example."""

    count: int
    example: Example | None
    first: str | None
    last: str | None


class PostSources(TypedDict):
    """What the /sources page of a post is asked with (kind "post")."""

    kind: str
    s: str
    title: str
    of: str


class MembershipSources(TypedDict):
    kind: str
    s: str
    of: str


class EventSources(TypedDict):
    kind: str
    s: list[str]  # the event nodes (more than one when look-alikes are merged)


class Post(Seen):
    title: str
    of: Cell | None
    sources: PostSources


class Holder(Seen):
    person: Cell | None
    title: str
    sources: PostSources


class Membership(Seen):
    other: Cell | None
    sources: MembershipSources


class EventRow(Seen):
    event: Cell
    date: str | None
    roles: str
    sources: EventSources


class CategoryCount(TypedDict):
    name: str
    count: int


def _example(r: Row) -> tuple[str, str, str, str] | None:
    """(article IRI, begin, end, sentence) of the row's example, or None."""
    parts = (value(r, "example") or "").split("\t", 5)
    return (parts[2], parts[3], parts[4], parts[5]) if len(parts) == 6 and parts[2] else None


def row_names(rows: list[Row]) -> dict[str, str]:
    """Readable names for every IRI in the rows, the example sentences' articles included."""
    return names_for(iris_in(rows) | {e[0] for e in map(_example, rows) if e})


def _seen(r: Row, names: dict[str, str]) -> Seen:
    ex = _example(r)
    example: Example | None = (
        {"text": ex[3], "article": iri_cell(ex[0], names), "href": evidence_anchor(*ex[:3])} if ex else None
    )
    return {
        "count": int(r["n"]["value"]) if r.get("n") else 0,
        "example": example,
        "first": value(r, "first"),
        "last": value(r, "last"),
    }


def _count(body: str) -> int:
    rows = q(body)
    return int(rows[0]["n"]["value"]) if rows and rows[0].get("n") else 0


def posts_of(iri: str) -> list[Post]:
    """A person's posts: one row per title (any case) and organisation."""
    rows = q(f"""SELECT ?title ?of {seen_agg()} WHERE {{
        {{ SELECT DISTINCT ?fact ?title ?of WHERE {{ <{iri}> kg:holdsPosition ?fact . ?fact kg:title ?t .
           BIND(LCASE(STR(?t)) AS ?title) OPTIONAL {{ ?fact kg:positionIn ?of }} }} }} {_SEEN} }}
        GROUP BY ?title ?of ORDER BY DESC(?n) ?title LIMIT 200""")
    names = row_names(rows)
    return [
        {
            "title": r["title"]["value"],
            "of": cell(r.get("of"), names),
            **_seen(r, names),
            "sources": {"kind": "post", "s": iri, "title": r["title"]["value"], "of": value(r, "of") or ""},
        }
        for r in rows
    ]


def holders_in(iri: str, number: int) -> tuple[list[Holder], Pager]:
    """Who holds or held a post in a country or organisation: one row per person and title, paged."""
    where = f"""?fact kg:positionIn <{iri}> ; kg:title ?t . BIND(LCASE(STR(?t)) AS ?title)
        ?person kg:holdsPosition ?fact ."""
    pager = Pager(
        number,
        HOLDER_PAGE,
        _count(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?person ?title WHERE {{ {where} }} }}"),
    )
    rows = q(f"""SELECT ?person ?title {seen_agg()} WHERE {{
        {{ SELECT DISTINCT ?fact ?person ?title WHERE {{ {where} }} }} {_SEEN} }}
        GROUP BY ?person ?title ORDER BY DESC(?n) ?person ?title LIMIT {pager.size} OFFSET {pager.offset}""")
    names = row_names(rows)
    return [
        {
            "person": cell(r["person"], names),
            "title": r["title"]["value"],
            **_seen(r, names),
            "sources": {"kind": "post", "s": r["person"]["value"], "title": r["title"]["value"], "of": iri},
        }
        for r in rows
    ], pager


def memberships(iri: str, outgoing: bool) -> list[Membership]:
    """What `iri` is a member of (outgoing) or who its members are, with the articles that say so."""
    member, org = (f"<{iri}>", "?other") if outgoing else ("?other", f"<{iri}>")
    rows = q(f"""SELECT ?other {seen_agg()} WHERE {{
        {{ SELECT DISTINCT ?other WHERE {{ {member} kg:memberOf {org} }} }}
        OPTIONAL {{ {{ SELECT DISTINCT ?fact ?other WHERE {{ ?fact kg:member {member} ; kg:organization {org} }} }}
                    {_SEEN} }} }}
        GROUP BY ?other ORDER BY DESC(?n) ?other LIMIT 500""")
    names = row_names(rows)
    out: list[Membership] = []
    for r in rows:
        other = r["other"]["value"]
        m, o = (iri, other) if outgoing else (other, iri)
        out.append(
            {"other": cell(r["other"], names), **_seen(r, names), "sources": {"kind": "membership", "s": m, "of": o}}
        )
    return out


@dataclass
class EventFilter:
    category: str = ""
    since: str = ""
    until: str = ""
    outlet: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> EventFilter:
        cat = args.get("category", "")
        since, until = args.get("from", "").strip(), args.get("to", "").strip()
        return cls(
            cat if cat in EVENT_CATEGORIES else "",
            since if _ISO_PREFIX.match(since) else "",
            until if _ISO_PREFIX.match(until) else "",
            " ".join(args.get("outlet", "").split())[:300],
        )

    def sparql(self) -> str:
        # Dates of three precisions (2025, 2025-10, 2025-10-27) compare as their ISO text.
        out = f"?ev a kg:{self.category} ." if self.category else ""
        if self.since or self.until:
            out += " ?ev kg:date ?fdate ."
        if self.since:
            out += f" FILTER(STR(?fdate) >= {lit(self.since)})"
        if self.until:
            out += (
                f" FILTER(STR(?fdate) <= {lit(self.until + '-99')})"
                if len(self.until) < 10
                else f" FILTER(STR(?fdate) <= {lit(self.until)})"
            )
        if self.outlet:  # told by at least one article of the outlet
            out += f" FILTER EXISTS {{ ?ev prov:wasDerivedFrom ?fsrc . {outlet_pattern(self.outlet, '?fsrc')} }}"
        return out


def events_of(
    iri: str, filt: EventFilter, number: int, article: bool = False
) -> tuple[list[EventRow], Pager, list[CategoryCount]]:
    """The events `iri` takes part in (or an article reports), one row each, newest first, paged and filtered."""
    if article:
        anchor = f"?ev prov:wasDerivedFrom <{iri}> ; a ?anyCat . VALUES ?anyCat {{ {_categories()} }}"
    else:
        anchor = f"VALUES ?role {{ {_ROLE_VALUES} kg:location }} ?ev ?role <{iri}> ."
    where = anchor + " " + filt.sparql()
    pager = Pager(number, EVENT_PAGE, _count(f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {where} }}"))
    rows = q(f"""SELECT ?ev (SAMPLE(?d) AS ?date) (GROUP_CONCAT(DISTINCT ?roleName; separator=", ") AS ?roles)
        {seen_agg(iri if article else None)} WHERE {{
          {{ SELECT DISTINCT ?ev {"?role" if not article else ""} WHERE {{ {where} }} }}
          {'BIND(REPLACE(STR(?role), "^.*#", "") AS ?roleName)' if not article else ""}
          OPTIONAL {{ ?ev kg:date ?d }}
          BIND(?ev AS ?fact) {_SEEN}
        }} GROUP BY ?ev ORDER BY DESC(STR(?date)) ?ev LIMIT {pager.size} OFFSET {pager.offset}""")
    names = row_names(rows)
    events: list[EventRow] = [
        {
            "event": iri_cell(r["ev"]["value"], names),
            "date": value(r, "date"),
            "roles": value(r, "roles") or "",
            **_seen(r, names),
            "sources": {"kind": "event", "s": [r["ev"]["value"]]},
        }
        for r in rows
    ]
    return merge_lookalikes(events), pager, category_counts(anchor)


def merge_lookalikes(events: list[EventRow]) -> list[EventRow]:
    """Undated events that read the same (category, participants, place) and were read from the same sentence are
    one happening told twice (near-copies of an article): one row, with both nodes' sources. A dated event needs no
    merging, its IRI already joins the articles that tell it."""
    rows: list[EventRow] = []
    by_key: dict[tuple[str, str | None], EventRow] = {}
    for ev in events:
        key = (ev["event"]["text"], ev["example"]["text"] if ev["example"] else None)
        first = by_key.get(key) if not ev["date"] else None
        if first is None:
            by_key.setdefault(key, ev)
            rows.append(ev)
            continue
        first["count"] += ev["count"]
        first["first"] = min(filter(None, (first["first"], ev["first"])), default=None)
        first["last"] = max(filter(None, (first["last"], ev["last"])), default=None)
        first["sources"]["s"] = first["sources"]["s"] + ev["sources"]["s"]
    return rows


def _categories() -> str:
    return " ".join(f"kg:{c}" for c in EVENT_CATEGORIES)


def category_counts(anchor: str) -> list[CategoryCount]:
    """[{name, count}] of the events matching `anchor`, by contract category, for the filter."""
    rows = q(f"""SELECT ?cat (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {anchor} ?ev a ?cat .
        VALUES ?cat {{ {_categories()} }} }} GROUP BY ?cat ORDER BY DESC(?n)""")
    return [{"name": r["cat"]["value"].rsplit("#", 1)[-1], "count": int(r["n"]["value"])} for r in rows]
