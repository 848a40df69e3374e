"""Raw → processed: validate every raw table, collect every problem, then write all tables atomically.

The steps live in their own modules: tableio (reading, writing, the folder swap), transforms (one
function per table), updates (links between rows across reports), acled (the ACLED export) and
datapackage (the Frictionless descriptor).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.clean import aliases, corrections, coverage, datapackage, dates, evidence, freshness, names, updates
from helpers.clean.acled import acled_events
from helpers.clean.actors import do_actors
from helpers.clean.context import Context, Row
from helpers.clean.context import rows as each_row
from helpers.clean.readers import LINE
from helpers.clean.tableio import check_output, read_raw, swap_folder
from helpers.clean.transforms import (
    do_deployments,
    do_events,
    do_figures,
    do_measures,
    do_places,
    do_sources,
    do_statements,
)
from helpers.data import schemas
from helpers.data.csvtext import frame_from_text, to_csv_text
from helpers.errors import DataError, InputErrors, ParseError
from helpers.files import raw_lock

__all__ = ["collect", "build", "clean"]


def _crisis_start(events: pd.DataFrame, ctx: Context) -> dates.date | None:
    """The earliest start among the events' dates that resolve without the crisis start itself."""
    if not {"date_text", "source_id"} <= set(events.columns):
        return None
    spans = []
    for text, sid in zip(events["date_text"], events["source_id"], strict=True):
        try:
            cell = text if isinstance(text, str) else ""
            spans.append(dates.parse_date(cell, ctx.report_dates.get(str(sid)), None, ctx.languages.get(str(sid))))
        except ParseError:
            continue
    return dates.crisis_start(spans)


def collect(
    raw_dir: Path = paths.RAW, schema_valid: set[str] | None = None
) -> tuple[Context, dict[str, list[Row]], list[Row]]:
    """Read and check every raw table: the context (errors, texts), the processed rows and the waivers.

    `schema_valid`: digests of tables known to pass their pandera schema (Context.schema_valid); the
    set is updated with the tables that pass now."""
    ctx = Context(raw_dir, schema_valid=set() if schema_valid is None else schema_valid)
    frames = read_raw(raw_dir, ctx)
    evidence.resolve(frames, ctx)
    sources = do_sources(frames["sources"], ctx)
    names.check(frames, ctx)
    places = do_places(frames["places"], ctx)
    ctx.event_ids = {e for e in frames["events"]["event_id"].dropna()} if "event_id" in frames["events"] else set()
    ctx.crisis_start = _crisis_start(frames["events"], ctx)
    actors = do_actors(frames["actors"], ctx)
    aliases.apply_aliases(frames["aliases"], ctx, places, actors)
    rows = {
        "sources": sources,
        "actors": actors,
        "places": places,
        "events": do_events(frames["events"], ctx),
        "figures": do_figures(frames["figures"], ctx),
        "measures": do_measures(frames["measures"], ctx),
        "deployments": do_deployments(frames["deployments"], ctx),
        "statements": do_statements(frames["statements"], ctx),
    }
    updates.check(frames, rows, ctx)
    rows["corrections"] = corrections.do_corrections(frames["corrections"], ctx, rows)
    aliases.apply_translations(frames["translations"], ctx, {k: rows[k] for k in aliases.CLAIMS})
    _duplicate_waivers(frames["waivers"], ctx)
    return ctx, rows, coverage.do_waivers(frames["waivers"], ctx)


def _duplicate_waivers(frame: pd.DataFrame, ctx: Context) -> None:
    """A waiver whose source_id and span repeat an earlier row is an error naming both lines (like a duplicate id)."""
    first: dict[tuple[str, str], int] = {}
    for row in each_row(frame):
        key = (str(row.get("source_id") or ""), str(row.get("span") or ""))
        if not key[1]:
            continue
        if key in first:
            ctx.fail(
                "waivers", row, "span", f"duplicate waiver: line {first[key]} already waives this span of {key[0]}"
            )
        else:
            first[key] = int(row.get(LINE) or 0)


def build(raw_dir: Path = paths.RAW, schema_valid: set[str] | None = None) -> dict[str, str]:
    """Validate every raw table and return the processed CSV texts plus datapackage.json.

    Raises InputErrors listing every problem found in the raw data. `schema_valid` (see collect) also
    holds processed tables ('processed:<table>:<sha256>') whose text passed the processed schema.
    """
    valid = set() if schema_valid is None else schema_valid
    ctx, rows, waivers = collect(raw_dir, valid)
    if ctx.errors:
        raise InputErrors(ctx.errors)
    sources, places = rows["sources"], rows["places"]
    rows["coverage"] = coverage.analyse_all(rows, ctx.texts, waivers)[1]
    rows["acled_events"] = acled_events(rows["events"], places, rows["figures"], sources)
    texts = {f"{name}.csv": to_csv_text(r, schemas.PROCESSED[name]) for name, r in rows.items()}
    problems: list[DataError] = []
    for name, table in schemas.PROCESSED.items():
        key = f"processed:{name}:{hashlib.sha256(texts[f'{name}.csv'].encode()).hexdigest()}"
        if key in valid:  # this very text passed this schema before
            continue
        import pandera.errors  # only when a table is validated: a remembered one needs no pandera

        try:
            schemas.processed_schema(table).validate(frame_from_text(texts[f"{name}.csv"], table), lazy=True)
            valid.add(key)
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


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def clean(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED, warn: Callable[[str], None] = _warn) -> bool:
    """Build the processed tables from raw_dir and write them atomically to out_dir. True if changed.

    Spans that no quote or waiver covers are a warning (passed to `warn`), not an error. Raises OutputError,
    before reading anything, for an out_dir that clean must not replace.
    """
    check_output(out_dir, raw_dir)
    with raw_lock(raw_dir, shared=True):  # no coding command appends while the tables are read
        texts = build(raw_dir)
        orphans = freshness.orphan_texts(raw_dir)
    for path in orphans:
        warn(
            f"clean: warning: {paths.rel(path)}: no row of {paths.rel(Path(raw_dir) / 'sources.csv')} names this "
            "text (left by an interrupted new-source?); add its row with new-source or remove the file"
        )
    uncovered = int(frame_from_text(texts["coverage.csv"], schemas.PROCESSED["coverage"])["uncovered"].sum())
    if uncovered:
        warn(
            f"clean: warning: {uncovered} number(s), date(s) or name(s) in the sources are covered by no evidence "
            "quote and no waiver; list them with `python -m helpers coverage`"
        )
    return swap_folder(texts, out_dir, raw_dir)
