"""Article readers: header text, raw scraped pages and JSON Lines in; kg.model.Article objects out.

Public API (the build calls these):

- ``read_paths(paths) -> ReadResult``: reads files and folders (folders recursively) and
  returns ``ReadResult(articles, errors, warnings)``. A bad file, or a bad line of a JSON
  Lines file, becomes a kg.errors.InputError naming the file (and line) in ``errors``; the
  other files and lines still load. Nothing is raised for bad input.
- ``iter_paths(paths)``: the same as a stream of ``Article | InputError | ReadWarning``
  items, one file at a time, for progress bars and large batches.
- ``read_file(path) -> ReadResult`` and ``parse_text(text, source_path=None) -> ReadResult``
  for one file or one string.
- ``article_id(body)``: the stable id, 16 hex characters of SHA-256 over the body with
  Unicode (NFC) and white space normalised, so re-reading the same article gives the same id.

The three forms (CONTRACT.md), told apart by content (and the .jsonl/.ndjson suffix):

1. Header text: ``Title:``, ``Source:``, ``Published: YYYY-MM-DD|unknown`` lines, one blank
   line, the body.
2. Raw scraped pages: a headline, page furniture ("Short Url", "Follow"), an
   "Updated 27 October 2025" line, the headline repeated, "  • " summary bullets, then the
   text from a dateline paragraph ("ISLAMABAD: ...") on. One file may hold several pages;
   each "Updated/Published <date>" line anchors one article. Lines between headline and date
   are a photo caption when they end with a credit ("(AFP/File)", "REUTERS/Staff") or name a
   photo: the caption is kept at the start of the body, marked as Section(kind="caption"), so
   the places it names are read; other such lines are a standfirst and go to Article.summary
   with the bullets. A file without any date line is one page whose first line is the headline
   (e.g. the BBC corpus).
3. JSON Lines: ``{"title", "published", "url", "text"}`` per line.

Article.source_line is the JSON line number, or the line of the headline in a raw file.

Offsets: Article.body is the exact string every character offset points into. Line ends
are normalised to "\\n" when a file is read; the raw form's body is rebuilt from the kept
lines (caption, blank line, text), and sections index into that rebuilt string.

Limits: a text file above MAX_TEXT_BYTES is refused (an article is a few kilobytes; a
bigger file is a dump that belongs in JSON Lines); JSON Lines files are streamed line by
line with no total limit, each line at most MAX_LINE_BYTES.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .model import Article, Section

MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_LINE_BYTES = 2 * 1024 * 1024
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files a folder walk reads; anything else in a folder (notes, images) is skipped silently.
TEXT_SUFFIXES = {".txt", ".text", ""}
# Folder documentation that sits next to corpora (README.TXT, LICENSE) is not an article.
SKIPPED_NAMES = re.compile(r"^(readme|license|licence|copying|sources?|notice)(\.|$)", re.I)
# Encodings tried, in order, after UTF-8 fails; Latin-1 decodes any byte string, so it ends the list.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


@dataclass(frozen=True)
class ReadWarning:
    """Something a user should know that did not stop the file from loading (e.g. the encoding used)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    def add(self, item: Article | InputError | ReadWarning) -> None:
        if isinstance(item, Article):
            self.articles.append(item)
        elif isinstance(item, InputError):
            self.errors.append(item)
        else:
            self.warnings.append(item)


# --- public entry points -------------------------------------------------------------------


def read_paths(paths: Iterable[str | Path]) -> ReadResult:
    """Every article under the given files and folders, with the errors and warnings met."""
    result = ReadResult()
    for item in iter_paths(paths):
        result.add(item)
    return result


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Article | InputError | ReadWarning]:
    """Articles, errors and warnings of the given files and folders, one file at a time."""
    for path in find_files(paths):
        if isinstance(path, InputError):
            yield path
        else:
            yield from _iter_file(path)


def read_file(path: str | Path) -> ReadResult:
    """The articles of one file."""
    result = ReadResult()
    for item in _iter_file(Path(path)):
        result.add(item)
    return result


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files named, plus the article files found under the folders named (sorted, hidden ones skipped).

    A file reached twice (named and inside a named folder) is read once.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path)
        elif path.is_file():
            found = iter([path])
        else:
            found = iter([InputError(path, "no such file or folder")])
        for item in found:
            if isinstance(item, Path):
                key = item.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _walk(folder: Path) -> Iterator[Path | InputError]:
    problems: list[OSError] = []
    for top, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or SKIPPED_NAMES.match(name):
                continue
            if Path(name).suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                yield Path(top) / name
        while problems:
            err = problems.pop(0)
            yield InputError(err.filename or folder, f"cannot read the folder: {err.strerror or err}")
    while problems:
        err = problems.pop(0)
        yield InputError(err.filename or folder, f"cannot read the folder: {err.strerror or err}")


def parse_text(text: str, source_path: str | None = None) -> ReadResult:
    """The articles in one string, whichever form it has (never raises on bad content)."""
    result = ReadResult()
    for item in _parse_decoded(_normalise_newlines(text), source_path or "<text>", jsonl=False):
        result.add(item)
    return result


def article_id(body: str) -> str:
    """A stable id: the same text (up to Unicode form and white space) always gets the same id."""
    norm = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


# --- files: size, binary, encoding ---------------------------------------------------------


def _iter_file(path: Path) -> Iterator[Article | InputError | ReadWarning]:
    try:
        size = path.stat().st_size
        jsonl = path.suffix.lower() in JSONL_SUFFIXES
        if size == 0:
            yield InputError(path, "empty file")
            return
        if jsonl:
            yield from _iter_jsonl_file(path)
            return
        if size > MAX_TEXT_BYTES:
            yield InputError(path, f"file is {size / 1e6:.1f} MB; a text article file may be at most "
                                   f"{MAX_TEXT_BYTES / 1e6:.0f} MB (put large batches in JSON Lines, which is streamed)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(path, f"cannot read: {err.strerror or err}")
        return
    text, problem, encoding = decode(data)
    if problem:
        yield InputError(path, problem)
        return
    if encoding:
        yield ReadWarning(str(path), f"not valid UTF-8; decoded as {encoding}")
    yield from _parse_decoded(_normalise_newlines(text), str(path), jsonl=False)


def decode(data: bytes) -> tuple[str, str | None, str | None]:
    """(text, error, how it was decoded when not plain UTF-8): UTF-8 (BOM or not), UTF-16 with a BOM,
    UTF-8 with a few bad bytes replaced, then Windows-1252, then Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None, None
        except UnicodeDecodeError:
            return "", "starts with a UTF-16 mark but is not valid UTF-16", None
    kind = _binary_kind(data)
    if kind:
        return "", f"binary file ({kind}), not text", None
    try:
        return data.decode("utf-8-sig"), None, None
    except UnicodeDecodeError:
        pass
    # Valid multi-byte UTF-8 sequences almost never occur by chance in Windows-1252 text, so a file
    # that has them is UTF-8 with a few bad bytes (a scrape glued from pieces), not a legacy file.
    if UTF8_MULTIBYTE.search(data):
        bad = sum(1 for ch in data.decode("utf-8-sig", errors="replace") if ch == "\ufffd")
        return data.decode("utf-8-sig", errors="replace"), None, f"UTF-8 with {bad} invalid byte(s) replaced by U+FFFD"
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, None, {"cp1252": "Windows-1252", "latin-1": "Latin-1"}[encoding]
    return "", "cannot decode the text", None  # unreachable: Latin-1 decodes every byte


UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_MAGIC = ((b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or office document"),
          (b"\x1f\x8b", "gzip-compressed data"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"\x7fELF", "an executable"), (b"SQLite format 3", "an SQLite database"))


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if b"\x00" in head:
        return "it holds NUL bytes"
    # Control characters other than tab/newline/form feed are rare in text in any encoding.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        return "it holds many control characters"
    return None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_decoded(text: str, path: str, jsonl: bool) -> Iterator[Article | InputError | ReadWarning]:
    if not text.strip():
        yield InputError(path, "empty file (only white space)")
        return
    first = text.lstrip()
    if jsonl or (first.startswith("{") and _looks_like_jsonl(first)):
        for number, line in enumerate(text.split("\n"), start=1):
            yield from _jsonl_line(line, path, number)
        return
    if HEADER_LINE.match(first.split("\n", 1)[0]):
        yield from _header_article(text, path)
        return
    yield from _raw_articles(text, path)


# --- form 1: header text ---------------------------------------------------------------------

HEADER_KEYS = {"title": "title", "source": "url", "url": "url", "published": "published", "date": "published"}
HEADER_LINE = re.compile(r"^(?P<key>title|source|url|published|date)\s*:\s*(?P<value>.*)$", re.I)


def _header_article(text: str, path: str) -> Iterator[Article | InputError | ReadWarning]:
    head, sep, body = text.lstrip().partition("\n\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(head.split("\n"), start=1):
        m = re.match(r"^(?P<key>[A-Za-z][\w -]*?)\s*:\s*(?P<value>.*)$", line)
        if not m:
            yield InputError(path, f"header line {number} is not 'Key: value': {line[:60]!r} "
                                   "(a blank line must separate the header from the body)", line=number)
            return
        key = HEADER_KEYS.get(m["key"].strip().lower())
        if key is None:
            yield ReadWarning(path, f"unknown header key {m['key']!r} ignored", line=number)
        else:
            fields[key] = m["value"].strip()
    body = body.strip("\n").rstrip()
    if not fields.get("title"):
        yield InputError(path, "the header has no Title")
        return
    if not body.strip():
        yield InputError(path, "the article has a header but no body")
        return
    published, problem = parse_published(fields.get("published"))
    if problem:
        yield ReadWarning(path, problem)
    yield _article(fields["title"], body, path, published=published, url=fields.get("url") or None,
                   dateline=find_dateline(body))


# --- form 3: JSON Lines ----------------------------------------------------------------------


def _looks_like_jsonl(text: str) -> bool:
    try:
        return isinstance(json.loads(text.split("\n", 1)[0]), dict)
    except (ValueError, RecursionError):
        return False


def _iter_jsonl_file(path: Path) -> Iterator[Article | InputError | ReadWarning]:
    warned = False
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_LINE_BYTES:
                yield InputError(path, f"line is {len(raw) / 1e6:.1f} MB; a JSON line may be at most "
                                       f"{MAX_LINE_BYTES / 1e6:.0f} MB", line=number)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text, problem, encoding = decode(raw)
            if problem:
                yield InputError(path, problem, line=number)
                continue
            if encoding and not warned:
                warned = True
                yield ReadWarning(str(path), f"not valid UTF-8; decoded as {encoding}", line=number)
            yield from _jsonl_line(text.rstrip("\r\n"), str(path), number)


def _jsonl_line(line: str, path: str, number: int) -> Iterator[Article | InputError | ReadWarning]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except ValueError as err:
        yield InputError(path, f"not JSON ({err.args[0] if err.args else err})", line=number)
        return
    except RecursionError:  # valid JSON nested deeper than the parser goes ([[[[...): this line only is lost
        yield InputError(path, "JSON nested too deeply to read", line=number)
        return
    if not isinstance(record, dict):
        yield InputError(path, f"a JSON line must be an object, not {type(record).__name__}", line=number)
        return
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        yield InputError(path, "no \"text\" (the article body) in this line", line=number)
        return
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        title = _first_line(body)
        yield ReadWarning(path, "no \"title\"; the first line of the text is used", line=number)
    published, problem = parse_published(record.get("published"))
    if problem:
        yield ReadWarning(path, problem, line=number)
    url = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else None
    yield _article(title.strip(), body, path, published=published, url=url, line=number,
                   dateline=find_dateline(body))


def _first_line(text: str, limit: int = 120) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


# --- dates -----------------------------------------------------------------------------------

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
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
    rf"{_WEEKDAY}(?P<date>.{{6,30}}?){_TIME}\s*$", re.I)


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


def parse_published(value) -> tuple[str | None, str | None]:
    """(ISO date or None, warning or None) for a Published value; "unknown" and empty mean no date."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, f"published date {value!r} is not a string; treated as unknown"
    text = value.strip()
    if not text or text.lower() in ("unknown", "n/a", "none", "null"):
        return None, None
    iso = parse_date(text[:10]) if re.match(r"\d{4}-\d{2}-\d{2}([T ]|$)", text) else parse_date(text)
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


# --- form 2: raw scraped pages ---------------------------------------------------------------

# Lines that are page chrome, not text: compared lower-cased, without trailing punctuation.
FURNITURE = {
    "short url", "follow", "share", "share this", "share this article", "share on facebook", "share on twitter",
    "advertisement", "ad", "sponsored", "tweet", "email", "e-mail", "print", "comments", "comment", "read more",
    "listen", "listen to this article", "subscribe", "copy link", "link copied", "whatsapp", "facebook",
    "twitter", "x", "linkedin", "telegram", "reddit", "skip to content", "skip to main content",
    "scroll to continue with content", "continue reading", "related", "related articles", "related topics",
    "related stories", "most read", "most popular", "trending", "loading", "font size", "a+", "a-", "menu",
    "close", "home", "top stories", "breaking news", "watch", "video", "image", "photo", "gallery",
    "recommended", "more from", "next article", "previous article", "save", "bookmark", "zoom",
}
BULLET = re.compile(r"^\s*[•·▪◦●‣∙\-*–]\s+\S")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
BYLINE = re.compile(r"^\s*(?:[Bb]y|[Ww]ritten by|[Rr]eporting by)\s+[A-Z][\w.'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5}\s*$")
# "ISLAMABAD:", "UNITED NATIONS (AP) —", "KABUL, Afghanistan -": an upper-case place name opening the text.
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]*(?:[ /][A-Z][A-Z.'’-]*){0,3})"
    r"(?:,\s*[A-Z][\w.'’ -]{1,30}?)?\s*(?:\([^()\n]{1,40}\))?\s*(?::|—|–|--?)\s+\S")


# Chrome worded with a count or a call to action: "share2", "12 comments", "Click here to share on social media".
FURNITURE_PATTERN = re.compile(
    r"^(?:(?:share|shares|comments?|views?)\s*\d*|\d+\s+(?:comments?|shares|views)|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:updated |published )?(?:\d+|an?|one) (?:second|minute|min|hour|day|week)s? ago|just now"
    r"|click here to .{0,40}|follow (?:us|@\S+).{0,30}|sign up for .{0,50}|(?:listen|watch) (?:to )?(?:this|the) .{0,30})$",
    re.I)
# A photo caption ends with its credit in brackets ("(AFP/File)", "(Reuters)") or names the picture.
CAPTION = re.compile(r"\([^()\n]{1,40}\)\s*$|\b(?:photo|image|picture|pictured|file photo|credit|getty images)\b", re.I)
# ... or with an agency credit written "REUTERS/Staff", "AFP/Getty".
AGENCY_CREDIT = re.compile(r"\b[A-Z]{2,}(?:/[A-Z][\w.-]*)+\s*$")


def is_furniture(line: str) -> bool:
    """True for page chrome: share buttons, "Short Url", a bare link."""
    key = line.strip().rstrip(".:…").strip().lower()
    return key in FURNITURE or bool(URL_LINE.match(line)) or bool(FURNITURE_PATTERN.match(key))


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
    r"\s*(?:\([^()\n]{1,40}\))?)\s*(?P<mark>:|—|–|--?)\s+[\"'“‘]?[A-Z0-9]")
# Capitalised words that open a sentence, a title or a kicker ("Analysis:", "Foreign Minister Wang Yi –"),
# never part of a place a reporter files from.
NOT_PLACE_WORDS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "in", "on", "at", "as", "for", "by", "from", "with",
    "after", "before", "when", "while", "but", "and", "or", "if", "he", "she", "they", "we", "i", "his", "her",
    "president", "prime", "minister", "ministers", "secretary", "general", "chancellor", "king", "queen",
    "prince", "princess", "sheikh", "ambassador", "envoy", "spokesman", "spokesperson", "spokeswoman",
    "chairman", "chief", "leader", "mr", "mrs", "ms", "dr", "sir", "update", "updated", "analysis", "opinion",
    "editorial", "exclusive", "breaking", "watch", "explained", "explainer", "live", "photos", "video", "note",
    "editor's", "editor’s", "comment", "commentary", "review", "interview", "read", "also", "related", "summary",
    "factbox", "timeline", "highlights", "warning", "correction", "source", "sources", "report", "news",
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


@dataclass
class _Line:
    number: int  # 1-based line number in the file
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _raw_articles(text: str, path: str) -> Iterator[Article | InputError | ReadWarning]:
    lines = [_Line(i, t.rstrip()) for i, t in enumerate(text.split("\n"), start=1)]
    anchors = _anchor_groups(lines)
    if not anchors:
        yield from _raw_without_date(lines, path)
        return
    starts = [_header_start(lines, anchors, k) for k in range(len(anchors))]
    for k, group in enumerate(anchors):
        end = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        yield from _raw_page(lines[starts[k]:group[0]], [lines[i] for i in group],
                             lines[group[-1] + 1:end], path)


def _anchor_groups(lines: list[_Line]) -> list[list[int]]:
    """Indices of date lines, grouped so an "Updated" and a "Published" line of one page count once."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.blank or date_line(line.text) is None:
            continue
        # Merge only across chrome: a headline or text between two date lines means a new page.
        if groups and all(lines[j].blank or is_furniture(lines[j].text) or BYLINE.match(lines[j].text)
                          for j in range(groups[-1][-1] + 1, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _first_content(lines: list[_Line], start: int, stop: int) -> int | None:
    for i in range(start, stop):
        if not lines[i].blank and not is_furniture(lines[i].text):
            return i
    return None


def _header_start(lines: list[_Line], anchors: list[list[int]], k: int) -> int:
    """Where page k begins: at its headline, found by its repetition below the date line when there is one."""
    lower = anchors[k - 1][-1] + 1 if k else 0
    anchor = anchors[k][0]
    after = _first_content(lines, anchors[k][-1] + 1, len(lines))
    if after is not None:
        repeated = lines[after].text.strip()
        for i in range(anchor - 1, lower - 1, -1):
            if lines[i].text.strip() == repeated:
                return i
    if k == 0:
        return lower
    # No repeated headline: a run of two blank lines usually separates pages.
    for i in range(anchor - 1, lower, -1):
        if lines[i].blank and lines[i - 1].blank:
            first = _first_content(lines, i, anchor)
            return first if first is not None else anchor
    # Otherwise the page begins with the paragraph block holding the date line, or the block above it
    # when the date line's block holds nothing but chrome.
    block = anchor
    while block > lower and not lines[block - 1].blank:
        block -= 1
    if any(not is_furniture(lines[i].text) for i in range(block, anchor)):
        return block
    above = block - 1
    while above > lower and lines[above].blank:
        above -= 1
    while above > lower and not lines[above - 1].blank:
        above -= 1
    return max(above, lower)


def _raw_without_date(lines: list[_Line], path: str) -> Iterator[Article | InputError | ReadWarning]:
    """A page with no date line: the first line is the headline, the rest (less chrome) the text."""
    first = _first_content(lines, 0, len(lines))
    if first is None:
        yield InputError(path, "no text (only page furniture)")
        return
    yield from _raw_page(lines[first:first + 1], [], lines[first + 1:], path)


def _raw_page(header: list[_Line], dates: list[_Line], rest: list[_Line],
              path: str) -> Iterator[Article | InputError | ReadWarning]:
    content = [ln for ln in header if not ln.blank and not is_furniture(ln.text)]
    if not content:
        line = dates[0].number if dates else (rest[0].number if rest else None)
        yield InputError(path, "a page without a headline", line=line)
        return
    headline = content[0]
    extra = [ln.text.strip() for ln in content[1:] if not BYLINE.match(ln.text) and date_line(ln.text) is None]
    # Between headline and date: photo captions (kept in the body, marked) and standfirsts (a summary).
    captions = [t for t in extra if CAPTION.search(t) or AGENCY_CREDIT.search(t)]
    standfirst = [t for t in extra if t not in captions]

    # Below the date line: chrome, the repeated headline and the summary bullets come before the text;
    # bullets further down are a list inside the text and stay there.
    i, summary = 0, list(standfirst)
    while i < len(rest):
        ln = rest[i]
        if ln.blank or is_furniture(ln.text) or BYLINE.match(ln.text) or ln.text.strip() == headline.text.strip():
            i += 1
        elif BULLET.match(ln.text):
            summary.append(re.sub(r"^\s*\S\s+", "", ln.text).strip())
            i += 1
        else:
            break
    paragraphs = _kept_lines(rest[i:])
    if not paragraphs.strip():
        if not summary:
            yield InputError(path, "a page with a headline but no text", line=headline.number)
            return
        # A page that is all summary: its bullets are its only text.
        paragraphs, summary = "\n".join(summary), []

    body, sections = "", []  # the caption goes first, marked, so its places are read but known as a caption
    for caption in captions:
        sections.append(Section("caption", len(body), len(body) + len(caption)))
        body += caption + "\n\n"
    body += paragraphs
    found = {kind: iso for kind, iso in (date_line(d.text) for d in dates)}
    published = found.get("published") or found.get("date") or found.get("updated")
    yield _article(headline.text.strip(), body, path, published=published, line=headline.number,
                   sections=tuple(sections), summary=tuple(summary), dateline=find_dateline(paragraphs))


def _kept_lines(lines: list[_Line]) -> str:
    """The text lines without chrome, with runs of blank lines squeezed to one."""
    kept: list[str] = []
    for ln in lines:
        if ln.blank:
            if kept and kept[-1] != "":
                kept.append("")
        elif not is_furniture(ln.text):
            kept.append(ln.text)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


# --- common ----------------------------------------------------------------------------------


def _article(title: str, body: str, path: str, *, published: str | None = None, url: str | None = None,
             line: int | None = None, sections: tuple[Section, ...] = (), summary: tuple[str, ...] = (),
             dateline: str | None = None) -> Article:
    url, publisher = source_of(url)
    return Article(
        id=article_id(body), title=" ".join(title.split()), body=body, published=published, url=url,
        publisher=publisher, dateline=dateline, summary=summary,
        sections=sections, source_path=path, source_line=line,
    )


_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_LOCAL_PATH = re.compile(r"^(?:[/~.]|file:|[A-Za-z]:[\\/])|\\")


def source_of(value: str | None) -> tuple[str | None, str | None]:
    """A `Source:` (or a JSON line's "url") as (web address, publisher): "https://…" is the address, "Gulf Desk" the
    publisher's name, and a path on the writer's machine neither (it would tell a reader nothing and leak)."""
    value = " ".join((value or "").split())
    if not value:
        return None, None
    if _ADDRESS.match(value):
        return (None, None) if value.lower().startswith("file:") else (value, None)
    if _LOCAL_PATH.search(value):
        return None, None
    return None, value[:200]
