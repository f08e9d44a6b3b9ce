"""Article readers: header text, raw scraped pages and JSON Lines in; kg.model.Article objects out.

Public API (the build calls these):

- ``read_paths(paths) -> ReadResult``: reads files and folders (folders recursively) and
  returns ``ReadResult(articles, errors, warnings)``. A bad file, or a bad line of a JSON
  Lines file, becomes a kg.errors.InputError naming the file (and line) in ``errors``; the
  other files and lines still load. Nothing is raised for bad input.
- ``iter_paths(paths)``: the same as a stream of ``Article | InputError | ReadWarning``
  items, one file at a time, for progress bars and large batches.
- ``read_file(path) -> ReadResult`` and ``parse_text(text, source_path=None) -> ReadResult``
  for one file or one string; ``find_files(paths)`` for the files a build would read.
- ``article_id(body)``: the stable id, 16 hex characters of SHA-256 over the body with
  Unicode (NFC) and white space normalised, so re-reading the same article gives the same id.

The modules, one job each:

- files.py: folder walks, the text file size limit, decoding, and handing a text to its reader;
- registry.py: the three forms of CONTRACT.md, one Reader each, told apart by content (and the
  .jsonl/.ndjson suffix): header_text.py, raw_pages.py, json_lines.py;
- charset.py: bytes to text (UTF-8, UTF-16, Windows-1252, Latin-1) and binary files refused;
- dates.py: `Published:` values and a page's "Updated 27 October 2025" line, as ISO days;
- chrome.py: page furniture, bylines, bullets and photo captions of scraped pages;
- datelines.py: the place a report is filed from ("ISLAMABAD: ...");
- article.py: the Article every reader builds (its id, its `Source:` as address or publisher).

Offsets: Article.body is the exact string every character offset points into. Line ends
are normalised to "\\n" when a file is read; the raw form's body is rebuilt from the kept
lines (caption, blank line, text), and sections index into that rebuilt string.

Limits: a text file above MAX_TEXT_BYTES is refused (an article is a few kilobytes; a
bigger file is a dump that belongs in JSON Lines); JSON Lines files are streamed line by
line with no total limit, each line at most MAX_LINE_BYTES.
"""

from .article import article_id, make_article, source_of
from .base import Item, Reader, ReadResult, ReadWarning
from .charset import FALLBACK_ENCODINGS, decode, normalise_newlines
from .chrome import FURNITURE, is_furniture
from .datelines import DATELINE, NOT_PLACE_WORDS, TITLE_DATELINE, find_dateline
from .dates import DATE_LINE, MONTHS, date_line, parse_date, published_iso_and_warning
from .files import (
    MAX_TEXT_BYTES,
    SKIPPED_NAMES,
    TEXT_SUFFIXES,
    find_files,
    iter_file,
    iter_paths,
    parse_decoded,
    parse_text,
    read_file,
    read_paths,
)
from .header_text import HEADER_KEYS, HEADER_LINE
from .json_lines import JSONL_SUFFIXES, MAX_LINE_BYTES
from .registry import READERS, reader_for_suffix, reader_for_text

__all__ = [
    "DATE_LINE",
    "DATELINE",
    "FALLBACK_ENCODINGS",
    "FURNITURE",
    "HEADER_KEYS",
    "HEADER_LINE",
    "JSONL_SUFFIXES",
    "MAX_LINE_BYTES",
    "MAX_TEXT_BYTES",
    "MONTHS",
    "NOT_PLACE_WORDS",
    "READERS",
    "SKIPPED_NAMES",
    "TEXT_SUFFIXES",
    "TITLE_DATELINE",
    "Item",
    "ReadResult",
    "ReadWarning",
    "Reader",
    "article_id",
    "date_line",
    "decode",
    "find_dateline",
    "find_files",
    "is_furniture",
    "iter_file",
    "iter_paths",
    "make_article",
    "normalise_newlines",
    "parse_date",
    "parse_decoded",
    "parse_text",
    "published_iso_and_warning",
    "read_file",
    "read_paths",
    "reader_for_suffix",
    "reader_for_text",
    "source_of",
]
