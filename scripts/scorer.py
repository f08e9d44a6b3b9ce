"""The scorer behind `kg eval`: the neutral scorer's rules (../shared/eval/score.py, EVALUATION.md) as functions.

Why here, in scripts/ and not in the kg package: scoring against gold annotations is a development tool (gold files
are written by the people who improve the extraction), and its core is a port of a third party's script, so it is
not part of what `pip install newskg` ships. `kg eval` loads this file from the checkout the kg package runs from
(kg/cli/eval_cmd.py, load_scorer); an installed package without a checkout says so and points to score.py itself.

The scoring core (norm, Closure, load_graph, load_gold, Scorer) is kept line for line with score.py, so that
`kg eval` and that script print the same numbers on the same input (tests/test_evaluate.py runs both on the seed);
the project does not import score.py. Where they differ: bad input raises kg.errors.InputError instead of exiting,
and the namespaces and event categories come from kg.vocab. What is ours: score() (the report for RDF files),
evaluate_store() (export the store's dataset as N-Quads and score it with the packaged ontology), format_report()
and report_json().
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import InputError
from kg.vocab import DCTERMS as DCT
from kg.vocab import EVENT_CATEGORIES, KG, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SCHEMA_HTTP, SKOS
from kg.vocab import ROLES as ALL_ROLES

CATEGORIES = list(EVENT_CATEGORIES)
FINE_TO_CATEGORY = {
    "Summit": "Meeting",
    "Ceasefire": "Agreement",
    "AirStrike": "MilitaryAction",
    "ArmedClash": "MilitaryAction",
    "Attack": "MilitaryAction",
    "Capture": "MilitaryAction",
}
ENTITY_ORDER = ["Country", "Official", "Person", "Organization", "Place"]
ACCEPTS = {
    "Country": {"Country"},
    "Place": {"Place"},
    "Organization": {"Organization"},
    "Official": {"Official", "Person"},
    "Person": {"Person", "Official"},
}
ROLES = [role for role in ALL_ROLES if role != "participant"]  # the sub-properties of kg:participant
LABEL_PROPS = [RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name, SCHEMA_HTTP.name]
LINK_PROPS = [OWL.sameAs, SKOS.exactMatch, SCHEMA.sameAs, SCHEMA_HTTP.sameAs]
QID = re.compile(r"wikidata\.org/(?:entity|wiki)/(Q\d+)$")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "'").replace("'s ", " ").replace("'s$", "")
    text = re.sub(r"'s\b", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def ratio(a: int, b: int) -> float:
    """a/b; an empty denominator means nothing was asked or nothing was claimed: no error."""
    return a / b if b else 1.0


class Closure:
    """rdfs:subClassOf* and rdfs:subPropertyOf* over the loaded graph."""

    def __init__(self, g: Graph):
        self.sup = defaultdict(set)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf):
            for s, o in g.subject_objects(p):
                self.sup[s].add(o)
        self.cache: dict = {}

    def ancestors(self, node) -> set:
        if node not in self.cache:
            seen, todo = {node}, [node]
            while todo:
                for parent in self.sup.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self.cache[node] = seen
        return self.cache[node]


def load_graph(paths, ontology) -> Graph:
    ds = Dataset(default_union=True)
    formats = {
        ".nq": "nquads",
        ".trig": "trig",
        ".ttl": "turtle",
        ".nt": "nt",
        ".jsonld": "json-ld",
        ".json": "json-ld",
        ".rdf": "xml",
        ".owl": "xml",
    }
    files = list(paths)
    if ontology:
        files += sorted(Path(ontology).rglob("*.ttl"))
    for path in files:
        path = Path(path)
        fmt = formats.get(path.suffix.lower())
        if fmt is None:
            raise InputError(path, "unknown RDF file type")
        ds.parse(path, format=fmt)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def load_gold(paths):
    """Gold files (newskg-gold/1) merged: entities by id, positions, memberships, events by id, articles."""
    entities, positions, memberships, events, articles = {}, [], [], {}, []
    path = "gold"
    for path in paths:
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(path, f"not a readable gold file: {err}") from err
        articles += doc.get("articles", [])
        for e in doc.get("entities", []):
            if e["id"] in entities:  # the same entity in several files: aliases unite; required if required anywhere
                known = entities[e["id"]]
                known["aliases"] = sorted(set(known.get("aliases", [])) | set(e.get("aliases", [])))
                known["optional"] = known.get("optional", False) and e.get("optional", False)
            else:
                entities[e["id"]] = dict(e)
        for item in doc.get("positions", []):
            key = (item["person"], frozenset(item["of"]), frozenset(item["title"]))
            twin = next((q for q in positions if (q["person"], frozenset(q["of"]), frozenset(q["title"])) == key), None)
            if twin is None:
                positions.append(dict(item))
            else:
                twin["optional"] = twin.get("optional", False) and item.get("optional", False)
        for item in doc.get("memberships", []):
            key = (item["member"], item["organization"])
            twin = next((m for m in memberships if (m["member"], m["organization"]) == key), None)
            if twin is None:
                memberships.append(dict(item))
            else:
                twin["optional"] = twin.get("optional", False) and item.get("optional", False)
        for ev in doc.get("events", []):
            if ev["id"] in events:
                events[ev["id"]]["optional"] = events[ev["id"]].get("optional", False) and ev.get("optional", False)
            else:
                events[ev["id"]] = dict(ev)
    for e in entities.values():
        e["names"] = {norm(e["label"])} | {norm(a) for a in e.get("aliases", [])}
    for kind, items in (("position", positions), ("membership", memberships)):
        for item in items:
            for key in ("person", "of", "member", "organization"):
                for ref in [item[key]] if isinstance(item.get(key), str) else item.get(key, []):
                    if ref not in entities:
                        raise InputError(path, f"{kind} names unknown entity {ref!r}")
    return entities, positions, memberships, events, articles


class Scorer:
    def __init__(self, g: Graph, gold):
        self.g = g
        self.entities, self.positions, self.memberships, self.events, self.articles = gold
        self.closure = Closure(g)
        self.by_name = defaultdict(set)
        self.by_qid = defaultdict(set)
        for gid, e in self.entities.items():
            for n in e["names"]:
                self.by_name[n].add(gid)
            if e.get("wikidata"):
                self.by_qid[e["wikidata"]].add(gid)
        self.participant_props = {p for p in set(g.predicates()) if KG.participant in self.closure.ancestors(p)}
        self.participant_props.add(KG.participant)
        self.node_gid: dict = {}
        self.node_kind: dict = {}

    # --- entities -------------------------------------------------------
    def kind(self, node):
        types = set()
        for t in self.g.objects(node, RDF.type):
            types |= self.closure.ancestors(t)
        for name in ENTITY_ORDER:
            if KG[name] in types:
                return name
        return None

    def event_category(self, node):
        types = set()
        for t in self.g.objects(node, RDF.type):
            types |= self.closure.ancestors(t)
        if KG.Event not in types:
            return None, types
        for name in CATEGORIES:
            if KG[name] in types:
                return name, types
        return "Event", types

    def qids(self, node):
        out = set()
        for p in LINK_PROPS:
            for o in self.g.objects(node, p):
                m = QID.search(str(o))
                if m:
                    out.add(m.group(1))
        return out

    def names(self, node):
        return {norm(o) for p in LABEL_PROPS for o in self.g.objects(node, p) if isinstance(o, Literal)}

    def assign(self, node, kind):
        cands = set()
        for q in self.qids(node):
            cands |= self.by_qid.get(q, set())
        via_qid = bool(cands)
        if not cands:
            for n in self.names(node):
                cands |= self.by_name.get(n, set())
        if not cands:
            return None

        def rank(gid):
            e = self.entities[gid]
            return (kind in ACCEPTS[e["type"]], via_qid, norm(e["label"]) in self.names(node), not e.get("optional"))

        return max(sorted(cands), key=rank)

    def score_entities(self):
        nodes = {s for s in self.g.subjects(RDF.type, None) if isinstance(s, URIRef) or True}
        system = []
        for node in nodes:
            k = self.kind(node)
            if k:
                self.node_kind[node] = k
                gid = self.assign(node, k)
                self.node_gid[node] = gid
                system.append((node, k, gid))
        found, tp, fp, fps, dups = {}, 0, 0, [], []
        for node, k, gid in sorted(system, key=lambda x: str(x[0])):
            e = self.entities.get(gid)
            if e is None:
                fp += 1
                fps.append(f"{k}: {sorted(self.names(node))[:1] or [str(node)]}")
            elif e.get("optional"):
                continue
            elif k in ACCEPTS[e["type"]] and gid not in found:
                found[gid] = node
                tp += 1
            else:
                fp += 1
                if k in ACCEPTS[e["type"]]:
                    dups.append(f"{gid} again as {node}")
                else:
                    fps.append(f"{gid} typed {k}, gold {e['type']}")
        gold = [gid for gid, e in self.entities.items() if not e.get("optional")]
        by_type = {}
        for t in ("Country", "Place", "Organization", "Official"):
            ids = [gid for gid in gold if self.entities[gid]["type"] == t]
            by_type[t] = f"{sum(gid in found for gid in ids)}/{len(ids)}"
        p, r = ratio(tp, tp + fp), ratio(len(found), len(gold))
        missed = [gid for gid in gold if gid not in found]
        self.found = found
        return {
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
            "found_by_type": by_type,
            "missed": missed,
            "false_positives": fps[:40],
            "duplicates": dups[:20],
            "system_entities": len(system),
        }

    def score_links(self):
        correct = wrong = missing = 0
        wrongs = []
        for gid, e in self.entities.items():
            if e.get("optional") or not e.get("wikidata"):
                continue
            node = self.found.get(gid) or next((n for n, g in self.node_gid.items() if g == gid), None)
            if node is None:
                missing += 1
                continue
            q = self.qids(node)
            if e["wikidata"] in q:
                correct += 1
            elif q:
                wrong += 1
                wrongs.append(f"{gid}: {sorted(q)} (gold {e['wikidata']})")
            else:
                missing += 1
        # a link on a node that matches no gold entity with that QID, but whose gold entity has another QID
        for node, gid in self.node_gid.items():
            e = self.entities.get(gid)
            if e and e.get("wikidata") and self.found.get(gid) != node and self.qids(node) - {e["wikidata"]}:
                wrong += 1
                wrongs.append(f"{gid} (duplicate node): {sorted(self.qids(node))}")
        gold = correct + missing + sum(1 for w in wrongs if "duplicate" not in w)
        p, r = ratio(correct, correct + wrong), ratio(correct, gold)
        return {"precision": p, "recall": r, "f1": f1(p, r), "wrong": wrongs}

    # --- positions and memberships ---------------------------------------
    def gids_of(self, node):
        gid = self.node_gid.get(node)
        if gid is None and node not in self.node_kind:
            gid = self.assign(node, self.kind(node))
        return gid

    def score_positions(self):
        system = []
        for person, post in self.g.subject_objects(KG.holdsPosition):
            titles = {norm(t) for t in self.g.objects(post, KG.title)}
            orgs = {self.gids_of(o) for o in self.g.objects(post, KG.positionIn)} - {None}
            system.append((self.gids_of(person), titles, orgs, person))

        def matches(sp, gp):
            pid, titles, orgs, _ = sp
            if pid != gp["person"] or not orgs & set(gp["of"]):
                return False
            gold_titles = {norm(t) for t in gp["title"]}
            return any(gt in st or (len(st) >= 4 and st in gt) for gt in gold_titles for st in titles)

        hit, tp, fp, fps = set(), 0, 0, []
        for sp in system:
            gi = [i for i, gp in enumerate(self.positions) if matches(sp, gp)]
            if not gi:
                fp += 1
                fps.append(f"{sp[0] or str(sp[3])}: {sorted(sp[1])} of {sorted(sp[2])}")
            elif all(self.positions[i].get("optional") for i in gi):
                continue
            else:
                new = [i for i in gi if not self.positions[i].get("optional") and i not in hit]
                if new:
                    hit.add(new[0])
                    tp += 1
                else:
                    tp += 1  # another phrasing of an already matched post is not an error
        gold = [i for i, gp in enumerate(self.positions) if not gp.get("optional")]
        p, r = ratio(tp, tp + fp), ratio(len(hit), len(gold))
        missed = [f"{self.positions[i]['person']}: {self.positions[i]['title'][0]}" for i in gold if i not in hit]
        return {"precision": p, "recall": r, "f1": f1(p, r), "missed": missed, "false_positives": fps[:20]}

    def score_memberships(self):
        gold = {(m["member"], m["organization"]) for m in self.memberships if not m.get("optional")}
        optional = {(m["member"], m["organization"]) for m in self.memberships if m.get("optional")}
        props = {p for p in set(self.g.predicates()) if KG.memberOf in self.closure.ancestors(p)} | {KG.memberOf}
        system = {(self.gids_of(s), self.gids_of(o)) for p in props for s, o in self.g.subject_objects(p)}
        system -= optional
        tp = len(system & gold)
        p, r = ratio(tp, len(system)), ratio(tp, len(gold))
        return {
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
            "missed": sorted(f"{a} in {b}" for a, b in gold - system),
            "false_positives": sorted(f"{a} in {b}" for a, b in system - gold)[:20],
        }

    # --- events ----------------------------------------------------------
    def event_facts(self, node):
        parts, roles = set(), defaultdict(set)
        for p in self.participant_props:
            for o in self.g.objects(node, p):
                gid = self.gids_of(o)
                parts.add(gid or f"?{o}")
                for role in ROLES:
                    if KG[role] in self.closure.ancestors(p):
                        roles[role].add(gid)
        places = {self.gids_of(o) for o in self.g.objects(node, KG.location)} - {None}
        dates = {str(o)[:10] for p in (KG.date, KG.startDate) for o in self.g.objects(node, p)}
        return parts, roles, places, dates

    def score_events(self):
        system = []
        for node in sorted(set(self.g.subjects(RDF.type, None)), key=str):
            cat, types = self.event_category(node)
            if cat:
                system.append((node, cat, types) + self.event_facts(node))
        gold = self.events
        cand = []
        for si, (_node, cat, _types, parts, _roles, places, dates) in enumerate(system):
            for gid, ge in gold.items():
                gcat = FINE_TO_CATEGORY.get(ge["type"], ge["type"])
                if cat != gcat:
                    continue
                overlap = sum(bool(set(group) & parts) for group in ge["participants"])
                if overlap == 0:
                    continue
                bonus = (set(ge.get("location", [])) & places != set()) + (set(ge.get("date", [])) & dates != set())
                cand.append((overlap + 0.5 * bonus, si, gid))
        cand.sort(key=lambda x: (-x[0], bool(gold[x[2]].get("optional")), x[1], x[2]))
        used_s, pair = set(), {}
        for _, si, gid in cand:
            if si in used_s or gid in pair:
                continue
            used_s.add(si)
            pair[gid] = si
        required = [gid for gid, ge in gold.items() if not ge.get("optional")]
        matched = [gid for gid in required if gid in pair]
        on_optional = sum(1 for gid in pair if gold[gid].get("optional"))
        denom = len(system) - on_optional
        p, r = ratio(len(matched), denom), ratio(len(matched), len(required))
        # arguments, over matched required events
        part_hit = part_tot = sys_ok = sys_tot = 0
        role_hit = role_tot = loc_hit = loc_tot = date_hit = date_tot = fine_hit = fine_tot = 0
        for gid in matched:
            ge = gold[gid]
            node, cat, types, parts, roles, places, dates = system[pair[gid]]
            groups = [set(gr) for gr in ge["participants"]]
            part_tot += len(groups)
            part_hit += sum(bool(gr & parts) for gr in groups)
            allowed = set().union(*groups) | set().union(*[set(v) for v in ge.get("roles", {}).values()] or [set()])
            allowed |= set(ge.get("location", []))
            sys_tot += len(parts)
            sys_ok += sum(1 for x in parts if x in allowed)
            for role, ids in ge.get("roles", {}).items():
                role_tot += 1
                role_hit += bool(roles.get(role, set()) & set(ids))
            if ge.get("location"):
                loc_tot += 1
                loc_hit += bool(places & set(ge["location"]))
            if ge.get("date"):
                date_tot += 1
                date_hit += bool(dates & set(ge["date"]))
            fine = ge.get("fine_type") or (ge["type"] if ge["type"] in FINE_TO_CATEGORY else None)
            if fine:
                fine_tot += 1
                fine_hit += KG[fine] in types
        unmatched = []
        for si, (node, cat, *_rest) in enumerate(system):
            if si not in used_s:
                ev = next(iter(self.g.objects(node, KG.evidence)), None)
                text = next(iter(self.g.objects(ev, NIF.anchorOf)), "") if ev is not None else ""
                unmatched.append(f"{cat}: {str(text)[:90]}")
        self.system_events = system
        return {
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
            "system_events": len(system),
            "missed": [gid for gid in required if gid not in pair],
            "unmatched_system": unmatched[:40],
            "participants_recall": ratio(part_hit, part_tot),
            "participants_precision": ratio(sys_ok, sys_tot),
            "roles": ratio(role_hit, role_tot),
            "location": ratio(loc_hit, loc_tot),
            "date": ratio(date_hit, date_tot),
            "fine_type": ratio(fine_hit, fine_tot),
            "counts": {"roles": role_tot, "location": loc_tot, "date": date_tot, "fine_type": fine_tot},
        }

    # --- provenance and articles -------------------------------------------
    def score_provenance(self):
        ok = total = 0
        bodies = {a: str(t) for a, t in self.g.subject_objects(NIF.isString)}
        for node, *_ in self.system_events:
            total += 1
            arts = [a for a in self.g.objects(node, PROV.wasDerivedFrom) if (a, RDF.type, None) in self.g]
            good = False
            for ev in self.g.objects(node, KG.evidence):
                anchor = next(iter(self.g.objects(ev, NIF.anchorOf)), None)
                b = next(iter(self.g.objects(ev, NIF.beginIndex)), None)
                e = next(iter(self.g.objects(ev, NIF.endIndex)), None)
                if anchor is None or b is None or e is None:
                    continue
                for art in arts:
                    body = bodies.get(art)
                    if body is not None and body[int(b) : int(e)] == str(anchor):
                        good = True
            ok += good
        return {"events_with_valid_evidence": ratio(ok, total)}

    def score_articles(self):
        system = {}
        for a in self.g.subjects(RDF.type, KG.Article):
            title = next(iter(self.g.objects(a, DCT.title)), None)
            published = [*self.g.objects(a, SCHEMA.datePublished), *self.g.objects(a, SCHEMA_HTTP.datePublished)]
            pub = next(iter(published), None)
            system[norm(title or "")] = str(pub)[:10] if pub is not None else None
        found = dated = 0
        for art in self.articles:
            t = norm(art["title"])
            if t in system:
                found += 1
                dated += art.get("published") in (None, "unknown") or system[t] == art["published"]
        return {
            "articles_found": f"{found}/{len(self.articles)}",
            "dates_right": f"{dated}/{len(self.articles)}",
            "system_articles": len(system),
        }


def score(graph_paths, gold_paths, ontology: str | Path | None = None) -> dict:
    """The full report for RDF files against gold files, as the neutral scorer computes it."""
    s = Scorer(load_graph(graph_paths, ontology), load_gold(gold_paths))
    report = {
        "articles": s.score_articles(),
        "entities": s.score_entities(),
        "links": s.score_links(),
        "positions": s.score_positions(),
        "memberships": s.score_memberships(),
        "events": s.score_events(),
    }
    report["provenance"] = s.score_provenance()
    f1s = [report[k]["f1"] for k in ("entities", "positions", "memberships", "events")]
    report["overall_f1"] = sum(f1s) / len(f1s)
    return report


def evaluate_store(store, gold_paths, ontology: str | Path | None = None) -> dict:
    """Scores a store: its whole dataset is exported as N-Quads and scored with the ontology's closure."""
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        path = Path(tmp) / "store.nq"
        with path.open("wb") as fh:
            store.dump(fh, ox.RdfFormat.N_QUADS)
        return score([path], gold_paths, ontology or packaged_ontology())


def packaged_ontology() -> Path | None:
    """The folder of the ontology shipped with the package (for subclass closure)."""
    try:
        from importlib.resources import files

        folder = Path(str(files("kg.ontology")))
    except (ModuleNotFoundError, TypeError):
        folder = Path(__file__).resolve().parent.parent / "ontology"
    return folder if folder.is_dir() else None


def format_report(report: dict) -> str:
    """The report as the neutral scorer prints it; the last line is `overall: F1 ...`."""
    lines = []
    a = report["articles"]
    lines.append(f"articles   found {a['articles_found']}  published dates right {a['dates_right']}")
    for k in ("entities", "links", "positions", "memberships", "events"):
        r = report[k]
        lines.append(f"{k:11s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    e = report["events"]
    lines.append(
        f"event args participants R {e['participants_recall']:.3f} P {e['participants_precision']:.3f}"
        f"  roles {e['roles']:.3f}  location {e['location']:.3f}  date {e['date']:.3f}"
        f"  fine type {e['fine_type']:.3f}"
    )
    lines.append(f"provenance events with valid evidence {report['provenance']['events_with_valid_evidence']:.3f}")
    lines.append(f"entities found by type {report['entities']['found_by_type']}")
    for k in ("entities", "positions", "memberships", "events"):
        if report[k]["missed"]:
            lines.append(f"missed {k}: {', '.join(report[k]['missed'])}")
    if report["links"]["wrong"]:
        lines.append("wrong links: " + "; ".join(report["links"]["wrong"]))
    lines.append(
        f"overall: F1 {report['overall_f1']:.3f} (entities {report['entities']['f1']:.3f}, "
        f"positions {report['positions']['f1']:.3f}, memberships {report['memberships']['f1']:.3f}, "
        f"events {report['events']['f1']:.3f}; links P {report['links']['precision']:.3f} "
        f"R {report['links']['recall']:.3f})"
    )
    return "\n".join(lines)


def report_json(report: dict) -> str:
    return json.dumps(report, indent=2, default=str)
