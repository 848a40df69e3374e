"""A source path in sources.csv stays inside data/raw/sources/ (issue 11, high).

Otherwise the evidence check is an oracle for any readable file on the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

RULE = "relative path under data/raw/sources/"


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "../../../../etc/passwd", "sources/../../../../etc/passwd", "/proc/self/environ", ".."],
)
def test_paths_out_of_the_sources_folder_are_errors(tmp_path: Path, path: str) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "sources", 0, "file", path)
    assert_error(errors_for(raw), "sources.csv", line, "file", RULE)


def test_a_file_beside_the_sources_folder_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    (raw / "outside.txt").write_text((raw / "sources" / "test-2022-01-08.txt").read_text())
    line = set_cell(raw, "sources", 0, "file", "outside.txt")
    assert_error(errors_for(raw), "sources.csv", line, "file", RULE)


def test_a_symlink_out_of_the_sources_folder_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    secret = tmp_path / "secret.txt"
    # the link's target holds the text the evidence quotes, so only the path rule can catch it
    secret.write_text((raw / "sources" / "test-2022-01-08.txt").read_text())
    os.symlink(secret, raw / "sources" / "link.txt")
    line = set_cell(raw, "sources", 0, "file", "sources/link.txt")
    assert_error(errors_for(raw), "sources.csv", line, "file", RULE)


def test_a_symlink_within_the_sources_folder_is_fine(tmp_path: Path) -> None:
    from helpers.clean import run as clean

    raw = made_up_raw(tmp_path / "raw")
    os.symlink("test-2022-01-08.txt", raw / "sources" / "alias.txt")
    set_cell(raw, "sources", 0, "file", "sources/alias.txt")
    assert "sources.csv" in clean.build(raw)
