"""Hardening (issue 22.10): what a killed command leaves is recovered or named by the next one.

- a text linked by a new-source killed before its sources.csv row: rerunning the same new-source
  completes it; another text under that name is named, never overwritten; `make data` warns about it;
- temporary files (.figures.csv.*.tmp) in data/raw and copies of data/raw under the system temp folder
  whose process is gone: the next add removes them and says so.
MADE-UP fixtures only.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hardening_support import made_up_raw

from helpers.clean import run as clean
from helpers.cli import main as cli
from helpers.coding import commands

SID = "TEST-S1"
ADD = ["add", "figures", SID, "--like", "TEST-F1", "-q", "@TEST-F1"]
REPORT = b"MADE UP: a report for the debris tests.\nPolice said 12 people were detained.\n"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def _sources(raw: Path) -> list[str]:
    return [r["source_id"] for r in csv.DictReader(io.StringIO((raw / "sources.csv").read_text(encoding="utf-8")))]


def test_a_rerun_completes_a_new_source_killed_before_its_row(raw: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT)
    (raw / "sources" / "TEST-NEW.txt").write_bytes(REPORT)  # linked, then SIGKILL before sources.csv
    assert run(raw, "new-source", str(report), "--date", "2022-01-09", "--id", "TEST-NEW") == 0
    assert "left by an interrupted new-source; adding its row" in capsys.readouterr().err
    assert _sources(raw)[-1] == "TEST-NEW"
    clean.build(raw)


def test_another_text_under_the_name_is_named_and_kept(raw: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT)
    orphan = raw / "sources" / "TEST-NEW.txt"
    orphan.write_bytes(b"MADE UP: some other text\n")
    assert run(raw, "new-source", str(report), "--date", "2022-01-09", "--id", "TEST-NEW") == 1
    err = capsys.readouterr().err
    assert "TEST-NEW.txt already exists, and no row of" in err and "remove it or pass another --id" in err
    assert orphan.read_bytes() == b"MADE UP: some other text\n"


def test_make_data_names_a_text_that_no_row_names(raw: Path, tmp_path: Path) -> None:
    (raw / "sources" / "TEST-ORPHAN.txt").write_bytes(REPORT)
    warnings: list[str] = []
    clean.clean(raw, tmp_path / "out", warn=warnings.append)
    assert any("TEST-ORPHAN.txt: no row of" in w and "sources.csv names this text" in w for w in warnings), warnings


def test_add_removes_temporary_files_a_killed_writer_left(raw: Path, capsys) -> None:
    debris = [raw / ".figures.csv.abc123.tmp", raw / "sources" / ".new-source.xyz.tmp"]
    for d in debris:
        d.write_bytes(b"half a file")
    assert run(raw, *ADD) == 0
    err = capsys.readouterr().err
    assert not any(d.exists() for d in debris)
    assert err.count("left by an interrupted command") == 2


def test_add_removes_a_copy_of_the_raw_folder_whose_process_is_gone(raw: Path, capsys) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    left = Path(tempfile.mkdtemp(prefix=f"{commands.COPY_PREFIX}{pid}-"))
    (left / "raw").mkdir()
    alive = Path(tempfile.mkdtemp(prefix=f"{commands.COPY_PREFIX}1-"))  # pid 1 is alive: not ours to remove
    try:
        assert run(raw, *ADD) == 0
        assert not left.exists()
        assert alive.exists()
        assert f"removed {left}" in capsys.readouterr().err
    finally:
        for d in (left, alive):
            if d.exists():
                (d / "raw").exists() and (d / "raw").rmdir()
                d.rmdir()
