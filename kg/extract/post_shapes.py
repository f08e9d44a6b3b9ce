"""The shapes in which news English gives a person's post, each read around one person mention: a title before
the name ("Kenya's former army chief Gen. Jane Doe"), an apposition ("John Roe, AU Commission Chairperson,"),
an appointment ("was appointed as the IGAD executive secretary"), a predicate ("X is the bloc's chair") and a
list under one plural title ("Foreign Ministers A and B"). Each returns (title span, owner, former, rank,
confidence) or None."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .mentions import MentionIndex
from .names import FORMER_WORDS, HONORIFICS, POST_HEAD_WORDS, POST_MODIFIERS, RANKS
from .post_owners import last_body_before
from .spans import match_tuple, word_at
from .vocabulary import words

# What a shape reader finds: the post's words (a span of the text, or a word for it: "leader"), the key of whose
# post it is (None when the words do not say), whether it is a former post, the rank kept apart, a confidence.
PostReading = tuple[Span | str, str | None, bool, str | None, float]

PERSON = ("Person", "Official")
HOLDERS_OF = ("Country", "Organization")


_BODY_ANAPHORS = words("posts", "body_anaphors")


_GENERAL_POSTS = words("posts", "general_posts")


_PARTS = (
    POST_HEAD_WORDS
    | POST_MODIFIERS
    | {
        "staff",
        "commander-in-chief",
        "secretary-general",
        "director-general",
        "vice-president",
        "of",
        "the",
        "for",
        "government",
    }
)
# Unions tested word by word, made once.
_POST_WORDS = POST_HEAD_WORDS | POST_MODIFIERS
_POST_WORDS_AND_STAFF = _POST_WORDS | {"staff"}
_PARTS_BUT_FOR = _PARTS - {"for"}
_PARTS_IN = _PARTS | {"in"}
_PARTS_FORMER_IN = _PARTS | FORMER_WORDS | {"in"}


def listed_under_a_title(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> PostReading | None:
    """ "Presidents Sadyr Japarov of Kyrgyzstan, Emomali Rahmon of Tajikistan, and Shavkat Mirziyoev of Uzbekistan":
    each name in a list after a plural post holds that post (the owner follows each name)."""
    k = span.start
    while k > sent.start:
        prev = doc[k - 1]
        hit = idx.at(k - 1)
        if prev.text in (",", "and") or prev.lower_ == "and":
            k -= 1
        elif hit is not None and hit[0].type in PERSON and k - 1 >= hit[1]:
            k = hit[1]
        elif hit is not None and hit[0].type in HOLDERS_OF and hit[1] > sent.start and doc[hit[1] - 1].lower_ == "of":
            k = hit[1] - 1  # "... of Kyrgyzstan," after an earlier name
        elif prev.tag_ in ("NNS", "NNPS") and prev.lemma_.lower() in POST_HEAD_WORDS and k < span.start:
            return prev.lemma_.lower(), None, False, None, 0.8
        else:
            return None
    return None


def predicate_post(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> PostReading | None:
    """ "X will remain Secretary General of the Council of Europe", "X, who is the Special Representative of the
    Secretary-General for Libya": a post said of the person by "be", "remain", "become" or "serve as"."""
    root = span.root
    verb: Token | None
    if root.dep_ == "nsubj":
        verb = root.head
    else:  # "X, who is the ...": the relative clause on the name
        verb = next(
            (
                k
                for k in root.children
                if k.dep_ == "relcl" and any(w.dep_ == "nsubj" and w.lower_ == "who" for w in k.children)
            ),
            None,
        )
    if verb is None or verb.lemma_.lower() not in ("be", "remain", "become", "serve", "stay"):
        return None
    attr = next((k for k in verb.children if k.dep_ in ("attr", "oprd")), None)
    if attr is None and verb.lemma_.lower() == "serve":
        prep = next((k for k in verb.children if k.dep_ == "prep" and k.lower_ == "as"), None)
        attr = next((o for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None
    if attr is None:
        return None
    start = min(t.i for t in attr.subtree if t.dep_ in ("compound", "amod") and t.head.i == attr.i or t.i == attr.i)
    if not any(t.lower_ in POST_HEAD_WORDS for t in doc[start : attr.i + 1]):
        return None  # "remain Secretary General": the post's words, compounds included
    owner = None
    for kid in attr.children:
        if kid.dep_ == "prep" and kid.lower_ in ("of", "for"):
            obj = next((o for o in kid.children if o.dep_ == "pobj"), None)
            hit = idx.at(obj.i) if obj is not None else None
            if hit is not None and hit[0].type in HOLDERS_OF:
                owner = hit[0].key
                break
        if kid.dep_ == "poss":
            hit = idx.at(kid.i)
            if hit is not None and hit[0].type in HOLDERS_OF:
                owner = hit[0].key
    return doc[start : attr.i + 1], owner, False, None, 0.85 if owner else 0.65


def _skip_left_titles(doc: Doc, k: int, lo: int) -> tuple[int, str | None]:
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
            n = match_tuple(doc, s, RANKS)
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


def pre_modifier(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> PostReading | None:
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
        if hit and hit[0].type in HOLDERS_OF:
            mention, ms, me = hit
            # "Chief of [Kenyan Defence Forces]", "President of [Kenya]": the complement names whose post
            j = ms
            if j > sent.start and doc[j - 1].lower_ == "the":
                j -= 1
            # with a comma after it, "for" works the same: "A spokesman for the Kenyan army, X, said"
            if (
                j > sent.start
                and (doc[j - 1].lower_ == "of" or comma and doc[j - 1].lower_ == "for")
                and j - 1 > sent.start
                and doc[j - 2].lower_ in _POST_WORDS_AND_STAFF
            ):
                of_key = mention.key
                k = j - 1
                continue
            # "French Ambassador to Niger X", "Charge d'Affaires of Estonia in Russia X": where the post is served
            if (
                j - 1 > sent.start
                and doc[j - 1].lower_ in ("to", "in")
                and mention.type == "Country"
                and doc[j - 2].lower_ in _POST_WORDS
            ):
                k = j - 1
                continue
            break
        ws = _word_start(doc, k - 1)
        word = doc[ws:k].text.lower()
        if word in _PARTS_BUT_FOR or ws < k - 1 and all(w in _PARTS_FORMER_IN for w in word.split("-")):
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
        if hit and hit[0].type in HOLDERS_OF:
            of_key = hit[0].key
            ms = hit[1]
            while ms > sent.start and doc[ms - 1].lower_.rstrip(".") in FORMER_WORDS:
                former = True
                ms -= 1
            j = ms
        elif (
            left < j - 1 and left > sent.start and doc[left].lower_ in _BODY_ANAPHORS and doc[left - 1].lower_ == "the"
        ):
            of_key = last_body_before(idx, left)  # "the bloc's foreign policy chief X"
        elif doc[left].lower_ in ("its", "their") and left >= sent.start:
            of_key = last_body_before(idx, left)  # "A Presidential Council statement revealed that its leader, X,"
    # "the brother of the former Kenyan President, X": the post belongs to someone else
    jj = j
    while jj > sent.start and doc[jj - 1].lower_ in ("the", "a", "an"):
        jj -= 1
    if comma and jj > sent.start and doc[jj - 1].lower_ == "of":
        return None
    return title_span, of_key, former, rank, 0.9 if of_key else 0.7


def _of_complement(doc: Doc, k: int, lo: int) -> int | None:
    """ "... of the Armed Forces" ending at token k, after a post word: where the "of" starts, else None."""
    j = k
    while j > lo and k - j < 5 and (doc[j - 1].text[:1].isupper() or doc[j - 1].lower_ == "the"):
        j -= 1
    if (
        j < k
        and j > lo + 1
        and doc[j - 1].lower_ == "of"
        and (doc[j - 2].lower_ in POST_HEAD_WORDS or _glued_post(doc, j - 2))
    ):
        return j - 1
    return None


def post_words_from(doc: Doc, k: int, hi: int) -> int:
    """Where the run of post words starting at token k ends ("foreign affairs secretary", "Commander-in-Chief")."""
    while k < hi:
        if _glued_post(doc, k):
            k = word_at(doc, k)[1]
        elif doc[k].lower_ in _POST_WORDS:
            k += 1
        else:
            break
    return k


def runs_on(doc: Doc, end: int) -> bool:
    """Whether a capitalised name goes on after a mention ending at token `end` (so the mention is only part of it)."""
    return end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and not doc[end].is_sent_start


def _word_start(doc: Doc, k: int) -> int:
    """The first token of the hyphenated word that ends at token k ("Commander-in-Chief")."""
    j = k
    while j > 0 and doc[j - 1].whitespace_ == "" and (doc[j - 1].text == "-" or doc[j].text == "-"):
        j -= 1
    return j


def _glued_post(doc: Doc, k: int) -> bool:
    """A hyphenated post word starting at token k: "Secretary-General", "Commander-in-Chief"."""
    text, nxt = word_at(doc, k)
    parts = text.lower().split("-")
    return nxt - k > 1 and all(w in _PARTS_IN for w in parts) and any(w in POST_HEAD_WORDS for w in parts)
