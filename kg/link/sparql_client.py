"""A polite SPARQL client for the Wikidata Query Service (or any SPARQL 1.1 endpoint): JSON results, retries.

The public service asks clients to send a User-Agent that names the tool and a way to reach its
maintainer, to slow down when answered 429 (honouring Retry-After) and to back off on 5xx. Queries go
as POST form bodies, so a page of VALUES never hits a URL length limit.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

from .. import __version__

WDQS_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"newskg/{__version__} (knowledge-graph builder; https://w3id.org/newskg) python-urllib"
# Statuses worth another try: rate limited, or the server (or a proxy before it) is busy or broken for now.
RETRY_STATUSES = {429, 500, 502, 503, 504}


class SparqlError(Exception):
    """The endpoint did not answer usefully after the retries (or refused the query outright)."""


class SparqlClient:
    """Runs SELECT queries and returns their bindings as plain dicts of strings."""

    def __init__(
        self,
        endpoint: str = WDQS_ENDPOINT,
        timeout: float = 120.0,
        retries: int = 6,
        backoff: float = 2.0,
        max_wait: float = 300.0,
        min_interval: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff  # first wait in seconds; doubled after each failure
        self.max_wait = max_wait
        self.min_interval = min_interval  # spacing between requests, to stay a light user of a shared service
        self.sleep = sleep
        self.requests = 0  # requests sent, retries included
        self.retried = 0  # answers that asked for another try
        self._last = 0.0

    def select(self, query: str) -> list[dict[str, str]]:
        """The solutions of a SELECT query: one dict per row, variable -> value (IRIs and literals as strings)."""
        data = self._post(query)
        try:
            rows = data["results"]["bindings"]
        except (KeyError, TypeError) as err:
            raise SparqlError(f"{self.endpoint}: not a SPARQL JSON result") from err
        return [{var: cell.get("value", "") for var, cell in row.items()} for row in rows]

    def _post(self, query: str) -> Any:
        """The answer's JSON (Any: whatever the server sent; select() checks its shape)."""
        body = urllib.parse.urlencode({"query": query}).encode()
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self._space()
            request = urllib.request.Request(
                self.endpoint,
                data=body,
                method="POST",
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as err:
                if err.code not in RETRY_STATUSES or attempt == self.retries:
                    detail = err.read()[:300].decode("utf-8", "replace").strip()
                    raise SparqlError(f"{self.endpoint}: HTTP {err.code} {detail}") from err
                delay = _retry_after(err.headers.get("Retry-After")) if err.code == 429 else None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
                if attempt == self.retries:
                    raise SparqlError(f"{self.endpoint}: {getattr(err, 'reason', err)}") from err
                delay = None
            except ValueError as err:  # a 200 whose body is not JSON: a proxy's error page, a cut answer
                raise SparqlError(f"{self.endpoint}: the answer is not JSON ({err})") from err
            self.retried += 1
            self.sleep(min(self.max_wait, delay if delay is not None else wait))
            wait *= 2
        raise SparqlError(f"{self.endpoint}: no answer")  # not reached: the loop returns or raises

    def _space(self) -> None:
        if self.min_interval > 0:
            gap = self._last + self.min_interval - time.monotonic()
            if gap > 0:
                self.sleep(gap)
        self._last = time.monotonic()


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
