"""Hardening (issue 22.5): links under data/raw are never followed out of it.

`make data`'s freshness hash does not open a linked /etc/passwd; the temporary copy `add` checks on
copies links as links (a link to a big folder costs nothing, a link loop is no traceback); `quote` and
`add` refuse a source text that is a link out of the raw folder. MADE-UP fixtures only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hardening_support import made_up_raw

from helpers.clean import freshness
from helpers.cli import main as cli
from helpers.coding import commands

SID = "TEST-S1"
FIXTURE = Path(__file__).parent / "fixtures" / "hardening"
ADD = ["add", "figures", SID, "--like", "TEST-F1", "-q", "@TEST-F1"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def test_the_freshness_hash_never_opens_a_file_a_link_leads_out_to(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("MADE UP secret")
    (raw / "sources" / "passwd.txt").symlink_to(secret)
    (raw / "sources" / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    opened: list[Path] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        opened.append(self.resolve())
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    before = freshness.inputs_hash(raw)
    assert secret.resolve() not in opened
    assert not any(p.is_relative_to(tmp_path) and not p.is_relative_to(raw) for p in opened)
    secret.write_text("MADE UP secret, changed")
    assert freshness.inputs_hash(raw) == before  # the outside file is not an input


def test_a_link_loop_in_the_raw_folder_is_no_traceback(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (raw / "sources" / "loop").symlink_to(raw / "sources" / "loop")
    (raw / "sources" / "up").symlink_to(raw, target_is_directory=True)
    assert run(raw, *ADD) == 0
    assert "Traceback" not in capsys.readouterr().err
    freshness.inputs_hash(raw)  # no error either


def test_the_temporary_copy_keeps_links_as_links(raw: Path, tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / "file.bin").write_bytes(b"\0" * 1000)
    (raw / "sources" / "big").symlink_to(big, target_is_directory=True)
    copy = tmp_path / "copy"
    commands._copy_raw(raw, copy)
    assert (copy / "sources" / "big").is_symlink()
    assert not (copy / "sources" / "big" / "file.bin").resolve().is_relative_to(copy.resolve())


def test_quote_refuses_a_source_text_that_links_out(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = raw / "sources" / "test-2022-01-08.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(text.read_bytes())
    text.unlink()
    text.symlink_to(outside)
    assert run(raw, "quote", SID, "the") == 1
    err = capsys.readouterr().err
    assert "link out of the raw folder" in err and "Traceback" not in err


def test_a_link_inside_the_raw_folder_is_read_like_its_file(raw: Path) -> None:
    text = raw / "sources" / "test-2022-01-08.txt"
    os.rename(text, raw / "sources" / "real.txt")
    text.symlink_to("real.txt")
    assert commands.source_text(raw, SID)[0] == (raw / "sources" / "real.txt").read_text(encoding="utf-8")


def test_a_raw_table_that_links_out_is_not_read(raw: Path, tmp_path: Path, capsys) -> None:
    from hardening_support import errors_for

    outside = tmp_path / "outside.csv"
    outside.write_bytes((raw / "figures.csv").read_bytes())
    (raw / "figures.csv").unlink()
    (raw / "figures.csv").symlink_to(outside)
    messages = errors_for(raw)
    assert any("figures.csv:0: column '*'" in m and "a link out of data/raw" in m for m in messages), messages
    assert run(raw, *ADD) == 1
    assert "is a symlink: rows are appended only to a raw file itself" in capsys.readouterr().err
    assert outside.read_bytes() == (FIXTURE / "figures.csv").read_bytes()
