"""Datelines: the place a report is filed from, opening its text ("ISLAMABAD: ...", "Ankara (UNA/QNA) – ...").

Every reader sets Article.dateline from find_dateline(body); the extraction reads it as a hint for where events
happened.
"""

from __future__ import annotations

import re

# "ISLAMABAD:", "UNITED NATIONS (AP) —", "KABUL, Afghanistan -": an upper-case place name opening the text.
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]*(?:[ /][A-Z][A-Z.'’-]*){0,3})"
    r"(?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s*(?:\([^()\n]{1,40}\))?\s*(?::|—|–|--?)\s+\S"
)

# "Ankara (UNA/QNA) –", "Metro Manila, Philippines —", "Aden, May 3 -": a capitalised place written in
# mixed case. Every word must be capitalised, so "President Biden said –" or "The talks, held in Doha –"
# never match; a dash (or colon) needs a space after it so a hyphenated name is not cut, and a sentence
# opening after it: "David Blunkett - who has resigned -" is an aside, not a dateline. A bare colon
# is a label ("Result: Nadal ..."), so a colon counts only after a country, a date or an agency.
_NAME_WORD = r"[A-Z][\w.'’-]*"
_DAY_MONTH = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
TITLE_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][a-z][\w.'’-]*(?: {_NAME_WORD}){{0,3}})"
    rf"(?P<more>(?:,\s*{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})?(?:,?\s+{_DAY_MONTH}(?:,?\s+\d{{4}})?)?"
    r"\s*(?:\([^()\n]{1,40}\))?)\s*(?P<mark>:|—|–|--?)\s+[\"'“‘]?[A-Z0-9]"
)
# Capitalised words that open a sentence, a title or a kicker ("Analysis:", "Foreign Minister Wang Yi –"),
# never part of a place a reporter files from.
NOT_PLACE_WORDS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "in",
    "on",
    "at",
    "as",
    "for",
    "by",
    "from",
    "with",
    "after",
    "before",
    "when",
    "while",
    "but",
    "and",
    "or",
    "if",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "president",
    "prime",
    "minister",
    "ministers",
    "secretary",
    "general",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "ambassador",
    "envoy",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "chairman",
    "chief",
    "leader",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "update",
    "updated",
    "analysis",
    "opinion",
    "editorial",
    "exclusive",
    "breaking",
    "watch",
    "explained",
    "explainer",
    "live",
    "photos",
    "video",
    "note",
    "editor's",
    "editor’s",
    "comment",
    "commentary",
    "review",
    "interview",
    "read",
    "also",
    "related",
    "summary",
    "factbox",
    "timeline",
    "highlights",
    "warning",
    "correction",
    "source",
    "sources",
    "report",
    "news",
}


def find_dateline(text: str) -> str | None:
    """The dateline place at the start of the text ("ISLAMABAD: ..." -> "ISLAMABAD"), if any."""
    m = DATELINE.match(text)
    if m:
        place = m["place"].strip(" .-")
        letters = [c for c in place if c.isalpha()]
        return place if len(letters) >= 2 else None
    m = TITLE_DATELINE.match(text)
    if not m:
        return None
    if m["mark"] == ":" and not m["more"].strip():
        return None
    place = m["place"].strip(" .-")
    if any(word.lower() in NOT_PLACE_WORDS for word in place.split()):
        return None
    return place
