"""One call for notebooks: the processed tables, typed and validated against the processed schemas."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import schemas

__all__ = ["Tables", "load", "last_loaded"]


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
    actors: pd.DataFrame
    coverage: pd.DataFrame
    corrections: pd.DataFrame

    def counts(self) -> pd.DataFrame:
        """Rows per table."""
        return pd.DataFrame(
            {
                "table": [f.name for f in fields(self)],
                "rows": [len(getattr(self, f.name)) for f in fields(self)],
            }
        )


_CACHE: dict[tuple, Tables] = {}


def _verified(folder: Path) -> bool:
    """True when every table's bytes match the sha256 that `clean` wrote after validating them."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        expected = {r["path"]: r["hash"].removeprefix("sha256:") for r in package["resources"]}
    except (OSError, ValueError, KeyError):
        return False
    return all(
        expected.get(f"{n}.csv") == hashlib.sha256((folder / f"{n}.csv").read_bytes()).hexdigest()
        for n in schemas.PROCESSED
    )


def load(processed_dir: Path | str | None = None, validate: bool | None = None) -> Tables:
    """Read data/processed (or another folder) into typed DataFrames, validated with pandera.

    validate=None (the default) re-runs the pandera schemas only when a table's bytes differ from
    what `clean` validated and hashed into datapackage.json; True always validates; False never.

    Example::

        import helpers
        t = helpers.load()              # every table of data/processed, typed
        t.figures.head()                # one DataFrame per table: t.sources, t.events, t.figures, ...
    """
    from helpers.data.csvtext import frame_from_text

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
        if validate is None:
            validate = not _verified(folder)
        frames = {}
        for name, table in schemas.PROCESSED.items():
            frame = frame_from_text((folder / f"{name}.csv").read_text(encoding="utf-8"), table)
            if validate:
                frame = schemas.processed_schema(table).validate(frame, lazy=True)
            frames[name] = frame
        _CACHE.clear()
        _CACHE[key] = Tables(**frames)
    return _CACHE[key]


def last_loaded() -> Tables | None:
    """The tables `load` returned last (None before any load): what the page being made reads. The page layer
    uses it to find a row's source language and the coder's translation when a table it is given lacks them."""
    return next(iter(_CACHE.values()), None)
