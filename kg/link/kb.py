"""The knowledge base: names to entities, type-aware and context-aware, with a confidence.

A wrong link is worse than none, so a lookup returns a candidate only when one entity is left
after the type constraint, and otherwise only when the article's context or a clear rule of
news usage settles it (see `_resolve`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Entity, Facts
from .entries import Candidate, GazetteerEntry
from .kbfile import connect
from .normalize import norm
from .posts import Post, PostEvidence, fits, read_decisions, read_description, read_posts
from .sources import REGION_SUFFIXES

if TYPE_CHECKING:
    # What else an article mentions, as lookup() takes it: QIDs, entity keys or names, entities (also as a Facts'
    # or an {key: Entity} dict's) and candidates.
    Context = Facts | Mapping[str, Entity] | Iterable[str | Entity | Candidate] | str | None

_QID = re.compile(r"^Q[1-9][0-9]*$")
# Natural Earth scalerank up to which a city is what its bare name means over a same-named region.
MAJOR_CITY_RANK = 2
# Titles that may stand before an official's full name (normalised forms).
_TITLES = re.compile(
    r"^(?:(?:former|acting|interim|then|us|u s|president|vice president|prime minister|pm|"
    r"chancellor|king|queen|crown prince|prince|emir|sheikh|sultan|supreme leader|premier|"
    r"general|gen|field marshal|dr|mr|mrs|ms|sir|his majesty|her majesty|h e)\s+)+"
)
# Below this a candidate is not trusted enough to become owl:sameAs.
MIN_CONFIDENCE = 0.6

# How much a kind of name is trusted relative to the entity's preferred label.
_HOW = {"label": 1.0, "official": 1.0, "alias": 0.97, "abbreviation": 0.95, "demonym": 0.93, "weak": 0.6}
# What a requested type may link to.
_ACCEPTS = {
    "Country": {"Country"},
    "Place": {"Place"},
    "Organization": {"Organization"},
    "Official": {"Official", "Person"},
    "Person": {"Official", "Person"},
}


class NameLookup(Protocol):
    """What linking asks of a knowledge base: KnowledgeBase.lookup. Linking also uses by_key and _context_qids
    when the object has them; a small test knowledge base (tests/support/extract_kb.py) offers lookup only."""

    def lookup(
        self,
        name: str,
        type: str | None = None,
        context: Context = None,
        subtype: str | None = None,
        *,
        evidence: PostEvidence | None = None,
    ) -> Candidate | None: ...


_HITS_KEPT = 50_000  # names whose answers a knowledge base keeps (a few MB); then it starts over


@dataclass(frozen=True)  # shared by every lookup of its name (_hits keeps them)
class _Hit:
    """One row of a lookup: an entity reached by one of its names."""

    source: int  # which database (0 = the shipped tables, 1 = the user overlay)
    qid: str | None
    label: str
    key: str
    type: str
    subtype: str | None
    rank: float
    country: str | None
    confidence: float
    how: str
    position: str | None = None

    @property
    def ident(self) -> str:
        return self.qid or f"{self.source}:{self.key}"


class KnowledgeBase:
    """Read-only lookups over the shipped lookup file and an optional user overlay."""

    def __init__(self, path: Path, overlay: Path | None = None) -> None:
        self.path = Path(path)
        self.overlay = Path(overlay) if overlay else None
        self._cons = [connect(self.path)]
        if self.overlay is not None and self.overlay.exists():
            self._cons.append(connect(self.overlay))
        # _hits' answers (the files are read-only here)
        self._hits_seen: dict[tuple[str, str | None], tuple[_Hit, ...]] = {}
        self._country_keys = self._index_country_keys()
        self._decided = read_decisions(self._cons)
        self._common = {row[0] for row in self._cons[0].execute("SELECT norm FROM common_words")}
        # SQLite connections must not be used across fork (parallel extraction forks the pipeline holding this
        # knowledge base): a forked child opens its own.
        ref = weakref.ref(self)

        def reopen_in_child() -> None:
            kb = ref()
            if kb is not None:
                kb._reopen()

        os.register_at_fork(after_in_child=reopen_in_child)

    def _reopen(self) -> None:
        self._inherited = self._cons  # the parent's: kept (closing them here could disturb the parent), never used
        self._cons = [connect(self.path)]
        if self.overlay is not None and self.overlay.exists():
            self._cons.append(connect(self.overlay))

    # --- public API -------------------------------------------------------------

    def lookup(
        self,
        name: str,
        type: str | None = None,
        context: Context = None,
        subtype: str | None = None,
        min_confidence: float = MIN_CONFIDENCE,
        evidence: PostEvidence | None = None,
    ) -> Candidate | None:
        """The entity `name` names, of `type` if given, or None when unknown or ambiguous.

        `context` is what else the article mentions: an iterable of QIDs, entity keys, names,
        kg.model.Entity or Candidate objects (or a Facts); it breaks ties ("Georgia" next to
        "Atlanta" is the US state). `subtype` ("City", "Region") narrows a Place. Candidates below
        `min_confidence` (an obscure body's bare acronym) are not returned. `evidence` (a person's post and
        the article's date) chooses among namesakes: only those whose known posts fit it stay.
        """
        n = norm(name or "")
        if not n:
            return None
        hits = self._hits(n, type)
        if type in ("Person", "Official") and not hits:
            # "President Donald Trump", "Sheikh Tamim bin Hamad Al Thani": the name after the title.
            bare = _TITLES.sub("", n)
            if bare != n:
                n, hits = bare, self._hits(bare, type)
        if type in ("Person", "Official"):
            # A person links only by a full name listed for an official, never by one word ("Trump").
            hits = [h for h in hits if h.how == "official" and len(n.split()) >= 2]
            if n in self._decided and any(h.qid == self._decided[n] for h in hits):
                # A name a user accepted for one item (`kg link accept`) means that item, among namesakes too.
                hits = [h for h in hits if h.qid == self._decided[n]]
            elif evidence:
                hits = self._fitting_posts(hits, evidence)
        elif type is None:
            hits = [
                h for h in hits if h.type not in ("Official", "Person") or (h.how == "official" and len(n.split()) >= 2)
            ]
        if type not in ("Person", "Official") and n in self._decided and any(h.qid == self._decided[n] for h in hits):
            hits = [h for h in hits if h.qid == self._decided[n]]
        region_named = _region_suffix(n)
        if region_named and type in (None, "Place"):
            # "Kandahar province" names the province even when only "Kandahar" is listed.
            hits = [h for h in hits if h.subtype == "Region"] or [
                h for h in self._hits(region_named, "Place") if h.subtype == "Region"
            ]
        elif subtype in ("City", "Region"):
            narrowed = [h for h in hits if h.subtype == subtype]
            hits = narrowed or hits
        cand = self._resolve(hits, self._context_qids(context), strict=context is not None, common=n in self._common)
        return cand if cand is not None and cand.confidence >= min_confidence else None

    def by_qid(self, qid: str) -> Candidate | None:
        """The entity with this QID (the shipped tables first)."""
        for con in self._cons:
            row = con.execute("SELECT * FROM entities WHERE qid = ? ORDER BY rank LIMIT 1", (qid,)).fetchone()
            if row:
                return Candidate(
                    row["qid"], row["label"], row["type"], row["key"], row["confidence"], row["subtype"], row["country"]
                )
        return None

    def by_key(self, key: str) -> Candidate | None:
        """The linkable entity that owns this key, if any."""
        for con in self._cons:
            row = con.execute("SELECT * FROM entities WHERE key = ? AND qid IS NOT NULL LIMIT 1", (key,)).fetchone()
            if row:
                return Candidate(
                    row["qid"], row["label"], row["type"], row["key"], row["confidence"], row["subtype"], row["country"]
                )
        return None

    def posts(self, qid: str) -> list[Post]:
        """The person's dated posts (Wikidata P39) known to the overlay, earliest first."""
        return read_posts(self._cons, qid)

    def description(self, qid: str) -> str | None:
        """The item's English description, when a fetch brought one."""
        return read_description(self._cons, qid)

    def candidates(self, name: str, type: str | None = None, limit: int = 5) -> list[Candidate]:
        """Every entity of an accepted type one of whose names is `name` (a one-word person name: the full
        names ending with it), with no judgement of which is meant: suggestions for a person to check."""
        n = norm(name or "")
        if not n:
            return []
        hits = self._hits(n, type)
        if type in ("Person", "Official") and len(n.split()) == 1:
            accepts = _ACCEPTS[type]
            for source, con in enumerate(self._cons):
                for row in con.execute(
                    "SELECT n.how, e.* FROM names n JOIN entities e ON e.id = n.entity WHERE n.norm LIKE ? LIMIT 50",
                    ("% " + n,),
                ):
                    if row["type"] in accepts:
                        hits.append(_hit(source, row, row["how"]))
        out, seen = [], set()
        for h in sorted(hits, key=lambda h: (h.rank, h.label)):
            if h.qid and h.qid not in seen:
                seen.add(h.qid)
                out.append(Candidate(h.qid, h.label, h.type, h.key, h.confidence, h.subtype, h.country))
        return out[:limit]

    def official(self, name: str) -> GazetteerEntry | None:
        """The head of state or government with this full name, with post and country, or None."""
        cand = self.lookup(name, "Official")
        if cand is None:
            return None
        row = (
            self._cons[0]
            .execute("SELECT position FROM entities WHERE qid = ? AND type = 'Official'", (cand.qid,))
            .fetchone()
        )
        return GazetteerEntry(
            name=name,
            type="Official",
            label=cand.label,
            key=cand.key,
            qid=cand.qid,
            country=self._country_keys.get(cand.country) if cand.country else None,
            position=row["position"] if row else None,
        )

    def gazetteer(self) -> Iterator[GazetteerEntry]:
        """Surface names for text matching: one entry per name, only names that resolve without context.

        Names that are ambiguous without context ("Punjab"), common English words ("Nice") and
        small places are left out; lookups still know them once extraction has found the words.
        Entries with exact=True must match case for case ("US", "WHO").
        """
        groups: dict[str, list[tuple[_Hit, str, bool]]] = {}
        for source, con in enumerate(self._cons):
            for row in con.execute(
                "SELECT n.norm, n.surface, n.how, n.exact, e.* FROM names n "
                "JOIN entities e ON e.id = n.entity WHERE n.listed = 1 ORDER BY e.id, n.rowid"
            ):
                groups.setdefault(row["norm"], []).append(
                    (_hit(source, row, row["how"]), row["surface"], bool(row["exact"]))
                )
        for items in groups.values():
            chosen = self._choose([h for h, *_ in items], set())
            if chosen is None:
                continue
            h = chosen[0]
            seen = set()
            for hit, surface, exact in items:
                if hit.key != h.key or surface in seen:
                    continue
                seen.add(surface)
                yield GazetteerEntry(
                    name=surface,
                    type=h.type,
                    label=h.label,
                    key=h.key,
                    qid=h.qid,
                    subtype=h.subtype,
                    demonym=hit.how == "demonym",
                    exact=exact,
                    country=self._country_keys.get(h.country) if h.country and h.type != "Country" else None,
                    position=h.position,
                )

    def close(self) -> None:
        for con in self._cons:
            con.close()

    def __getstate__(self) -> dict[str, Path | None]:
        # Connections do not cross process boundaries: a worker process reopens the files.
        return {"path": self.path, "overlay": self.overlay}

    def __setstate__(self, state: dict[str, Any]) -> None:
        KnowledgeBase.__init__(self, state["path"], state["overlay"])

    # --- internals -------------------------------------------------------------------

    def _hits(self, n: str, type: str | None) -> list[_Hit]:
        """The entities a normalised name reaches, of a type; answered once per name and type (the same names
        come back in article after article: one SQLite query each was a sixth of the entity step)."""
        key = (n, type)
        found = self._hits_seen.get(key)
        if found is None:
            if len(self._hits_seen) >= _HITS_KEPT:
                self._hits_seen.clear()
            found = self._hits_seen[key] = tuple(self._query_hits(n, type))
        return list(found)

    def _query_hits(self, n: str, type: str | None) -> list[_Hit]:
        accepts = _ACCEPTS.get(type) if type else None
        out = []
        for source, con in enumerate(self._cons):
            for row in con.execute(
                "SELECT n.how, e.* FROM names n JOIN entities e ON e.id = n.entity WHERE n.norm = ?", (n,)
            ):
                if accepts is None or row["type"] in accepts or (type == "Country" and row["subtype"] == "Territory"):
                    # A territory named as a country ("Greenland", "Hong Kong") is still that item.
                    out.append(_hit(source, row, row["how"]))
        return out

    def _fitting_posts(self, hits: list[_Hit], evidence: PostEvidence) -> list[_Hit]:
        """Among namesakes, those whose posts fit the evidence; a lone candidate is left to the usual rules.

        A namesake with no known posts cannot be ruled out by them, so it stays (and keeps the name ambiguous).
        """
        if len({h.ident for h in hits}) < 2:
            return hits
        kept = []
        for h in hits:
            known = self.posts(h.qid) if h.qid else []
            if not known or fits(known, evidence):
                kept.append(h)
        return kept

    def _resolve(
        self, hits: list[_Hit], context: set[str], strict: bool = False, common: bool = False
    ) -> Candidate | None:
        """The linkable entity the hits name, with its confidence, or None.

        With a context given (strict), a lesser place (a region, a city that is neither a capital
        nor a major city) links only when its country is among the article's; a place name that is
        also a common English word ("Nice", "Reading") needs its country in the context always.
        """
        chosen = self._choose(hits, context)
        if chosen is None:
            return None
        h, factor = chosen
        if not h.qid:
            return None
        if h.type == "Place" and ((strict and not _prominent(h)) or common):
            if not (h.country and h.country in context):
                return None
        return Candidate(
            qid=h.qid,
            label=h.label,
            type=h.type,
            key=h.key,
            confidence=round(h.confidence * _HOW.get(h.how, 0.9) * factor, 3),
            subtype=h.subtype,
            country=h.country,
        )

    def _choose(self, hits: list[_Hit], context: set[str]) -> tuple[_Hit, float] | None:
        """One entity from the hits (and how sure the choice is), or None when nothing settles it."""
        if not hits:
            return None
        groups: dict[str, _Hit] = {}
        for h in hits:
            best = groups.get(h.ident)
            if best is None or (_HOW.get(h.how, 0.9), -h.rank) > (_HOW.get(best.how, 0.9), -best.rank):
                groups[h.ident] = h
        # An overlay entry with the same key as a shipped one is the same entity (a user adding its QID).
        if len(groups) > 1:
            by_key: dict[str, _Hit] = {}
            for h in groups.values():
                if h.key in by_key and (by_key[h.key].qid is None or h.qid is None or by_key[h.key].qid == h.qid):
                    by_key[h.key] = h if h.qid else by_key[h.key]
                else:
                    by_key.setdefault(h.key, h)
            if len(by_key) < len(groups):
                groups = {h.ident: h for h in by_key.values()}
        options = list(groups.values())
        factor = 1.0
        if len(options) > 1:
            # A capital or a major city outweighs same-named lesser places ("London" next to "United States"
            # is still London: the US town of that name gives no link), unless the article is about the
            # country of a namesake that does link ("Athens" next to "Atlanta" and "United States").
            lead = _dominant(options)
            if lead is not None and lead.type == "Place" and _prominent(lead):

                def focused(h: _Hit) -> bool:
                    return h.qid in context or (h.country is not None and h.country in context)

                rivals = [h for h in options if h is not lead and h.qid and focused(h)]
                if not rivals or focused(lead):
                    return lead, 0.85
        if len(options) > 1 and context:
            in_focus = [h for h in options if h.qid in context or (h.country and h.country in context)]
            if len(in_focus) == 1:
                options, factor = in_focus, 0.9
            elif in_focus:
                options = in_focus
        if len(options) > 1:
            chosen = _dominant(options)
            if chosen is None:
                return None
            options, factor = [chosen], factor * 0.85
        return options[0], factor

    def _context_qids(self, context: Context) -> set[str]:
        """QIDs of the article's other entities and of the countries they lie in."""
        if context is None:
            return set()
        items: Iterable[str | Entity | Candidate]
        if isinstance(context, Facts):
            items = context.entities.values()
        elif isinstance(context, Mapping):
            items = context.values()
        elif isinstance(context, str):
            items = [context]
        else:
            items = context
        out: set[str] = set()
        for item in items:
            if isinstance(item, str):
                if _QID.match(item):
                    out.add(item)
                    continue
                cand = self.by_key(item) if "/" in item else self.lookup(item, "Country") or self.lookup(item)
            elif isinstance(item, Candidate):
                cand = item
            else:  # a kg.model.Entity: its link if it has one, else what its label names alone
                qid = getattr(item, "wikidata", None)
                cand = self.by_qid(qid) if qid else self.lookup(getattr(item, "label", ""), getattr(item, "type", None))
            if cand is not None:
                out.add(cand.qid)
                if cand.country:
                    out.add(cand.country)
        out.discard("")
        return out

    def _index_country_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for con in self._cons:
            for row in con.execute("SELECT qid, key FROM entities WHERE type = 'Country' AND qid IS NOT NULL"):
                keys.setdefault(row["qid"], row["key"])
        return keys


def _hit(source: int, row: sqlite3.Row, how: str) -> _Hit:
    return _Hit(
        source=source,
        qid=row["qid"] or None,
        label=row["label"],
        key=row["key"],
        type=row["type"],
        subtype=row["subtype"],
        rank=row["rank"],
        country=row["country"],
        confidence=row["confidence"],
        how=how,
        position=row["position"],
    )


def _region_suffix(n: str) -> str | None:
    """ "kandahar province" -> "kandahar"; None when the name has no region word at its end."""
    for word in REGION_SUFFIXES:
        if n.endswith(" " + word) and len(n) > len(word) + 1:
            return n[: -len(word) - 1]
    return None


def _prominent(h: _Hit) -> bool:
    """A national capital, a major city or a country-level territory: known without context."""
    if h.subtype == "Territory":
        return True
    return h.subtype == "City" and h.rank <= MAJOR_CITY_RANK


def _dominant(options: list[_Hit]) -> _Hit | None:
    """The reading news mean by a bare name when several entities carry it, or None.

    - a country beats places and bodies of the same name ("Georgia" the country, not the US state);
    - a national capital beats other places ("Washington" is the US capital, not the state);
    - a major city (Natural Earth scalerank <= 2) beats regions and much smaller towns ("Istanbul",
      "Athens"), but "Kandahar" (scalerank 3) stays between the city and the province;
    - a city far better known than the others of its name (three scalerank steps) wins ("Athens").
    """
    countries = [h for h in options if h.type == "Country"]
    if len(countries) == 1 and all(h.type == "Place" for h in options if h is not countries[0]):
        return countries[0]
    if any(h.type != "Place" for h in options):
        return None
    ranked = sorted(options, key=lambda h: h.rank)
    best, second = ranked[0], ranked[1]
    if best.subtype != "City" or best.rank == second.rank:
        return None
    if best.rank < 0:
        return best  # the only national capital among them
    other_cities = [h for h in ranked[1:] if h.subtype == "City"]
    if best.rank <= MAJOR_CITY_RANK and all(h.rank - best.rank >= 3 for h in other_cities):
        return best
    return None
