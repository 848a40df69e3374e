"""Per-table transforms, raw rows → processed rows: dates, places, numbers and provenance checked.

Each `do_<table>` reads one raw table's rows and records every problem in the shared Context, so that
one run of `clean` reports all of them at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from helpers import paths
from helpers.clean import actors, lang, numbers, provenance, readers
from helpers.clean.context import Context, Row, rows
from helpers.clean.dates import DateSpan, parse_date, parse_duration
from helpers.clean.readers import LINE
from helpers.data import vocab
from helpers.errors import ParseError, shorten
from helpers.files import MAX_SOURCE_BYTES

__all__ = [
    "EARLIEST_DATE",
    "LATEST_AFTER_REPORT",
    "KIND_MARKS",
    "SEEN_MARK",
    "MARKED_TABLES",
    "do_sources",
    "do_places",
    "do_events",
    "do_figures",
    "do_measures",
    "do_deployments",
    "do_statements",
]

#: Plausible dates (docs/codebook.md, "Dates"): nothing before Kazakhstan's independence; a report is
#: not dated in the future; a date in a report lies at most a year after the report.
EARLIEST_DATE = date(1991, 12, 16)
LATEST_AFTER_REPORT = timedelta(days=366)


#: Marks a coder may write after a date of a measure or deployment, for a file whose header has no
#: start_kind / end_kind / seen_text column (the real data/raw files): "until 19 January (planned)",
#: "Saturday (actual)", and for a deployment's date_text "Sunday (in place)" (seen there, not arriving).
KIND_MARKS = {"(planned)": "planned", "(actual)": "actual"}
SEEN_MARK = "(in place)"
MARKED_TABLES = ("measures", "deployments")


def _mark(text: str | None) -> tuple[str, str | None]:
    """A date cell without its trailing mark ("(planned)", "(actual)", "(in place)"), and the mark."""
    t = (text or "").strip()
    for mark in (*KIND_MARKS, SEEN_MARK):
        if t.lower().endswith(mark):
            return t[: -len(mark)].strip(), mark
    return t, None


def _span(ctx: Context, table: str, row: Row, column: str) -> DateSpan:
    """Resolve a date cell against its source's report date; record a problem and return UNKNOWN if bad.

    In measures and deployments a trailing mark ("(planned)", "(actual)", "(in place)") is not part of
    the date (see `_kinds`)."""
    report = ctx.report_dates.get(row.get("source_id") or "")
    text = row.get(column) or ""
    if table in MARKED_TABLES:
        text, mark = _mark(text)
        if mark == SEEN_MARK and not (table == "deployments" and column == "date_text"):
            ctx.fail(table, row, column, f"'{SEEN_MARK}' marks only a deployment's date_text (the day seen there)")
    try:
        language = ctx.languages.get(row.get("source_id") or "")
        span = parse_date(text, report, ctx.crisis_start, language)
    except (ParseError, OverflowError) as exc:
        ctx.fail(table, row, column, str(exc))
        return DateSpan(None, None, "unknown", False)
    latest = (report or date.today()) + LATEST_AFTER_REPORT
    if (span.start and span.start < EARLIEST_DATE) or (span.end and span.end > latest):
        ctx.fail(table, row, column, f"implausible date: must lie between {EARLIEST_DATE} and {latest}")
        return DateSpan(None, None, "unknown", False)
    return span


def _place(ctx: Context, table: str, row: Row, column: str, required: bool = True) -> str | None:
    """The gazetteer id for a place name; an unknown name is a problem."""
    name = row.get(column)
    if not name:
        return None
    pid = ctx.place_index.get(lang.fold(name))
    if pid is None:
        close = lang.closest(name, ctx.place_names)
        hint = f" or give a known place this name (`python -m helpers alias`); closest known: {', '.join(close)}"
        hint = hint if close else ""
        ctx.fail(table, row, column, f"unknown place: add it to data/raw/places.csv (name or aliases){hint}")
    return pid


def _provenance(ctx: Context, table: str, row: Row, columns: tuple[str, ...] = ("evidence",)) -> None:
    """The row's source exists and every evidence span occurs in that source's text."""
    sid = row.get("source_id")
    if sid not in ctx.texts:
        if sid is not None:
            ctx.fail(table, row, "source_id", "unknown source_id: not in data/raw/sources.csv")
        return
    text = ctx.texts[sid]
    for col in columns:
        if not row.get(col):
            continue
        for span in provenance.missing_spans(row[col], text):
            ctx.fail(table, row, col, _not_verbatim(span, text), value=span)
        problem = provenance.order_problem(row[col], text)
        if problem:
            ctx.fail(table, row, col, problem)
        problem = provenance.length_problem(row[col]) if col == "evidence" else None
        if problem:
            ctx.fail(table, row, col, problem)


def _not_verbatim(span: str, text: str) -> str:
    """The rule for a span missing from its source, saying how it differs when it nearly matches."""
    if provenance.near_miss(span, text):
        from helpers.clean.locate import find_all

        written = find_all(span, text)
        if written:
            return (
                "quote not verbatim: it differs from the source in case or character forms (quotes are compared "
                f"exactly, apart from quote marks, spaces and '…'); the source has '{shorten(written[0].span)}'"
            )
    return "quote not found in the source text"


def _event_ref(ctx: Context, table: str, row: Row) -> None:
    if row.get("event_id") and row["event_id"] not in ctx.event_ids:
        ctx.fail(table, row, "event_id", "unknown event_id: not in data/raw/events.csv")


def do_sources(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Sources: report dates parsed, files present, evidence found in the file."""
    out = []
    for row in rows(frame):
        sid = row["source_id"]
        try:
            rd = date.fromisoformat(row["report_date"] or "")
        except ValueError:
            ctx.fail("sources", row, "report_date", "impossible or malformed date: use YYYY-MM-DD")
            rd = None
        if rd and not EARLIEST_DATE <= rd <= date.today():
            ctx.fail(
                "sources", row, "report_date", f"implausible report date: must lie between {EARLIEST_DATE} and today"
            )
            rd = None
        file = paths.inside(ctx.raw_dir / "sources", row["file"] or "", ctx.raw_dir)
        if file is None:
            rule = (
                "source file must be a relative path under data/raw/sources/ (no absolute path, no '..', no link out)"
            )
            ctx.fail("sources", row, "file", rule)
        elif not file.is_file():
            ctx.fail("sources", row, "file", "source text file not found under data/raw/sources/")
        elif file.stat().st_size > MAX_SOURCE_BYTES:
            ctx.fail("sources", row, "file", f"source text over the size limit of {MAX_SOURCE_BYTES:,} bytes")
        elif sid:
            text, errs = readers.read_text(file)
            ctx.errors.extend(errs)
            if text is not None:
                ctx.texts[sid] = text
        if sid and rd:
            ctx.report_dates[sid] = rd
        if sid:
            ctx.languages[sid] = row["language"] or "en"
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
                "url": row.get("url") or "",
                "byline": row.get("byline") or "",
                "published": row.get("published") or "",
            }
        )
    return out


def do_places(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """The gazetteer: numeric coordinates in range, names indexed with their aliases."""
    out = []
    for row in rows(frame):
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
        for col, name in [("name", row["name"]), *(("aliases", a.strip()) for a in (row["aliases"] or "").split(";"))]:
            if not name:
                continue
            key = lang.fold(name)
            other = ctx.place_rows.get(key)
            if other and other[0] != row["place_id"]:
                rule = f"name already used by place {other[0]} (places.csv line {other[1]}): one name, one place"
                ctx.fail("places", row, col, rule, value=name)
                continue
            ctx.place_rows[key] = (row["place_id"], int(row.get(LINE) or 0))
            ctx.place_index[key] = row["place_id"]
            ctx.place_names[key] = name if name == row["name"] else f"{name} (alias of {row['name']})"
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
    for row in rows(frame):
        if row["country_id"] and row["country_id"] not in ctx.place_ids:
            ctx.fail("places", row, "country_id", "unknown place_id")
    return out


def do_events(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Events: dates resolved, places resolved, evidence verified."""
    out = []
    for row in rows(frame):
        span = _span(ctx, "events", row, "date_text")
        _provenance(ctx, "events", row)
        names, ids = actors.actor_list(ctx, "events", row, "actors")
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
                "event_type": row["event_type"],
                "actors": names,
                "actor_ids": ids,
                **{k: row[k] for k in ("description", "evidence", "notes")},
            }
        )
    return out


def _display(iv: numbers.Interval, row: Row, ctx: Context) -> str:
    """How pages word a figure: the report's own words, then English ("более ста (more than 100)") when the
    source is not in English; English sources as today ("almost 4,000")."""
    english = numbers.display_of(iv)
    language = ctx.languages.get(row.get("source_id") or "", "en")
    own = row.get("value_text") or ""
    if language in ("", "en") or not own:
        return english
    if own == english:
        return own  # "26" reads the same in any language
    return f"{own} ({english.replace(' (', ', ').rstrip(')') if '(' in english else english})"


def do_figures(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Figures: hedged numbers as intervals, numbers found in their quotes, as_of resolved."""
    out = []
    for row in rows(frame):
        _provenance(ctx, "figures", row)
        _event_ref(ctx, "figures", row)
        iv = None
        try:
            language = ctx.languages.get(row["source_id"] or "")
            iv = numbers.parse_value(row["value_text"] or "", row["hedge"] or "", language)
        except ParseError as exc:
            ctx.fail("figures", row, exc.column or "value_text", str(exc))
        if iv and row["evidence"] and not provenance.token_in(iv.token, row["evidence"]):
            ctx.fail(
                "figures",
                row,
                "value_text",
                f"number '{iv.token}' does not occur in the evidence quote",
            )
        if row["hedge"] and row["evidence"] and not provenance.token_in(row["hedge"], row["evidence"]):
            ctx.fail("figures", row, "hedge", "hedge does not occur in the evidence quote")
        if iv and row["evidence"]:
            language = ctx.languages.get(row["source_id"] or "")
            why = row.get("exact_reason") or ""
            problem = numbers.qualifier_problem(iv, row["evidence"], language, row["hedge"] or "", why)
            if problem:
                ctx.fail("figures", row, "value_text", problem)
        by, by_id = actors.actor(ctx, "figures", row, "attributed_to")
        span = _span(ctx, "figures", row, "as_of")
        report = ctx.report_dates.get(row["source_id"] or "")
        if span.precision == "unknown":
            span = DateSpan(report, report, "day", True)
        elif span.precision != "day":
            ctx.fail(
                "figures",
                row,
                "as_of",
                "as_of must name one day (leave it empty for the report date; a span such as "
                "'since the unrest began' goes in notes)",
            )
        out.append(
            {
                "figure_id": row["figure_id"],
                "source_id": row["source_id"],
                "metric": row["metric"],
                "place_id": _place(ctx, "figures", row, "place"),
                "subject": row["subject"],
                "as_of": span.end,
                "as_of_inferred": span.inferred,
                "as_of_text": row["as_of"],
                "value_text": row["value_text"],
                "qualifier": iv.qualifier if iv else None,
                "low": iv.low if iv else None,
                "best": iv.best if iv else None,
                "high": iv.high if iv else None,
                "open_upper": iv.open_upper if iv else None,
                "display": _display(iv, row, ctx) if iv else None,
                "hedge": row["hedge"],
                "attributed_to": by,
                "attributed_to_id": by_id,
                **{k: row[k] for k in ("context", "event_id", "evidence", "notes")},
                **{k: row[k] for k in ("updates", "part_of")},
            }
        )
    return out


def _duration(ctx: Context, table: str, row: Row, anchor: date | None) -> DateSpan | None:
    """The end window a duration gives ("within ten days" of its anchor), None when the cell is not a
    duration form; a malformed duration is a problem."""
    text = row.get("duration_text") or ""
    if not text:
        return None
    anchor = anchor or ctx.report_dates.get(row.get("source_id") or "")
    try:
        return parse_duration(text, anchor, ctx.languages.get(row.get("source_id") or ""))
    except ParseError as exc:
        ctx.fail(table, row, "duration_text", str(exc))
        return None


def _end(ctx: Context, table: str, row: Row, start: DateSpan) -> tuple[DateSpan, bool]:
    """A row's end: its end_text, or the window its duration gives (counted from the end_text day when both
    are given: "begin to withdraw on Thursday and leave within ten days"; else from the start; else from the
    report date). Returns the end span and whether a duration made it."""
    end = _span(ctx, table, row, "end_text")
    window = _duration(ctx, table, row, end.start or start.start)
    if window is None:
        return end, False
    return DateSpan(window.start, window.end, "range", True), True


def _kinds(ctx: Context, table: str, row: Row, start: DateSpan, end: DateSpan) -> tuple[str | None, str | None]:
    """start_kind and end_kind (planned / actual), checked against the dates (codebook, "Planned and actual
    dates"). An empty end_kind of a lifted measure with an end reads actual, of one to be lifted planned."""
    report = ctx.report_dates.get(row.get("source_id") or "")
    start_col = "start_text" if table == "measures" else "date_text"
    given: dict[str, str] = {}  # kind column -> the column that states it (the kind column or a marked date)
    kinds: dict[str, str | None] = {}
    for column, text_col in (("start_kind", start_col), ("end_kind", "end_text")):
        explicit, mark = row.get(column) or None, KIND_MARKS.get(_mark(row.get(text_col))[1] or "")
        if explicit and mark and explicit != mark:
            ctx.fail(table, row, text_col, f"{column} says {explicit} but {text_col} is marked '({mark})'")
        kinds[column] = explicit or mark
        if explicit or mark:
            given[column] = column if explicit else text_col
    start_kind, end_kind = kinds["start_kind"], kinds["end_kind"]
    if end_kind is None and end.end is not None and table == "measures":
        end_kind = {"lifted": "actual", "to_be_lifted": "planned"}.get(row.get("status") or "")
    for column, kind, span, what in (("start_kind", start_kind, start, "start"), ("end_kind", end_kind, end, "end")):
        if kind is None or column not in given:
            continue
        column = given[column]
        if span.start is None:
            text = "start_text" if what == "start" else "end_text (or a duration)"
            ctx.fail(table, row, column, f"a {kind} {what} needs a date: give {text}")
        elif kind == "actual" and report and span.start > report:
            ctx.fail(
                table,
                row,
                column,
                f"an actual {what} cannot lie after the report date ({report.isoformat()}): the report cannot "
                f"have seen it; write {what}_kind=planned",
            )
    if end_kind == "planned" and row.get("status") == "lifted" and "end_kind" in given:
        rule = "a lifted measure's end happened: write end_kind=actual (or status to_be_lifted)"
        ctx.fail(table, row, given["end_kind"], rule)
    return start_kind, end_kind


def do_measures(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Measures: start and end resolved (end not before start), places resolved, planned or actual."""
    out = []
    for row in rows(frame):
        _provenance(ctx, "measures", row)
        _event_ref(ctx, "measures", row)
        start = _span(ctx, "measures", row, "start_text")
        end, _ = _end(ctx, "measures", row, start)
        if start.start and end.end and end.end < start.start:
            ctx.fail("measures", row, "end_text", f"end before start ({end.end} < {start.start})")
        start_kind, end_kind = _kinds(ctx, "measures", row, start, end)
        by, by_id = actors.actor(ctx, "measures", row, "announced_by")
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
                "start_text": row["start_text"],
                "end_text": row["end_text"],
                "end_precision": end.precision,
                "date_inferred": start.inferred or end.inferred,
                "duration_text": row.get("duration_text"),
                "end_from": end.start,
                "end_kind": end_kind,
                "start_kind": start_kind,
                "status": row["status"],
                "announced_by": by,
                "announced_by_id": by_id,
                **{k: row[k] for k in ("event_id", "evidence", "notes", "updates")},
            }
        )
    return out


def do_deployments(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Deployments: contributor resolved to a place, timing window, the day seen in place, planned or actual
    end, mandate evidence verified."""
    out = []
    for row in rows(frame):
        _provenance(ctx, "deployments", row, ("evidence", "mandate_evidence"))
        _event_ref(ctx, "deployments", row)
        span = _span(ctx, "deployments", row, "date_text")
        seen_col = "seen_text"
        if _mark(row.get("date_text"))[1] == SEEN_MARK:  # "Sunday (in place)": seen there, not arriving
            if row.get("seen_text"):
                ctx.fail("deployments", row, "date_text", f"'{SEEN_MARK}' and seen_text both give the day seen")
            seen_col, span = "date_text", DateSpan(None, None, "unknown", False)
        end, _ = _end(ctx, "deployments", row, span)
        if end.end and span.start and end.end < span.start:
            ctx.fail("deployments", row, "end_text", f"end before start ({end.end} < {span.start})")
        start_kind, end_kind = _kinds(ctx, "deployments", row, span, end)
        seen = _span(ctx, "deployments", row, seen_col)
        report = ctx.report_dates.get(row.get("source_id") or "")
        if seen.precision not in ("day", "unknown"):
            ctx.fail("deployments", row, seen_col, "the day seen in place must be one day (the report date: 'today')")
        elif seen.start and report and seen.start > report:
            ctx.fail("deployments", row, seen_col, f"seen in place after the report date ({report.isoformat()})")
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
                "date_text": row["date_text"],
                "end_text": row["end_text"],
                "date_inferred": span.inferred or end.inferred or seen.inferred,
                "duration_text": row["duration_text"],
                "end_from": end.start,
                "end_precision": end.precision,
                "end_kind": end_kind,
                "start_kind": start_kind,
                "seen": seen.start if seen.precision == "day" else None,
                "seen_text": row.get(seen_col),
                "place_id": _place(ctx, "deployments", row, "place"),
                **{k: row[k] for k in ("mandate", "event_id", "evidence", "mandate_evidence", "notes", "updates")},
            }
        )
    return out


def do_statements(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """Statements: quotes verbatim in the source and in the evidence, dates resolved."""
    out = []
    for row in rows(frame):
        _provenance(ctx, "statements", row, ("evidence", "quote"))
        _event_ref(ctx, "statements", row)
        if row["quote"] and row["evidence"]:
            for span in provenance.missing_spans(row["quote"], row["evidence"]):
                ctx.fail("statements", row, "quote", "quote does not occur in the evidence", value=span)
        span = _span(ctx, "statements", row, "date_text")
        speaker, speaker_id = actors.actor(ctx, "statements", row, "speaker")
        out.append(
            {
                "statement_id": row["statement_id"],
                "source_id": row["source_id"],
                "speaker": speaker,
                "speaker_id": speaker_id,
                "speaker_role": row["speaker_role"],
                "start": span.start,
                "end": span.end,
                "date_precision": span.precision,
                "date_inferred": span.inferred,
                "date_text": row["date_text"],
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
