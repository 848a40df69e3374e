"""Shared fixtures: the made-up raw folder (a writable copy, and cleaned once per session), a writable
copy of data/raw, and helpers to change one cell of a raw CSV found by its row id."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import paths
from helpers.data import schemas

FIXTURES = Path(__file__).parent / "fixtures"
#: A complete MADE-UP raw folder: four invented reports on four dates (see its README.md).
MADE_UP = FIXTURES / "made_up"
#: MADE-UP reports of claims that disagree, are withdrawn or come as ranges (issue 17): see its README.md.
CONTESTED = MADE_UP / "contested"


@pytest.fixture
def made_up_raw(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/made_up that a test may change."""
    dst = tmp_path / "raw"
    shutil.copytree(MADE_UP, dst)
    return dst


@pytest.fixture(scope="session")
def made_up_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/made_up cleaned into a processed folder (shared by the whole session: read only)."""
    from helpers.clean.run import clean

    out = tmp_path_factory.mktemp("made_up") / "processed"
    clean(MADE_UP, out)
    return out


@pytest.fixture(scope="session")
def contested_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/made_up/contested cleaned into a processed folder (shared by the session: read only)."""
    from helpers.clean.run import clean

    out = tmp_path_factory.mktemp("contested") / "processed"
    clean(CONTESTED, out)
    return out


@pytest.fixture
def contested_raw(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/made_up/contested that a test may change."""
    dst = tmp_path / "contested_raw"
    shutil.copytree(CONTESTED, dst)
    return dst


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A copy of the real data/raw that a test may change. A test on it checks what holds for any coding (never
    today's rows or totals); tests/test_coding.py overrides it with a made-up base."""
    dst = tmp_path / "real_raw"
    shutil.copytree(paths.RAW, dst)
    return dst


def _rewrite(path: Path, change: object) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    change(rows)  # type: ignore[operator]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(raw_dir: Path, table: str, row_id: str | int, column: str, value: str) -> int:
    """Change one cell of the row whose id is row_id in a raw CSV copy; returns its file line.

    Tests find rows by id (a str). An int is the row's position, kept only for tests not yet migrated.
    Raw files hold one record per line (no line breaks inside cells), so the line is the row's index + 1.
    """
    path = raw_dir / f"{table}.csv"
    key = schemas.RAW[table].primary_key
    found: list[int] = []

    def change(rows: list[list[str]]) -> None:
        id_col, col = rows[0].index(key), rows[0].index(column)
        for i, r in enumerate(rows[1:], start=1):
            if r[id_col] == row_id or i - 1 == row_id:
                r[col] = value
                found.append(i + 1)
        assert len(found) == 1, f"{table}: {len(found)} rows with {key} {row_id!r}"

    _rewrite(path, change)
    return found[0]


def line_of(raw_dir: Path, table: str, row_id: str) -> int:
    """The file line of the row whose id is row_id."""
    return set_cell(raw_dir, table, row_id, schemas.RAW[table].primary_key, row_id)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as dicts."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
