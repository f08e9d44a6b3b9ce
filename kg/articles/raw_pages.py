"""Form 2, raw scraped pages (e.g. seeds/000_ff348a236d73ca7f.txt): the text as a browser's "select all" left it.

A page is: a headline, page chrome ("Short Url", "Follow"), an "Updated 27 October 2025" line, the headline
repeated, "  • " summary bullets, then the text from a dateline paragraph ("ISLAMABAD: ...") on. One file may hold
several pages; each "Updated/Published <date>" line anchors one article. Lines between headline and date are a
photo caption when they end with a credit ("(AFP/File)", "REUTERS/Staff") or name a photo: the caption is kept at
the start of the body, marked as Section(kind="caption"), so the places it names are read; other such lines are a
standfirst and go to Article.summary with the bullets. A file without any date line is one page whose first line
is the headline (e.g. the BBC corpus).

Article.source_line is the line of the headline. The body is rebuilt from the kept lines (caption, blank line,
text), and sections index into that rebuilt string. This is the form of any text that is neither header text nor
JSON Lines, so it claims every text and comes last in the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..model import Section
from .article import make_article
from .base import Item, Reader
from .chrome import is_bullet, is_byline, is_caption, is_furniture
from .datelines import find_dateline
from .dates import date_line


def claims(text: str) -> bool:
    """Any text: a scraped page is what a text is when it is no other form."""
    return True


@dataclass
class _Line:
    number: int  # 1-based line number in the file
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def parse(text: str, path: str) -> Iterator[Item]:
    """The pages of one file, each anchored by its date line (or the whole file as one page when it has none)."""
    lines = [_Line(i, t.rstrip()) for i, t in enumerate(text.split("\n"), start=1)]
    anchors = _anchor_groups(lines)
    if not anchors:
        yield from _raw_without_date(lines, path)
        return
    starts = [_header_start(lines, anchors, k) for k in range(len(anchors))]
    for k, group in enumerate(anchors):
        end = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        yield from _raw_page(lines[starts[k] : group[0]], [lines[i] for i in group], lines[group[-1] + 1 : end], path)


def _anchor_groups(lines: list[_Line]) -> list[list[int]]:
    """Indices of date lines, grouped so an "Updated" and a "Published" line of one page count once."""
    groups: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.blank or date_line(line.text) is None:
            continue
        # Merge only across chrome: a headline or text between two date lines means a new page.
        if groups and all(
            lines[j].blank or is_furniture(lines[j].text) or is_byline(lines[j].text)
            for j in range(groups[-1][-1] + 1, i)
        ):
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


def _raw_without_date(lines: list[_Line], path: str) -> Iterator[Item]:
    """A page with no date line: the first line is the headline, the rest (less chrome) the text."""
    first = _first_content(lines, 0, len(lines))
    if first is None:
        yield InputError(path, "no text (only page furniture)")
        return
    yield from _raw_page(lines[first : first + 1], [], lines[first + 1 :], path)


def _raw_page(header: list[_Line], dates: list[_Line], rest: list[_Line], path: str) -> Iterator[Item]:
    content = [ln for ln in header if not ln.blank and not is_furniture(ln.text)]
    if not content:
        line = dates[0].number if dates else (rest[0].number if rest else None)
        yield InputError(path, "a page without a headline", line=line)
        return
    headline = content[0]
    extra = [ln.text.strip() for ln in content[1:] if not is_byline(ln.text) and date_line(ln.text) is None]
    # Between headline and date: photo captions (kept in the body, marked) and standfirsts (a summary).
    captions = [t for t in extra if is_caption(t)]
    standfirst = [t for t in extra if t not in captions]

    # Below the date line: chrome, the repeated headline and the summary bullets come before the text;
    # bullets further down are a list inside the text and stay there.
    i, summary = 0, list(standfirst)
    while i < len(rest):
        ln = rest[i]
        if ln.blank or is_furniture(ln.text) or is_byline(ln.text) or ln.text.strip() == headline.text.strip():
            i += 1
        elif is_bullet(ln.text):
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
    found = dict(kind_iso for d in dates if (kind_iso := date_line(d.text)) is not None)  # each one is a date line
    published = found.get("published") or found.get("date") or found.get("updated")
    yield make_article(
        headline.text.strip(),
        body,
        path,
        published=published,
        line=headline.number,
        sections=tuple(sections),
        summary=tuple(summary),
        dateline=find_dateline(paragraphs),
    )


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


READER = Reader("raw", claims, parse)
