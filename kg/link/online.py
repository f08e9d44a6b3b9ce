"""Optional online reconciliation with Wikidata's API (off by default): for names the offline tables lack.

wbsearchentities finds items whose English label or alias equals the name; wbgetentities reads
their P31 classes, which must map to the requested type (wdtypes.py). Exactly one item must
survive, or nothing is linked. Every answer is cached on disk (a name is asked once), requests
are spaced by a minimum interval and time out, and the base URL is configurable (tests point it
at a local server that answers in the real API's format).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from .. import __version__
from ..rdf import slug
from .entries import Candidate
from .normalize import norm
from .wdtypes import p31_of, type_of_classes

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
# An online match is never as sure as a checked table row.
ONLINE_CONFIDENCE = 0.75
_PREFIX = {"Country": "country", "Place": "place", "Organization": "org", "Official": "person", "Person": "person"}
_TYPE_OK = {
    "Country": {"Country"},
    "Place": {"Place"},
    "Organization": {"Organization"},
    "Person": {"Person"},
    "Official": {"Person"},
}


class OnlineError(Exception):
    """The service did not answer usefully (timeout, HTTP error, not JSON)."""


class WikidataOnline:
    """wbsearchentities + wbgetentities with a timeout, an on-disk cache and a rate limit."""

    def __init__(
        self,
        base_url: str = WIKIDATA_API,
        cache_dir: str | os.PathLike[str] | None = None,
        timeout: float = 10.0,
        min_interval: float = 1.0,
        limit: int = 7,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.min_interval = min_interval
        self.limit = limit
        self.cache_dir = Path(cache_dir) if cache_dir else _default_cache()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.requests = 0  # requests actually sent (not answered from the cache)
        self._last = 0.0
        self._lock = threading.Lock()

    def lookup(self, name: str, type: str | None) -> Candidate | None:
        """The one item of that type whose English label or alias is `name`, else None (also on errors)."""
        if not norm(name) or type is None or type not in _TYPE_OK:
            return None
        if type in ("Person", "Official") and len(norm(name).split()) < 2:
            return None  # never a bare surname, online either
        try:
            found = self._search(name)
        except OnlineError:
            return None
        same_name = [
            hit["id"]
            for hit in found
            if norm(((hit.get("match") or {}).get("text")) or hit.get("label") or "") == norm(name)
            or norm(hit.get("label") or "") == norm(name)
        ]
        if not same_name:
            return None
        try:
            entities = self._entities(same_name)
        except OnlineError:
            return None
        fits = []
        for qid in same_name:
            typed = type_of_classes(p31_of(entities.get(qid) or {}))
            if typed and typed[0] in _TYPE_OK[type]:
                fits.append((qid, typed))
        if len(fits) != 1:
            return None
        qid, (found_type, subtype) = fits[0]
        label = (((entities[qid].get("labels") or {}).get("en") or {}).get("value")) or name
        return Candidate(
            qid=qid,
            label=label,
            type=found_type,
            key=f"{_PREFIX[found_type]}/{slug(label)}",
            confidence=ONLINE_CONFIDENCE,
            subtype=subtype,
        )

    # --- the two API calls ------------------------------------------------------------

    # The API's JSON: dicts of Any (the answer is whatever Wikidata sends; the code reads it with .get()).

    def _search(self, name: str) -> list[dict[str, Any]]:
        data = self._get(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": str(self.limit),
                "format": "json",
            }
        )
        return [hit for hit in data.get("search", []) if isinstance(hit, dict) and "id" in hit]

    def _entities(self, qids: list[str]) -> dict[str, Any]:
        data = self._get(
            {
                "action": "wbgetentities",
                "ids": "|".join(sorted(qids)),
                "props": "labels|claims",
                "languages": "en",
                "format": "json",
            }
        )
        entities: dict[str, Any] = data.get("entities", {})
        return entities

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        url = self.base_url + "?" + urllib.parse.urlencode(sorted(params.items()))
        path = self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")
        if path.exists():
            cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return cached
        with self._lock:
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": f"newskg/{__version__} (offline-first knowledge graph builder)",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data: dict[str, Any] = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            raise OnlineError(f"{self.base_url}: {err}") from err
        if "error" in data:
            raise OnlineError(f"{self.base_url}: {data['error']}")
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
        return data


def _default_cache() -> Path:
    from .kbfile import cache_dir

    return cache_dir() / "online"
