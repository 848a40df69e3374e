"""Hardening (issue 22.3, 22.12, 22.13, 22.15): an add that reports success wrote its row as its own
record; a refusal, an interruption or a file-system fault is one line, and leaves the file as it was.
MADE-UP fixtures only.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hardening_support import made_up_raw

from helpers.cli import main as cli
from helpers.coding import commands
from helpers.files import lock_path

SID = "TEST-S1"
ADD = ["add", "figures", SID, "--like", "TEST-F1", "-q", "@TEST-F1"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def test_a_file_ending_inside_an_open_quote_is_refused(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = raw / "figures.csv"
    path.write_bytes(path.read_bytes() + b'TEST-F7,TEST-S1,killed,"unfinished\n')
    before = path.read_bytes()
    assert run(raw, *ADD) == 1
    err = capsys.readouterr().err
    assert "figures.csv:3: the last record does not parse" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_the_new_row_reads_back_as_its_own_record(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(raw, *ADD, 'notes=a note, with a comma and "quotes"\nand a line break') == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO((raw / "figures.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 2 and out.strip().endswith(rows[-1]["figure_id"])
    assert rows[-1]["notes"] == 'a note, with a comma and "quotes"\nand a line break'


def test_a_row_that_does_not_read_back_is_removed(raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the appended bytes do not read back as the row (here: the read-back is tampered with), the file
    is cut back to its old bytes and the command fails: success is decided by the record, not by messages."""
    path = raw / "figures.csv"
    before = path.read_bytes()
    real = commands.records
    calls = []

    def tampered(data: bytes, name: str) -> list[tuple[int, list[str]]]:
        calls.append(name)
        out = real(data, name)
        return out[:-1] if len(calls) == 2 else out  # the read-back loses the new record

    monkeypatch.setattr(commands, "records", tampered)
    with pytest.raises(commands.CodingError, match="did not read back as its own record"):
        commands.append_row(path, {"figure_id": "TEST-F9", "source_id": SID})
    assert path.read_bytes() == before


def test_ctrl_c_during_add_is_one_line_and_exit_130(
    raw: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = raw / "figures.csv"
    before = path.read_bytes()
    real_write = os.write

    def interrupted(fd: int, data: bytes) -> int:
        real_write(fd, data[: len(data) // 2])  # half the row is on disk when Ctrl-C arrives
        raise KeyboardInterrupt

    monkeypatch.setattr(commands.os, "write", interrupted)
    assert run(raw, *ADD) == 130
    err = capsys.readouterr().err
    assert err.strip() == "add: interrupted; nothing was written."
    assert path.read_bytes() == before


def test_a_read_only_data_folder_is_one_line(
    raw: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """root ignores file modes, so the refusal of the file system is simulated where the lock is created."""
    real_open = os.open

    def refuse(path: object, flags: int, *args: object, **kw: object) -> int:
        if Path(str(path)) == lock_path(raw) and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    before = (raw / "figures.csv").read_bytes()
    assert run(raw, *ADD) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot lock" in err[0] and "read-only" in err[0] and "nothing was written" in err[0]
    assert (raw / "figures.csv").read_bytes() == before


def test_a_permission_error_while_appending_is_one_line(
    raw: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open

    def refuse(path: object, flags: int, *args: object, **kw: object) -> int:
        if Path(str(path)) == raw / "figures.csv" and flags & os.O_APPEND:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(commands.os, "open", refuse)
    assert run(raw, *ADD) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"add: {raw / 'figures.csv'}: Permission denied; nothing was written."]


def test_a_source_id_over_255_bytes_is_a_clear_error(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("MADE UP report for a test.\nNothing happened.\n")
    assert run(raw, "new-source", str(report), "--date", "2022-01-09", "--id", "a" * 300) == 1
    err = capsys.readouterr().err
    assert "300 bytes long" in err and "255-byte limit" in err and "Traceback" not in err
    assert not list((raw / "sources").glob("a*"))


def test_a_real_ctrl_c_while_add_waits_is_one_line(raw: Path) -> None:
    """SIGINT to a real `add` (waiting for the lock, so the moment is certain): exit 130, one line."""
    import signal
    import subprocess
    import sys

    from helpers.files import raw_lock

    before = (raw / "figures.csv").read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "KZ_PROCESSED_DIR"}
    with raw_lock(raw):
        proc = subprocess.Popen(
            [sys.executable, "-m", "helpers", *ADD, "--raw", str(raw)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        assert "waiting for another command" in proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read()
        proc.wait(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == "add: interrupted; nothing was written."
    assert (raw / "figures.csv").read_bytes() == before


def test_clean_on_a_read_only_data_folder_is_one_line(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers.clean import run as clean_run

    def refuse(*args: object, **kw: object) -> bool:
        raise PermissionError(13, "Permission denied", str(tmp_path / "out"))

    monkeypatch.setattr(clean_run, "swap_folder", refuse)
    assert cli.main(["clean", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 1
    err = [e for e in capsys.readouterr().err.strip().splitlines() if "warning" not in e]
    assert len(err) == 1 and "Permission denied" in err[0] and "was left as it was" in err[0]
