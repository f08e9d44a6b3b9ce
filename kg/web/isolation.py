"""Cuts a query worker off the network, so the engine cannot send a request whatever the query says.

Defence in depth under the guard (kg.sparql.guard): a worker that runs SPARQL against the embedded store needs no
network at all, so it moves into a Linux network namespace of its own in which no interface is up. A SERVICE or
LOAD that got past the guard would fail with "network unreachable" and reach no host. Where the platform does not
allow it (not Linux, or neither root nor unprivileged user namespaces), the reason is reported and the guard alone
stands.
"""

from __future__ import annotations

import ctypes
import os
import sys

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def cut_off_network() -> str | None:
    """Moves the calling (single-threaded) process into an empty network namespace; the reason when it cannot."""
    if not sys.platform.startswith("linux"):
        return f"network namespaces are a Linux feature (this is {sys.platform})"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as err:
        return f"cannot load the C library: {err}"
    if libc.unshare(_CLONE_NEWNET) == 0:
        return None
    first = ctypes.get_errno()
    # Without CAP_SYS_ADMIN, a user namespace of our own grants it inside (where the kernel allows that).
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        return None
    return (
        f"unshare(CLONE_NEWNET) failed: {os.strerror(first)}; with a user namespace: {os.strerror(ctypes.get_errno())}"
    )
