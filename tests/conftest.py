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


MADE_UP = FIXTURES / "made_up_second_source"


def merge_made_up_source(raw_dir: Path) -> None:
    """Append the made-up second source (tests/fixtures/made_up_second_source) to a raw copy."""
    for extra in MADE_UP.glob("*.csv"):
        lines = extra.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        with open(raw_dir / extra.name, "a", encoding="utf-8", newline="") as fh:
            fh.writelines(lines)
    for text in (MADE_UP / "sources").glob("*.txt"):
        shutil.copy(text, raw_dir / "sources" / text.name)


@pytest.fixture(scope="session")
def two_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Processed tables from the real report plus the made-up second source (for trend paths)."""
    from helpers.clean import clean

    base = tmp_path_factory.mktemp("two_sources")
    shutil.copytree(paths.RAW, base / "raw")
    merge_made_up_source(base / "raw")
    clean(base / "raw", base / "processed")
    return base / "processed"


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as dicts."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
