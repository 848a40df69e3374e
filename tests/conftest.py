"""Shared fixtures: a writable copy of data/raw, and helpers to break it one cell at a time."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import paths

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A copy of data/raw that a test may change (data/raw itself is never written)."""
    dst = tmp_path / "raw"
    shutil.copytree(paths.RAW, dst)
    return dst


def set_cell(raw_dir: Path, table: str, row_index: int, column: str, value: str) -> int:
    """Change one cell of a raw CSV copy; returns the file line of that row."""
    path = raw_dir / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    rows[row_index + 1][col] = value
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return row_index + 2
