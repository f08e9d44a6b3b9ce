"""Memberships: which countries or organisations belong to which organisation, from enumerations and statements.

Shapes read (the organisation may be named, or be "It"/"the bloc" standing for the one named just before):
  inclusion     "The bloc features Kenya, Uganda ... and other nations", "an alliance that includes A, B"
  listing       "It has three permanent members, all with a veto: A, B and C"
  member of     "A is a member of X", "elected A, B and C as non-permanent members of the UN Security Council"
  joining       "A joined X", "A joined in 2023 and B in 2024", "A was admitted as its 11th member"
  founding      "The three countries ... formed their own group, the Alliance of Sahel States (AES)"
"""

from __future__ import annotations

from ..model import Evidence, Membership
from .mentions import DocEntities, Mention, MentionIndex
from .positions import sentence_of
from .vocabulary import words

_MEMBERS = ("Country", "Organization")
_INCLUDE = words("memberships", "include_words")
_JOIN = words("memberships", "join_words")
_FOUND = words("memberships", "found_words")
_LINKS = words("memberships", "list_links")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "both": 2}
_GROUP_NOUNS = words("memberships", "group_nouns")
_CLAUSE_BREAKS = words("memberships", "clause_breaks")
_LOOK_BACK = 3  # sentences searched for the organisation "the alliance" stands for
_ANAPHORS = words("memberships", "anaphors")


def find_memberships(doc, found: DocEntities) -> list[Membership]:
    """Member -> organisation pairs with the sentence that states them."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return []  # a model without a parser or sentencizer: no sentences to read from
    ms = MentionIndex(doc, found)
    out: dict[tuple[str, str], Membership] = {}
    for tok in doc:
        low = tok.lower_
        if low == "of" and tok.i > 0 and doc[tok.i - 1].lower_ in ("up", "consisting", "composed", "consists"):
            low = "includes"  # "made up of", "consisting of"
        if low not in _INCLUDE | _JOIN | _FOUND and low not in ("member", "members"):
            continue
        sent = sentence_of(doc, doc[tok.i:tok.i + 1])
        pairs = []
        if low in _INCLUDE:
            pairs = _inclusion(doc, ms, tok, sent)
        elif low in ("member", "members"):
            pairs = _member_of(doc, ms, tok, sent) or _listing(doc, ms, tok, sent)
        elif low in _JOIN:
            pairs = _joining(doc, ms, tok, sent)
        elif low in _FOUND:
            pairs = _founding(doc, ms, tok, sent)
        ev = Evidence(sent.text.rstrip(), sent.start_char, sent.start_char + len(sent.text.rstrip()))
        for member, org, conf in pairs:
            if member == org:
                continue
            key = (member, org)
            if key not in out or out[key].confidence < conf:
                out[key] = Membership(member=member, organization=org, evidence=ev, confidence=conf)
    return list(out.values())


def _enumeration(doc, ms: MentionIndex, start: int, hi: int) -> list[Mention]:
    """Member mentions listed from token `start` on: "Kenya, Uganda, Tanzania ... and Rwanda"."""
    out, k = [], start
    while k < hi:
        hit = ms.at(k)
        if hit and hit.mention.type in _MEMBERS:
            out.append(hit.mention)
            k = hit.end
            continue
        if doc[k].lower_ in _LINKS:
            k += 1
            continue
        break
    return out


def _enumeration_before(doc, ms: MentionIndex, end: int, lo: int) -> list[Mention]:
    """The same, read leftwards from token `end` (exclusive)."""
    out, k = [], end
    while k > lo:
        hit = ms.at(k - 1)
        if hit and hit.mention.type in _MEMBERS:
            out.insert(0, hit.mention)
            k = hit.start
            continue
        if doc[k - 1].lower_ in _LINKS:
            k -= 1
            continue
        break
    return out


def _org_before(doc, ms: MentionIndex, k: int, sent) -> Mention | None:
    """The organisation a clause is about: the last one named before token k in the sentence, else via "It"."""
    orgs = [it for it in ms.within(sent.start, k, ("Organization",)) if not ms.is_media(it.mention)]
    if orgs:
        return orgs[-1].mention
    if any(t.lower_ in _ANAPHORS for t in doc[sent.start:k]):
        return _previous_org(doc, ms, sent)
    return None


def _previous_org(doc, ms: MentionIndex, sent) -> Mention | None:
    """The first organisation named in the nearest earlier sentence that names one (its subject, as a rule).

    News agencies are skipped: "THE HAGUE (AP) - Leaders of X ..." is about X.
    """
    for _ in range(_LOOK_BACK):
        if sent.start == 0:
            return None
        sent = sentence_of(doc, doc[sent.start - 1:sent.start])
        orgs = [it.mention for it in ms.within(sent.start, sent.end, ("Organization",)) if not ms.is_media(it.mention)]
        if orgs:
            return orgs[0]
    return None


def _inclusion(doc, ms: MentionIndex, tok, sent):
    org = _org_before(doc, ms, tok.i, sent)
    if org is None:
        return []
    members = _enumeration(doc, ms, tok.i + 1, sent.end)
    if len(members) < 1:
        return []
    return [(m.key, org.key, 0.85) for m in members if m.key != org.key]


def _listing(doc, ms: MentionIndex, tok, sent):
    """ "X has five permanent members ...: A, B, C" — the list after a colon."""
    colon = next((t.i for t in doc[tok.i:sent.end] if t.text == ":"), None)
    if colon is None:
        return []
    org = _org_before(doc, ms, tok.i, sent)
    if org is None:
        return []
    members = _enumeration(doc, ms, colon + 1, sent.end)
    if len(members) < 2:
        return []
    return [(m.key, org.key, 0.8) for m in members if m.key != org.key]


def _member_of(doc, ms: MentionIndex, tok, sent):
    """ "A is a member of X", "elected A, B and C as non-permanent members of the UN Security Council"."""
    k = tok.i + 1
    if k >= sent.end or doc[k].lower_ not in ("of", "in"):
        return _org_member_compound(doc, ms, tok, sent)
    k += 1
    while k < sent.end and doc[k].lower_ == "the":
        k += 1
    orgs = [m for m in _enumeration(doc, ms, k, sent.end) if m.type == "Organization"]  # "of NATO and the EU"
    if not orgs and k < sent.end and doc[k - 1].lower_ == "the" and doc[k].lower_ in _ANAPHORS:
        named = _previous_org(doc, ms, sent)  # "a full member of the alliance"
        orgs = [named] if named else []
    if not orgs:
        return _org_member_compound(doc, ms, tok, sent)  # "NATO's 32nd member in 2024"
    # leftwards over "as non-permanent", "is a founding", "became the 11th"
    j = tok.i
    while j > sent.start and (doc[j - 1].lower_ in ("as", "a", "an", "the", "is", "are", "was", "were", "became",
                                                    "become", "remains", "its", "their", "new", "full", "all",
                                                    "both", "each", ",")
                              or doc[j - 1].pos_ in ("ADJ", "NUM") or doc[j - 1].text == "-"):
        j -= 1
    members = _enumeration_before(doc, ms, j, sent.start)
    if not members and j > sent.start:
        # "A, B and C were elected as members of X": the subject list before the verb
        verbs = [t for t in doc[sent.start:j] if t.pos_ in ("VERB", "AUX")]
        if verbs:
            members = _enumeration_before(doc, ms, verbs[0].i, sent.start)
    return [(m.key, org.key, 0.85) for org in orgs for m in members if m.type in _MEMBERS and m.key != org.key]


def _org_member_compound(doc, ms: MentionIndex, tok, sent):
    """ "AU member Chad" and "Rwanda became the bloc's seventh member"."""
    j = tok.i
    while j > sent.start and (doc[j - 1].pos_ in ("ADJ", "NUM") or doc[j - 1].lower_ in ("new", "full", "founding")):
        j -= 1
    if j > sent.start and doc[j - 1].text in ("'s", "’s", "'", "’"):
        j -= 1
    hit = ms.at(j - 1) if j > sent.start else None
    if not hit or hit.mention.type != "Organization":
        return []
    org = hit.mention
    after = ms.at(tok.i + 1) if tok.i + 1 < sent.end else None
    if j == tok.i and after and after.mention.type in _MEMBERS:  # "AU member Chad", "NATO members Poland and Lithuania"
        listed = _enumeration(doc, ms, tok.i + 1, sent.end) if tok.lower_ == "members" else [after.mention]
        return [(m.key, org.key, 0.8) for m in listed if m.key != org.key]
    if j < tok.i or doc[j].text in ("'s", "’s"):  # "NATO's 32nd member": the subject of the verb before
        verbs = [t for t in doc[sent.start:hit.start] if t.pos_ in ("VERB", "AUX")]
        if verbs:
            members = _enumeration_before(doc, ms, verbs[-1].i, sent.start)
            return [(m.key, org.key, 0.8) for m in members if m.key != org.key]
    return []


def _joining(doc, ms: MentionIndex, tok, sent):
    """ "A joined X", "A and B joined", "A joined in 2023 and B in 2024"."""
    k = tok.i + 1
    while k < sent.end and doc[k].lower_ in ("the",):
        k += 1
    hit = ms.at(k) if k < sent.end else None
    implicit = False
    if hit and hit.mention.type == "Organization":
        org = hit.mention
    elif k < sent.end and doc[k].pos_ in ("NOUN", "PROPN", "DET", "PRON") and not (hit and hit.mention.type == "Country"):
        return []  # "joined the talks": not an organisation
    else:
        org = _org_before(doc, ms, tok.i, sent) or _previous_org(doc, ms, sent)
        implicit = True
    if org is None:
        return []
    members = _enumeration_before(doc, ms, tok.i, sent.start)
    if implicit:  # "A joined in 2023 and B in 2024": the later ones share the verb (not "after B ...")
        stop = next((t.i for t in doc[tok.i + 1:sent.end] if t.lower_ in _CLAUSE_BREAKS), sent.end)
        members += [it.mention for it in ms.within(tok.i + 1, stop, ("Country",))]
    return [(m.key, org.key, 0.8) for m in members if m.key != org.key]


def _founding(doc, ms: MentionIndex, tok, sent):
    """ "A, B and C formed X" or "The three countries ... formed their own group, X"."""
    org = None
    for it in ms.within(tok.i + 1, sent.end, ("Organization",)):
        org = it.mention
        break
    if org is None:
        return []
    members = [it.mention for it in ms.within(sent.start, tok.i, ("Country",))]
    if not members:
        size = _counted_subject(doc, sent.start, tok.i)
        if size:
            members = _last_enumeration_of(doc, ms, size, sent.start)
    if len(members) < 2:
        return []
    return [(m.key, org.key, 0.75) for m in members if m.key != org.key]


def _counted_subject(doc, lo: int, hi: int) -> int | None:
    """ "The three countries": how many."""
    for t in doc[lo:hi]:
        n = _NUMBERS.get(t.lower_) or (int(t.text) if t.text.isdigit() and len(t.text) < 3 else None)
        if n and t.i + 1 < hi and doc[t.i + 1].lower_ in _GROUP_NOUNS:
            return n
    return None


def _last_enumeration_of(doc, ms: MentionIndex, size: int, before: int) -> list[Mention]:
    """The latest list of exactly `size` different countries named before token `before`."""
    best: list[Mention] = []
    k = 0
    while k < before:
        hit = ms.at(k)
        if hit and hit.mention.type == "Country":
            items = _enumeration(doc, ms, k, before)
            countries = list({m.key: m for m in items if m.type == "Country"}.values())
            if len(countries) == size:
                best = countries
            k = max(k + 1, ms.at(k).end)
            # skip the rest of this list
            while k < before and (ms.at(k) and ms.at(k).mention.type == "Country" or doc[k].lower_ in _LINKS):
                k += 1
            continue
        k += 1
    return best
