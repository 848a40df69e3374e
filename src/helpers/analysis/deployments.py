"""Foreign deployments as of a day: one row per contributor with its arrival window and latest known end.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import DEPLOYMENT_SERIES, _upto
from helpers.analysis.measures import _history_words, _span_text
from helpers.data.tables import Tables
from helpers.data.words import is_blank, short_day, word

__all__ = ["deployments_as_of", "deployments"]


def deployments_as_of(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per contributor (organisation, country) with its arrival window and latest known end.

    The arrival comes from the first row that dates it (`start` … `arrived_by`, a window when the text
    says "earlier this week"); `until` is the latest end a later row gives (NaT when none does).
    `end` is the end drawn on charts: `until` when known, else the arrival window's last day.
    """
    d = _upto(t, t.deployments, as_of)
    if organisation:
        d = d[d["organisation"] == organisation]
    out = []
    for _, g in d.groupby(DEPLOYMENT_SERIES, sort=False, dropna=False):
        g = g.sort_values(["reported", "deployment_id"])
        recs = g.to_dict("records")
        dated = [r for r in recs if pd.notna(r["start"])]
        first = dated[0] if dated else recs[0]
        later_ends = [r for r in recs if r is not first and pd.notna(r["end"])]
        last = recs[-1]
        duration = next((r["duration_text"] for r in reversed(recs) if not is_blank(r["duration_text"])), pd.NA)
        mandate = next((r["mandate"] for r in reversed(recs) if not is_blank(r["mandate"])), pd.NA)
        mev = next((r["mandate_evidence"] for r in reversed(recs) if not is_blank(r["mandate_evidence"])), pd.NA)
        until = later_ends[-1]["end"] if later_ends else pd.NaT
        out.append(
            {
                **last,
                "start": first["start"],
                "arrived_by": first["end"],
                "date_precision": first["date_precision"],
                "date_inferred": any(bool(r["date_inferred"]) for r in recs),
                "until": until,
                "end": until if pd.notna(until) else first["end"],
                "duration_text": duration,
                "mandate": mandate,
                "mandate_evidence": mev,
                "event_id": first["event_id"] if not is_blank(first["event_id"]) else last["event_id"],
                "history": _history_words([(r["reported"], "updated") for r in recs], short=True),
                "history_words": _history_words([(r["reported"], "updated") for r in recs]),
                "chain_ids": ", ".join(r["deployment_id"] for r in recs),
            }
        )
    cols = [*d.columns, "arrived_by", "until", "history", "history_words", "chain_ids"]
    res = pd.DataFrame(out, columns=cols) if out else pd.DataFrame(columns=cols)
    for c in ("start", "end", "reported", "arrived_by", "until"):
        res[c] = pd.to_datetime(res[c])
    res["window"] = [
        "not stated" if is_blank(s) else _span_text(s, e) + (f" ({word(p)})" if p in ("week", "range") else "")
        for s, e, p in zip(res["start"], res["arrived_by"], res["date_precision"], strict=True)
    ]
    res["stay"] = [
        f"until {short_day(u)}" if not is_blank(u) else ("not given" if is_blank(dt) else f"not given (“{dt}”)")
        for u, dt in zip(res["until"], res["duration_text"], strict=True)
    ]
    res["label"] = [
        f"{c} (until {short_day(u, year=False)})" if not is_blank(u) else f"{c} (arrival window; end not given)"
        for c, u in zip(res["country"], res["until"], strict=True)
    ]
    return res.sort_values(["country"]).reset_index(drop=True)


def deployments(t: Tables, organisation: str | None = None, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Alias of `deployments_as_of` (one row per contributor)."""
    return deployments_as_of(t, organisation, as_of)
