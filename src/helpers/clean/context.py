"""What every raw-table check shares: the row type, the Context that collects problems, and the row iterator."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import paths
from helpers.clean.readers import LINE
from helpers.errors import DataError

__all__ = ["Context", "Row", "rows"]

Row = dict[str, Any]


@dataclass
class Context:
    """What row checks need: source texts and dates, the gazetteer, known ids, and the error list."""

    raw_dir: Path
    errors: list[DataError] = field(default_factory=list)
    report_dates: dict[str, date] = field(default_factory=dict)
    #: source_id → language code (sources.csv), for the language tables (clean.lang: numbers, hedge words, dates)
    languages: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    place_index: dict[str, str] = field(default_factory=dict)
    place_ids: set[str] = field(default_factory=set)
    event_ids: set[str] = field(default_factory=set)
    actor_index: dict[str, tuple[str, str]] = field(default_factory=dict)
    crisis_start: date | None = None
    place_rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: source_id → its language code (sources.csv), which picks the number and date tables (clean.lang)
    languages: dict[str, str] = field(default_factory=dict)
    #: folded place name or alias → how a suggestion shows it ("Almaty", "Алматы (alias of Almaty)")
    place_names: dict[str, str] = field(default_factory=dict)
    #: Digests of tables that passed their pandera schema under this code ('raw:<table>:<sha256>');
    #: a table with a known digest is not validated again (the coding commands keep this memo).
    schema_valid: set[str] = field(default_factory=set)

    def fail(self, table: str, row: Row, column: str, rule: str, value: Any = None) -> None:
        """Record one problem with a cell of a raw table."""
        shown = row.get(column) if value is None else value
        self.errors.append(
            DataError(
                paths.rel(self.raw_dir / f"{table}.csv"),
                int(row.get(LINE) or 0),
                column,
                "" if shown is None or shown is pd.NA else str(shown),
                rule,
            )
        )


def rows(frame: pd.DataFrame) -> Iterator[Row]:
    """Each record of a raw frame as a dict, with pandas' missing values as None."""
    for rec in frame.to_dict("records"):
        yield {k: (None if v is pd.NA or v is None else v) for k, v in rec.items()}
