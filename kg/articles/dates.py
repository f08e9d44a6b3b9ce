"""Publication dates as the readers meet them: a `Published:` value, a JSON line's "published", and a scraped page's
date line ("Updated 27 October 2025", "Published: Oct 27, 2025 10:32 GMT").

Each yields an ISO day ("2025-10-27") or nothing: a publication date is a day or unknown (CONTRACT.md). Dates in the
article text, at whatever precision the words give, are kg/extract/dates.py's job; both read the one month table.
"""

from __future__ import annotations

import re
from datetime import date

from ..wordtables import month_numbers

MONTHS = month_numbers()
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:[\s,|-]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)?"
# A page's date line: "Updated 27 October 2025", "Published: Oct 27, 2025 10:32 GMT", or a date alone.
DATE_LINE = re.compile(
    rf"^\s*(?:(?P<kind>last\s+updated|updated|published|posted|first\s+published)(?:\s+on)?\s*:?\s*)?"
    rf"{_WEEKDAY}(?P<date>.{{6,30}}?){_TIME}\s*$",
    re.I,
)
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}([T ]|$)")
_UNKNOWN = ("unknown", "n/a", "none", "null")


def parse_date(text: str) -> str | None:
    """An ISO date from "2025-10-27", "27 October 2025", "Oct. 27, 2025" (None when it is no real date)."""
    for form in _DATE_FORMS:
        m = form.fullmatch(text.strip())
        if not m:
            continue
        month = int(m["mnum"]) if "mnum" in m.groupdict() and m["mnum"] else MONTHS.get(m["month"].lower())
        if not month:
            return None
        try:
            return date(int(m["year"]), month, int(m["day"])).isoformat()
        except ValueError:
            return None
    return None


def published_iso_and_warning(value: object) -> tuple[str | None, str | None]:
    """(ISO date or None, warning or None) for a Published value; "unknown" and empty mean no date, silently.

    Not kg.extract.dates.parse_published, which turns an ISO string back into a datetime.date for the extraction."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, f"published date {value!r} is not a string; treated as unknown"
    text = value.strip()
    if not text or text.lower() in _UNKNOWN:
        return None, None
    iso = parse_date(text[:10]) if _ISO_START.match(text) else parse_date(text)
    if iso is None:
        return None, f"published date {text!r} is not a date (YYYY-MM-DD); treated as unknown"
    return iso, None


def date_line(line: str) -> tuple[str, str] | None:
    """(kind, ISO date) when the line is a page's date line, e.g. ("updated", "2025-10-27")."""
    if len(line) > 80:
        return None
    m = DATE_LINE.match(line)
    if not m:
        return None
    iso = parse_date(m["date"])
    if iso is None:
        return None
    kind = (m["kind"] or "date").lower()
    return ("updated" if "updated" in kind else "published" if kind != "date" else "date"), iso
