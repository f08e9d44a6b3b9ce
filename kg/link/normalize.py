"""Name normalisation shared by the knowledge-base builder and lookups: one spelling per name."""

from __future__ import annotations

import re
import unicodedata

# British and American spellings of the words that recur in organisation names meet on one form.
_SPELLINGS = {
    "organisation": "organization",
    "organisations": "organizations",
    "defence": "defense",
    "centre": "center",
    "programme": "program",
}
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s\b")


def fold(text: str) -> str:
    """Accents removed, NFKC compatibility forms folded: "Türkiye" -> "Turkiye"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def norm(name: str) -> str:
    """The lookup form of a name: "the U.S." -> "us", "Türkiye's" -> "turkiye", "Sana'a" -> "sanaa"."""
    text = fold(name).lower().replace("&", " and ")
    text = _POSSESSIVE.sub("", text)
    # Dots and apostrophes join letters ("U.S.", "Sana'a"); other punctuation separates words.
    text = re.sub(r"[.'’`ʻʼ]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = _LEADING_THE.sub("", text)
    return " ".join(_SPELLINGS.get(w, w) for w in text.split())


def is_latin(name: str) -> bool:
    """True when the name is written in the Latin alphabet (accents allowed), so English text can carry it."""
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) for c in unicodedata.normalize("NFKD", name))


def is_acronym(name: str) -> bool:
    """ "UN", "U.S.", "ECOWAS", "G20": an upper-case short form that text must match case for case."""
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    return bool(letters) and len(letters) <= 8 and letters.upper() == letters and " " not in name.strip()
