"""Page chrome in scraped news pages: the lines around an article that are not its text.

Share buttons, "Short Url", bare links, "5 min read", bylines, summary bullets and photo captions are told apart
here; raw_pages.py decides what to do with each (drop chrome, keep captions marked, move bullets to the summary).
"""

from __future__ import annotations

import re

# Lines that are page chrome, not text: compared lower-cased, without trailing punctuation.
FURNITURE = {
    "short url",
    "follow",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "advertisement",
    "ad",
    "sponsored",
    "tweet",
    "email",
    "e-mail",
    "print",
    "comments",
    "comment",
    "read more",
    "listen",
    "listen to this article",
    "subscribe",
    "copy link",
    "link copied",
    "whatsapp",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "telegram",
    "reddit",
    "skip to content",
    "skip to main content",
    "scroll to continue with content",
    "continue reading",
    "related",
    "related articles",
    "related topics",
    "related stories",
    "most read",
    "most popular",
    "trending",
    "loading",
    "font size",
    "a+",
    "a-",
    "menu",
    "close",
    "home",
    "top stories",
    "breaking news",
    "watch",
    "video",
    "image",
    "photo",
    "gallery",
    "recommended",
    "more from",
    "next article",
    "previous article",
    "save",
    "bookmark",
    "zoom",
}
BULLET = re.compile(r"^\s*[•·▪◦●‣∙\-*–]\s+\S")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
BYLINE = re.compile(
    r"^\s*(?:[Bb]y|[Ww]ritten by|[Rr]eporting by)"
    r"\s+[A-Z][\w.'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5}\s*$"
)

# Chrome worded with a count or a call to action: "share2", "12 comments", "Click here to share on social media".
FURNITURE_PATTERN = re.compile(
    r"^(?:(?:share|shares|comments?|views?)\s*\d*|\d+\s+(?:comments?|shares|views)|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:updated |published )?(?:\d+|an?|one) (?:second|minute|min|hour|day|week)s? ago|just now"
    r"|click here to .{0,40}|follow (?:us|@\S+).{0,30}|sign up for .{0,50}"
    r"|(?:listen|watch) (?:to )?(?:this|the) .{0,30})$",
    re.I,
)
# A photo caption ends with its credit in brackets ("(AFP/File)", "(Reuters)") or names the picture.
CAPTION = re.compile(r"\([^()\n]{1,40}\)\s*$|\b(?:photo|image|picture|pictured|file photo|credit|getty images)\b", re.I)
# ... or with an agency credit written "REUTERS/Staff", "AFP/Getty".
AGENCY_CREDIT = re.compile(r"\b[A-Z]{2,}(?:/[A-Z][\w.-]*)+\s*$")


def is_furniture(line: str) -> bool:
    """True for page chrome: share buttons, "Short Url", a bare link."""
    key = line.strip().rstrip(".:…").strip().lower()
    return key in FURNITURE or bool(URL_LINE.match(line)) or bool(FURNITURE_PATTERN.match(key))


def is_caption(line: str) -> bool:
    """True for a photo caption: a credit in brackets or an agency's, or words naming a picture."""
    return bool(CAPTION.search(line) or AGENCY_CREDIT.search(line))


def is_byline(line: str) -> bool:
    return bool(BYLINE.match(line))


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))
