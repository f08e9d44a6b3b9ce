"""Date expressions in news text, normalised against the publication date.

find_dates(text, published) returns every date expression with its character span and an ISO
value at the precision the words support: "2025-10-27" (a day), "2025-10" (a month), "2025" (a
year), plus start/end for spans ("Feb. 2-6", "over the weekend"). Relative expressions ("on
Monday", "this month", "last year") need the publication date; when it is unknown they are
left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .vocabulary import table

MONTHS: dict[str, int] = table("dates", "months")
WEEKDAYS: dict[str, int] = table("dates", "weekdays")


@dataclass(frozen=True)
class DateMention:
    begin: int  # character offsets into the text searched
    end: int
    text: str
    value: str  # ISO at the precision the text supports; the start of a span
    end_value: str | None = None  # the end of a span ("Feb. 2-6" -> 2026-02-06)
    relative: bool = False  # resolved against the publication date

    @property
    def start_value(self) -> str:
        return self.value


# Month names as a regex alternation, longest first so "Sept." wins over "Sep".
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<mon>{_MON})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WD = "|".join(WEEKDAYS)
# "three weeks ago", "a year ago": the numbers in words, and "a"/"an" for one.
_NUMBER_WORDS: dict[str, int] = {**table("numbers", "number_words"), **table("dates", "one_words")}
_COUNTS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

# Order matters: longer, more specific patterns first; a later match may not overlap an earlier one.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    # "from 29 January 2025 to 29 July 2025", "between March 1 and March 5"
    (
        "day_month_range",
        re.compile(
            rf"\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b",
            re.I,
        ),
    ),
    (
        "month_day_range",
        re.compile(
            rf"\b{_MONTH}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|km|miles|people|per))(?:,?\s+{_YEAR})?", re.I)),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("year_range", re.compile(r"\b(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|–|to)\s*(?P<y2>(?:1[89]|20)\d\d)\b(?!-)")),
    ("ago", re.compile(rf"\b(?P<n>\d+|{_COUNTS})\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|at|during|on)\s+the\s+weekend\b|\b(?:this|last)\s+weekend\b", re.I)),
    (
        "this_unit",
        re.compile(r"\b(?P<which>this|last|past|next|earlier this|later this)\s+(?P<unit>week|month|year)\b", re.I),
    ),
    ("part_of", re.compile(r"\b(?:start|beginning|end|middle) of (?:the|this) (?P<unit>year|month)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this|yesterday|on|late on|early on)\s+)?(?P<wd>{_WD})\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    (
        "month",
        re.compile(rf"\b(?:in|since|by|during|until|last|this|early|late|mid-?)\s+(?P<mon>{_MON})\b\.?(?!\s+\d)", re.I),
    ),
    (
        "year",
        re.compile(
            r"(?<![\d,.$£€-])\b(?P<year>(?:1[89]|20)\d\d)\b"
            r"(?![\d%]|[.,]\d|\s*(?:km|miles|people|troops|soldiers))"
        ),
    ),
]
# What every pattern above needs somewhere in the text (a digit, a month or weekday name, a unit of time, a deictic
# word): most sentences have none, and one search spares them the fourteen patterns.
_ANY_DATE = re.compile(rf"\d|\b(?:{_MON}|{_WD}|day|week|month|year|today|tonight|tomorrow|yesterday)", re.I)


def parse_published(published: str | None) -> date | None:
    """The publication date as a date, or None when unknown or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in text, in order, normalised against the publication date."""
    if not _ANY_DATE.search(text):
        return []
    pub = parse_published(published)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and m.end() > b for b, e in taken):
                continue
            resolved = _resolve(kind, m, pub)
            if resolved is None:
                continue
            value, end_value, relative = resolved
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), value, end_value, relative))
    return sorted(found, key=lambda d: d.begin)


def _iso(d: date) -> str:
    return d.isoformat()


def _month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> tuple[str, str | None, bool] | None:
    """(value, end_value, relative) for one match, or None when it cannot be resolved."""
    g = m.groupdict()
    if g.get("mon") and g["mon"][0].islower() and not g["mon"].isdigit():
        return None  # "this may be", "mar the talks": month names are capitalised
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip(".")) if g.get("mon") else None
    year = int(g["year"]) if g.get("year") else None

    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["mon"]), int(g["day"]))
        return (_iso(d), None, False) if d else None

    if kind in ("day_month_range", "month_day_range"):
        y = year or (pub.year if pub else None)
        if y is None or mon is None:
            return None
        d1, d2 = _safe_date(y, mon, int(g["d1"])), _safe_date(y, mon, int(g["d2"]))
        if not d1 or not d2 or d2 < d1:
            return None
        return _iso(d1), _iso(d2), year is None

    if kind in ("month_day", "day_month"):
        y = year or (pub.year if pub else None)
        if y is None or mon is None:
            return None
        d = _safe_date(y, mon, int(g["day"]))
        if d is None:
            return None
        # A bare "December 30" read in early January is last year's.
        if year is None and pub and (d - pub).days > 180:
            d = _safe_date(y - 1, mon, int(g["day"])) or d
        return _iso(d), None, year is None

    if kind == "month_year":
        return (_month(year, mon), None, False) if year is not None and mon is not None else None

    if kind == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if not 0 < y2 - y1 <= 50:
            return None
        return str(y1), str(y2), False

    if kind == "year":
        return str(year), None, False

    if pub is None:  # everything below is relative to the publication date
        return None

    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            return _iso(pub - timedelta(days=n)), None, True
        if unit == "week":
            return _iso(pub - timedelta(weeks=n)), None, True
        if unit == "month":
            total = pub.year * 12 + pub.month - 1 - n
            return _month(total // 12, total % 12 + 1), None, True
        return str(pub.year - n), None, True

    if kind == "weekend":
        # The most recent Saturday-Sunday that has begun by publication day.
        back = (pub.weekday() - 5) % 7
        sat = pub - timedelta(days=back)
        if "last" in m.group(0).lower() and back < 2:
            sat -= timedelta(days=7)
        return _iso(sat), _iso(sat + timedelta(days=1)), True

    if kind == "this_unit":
        which, unit = g["which"].lower(), g["unit"].lower()
        if which == "next":
            return None  # plans, not happenings
        if unit == "year":
            return str(pub.year - (which in ("last", "past"))), None, True
        if unit == "month":
            if which in ("last", "past"):
                total = pub.year * 12 + pub.month - 2
                return _month(total // 12, total % 12 + 1), None, True
            return _month(pub.year, pub.month), None, True
        # "this week" / "last week": a week has no xsd type; the month of its Monday is what the text supports.
        monday = pub - timedelta(days=pub.weekday()) - timedelta(weeks=which in ("last", "past"))
        return _month(monday.year, monday.month), None, True

    if kind == "part_of":
        return (str(pub.year) if g["unit"].lower() == "year" else _month(pub.year, pub.month)), None, True

    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        back = (pub.weekday() - wd) % 7
        if mod == "next":
            return _iso(pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)), None, True
        if mod == "last" and back == 0:
            back = 7
        if mod == "yesterday" and back == 0:
            back = 7
        # News reports the past: "on Monday" is the latest Monday on or before publication.
        return _iso(pub - timedelta(days=back)), None, True

    if kind == "deictic":
        word = g["word"].lower()
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        return _iso(pub + timedelta(days=shift)), None, True

    if kind == "month" and mon is not None:
        # "in May" is the latest May on or before the publication month.
        y = pub.year if mon <= pub.month else pub.year - 1
        return _month(y, mon), None, True
    return None
