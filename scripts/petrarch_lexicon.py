"""Derive newskg's event-trigger and agent lexicons from the PETRARCH2 dictionaries.

    python scripts/petrarch_lexicon.py ../shared/data/petrarch2 [--out kg/extract/lexicon]

Reads CAMEO.2.0.txt (the verb dictionary), Phoenix.agents.txt and the International / MilNonState
actor files, and writes, into --out:

- triggers.petrarch2.jsonl           spaCy DependencyMatcher patterns whose CAMEO code maps to one of our
                                     event categories (cameo-categories.csv), minus triggers.filter.csv
- triggers.petrarch2.blockers.jsonl  the dictionary's more specific patterns that code something we do not
                                     extract; they cancel a less specific pattern on the same trigger token
                                     (PETRARCH's "the most specific pattern wins")
- agents.petrarch2.csv               generic agents (titles, roles, collectives) with their agent codes
- organizations.petrarch2.csv        international organisations, NGOs and armed non-state groups

The output is deterministic (sorted, stable ids) so that re-running reproduces the files byte for byte.
The format of each file is described in kg/extract/lexicon/README.md.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import functools
import io
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SOURCE_NAME = "CAMEO.2.0"

# Dependency labels (ClearNLP, as produced by en_core_web_sm) that carry each argument slot of a pattern.
OBJECT_DEPS = ["dobj", "nsubjpass"]
SUBJECT_DEPS = ["nsubj"]
MODIFIER_DEPS = ["amod", "compound"]

# Words that, right after the verb in a pattern or a multiword verb, are verb particles or prepositions
# rather than nouns ("SET * OFF &WEAPON", "+KICK_OUT", "+MEET_WITH"): they are matched by their text.
PARTICLES = {"up", "down", "out", "off", "back", "away", "over", "forth", "forward", "together", "aside", "in", "on"}
PREPOSITIONS = {
    "with",
    "for",
    "to",
    "into",
    "by",
    "upon",
    "at",
    "through",
    "after",
    "of",
    "from",
    "about",
    "against",
    "in",
    "on",
    "behind",
    "toward",
    "towards",
    "under",
    "over",
}


# ----------------------------------------------------------------------------------------------------------
# Lemmas: the dictionary lists upper-case inflected forms; the patterns match spaCy's lower-case lemmas.
# ----------------------------------------------------------------------------------------------------------

# Nouns ending in -s that are not plurals, which the NNS rules would cut ('news' -> 'new').
SINGULAR_NOUNS_IN_S = {
    "news",
    "headquarters",
    "series",
    "species",
    "means",
    "politics",
    "economics",
    "whereabouts",
    "barracks",
    "crossroads",
}


class Lemmatizer:
    """Lemmas as en_core_web_sm produces them in running text, for one word and a Penn tag.

    The tag decides the rule set (a noun ending in -s is lemmatised as a plural only under NNS), so
    `from_pipeline` runs the model's attribute_ruler (tag -> POS and morphology) and lemmatizer on a one-word
    Doc. Tests pass a plain function instead."""

    def __init__(self, lemma_of):
        self._lemma_of = functools.lru_cache(maxsize=None)(lemma_of)

    @classmethod
    def from_pipeline(cls, nlp) -> Lemmatizer:
        from spacy.tokens import Doc

        ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")

        def lemma_of(word: str, tag: str) -> str:
            doc = Doc(nlp.vocab, words=[word])
            doc[0].tag_ = tag
            return lemmatizer(ruler(doc))[0].lemma_.lower()

        return cls(lemma_of)

    def __call__(self, word: str, tag: str) -> str:
        return self._lemma_of(word.lower(), tag)

    def noun(self, word: str) -> list[str]:
        """A dictionary noun may be singular or plural ('DIPLOMAT', 'DIPLOMATS'); a word ending in -s is read
        as a plural, as the tagger mostly does in text ('talks' -> talk), except the few nouns that end in -s
        in the singular. One lemma per word, so that DIPLOMAT and DIPLOMATS compare equal."""
        word = word.lower()
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in SINGULAR_NOUNS_IN_S:
            return [self(word, "NNS")]
        return [self(word, "NN")]

    def verb(self, word: str, tag: str = "VB") -> str:
        return self(word.lower(), tag)


def inflection_tag(form: str) -> str:
    """The Penn tag under which an irregular verb form listed in {...} is lemmatised."""
    form = form.lower()
    if form.endswith("ing"):
        return "VBG"
    if form.endswith("s") and not form.endswith("ss"):
        return "VBZ"
    return "VBD"


# ----------------------------------------------------------------------------------------------------------
# Reading CAMEO.2.0.txt
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """A pattern's CAMEO code. '[A:B]' codes A from subject to object and B in the reverse direction
    (TABARI's paired codes: VISIT [042:043], HOST [043:042]); '[:B]' codes only the reverse event, so the
    verb's subject is B's target (DIE (IN AIRSTRIKE) [:195])."""

    forward: str | None
    reverse: str | None = None

    @property
    def main(self) -> str | None:
        return self.forward or self.reverse

    @property
    def subject_is_target(self) -> bool:
        return self.forward is None and self.reverse is not None


def parse_code(text: str) -> Code | None:
    """'[057]' -> 057; '[---]' -> None (the null code: do not code); '[042:043]'; '[:195]'. Returns None for
    the null code and for garbage ('[s]')."""
    text = text.strip().rstrip("!")  # one pattern has '[080!]'
    if ":" in text:
        fwd, rev = (part.strip() for part in text.split(":", 1))
    else:
        fwd, rev = text, ""
    fwd = fwd if re.fullmatch(r"\d{2,4}", fwd) else None
    rev = rev if re.fullmatch(r"\d{2,4}", rev) else None
    if fwd is None and rev is None:
        return None
    return Code(fwd, rev)


@dataclass(frozen=True)
class VerbEntry:
    """One verb line of a block: 'EXPEL {EXPELS EXPELLING EXPELLED}', '+KICK_OUT', 'WIRE_+TAP', 'ASK [020]'."""

    words: tuple[str, ...]  # lower-case words of the (multiword) verb
    verb_index: int  # which of the words is the verb
    forms: tuple[str, ...]  # irregular forms of the verb word, as listed in {...}
    surfaces: tuple[str, ...]  # the whole entry and its forms as written, '+' removed: 'CARRIED_OUT'
    code: Code | None  # the verb's own code; None with has_code=False means "the block's code"
    has_code: bool
    line: int

    @property
    def is_multiword(self) -> bool:
        return len(self.words) > 1


@dataclass
class PatternLine:
    text: str  # the pattern between '-' and '[', whitespace-normalised
    code: Code | None
    verb_hint: str  # the comment's verb (the verb the pattern was written for), upper-case
    line: int


@dataclass
class VerbBlock:
    name: str
    code: Code | None
    line: int
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[PatternLine] = field(default_factory=list)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[str]]  # '&MILITARY' -> ['MILITARY', 'ARMED_FORCES', ...] (trailing '_' removed)
    blocks: list[VerbBlock]


BLOCK_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")


def strip_comment(line: str, markers: str = "#") -> str:
    for marker in markers:
        line = line.split(marker, 1)[0]
    return line.rstrip()


def read_verb_dictionary(text: str) -> VerbDictionary:
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current_synset: str | None = None
    block: VerbBlock | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("~"):
            continue  # transformations (verb-of-verb rewrites): nothing a single pattern can express
        header = BLOCK_HEADER.match(raw)
        if header:
            block = VerbBlock(header.group(1), parse_code(header.group(2)), number)
            blocks.append(block)
            current_synset = None
            continue
        if raw.startswith("-") and block is not None:
            block.patterns.append(read_pattern_line(raw, number))
            continue
        line = strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("&"):
            current_synset = stripped.split()[0].rstrip("_")
            synsets[current_synset] = []
            continue
        if block is None:
            if current_synset and stripped.startswith("+"):
                synsets[current_synset].append(stripped[1:].strip())
            continue
        entry = read_verb_line(strip_comment(raw, "#;"), number)
        if entry is not None:
            block.verbs.append(entry)
    return VerbDictionary(synsets, blocks)


def read_pattern_line(raw: str, number: int) -> PatternLine:
    body, _, comment = raw[1:].partition("#")
    codes = re.findall(r"\[([^\]]*)\]", body)
    code = parse_code(codes[-1]) if codes else None
    text = body.split("[", 1)[0]
    hint = comment.split(",")[0].strip().split()
    return PatternLine(" ".join(text.split()), code, hint[0] if hint else "", number)


def read_verb_line(line: str, number: int) -> VerbEntry | None:
    """'EXPEL {EXPELS EXPELLING EXPELLED}', '+CORDON_OFF {+CORDONED_OFF ...} [160]', 'RECONVENE[---]'."""
    code_match = re.search(r"\[([^\]]*)\]", line)
    code = parse_code(code_match.group(1)) if code_match else None
    line = re.sub(r"\[[^\]]*\]", " ", line)
    forms_match = re.search(r"\{([^}]*)\}", line)
    forms_text = forms_match.group(1) if forms_match else ""
    head = re.sub(r"\{[^}]*\}", " ", line).split()
    if not head:
        return None
    words, verb_index = split_multiword(head[0])
    forms, surfaces = [], [head[0].replace("+", "")]
    for form in forms_text.replace(",", " ").split():
        form_words, form_index = split_multiword(form)
        forms.append(form_words[form_index])
        surfaces.append(form.replace("+", ""))
    return VerbEntry(words, verb_index, tuple(forms), tuple(surfaces), code, code_match is not None, number)


def split_multiword(token: str) -> tuple[tuple[str, ...], int]:
    """'+KICK_OUT' -> (('kick', 'out'), 0); 'WIRE_+TAP' -> (('wire', 'tap'), 1); 'EXPEL' -> (('expel',), 0)."""
    parts = [p for p in token.split("_") if p]
    index = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    return tuple(p.lstrip("+").lower() for p in parts), index


# ----------------------------------------------------------------------------------------------------------
# Pattern syntax: '- [pre-verb nouns] * [post-verb nouns] [(PREP NOUN)...] [CODE] # VERB'
# ----------------------------------------------------------------------------------------------------------


class Unexpressible(Exception):
    """A pattern that a DependencyMatcher pattern cannot express faithfully; the message says why."""


@dataclass(frozen=True)
class Noun:
    """A noun slot: the head (a word or a synset) and, for a {...} phrase, the words before the head."""

    head: str  # 'DIPLOMATS' or '&MILITARY'
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prep:
    words: tuple[str, ...]  # 'TO/FOR' is two alternatives
    noun: Noun | None  # None: '(FOR)' or '(IN ^)'


@dataclass(frozen=True)
class ParsedPattern:
    subject: Noun | None
    adverb: str | None  # 'STRONGLY * ...' (a pre-verb adverb or auxiliary)
    particle: str | None  # 'SET * OFF &WEAPON'
    obj: Noun | None
    preps: tuple[Prep, ...]
    roles: tuple[tuple[str, str], ...]  # ('$', 'source'), ('+', 'target') when the markers occur


ROLE_MARKERS = {"$": "source", "+": "target"}
PRE_VERB_FUNCTION_WORDS = {"WILL", "WOULD", "BEEN", "HAS", "HAVE", "HAD"}


def tokenize_pattern(text: str) -> list:
    """Split into items: '*', markers, words, ('{', [words]) and ('(', [items])."""
    items: list = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "{(":
            close = "}" if ch == "{" else ")"
            end = text.find(close, i)
            if end < 0:
                raise Unexpressible("unbalanced bracket")
            inner = text[i + 1 : end]  # '(FOR {FINANCIAL AID})' holds a brace phrase, parsed recursively
            if any(c in inner for c in "()") or (ch == "{" and "{" in inner):
                raise Unexpressible("nested or unbalanced brackets")
            items.append((ch, tokenize_pattern(inner) if ch == "(" else inner.split()))
            i = end + 1
        elif ch in ")}":
            raise Unexpressible("unbalanced bracket")
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] not in "{}()":
                end += 1
            items.append(text[i:end])
            i = end
    return items


def is_word(item) -> bool:
    return isinstance(item, str) and item not in ("*", "$", "+", "^", "%")


def as_noun(item) -> Noun:
    if isinstance(item, tuple) and item[0] == "{":
        words = [w for w in item[1] if w not in ("$", "+", "^")]
        if not words:
            raise Unexpressible("empty {} phrase")
        words = [p for w in words for p in w.split("_") if p]
        return Noun(words[-1], tuple(words[:-1]))
    if is_word(item):
        parts = [p for p in item.split("_") if p]
        if not parts or any(p == "*" for p in parts):
            raise Unexpressible(f"malformed word {item!r}")
        # 'AIR_STRIKE' in a noun slot is the phrase {AIR STRIKE}
        return Noun(parts[-1], tuple(parts[:-1]))
    raise Unexpressible(f"not a noun: {item!r}")


def parse_pattern(text: str) -> ParsedPattern:
    items = tokenize_pattern(text)
    if items.count("*") != 1:
        raise Unexpressible("no single verb slot '*'")
    if "%" in items:
        raise Unexpressible("'%' (compound actor) marker")
    star = items.index("*")
    roles = sorted({(m, ROLE_MARKERS[m]) for m in _markers(items)})
    pre = [it for it in items[:star] if it not in ("$", "+", "^")]
    post = [it for it in items[star + 1 :] if it not in ("$", "+", "^")]

    subject = adverb = None
    if len(pre) > 1:
        raise Unexpressible("several pre-verb words")
    if pre:
        word = pre[0]
        if isinstance(word, tuple) and word[0] == "(":
            raise Unexpressible("pre-verb prepositional phrase")
        if is_word(word) and (word.endswith("LY") or word in PRE_VERB_FUNCTION_WORDS):
            adverb = word
        else:
            subject = as_noun(word)

    particle = obj = None
    preps = []
    for index, item in enumerate(post):
        if isinstance(item, tuple) and item[0] == "(":
            preps.append(as_prep(item[1]))
            continue
        if preps:
            raise Unexpressible("a bare word after a prepositional phrase")
        if is_word(item) and item.lower() in PARTICLES and particle is None and obj is None and index + 1 < len(post):
            particle = item.lower()
            continue
        if is_word(item) and item.lower() in PREPOSITIONS | PARTICLES:
            raise Unexpressible(f"bare preposition or particle {item!r}")
        if obj is not None:
            raise Unexpressible("two post-verb nouns without {} around them")
        obj = as_noun(item)
    if not (subject or adverb or particle or obj or preps):
        # '- * + [111]': only says an actor follows the verb; without actor detection it is the bare verb
        raise Unexpressible("only role markers (needs actor detection)")
    return ParsedPattern(subject, adverb, particle, obj, tuple(preps), tuple(roles))


def _markers(items) -> set[str]:
    found = set()
    for item in items:
        if isinstance(item, tuple):
            found |= _markers(item[1]) if item[0] == "(" else {w for w in item[1] if w in ROLE_MARKERS}
        elif item in ROLE_MARKERS:
            found.add(item)
    return found


def as_prep(items: list) -> Prep:
    words = [it for it in items if it not in ("$", "+")]
    if not words or not is_word(words[0]):
        raise Unexpressible("a prepositional phrase without its preposition")
    prep = tuple(w.lower() for w in words[0].split("/"))
    if any(w not in PREPOSITIONS | PARTICLES and not w.isalpha() for w in prep):
        raise Unexpressible(f"odd preposition {words[0]!r}")
    rest = [w for w in words[1:] if w != "^"]
    if len(rest) > 1:
        raise Unexpressible("several nouns in a prepositional phrase")
    return Prep(prep, as_noun(rest[0]) if rest else None)


# ----------------------------------------------------------------------------------------------------------
# The category mapping (cameo-categories.csv) and the filter (triggers.filter.csv)
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    category: str | None  # None: the code is listed but maps to nothing we extract
    fine: str | None


class CategoryMap:
    """CAMEO code -> our category. A row's code is a code or a code prefix (longest prefix wins); a row with a
    block name applies only to that verb block and wins over rows without one. The code '---' in a block row
    gives the block's uncoded verbs a category (PETRARCH leaves 'appoint' uncoded)."""

    def __init__(self, rows: list[dict]):
        self._rows: dict[tuple[str, str], Category] = {}
        for row in rows:
            key = (row["block"].strip().upper(), row["cameo"].strip())
            if key in self._rows:
                raise ValueError(f"cameo-categories.csv lists {key} twice")
            self._rows[key] = Category(row["category"].strip() or None, row["fine"].strip() or None)

    @classmethod
    def read(cls, path: Path) -> CategoryMap:
        with open(path, newline="", encoding="utf-8") as fh:
            return cls(list(csv.DictReader(fh)))

    def lookup(self, code: str | None, block: str) -> Category | None:
        """The category for a code in a block; None when no row covers the code at all."""
        code = code or "---"
        for scope in (block.upper(), ""):
            if code == "---":
                if (scope, "---") in self._rows:
                    return self._rows[(scope, "---")]
                continue
            for length in range(len(code), 1, -1):
                hit = self._rows.get((scope, code[:length]))
                if hit is not None:
                    return hit
        return None


@dataclass(frozen=True)
class Filter:
    drop_ids: frozenset[str]
    drop_lemmas: frozenset[tuple[str, str]]  # (lemma, category or '' for every category)

    @classmethod
    def read(cls, path: Path) -> Filter:
        ids, lemmas = set(), set()
        if path.exists():
            with open(path, newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row["action"].strip() != "drop":
                        continue
                    target = row["target"].strip()
                    if target.startswith("lemma:"):
                        lemmas.add((target[len("lemma:") :], row.get("category", "").strip()))
                    else:
                        ids.add(target)
        return cls(frozenset(ids), frozenset(lemmas))

    def lemma_dropped(self, lemma: str, category: str) -> bool:
        return (lemma, "") in self.drop_lemmas or (lemma, category) in self.drop_lemmas


# ----------------------------------------------------------------------------------------------------------
# Building DependencyMatcher patterns
# ----------------------------------------------------------------------------------------------------------


@dataclass
class Trigger:
    """A verb group of one block that shares a code: single-word verbs share one node; a multiword verb
    brings its extra words as nodes of its own."""

    lemmas: tuple[str, ...]
    extra: tuple[str, ...] = ()  # multiword verb: the other words, in order ('kick', 'out') -> ('out',)
    extra_before: tuple[str, ...] = ()
    label: str = ""  # for ids: '' for the single-word group, 'kick-out' for a multiword verb
    surfaces: frozenset[str] = frozenset()  # a multiword verb's written forms ('CARRY_OUT', 'CARRIED_OUT')


class PatternBuilder:
    def __init__(self, dictionary: VerbDictionary, lemmatize: Lemmatizer):
        self.synsets = dictionary.synsets
        self.lemmatize = lemmatize

    def noun_lemmas(self, word: str) -> list[str]:
        """A word or a synset as lemmas. Multiword synset members ('ARMED_FORCES', 'CEASE_FIRE') are left out:
        one token cannot hold them, and their head alone would say something else ('fire'); most are covered
        by a one-word member anyway ('FIGHTER_JET' by 'JET')."""
        if word.startswith("&"):
            name = word.rstrip("_")
            if name not in self.synsets:
                raise Unexpressible(f"undefined synset {word}")  # PETRARCH ignores such a pattern too
            lemmas: set[str] = set()
            for member in self.synsets[name]:
                parts = [p for p in member.rstrip("_").split("_") if p]
                if len(parts) == 1:
                    lemmas.update(self.lemmatize.noun(parts[0]))
            return sorted(lemmas)
        if not re.fullmatch(r"[A-Z][A-Z'-]*", word):
            raise Unexpressible(f"not a plain word: {word!r}")
        return self.lemmatize.noun(word)

    def modifier_lemmas(self, word: str) -> list[str]:
        """A word before the head of a {...} phrase is a noun ('ROCKET ATTACK') or an adjective ('BITTER')."""
        if word.startswith("&"):
            return self.noun_lemmas(word)
        return sorted(set(self.noun_lemmas(word)) | {self.lemmatize(word.lower(), "JJ")})

    def noun_nodes(self, noun: Noun, parent: str, right_id: str, deps: list[str] | None) -> list[dict]:
        attrs: dict = {"LEMMA": {"IN": self.noun_lemmas(noun.head)}}
        if deps:
            attrs = {"DEP": {"IN": deps}, **attrs}
        nodes = [{"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": right_id, "RIGHT_ATTRS": attrs}]
        for index, modifier in enumerate(noun.modifiers):
            nodes.append(
                {
                    "LEFT_ID": right_id,
                    "REL_OP": ">",
                    "RIGHT_ID": f"{right_id}_mod{index + 1}",
                    "RIGHT_ATTRS": {"DEP": {"IN": MODIFIER_DEPS}, "LEMMA": {"IN": self.modifier_lemmas(modifier)}},
                }
            )
        return nodes

    def trigger_nodes(self, trigger: Trigger, pos: str) -> list[dict]:
        nodes = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": list(trigger.lemmas)}, "POS": pos}}]
        previous = "trigger"
        for index, word in enumerate(trigger.extra):
            # 'set in motion': a preposition's noun hangs off the preposition, other words off the verb
            parent = previous if previous != "trigger" and trigger.extra[index - 1] in PREPOSITIONS else "trigger"
            right_id = f"verb_word{index + 1}"
            attr = {"LOWER": word} if word in PARTICLES | PREPOSITIONS else {"LEMMA": word}
            nodes.append({"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": right_id, "RIGHT_ATTRS": attr})
            previous = right_id
        for index, word in enumerate(trigger.extra_before):
            nodes.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": f"verb_before{index + 1}",
                    "RIGHT_ATTRS": {"LEMMA": word},
                }
            )
        return nodes

    def pattern(self, trigger: Trigger, parsed: ParsedPattern | None) -> list[dict]:
        nodes = self.trigger_nodes(trigger, "VERB")
        if parsed is None:
            return nodes
        if parsed.subject:
            nodes += self.noun_nodes(parsed.subject, "trigger", "subject", SUBJECT_DEPS)
        if parsed.adverb:
            dep = ["aux"] if parsed.adverb in PRE_VERB_FUNCTION_WORDS else ["advmod"]
            nodes.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": "adverb",
                    "RIGHT_ATTRS": {"DEP": {"IN": dep}, "LOWER": parsed.adverb.lower()},
                }
            )
        if parsed.particle:
            nodes.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": "particle",
                    "RIGHT_ATTRS": {"DEP": {"IN": ["prt", "advmod"]}, "LOWER": parsed.particle},
                }
            )
        if parsed.obj:
            nodes += self.noun_nodes(parsed.obj, "trigger", "object", OBJECT_DEPS)
        for index, prep in enumerate(parsed.preps):
            prep_id = "prep" if len(parsed.preps) == 1 else f"prep{index + 1}"
            nodes.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": prep_id,
                    "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": sorted(set(prep.words))}},
                }
            )
            if prep.noun:
                nodes += self.noun_nodes(prep.noun, prep_id, f"{prep_id}_object", ["pobj"])
        return nodes


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def constraint_slug(parsed: ParsedPattern | None) -> str:
    if parsed is None:
        return ""
    parts = []
    if parsed.subject:
        parts.append("by-" + noun_slug(parsed.subject))
    if parsed.adverb:
        parts.append(parsed.adverb)
    if parsed.particle:
        parts.append(parsed.particle)
    if parsed.obj:
        parts.append(noun_slug(parsed.obj))
    for prep in parsed.preps:
        parts.append("-".join(prep.words) + ("-" + noun_slug(prep.noun) if prep.noun else ""))
    return slug("-".join(parts))


def noun_slug(noun: Noun) -> str:
    return "-".join([*(m.lstrip("&") for m in noun.modifiers), noun.head.lstrip("&")]).lower()


def source_text(block: VerbBlock, pattern: PatternLine | None) -> str:
    if pattern is None:
        return f"{SOURCE_NAME} {block.name}: bare verb"
    verb = pattern.verb_hint or block.name
    return f"{SOURCE_NAME} {block.name}: {pattern.text.replace('*', verb, 1)}"


def block_triggers(block: VerbBlock, lemmatize: Lemmatizer) -> tuple[Trigger, list[Trigger], dict]:
    """The block's single-word verbs as one trigger, each multiword verb as a trigger of its own, and the
    verbs' own codes (which apply to the bare verb only)."""
    single: list[str] = []
    multi: list[Trigger] = []
    own_codes: dict[str, tuple[bool, Code | None]] = {}
    for entry in block.verbs:
        verb_word = entry.words[entry.verb_index]
        lemmas = {lemmatize.verb(verb_word)}
        for form in entry.forms:
            # a listed form counts as a verb of its own only when it is a base form ('LAY {... LIE}');
            # otherwise it just inflects the entry (and misspellings like 'ASSAILLING' add nothing)
            if lemmatize.verb(form, inflection_tag(form)) == form:
                lemmas.add(form)
        lemmas = sorted(lemmas)
        if entry.is_multiword:
            if "and" in entry.words or "or" in entry.words:
                continue  # 'KILLED_AND', 'ATTACKED_AND_STABBED': coordination hacks of the old coder
            trigger = Trigger(
                tuple(lemmas),
                entry.words[entry.verb_index + 1 :],
                entry.words[: entry.verb_index],
                "-".join(entry.words),
                frozenset(entry.surfaces),
            )
            multi.append(trigger)
            own_codes.setdefault(trigger.label, (entry.has_code, entry.code))
        else:
            for lemma in lemmas:
                if lemma not in single:
                    single.append(lemma)
                    own_codes.setdefault(lemma, (entry.has_code, entry.code))
    return Trigger(tuple(sorted(single))), multi, own_codes


@dataclass
class Candidate:
    block: str
    code: Code
    category: Category
    trigger: Trigger
    parsed: ParsedPattern | None
    sources: list[str]
    lines: list[int]
    pattern_id: str = ""

    @property
    def base_id(self) -> str:
        parts = [slug(self.block), self.code.main or "uncoded"]
        constraint = constraint_slug(self.parsed)
        if constraint:
            parts.append(constraint)
        if self.trigger.label:
            parts.append(slug(self.trigger.label))
        return "-".join(parts)


def build_candidates(
    dictionary: VerbDictionary, lemmatize: Lemmatizer, categories: CategoryMap, report: Report
) -> list[Candidate]:
    """Every (verb group, constraint, code) the dictionary defines, with its category (which may be empty).
    Raises when a code is not covered by cameo-categories.csv: the mapping must be explicit."""
    candidates: dict[tuple, Candidate] = {}

    def add(
        block: VerbBlock, code: Code | None, trigger: Trigger, parsed: ParsedPattern | None, pattern: PatternLine | None
    ):
        if not trigger.lemmas:
            return
        if pattern is not None and code is None:
            category = Category(None, None)  # '[---]' on a pattern: "do not code", which overrides the verb
        else:
            category = categories.lookup(code.main if code else None, block.name)
        if category is None:
            if code is None:
                return  # an uncoded bare verb: PETRARCH does not code it, and no block row says otherwise
            raise SystemExit(
                f"cameo-categories.csv does not cover CAMEO code {code.main} "
                f"(block {block.name}, line {pattern.line if pattern else block.line})"
            )
        code = code or Code(None, None)
        key = (block.name, code, trigger.lemmas, trigger.extra, trigger.extra_before, parsed)
        if key in candidates:
            candidates[key].sources.append(source_text(block, pattern))
            candidates[key].lines.append(pattern.line if pattern else block.line)
            return
        candidates[key] = Candidate(
            block.name,
            code,
            category,
            trigger,
            parsed,
            [source_text(block, pattern)],
            [pattern.line if pattern else block.line],
        )

    for block in dictionary.blocks:
        single, multi, own_codes = block_triggers(block, lemmatize)
        # The bare verbs: each verb's own code, else the block's code.
        bare: dict[Code | None, list[str]] = defaultdict(list)
        for lemma in single.lemmas:
            has_code, code = own_codes[lemma]
            bare[code if has_code else block.code].append(lemma)
        for code, lemmas in bare.items():
            add(block, code, Trigger(tuple(sorted(lemmas))), None, None)
        for trigger in multi:
            has_code, code = own_codes[trigger.label]
            add(block, code if has_code else block.code, trigger, None, None)
        # The patterns apply to every single-word verb of the block; to a multiword verb only when written for
        # it ('- * {AIR STRIKE} [195] # CARRIED_OUT'), which keeps the patterns few.
        for pattern in block.patterns:
            try:
                parsed = parse_pattern(pattern.text)
                builder_check(parsed, lemmatize, dictionary)
            except Unexpressible as why:
                report.skip(str(why), block, pattern)
                continue
            for trigger in [single, *(t for t in multi if pattern.verb_hint in t.surfaces)]:
                add(block, pattern.code, trigger, parsed, pattern)
    return list(candidates.values())


def builder_check(parsed: ParsedPattern, lemmatize: Lemmatizer, dictionary: VerbDictionary) -> None:
    """Raise Unexpressible for words the builder cannot turn into lemmas (undefined synsets, junk)."""
    builder = PatternBuilder(dictionary, lemmatize)
    for noun in [parsed.subject, parsed.obj, *(p.noun for p in parsed.preps)]:
        if noun is not None:
            for word in (noun.head, *noun.modifiers):
                builder.noun_lemmas(word)


# ----------------------------------------------------------------------------------------------------------
# Noun triggers: phrases the dictionary uses as the object of a light verb ("STAGE * {AIR RAID}")
# ----------------------------------------------------------------------------------------------------------

# Head nouns that name an event (not a thing, a person or a policy): a judgement of ours.
EVENT_HEAD_NOUNS = {
    "airstrike",
    "air-strike",
    "ambush",
    "armistice",
    "assault",
    "attack",
    "bombardment",
    "bombing",
    "ceasefire",
    "cease-fire",
    "clash",
    "deportation",
    "expulsion",
    "fire",
    "incursion",
    "invasion",
    "negotiation",
    "offensive",
    "raid",
    "shelling",
    "skirmish",
    "strike",
    "summit",
    "talk",
    "treaty",
    "truce",
    "visit",
}
# Verbs that only say the event took place ("launch an attack", "hold talks", "sign a treaty"), and verbs of
# suffering it ("killed in an air raid"): with them the dictionary's code is the noun's own event kind. With
# other verbs it is the verb's ("condemn an attack" is a statement).
LIGHT_VERBS = {
    "ATTEND",
    "BEGIN",
    "CARRIED_OUT",
    "CARRY_OUT",
    "CONCLUDE",
    "CONDUCT",
    "CONVENE",
    "DECLARE",
    "DELIVER",
    "DIE",
    "HOLD",
    "HURT",
    "INITIATE",
    "KILL",
    "LAUNCH",
    "MOUNT",
    "OPEN",
    "PAY",
    "SIGN",
    "STAGE",
    "START",
    "UNLEASH",
    "WAGE",
}
# Our fine type where the noun says more than the code: a summit is a meeting of leaders.
NOUN_FINE_TYPES = {("summit", "Meeting"): "Summit"}
# Nouns that name the event only in one form: 'talks' are negotiations, a 'talk' is a speech.
NOUN_SURFACE_FORMS = {"talk": ["talks"]}


def noun_trigger_candidates(candidates: list[Candidate], builder: PatternBuilder) -> dict:
    """Object phrases (direct or prepositional) of light-verb patterns whose head names an event, with the
    categories those patterns give: {(head lemmas, modifier lemmas): Counter of (category, fine, code)}."""
    phrases: dict[tuple, dict] = {}
    for cand in candidates:
        if cand.category.category is None or cand.parsed is None:
            continue
        hints = {source.split(": ", 1)[1].split()[0] for source in cand.sources if ": " in source}
        if not hints & LIGHT_VERBS:
            continue
        for noun in [cand.parsed.obj, *(p.noun for p in cand.parsed.preps)]:
            if noun is None or noun.head.startswith("&"):
                continue
            heads = builder.noun_lemmas(noun.head)
            if not set(heads) & EVENT_HEAD_NOUNS:
                continue
            # 'ATTACK' and 'ATTACKS' are one phrase: keyed by the plural reading (the shortest lemma)
            key = (min(heads, key=lambda h: (len(h), h)), tuple(noun.modifiers))
            entry = phrases.setdefault(
                key, {"votes": defaultdict(int), "sources": set(), "heads": set(), "modifiers": noun.modifiers}
            )
            entry["heads"].update(heads)
            entry["votes"][(cand.category.category, cand.category.fine, cand.code.main)] += 1
            entry["sources"].update(cand.sources)
    return phrases


def constraint_signature(pattern: list[dict]) -> frozenset[str]:
    """The non-trigger nodes of a pattern, each described by its path from the trigger, so that two patterns
    can be compared whatever their RIGHT_IDs: A is less specific than B when A's signature is a subset."""
    by_id = {n["RIGHT_ID"]: n for n in pattern}

    def describe(right_id: str) -> str:
        node = by_id[right_id]
        if "LEFT_ID" not in node:
            return "trigger"
        return f"{describe(node['LEFT_ID'])} {node['REL_OP']} {json.dumps(node['RIGHT_ATTRS'], sort_keys=True)}"

    return frozenset(describe(n["RIGHT_ID"]) for n in pattern if "LEFT_ID" in n)


def prune_and_block(candidates: list[Candidate], builder: PatternBuilder) -> tuple[list[Candidate], list[Candidate]]:
    """Split the candidates into (triggers, blockers).

    A trigger is a mapped pattern; one is dropped as redundant when a less specific mapped pattern of the same
    block gives the same category for each of its verbs and no unmapped pattern lies between the two.
    A blocker is an unmapped (or '[---]') pattern more specific than some kept trigger of the same verbs,
    unless a mapped pattern has exactly its constraints (DIPLOMAT [161] and DIPLOMATS [174] are one lemma)."""
    signature = {id(c): constraint_signature(builder.pattern(c.trigger, c.parsed)) for c in candidates}
    by_block: dict[str, list[Candidate]] = defaultdict(list)
    for cand in candidates:
        by_block[cand.block].append(cand)
    triggers, blockers = [], []
    for block_cands in by_block.values():
        mapped = [c for c in block_cands if c.category.category is not None]
        unmapped = [c for c in block_cands if c.category.category is None and c.parsed is not None]
        kept = [c for c in mapped if not is_redundant(c, mapped, unmapped, signature)]
        triggers += kept
        for cand in unmapped:
            sig = signature[id(cand)]
            if any(shares_verbs(m, cand) and signature[id(m)] == sig for m in mapped):
                continue
            if any(shares_verbs(k, cand) and signature[id(k)] < sig for k in kept):
                blockers.append(cand)
    return triggers, blockers


def shares_verbs(a: Candidate, b: Candidate) -> bool:
    return a.trigger.extra == b.trigger.extra and bool(set(a.trigger.lemmas) & set(b.trigger.lemmas))


def is_redundant(cand: Candidate, mapped: list[Candidate], unmapped: list[Candidate], signature: dict) -> bool:
    sig = signature[id(cand)]
    if not sig:
        return False
    same = (cand.category, cand.code.subject_is_target)
    covered: set[str] = set()
    for other in mapped:
        other_sig = signature[id(other)]
        if (
            other is cand
            or (other.category, other.code.subject_is_target) != same
            or other.trigger.extra != cand.trigger.extra
            or not other_sig < sig
        ):
            continue
        between = any(shares_verbs(u, cand) and other_sig < signature[id(u)] < sig for u in unmapped)
        if not between:
            covered |= set(other.trigger.lemmas)
    return set(cand.trigger.lemmas) <= covered


# ----------------------------------------------------------------------------------------------------------
# Assembling the output records
# ----------------------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What was skipped and why, printed to stderr (never written into the lexicon)."""

    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def skip(self, why: str, block: VerbBlock, pattern: PatternLine):
        self.skipped[why] += 1
        if len(self.examples[why]) < 3:
            self.examples[why].append(f"{block.name} line {pattern.line}: {pattern.text}")

    def print(self, out=sys.stderr):
        for why, count in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  skipped {count:5d}  {why}  e.g. {'; '.join(self.examples[why][:2])}", file=out)


def record(
    cand_id: str,
    category: Category,
    code: Code,
    sources: list[str],
    lines: list[int],
    pattern: list,
    roles: tuple,
    subject_is_target: bool,
) -> dict:
    rec = {
        "id": cand_id,
        "category": category.category,
        "fine": category.fine,
        "cameo": code.main,
        "source": " | ".join(sorted(set(sources))),
        "lines": sorted(set(lines)),
        "pattern": pattern,
    }
    if code.forward and code.reverse:
        rec["cameo_reverse"] = code.reverse
    if subject_is_target:
        rec["subject_is_target"] = True
    if roles:
        rec["roles"] = dict(roles)
    return rec


def merge_equivalent(candidates: list[Candidate], builder: PatternBuilder) -> list[Candidate]:
    """One candidate per (block, verbs, constraints as nodes, category): TALK and TALKS, or two codes of one
    category ('cast doubt' [012] and [110]), give the same pattern; their sources are merged."""
    merged: dict[tuple, Candidate] = {}
    for cand in sorted(candidates, key=lambda c: (min(c.lines), c.code.main or "")):
        key = (
            cand.block,
            cand.trigger.lemmas,
            cand.trigger.extra,
            cand.trigger.extra_before,
            constraint_signature(builder.pattern(cand.trigger, cand.parsed)),
            cand.category,
            cand.code.subject_is_target,
        )
        if key in merged:
            merged[key].sources.extend(cand.sources)
            merged[key].lines.extend(cand.lines)
        else:
            merged[key] = cand
    return list(merged.values())


def assign_ids(candidates: list[Candidate]) -> dict[int, str]:
    ids: dict[int, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for cand in sorted(candidates, key=lambda c: (c.base_id, min(c.lines))):
        seen[cand.base_id] += 1
        ids[id(cand)] = cand.base_id if seen[cand.base_id] == 1 else f"{cand.base_id}-{seen[cand.base_id]}"
    return ids


def apply_filter(candidates: list[Candidate], filt: Filter) -> list[Candidate]:
    """triggers.filter.csv applied to the mapped candidates: dropped ids go, dropped lemmas leave the trigger
    (a candidate left without lemmas goes). Unmapped candidates (future blockers) are kept as they are."""
    out = []
    for cand in candidates:
        if cand.category.category is None:
            out.append(cand)
            continue
        if cand.pattern_id in filt.drop_ids:
            continue
        lemmas = tuple(lemma for lemma in cand.trigger.lemmas if not filt.lemma_dropped(lemma, cand.category.category))
        if lemmas:
            out.append(dataclasses.replace(cand, trigger=dataclasses.replace(cand.trigger, lemmas=lemmas)))
    return out


def build_trigger_records(
    dictionary: VerbDictionary, lemmatize: Lemmatizer, categories: CategoryMap, filt: Filter, report: Report
) -> tuple[list[dict], list[dict]]:
    """(triggers, blockers) as JSON-ready records, sorted by id."""
    builder = PatternBuilder(dictionary, lemmatize)
    candidates = merge_equivalent(build_candidates(dictionary, lemmatize, categories, report), builder)
    ids = assign_ids(candidates)
    for cand in candidates:
        cand.pattern_id = ids[id(cand)]
    # Filter first, then prune: a pattern made redundant by a bare verb that the filter removes comes back.
    kept, blocking = prune_and_block(apply_filter(candidates, filt), builder)

    triggers = [
        record(
            c.pattern_id,
            c.category,
            c.code,
            c.sources,
            c.lines,
            builder.pattern(c.trigger, c.parsed),
            c.parsed.roles if c.parsed else (),
            c.code.subject_is_target,
        )
        for c in kept
    ]
    nouns = noun_trigger_records(candidates, builder, report)
    # 'lemma:' rows are about verb senses ('strike' a deal); a noun trigger is dropped by its id only
    triggers += [r for r in nouns if r["id"] not in filt.drop_ids]
    stale = filt.drop_ids - {c.pattern_id for c in candidates} - {r["id"] for r in nouns}
    if stale:
        raise SystemExit(f"triggers.filter.csv names patterns that do not exist (any more): {sorted(stale)}")
    blockers = [
        record(
            c.pattern_id,
            c.category,
            c.code,
            c.sources,
            c.lines,
            builder.pattern(c.trigger, c.parsed),
            (),
            c.code.subject_is_target,
        )
        for c in blocking
    ]
    return sorted(triggers, key=lambda r: r["id"]), sorted(blockers, key=lambda r: r["id"])


def noun_trigger_records(candidates: list[Candidate], builder: PatternBuilder, report: Report) -> list[dict]:
    """A noun trigger per event phrase; its category is the one most of its light-verb patterns give.
    (The filter is applied by the caller, which also needs the unfiltered ids to spot stale filter rows.)"""
    records = []
    for (head, modifiers), entry in sorted(noun_trigger_candidates(candidates, builder).items()):
        heads = sorted(entry["heads"])
        ranked = sorted(entry["votes"].items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "", kv[0][2]))
        by_category: dict[tuple, int] = defaultdict(int)
        for (category, fine, _code), votes in ranked:
            by_category[(category, fine)] += votes
        best = sorted(by_category.items(), key=lambda kv: -kv[1])
        noun_id = slug("-".join([*(m.lstrip("&") for m in modifiers), head]))
        if len(best) > 1 and best[0][1] == best[1][1]:
            report.skipped[f"noun phrase with tied categories: {noun_id}"] += 1
            continue
        (category, fine), _ = best[0]
        code = next(c for (cat, fi, c), _ in ranked if (cat, fi) == (category, fine))
        fine = NOUN_FINE_TYPES.get((head, category), fine)
        rec_id = f"noun-{noun_id}-{code}"
        match = (
            {"LOWER": {"IN": NOUN_SURFACE_FORMS[head]}}
            if head in NOUN_SURFACE_FORMS
            else {"LEMMA": {"IN": list(heads)}}
        )
        pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {**match, "POS": "NOUN"}}]
        for index, modifier in enumerate(modifiers):
            pattern.append(
                {
                    "LEFT_ID": "trigger",
                    "REL_OP": ">",
                    "RIGHT_ID": f"trigger_mod{index + 1}",
                    "RIGHT_ATTRS": {"DEP": {"IN": MODIFIER_DEPS}, "LEMMA": {"IN": builder.modifier_lemmas(modifier)}},
                }
            )
        records.append(
            {
                "id": rec_id,
                "category": category,
                "fine": fine,
                "cameo": code,
                "pattern": pattern,
                "source": " | ".join(sorted(entry["sources"])),
            }
        )
    return records


# ----------------------------------------------------------------------------------------------------------
# Agents and organisations
# ----------------------------------------------------------------------------------------------------------

# Head words of a title a person holds (kind 'post') and of a collective or its members (kind 'group').
POST_HEADS = {
    "adm.",
    "admiral",
    "advisor",
    "adviser",
    "ambassador",
    "attache",
    "attorney",
    "brigadier",
    "captain",
    "cardinal",
    "chairman",
    "chairwoman",
    "chairperson",
    "chancellor",
    "chief",
    "colonel",
    "commander",
    "commissioner",
    "congressman",
    "congresswoman",
    "congressperson",
    "consul",
    "councillor",
    "councilor",
    "czar",
    "deputy",
    "diplomat",
    "director",
    "emir",
    "emissary",
    "envoy",
    "general",
    "generalissimo",
    "governor",
    "head",
    "imam",
    "judge",
    "king",
    "lawmaker",
    "leader",
    "legislator",
    "lieutenant",
    "lt.",
    "magistrate",
    "major",
    "marshal",
    "mayor",
    "minister",
    "mp",
    "mufti",
    "officer",
    "official",
    "pope",
    "premier",
    "president",
    "prime",
    "prince",
    "princess",
    "prosecutor",
    "queen",
    "rabbi",
    "rapporteur",
    "representative",
    "ruler",
    "secretary",
    "senator",
    "sergeant",
    "sheikh",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "sultan",
    "treasurer",
    "vice-president",
    "viceroy",
}
GROUP_HEADS = {
    "army",
    "battalion",
    "brigade",
    "cartel",
    "coalition",
    "commandos",
    "crowd",
    "faction",
    "fighter",
    "force",
    "forces",
    "gang",
    "gendarmerie",
    "gendarmery",
    "guard",
    "guerrilla",
    "guerilla",
    "infantry",
    "insurgent",
    "jihadist",
    "marine",
    "militant",
    "military",
    "militia",
    "militiaman",
    "mob",
    "navy",
    "opposition",
    "paramilitary",
    "paratrooper",
    "police",
    "policeman",
    "policemen",
    "protester",
    "protestor",
    "demonstrator",
    "rebel",
    "rioter",
    "separatist",
    "soldier",
    "soldiery",
    "squad",
    "terrorist",
    "troop",
    "troops",
    "unit",
    "insurgency",
    "rebellion",
    "junta",
    "platoon",
    "regiment",
    "squadron",
    "mujahideen",
    "mujahedeen",
}


def agent_kind(words: list[str]) -> str:
    """'post' when the phrase names a title a person holds, 'group' when it names a collective (or a member
    of one: rebels, police, troops, protesters), else 'other'. Decided on the head: the last word, or the
    word before 'of'/'for'/'to' ('minister of defence', 'ambassador to the UN')."""
    head_index = len(words) - 1
    for index, word in enumerate(words):
        if word in ("of", "for", "to", "at", "in") and index > 0:
            head_index = index - 1
            break
    head = words[head_index]
    if head in POST_HEADS or head.rstrip("s") in POST_HEADS:
        return "post"
    if head in GROUP_HEADS or head.rstrip("s") in GROUP_HEADS:
        return "group"
    return "other"


# Words after which a phrase's head is no longer its last word: no automatic plural for such phrases.
HEAD_ENDING_WORDS = {"of", "in", "de", "at", "to", "for", "on", "and"}


def regular_plural(phrase: str) -> str:
    """PETRARCH's automatic plural (dictionaries.rst): +IES after Y, +ES after SS, else +S."""
    if phrase.endswith("y") and not phrase.endswith(("ay", "ey", "oy", "uy")):
        return phrase[:-1] + "ies"
    if phrase.endswith("ss"):
        return phrase + "es"
    return phrase + "s"


def agent_words(phrase: str) -> str:
    return " ".join(w for w in re.split(r"[_\s]+", phrase.lower()) if w)


def read_agents(text: str) -> list[dict]:
    substitutions: dict[str, list[str]] = {}
    rows: dict[str, dict] = {}
    for raw in text.splitlines():
        line = strip_comment(raw).strip()
        if not line or line.startswith("<"):
            continue
        sub = re.fullmatch(r"!(\w+)!\s*=\s*(.+)", line)
        if sub:
            substitutions[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        code_match = re.search(r"\[([^\]]*)[\]}]", line)
        if not code_match:
            continue
        code = code_match.group(1).strip()
        body = line[: code_match.start()]
        plural_match = re.search(r"\{([^}]*)\}", body)
        phrase = re.sub(r"\{[^}]*\}", " ", body).strip()
        given_plural = plural_match.group(1).strip() if plural_match else None
        for variant, substituted in expand_substitutions(phrase, substitutions):
            words = agent_words(variant)
            if not words:
                continue
            if substituted or given_plural == "":
                plural = ""  # substitution sets carry their own plurals; '{}' means no plural
            elif given_plural:
                plural = agent_words(given_plural)
            elif words.endswith(("s", " general")) or set(words.split()) & HEAD_ENDING_WORDS:
                # already plural ('alleged militants'), or the head is not last ('aide de camp',
                # 'attorney general': the dictionary lists such plurals itself where it has them)
                plural = ""
            else:
                plural = regular_plural(words)
            entry = rows.setdefault(words, {"phrase": words, "plural": plural, "codes": set()})
            entry["codes"].add(code)
            if plural and not entry["plural"]:
                entry["plural"] = plural
    out = []
    for words, entry in sorted(rows.items()):
        out.append(
            {
                "phrase": words,
                "plural": entry["plural"],
                "codes": " ".join(sorted(entry["codes"])),
                "kind": agent_kind(words.split()),
            }
        )
    return out


def expand_substitutions(phrase: str, substitutions: dict[str, list[str]]) -> list[tuple[str, bool]]:
    match = re.search(r"!(\w+)!", phrase)
    if not match or match.group(1) not in substitutions:
        return [(phrase, False)]
    out = []
    for word in substitutions[match.group(1)]:
        replaced = phrase[: match.start()] + word + phrase[match.end() :]
        out.extend((variant, True) for variant, _ in expand_substitutions(replaced, substitutions))
    return out


# Words that make a name an organisation's rather than a person's (the actor files mix both).
ORGANIZATION_WORDS = {
    "academy",
    "agency",
    "alliance",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "battalion",
    "board",
    "brigade",
    "brigades",
    "bureau",
    "cartel",
    "cells",
    "center",
    "centre",
    "coalition",
    "command",
    "commission",
    "committee",
    "community",
    "company",
    "conference",
    "congress",
    "corporation",
    "corps",
    "council",
    "court",
    "cross",
    "crescent",
    "division",
    "faction",
    "federation",
    "fighters",
    "force",
    "forces",
    "forum",
    "foundation",
    "front",
    "fund",
    "group",
    "groups",
    "guard",
    "guards",
    "initiative",
    "institute",
    "international",
    "league",
    "legion",
    "liberation",
    "militia",
    "mission",
    "movement",
    "network",
    "nuclei",
    "office",
    "organisation",
    "organization",
    "parliament",
    "partnership",
    "party",
    "program",
    "programme",
    "resistance",
    "secretariat",
    "service",
    "society",
    "tribunal",
    "union",
    "unit",
    "units",
    "nations",
    "watch",
    "cell",
    "commandos",
    "mujahideen",
    "mujahedeen",
    "taliban",
    "hamas",
    "hezbollah",
    "hizbollah",
    "jihad",
    "qaeda",
    "qaida",
    "brotherhood",
    "squad",
    "squadron",
    "revolutionary",
    "revolutionaries",
    "rebels",
}


@dataclass
class ActorRecord:
    names: list[str]
    codes: list[str]
    dated: bool


def read_actor_records(text: str) -> list[ActorRecord]:
    """Actor file records: a primary phrase, '+' synonyms, then tab-indented '[CODE dates]' lines (or the
    code on the primary line)."""
    records: list[ActorRecord] = []
    current: ActorRecord | None = None
    for raw in text.splitlines():
        line = strip_comment(raw)
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        name_part = re.sub(r"\[[^\]]*\]", " ", line).strip()
        if raw[:1] in ("\t", " ") and not name_part:
            if current is not None:
                add_codes(current, codes)
            continue
        if name_part.startswith("+") and current is not None:
            for alias in name_part.split("+"):
                if alias.strip():
                    current.names.append(alias.strip())
            add_codes(current, codes)
            continue
        current = ActorRecord([name_part], [], False)
        records.append(current)
        add_codes(current, codes)
    return records


def add_codes(record: ActorRecord, codes: list[str]) -> None:
    for code in codes:
        parts = code.split()
        if not parts:
            continue
        record.codes.append(parts[0])
        if len(parts) > 1:
            record.dated = True


def actor_name(raw: str) -> str:
    return " ".join(w for w in raw.replace("_", " ").split() if w)


def looks_like_organization(names: list[str]) -> bool:
    """Judged on the primary name: an organisation word and not a post ('UN SECRETARY GENERAL', 'SPECIAL
    RAPPORTEUR OF ...' are people), or an acronym ('NATO', 'U.N.', 'UNHCR')."""
    name = names[0]
    words = [w.strip("()'.,").lower() for w in name.split()]
    if agent_kind(words) == "post":
        return False
    if any(w in ORGANIZATION_WORDS for w in words):
        return True
    return len(words) == 1 and len(name) <= 8 and re.fullmatch(r"[A-Z0-9.&-]{2,}", name) is not None


def organization_kind(code: str, armed: bool) -> str | None:
    if armed:
        return "armed_group"
    if code.startswith("IGO"):
        return "igo"
    if code.startswith("NGO"):
        return "ngo"
    return None  # multinational companies (MNC), media and the rest are not organisations we list


def read_organizations(international: str, milnonstate: str) -> list[dict]:
    """One row per (kind, name, code); the dictionaries repeat some records, whose aliases are merged."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for text, armed in ((international, False), (milnonstate, True)):
        for rec in read_actor_records(text):
            if rec.dated or not rec.codes:
                continue  # dated codes belong to people holding a post (secretaries general, commanders)
            names = [n for n in dict.fromkeys(actor_name(n) for n in rec.names) if n]
            # the international file mixes people in; every undated MilNonState record is a group
            if not names or not (armed or looks_like_organization(names)):
                continue
            kind = organization_kind(rec.codes[0], armed)
            if kind is None:
                continue
            aliases = merged.setdefault((kind, names[0], rec.codes[0]), [])
            aliases.extend(n for n in names[1:] if n not in aliases)
    return [
        {"name": name, "aliases": " | ".join(aliases), "code": code, "kind": kind}
        for (kind, name, code), aliases in sorted(merged.items())
    ]


# ----------------------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------------------


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)


def csv_text(rows: list[dict], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def convert(
    petrarch_dir: Path, out_dir: Path, lemmatize: Lemmatizer | None = None, report: Report | None = None
) -> dict[str, int]:
    """Write the four generated files into out_dir (which holds cameo-categories.csv and the filter)."""
    if lemmatize is None:
        from kg.nlp import load_pipeline

        lemmatize = Lemmatizer.from_pipeline(load_pipeline())
    report = report or Report()
    dictionary = read_verb_dictionary((petrarch_dir / "CAMEO.2.0.txt").read_text(encoding="utf-8"))
    categories = CategoryMap.read(out_dir / "cameo-categories.csv")
    filt = Filter.read(out_dir / "triggers.filter.csv")
    triggers, blockers = build_trigger_records(dictionary, lemmatize, categories, filt, report)
    agents = read_agents((petrarch_dir / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace"))
    organizations = read_organizations(
        (petrarch_dir / "Phoenix.International.actors.txt").read_text(encoding="utf-8", errors="replace"),
        (petrarch_dir / "Phoenix.MilNonState.actors.txt").read_text(encoding="utf-8", errors="replace"),
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "triggers.petrarch2.jsonl").write_text(jsonl(triggers), encoding="utf-8")
    (out_dir / "triggers.petrarch2.blockers.jsonl").write_text(jsonl(blockers), encoding="utf-8")
    (out_dir / "agents.petrarch2.csv").write_text(
        csv_text(agents, ["phrase", "plural", "codes", "kind"]), encoding="utf-8"
    )
    (out_dir / "organizations.petrarch2.csv").write_text(
        csv_text(organizations, ["name", "aliases", "code", "kind"]), encoding="utf-8"
    )
    return {
        "triggers": len(triggers),
        "blockers": len(blockers),
        "agents": len(agents),
        "organizations": len(organizations),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("petrarch_dir", type=Path, help="folder with CAMEO.2.0.txt and the Phoenix.* files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "kg/extract/lexicon")
    args = parser.parse_args(argv)
    report = Report()
    counts = convert(args.petrarch_dir, args.out, report=report)
    print(", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
    report.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
