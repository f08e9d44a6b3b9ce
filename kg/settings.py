"""One frozen Settings object: where the store is, the base IRI, the model, the limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from .vocab import DEFAULT_BASE

DEFAULT_STORE = os.path.join(".kg", "store")


def machine_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    # A folder (embedded Oxigraph) or a SPARQL endpoint URL such as sparql+http://127.0.0.1:7878/.
    store: str = DEFAULT_STORE
    base_iri: str = DEFAULT_BASE
    spacy_model: str = "en_core_web_sm"
    workers: int = field(default_factory=machine_cores)  # parsing processes of kg build
    # Where kg build extracts: None on this machine's cores; a Dask scheduler (tcp://HOST:8786), or 'local[:N]'
    # for a LocalCluster of N worker processes (kg/extract/cluster.py, docs/scale-out.md).
    cluster: str | None = None
    batch_size: int = 32
    query_timeout: float = 30.0
    max_rows: int = 10_000
    max_result_bytes: int = 64 << 20  # the largest result body a query may return
    max_memory: int = 1 << 30  # data memory one query worker may use (0: no cap)
    max_request_bytes: int = 1_000_000
    allow_update: bool = False
    update_token: str | None = None
    # Hosts a SERVICE clause or FROM may reach; empty means none (the server never makes requests).
    service_allow: tuple[str, ...] = ()
    # Web origins whose pages may read /sparql query answers (CORS); "*" for any. Empty: none.
    cors_origins: tuple[str, ...] = ()
    # The Host header names the server answers to (against DNS rebinding); None: any.
    allowed_hosts: tuple[str, ...] | None = None
    online_linking: bool = False

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then KG_* environment variables, then explicit overrides (None means not given)."""
        env = {
            "store": os.environ.get("KG_STORE"),
            "base_iri": os.environ.get("KG_BASE_IRI"),
            "spacy_model": os.environ.get("KG_SPACY_MODEL"),
            "query_timeout": _float(os.environ.get("KG_QUERY_TIMEOUT")),
            "cluster": os.environ.get("KG_CLUSTER") or None,
        }
        # Any: each value has its own field's type (str, float, int, tuple...), checked by no one at run time.
        values: dict[str, Any] = {k: v for k, v in env.items() if v is not None}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def is_remote(self) -> bool:
        """Whether the store is a server rather than a folder, by the schemes kg.stores registers backends for."""
        from .stores import is_remote  # here: importing the settings need not load the backends (~50 ms)

        return is_remote(self.store)


def _float(value: str | None) -> float | None:
    return float(value) if value else None
