"""Hardening (issue 22.6): a source text over the documented size limit (files.MAX_SOURCE_BYTES, 2 MB;
a news report is about 10 KB) is refused by new-source, add, quote and clean with a clear error.
MADE-UP fixtures only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import errors_for, made_up_raw

from helpers.cli import main as cli
from helpers.files import MAX_SOURCE_BYTES

SID = "TEST-S1"
LINE = b"MADE UP: a sentence of a made-up report, repeated to pass the limit.\n"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def _grow(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data + LINE * ((MAX_SOURCE_BYTES - len(data)) // len(LINE) + 1))
    assert path.stat().st_size > MAX_SOURCE_BYTES


def test_the_limit_is_two_megabytes() -> None:
    assert MAX_SOURCE_BYTES == 2_000_000


def test_new_source_refuses_a_text_over_the_limit(raw: Path, tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"MADE UP big report\n")
    _grow(big)
    assert run(raw, "new-source", str(big), "--date", "2022-01-09", "--id", "TEST-BIG") == 1
    err = capsys.readouterr().err
    assert "over the size limit of 2,000,000 bytes" in err and "Traceback" not in err
    assert not (raw / "sources" / "TEST-BIG.txt").exists()


def test_a_text_at_the_limit_is_accepted(raw: Path, tmp_path: Path) -> None:
    text = tmp_path / "at-limit.txt"
    head = b"MADE UP report at the size limit\n"
    text.write_bytes(head + b"x" * (MAX_SOURCE_BYTES - len(head) - 1) + b"\n")
    assert text.stat().st_size == MAX_SOURCE_BYTES
    assert run(raw, "new-source", str(text), "--date", "2022-01-09", "--id", "TEST-EDGE") == 0


QUOTE = ["quote", SID, "made-up"]
ADD = ["add", "figures", SID, "--like", "TEST-F1", "-q", "x"]


@pytest.mark.parametrize("command", [QUOTE, ADD])
def test_quote_and_add_refuse_a_source_over_the_limit(raw: Path, command: list[str], capsys) -> None:
    _grow(raw / "sources" / "test-2022-01-08.txt")
    before = (raw / "figures.csv").read_bytes()
    assert run(raw, *command) == 1
    err = capsys.readouterr().err
    assert "over the size limit of 2,000,000 bytes" in err
    assert (raw / "figures.csv").read_bytes() == before


def test_clean_refuses_a_source_over_the_limit(raw: Path) -> None:
    _grow(raw / "sources" / "test-2022-01-08.txt")
    messages = errors_for(raw)
    wanted = [m for m in messages if "sources.csv:2: column 'file'" in m and "over the size limit of 2,000,000" in m]
    assert wanted, messages
