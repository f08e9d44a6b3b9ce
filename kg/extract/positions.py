"""Officials' posts: who holds which post of which country or organisation, read around each person mention.

Three shapes cover most news English:
  pre-modifier   "Kenya's former army chief Gen. (retd) Jane Doe", "US President John Roe",
                 "Chief of Kenyan Defence Forces General Jane Doe", "the President of Kenya, Dr. John Roe"
  apposition     "John Roe, AU Commission Chairperson,", "Jane Doe, a spokesperson for the Kenyan military",
                 "John Roe, who leads the militia"
  appointment    "Jane Doe was appointed as the IGAD executive secretary", "elected to the presidency of the UN ..."
Ranks ("Field Marshal", "Maj. Gen.") are kept apart in Position.rank. A post needs an `of`: from the words,
else from the knowledge base's officials table, else from the nearest country named before it in the sentence.
"""

from __future__ import annotations

from ..model import Entity, Evidence, Position
from .gazetteer import Gazetteer
from .mentions import MEDIA_SUBTYPES, DocEntities, Mention, MentionIndex
from .names import FORMER_WORDS, HONORIFICS, POST_HEAD_WORDS, POST_MODIFIERS, RANKS
from .post_holders import unnamed_post_holders
from .spans import _match_tuple, word_at
from .vocabulary import table, words

_PERSON = ("Person", "Official")
_HOLDERS_OF = ("Country", "Organization")
_STATE_POSTS = words("posts", "state_posts")
_LEAD_VERBS = table("posts", "lead_verbs")
_APPOINT_VERBS = words("posts", "appoint_verbs")
_BODY_ANAPHORS = words("posts", "body_anaphors")
_GENERAL_POSTS = words("posts", "general_posts")
_TITLE_FIX = table("posts", "title_fix")
_PARTS = POST_HEAD_WORDS | POST_MODIFIERS | {"staff", "commander-in-chief", "secretary-general", "director-general",
                                             "vice-president", "of", "the", "for", "government"}


def find_positions(doc, found: DocEntities, gaz: Gazetteer | None) -> list[Position]:
    """Posts held by the people of the article (the holder entities become Officials)."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return []  # a model without a parser or sentencizer: no sentences to read posts from
    idx = MentionIndex(doc, found)
    out: dict[tuple, Position] = {}
    seen_spans = set()
    for m in found.mentions:
        if m.type not in _PERSON:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or (span.start, span.end) in seen_spans:
            continue
        seen_spans.add((span.start, span.end))
        for pos in _read_around(doc, idx, span, m, gaz, found):
            k = (pos.holder, pos.title, pos.of, pos.former)
            if k not in out or out[k].confidence < pos.confidence:
                out[k] = pos
    for k in list(out):
        if out[k].of not in found.entities and not _add_known(found, gaz, out[k].of):
            del out[k]
    named = list(out.values())
    for pos in unnamed_post_holders(doc, found, named, sentence_of, gaz):
        out[(pos.holder, pos.title, pos.of, pos.former)] = pos
    for pos in out.values():
        ent = found.entities.get(pos.holder)
        if ent is not None and ent.type == "Person":
            ent.type = "Official"
    for m in list(found.mentions):
        if m.key in {p.holder for p in out.values()} and m.type == "Person":
            found.mentions[found.mentions.index(m)] = Mention(m.start, m.end, m.text, m.key, "Official")
    return list(out.values())


def _add_known(found: DocEntities, gaz, key: str) -> bool:
    """Adds the KB's entity for `key` (a post's country the text implies but never names); False if unknown."""
    entry = gaz.by_key.get(key) if gaz is not None else None
    if entry is None:
        return False
    etype = "Person" if entry.type == "Official" else entry.type
    found.entities[key] = Entity(key=key, type=etype, label=entry.label, subtype=entry.subtype, confidence=0.8,
                                 mentions=0)
    return True


def sentence_of(doc, span):
    """The sentence around a span, mending the parser's false breaks (after "(retd)" or an abbreviation)."""
    sent = span.sent
    start, end = sent.start, sent.end
    while start > 0 and not _ends_sentence(doc[start - 1]):
        start = doc[start - 1].sent.start
    while end < len(doc) and not _ends_sentence(doc[end - 1]):
        end = doc[end].sent.end
    return doc[start:end]


def _ends_sentence(tok) -> bool:
    text = tok.text
    return tok.is_space or "\n" in tok.whitespace_ or text in (".", "!", "?", "”", '"', "’", "…") \
        or text.endswith((".", "!", "?")) and len(text) > 4


def _read_around(doc, idx: MentionIndex, span, m: Mention, gaz, found: DocEntities) -> list[Position]:
    sent = sentence_of(doc, span)
    out = []
    pre = _pre_modifier(doc, idx, span, sent)
    if pre:
        out.append(pre)
    post = _apposition(doc, idx, span, sent)
    if post:
        out.append(post)
    app = _appointment(doc, idx, span, sent)
    if app:
        out.append(app)
    for reader in (_listed_under_a_title, _predicate):
        found_post = reader(doc, idx, span, sent)
        if found_post:
            out.append(found_post)
    results = []
    for title_span, of_key, former, rank, conf in _each_post(doc, out):
        title = title_span if isinstance(title_span, str) else _title_text(doc, title_span)
        if not title or not any(w in POST_HEAD_WORDS for w in title.replace("-", " ").split()) \
                and title not in {"secretary-general", "commander-in-chief", "director-general"}:
            continue
        if of_key is None:
            of_key = _of_after_name(doc, idx, span, sent)  # "President Amina Osei of Kenya"
        if of_key is None:
            of_key, conf = _infer_of(doc, idx, span, sent, m, title, gaz, found, conf)
        if of_key is None:
            continue
        results.append(Position(holder=m.key, title=title, of=of_key, evidence=_evidence(doc, sent), former=former,
                                rank=rank, confidence=conf))
    return results


def _each_post(doc, found: list) -> list:
    """ "prime minister and foreign minister": one post per coordinated title, with the same owner."""
    out = []
    for title_span, *rest in found:
        if isinstance(title_span, str) or not any(t.lower_ == "and" for t in title_span):
            out.append((title_span, *rest))
            continue
        part_start = title_span.start
        for t in title_span:
            if t.lower_ == "and":
                out.append((doc[part_start:t.i], *rest))
                part_start = t.i + 1
        out.append((doc[part_start:title_span.end], *rest))
    return out


def _listed_under_a_title(doc, idx: MentionIndex, span, sent):
    """ "Presidents Sadyr Japarov of Kyrgyzstan, Emomali Rahmon of Tajikistan, and Shavkat Mirziyoev of Uzbekistan":
    each name in a list after a plural post holds that post (the owner follows each name)."""
    k = span.start
    while k > sent.start:
        prev = doc[k - 1]
        hit = idx.at(k - 1)
        if prev.text in (",", "and") or prev.lower_ == "and":
            k -= 1
        elif hit is not None and hit[0].type in _PERSON and k - 1 >= hit[1]:
            k = hit[1]
        elif hit is not None and hit[0].type in _HOLDERS_OF and hit[1] > sent.start and doc[hit[1] - 1].lower_ == "of":
            k = hit[1] - 1  # "... of Kyrgyzstan," after an earlier name
        elif prev.tag_ in ("NNS", "NNPS") and prev.lemma_.lower() in POST_HEAD_WORDS and k < span.start:
            return prev.lemma_.lower(), None, False, None, 0.8
        else:
            return None
    return None


def _predicate(doc, idx: MentionIndex, span, sent):
    """ "X will remain Secretary General of the Council of Europe", "X, who is the Special Representative of the
    Secretary-General for Libya": a post said of the person by "be", "remain", "become" or "serve as"."""
    root = span.root
    if root.dep_ == "nsubj":
        verb = root.head
    else:  # "X, who is the ...": the relative clause on the name
        verb = next((k for k in root.children if k.dep_ == "relcl" and any(
            w.dep_ == "nsubj" and w.lower_ == "who" for w in k.children)), None)
    if verb is None or verb.lemma_.lower() not in ("be", "remain", "become", "serve", "stay"):
        return None
    attr = next((k for k in verb.children if k.dep_ in ("attr", "oprd")), None)
    if attr is None and verb.lemma_.lower() == "serve":
        prep = next((k for k in verb.children if k.dep_ == "prep" and k.lower_ == "as"), None)
        attr = next((o for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None
    if attr is None:
        return None
    start = min(t.i for t in attr.subtree if t.dep_ in ("compound", "amod") and t.head.i == attr.i or t.i == attr.i)
    if not any(t.lower_ in POST_HEAD_WORDS for t in doc[start:attr.i + 1]):
        return None  # "remain Secretary General": the post's words, compounds included
    owner = None
    for kid in attr.children:
        if kid.dep_ == "prep" and kid.lower_ in ("of", "for"):
            obj = next((o for o in kid.children if o.dep_ == "pobj"), None)
            hit = idx.at(obj.i) if obj is not None else None
            if hit is not None and hit[0].type in _HOLDERS_OF:
                owner = hit[0].key
                break
        if kid.dep_ == "poss":
            hit = idx.at(kid.i)
            if hit is not None and hit[0].type in _HOLDERS_OF:
                owner = hit[0].key
    return doc[start:attr.i + 1], owner, False, None, 0.85 if owner else 0.65


def _skip_left_titles(doc, k: int, lo: int) -> tuple[int, str | None]:
    """Moves left over ranks, "(retd)" and honorifics before a name; returns the new start and the rank text."""
    rank_start = rank_end = None
    while k > lo:
        tok = doc[k - 1]
        low = tok.lower_.rstrip(".")
        if tok.text in ("(", ")", ".") or low in ("retd", "retired") or low in HONORIFICS and tok.text[:1].isupper():
            k -= 1
            continue
        found = None
        for back in range(1, 5):
            s = k - back
            if s < lo:
                break
            if s > 0 and doc[s - 1].text == "-" and doc[s - 1].whitespace_ == "":
                continue  # "Secretary-General" is a post, not the rank "General"
            if s > lo and doc[s].lower_ == "general" and doc[s - 1].lower_ in _GENERAL_POSTS:
                continue  # nor is "Secretary General" or "Director General" without the hyphen
            n = _match_tuple(doc, s, RANKS)
            if n == back and doc[s].text[:1].isupper():
                found = s
        if found is None:
            break
        rank_end = rank_end or k
        rank_start = found
        k = found
    rank = None
    if rank_start is not None:
        rank = " ".join(t.text for t in doc[rank_start:rank_end] if t.text not in ("(", ")", "retd")).replace(" .", ".")
        rank = rank.replace(" - ", "-")
    return k, rank


def _pre_modifier(doc, idx: MentionIndex, span, sent):
    k, rank = _skip_left_titles(doc, span.start, sent.start)
    comma = False
    if k > sent.start and doc[k - 1].text == ",":
        k -= 1
        comma = True
    end = k
    of_key = None
    while k > sent.start:
        tok = doc[k - 1]
        hit = idx.at(k - 1)
        if hit and hit[0].type in _HOLDERS_OF:
            mention, ms, me = hit
            # "Chief of [Kenyan Defence Forces]", "President of [Kenya]": the complement names whose post
            j = ms
            if j > sent.start and doc[j - 1].lower_ == "the":
                j -= 1
            # with a comma after it, "for" works the same: "A spokesman for the Kenyan army, X, said"
            if j > sent.start and (doc[j - 1].lower_ == "of" or comma and doc[j - 1].lower_ == "for") \
                    and j - 1 > sent.start and doc[j - 2].lower_ in POST_HEAD_WORDS | POST_MODIFIERS | {"staff"}:
                of_key = mention.key
                k = j - 1
                continue
            # "French Ambassador to Niger X", "Charge d'Affaires of Estonia in Russia X": where the post is served
            if j - 1 > sent.start and doc[j - 1].lower_ in ("to", "in") and mention.type == "Country" \
                    and doc[j - 2].lower_ in POST_HEAD_WORDS | POST_MODIFIERS:
                k = j - 1
                continue
            break
        ws = _word_start(doc, k - 1)
        word = doc[ws:k].text.lower()
        if word in _PARTS - {"for"} or ws < k - 1 and all(w in _PARTS | FORMER_WORDS | {"in"} for w in word.split("-")):
            k = ws
            continue
        if tok.lower_ == "and" and k - 2 > sent.start and doc[k - 2].lower_ in POST_HEAD_WORDS and k < end:
            k -= 1  # "Prime Minister and Foreign Minister X": two posts, split in _read_around
            continue
        back = _of_complement(doc, k, sent.start)
        if back is not None:
            k = back
            continue
        break
    while k < end and doc[k].lower_ in ("of", "the"):
        k += 1
    if k >= end:
        return None
    if comma and not any(doc[t].lower_ in POST_HEAD_WORDS for t in range(k, end)):
        return None
    title_span = doc[k:end]
    if title_span[-1].lower_ in ("of", "the", "for"):
        return None
    former = False
    j = k
    while j > sent.start and doc[j - 1].lower_.rstrip(".") in FORMER_WORDS:
        former = True
        j -= 1
    if any(t.lower_ in FORMER_WORDS for t in title_span):
        former = True
    # who the post belongs to: "Kenya's", "US", "Turkish", "IGAD", "AU Commission"
    if of_key is None and j > sent.start:
        left = j - 1
        if doc[left].tag_ == "POS" or doc[left].text in ("'s", "’s", "’", "'"):
            left -= 1
        hit = idx.at(left) if left >= sent.start else None
        if hit and hit[0].type in _HOLDERS_OF:
            of_key = hit[0].key
            ms = hit[1]
            while ms > sent.start and doc[ms - 1].lower_.rstrip(".") in FORMER_WORDS:
                former = True
                ms -= 1
            j = ms
        elif left < j - 1 and left > sent.start and doc[left].lower_ in _BODY_ANAPHORS \
                and doc[left - 1].lower_ == "the":
            of_key = _last_body_before(idx, left)  # "the bloc's foreign policy chief X"
        elif doc[left].lower_ in ("its", "their") and left >= sent.start:
            of_key = _last_body_before(idx, left)  # "A Presidential Council statement revealed that its leader, X,"
    # "the brother of the former Kenyan President, X": the post belongs to someone else
    jj = j
    while jj > sent.start and doc[jj - 1].lower_ in ("the", "a", "an"):
        jj -= 1
    if comma and jj > sent.start and doc[jj - 1].lower_ == "of":
        return None
    return title_span, of_key, former, rank, 0.9 if of_key else 0.7


def _of_complement(doc, k: int, lo: int) -> int | None:
    """ "... of the Armed Forces" ending at token k, after a post word: where the "of" starts, else None."""
    j = k
    while j > lo and k - j < 5 and (doc[j - 1].text[:1].isupper() or doc[j - 1].lower_ == "the"):
        j -= 1
    if j < k and j > lo + 1 and doc[j - 1].lower_ == "of" and (doc[j - 2].lower_ in POST_HEAD_WORDS
                                                               or _glued_post(doc, j - 2)):
        return j - 1
    return None


def _post_words_from(doc, k: int, hi: int) -> int:
    """Where the run of post words starting at token k ends ("foreign affairs secretary", "Commander-in-Chief")."""
    while k < hi:
        if _glued_post(doc, k):
            k = word_at(doc, k)[1]
        elif doc[k].lower_ in POST_HEAD_WORDS | POST_MODIFIERS:
            k += 1
        else:
            break
    return k


def _runs_on(doc, end: int) -> bool:
    """Whether a capitalised name goes on after a mention ending at token `end` (so the mention is only part of it)."""
    return end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].is_sent_start


def _word_start(doc, k: int) -> int:
    """The first token of the hyphenated word that ends at token k ("Commander-in-Chief")."""
    j = k
    while j > 0 and doc[j - 1].whitespace_ == "" and (doc[j - 1].text == "-" or doc[j].text == "-"):
        j -= 1
    return j


def _glued_post(doc, k: int) -> bool:
    """A hyphenated post word starting at token k: "Secretary-General", "Commander-in-Chief"."""
    text, nxt = word_at(doc, k)
    parts = text.lower().split("-")
    return nxt - k > 1 and all(w in _PARTS | {"in"} for w in parts) and any(w in POST_HEAD_WORDS for w in parts)


def _apposition(doc, idx: MentionIndex, span, sent):
    """ "X, AU Commission President," / "X, a spokesperson for the Kenyan military" / "X, who leads the militia"."""
    k = span.end
    if k >= sent.end or doc[k].text != ",":
        return None
    k += 1
    if k < sent.end and doc[k].lower_ == "who" and k + 1 < sent.end and doc[k + 1].lower_ in _LEAD_VERBS:
        j = k + 2
        while j < sent.end and doc[j].lower_ in ("the", "a"):
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and hit[0].type == "Organization":
            return _LEAD_VERBS[doc[k + 1].lower_], hit[0].key, False, None, 0.75
        return None
    while k < sent.end and doc[k].lower_ in ("a", "an", "the"):
        k += 1
    former = False
    while k < sent.end and doc[k].lower_.rstrip(".") in FORMER_WORDS:
        former = True
        k += 1
    of_key = None
    hit = idx.at(k) if k < sent.end else None
    if hit and hit[0].type in _HOLDERS_OF:
        of_key = hit[0].key
        k = hit[2]
        if k < sent.end and doc[k].text in ("'s", "’s"):
            k += 1
    start = k
    k = _post_words_from(doc, k, sent.end)
    if k == start:
        return None
    title_span = doc[start:k]
    if k < sent.end and doc[k].lower_ in ("for", "of", "to", "at"):
        j = k + 1
        while j < sent.end and doc[j].lower_ in ("the",):
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and _runs_on(doc, hit[2]):
            return None  # "director general of the British Chambers of Commerce": a body the text did not name
        if hit and hit[0].type in _HOLDERS_OF and of_key is None:
            of_key = hit[0].key
            if doc[k].lower_ == "of":
                title_span = doc[start:hit[2]]
        elif of_key is None and j < sent.end and doc[j].lower_ in ("army", "military", "armed"):
            of_key = None  # "for the military": resolved later from the article's armed forces
    if k < sent.end and doc[k].text not in (",", ".", ";", "said", "says", "told", "and") and doc[k].pos_ == "NOUN":
        return None
    nxt = idx.at(k) if k < sent.end else None
    if nxt and nxt[0].type in _PERSON or k < sent.end and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        return None  # "X, Indian PM Y": the post is the next person's
    return title_span, of_key, former, None, 0.85 if of_key else 0.6


def _appointment(doc, idx: MentionIndex, span, sent):
    """ "X was appointed as the IGAD executive secretary", "X was elected to the presidency of the assembly"."""
    k = span.end
    while k < sent.end and doc[k].lower_ in ("was", "is", "has", "been", "had", "were", "will", "be", "later", "then",
                                               "formally", "officially", "unanimously"):
        k += 1
    if k >= sent.end or doc[k].lower_ not in _APPOINT_VERBS:
        return None
    k += 1
    while k < sent.end and doc[k].lower_ in ("as", "to", "the", "a", "an", "in", "new", "its"):
        k += 1
    of_key = None
    hit = idx.at(k) if k < sent.end else None
    if hit and hit[0].type in _HOLDERS_OF:
        of_key = hit[0].key
        k = hit[2]
    start = k
    k = _post_words_from(doc, k, sent.end)
    if k == start:
        return None
    end = k
    if k < sent.end and doc[k].lower_ == "of":
        j = k + 1
        while j < sent.end and doc[j].lower_ == "the":
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and _runs_on(doc, hit[2]):
            return None
        if hit and hit[0].type in _HOLDERS_OF:
            of_key = of_key or hit[0].key
            end = hit[2]
    return doc[start:end], of_key, False, None, 0.85 if of_key else 0.6


def _title_text(doc, span) -> str:
    words = [t.text for t in span if t.lower_.rstrip(".") not in FORMER_WORDS]
    text = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-").replace(" 's", "'s").lower()
    text = text.replace("’", "'")
    for old, new in _TITLE_FIX.items():
        text = text.replace(old, new)
    return text.strip(" ,-")  # "ex-president" without "ex" is "president"


def _infer_of(doc, idx: MentionIndex, span, sent, m: Mention, title: str, gaz, found: DocEntities, conf: float):
    """No owner in the words: the KB's officials table, the article's one armed force, or the country named just before."""
    entry = gaz.by_key.get(m.key) if gaz is not None else None
    head = title.replace("-", " ").split()[-1]
    if entry is not None and entry.country and head in (entry.position or "").lower():
        return entry.country, conf  # the KB's officials table: "President of Kenya" for "president"
    words = set(title.replace("-", " ").split())
    if words & {"armed", "army", "military", "forces"} or "commander" in words:
        forces = [k for k, e in found.entities.items() if e.subtype == "ArmedForces"]
        if len(forces) > 1:  # a state's own forces ("Kenyan Armed Forces"), not a paramilitary's
            forces = [k for k in forces if found.entities[k].label.endswith("Armed Forces")]
        if len(forces) == 1:
            return forces[0], conf * 0.9
    if "government" in words and not words & {"opposition", "rebel", "party"}:
        return _government_country(doc, idx, found, span), conf * 0.8
    if not words & _STATE_POSTS or words & {"opposition", "rebel", "party"}:
        return None, conf  # an opposition leader is not the country's leader
    subject = _subject_country(doc, idx, span)
    if subject:  # "Kenya, which hosts U.S. aircraft, sent Vice President X": the sender's
        return subject, conf * 0.85
    for k in range(span.start - 1, sent.start - 1, -1):
        hit = idx.at(k)
        if hit and hit[0].type == "Country" and not _owns_a_post(doc, hit[2]):
            return hit[0].key, conf * 0.85
    home = _home_country(doc, idx, sent, gaz, found)
    return (home, conf * 0.75) if home else (None, conf)


def _home_country(doc, idx: MentionIndex, sent, gaz, found: DocEntities) -> str | None:
    """Whose state post a title names when the words do not say: the country of a place the sentence names
    ("met at Melbourne Airport by Foreign Minister Penny Wong"), else of the place the story is set in (the
    first place it names), when the article names that country too."""
    if gaz is None:
        return None
    # "the Kenyan president met Prime Minister X": a country that owns another post in the sentence is not X's
    taken = {p.mention.key for p in idx.within(sent.start, sent.end, ("Country",)) if _owns_a_post(doc, p.end)}
    places = [p.mention for p in idx.within(sent.start, sent.end, ("Place",))]
    places += [p.mention for p in idx.items if p.mention.type == "Place"][:1]
    for place in places:
        entry = gaz.by_key.get(place.key)
        if entry is not None and entry.country and entry.country in found.entities:
            return entry.country if entry.country not in taken else None
    return None


def _government_country(doc, idx: MentionIndex, found: DocEntities, span) -> str | None:
    """Whose "Government spokeswoman X" is: the country whose government the text named before, else the
    article's most mentioned country (when it is clearly the most mentioned)."""
    for k in range(span.start - 1, 0, -1):
        if doc[k].lower_ != "government":
            continue
        j = k - 1
        if doc[j].text in ("'s", "’s"):
            j -= 1
        hit = idx.at(j)
        if hit and hit[0].type == "Country":
            return hit[0].key  # "Colombia's government", "the Iranian government"
    counts: dict[str, int] = {}
    for m in found.mentions:
        if m.type == "Country":
            counts[m.key] = counts.get(m.key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _last_body_before(idx: MentionIndex, k: int) -> str | None:
    """The organisation named last before token k, news agencies aside: what "the bloc" stands for."""
    for t in range(k - 1, -1, -1):
        hit = idx.at(t)
        if hit and hit[0].type == "Organization" and idx.subtype.get(hit[0].key) not in MEDIA_SUBTYPES:
            return hit[0].key
    return None


def _of_after_name(doc, idx: MentionIndex, span, sent) -> str | None:
    """The owner named right after the person: "President Amina Osei of Kenya has said"."""
    k = span.end
    if k + 1 >= sent.end or doc[k].lower_ != "of":
        return None
    k += 1
    if doc[k].lower_ == "the" and k + 1 < sent.end:
        k += 1
    hit = idx.at(k)
    return hit[0].key if hit and hit[0].type in _HOLDERS_OF and hit[1] == k else None


def _owns_a_post(doc, end: int) -> bool:
    """ "the Pakistani president met Prime Minister X": that country is the president's, not X's."""
    k = end + 1 if end < len(doc) and doc[end].text in ("'s", "’s") else end
    while k < len(doc) and doc[k].lower_ in POST_MODIFIERS:
        k += 1
    return k < len(doc) and doc[k].lower_ in POST_HEAD_WORDS


def _subject_country(doc, idx: MentionIndex, span) -> str | None:
    """The country that is the subject of the verb governing the person ("Kenya ... sent Vice President X")."""
    tok, steps = span.root, 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head is not tok and steps < 4:
        tok, steps = tok.head, steps + 1
    if tok.pos_ not in ("VERB", "AUX") or span.root.dep_ in ("nsubj", "nsubjpass"):
        return None
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            hit = idx.at(child.i)
            if hit and hit[0].type == "Country":
                return hit[0].key
    return None


def _evidence(doc, sent) -> Evidence:
    text = sent.text
    begin = sent.start_char
    stripped = text.rstrip()
    return Evidence(stripped, begin, begin + len(stripped))
