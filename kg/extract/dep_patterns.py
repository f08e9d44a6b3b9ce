"""spaCy DependencyMatcher patterns, matched only where their trigger's lemma stands.

spaCy's DependencyMatcher runs every node of every pattern over every token, and a set-valued attribute ("LEMMA":
{"IN": [...]}) is a Python predicate: with the ~2,500 trigger patterns of the lexicon it took 0.6 s per article
(measured on BBC politics), more than the parser. Every trigger pattern names its trigger's lemmas, so here a
pattern is tried only at tokens with one of them, and its other nodes only among the tokens its relation
operators reach. The semantics are spaCy's (same attributes, same operators, same sentence bounds);
tests/test_trigger_rules.py checks the two agree on every rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # strings.pyx has it, strings.pyi leaves it out
from spacy.tokens import Doc, Span, Token

# One node's token attributes in spaCy's pattern syntax ({"LEMMA": {"IN": [...]}, "_": {"kg_pos": "VERB"}}).
Attrs = dict[str, Any]
TokenTest = Callable[[Token], bool]
ValueTest = Callable[[Any], bool]  # of an attribute's value: a string, or what an extension's getter gives
Getter = Callable[[Token], Any]
Operator = Callable[[Token], list[Token]]  # the tokens a relation reaches from a token

_GETTERS: dict[str, Getter] = {
    "LEMMA": lambda t: t.lemma_,
    "LOWER": lambda t: t.lower_,
    "TEXT": lambda t: t.text,
    "ORTH": lambda t: t.text,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ENT_TYPE": lambda t: t.ent_type_,
}


def _sent(tok: Token) -> Span:
    """The span of the token's dependency tree (spaCy's bound for the order operators)."""
    root = (list(tok.ancestors) or [tok])[-1]
    return tok.doc[root.left_edge.i : root.right_edge.i + 1]


# The relation operators, as spaCy defines them (spacy/matcher/dependencymatcher.pyx): the tokens `op` reaches
# from a token.
_OPS: dict[str, Operator] = {
    "<": lambda t: [] if t.head.i == t.i else [t.head],
    ">": lambda t: list(t.children),
    "<<": lambda t: list(t.ancestors),
    ">>": lambda t: [d for d in t.subtree if d.i != t.i],
    ".": lambda t: [t.doc[t.i + 1]] if t.i + 1 < _sent(t).end else [],
    ".*": lambda t: list(t.doc[t.i + 1 : _sent(t).end]),
    ";": lambda t: [t.doc[t.i - 1]] if t.i - 1 >= _sent(t).start else [],
    ";*": lambda t: list(t.doc[_sent(t).start : t.i]),
    "$+": lambda t: [c for c in t.head.children if c.i == t.i + 1],
    "$-": lambda t: [c for c in t.head.children if c.i == t.i - 1],
    "$++": lambda t: [c for c in t.head.children if c.i > t.i],
    "$--": lambda t: [c for c in t.head.children if c.i < t.i],
    ">+": lambda t: [c for c in t.rights if c.i == t.i + 1],
    ">-": lambda t: [c for c in t.lefts if c.i == t.i - 1],
    ">++": lambda t: list(t.rights),
    ">--": lambda t: list(t.lefts),
    "<+": lambda t: [t.head] if t.head.i == t.i + 1 else [],
    "<-": lambda t: [t.head] if t.head.i == t.i - 1 else [],
    "<++": lambda t: [t.head] if t.head.i > t.i else [],
    "<--": lambda t: [t.head] if t.head.i < t.i else [],
}


def _test(value: Any) -> ValueTest:
    if not isinstance(value, dict):
        return lambda v: v == value
    ((kind, arg),) = value.items()
    if kind == "IN":
        allowed = frozenset(arg)
        return lambda v: v in allowed
    if kind == "NOT_IN":
        banned = frozenset(arg)
        return lambda v: v not in banned
    if kind == "REGEX":
        rx = re.compile(arg)
        return lambda v: rx.search(v) is not None
    raise ValueError(f"unsupported token attribute test {kind!r}")


def _predicate(attrs: Attrs) -> TokenTest:
    """A token test from a pattern node's RIGHT_ATTRS."""
    checks: list[tuple[Getter, ValueTest]] = []
    derived: list[tuple[Getter, ValueTest]] = []  # custom attributes: computed, so tested after the stored ones
    for key, value in attrs.items():
        if key == "_":
            for name, v in value.items():
                derived.append((_extension_getter(name), _test(v)))
        elif key in _GETTERS:
            checks.append((_GETTERS[key], _test(value)))
        else:
            raise ValueError(f"unsupported token attribute {key!r}")
    checks += derived
    # Every trigger's pattern runs this at dozens of tokens per article: one or two tests, spelled out
    if not checks:
        return lambda t: True
    if len(checks) == 1:
        ((get, test),) = checks
        return lambda t: test(get(t))
    if len(checks) == 2:
        (get1, test1), (get2, test2) = checks
        return lambda t: test1(get1(t)) and test2(get2(t))
    return lambda t: all(test(get(t)) for get, test in checks)


def _extension_getter(name: str) -> Getter:
    """token._.name: the extension's own getter called directly when it has one (no Underscore object per call)."""
    ext = Token.get_extension(name)
    if ext is not None and ext[2] is not None:
        return ext[2]
    return lambda t: getattr(t._, name)


def _lemmas(attrs: Attrs) -> frozenset[str] | None:
    """The lemmas (or words) a node requires, from LEMMA, LOWER or the kg_lemma extension; None when it names none."""
    for value in (attrs.get("LEMMA"), (attrs.get("_") or {}).get("kg_lemma"), attrs.get("LOWER")):
        if isinstance(value, str):
            return frozenset([value])
        if isinstance(value, dict) and set(value) == {"IN"}:
            return frozenset(value["IN"])
    return None


@dataclass
class _Pattern:
    """A checked pattern whose token tests are made the first time it is tried: of 2,600 trigger patterns an
    article set needs a few hundred, and making them all took a tenth of a second at every start."""

    key: str
    spec: list[Attrs]
    needs: list[frozenset[int]]  # for each other node that names its words: their hashes (one must be in the doc)
    root: TokenTest | None = None
    nodes: list[tuple[int, Operator, TokenTest]] | None = None  # (left node's position, operator, token test)

    def holds_at(self, tok: Token) -> bool:
        root, nodes = self.root, self.nodes
        if root is None or nodes is None:
            root, nodes = self.root, self.nodes = self._make_tests()
        if not root(tok):
            return False
        return next(_assign(nodes, [tok], 0), None) is not None

    def _make_tests(self) -> tuple[TokenTest, list[tuple[int, Operator, TokenTest]]]:
        ids = {self.spec[0]["RIGHT_ID"]: 0}
        nodes = []
        for k, node in enumerate(self.spec[1:], start=1):
            nodes.append((ids[node["LEFT_ID"]], _OPS[node["REL_OP"]], _predicate(node["RIGHT_ATTRS"])))
            ids[node["RIGHT_ID"]] = k
        return _predicate(self.spec[0]["RIGHT_ATTRS"]), nodes


def _assign(nodes: list[tuple[int, Operator, TokenTest]], chosen: list[Token], k: int) -> Iterator[list[Token]]:
    """Each way of matching the pattern's nodes from the k-th on, given the tokens chosen for the ones before."""
    if k == len(nodes):
        yield chosen
        return
    left, op, test = nodes[k]
    for cand in op(chosen[left]):
        if test(cand):
            yield from _assign(nodes, chosen + [cand], k + 1)


class LemmaIndexedMatcher:
    """add(key, patterns) and __call__(doc) -> [(key, trigger token index)], one per key and token.

    A pattern is tried only at a token whose lemma or lower-case form is one its trigger names (an index by string
    hash, read from doc.to_array without making Token objects), and only when every other node that names its words
    has one of them somewhere in the doc. Both are supersets of what can match; the pattern itself decides."""

    def __init__(self, aliases: dict[str, str] | None = None):
        # aliases: other words whose tokens may carry a trigger lemma (the irregular pasts the kg_lemma extension
        # mends: "retook" -> retake)
        self._aliases: dict[str, list[str]] = {}
        for word, lemma in (aliases or {}).items():
            self._aliases.setdefault(lemma, []).append(word)
        self._by_hash: dict[int, list[_Pattern]] = {}
        self._anywhere: list[_Pattern] = []
        self._keys: frozenset[int] = frozenset()

    def add(self, key: str, patterns: list[list[Attrs]]) -> None:
        for pattern in patterns:
            compiled = _compile(key, pattern)
            found = _lemmas(pattern[0]["RIGHT_ATTRS"])
            if found is None:
                self._anywhere.append(compiled)
                continue
            words = set(found) | {w.lower() for w in found}
            words |= {a for w in found for a in self._aliases.get(w.lower(), ())}
            for word in words:
                self._by_hash.setdefault(hash_string(word), []).append(compiled)
        self._keys = frozenset(self._by_hash)

    def __call__(self, doc: Doc) -> list[tuple[str, int]]:
        if not len(doc):
            return []
        words = doc.to_array([LEMMA, LOWER])
        lemmas, lowers = words[:, 0].tolist(), words[:, 1].tolist()
        present = set(lemmas) | set(lowers)
        hits: Sequence[int]
        if self._anywhere:  # a pattern naming no lemma is tried everywhere
            hits = range(len(doc))
        else:
            keys = self._keys  # a set lookup per word: a tenth of np.isin's time on an article
            hits = [
                i for i, (lemma, lower) in enumerate(zip(lemmas, lowers, strict=True)) if lemma in keys or lower in keys
            ]
        out: list[tuple[str, int]] = []
        by_hash = self._by_hash
        fits: dict[int, bool] = {}  # id(pattern) -> every other word it names is in the doc
        usable: dict[int, list[_Pattern]] = {}  # word hash -> its patterns that fit the doc

        def fit(p: _Pattern) -> bool:
            ok = fits.get(id(p))
            if ok is None:
                ok = fits[id(p)] = all(not need.isdisjoint(present) for need in p.needs)
            return ok

        def usable_at(h: int) -> list[_Pattern]:
            found = usable.get(h)
            if found is None:
                found = usable[h] = [p for p in by_hash.get(h, ()) if not p.needs or fit(p)]
            return found

        anywhere = [p for p in self._anywhere if fit(p)]
        for i in hits:
            lemma, lower = lemmas[i], lowers[i]
            tok = doc[i]
            seen: set[str] = set()
            for cands in (usable_at(lemma), usable_at(lower) if lower != lemma else (), anywhere):
                for p in cands:
                    if p.key not in seen and p.holds_at(tok):
                        seen.add(p.key)
                        out.append((p.key, i))
        return out


def _compile(key: str, pattern: list[Attrs]) -> _Pattern:
    """The pattern checked now (a mistake in the data shows when the rules load, not when a text first needs them);
    its token tests are made on first use."""
    ids = {pattern[0]["RIGHT_ID"]}
    _check_attrs(key, pattern[0]["RIGHT_ATTRS"])
    for node in pattern[1:]:
        if node["LEFT_ID"] not in ids:
            raise ValueError(f"{key}: node {node['RIGHT_ID']!r} refers to {node['LEFT_ID']!r} before it is defined")
        if node["REL_OP"] not in _OPS:
            raise ValueError(f"{key}: unsupported operator {node['REL_OP']!r}")
        _check_attrs(key, node["RIGHT_ATTRS"])
        ids.add(node["RIGHT_ID"])
    needs = []
    for node in pattern[1:]:
        attrs = node["RIGHT_ATTRS"]
        if "_" not in attrs and (
            isinstance(attrs.get("LEMMA"), (str, dict)) or isinstance(attrs.get("LOWER"), (str, dict))
        ):
            words = _lemmas(attrs)
            if words:
                needs.append(frozenset(hash_string(w) for w in words))
    return _Pattern(key, pattern, needs)


def _check_attrs(key: str, attrs: Attrs) -> None:
    """What _predicate and _test accept, checked without making the tests."""
    tests = [v for name, v in attrs.items() if name != "_"] + list((attrs.get("_") or {}).values())
    for name in attrs:
        if name != "_" and name not in _GETTERS:
            raise ValueError(f"{key}: unsupported token attribute {name!r}")
    for value in tests:
        if isinstance(value, dict) and (len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX")):
            raise ValueError(f"{key}: unsupported token attribute test {value!r}")
        if isinstance(value, dict) and "REGEX" in value:
            re.compile(value["REGEX"])  # a broken expression fails here (and the compiled one is re's to keep)
