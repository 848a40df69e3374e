"""Foreign deployments as of a day: one row per contributor with its arrival window and latest known end.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import DEPLOYMENT_SERIES, _upto
from helpers.analysis.measures import _history_words, _span_text
from helpers.data.tables import Tables
from helpers.data.words import is_blank, short_day, span_words, word

__all__ = ["deployments_as_of", "deployments"]


def deployments_as_of(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per contributor (organisation, country) with its arrival window and latest known end.

    The arrival comes from the first row that dates it (`start` … `arrived_by`, a window when the text
    says "earlier this week"); `until` is the latest end a row gives (NaT when none does), with its kind
    (`end_kind`: planned or actual) and first possible day (`end_from`: "within ten days" is a window);
    `seen` is the last day a report says the forces were in place ("remained in Kazakhstan on Sunday").
    `end` is the end drawn on charts: `until` when known, else the later of the arrival window's last day
    and `seen`. With no arrival given, a contributor seen in place is drawn from the first day it was seen
    (`start` is that day and `no_start` is true).
    """
    d = _upto(t, t.deployments, as_of)
    if organisation:
        d = d[d["organisation"] == organisation]
    out = []
    series = [*DEPLOYMENT_SERIES, "place_id"] if "place_id" in d else DEPLOYMENT_SERIES
    for _, g in d.groupby(series, sort=False, dropna=False):
        g = g.sort_values(["reported", "deployment_id"])
        recs = g.to_dict("records")
        dated = [r for r in recs if pd.notna(r["start"])]
        first = dated[0] if dated else recs[0]
        later_ends = [
            r
            for r in recs
            if pd.notna(r["end"]) and (r is not first or r.get("end_precision", "unknown") not in ("unknown", None))
        ]
        seen = [r["seen"] for r in recs if pd.notna(r.get("seen", pd.NaT))]
        last = recs[-1]
        duration = next((r["duration_text"] for r in reversed(recs) if not is_blank(r["duration_text"])), pd.NA)
        mandate = next((r["mandate"] for r in reversed(recs) if not is_blank(r["mandate"])), pd.NA)
        mev = next((r["mandate_evidence"] for r in reversed(recs) if not is_blank(r["mandate_evidence"])), pd.NA)
        until = later_ends[-1]["end"] if later_ends else pd.NaT
        ender = later_ends[-1] if later_ends else {}
        last_seen = max(seen) if seen else pd.NaT
        arrival_end = first["end"] if pd.notna(first["start"]) else pd.NaT
        drawn_end = (
            until if pd.notna(until) else max([d for d in (arrival_end, last_seen) if pd.notna(d)], default=pd.NaT)
        )
        out.append(
            {
                **last,
                "start": first["start"] if pd.notna(first["start"]) else (min(seen) if seen else pd.NaT),
                "no_start": pd.isna(first["start"]) and bool(seen),
                "arrived_by": arrival_end,
                "date_precision": first["date_precision"],
                "date_inferred": any(bool(r["date_inferred"]) for r in recs),
                "until": until,
                "end_kind": ender.get("end_kind", pd.NA),
                "end_from": ender.get("end_from", pd.NaT),
                "seen": last_seen,
                "end": drawn_end,
                "duration_text": duration,
                "mandate": mandate,
                "mandate_evidence": mev,
                "event_id": first["event_id"] if not is_blank(first["event_id"]) else last["event_id"],
                "history": _history_words([(r["reported"], "updated") for r in recs], short=True),
                "history_words": _history_words([(r["reported"], "updated") for r in recs]),
                "chain_ids": ", ".join(r["deployment_id"] for r in recs),
            }
        )
    out = _mark_parts(t, out)
    cols = [*d.columns, "no_start", "arrived_by", "until", "history", "history_words", "chain_ids"]
    cols = list(dict.fromkeys([*cols, "end_kind", "end_from", "seen", "place_id", "parent_id", "place"]))
    res = pd.DataFrame(out, columns=cols) if out else pd.DataFrame(columns=cols)
    for c in ("start", "end", "reported", "arrived_by", "until", "end_from", "seen"):
        res[c] = pd.to_datetime(res[c])
    res["no_start"] = res["no_start"].fillna(False).astype(bool)
    res["window"] = [
        "not stated" if is_blank(s) or ns else _span_text(s, e) + (f" ({word(p)})" if p in ("week", "range") else "")
        for s, e, p, ns in zip(res["start"], res["arrived_by"], res["date_precision"], res["no_start"], strict=True)
    ]
    res["stay"] = [_stay(r) for r in res.itertuples()]
    res["label"] = [_label(r) for r in res.itertuples()]
    return res.sort_values(["country", "place"], na_position="first").reset_index(drop=True)


def _mark_parts(t: Tables, out: list[dict]) -> list[dict]:
    """Mark each contributor row that is a change for part of the deployment (a `place`: "left Almaty"):
    `parent_id` is the row its first row updates and `place` the place's name. With no arrival of its own,
    it begins as the deployment it is part of."""
    names = dict(zip(t.places["place_id"], t.places["name"], strict=True))
    updates = dict(zip(t.deployments["deployment_id"], t.deployments["updates"], strict=True))
    record_of = {i: r for r in out for i in str(r["chain_ids"]).split(", ")}
    for r in out:
        if is_blank(r.get("place_id")):
            continue
        r["place"] = names.get(r["place_id"], r["place_id"])
        parent = updates.get(str(r["chain_ids"]).split(", ")[0])
        r["parent_id"] = None if is_blank(parent) else parent
        whole = record_of.get(parent) if not is_blank(parent) else None
        if whole is not None and pd.isna(r["start"]) and pd.notna(whole["start"]):
            r.update({k: whole[k] for k in ("start", "arrived_by", "date_precision", "no_start")})
    return out


def _end_cell(u: object, kind: object, end_from: object, year: bool = True) -> str:
    """'until 21 Jan 2022'; 'planned until 21 Jan 2022'; 'planned to end 13 Jan – 23 Jan 2022' (a window)."""
    if not is_blank(end_from) and pd.Timestamp(end_from) != pd.Timestamp(u):
        verb = "planned to end" if kind == "planned" else "ended"
        return (
            f"{verb} {span_words(end_from, u)}"
            if year
            else f"{verb} {short_day(end_from, False)}–{short_day(u, False)}"
        )
    if kind == "actual":
        return f"ended on {short_day(u, year=year)}"
    return f"{'planned ' if kind == 'planned' else ''}until {short_day(u, year=year)}"


def _stay(r) -> str:
    """The stay cell: the end (planned or not) or 'no end given' with the report's words, and the last day seen."""
    if not is_blank(r.until):
        s = _end_cell(r.until, r.end_kind, r.end_from)
    else:
        s = "no end given" if is_blank(r.duration_text) else f"no end given (“{r.duration_text}”)"
    if not is_blank(r.seen):
        s += f"; in place on {short_day(r.seen)}"
    return s


def _label(r) -> str:
    """A chart label: 'Belarus (until 21 Jan)', 'Russia (in place on 9 Jan; planned to end 13–23 Jan)'."""
    seen = "" if is_blank(r.seen) else f"in place on {short_day(r.seen, year=False)}; "
    if not is_blank(r.place):
        end = "no end given" if is_blank(r.until) else _end_cell(r.until, r.end_kind, r.end_from, year=False)
        return f"{r.country} · {r.place}, part of the deployment ({seen}{end})"
    if not is_blank(r.until):
        return f"{r.country} ({seen}{_end_cell(r.until, r.end_kind, r.end_from, year=False)})"
    if r.no_start:
        return f"{r.country} ({seen}no arrival or end given)"
    return f"{r.country} ({seen}arrival window; end not given)"


def deployments(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Alias of `deployments_as_of` (one row per contributor)."""
    return deployments_as_of(t, organisation, as_of)
