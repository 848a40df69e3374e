"""Raw → processed: validate every raw table, collect every problem, then write all tables atomically.

The steps live in their own modules: tableio (reading, writing, the folder swap), transforms (one
function per table), updates (links between rows across reports), acled (the ACLED export) and
datapackage (the Frictionless descriptor).
"""

from __future__ import annotations

from pathlib import Path

import pandera.errors

from helpers import datapackage, paths, schemas, updates
from helpers.acled import acled_events
from helpers.errors import DataError, InputErrors
from helpers.tableio import frame_from_text, read_raw, to_csv_text, write_atomic
from helpers.transforms import (
    Context,
    do_deployments,
    do_events,
    do_figures,
    do_measures,
    do_places,
    do_sources,
    do_statements,
)


def build(raw_dir: Path = paths.RAW) -> dict[str, str]:
    """Validate every raw table and return the processed CSV texts plus datapackage.json.

    Raises InputErrors listing every problem found in the raw data.
    """
    ctx = Context(raw_dir)
    frames = read_raw(raw_dir, ctx)
    sources = do_sources(frames["sources"], ctx)
    places = do_places(frames["places"], ctx)
    ctx.event_ids = {e for e in frames["events"]["event_id"].dropna()} if "event_id" in frames["events"] else set()
    rows = {
        "sources": sources,
        "places": places,
        "events": do_events(frames["events"], ctx),
        "figures": do_figures(frames["figures"], ctx),
        "measures": do_measures(frames["measures"], ctx),
        "deployments": do_deployments(frames["deployments"], ctx),
        "statements": do_statements(frames["statements"], ctx),
    }
    updates.check(frames, rows, ctx)
    if ctx.errors:
        raise InputErrors(ctx.errors)
    rows["acled_events"] = acled_events(rows["events"], places, rows["figures"], sources)
    texts = {f"{name}.csv": to_csv_text(r, schemas.PROCESSED[name]) for name, r in rows.items()}
    problems: list[DataError] = []
    for name, table in schemas.PROCESSED.items():
        try:
            schemas.processed_schema(table).validate(frame_from_text(texts[f"{name}.csv"], table), lazy=True)
        except pandera.errors.SchemaErrors as exc:
            for case in exc.failure_cases.to_dict("records"):
                problems.append(
                    DataError(
                        f"data/processed/{name}.csv",
                        0,
                        str(case.get("column")),
                        str(case.get("failure_case")),
                        f"processed schema: {case.get('check')}",
                    )
                )
    if problems:
        raise InputErrors(problems)
    texts["datapackage.json"] = datapackage.describe(texts, sources)
    return texts


def clean(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> bool:
    """Build the processed tables from raw_dir and write them atomically to out_dir. True if changed."""
    return write_atomic(build(raw_dir), out_dir)
