"""Official measures as of a day: update chains folded into phases (a level change opens a new phase), the latest
state per measure and the spans charts draw.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import MEASURE_SERIES, _upto, place_names
from helpers.data.tables import Tables
from helpers.data.words import MISSING, day, days_words, is_blank, short_day, span_words, word

__all__ = ["UPDATE_VERBS", "measure_phases", "measures_as_of", "measure_spans"]


def _phases(g: pd.DataFrame) -> list[dict]:
    """A measure series' rows, oldest report first, folded into phases.

    A row that `changed` the measure (a new level) closes the phase before it on the day of the change
    and opens a new one; a row that lifts it ends the phase (on the day given, else by its report date);
    any other row (in force, extended, ...) refreshes the phase's status and, when given, its end. The end
    keeps its kind (planned or actual, `end_kind`) and first possible day (`end_from`) from the row that gave it.
    """
    g = g.sort_values(["reported", "measure_id"])
    phases: list[dict] = []
    cur: dict | None = None
    for r in g.to_dict("records"):
        if cur is None:
            cur = {**r, "ids": [r["measure_id"]]}
        elif r["status"] == "changed":
            if pd.notna(r["start"]):
                cur["end"] = r["start"]
                cur["end_by"] = r["measure_id"]
            phases.append(cur)
            level = r["level"] if not is_blank(r["level"]) else cur["level"]
            cur = {**r, "level": level, "ids": [r["measure_id"]]}
        else:
            ids = [*cur["ids"], r["measure_id"]]
            # the start of the first row that dates it; a planned start gives way to a later row's own start
            replan = cur.get("start_kind") == "planned" and pd.notna(r["start"]) and r.get("start_kind") != "planned"
            keep = pd.notna(cur["start"]) and not replan
            start = cur["start"] if keep else r["start"]
            start_kind = cur.get("start_kind") if keep else r.get("start_kind")
            end_kind, end_from = r.get("end_kind"), r.get("end_from")
            if r["status"] == "lifted":
                end = r["end"] if pd.notna(r["end"]) else (r["start"] if pd.notna(r["start"]) else r["reported"])
                end_kind = "actual"
                end_from = end_from if pd.notna(r["end"]) else end
            else:
                end = r["end"] if pd.notna(r["end"]) else cur["end"]
                if pd.isna(r["end"]):
                    end_kind, end_from = cur.get("end_kind"), cur.get("end_from")
            level = r["level"] if not is_blank(r["level"]) else cur["level"]
            prec = cur["start_precision"] if keep else r["start_precision"]
            inferred = bool(cur["date_inferred"]) or bool(r["date_inferred"])
            by = _announcers(cur.get("announced_by"), r.get("announced_by"), r.get("status"))
            cur = {**r, "start": start, "end": end, "level": level, "start_precision": prec, "announced_by": by}
            cur.update(ids=ids, date_inferred=inferred, end_kind=end_kind, end_from=end_from, start_kind=start_kind)
    if cur is not None:
        phases.append(cur)
    return phases


def _announcers(before: object, now: object, status: object) -> object:
    """Who announced a measure, kept when a later row names who changed it: the body that lifted a curfew
    did not bring it in ('not stated; lifted by Baikonur local administration')."""
    if is_blank(now) or now == before:
        return before
    verb = UPDATE_VERBS.get(str(status), "updated")
    first = "not stated" if is_blank(before) else str(before)
    return f"{first}; {verb} by {now}"


UPDATE_VERBS = {
    "lifted": "lifted",
    "extended": "extended",
    "changed": "changed",
    "to_be_lifted": "to be lifted",
}


def _history_words(steps: list[tuple[object, object]], short: bool = False) -> str:
    """Where a row's shown values come from, in words: 'first reported 7 January 2022; lifted in the
    report of 8 January 2022' (for a sentence), or with '7 Jan 2022' dates for a table cell (short).
    `steps` are (report date, status) of the chain's rows, oldest first."""
    if not steps:
        return MISSING
    when = short_day if short else day
    first = pd.Timestamp(steps[0][0])
    # rows from the first report itself (the title and the body saying it twice) update nothing
    after = [(r, st) for r, st in steps[1:] if pd.Timestamp(r) != first]
    if len(steps) > 1 and not after:
        return f"reported in {len(steps)} passages of the report of {when(first)}"
    out = f"first reported {when(first)}"
    later: dict[str, list[object]] = {}
    for reported, status in after:
        later.setdefault(UPDATE_VERBS.get(str(status), "updated"), []).append(reported)
    for verb, dates in later.items():
        n = len({pd.Timestamp(d) for d in dates})
        said = "; ".join(short_day(d) for d in sorted({pd.Timestamp(d) for d in dates})) if short else days_words(dates)
        out += f"; {verb} in the report{'s' if n > 1 else ''} of {said}"
    return out


def _mark_sub_places(t: Tables, rows: list[dict]) -> list[dict]:
    """Mark each phase that begins with a change for part of a place (its first row `updates` a row of a
    place that contains its own: "lifted in the Aktobe region"): `parent_id` is that row, `within_id` its place.
    A sub-place phase with no start of its own begins as the phase it is part of."""
    place_of = dict(zip(t.measures["measure_id"], t.measures["place_id"], strict=True))
    updates = dict(zip(t.measures["measure_id"], t.measures["updates"], strict=True))
    phase_of = {i: ph for ph in rows for i in ph["ids"]}
    for ph in rows:
        parent = updates.get(ph["ids"][0])
        if is_blank(parent) or place_of.get(parent) in (None, ph["place_id"]):
            continue
        ph["parent_id"], ph["within_id"] = parent, place_of[parent]
        whole = phase_of.get(parent)
        if whole is not None and pd.isna(ph["start"]) and pd.notna(whole["start"]):
            ph.update(start=whole["start"], start_precision=whole["start_precision"])
    return rows


def _measure_frame(t: Tables, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    rows = _mark_sub_places(t, rows)
    cols = [*columns, "ids", "end_by", "parent_id", "within_id"]
    res = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    m = _upto(t, t.measures, None, withdrawn=True).set_index("measure_id")  # a lookup: every row
    chains = [[*i, *([] if is_blank(e) else [e])] for i, e in zip(res["ids"], res["end_by"], strict=True)]
    res["chain_ids"] = [", ".join(c) for c in chains]
    steps = [[(m.loc[i, "reported"], m.loc[i, "status"]) for i in c] for c in chains]
    res["history"] = [_history_words(st, short=True) for st in steps]  # a table cell: '7 Jan 2022'
    res["history_words"] = [_history_words(st) for st in steps]  # the same in a sentence: '7 January 2022'
    res = res.drop(columns=["ids", "end_by"])
    res["place"] = res["place_id"].map(place_names(t))
    res["within"] = res["within_id"].map(place_names(t))
    res["label"] = [
        f"{word(ms).capitalize()}{'' if is_blank(lv) else f' ({lv})'} · {p}"
        + ("" if is_blank(w) else f" (part of {w})")
        for ms, lv, p, w in zip(res["measure"], res["level"], res["place"], res["within"], strict=True)
    ]
    for c in ("start", "end", "reported"):
        res[c] = pd.to_datetime(res[c])
    res["date_inferred"] = res["date_inferred"].astype(bool)
    for c in ("end_from",):
        res[c] = pd.to_datetime(res[c])
    res["span"] = [
        _span_text(s, e, k, f, sk)
        for s, e, k, f, sk in zip(
            res["start"], res["end"], res["end_kind"], res["end_from"], res["start_kind"], strict=True
        )
    ]
    return res.sort_values(["start", "place", "measure"], na_position="last").reset_index(drop=True)


def measure_phases(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every phase of every measure as of a day: a level change starts a new phase (for timelines)."""
    m = _upto(t, t.measures, as_of)
    rows = [ph for _, g in m.groupby(MEASURE_SERIES, sort=False, dropna=False) for ph in _phases(g)]
    return _measure_frame(t, rows, list(m.columns))


def measures_as_of(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per measure series (measure, place): its latest status, level and span as of a day.

    The span runs from the first row that dates it to the latest row that ends it: a curfew lifted on
    8 January ends on the 8th, whatever end an earlier report announced. `history` lists the ids of
    the earlier rows; a level change (status `changed`) starts the span afresh.
    """
    m = _upto(t, t.measures, as_of)
    rows = [_phases(g)[-1] for _, g in m.groupby(MEASURE_SERIES, sort=False, dropna=False)]
    return _measure_frame(t, rows, list(m.columns))


def _span_text(s: object, e: object, kind: object = None, end_from: object = None, start_kind: object = None) -> str:
    """A span for a table cell: '7 Jan – 19 Jan 2022', 'from 7 Jan 2022', 'until 19 Jan 2022'; a planned
    end reads 'planned until 19 Jan 2022', an end window 'planned to end 13 Jan – 23 Jan 2022', an actual end
    with no start 'ended on 10 Jan 2022' (with a start, the span reads as a plain one); a planned start
    'planned from 17 Jan 2022'."""
    if is_blank(s) and is_blank(e):
        return "not stated"
    if start_kind == "planned" and not is_blank(s):  # "will take effect on Monday"
        rest = "" if is_blank(e) else f", {_span_text(None, e, kind, end_from)}"
        return f"planned from {short_day(s)}{rest}"
    if is_blank(e):
        return f"from {short_day(s)}"
    window = not is_blank(end_from) and pd.Timestamp(end_from) != pd.Timestamp(e)
    if is_blank(kind) or (kind == "actual" and not window and not is_blank(s)):  # a plain span, as it reads
        if is_blank(s):
            return f"until {short_day(e)}"
        return span_words(s, e)
    verb = {"planned": "planned to end", "actual": "ended"}.get(str(kind), "ended")
    if window:
        end = f"{verb} {span_words(end_from, e)}"
    elif kind == "planned":
        end = f"planned until {short_day(e)}"
    else:
        end = f"ended on {short_day(e)}"
    return end if is_blank(s) else f"from {short_day(s)}, {end}"


def measure_spans(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Measure phases with a date, labelled 'Measure (level) · place' for span charts.

    A phase with an end but no start ("until 15 January") starts at the date of the report that gives
    it (`no_start` is true and its label says so); one with neither is drawn on the day of the report that
    gives it, labelled "reported as of 7 Jan 2022; no start or end given". A change for part of a
    place (`within`) with no start begins where its whole is drawn to begin. `end_kind` and `end_from` say
    how charts draw the end (planned: an outline; a window: hatched from end_from)."""
    m = measure_phases(t, as_of).copy()
    undated = m["start"].isna() & m["end"].isna()  # drawn on the day of the report that gives it, and said so
    m["no_start"] = m["start"].isna()
    m["start"] = m["start"].fillna(m[["reported", "end"]].min(axis=1))
    # a change for part of a place with no start of its own is drawn from the drawn start of its whole
    drawn = {i: st for ids, st in zip(m["chain_ids"], m["start"], strict=True) for i in str(ids).split(", ")}
    part = m["no_start"] & m["parent_id"].notna()
    m.loc[part, "start"] = [
        min(drawn.get(p, st), st) for p, st in zip(m.loc[part, "parent_id"], m.loc[part, "start"], strict=True)
    ]
    # a change for part of a place leaves the whole as it was: the whole was in force up to that report too
    part_reported = m[m["parent_id"].notna()].groupby("parent_id")["reported"].max()
    for parent, when in part_reported.items():
        whole = m["chain_ids"].str.split(", ").map(lambda ids, p=parent: p in ids)
        m.loc[whole, "reported"] = m.loc[whole, "reported"].where(m.loc[whole, "reported"] >= when, when)
    m["open_end"] = m["end"].isna()
    m["end"] = m["end"].fillna(m[["start", "reported"]].max(axis=1))
    m["label"] = [
        f"{lb} (reported as of {short_day(r)}; no start or end given)"
        if u
        else f"{lb} (no start given: from the report date)"
        if ns
        else lb
        for lb, ns, u, r in zip(m["label"], m["no_start"], undated, m["reported"], strict=True)
    ]
    return m.sort_values(["start", "place", "measure"]).reset_index(drop=True)
