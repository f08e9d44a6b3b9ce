"""Every command's --help shows an example of its use: a user learns a command from its help."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

import click
import pytest
from click.testing import CliRunner

from kg.cli import main


def _commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_an_example_in_its_help():
    runner = CliRunner()
    missing = []
    for path, _command in _commands(main):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        if "Example" not in result.output or f"kg {' '.join(path)}" not in result.output:
            missing.append(" ".join(path))
    assert missing == []


def test_a_path_without_articles_is_a_warning_and_a_failure(tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(main, ["build", str(empty), "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == 1
    assert f"{empty}: no article files here" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_progress_bar_says_it_is_starting_then_extracting_with_an_eta(tmp_path, seed_dir):
    # The bar shows only on a terminal: the build runs on a pseudo-terminal, as in a user's shell
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from kg.cli import main; sys.exit(main())",
            "build",
            str(seed_dir),
            "--store",
            str(tmp_path / "store"),
            "--workers",
            "1",
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    out, deadline = b"", time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed: the build is over
                break
            if not data:
                break
            out += data
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=30) == 0
    text = out.decode(errors="replace")
    assert "starting: model, first batch" in text  # while the model loads, not "0/2" alone
    assert "extracting" in text and "eta" in text
    assert text.index("starting") < text.index("extracting")


def test_a_syntax_error_points_into_the_users_own_query(tmp_path, hm_settings):
    # 26 characters, the brace left open: the error is at the end of the user's text (1:27), not somewhere in
    # prefixes or bindings the tool added
    bad = tmp_path / "mine.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o ")
    result = CliRunner().invoke(main, ["query", str(bad), "--store", hm_settings.store])
    assert result.exit_code != 0
    assert "1:27" in result.output + (result.stderr or "")


def test_kg_build_uses_every_core_by_default(monkeypatch):
    # One extraction process per core this process may run on, unless --workers says otherwise
    from kg.settings import Settings

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    monkeypatch.delenv("KG_WORKERS", raising=False)
    assert Settings().workers == cores
    assert Settings(workers=1).workers == 1
