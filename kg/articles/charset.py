"""Bytes to text for the article readers: which encoding a file is in, and whether it is text at all.

UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such; UTF-8 with a few bad bytes keeps its good
characters; other files are Windows-1252, then Latin-1 (which decodes any byte string, so it ends the list).
PDFs, archives, images and files full of control characters are refused as binary.
"""

from __future__ import annotations

import re

# Encodings tried, in order, after UTF-8 fails; Latin-1 decodes any byte string, so it ends the list.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}

UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)


def decode(data: bytes) -> tuple[str, str | None, str | None]:
    """(text, error, how it was decoded when not plain UTF-8): UTF-8 (BOM or not), UTF-16 with a BOM,
    UTF-8 with a few bad bytes replaced, then Windows-1252, then Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None, None
        except UnicodeDecodeError:
            return "", "starts with a UTF-16 mark but is not valid UTF-16", None
    kind = binary_kind(data)
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
        return text, None, _ENCODING_NAMES[encoding]
    return "", "cannot decode the text", None  # unreachable: Latin-1 decodes every byte


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PDF document", "it holds NUL bytes"), or None for text."""
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


def normalise_newlines(text: str) -> str:
    """Every line end as "\\n", so offsets into the body mean the same whatever system wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
