"""One call for notebooks: the processed tables, typed and validated against the processed schemas."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from helpers import paths, schemas


@dataclass(frozen=True)
class Tables:
    """The processed tables as DataFrames."""

    sources: pd.DataFrame
    places: pd.DataFrame
    events: pd.DataFrame
    figures: pd.DataFrame
    measures: pd.DataFrame
    deployments: pd.DataFrame
    statements: pd.DataFrame
    acled_events: pd.DataFrame

    def counts(self) -> pd.DataFrame:
        """Rows per table."""
        return pd.DataFrame(
            {
                "table": [f.name for f in fields(self)],
                "rows": [len(getattr(self, f.name)) for f in fields(self)],
            }
        )


_CACHE: dict[tuple, Tables] = {}


def load(processed_dir: Path | str | None = None, validate: bool = True) -> Tables:
    """Read data/processed (or another folder) into typed DataFrames, validated with pandera."""
    from helpers.clean import frame_from_text

    folder = Path(processed_dir) if processed_dir else paths.PROCESSED
    missing = [n for n in schemas.PROCESSED if not (folder / f"{n}.csv").is_file()]
    if missing:
        raise FileNotFoundError(
            f"{paths.rel(folder)} lacks {', '.join(m + '.csv' for m in missing)}: run `make data` first"
        )
    key = (
        str(folder.resolve()),
        validate,
        *((folder / f"{n}.csv").stat().st_mtime_ns for n in schemas.PROCESSED),
    )
    if key not in _CACHE:
        frames = {}
        for name, table in schemas.PROCESSED.items():
            frame = frame_from_text((folder / f"{name}.csv").read_text(encoding="utf-8"), table)
            if validate:
                frame = schemas.processed_schema(table).validate(frame, lazy=True)
            frames[name] = frame
        _CACHE.clear()
        _CACHE[key] = Tables(**frames)
    return _CACHE[key]
