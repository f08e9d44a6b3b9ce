"""Gazetteer spans: every gazetteer hit as a candidate, the compounds it heads ("Kenyan military", "Garissa county",
"Nigeria's Ministry of Foreign Affairs") and the one-word hits dropped because they sit inside a person's name."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from .gazetteer import Gazetteer
from .names import (
    ADMIN_UNITS,
    ARMED_FORCES_WORDS,
    DOCUMENT_NOUNS,
    LED_GROUP_NOUNS,
    PLACE_HEADS,
    POST_HEAD_WORDS,
    STATE_BODY_WORDS,
)
from .spans import PRIO_COMPOUND, PRIO_GAZ, Cand, is_possessive, match_tuple
from .vocabulary import words

# Words of the names of bodies every state has ("Ministry of Foreign Affairs", "Supreme Court"), and their heads.
GENERIC_BODY_WORDS = words("names", "generic_body_words")
GENERIC_BODY_HEADS = words("names", "generic_body_heads")
# Unions tested word by word, made once.
_COMPOUND_PLACE_HEADS = PLACE_HEADS - ADMIN_UNITS - {"border", "city"}
_UNITS_AND_STATE = ADMIN_UNITS | {"state"}


def gazetteer_cands(doc: Doc, gaz: Gazetteer) -> list[Cand]:
    out = []
    for hit in gaz.find(doc):
        e = hit.entry
        if (
            e.type in ("Place", "Country")
            and hit.end < len(doc)
            and doc[hit.end].text[:1].isupper()
            and doc[hit.end].lower_ in DOCUMENT_NOUNS
            and not e.demonym
        ):
            continue  # "the Rome Statute", "the Minsk Agreement": a document's name, not a place in the story
        if (
            e.type in ("Official", "Person")
            and hit.end < len(doc)
            and doc[hit.end].ent_iob_ == "I"
            and doc[hit.end].ent_type_ == "PERSON"
            and doc[hit.end].text[:1].isupper()
        ):
            continue  # "Abdul Hamid Dbeibeh" is not the "Abdul Hamid" of the officials table: a longer name
        out.append(
            Cand(
                hit.start,
                hit.end,
                "Person" if e.type in ("Official", "Person") else e.type,
                e.label,
                PRIO_GAZ,
                key=e.key,
                subtype=e.subtype,
                source="gaz",
                demonym=e.demonym,
                qid=e.qid,
                titled=e.type == "Official",
            )
        )
    out += _compounds(doc, gaz, out)
    return out


def _compounds(doc: Doc, gaz: Gazetteer, hits: list[Cand]) -> list[Cand]:
    """A gazetteer name followed by a telling noun: "Kenyan military", "Garissa county"."""
    out = []
    for c in hits:
        j = c.end
        if j < len(doc) and is_possessive(doc[j]):
            j += 1
        if (
            c.type == "Country"
            and j + 2 < len(doc)
            and doc[j].text == "-"
            and doc[j + 1].lower_ in ("led", "backed")
            and doc[j + 2].lower_ in LED_GROUP_NOUNS
        ):
            label = f"{doc[c.start : j].text}-{doc[j + 1].lower_} {doc[j + 2].text}"
            out.append(
                Cand(
                    c.start,
                    j + 3,
                    "Organization",
                    label,
                    PRIO_COMPOUND,
                    source="compound",
                    subtype="Alliance" if doc[j + 2].lower_ in ("coalition", "alliance") else None,
                )
            )
            continue
        if c.type == "Country":
            n = match_tuple(doc, j, ARMED_FORCES_WORDS)
            country = gaz.by_key.get(c.key or "")
            demonym = (
                gaz.demonym_of.get(c.key or "")
                or (c.label if c.demonym else None)
                or (country.label if country else c.label)
            )
            if n:
                out.append(
                    Cand(
                        c.start,
                        j + n,
                        "Organization",
                        f"{demonym} Armed Forces",
                        PRIO_COMPOUND,
                        subtype="ArmedForces",
                        source="compound",
                        country_key=c.key,
                    )
                )
                continue
            n = match_tuple(doc, j, STATE_BODY_WORDS) or _generic_body(doc, j)
            if n:
                words = " ".join(
                    t.text.capitalize() if t.text.islower() and t.lower_ not in ("of", "for", "the", "and") else t.text
                    for t in doc[j : j + n]
                )
                surface = f"{doc[c.start : j].text} {words}" if j > c.end else None
                out.append(
                    Cand(
                        c.start,
                        j + n,
                        "Organization",
                        f"{demonym} {words}",
                        PRIO_COMPOUND,
                        subtype="GovernmentBody",
                        source="compound",
                        country_key=c.key,
                        aliases={surface.replace(" 's", "'s").replace(" ’s", "’s")} if surface else set(),
                    )
                )
                continue
        if (
            c.type == "Place"
            and j == c.end
            and j < len(doc)
            and doc[j].is_title
            and doc[j].lower_ in _COMPOUND_PLACE_HEADS
        ):
            label = f"{doc[c.start : j].text} {doc[j].text}"  # "Lamu Island", "Mfangano Island"
            out.append(_place_compound(gaz, c.start, j + 1, label, headed=True))
            continue
        if c.type == "Place" and j == c.end and j < len(doc) and doc[j].lower_ in _UNITS_AND_STATE:
            label = f"{c.label} {doc[j].text.capitalize()}"
            out.append(_place_compound(gaz, c.start, j + 1, label, subtype="Region"))
    return out


def _place_compound(
    gaz: Gazetteer, start: int, end: int, label: str, *, subtype: str | None = None, headed: bool = False
) -> Cand:
    """A place named with its head noun or unit ("Lamu Island", "Garissa County"): the gazetteer's entry for the
    whole name when it has one, else the name as written."""
    known = next((e for e in gaz.entries(label) if e.type == "Place"), None)
    return Cand(
        start,
        end,
        "Place",
        known.label if known else label,
        PRIO_COMPOUND,
        key=known.key if known else None,
        qid=known.qid if known else None,
        subtype=subtype,
        source="compound",
        headed=headed,
    )


def _generic_body(doc: Doc, j: int) -> int:
    """Tokens of a capitalised name of a body every state has, from token j: "Ministry of Foreign Affairs",
    "Supreme Court", "National Assembly" (0 if none). After "Nigeria's" it is Nigeria's: the owner is part of
    the name, or every country's ministry would be one node."""
    k = j
    while k < len(doc) and (
        doc[k].text[:1].isupper()
        and doc[k].lower_ in GENERIC_BODY_WORDS
        or doc[k].lower_ in ("of", "for", "the", "and")
        and k > j
        and k + 1 < len(doc)
        and doc[k + 1].text[:1].isupper()
    ):
        k += 1
    while k > j and doc[k - 1].lower_ in ("of", "for", "the", "and"):
        k -= 1
    if k < len(doc) and doc[k].lower_ in POST_HEAD_WORDS:
        return 0  # "Kenya's Defence Cabinet Secretary X": the words of a post, not a body
    return k - j if k - j >= 2 and any(t.lower_ in GENERIC_BODY_HEADS for t in doc[j:k]) else 0


def inside_people(doc: Doc, gaz_cands: list[Cand], titled: Sequence[Cand] = ()) -> list[Cand]:
    """Drops one-word gazetteer hits inside a person's name ("Chad Okello", "Anna Wagner")."""
    people = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2]
    # a full name right after a post ("Foreign Minister Jordan Okafor"): a place or country as its first word
    # is the first name, whatever NER thought of it
    named = {c.start for c in titled if c.end - c.start >= 2 and not c.weak}
    if not people and not named:
        return gaz_cands

    def inside(c: Cand) -> bool:
        if c.start in named and c.type in ("Place", "Country") and not c.demonym:
            return True
        # an organisation's one-word name anywhere in it, a country's only as the first name ("Chad Okello");
        # a town at the end stays ("Greater Nairobi" read as a person is NER's mistake, not the gazetteer's)
        for s, e in people:
            if s <= c.start and c.end <= e:
                return c.type == "Organization" or c.type == "Country" and c.start == s and not c.demonym
        return False

    return [c for c in gaz_cands if c.size > 1 or c.source == "compound" or not inside(c)]
