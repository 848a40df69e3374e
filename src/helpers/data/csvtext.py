"""The processed CSV format, both ways: deterministic text from rows (clean) and typed frames from text (load)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

from helpers.data import schemas

__all__ = ["frame_from_text", "to_csv_text"]


#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV-injection guidance).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a leading apostrophe (OWASP); other text unchanged.

    Coded cells never start so (clean rejects them), so only text computed from a source changes here:
    the sentences and spans of coverage.csv, copied from a news report that nobody vetted for formulas."""
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def _cell(value: Any, kind: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return value.isoformat()
    if kind == "number":
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    if kind == "string":
        return neutralise(str(value))
    return str(value)


def to_csv_text(rows: list[dict[str, Any]], table: schemas.Table) -> str:
    """Deterministic CSV text: fixed column order, rows sorted by primary key, LF endings."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for r in sorted(rows, key=lambda r: str(r[table.primary_key])):
        w.writerow([_cell(r.get(f.name), f.type) for f in table.fields])
    return buf.getvalue()


def frame_from_text(text: str, table: schemas.Table) -> pd.DataFrame:
    """A processed table's CSV text as a typed DataFrame."""
    dtypes = {f.name: schemas.PANDAS_DTYPES[f.type] for f in table.fields if f.type in ("string", "integer", "boolean")}
    dates = [f.name for f in table.fields if f.type == "date"]
    frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    for col in dates:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d").astype("datetime64[us]")
    return frame
