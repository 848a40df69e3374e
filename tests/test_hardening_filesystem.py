"""Filesystem faults during `clean` (issue 22, points 14, 16, 17): one line, nothing left behind, no symlinks."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from hardening_support import cli, made_up_raw, set_cell, skeleton

from helpers import errors
from helpers.clean import run as clean
from helpers.clean import tableio


def test_a_full_disk_gives_one_line_and_keeps_the_last_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    assert clean.clean(raw, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    set_cell(raw, "events", 0, "notes", "changed")

    real_open = open

    def full_disk(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if "w" in mode:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(tableio, "open", full_disk, raising=False)
    with pytest.raises(errors.OutputError) as exc:
        clean.clean(raw, out)
    message = str(exc.value)
    assert "\n" not in message and "No space left on device" in message and "last good output was kept" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # nothing left beside the folders but the raw-data lock clean reads under (files.raw_lock, kept on purpose)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".raw.lock"] == []


def test_a_read_only_processed_folder_leaves_no_old_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    assert clean.clean(raw, out)
    set_cell(raw, "events", 0, "notes", "changed")
    os.chmod(out, 0o555)  # read-only: it can be renamed away, but not emptied without its write bit
    real_rmtree = shutil.rmtree

    def rmtree_as_a_user(path, ignore_errors=False, **kwargs):  # noqa: ANN001, ANN003
        """Tests may run as root, who ignores permission bits: obey them as an ordinary user's rmtree would."""
        if any(not os.stat(d).st_mode & 0o200 for d, _, files in os.walk(path) if files):
            if ignore_errors:
                return None
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_rmtree(path, ignore_errors=ignore_errors, **kwargs)

    monkeypatch.setattr(tableio.shutil, "rmtree", rmtree_as_a_user)
    assert clean.clean(raw, out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".raw.lock") == ["processed", "raw"]
    assert "changed" in (out / "events.csv").read_text()


def test_a_symlinked_processed_folder_is_refused(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "data" / "processed").symlink_to(elsewhere, target_is_directory=True)
    proc = cli("clean", root=root)
    assert proc.returncode == 1
    assert "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert list(elsewhere.iterdir()) == []
