"""Read a hand-typed CSV exactly as typed: every cell a string, each row with its line number."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from helpers.errors import DataError
from helpers.paths import rel

LINE = "_line"


def read_raw_csv(path: Path, expected: list[str]) -> tuple[pd.DataFrame, list[DataError]]:
    """Rows of a raw CSV as strings ("" → NA) with a `_line` column, plus structural errors.

    Accepts a UTF-8 BOM and CRLF line endings; reports a missing or empty file, missing or unknown
    columns, and rows with the wrong number of cells. Never modifies the file.
    """
    name = rel(path)
    errors: list[DataError] = []
    if not path.is_file():
        return _empty(expected), [DataError(name, 0, "*", "", "file is missing")]
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if not text.strip():
        return _empty(expected), [DataError(name, 1, "*", "", "file is empty: a header row is required")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    for col in expected:
        if col not in header:
            errors.append(DataError(name, 1, col, "", "required column is missing from the header"))
    for col in header:
        if col not in expected:
            errors.append(DataError(name, 1, col, col, f"unknown column; expected: {', '.join(expected)}"))
    seen: set[str] = set()
    for col in header:
        if col in seen:
            errors.append(DataError(name, 1, col, col, "column appears twice in the header"))
        seen.add(col)
    rows: list[dict[str, object]] = []
    line = reader.line_num + 1
    for record in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.append(
                DataError(
                    name,
                    start,
                    "*",
                    ",".join(record)[:60],
                    f"row has {len(record)} cells, header has {len(header)}",
                )
            )
            continue
        row: dict[str, object] = {h: (v.strip() or None) for h, v in zip(header, record, strict=True)}
        row[LINE] = start
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*dict.fromkeys([*header, *expected]), LINE])
    for col in frame.columns:
        frame[col] = frame[col].astype("Int64" if col == LINE else "string")
    return frame, errors


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in columns} | {LINE: pd.Series(dtype="Int64")})
