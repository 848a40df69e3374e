"""Reading and writing tables: raw CSVs with schema checks, processed CSV text, and the one safe folder swap."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import paths, schemas
from helpers.errors import DataError
from helpers.readers import LINE, read_raw_csv
from helpers.transforms import Context, Row


def read_raw(raw_dir: Path, ctx: Context) -> dict[str, pd.DataFrame]:
    """Every raw table, with structural and schema problems added to ctx."""
    frames: dict[str, pd.DataFrame] = {}
    for name, table in schemas.RAW.items():
        path = raw_dir / f"{name}.csv"
        frame, errs = read_raw_csv(path, table.columns)
        if name in schemas.OPTIONAL and not path.is_file():
            errs = []  # an optional table may be absent: no rows
        ctx.errors.extend(errs)
        if not errs:
            _schema_errors(frame, table, path, ctx)
        frames[name] = frame
    return frames


def _schema_errors(frame: pd.DataFrame, table: schemas.Table, path: Path, ctx: Context) -> None:
    """Run the raw pandera schema lazily and turn each failure case into a DataError."""
    import pandera.errors  # imported here: notebooks read processed tables without paying for pandera

    try:
        schemas.raw_schema(table).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            column = str(case.get("column") or "*")
            check = str(case.get("check"))
            idx = case.get("index")
            line = int(frame.at[idx, LINE]) if idx is not None and not pd.isna(idx) else 1
            value = case.get("failure_case")
            value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            rule = {
                "not_nullable": "a value is required",
                "field_uniqueness": "duplicate id: must be unique",
            }.get(check, check)
            ctx.errors.append(DataError(paths.rel(path), line, column, value, rule))


def _cell(value: Any, kind: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return value.isoformat()
    if kind == "number":
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return str(value)


def to_csv_text(rows: list[Row], table: schemas.Table) -> str:
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


def write_atomic(files: dict[str, str], out_dir: Path) -> bool:
    """Swap a complete new folder in for out_dir; leave it untouched when nothing changed. True if written."""
    if out_dir.is_dir() and all(
        (out_dir / n).is_file() and (out_dir / n).read_text(encoding="utf-8") == t for n, t in files.items()
    ):
        if sorted(p.name for p in out_dir.iterdir()) == sorted(files):
            return False
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".processed-new-", dir=out_dir.parent))
    try:
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        old = out_dir.parent / f".processed-old-{os.getpid()}"
        if out_dir.exists():
            os.rename(out_dir, old)
        os.rename(tmp, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return True
