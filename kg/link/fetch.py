"""`kg link fetch`: the news slice of Wikidata from a SPARQL endpoint into the user overlay, resumable.

Work happens in a folder beside the overlay (`<overlay>.fetch/`): `items.jsonl` gets one line per item
as pages arrive, and `state.json` records, per task, the last item IRI whose page is safely on disk. A
fetch that is stopped (Ctrl-C, a kill, a lost connection) starts again after that item; a line written
twice (a page fetched again after a kill) counts once. Only when every task is done are the items
written to the overlay, in one transaction, through the same writer `kg link import` uses, and the
folder removed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypedDict

from .overlay import record_for, store_records
from .posts import Post
from .sources import Record
from .sparql_client import SparqlClient
from .wdtypes import type_of_classes
from .wikidata_slice import Task, details_query, posts_query, qid_of

if TYPE_CHECKING:
    from .kb import KnowledgeBase

STATE_VERSION = 1
PAGE_SIZE = 500
# Called as progress(task_name, items_so_far, done).
ProgressFn = Callable[[str, int, bool], None]


class SpooledPost(TypedDict):
    """A P39 statement of an item in items.jsonl."""

    post: str
    title: str | None
    of: str | None
    start: str | None
    end: str | None
    statement: str | None


class SpooledItem(TypedDict):
    """One line of items.jsonl: an item as its task's pages found it."""

    id: str
    task: int  # index of the task that found it
    label: str | None
    aliases: list[str]
    classes: list[str]
    country: list[str]
    description: str | None
    posts: list[SpooledPost]


class TaskState(TypedDict):
    after: str  # the IRI of the last item whose page is on disk
    done: bool
    items: int


class FetchState(TypedDict):
    """state.json."""

    version: int
    signature: dict[str, Any]  # Fetcher.signature(): JSON
    tasks: dict[str, TaskState]


@dataclass
class FetchResult:
    items: dict[str, int] = field(default_factory=dict)  # task name -> items fetched
    added: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)
    requests: int = 0
    retried: int = 0
    rows: int = 0  # result rows read from the endpoint
    seconds: float = 0.0
    resumed: bool = False


def work_dir_for(overlay: str | os.PathLike[str]) -> Path:
    return Path(str(overlay) + ".fetch")


class Fetcher:
    """Pages through each task's items, reads their details, and writes the overlay at the end."""

    def __init__(
        self,
        client: SparqlClient,
        overlay: str | os.PathLike[str],
        tasks: list[Task],
        since: int = 1990,
        page_size: int = PAGE_SIZE,
        kb: KnowledgeBase | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        self.client = client
        self.overlay = Path(overlay)
        self.tasks = tasks
        self.since = since
        self.page_size = page_size
        self.kb = kb
        self.progress = progress  # called as progress(task_name, items_so_far, done)
        self.work = work_dir_for(overlay)
        self.rows = 0

    def signature(self) -> dict[str, Any]:
        """What makes two runs the same fetch: a stopped run resumes only when all of this matches."""
        return {
            "endpoint": self.client.endpoint,
            "since": self.since,
            "page_size": self.page_size,
            "tasks": [[t.name, t.type, t.subtype, list(t.classes), t.min_population] for t in self.tasks],
        }

    def run(self) -> FetchResult:
        started = time.monotonic()
        result = FetchResult()
        state = self._load_state()
        result.resumed = any(s["after"] for s in state["tasks"].values())
        with open(self.work / "items.jsonl", "a", encoding="utf-8") as spool:
            for index, task in enumerate(self.tasks):
                self._run_task(index, task, state, spool)
        for task in self.tasks:
            result.items[task.name] = state["tasks"][task.name]["items"]
        records, posts, about, result.skipped = self._records()
        result.added, result.updated = store_records(records, self.overlay, self.kb, posts=posts, descriptions=about)
        shutil.rmtree(self.work)
        result.requests, result.retried = self.client.requests, self.client.retried
        result.rows, result.seconds = self.rows, time.monotonic() - started
        return result

    # --- one task, page by page ---------------------------------------------------------

    def _run_task(self, index: int, task: Task, state: FetchState, spool: TextIO) -> None:
        mine = state["tasks"][task.name]
        while not mine["done"]:
            if self.progress:
                self.progress(task.name, mine["items"], False)
            listing = self._select(task.listing(mine["after"], self.page_size, self.since))
            found = [(row["item"], qid) for row in listing if (qid := qid_of(row.get("item", "")))]
            if found:
                for line in self._page(index, task, [qid for _, qid in found]):
                    spool.write(json.dumps(line, ensure_ascii=False) + "\n")
                spool.flush()
                os.fsync(spool.fileno())
                mine["after"] = found[-1][0]
                mine["items"] += len(found)
            mine["done"] = len(listing) < self.page_size
            self._save_state(state)  # only after the page's lines are on disk
        if self.progress:
            self.progress(task.name, mine["items"], True)

    def _page(self, index: int, task: Task, qids: list[str]) -> list[SpooledItem]:
        items: dict[str | None, SpooledItem] = {  # keyed by QID; None: a row of no item
            q: {
                "id": q,
                "task": index,
                "label": None,
                "aliases": [],
                "classes": [],
                "country": [],
                "description": None,
                "posts": [],
            }
            for q in qids
        }
        for row in self._select(details_query(qids)):
            item = items.get(qid_of(row.get("item", "")))
            if item is None:
                continue
            if "label" in row:
                item["label"] = row["label"]
            if "alias" in row and row["alias"] not in item["aliases"]:
                item["aliases"].append(row["alias"])
            if "class" in row and (cls := qid_of(row["class"])) and cls not in item["classes"]:
                item["classes"].append(cls)
            if "country" in row and (country := qid_of(row["country"])) and country not in item["country"]:
                item["country"].append(country)
            if "description" in row:
                item["description"] = row["description"]
        if task.type == "Official":
            seen: set[str | None] = set()
            for row in self._select(posts_query(qids)):
                item, post = items.get(qid_of(row.get("item", ""))), qid_of(row.get("post", ""))
                # One row per statement; a statement with two "of" values would give two: the first is kept.
                if item is None or post is None or row.get("st") in seen:
                    continue
                seen.add(row.get("st"))
                item["posts"].append(
                    {
                        "post": post,
                        "title": row.get("postLabel"),
                        "of": qid_of(row.get("of", "")),
                        "start": _day(row.get("start")),
                        "end": _day(row.get("end")),
                        "statement": row.get("st"),
                    }
                )
        return [items[q] for q in qids]

    def _select(self, query: str) -> list[dict[str, str]]:
        rows = self.client.select(query)
        self.rows += len(rows)
        return rows

    # --- state and the final records -----------------------------------------------------

    def _load_state(self) -> FetchState:
        path = self.work / "state.json"
        state: FetchState
        if path.exists():
            try:
                state = json.loads(path.read_text(encoding="utf-8"))
                if state.get("version") == STATE_VERSION and state.get("signature") == self.signature():
                    return state
            except (OSError, ValueError):
                pass
        # No run to resume, or another fetch's: start afresh.
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        state = {
            "version": STATE_VERSION,
            "signature": self.signature(),
            "tasks": {t.name: {"after": "", "done": False, "items": 0} for t in self.tasks},
        }
        self._save_state(state)
        return state

    def _save_state(self, state: FetchState) -> None:
        tmp = self.work / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, self.work / "state.json")

    def _records(self) -> tuple[list[Record], dict[str, list[Post]], dict[str, str | None], list[str]]:
        """Records, posts and descriptions from the spool (and the items skipped); an item found by two tasks keeps
        the first's type."""
        by_qid: dict[str, SpooledItem] = {}
        with open(self.work / "items.jsonl", encoding="utf-8") as spool:
            for line in spool:
                try:
                    item: SpooledItem = json.loads(line)
                except ValueError:
                    continue  # the last line of a run killed while writing it; its page was fetched again
                old = by_qid.get(item["id"])
                if old is None or item["task"] <= old["task"]:
                    by_qid[item["id"]] = item
        records: list[Record] = []
        posts: dict[str, list[Post]] = {}
        about: dict[str, str | None] = {}
        skipped: list[str] = []
        for qid, item in by_qid.items():
            task = self.tasks[item["task"]]
            if not item["label"]:
                skipped.append(f"{qid}: no English label")
                continue
            subtype = task.subtype
            if subtype is None and task.type != "Official":
                typed = type_of_classes(item["classes"])
                subtype = typed[1] if typed and typed[0] == task.type else None
            country = item["country"][0] if item["country"] else None
            held = [
                Post(
                    person=qid,
                    post=p["post"],
                    title=p["title"],
                    of=p["of"],
                    start=p["start"],
                    end=p["end"],
                    statement=p["statement"],
                )
                for p in item["posts"]
            ]
            latest = max(held, key=lambda p: (p.end is None, p.end or "", p.start or ""), default=None)
            if latest is not None:
                country = latest.of or country
            rec = record_for(
                qid, item["label"], item["aliases"], (task.type, subtype), country if task.type != "Country" else qid
            )
            rec.source = "wikidata fetch"
            if latest is not None and latest.end is None and latest.title:
                rec.position = latest.title  # only a post still held speaks for "the foreign minister" today
            records.append(rec)
            if task.type == "Official":
                posts[qid] = held
            about[qid] = item["description"]
        return records, posts, about, skipped


def _day(value: str | None) -> str | None:
    """ "2019-05-30T00:00:00Z" -> "2019-05-30"; None for no value or a date before year 1 (Wikidata's "-0044-...")."""
    if not value or not value[:1].isdigit():
        return None
    return value[:10]
