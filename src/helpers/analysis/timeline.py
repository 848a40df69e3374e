"""Events and measure phases on one axis, with day offsets and date order (dated, then windows, then undated).

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import _upto, crisis_start, place_names
from helpers.analysis.measures import measure_phases
from helpers.data.tables import Tables
from helpers.data.words import short_day, span_words, word

__all__ = ["timeline", "WINDOW_WORDS", "crowd_words", "date_order"]


def timeline(t: Tables, start=None, end=None, event_types: list[str] | None = None, as_of=None) -> pd.DataFrame:
    """Events and measures on one axis: kind, label, start, end, precision, inferred, day offsets.

    Measures are one row per series with their reconciled span. With `event_types`, only events of
    those types are kept, and only measures linked to such an event.
    """
    names = place_names(t)
    day0 = crisis_start(t)
    ev = _upto(t, t.events, as_of)
    if event_types:
        ev = ev[ev["event_type"].isin(event_types)]
    crowds = crowd_words(t, as_of)
    items = pd.DataFrame(
        {
            "item_id": ev["event_id"],
            "kind": "event",
            "type": ev["event_type"],
            "label": [_with_crowd(d, crowds.get(e)) for d, e in zip(ev["description"], ev["event_id"], strict=True)],
            "place": ev["place_id"].map(names),
            "start": ev["start"],
            "end": ev["end"],
            "precision": ev["date_precision"],
            "inferred": ev["date_inferred"],
            "reported": ev["reported"],
            "source_id": ev["source_id"],
            "evidence": ev["evidence"],
        }
    )
    ms = measure_phases(t, as_of)
    if event_types:
        types = t.events.set_index("event_id")["event_type"]
        ms = ms[ms["event_id"].map(types).isin(event_types)]
    measures = pd.DataFrame(
        {
            "item_id": ms["measure_id"],
            "kind": "measure",
            "type": ms["measure"],
            "label": ms["label"],
            "place": ms["place"],
            "start": ms["start"],
            "end": ms["end"],
            "precision": ms["start_precision"],
            "inferred": ms["date_inferred"].astype(bool) | (ms["start"].notna() & ms["end"].isna()),
            "reported": ms["reported"],
            "open_end": ms["start"].notna() & ms["end"].isna(),
            "no_start": ms["start"].isna() & ms["end"].notna(),
            "source_id": ms["source_id"],
            "evidence": ms["evidence"],
            "chain_ids": ms["chain_ids"],
            "end_kind": ms["end_kind"],
            "end_from": ms["end_from"],
        }
    )
    items = (
        pd.concat([x for x in (items, measures) if len(x)], ignore_index=True) if len(items) + len(measures) else items
    )
    items["start"] = pd.to_datetime(items["start"])
    items["end"] = pd.to_datetime(items["end"])
    for flag in ("open_end", "no_start"):
        items[flag] = items[flag].fillna(False).astype(bool) if flag in items else False
    # a measure with an end but no start ("until 15 January") is drawn from its report date to its end
    items["start"] = items["start"].where(~items["no_start"], items[["reported", "end"]].min(axis=1))
    items["end"] = items["end"].fillna(items["start"].where(~items["open_end"], items["reported"]))
    items["end"] = items[["start", "end"]].max(axis=1).where(items["start"].notna(), items["end"])
    items["dated"] = items["start"].notna()
    items["uncertain"] = (
        items["precision"].isin(["week", "range", "month"]) | ~items["dated"] | items["open_end"] | items["no_start"]
    )
    when = items["start"].fillna(items["reported"])
    if start is not None and start != "":
        items = items[items["end"].fillna(when) >= pd.Timestamp(start)]
    if end is not None and end != "":
        items = items[when.loc[items.index] <= pd.Timestamp(end)]
    items = items.copy()
    items["day_start"] = ((items["start"] - day0).dt.days + 1).astype("Int64").mask(items["no_start"])
    items["day_end"] = ((items["end"] - day0).dt.days + 1).astype("Int64")
    items["when"] = [_when(r) for r in items.itertuples()]
    return date_order(items, "item_id")


def crowd_words(t: Tables, as_of=None) -> dict[str, str]:
    """Event id → the crowd sizes coded for it (figures of the `participants` metric that name the event):
    "people at rallies: around 1,000". A crowd is shown beside its event, never added to any count."""
    f = _upto(t, t.figures, as_of)
    f = f[(f["metric"] == "participants") & f["event_id"].notna() & (f["event_id"].astype(str) != "")]
    out: dict[str, list[str]] = {}
    for e, shown in zip(f["event_id"], f["display"], strict=True):
        out.setdefault(str(e), []).append(str(shown))
    return {e: f"{word('participants')}: {'; '.join(v)}" for e, v in out.items()}


def _with_crowd(description: str, crowd: str | None) -> str:
    """'A rally in Aktobe.' with its crowd: 'A rally in Aktobe (people at rallies: around 1,000).'"""
    if not crowd:
        return description
    text = str(description)
    return f"{text.rstrip('.')} ({crowd})" + ("." if text.endswith(".") else "")


#: Precisions whose days the report does not give ("earlier this week"); a "range" ("January 2 to
#: Friday") names both ends, so it is a dated span.
WINDOW_WORDS = ("week", "month")


def date_order(frame: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """Rows in date order: dated rows by start (then end), then windows ("earlier this week") by start,
    then undated rows by report date."""
    if frame.empty:
        return frame.reset_index(drop=True)
    prec = frame["precision"] if "precision" in frame else frame["date_precision"]
    undated = ~frame["dated"].astype(bool) if "dated" in frame else frame["start"].isna()
    key = pd.DataFrame(
        {
            "_u": undated.astype(int),
            "_w": prec.isin(WINDOW_WORDS).astype(int),
            "_s": frame["start"],
            "_e": frame["end"],
            "_r": frame["reported"] if "reported" in frame else frame["start"],
            "_i": frame[id_col],
        },
        index=frame.index,
    )
    order = key.sort_values(["_u", "_w", "_s", "_e", "_r", "_i"], na_position="last").index
    return frame.loc[order].reset_index(drop=True)


def _when(r) -> str:
    if not r.dated:
        return f"undated, reported by {short_day(r.reported)}"
    if getattr(r, "no_start", False):
        until = "planned until" if getattr(r, "end_kind", None) == "planned" else "until"
        return f"{until} {short_day(r.end)}; no start given (drawn from the report of {short_day(r.reported)})"
    if r.open_end:
        return f"from {short_day(r.start)}, no end given"
    planned = "; the end is planned" if getattr(r, "end_kind", None) == "planned" else ""
    if r.end is not None and pd.notna(r.end) and r.end != r.start:
        s = span_words(r.start, r.end)
        return (
            s
            + (f" (some day that {r.precision}; the report gives no day)" if r.precision in WINDOW_WORDS else "")
            + planned
        )
    return short_day(r.start) + planned
