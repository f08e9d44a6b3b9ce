"""Which mentions are one person: a short or titled form joins the one full name it can belong to ("Osei",
"General Osei" -> Amina Osei; "Lula" -> Luiz Inácio Lula da Silva), and a known person's surname that NER passed
over is still that person."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .doctext import texts
from .gazetteer import Gazetteer
from .names import PARTICLES, surname_core
from .spans import Cand

if TYPE_CHECKING:  # resolve.py imports this module
    from .resolve import Groups


def name_tokens(label: str) -> list[str]:
    return [t for t in re.split(r"\s+", label) if t]


def join_people(cands: list[Cand], groups: Groups, gaz: Gazetteer) -> None:
    """Full names first; then each short form joins the one full name it can belong to."""
    full: list[int] = []
    for i, c in enumerate(cands):
        if c.type != "Person" or len(name_tokens(c.label)) < 2:
            continue
        toks = [surname_core(t) for t in name_tokens(c.label) if t.lower() not in PARTICLES]
        for j in full:
            other = [surname_core(t) for t in name_tokens(cands[j].label) if t.lower() not in PARTICLES]
            small, big = sorted((toks, other), key=len)
            if small[-1] == big[-1] and set(small) <= set(big):
                groups.union(j, i)
                break
        else:
            full.append(i)
    by_last: dict[str, set[int]] = {}
    by_first: dict[str, set[int]] = {}
    by_middle: dict[str, set[int]] = {}  # "Lula" in "Luiz Inácio Lula da Silva"
    for j in full:
        toks = name_tokens(cands[j].label)
        by_last.setdefault(surname_core(toks[-1]), set()).add(groups.find(j))
        by_first.setdefault(surname_core(toks[0]), set()).add(groups.find(j))
        for t in toks[1:-1]:
            if t.lower() not in PARTICLES and t[:1].isupper():
                by_middle.setdefault(surname_core(t), set()).add(groups.find(j))
    for i, c in enumerate(cands):
        if len(name_tokens(c.label)) != 1 or c.key or c.type == "Country":
            continue
        core = surname_core(c.label)
        roots = by_last.get(core) or by_middle.get(core) or (by_first.get(core) if c.type == "Person" else None)
        if roots and len(roots) == 1:
            c.type = "Person"
            groups.union(next(iter(roots)), i)
        elif c.type == "Person" or c.source == "ner" and c.label.lower() in gaz.surname:
            known = gaz.surname.get(c.label.lower())
            if known:
                entry = gaz.by_key.get(known)
                c.type, c.key = "Person", known
                if entry:
                    c.label, c.qid = entry.label, entry.qid
                    c.aliases.add(cands[i].label)


def bare_surnames(doc: Doc, cands: list[Cand], groups: Groups) -> None:
    """ "Osei did not say more": a known person's surname that NER passed over is still that person."""
    covered: set[int] = set()
    for c in cands:
        covered.update(range(c.start, c.end))
    surnames: dict[str, int] = {}
    for i, c in enumerate(cands):
        toks = name_tokens(c.label)
        if c.type == "Person" and len(toks) >= 2 and not c.weak:
            for t in toks[1:]:  # the last name, or a middle one used alone ("Lula")
                if t.lower() not in PARTICLES and t[:1].isupper():
                    surnames.setdefault(t, i)
                core = re.sub(r"^(?:al|el|ad|as|ash|ar|an|at)[-‑]", "", t, flags=re.IGNORECASE)
                if core != t and len(core) >= 3 and core[:1].isupper():  # "Hassan" for "al-Hassan"
                    surnames.setdefault(core, i)
    for k, text in enumerate(texts(doc)):
        full_name = surnames.get(text)
        if full_name is None:
            continue
        tok = doc[k]
        if tok.i in covered or tok.pos_ not in ("PROPN", "NOUN") or len(tok.text) < 3:
            continue  # the exact, capitalised name word; the tagger sometimes calls it a noun ("Lula later met")
        cands.append(Cand(tok.i, tok.i + 1, "Person", tok.text, 3, source="coref"))
        groups.union(full_name, len(cands) - 1)
