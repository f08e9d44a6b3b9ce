"""The model's attribute_ruler, run as a table: the same rules, the same annotations, a fraction of the time.

en_core_web_sm's attribute_ruler maps each token's fine tag (and a few words) to its coarse POS, morphology and
some lemmas with 179 rules, run by spaCy's Matcher at every token of every Doc: a seventh of the whole model's
time on news text (measured: 3.3 of 23.5 CPU-seconds per 300 BBC articles), more than all our extraction
components together. Almost every rule looks at one token, and a token's answer depends only on the few
attributes the rules read (tag, lower-case form, dependency label, whether it is white space), so the answer for
such a token is worked out once per distinct combination and then looked up. Rules over two or more tokens are
checked where their first token's combination allows them.

What comes out is what the ruler gives: rules are applied in the ruler's own order, matching reads the Doc as it
was before any rule wrote, and a later rule's value wins (spaCy's AttributeRuler.match/set_annotations).
tests/test_attribute_table.py compares the two on whole articles. A ruler with a pattern this table cannot read
(an operator, an attribute outside TOKEN_ATTRS) is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a rule may test, read from Doc.to_array; text ones are compared as strings.
TOKEN_ATTRS = {"ORTH": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "POS": POS, "DEP": DEP, "IS_SPACE": IS_SPACE}
# What a rule may set, written back with Doc.from_array.
WRITABLE = {"POS": POS, "TAG": TAG, "DEP": DEP, "MORPH": MORPH, "LEMMA": LEMMA}
_OPERATORS = {"IN", "NOT_IN", "REGEX"}
# Distinct attribute combinations kept; news text has some tens of thousands, a runaway stream is cut back.
MAX_CACHE = 500_000

Value = str | bool  # a token attribute as the rules compare it (IS_SPACE a bool, the others strings)
Row = tuple[int, ...]  # a token's attributes as Doc.to_array gives them (string hashes, IS_SPACE 0 or 1)
# For one Row: the values its one-token rules set (attribute -> value), the rules whose longer patterns may start there.
Answer = tuple[dict[int, int], tuple[int, ...]]


class Unsupported(ValueError):
    """A ruler pattern outside what the table reads: the model's own component stays."""


class _Test:
    """One token of a pattern: {"TAG": "NN", "LOWER": {"IN": [...]}, ...} as a test on a token's attributes."""

    def __init__(self, spec: dict[str, Any]):
        # (attribute, operator, what it wants: a value, a frozenset of values, or a compiled regex for "regex")
        self.checks: list[tuple[str, str, Any]] = []
        for name, want in spec.items():
            if name not in TOKEN_ATTRS:
                raise Unsupported(f"attribute {name}")
            if isinstance(want, dict):
                if not want or set(want) - _OPERATORS:
                    raise Unsupported(f"operator {sorted(want)}")
                for op, value in want.items():
                    if op == "REGEX":
                        self.checks.append((name, "regex", re.compile(value)))
                    else:
                        self.checks.append((name, op, frozenset(_value(name, v) for v in value)))
            else:
                self.checks.append((name, "==", _value(name, want)))

    def holds(self, token: dict[str, Value]) -> bool:
        for name, op, want in self.checks:
            have = token[name]
            if op == "==":
                ok = have == want
            elif op == "IN":
                ok = have in want
            elif op == "NOT_IN":
                ok = have not in want
            else:
                ok = isinstance(have, str) and want.search(have) is not None
            if not ok:
                return False
        return True


def _value(name: str, value: object) -> Value:
    return bool(value) if name == "IS_SPACE" else str(value)


class AttributeTable:
    """The rules of an AttributeRuler, applied by lookup (see the module comment)."""

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]):
        self.vocab = nlp.vocab
        self.rules: list[tuple[list[list[_Test]], dict[int, int], int]] = []
        for rule in patterns:
            tests = [[_Test(spec) for spec in pattern] for pattern in rule["patterns"]]
            for pattern in tests:
                if not pattern or not -len(pattern) <= rule.get("index", 0) < len(pattern):
                    raise Unsupported(f"index {rule.get('index')} outside a pattern of {len(pattern)}")
            self.rules.append((tests, self._values(rule["attrs"]), rule.get("index", 0)))
        # only what the rules test: fewer attributes, fewer distinct combinations to work out
        self.names = sorted(
            {
                name
                for patterns, _, _ in self.rules
                for pattern in patterns
                for test in pattern
                for name, _, _ in test.checks
            }
        ) or ["LOWER"]
        self.read: list[int | str] = [TOKEN_ATTRS[n] for n in self.names]
        self.written: list[int | str] = sorted({attr for _, values, _ in self.rules for attr in values})
        self._cache: dict[Row, Answer] = {}
        self._index_rules()

    def _index_rules(self) -> None:
        """Each rule filed under a value its patterns' first token must have (a tag, a word), so working out a new
        combination tests the few rules that can hold for it, not all of them (~130 µs -> a few)."""
        self._by_value: dict[tuple[str, object], set[int]] = {}
        self._always: set[int] = set()
        for number, (patterns, _, _) in enumerate(self.rules):
            for pattern in patterns:
                check = next((c for c in pattern[0].checks if c[1] in ("==", "IN")), None)
                if check is None:
                    self._always.add(number)
                    continue
                name, op, want = check
                for value in [want] if op == "==" else want:
                    self._by_value.setdefault((name, value), set()).add(number)

    def _candidates(self, token: dict[str, Value]) -> list[int]:
        numbers = set(self._always)
        for name, value in token.items():
            numbers |= self._by_value.get((name, value), set())
        return sorted(numbers)

    def _values(self, attrs: dict[str, str]) -> dict[int, int]:
        out = {}
        for name, value in attrs.items():
            if name not in WRITABLE:
                raise Unsupported(f"sets {name}")
            if name == "MORPH":  # the key spaCy's set_token_attrs stores: that of the normalised feature string
                out[MORPH] = self.vocab.morphology.add(value)
            else:
                out[WRITABLE[name]] = self.vocab.strings.add(value)
        return out

    def _token(self, row: Row) -> dict[str, Value]:
        strings = self.vocab.strings
        return {name: (bool(v) if name == "IS_SPACE" else strings[v]) for name, v in zip(self.names, row, strict=True)}

    def _answers(self, row: Row) -> Answer:
        """For one combination of attributes: (values its one-token rules set, in rule order, folded;
        rule numbers whose longer patterns may start here)."""
        hit = self._cache.get(row)
        if hit is None:
            token = self._token(row)
            folded: dict[int, int] = {}
            starts = []
            for number in self._candidates(token):
                patterns, values, _ = self.rules[number]
                if any(len(p) == 1 and p[0].holds(token) for p in patterns):
                    folded.update(values)
                if any(len(p) > 1 and p[0].holds(token) for p in patterns):
                    starts.append(number)
            if len(self._cache) >= MAX_CACHE:
                self._cache.clear()
            hit = self._cache[row] = (folded, tuple(starts))
        return hit

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.written:
            return doc
        rows = [tuple(r) for r in doc.to_array(self.read).tolist()]
        answers = [self._answers(row) for row in rows]
        longer = self._longer_matches(doc, rows, answers)
        out = doc.to_array(self.written)
        column = {attr: j for j, attr in enumerate(self.written)}
        for i, (folded, _) in enumerate(answers):
            if i in longer:
                folded = self._refold(rows[i], longer[i])
            for attr, value in folded.items():
                out[i, column[attr]] = value
        # Doc.to_array's stub says float64; it gives the uint64 array from_array takes back
        doc.from_array(self.written, out)  # type: ignore[arg-type]
        return doc

    def _longer_matches(self, doc: Doc, rows: list[Row], answers: list[Answer]) -> dict[int, set[int]]:
        """token -> numbers of rules with a pattern of two or more tokens that sets it (rare: "gon na")."""
        found: dict[int, set[int]] = {}
        for start, (_, starts) in enumerate(answers):
            for number in starts:
                patterns, _, index = self.rules[number]
                for pattern in patterns:
                    end = start + len(pattern)
                    if (
                        len(pattern) > 1
                        and end <= len(rows)
                        and all(test.holds(self._token(rows[start + k])) for k, test in enumerate(pattern))
                    ):
                        found.setdefault(start + index if index >= 0 else end + index, set()).add(number)
        return found

    def _refold(self, row: Row, extra: set[int]) -> dict[int, int]:
        """A token's values when rules of longer patterns also set it: every matching rule in the ruler's order."""
        token = self._token(row)
        folded: dict[int, int] = {}
        for number, (patterns, values, _) in enumerate(self.rules):
            if number in extra or any(len(p) == 1 and p[0].holds(token) for p in patterns):
                folded.update(values)
        return folded


def table_for(nlp: Language, name: str = "attribute_ruler") -> AttributeTable | None:
    """The table of the model's attribute ruler, or None when it has none or a rule the table cannot read."""
    ruler = _ruler(nlp, name)
    if ruler is None:
        return None
    try:
        return AttributeTable(nlp, ruler.patterns)
    except Unsupported:
        return None


def use_attribute_table(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Runs the model's attribute ruler as a table (same name, same place in the pipeline); False if it cannot."""
    ruler = _ruler(nlp, name)
    if ruler is None or table_for(nlp, name) is None:
        return False
    patterns = ruler.patterns
    nlp.replace_pipe(name, "kg_attribute_table", config={"patterns": patterns})
    return True


def _ruler(nlp: Language, name: str) -> AttributeRuler | None:
    """The pipeline's attribute ruler of that name (None when there is none, or it already runs as a table)."""
    pipe = nlp.get_pipe(name) if name in nlp.pipe_names else None
    return pipe if isinstance(pipe, AttributeRuler) else None


@Language.factory("kg_attribute_table", default_config={"patterns": []})
def make_attribute_table(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeTable:
    return AttributeTable(nlp, patterns)


__all__ = ["AttributeTable", "table_for", "use_attribute_table"]
