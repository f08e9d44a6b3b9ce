"""Trigger rules as data: lexicon/triggers.yaml (hand-written) and triggers.*.jsonl (generated) compiled into
spaCy DependencyMatcher and Matcher patterns. The format is described at the top of triggers.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import srsly

from ..vocab import EventCategory, is_event_category
from .dep_patterns import Attrs
from .vocabulary import LEXICON_DIR, read_yaml, words

# Short attribute names of the rules file -> spaCy token attributes.
_ATTRS = {"lemma": "LEMMA", "lower": "LOWER", "pos": "POS", "tag": "TAG", "dep": "DEP", "ent_type": "ENT_TYPE"}
_REGEX = {"lower_regex": "LOWER", "text_regex": "TEXT"}


@dataclass
class TriggerRule:
    id: str
    category: EventCategory | None  # None: a blocker (a more specific pattern for what we do not extract)
    fine: str | None
    order: int  # place in the files: the earlier of two equally specific rules wins
    source: str  # "triggers.yaml" or a generated file
    cameo: str | None = None
    trigger: Attrs | None = None  # DependencyMatcher RIGHT_ATTRS of the trigger node
    when: list[list[Attrs]] = field(default_factory=list)  # alternatives: DependencyMatcher node chains
    when_absent: list[list[Attrs]] = field(default_factory=list)  # alternatives that hold when the chain is absent
    unless: list[list[Attrs]] = field(default_factory=list)
    phrase: list[Attrs] | None = None  # Matcher token patterns
    head: int = 0
    raw: list[Attrs] | None = None  # a generated rule's whole DependencyMatcher pattern (trigger node first)
    examples: list[str] = field(default_factory=list)  # the trigger word in [brackets]
    counter_examples: list[str] = field(default_factory=list)

    @property
    def specificity(self) -> int:
        if self.raw is not None:
            return len(self.raw) - 1
        return (len(self.phrase) * 10 if self.phrase else 0) + max(
            (len(c) for c in self.when + self.when_absent), default=0
        )

    def phrase_pattern(self) -> list[Attrs]:
        """A phrase as one dependency pattern anchored on its head word: each other word immediately before (";")
        or after (".") its neighbour, so phrases are matched where their head word stands, like every rule."""
        phrase, head = self.phrase, self.head
        if phrase is None:
            raise ValueError(f"rule {self.id} has no phrase")
        pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": phrase[head]}]
        for k in range(head + 1, len(phrase)):
            pattern.append(
                {
                    "LEFT_ID": "trigger" if k == head + 1 else f"w{k - 1}",
                    "REL_OP": ".",
                    "RIGHT_ID": f"w{k}",
                    "RIGHT_ATTRS": phrase[k],
                }
            )
        for k in range(head - 1, -1, -1):
            pattern.append(
                {
                    "LEFT_ID": "trigger" if k == head - 1 else f"w{k + 1}",
                    "REL_OP": ";",
                    "RIGHT_ID": f"w{k}",
                    "RIGHT_ATTRS": phrase[k],
                }
            )
        return pattern

    def patterns(self, chains: list[list[Attrs]]) -> list[list[Attrs]]:
        """Full DependencyMatcher patterns, the trigger first, for each chain (or the trigger alone)."""
        if self.raw is not None:
            return [self.raw] if chains is self.when else []
        out = []
        if chains is self.when and not chains and self.when_absent:
            return []  # only "absent" alternatives: see TriggerMatcher
        for chain in chains or [[]]:
            pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": self.trigger}]
            for k, node in enumerate(chain):
                node = dict(node)
                left = node.pop("of", k - 1)
                pattern.append(
                    {
                        "LEFT_ID": "trigger" if left in ("trigger", -1) else f"n{left}",
                        "REL_OP": node.pop("rel"),
                        "RIGHT_ID": f"n{k}",
                        "RIGHT_ATTRS": _attrs(node),
                    }
                )
            out.append(pattern)
        return out


def _expand(value: Any) -> Any:
    """A value of the rules file: "@file.key" (or several joined by "|") stands for word lists."""
    if isinstance(value, str) and value.startswith("@"):
        out: set[str] = set()
        for ref in value.split("|"):
            name, _, key = ref.lstrip("@").partition(".")
            out |= trigger_nouns() if (name, key) == ("triggers", "nouns") else words(name, key)
        return sorted(out)
    return value


def _attrs(node: Attrs) -> Attrs:
    """Token attributes in spaCy's pattern syntax from the short form ("lemma: [a, b]", "not_pos: PROPN")."""
    out: Attrs = {}
    for key, value in node.items():
        value = _expand(value)
        if key in _REGEX:
            out[_REGEX[key]] = {"REGEX": value}
        elif key.startswith("not_"):
            out[_ATTRS[key[4:]]] = {"NOT_IN": value if isinstance(value, list) else [value]}
        else:
            out[_ATTRS[key]] = {"IN": value} if isinstance(value, list) else value
    return out


def _trigger_attrs(node: Attrs) -> Attrs:
    """The trigger node: `lemma` and `pos` are the mended ones of the token extensions (kg/extract/triggers.py)."""
    node = dict(node)
    ext = {}
    if "lemma" in node:
        lemma = _expand(node.pop("lemma"))
        ext["kg_lemma"] = {"IN": lemma} if isinstance(lemma, list) else lemma
    if "pos" in node:
        ext["kg_pos"] = node.pop("pos")
    out = _attrs(node)
    if ext:
        out["_"] = ext
    return out


def _category(value: object, source: str, rule_id: str) -> EventCategory | None:
    """A rule's category as the file gives it: one of the contract's, or null for a blocker."""
    if value is None:
        return None
    if not isinstance(value, str) or not is_event_category(value):
        raise ValueError(f"{source}: rule {rule_id}: {value!r} is no event category")
    return value


def _from_yaml(item: dict[str, Any], order: int) -> TriggerRule:
    rule = TriggerRule(
        id=item["id"],
        category=_category(item["category"], "triggers.yaml", item["id"]),
        fine=item.get("fine"),
        order=order,
        source="triggers.yaml",
        cameo=item.get("cameo"),
        head=item.get("head", 0),
        examples=item.get("examples") or [],
        counter_examples=item.get("not") or [],
    )
    if "phrase" in item:
        rule.phrase = item["phrase"]
    else:
        rule.trigger = _trigger_attrs(item["trigger"])
        alternatives = item.get("when") or []
        rule.when = [alt for alt in alternatives if isinstance(alt, list)]
        rule.when_absent = [alt["absent"] for alt in alternatives if isinstance(alt, dict)]
        rule.unless = item.get("unless") or []
    return rule


def _from_jsonl(item: dict[str, Any], order: int, source: str) -> TriggerRule:
    """A generated rule: its `pattern` is a DependencyMatcher pattern whose first node is the trigger."""
    pattern = item["pattern"]
    if pattern[0]["RIGHT_ID"] != "trigger":
        raise ValueError(f"{source}: rule {item['id']}: the first pattern node must be the trigger")
    return TriggerRule(
        id=item["id"],
        category=_category(item["category"], source, item["id"]),
        fine=item.get("fine"),
        order=order,
        source=source,
        cameo=item.get("cameo"),
        trigger=pattern[0]["RIGHT_ATTRS"],
        raw=pattern,
    )


@functools.cache
def _hand_written() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = read_yaml(LEXICON_DIR / "triggers.yaml")
    return items


@functools.cache
def rules() -> tuple[TriggerRule, ...]:
    """Every trigger rule: the hand-written file, then each generated one (file names in sorted order)."""
    out: list[TriggerRule] = []
    for item in _hand_written():
        out.append(_from_yaml(item, len(out)))
    for path in sorted(LEXICON_DIR.glob("triggers.*.jsonl")):
        for item in srsly.read_jsonl(path):
            out.append(_from_jsonl(item, len(out), path.name))
    return tuple(out)


@functools.cache
def trigger_nouns() -> frozenset[str]:
    """The lemmas of the hand-written noun triggers ("hosted the talks": a gathering to host)."""
    out: set[str] = set()
    for item in _hand_written():
        trig = item.get("trigger") or {}
        if trig.get("pos") == "NOUN" and isinstance(trig.get("lemma"), (list, str)):
            lemma = trig["lemma"]
            out |= set(lemma if isinstance(lemma, list) else [lemma])
    return frozenset(out)
