"""The swap of data/processed is crash-safe, makes a normal folder, and leaves foreign files alone (issue 11, 1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hardening_support import made_up_raw, set_cell

from helpers import errors
from helpers.clean import run as clean
from helpers.clean import tableio


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_an_updated_folder_has_the_normal_mode(tmp_path: Path, umask_022: None) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    assert clean.clean(raw, out)
    set_cell(raw, "events", 0, "notes", "changed")
    assert clean.clean(raw, out)  # an update: the folder is swapped
    assert out.stat().st_mode & 0o777 == 0o755
    assert {p.stat().st_mode & 0o777 for p in out.iterdir()} == {0o644}


def test_a_swap_cut_between_its_renames_is_recovered_on_the_next_start(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    clean.clean(raw, out)
    # what SIGKILL between the two renames leaves: no processed folder, the data in a hidden one
    hidden = tmp_path / f".processed-old-{_dead_pid()}"
    os.rename(out, hidden)
    assert not clean.clean(raw, out)  # recovered, and already up to date
    assert (out / "figures.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".raw.lock") == [
        "processed",
        "raw",
    ]  # the raw lock stays


def test_a_leftover_new_folder_of_a_dead_run_is_removed(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    partial = tmp_path / f".processed-new-{_dead_pid()}-abc123"
    partial.mkdir()
    (partial / "figures.csv").write_text("half")
    clean.clean(raw, out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".raw.lock") == [
        "processed",
        "raw",
    ]  # the raw lock stays


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_during_the_swap_is_held_until_it_is_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    clean.clean(raw, out)
    set_cell(raw, "events", 0, "notes", "changed")
    real_rename = os.rename
    calls = []

    def rename_then_interrupt(src, dst):  # noqa: ANN001, ANN202
        real_rename(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C between the two renames

    monkeypatch.setattr(tableio.os, "rename", rename_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        clean.clean(raw, out)
    assert len(calls) == 2
    assert (out / "events.csv").read_text(encoding="utf-8").count("changed") == 1


def test_a_subfolder_or_foreign_file_in_the_output_is_named_and_refused(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    clean.clean(raw, out)
    (out / "charts").mkdir()
    (out / "my-notes.txt").write_text("mine")
    set_cell(raw, "events", 0, "notes", "changed")
    with pytest.raises(errors.OutputError, match=r"charts/, my-notes.txt"):
        clean.clean(raw, out)
    assert (out / "my-notes.txt").read_text() == "mine" and (out / "charts").is_dir()
