"""Headless Chromium for the page tests (Debian's, driven by playwright): the one way the tests start it, the
`browser` fixture (registered by tests/conftest.py), and the guard that keeps a page from reaching outside the
test server."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium(*extra_args: str):
    """A Chromium browser for a block; the test skips where Debian's chromium is not installed (make browser)."""
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *extra_args])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def block_outside(context, server: str, found: list, prefix: str = "") -> None:
    """Lets a browser context's requests reach only the test server (and data:/blob: URLs); every other request is
    aborted and its URL appended to `found` (after `prefix`): the pages fetch nothing from outside."""
    host = urlparse(server).netloc

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc == host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            found.append(prefix + url)
            route.abort()

    context.route("**/*", guard)
