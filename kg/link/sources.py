"""Reads the tables in kg/link/data into Records: one real-world entity each, with its names and its QID.

The caveats of ../shared/data/SOURCE.md are applied here, once, so lookups never see a row we
do not trust (see ATTRIBUTION.md, "Linking policy"):
- places and regions rows marked qid_shared=yes give no link;
- Natural Earth's Palestine row (Q23792, the region) is merged into the State of Palestine (Q219060);
- organisation rows whose only source is unattributed link only when entity-qids.csv confirms them;
- a QID given to two differently named bodies in one table links from neither.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import is_acronym, is_latin, norm

DATA_DIR = Path(__file__).resolve().parent / "data"

# Files the knowledge base is built from, in build order; their bytes make the cache key.
TABLES = (
    "countries-aliases.csv",
    "countries-wikidata.csv",
    "places-wikidata.csv",
    "regions-wikidata.csv",
    "organizations-wikidata.csv",
    "officials-wikidata.csv",
    "entity-qids.csv",
    "news-aliases.csv",
    "common-words.txt",
)

# Region types that are first-level divisions people name in the news ("Kandahar province").
REGION_TYPES = {
    "province",
    "state",
    "region",
    "governorate",
    "administrative region",
    "autonomous region",
    "autonomous community",
    "autonomous republic",
    "republic",
    "oblast",
    "krai",
    "prefecture",
    "emirate",
    "federal territory",
    "union territory",
    "federal capital territory",
    "capital territory",
    "territory",
    "department",
    "county",
    "district",
    "division",
    "land",
    "voivodship",
    "canton",
    "special administrative region",
    "autonomous province",
    "federal district",
    "metropolitan region",
    "country",
    "capital district",
}
# Words a news text puts after a region's name: "Kursk region", "Kandahar province".
REGION_SUFFIXES = (
    "province",
    "state",
    "region",
    "governorate",
    "oblast",
    "prefecture",
    "district",
    "county",
    "territory",
    "department",
    "emirate",
)

# Towns below this (and not a capital) give no link; see _places.
MIN_TOWN_POPULATION = 100_000

ORG_SUBTYPES = {
    "news agency": "NewsAgency",
    "broadcaster": "MediaOrganization",
    "intergovernmental forum": "IntergovernmentalOrganization",
    "international organisation": "IntergovernmentalOrganization",
}

_ALLIANCE = re.compile(r"\bTreaty Organi[sz]ation\b")


@dataclass
class Name:
    surface: str
    how: str  # label | alias | abbreviation | demonym | official | weak (an acronym that alone does not link)
    listed: bool = True  # offered to the gazetteer (False: lookups only, e.g. a common English word)


@dataclass
class Record:
    """One entity of the knowledge base."""

    qid: str | None  # None: known by name but not linkable (see note)
    label: str
    type: str  # Country | Place | Organization | Official
    subtype: str | None
    rank: float  # smaller is better known: scalerank for places, 0 for countries
    country: str | None = None  # QID of the country it lies in / serves
    country_name: str | None = None  # as the source words it, when no QID
    position: str | None = None
    source: str = ""
    note: str = ""
    confidence: float = 0.95  # how far the QID was cross-checked
    names: list[Name] = field(default_factory=list)
    key: str = ""
    ref: str = ""  # the handle news-aliases.csv uses: cca3 for countries, label for others, "Kiev@UA" for places
    ref2: str | None = None  # a country's ISO alpha-2 code
    capital: bool = False  # a national capital
    region_type: str = ""  # "province", "state", ... for regions

    def add(self, surface: str, how: str, listed: bool = True) -> None:
        surface = (surface or "").strip()
        if not surface or not is_latin(surface) or not norm(surface):
            return
        for n in self.names:
            if n.surface == surface:
                return
        self.names.append(Name(surface, how, listed))


def _rows(name: str, data_dir: Path) -> list[dict[str, str]]:
    with open(data_dir / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def common_words(data_dir: Path = DATA_DIR) -> set[str]:
    """Lower-case English words that are also place names ("nice", "reading"); kept out of the gazetteer."""
    path = data_dir / "common-words.txt"
    if not path.exists():
        return set()
    return {
        line.strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def read_records(data_dir: Path = DATA_DIR) -> list[Record]:
    """All records of the knowledge base, in a deterministic order (keys not yet assigned)."""
    stop = common_words(data_dir)
    countries = _countries(data_dir)
    by_iso2 = {r.ref2: r for r in countries if r.ref2}
    records: list[Record] = list(countries)
    records += _places(data_dir, by_iso2, stop)
    records += _regions(data_dir, by_iso2, stop)
    records += _organizations(data_dir)
    records += _officials(data_dir, countries)
    _news_aliases(data_dir, records)
    country_qids = {r.qid for r in records if r.type == "Country" and r.qid}
    for rec in records:
        if rec.type != "Country" and rec.qid in country_qids:
            # A city-state's point (Singapore, Vatican City) carries the country's item: a city never links to it.
            rec.note, rec.qid = f"{rec.qid} is a country's item", None
    return records


# --- countries ---------------------------------------------------------------


def _countries(data_dir: Path) -> list[Record]:
    ne_rows = _rows("countries-wikidata.csv", data_dir)
    ne_by_a3: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in ne_rows:
        for code in {row["iso_a3"], row["iso_a3_eh"]} - {""}:
            ne_by_a3[code].append(row)
    ne_by_qid = defaultdict(list)
    for row in ne_rows:
        ne_by_qid[row["wikidata_qid"]].append(row)

    out: list[Record] = []
    merged_ne: set[int] = set()
    for row in _rows("countries-aliases.csv", data_dir):
        qid = row["wikidata_qid"] or None
        ne_matches = ne_by_a3.get(row["cca3"], []) or ne_by_qid.get(qid or "-", [])
        ne_types = {m["type"] for m in ne_matches}
        # A country: independent per mledoze, a sovereign state per Natural Earth, or the State of Palestine row.
        sovereign = row["independent"] == "True" or "Sovereign country" in ne_types or row["qid_join"] == "override"
        rec = Record(
            qid=qid,
            label=row["name_common"],
            type="Country" if sovereign else "Place",
            subtype=None if sovereign else "Territory",
            rank=0 if sovereign else 3,
            source="mledoze/countries + Natural Earth admin-0",
            confidence=0.97 if row["dr5hn_agrees"] == "yes" or row["qid_join"] == "override" else 0.9,
            note="" if qid else "no QID in Natural Earth",
        )
        rec.ref, rec.ref2 = row["cca3"], row["cca2"]
        rec.country = qid if sovereign else None
        rec.add(row["name_common"], "label")
        # A territory's official name may be another item (Western Sahara vs the SADR): only states get it.
        if sovereign:
            rec.add(row["name_official"], "alias")
        for alt in _split(row["alt_spellings"]):
            # ISO codes ("AF", "TR") are not written in prose; inverted index forms ("Korea, Republic of") neither.
            if alt in (row["cca2"], row["cca3"]) or "," in alt or len(alt) < 2:
                continue
            rec.add(alt, "abbreviation" if is_acronym(alt) else "alias")
        for m in ne_matches:
            merged_ne.add(id(m))
            rec.add(m["name"], "alias")
            rec.add(m["admin"], "alias")
        for dem in (row["demonym_m"], row["demonym_f"]):
            rec.add(dem, "demonym")
        out.append(rec)

    known_qids = {r.qid for r in out if r.qid}
    for row in ne_rows:
        # Natural Earth areas mledoze lacks (Somaliland, Northern Cyprus, ...): places, not countries.
        if id(row) in merged_ne or not row["wikidata_qid"] or row["wikidata_qid"] in known_qids:
            continue
        rec = Record(
            qid=row["wikidata_qid"],
            label=row["admin"],
            type="Place",
            subtype="Territory",
            rank=4,
            source="Natural Earth admin-0",
            confidence=0.85,
            note=f"Natural Earth type {row['type']}",
        )
        rec.ref, rec.ref2 = row["admin"], None
        rec.add(row["admin"], "label")
        rec.add(row["name"], "alias")
        out.append(rec)
    return out


# --- places ------------------------------------------------------------------

# How sure a place's QID is, by how the second source (dr5hn) agrees with Natural Earth.
_PLACE_CONFIDENCE = {"agrees": 0.95, "not_checked": 0.9, "absent": 0.88, "differs": 0.85}


def _places(data_dir: Path, by_iso2: dict[str, Record], stop: set[str]) -> list[Record]:
    out = []
    by_a3 = {}
    for c in by_iso2.values():
        by_a3[c.ref] = c
    for row in _rows("places-wikidata.csv", data_dir):
        country = by_iso2.get(row["iso_a2"]) or by_a3.get(row["adm0_a3"])
        capital = row["featurecla"].startswith("Admin-0 capital")
        scalerank = int(row["scalerank"] or 10)
        shared = row["qid_shared"] == "yes"
        people = int(float(row["pop_max"] or 0))
        # A town under 100,000 people that is no capital is seldom what a news text means by its name
        # (Cadillac, Pontiac, Digby are brands and people first): it keeps its names, but gives no link.
        small = people < MIN_TOWN_POPULATION and "capital" not in row["featurecla"]
        rec = Record(
            qid=None if shared or small else row["wikidata_qid"],
            label=row["name_en"] or row["name"],
            type="Place",
            subtype="City",
            rank=-1 if capital else scalerank,
            country=country.qid if country and country.type == "Country" else None,
            country_name=row["adm0name"],
            source="Natural Earth populated places",
            note=(
                f"qid_shared: {row['wikidata_qid']} is also given to another place"
                if shared
                else f"small place ({people} people): {row['wikidata_qid']} not linked"
                if small
                else ""
            ),
            confidence=_PLACE_CONFIDENCE.get(row["dr5hn_check"], 0.85),
        )
        rec.ref = f"{row['name']}@{row['iso_a2']}"
        rec.capital = capital
        # Small or obscure places stay out of the gazetteer; lookups still know them.
        listed = not small and (capital or scalerank <= 7 or people >= MIN_TOWN_POPULATION)
        for surface in [row["name_en"], row["name"], row["nameascii"], *_split(row["namealt"])]:
            if not surface or surface.startswith("Formerly"):
                continue
            ok = listed and surface.lower() not in stop and len(norm(surface)) >= 3
            rec.add(surface, "label" if surface == rec.label else "alias", ok)
            if "," in surface:
                # "Washington, D.C." is also written "Washington".
                head = surface.split(",")[0]
                rec.add(head, "alias", ok and head.lower() not in stop)
        out.append(rec)
    return out


def _regions(data_dir: Path, by_iso2: dict[str, Record], stop: set[str]) -> list[Record]:
    out = []
    for row in _rows("regions-wikidata.csv", data_dir):
        kind = row["type"].strip().lower()
        if row["top_level"] != "yes" or kind not in REGION_TYPES:
            # dr5hn mixes in districts, boroughs and municipalities (whose items are easily confused with
            # the town of the same name): only first-level units of the usual kinds are read.
            continue
        country = by_iso2.get(row["country_iso_a2"])
        shared = row["qid_shared"] == "yes"
        rec = Record(
            qid=None if shared else row["wikidata_qid"],
            label=row["name"],
            type="Place",
            subtype="Region",
            rank=5,
            country=country.qid if country and country.type == "Country" else None,
            country_name=row["country_name"],
            position=None,
            source="dr5hn/countries-states-cities-database states",
            note=f"qid_shared: {row['wikidata_qid']} is also given to another region" if shared else "",
            confidence=0.9,
        )
        rec.ref = f"{row['name']}@{row['country_iso_a2']}"
        rec.region_type = kind
        listed = row["name"].lower() not in stop and len(norm(row["name"])) >= 4
        # dr5hn's `native` column is not used: in Latin-script countries it holds machine-translation
        # noise ("Saturday" for Lusaka province, "Big blood" for Sangre Grande).
        rec.add(row["name"], "label", listed)
        base = norm(row["name"])
        for word in {kind, *(s for s in REGION_SUFFIXES if s == "region")}:
            if word and not base.endswith(" " + word):
                # "Kandahar province" names the province, whatever the bare name may also name.
                rec.add(f"{row['name']} {word}", "alias")
                rec.add(f"{row['name']} {word.title()}", "alias")
        out.append(rec)
    return out


# --- organisations -------------------------------------------------------------


def _organizations(data_dir: Path) -> list[Record]:
    confirmed = {
        (norm(r["entity"]), r["qid"])
        for r in _rows("entity-qids.csv", data_dir)
        if r["status"].startswith("verified") and r["qid"]
    }
    confirmed_qids = {q for _, q in confirmed}
    rows = _rows("organizations-wikidata.csv", data_dir)
    names_of_qid = defaultdict(set)
    for row in rows:
        names_of_qid[row["wikidata_qid"]].add(norm(row["name"]))
    out = []
    for row in rows:
        qid: str | None = row["wikidata_qid"]
        note = ""
        if len(names_of_qid[row["wikidata_qid"]]) > 1:
            qid, note = None, f"{row['wikidata_qid']} is given to {len(names_of_qid[row['wikidata_qid']])} bodies"
        elif row["agreement"] == "single_source_unattributed" and qid not in confirmed_qids:
            qid, note = None, "single unattributed source, not confirmed by entity-qids.csv"
        conf = {
            "two_independent_sources": 0.97,
            "second_source_unattributed": 0.93,
            "single_source": 0.9,
            "single_source_unattributed": 0.88,
        }.get(row["agreement"], 0.85)
        subtype = ORG_SUBTYPES.get(row["kind"], "IntergovernmentalOrganization")
        if subtype == "IntergovernmentalOrganization" and _ALLIANCE.search(row["name"]):
            subtype = "Alliance"  # NATO, the CSTO: treaty organisations for collective defence
        rec = Record(
            qid=qid,
            label=row["name"],
            type="Organization",
            subtype=subtype,
            rank=2,
            source=row["source_1"].split("@")[0],
            note=note,
            confidence=conf,
        )
        rec.ref = row["name"]
        rec.add(row["name"], "label")
        # Acronyms collide across hundreds of bodies and with news usage ("SDF", "IOC", "ICC"): only
        # well-known bodies (two sources, or named in the brief) link or match by acronym alone;
        # the others' acronyms still count when the full name is also given.
        well_known = row["agreement"] == "two_independent_sources" or row["in_brief_list"] == "yes"
        acronym_how = "abbreviation" if well_known else "weak"
        if row["abbreviation"]:
            rec.add(
                row["abbreviation"],
                acronym_how if is_acronym(row["abbreviation"]) else "alias",
                well_known or not is_acronym(row["abbreviation"]),
            )
        for other in _split(row["other_names"]):
            rec.add(other, acronym_how if is_acronym(other) else "alias", well_known or not is_acronym(other))
        bare = _without_un_prefix(row["name"])
        if bare:
            rec.add(bare, "alias")
        out.append(rec)
    return out


def _without_un_prefix(name: str) -> str | None:
    """ "United Nations World Food Programme" is "the World Food Programme" in news. Only names of three words
    or more lose the prefix: "Security Council" or "General Assembly" alone name other bodies too."""
    for prefix in ("United Nations ", "UN "):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return rest if len(rest.split()) >= 3 and rest[0].isupper() else None
    return None


# --- officials -------------------------------------------------------------------


def _officials(data_dir: Path, countries: list[Record]) -> list[Record]:
    country_by_name: dict[str, Record] = {}
    for c in countries:
        for n in c.names:
            if n.how != "demonym":
                country_by_name.setdefault(norm(n.surface), c)
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows("officials-wikidata.csv", data_dir):
        by_person[row["person_qid"]].append(row)
    out = []
    for qid, rows in sorted(by_person.items(), key=lambda kv: kv[1][0]["person"]):
        # The post held most recently is the one the gazetteer reports.
        rows.sort(key=lambda r: (r["holds_office_in_source"] == "yes", r["start"]), reverse=True)
        row = rows[0]
        country = row["country_qid"] or None
        if not country:
            match = country_by_name.get(norm(row["country"]))
            country = match.qid if match is not None and match.type == "Country" else None
        agree = any(r["agreement"] == "two_independent_sources" for r in rows)
        rec = Record(
            qid=qid,
            label=row["person"],
            type="Official",
            subtype=None,
            rank=1,
            country=country,
            country_name=row["country"],
            position=row["position"],
            source=row["source_1"].split("@")[0],
            confidence=0.97 if agree else 0.9,
        )
        rec.ref = row["person"]
        for r in rows:
            rec.add(r["person"], "official")
        out.append(rec)
    return out


# --- the project's own short forms -----------------------------------------------


def _news_aliases(data_dir: Path, records: list[Record]) -> None:
    """Adds the short forms news use that the tables lack ("U.S.", "Britain", "SCO"), by reference.

    A row with how=remove takes a source's name away instead; a name given to two entities here
    ("Congo" for both Congos) becomes ambiguous, so it links neither.
    """
    path = data_dir / "news-aliases.csv"
    if not path.exists():
        return
    by_ref: dict[tuple[str, str], Record] = {}
    for rec in records:
        by_ref.setdefault((rec.type if rec.type != "Place" else "Place", rec.ref), rec)
    kinds = {"country": "Country", "org": "Organization", "place": "Place", "official": "Official"}
    for row in _rows("news-aliases.csv", data_dir):
        named = by_ref.get((kinds[row["kind"]], row["ref"]))
        if named is None:
            raise ValueError(f"news-aliases.csv: no {row['kind']} {row['ref']!r} in the tables")
        if row.get("how") == "remove":
            # A source's name that news use for something else ("Emirates" the airline, "Timor" the island).
            named.names = [n for n in named.names if norm(n.surface) != norm(row["alias"])]
        else:
            named.add(row["alias"], row.get("how") or "alias")
