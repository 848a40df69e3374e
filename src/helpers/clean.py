"""Raw → processed: validate every raw table, collect every problem, then write all tables atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors

from helpers import numbers, paths, provenance, schemas, vocab
from helpers.dates import DateSpan, parse_date
from helpers.errors import DataError, InputErrors, ParseError
from helpers.readers import LINE, read_raw_csv

Row = dict[str, Any]


@dataclass
class Context:
    """What row checks need: source texts and dates, the gazetteer, known ids, and the error list."""

    raw_dir: Path
    errors: list[DataError] = field(default_factory=list)
    report_dates: dict[str, date] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    place_index: dict[str, str] = field(default_factory=dict)
    place_ids: set[str] = field(default_factory=set)
    event_ids: set[str] = field(default_factory=set)

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


def _rows(frame: pd.DataFrame) -> Iterator[Row]:
    for rec in frame.to_dict("records"):
        yield {k: (None if v is pd.NA or v is None else v) for k, v in rec.items()}


# ------------------------------------------------------------------ reading and raw-level checks
def read_raw(raw_dir: Path, ctx: Context) -> dict[str, pd.DataFrame]:
    """Every raw table, with structural and schema problems added to ctx."""
    frames: dict[str, pd.DataFrame] = {}
    for name, table in schemas.RAW.items():
        path = raw_dir / f"{name}.csv"
        frame, errs = read_raw_csv(path, table.columns)
        ctx.errors.extend(errs)
        if not errs:
            _schema_errors(frame, table, path, ctx)
        frames[name] = frame
    return frames


def _schema_errors(frame: pd.DataFrame, table: schemas.Table, path: Path, ctx: Context) -> None:
    """Run the raw pandera schema lazily and turn each failure case into a DataError."""
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


# ------------------------------------------------------------------ per-table row processing
def _span(ctx: Context, table: str, row: Row, column: str) -> DateSpan:
    """Resolve a date cell against its source's report date; record a problem and return UNKNOWN if bad."""
    try:
        return parse_date(row.get(column) or "", ctx.report_dates.get(row.get("source_id") or ""))
    except ParseError as exc:
        ctx.fail(table, row, column, str(exc))
        return DateSpan(None, None, "unknown", False)


def _place(ctx: Context, table: str, row: Row, column: str, required: bool = True) -> str | None:
    """The gazetteer id for a place name; an unknown name is a problem."""
    name = row.get(column)
    if not name:
        return None
    pid = ctx.place_index.get(name.casefold())
    if pid is None:
        ctx.fail(table, row, column, "unknown place: add it to data/raw/places.csv (name or aliases)")
    return pid


def _provenance(ctx: Context, table: str, row: Row, columns: tuple[str, ...] = ("evidence",)) -> None:
    """The row's source exists and every evidence span occurs in that source's text."""
    sid = row.get("source_id")
    if sid not in ctx.texts:
        if sid is not None:
            ctx.fail(table, row, "source_id", "unknown source_id: not in data/raw/sources.csv")
        return
    for col in columns:
        if row.get(col):
            for span in provenance.missing_spans(row[col], ctx.texts[sid]):
                ctx.fail(table, row, col, "quote not found in the source text", value=span)


def _event_ref(ctx: Context, table: str, row: Row) -> None:
    if row.get("event_id") and row["event_id"] not in ctx.event_ids:
        ctx.fail(table, row, "event_id", "unknown event_id: not in data/raw/events.csv")


def do_sources(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Sources: report dates parsed, files present, evidence found in the file."""
    out = []
    for row in _rows(frame):
        sid = row["source_id"]
        try:
            rd = date.fromisoformat(row["report_date"] or "")
        except ValueError:
            ctx.fail("sources", row, "report_date", "impossible or malformed date: use YYYY-MM-DD")
            rd = None
        file = ctx.raw_dir / (row["file"] or "")
        if not row["file"] or not file.is_file():
            ctx.fail("sources", row, "file", "source text file not found under data/raw/")
        elif sid:
            ctx.texts[sid] = provenance.read_source(file)
        if sid and rd:
            ctx.report_dates[sid] = rd
        _provenance(ctx, "sources", row)
        out.append(
            {
                "source_id": sid,
                "title": row["title"],
                "publisher": row["publisher"],
                "language": row["language"],
                "report_date": rd,
                "report_date_precision": row["report_date_precision"],
                "report_date_inferred": row["report_date_inferred"] == "yes",
                "report_date_note": row["report_date_note"],
                "path": row["file"],
                "evidence": row["evidence"],
            }
        )
    return out


def do_places(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """The gazetteer: numeric coordinates in range, names indexed with their aliases."""
    out = []
    for row in _rows(frame):
        coords = {}
        for col, lim in (("latitude", 90), ("longitude", 180)):
            try:
                v = float(row[col] or "")
                if not -lim <= v <= lim:
                    raise ValueError
                coords[col] = round(v, 4)
            except ValueError:
                ctx.fail("places", row, col, f"must be a number between -{lim} and {lim}")
                coords[col] = None
        for name in [row["name"], *(a.strip() for a in (row["aliases"] or "").split(";"))]:
            if name:
                ctx.place_index[name.casefold()] = row["place_id"]
        ctx.place_ids.add(row["place_id"])
        _provenance(ctx, "places", row)
        names = [row["name"], *(a.strip() for a in (row["aliases"] or "").split(";") if a.strip())]
        if row["evidence"] and not any(provenance.token_in(n, row["evidence"]) for n in names if n):
            ctx.fail("places", row, "name", "place name does not occur in its evidence quote")
        out.append(
            {
                **{k: row[k] for k in ("place_id", "name", "aliases", "kind", "admin1", "country_id")},
                **coords,
                "geo_precision": vocab.GEO_PRECISION.get(row["kind"] or "", 3),
                **{k: row[k] for k in ("coord_source", "source_id", "evidence")},
            }
        )
    for row in _rows(frame):
        if row["country_id"] and row["country_id"] not in ctx.place_ids:
            ctx.fail("places", row, "country_id", "unknown place_id")
    return out


def do_events(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Events: dates resolved, places resolved, evidence verified."""
    out = []
    for row in _rows(frame):
        span = _span(ctx, "events", row, "date_text")
        _provenance(ctx, "events", row)
        out.append(
            {
                "event_id": row["event_id"],
                "source_id": row["source_id"],
                "start": span.start,
                "end": span.end,
                "date_precision": span.precision,
                "date_inferred": span.inferred,
                "date_text": row["date_text"],
                "place_id": _place(ctx, "events", row, "place"),
                **{k: row[k] for k in ("event_type", "actors", "description", "evidence", "notes")},
            }
        )
    return out


def do_figures(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Figures: hedged numbers as intervals, numbers found in their quotes, as_of resolved."""
    out = []
    for row in _rows(frame):
        _provenance(ctx, "figures", row)
        _event_ref(ctx, "figures", row)
        iv = None
        try:
            iv = numbers.parse_value(row["value_text"] or "", row["hedge"] or "")
        except ParseError as exc:
            col = "hedge" if "hedge" in str(exc) else "value_text"
            ctx.fail("figures", row, col, str(exc))
        if iv and row["evidence"] and not provenance.token_in(iv.token, row["evidence"]):
            ctx.fail(
                "figures",
                row,
                "value_text",
                f"number '{iv.token}' does not occur in the evidence quote",
            )
        if row["hedge"] and row["evidence"] and not provenance.token_in(row["hedge"], row["evidence"]):
            ctx.fail("figures", row, "hedge", "hedge does not occur in the evidence quote")
        span = _span(ctx, "figures", row, "as_of")
        report = ctx.report_dates.get(row["source_id"] or "")
        if span.precision == "unknown":
            span = DateSpan(report, report, "day", True)
        elif span.precision != "day":
            ctx.fail("figures", row, "as_of", "as_of must name one day")
        out.append(
            {
                "figure_id": row["figure_id"],
                "source_id": row["source_id"],
                "metric": row["metric"],
                "place_id": _place(ctx, "figures", row, "place"),
                "subject": row["subject"],
                "as_of": span.end,
                "as_of_inferred": span.inferred,
                "value_text": row["value_text"],
                "qualifier": iv.qualifier if iv else None,
                "low": iv.low if iv else None,
                "best": iv.best if iv else None,
                "high": iv.high if iv else None,
                "open_upper": iv.open_upper if iv else None,
                "display": numbers.display(iv.qualifier, iv.number, iv.low, iv.high, iv.token) if iv else None,
                **{k: row[k] for k in ("hedge", "attributed_to", "context", "event_id", "evidence", "notes")},
            }
        )
    return out


def do_measures(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Measures: start and end resolved (end not before start), places resolved."""
    out = []
    for row in _rows(frame):
        _provenance(ctx, "measures", row)
        _event_ref(ctx, "measures", row)
        start, end = (
            _span(ctx, "measures", row, "start_text"),
            _span(ctx, "measures", row, "end_text"),
        )
        if start.start and end.end and end.end < start.start:
            ctx.fail("measures", row, "end_text", f"end before start ({end.end} < {start.start})")
        out.append(
            {
                "measure_id": row["measure_id"],
                "source_id": row["source_id"],
                "measure": row["measure"],
                "level": row["level"],
                "place_id": _place(ctx, "measures", row, "place"),
                "start": start.start,
                "end": end.end,
                "start_precision": start.precision,
                "end_precision": end.precision,
                "date_inferred": start.inferred or end.inferred,
                **{k: row[k] for k in ("status", "announced_by", "event_id", "evidence", "notes")},
            }
        )
    return out


def do_deployments(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Deployments: contributor resolved to a place, timing window, mandate evidence verified."""
    out = []
    for row in _rows(frame):
        _provenance(ctx, "deployments", row, ("evidence", "mandate_evidence"))
        _event_ref(ctx, "deployments", row)
        span = _span(ctx, "deployments", row, "date_text")
        end = _span(ctx, "deployments", row, "end_text")
        if end.end and span.start and end.end < span.start:
            ctx.fail("deployments", row, "end_text", f"end before start ({end.end} < {span.start})")
        out.append(
            {
                "deployment_id": row["deployment_id"],
                "source_id": row["source_id"],
                "organisation": row["organisation"],
                "country": row["country"],
                "country_id": _place(ctx, "deployments", row, "country"),
                "start": span.start,
                "end": end.end or span.end,
                "date_precision": span.precision,
                "date_inferred": span.inferred or end.inferred,
                **{
                    k: row[k]
                    for k in (
                        "duration_text",
                        "mandate",
                        "event_id",
                        "evidence",
                        "mandate_evidence",
                        "notes",
                    )
                },
            }
        )
    return out


def do_statements(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Statements: quotes verbatim in the source and in the evidence, dates resolved."""
    out = []
    for row in _rows(frame):
        _provenance(ctx, "statements", row, ("evidence", "quote"))
        _event_ref(ctx, "statements", row)
        if row["quote"] and row["evidence"]:
            for span in provenance.missing_spans(row["quote"], row["evidence"]):
                ctx.fail("statements", row, "quote", "quote does not occur in the evidence", value=span)
        span = _span(ctx, "statements", row, "date_text")
        out.append(
            {
                "statement_id": row["statement_id"],
                "source_id": row["source_id"],
                "speaker": row["speaker"],
                "speaker_role": row["speaker_role"],
                "start": span.start,
                "end": span.end,
                "date_precision": span.precision,
                "date_inferred": span.inferred,
                **{
                    k: row[k]
                    for k in (
                        "kind",
                        "attribution",
                        "quote",
                        "summary",
                        "event_id",
                        "evidence",
                        "notes",
                    )
                },
            }
        )
    return out


def acled_events(events: list[Row], places: list[Row], figures: list[Row], sources: list[Row]) -> list[Row]:
    """Events in ACLED's columns and vocabularies; fatalities = lowest reported 'killed' figure."""
    by_place = {p["place_id"]: p for p in places}
    by_source = {s["source_id"]: s for s in sources}
    killed: dict[str, int] = {}
    for f in figures:
        if f["metric"] == "killed" and f["event_id"] and f["low"] is not None:
            killed[f["event_id"]] = min(killed.get(f["event_id"], f["low"]), f["low"])
    out = []
    for e in events:
        place = by_place.get(e["place_id"] or "", {})
        country = by_place.get(place.get("country_id") or "", {})
        src = by_source.get(e["source_id"], {})
        when = e["start"] or src.get("report_date")
        actors = [a.strip() for a in (e["actors"] or "").split(";") if a.strip()]
        etype, sub = vocab.ACLED_TYPES[e["event_type"]]
        out.append(
            {
                "event_id_cnty": e["event_id"],
                "event_date": when,
                "year": when.year if when else None,
                "time_precision": vocab.ACLED_TIME_PRECISION[e["date_precision"]],
                "event_type": etype,
                "sub_event_type": sub,
                "actor1": actors[0] if actors else None,
                "actor2": actors[1] if len(actors) > 1 else None,
                "country": country.get("name") or "Kazakhstan",
                "admin1": place.get("admin1"),
                "location": place.get("name"),
                "latitude": place.get("latitude"),
                "longitude": place.get("longitude"),
                "geo_precision": place.get("geo_precision"),
                "source": src.get("publisher") or e["source_id"],
                "notes": e["description"],
                "fatalities": killed.get(e["event_id"], 0),
            }
        )
    return out


# ------------------------------------------------------------------ writing
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
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for r in sorted(rows, key=lambda r: str(r[table.primary_key])):
        w.writerow([_cell(r.get(f.name), f.type) for f in table.fields])
    return buf.getvalue()


def frame_from_text(text: str, table: schemas.Table) -> pd.DataFrame:
    """A processed table's CSV text as a typed DataFrame."""
    import io

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
    hashes = {n: hashlib.sha256(texts[f"{n}.csv"].encode()).hexdigest() for n in schemas.PROCESSED}
    src_meta = [{"title": f"{s['source_id']}: {s['title']}"} for s in sorted(sources, key=lambda s: s["source_id"])]
    texts["datapackage.json"] = schemas.dumps(schemas.datapackage(schemas.PROCESSED, src_meta, hashes))
    return texts


def clean(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> bool:
    """Build the processed tables from raw_dir and write them atomically to out_dir. True if changed."""
    return write_atomic(build(raw_dir), out_dir)
