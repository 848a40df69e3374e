"""What the latest report changes besides counts: measures, deployments and statements, each beside its
state in the reports before (the counts' own comparison is analysis.figures.changes).

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import chain_row_index, latest_report
from helpers.analysis.deployments import deployments_as_of
from helpers.analysis.measures import measures_as_of
from helpers.analysis.statements import statements
from helpers.data.tables import Tables
from helpers.data.words import is_blank, word

__all__ = ["other_changes"]

_COLUMNS = ["kind", "what", "before", "now", "row_id", "source_id", "evidence"]


def _last_id(chain: object) -> str:
    return str(chain).split(", ")[-1]


def other_changes(t: Tables, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per measure, deployment contributor and statement the latest report (on or before as_of)
    gives: `what` it is, its state `before` that report ('not reported before' when new) and `now`, and
    the row to cite (`row_id`, source_id, evidence). Empty when only one report date is coded."""
    latest = latest_report(t, as_of)
    dates = t.sources.loc[t.sources["report_date"] <= latest, "report_date"]
    if pd.isna(latest) or dates.nunique() < 2:
        return pd.DataFrame(columns=_COLUMNS)
    before_day = dates[dates < latest].max()
    rows: list[dict] = []

    ms_now, ms_then = measures_as_of(t, latest), measures_as_of(t, before_day)
    then = {
        lb: f"{word(st)}, {sp}" for lb, st, sp in zip(ms_then["label"], ms_then["status"], ms_then["span"], strict=True)
    }
    for r in ms_now[ms_now["reported"] == latest].itertuples():
        rows.append({"kind": "measure", "what": r.label, "before": then.get(r.label, "not reported before"),
                     "now": f"{word(r.status)}, {r.span}", "row_id": _last_id(r.chain_ids)})  # fmt: skip

    d_now, d_then = deployments_as_of(t, None, latest), deployments_as_of(t, None, before_day)
    key = lambda d: list(zip(d["organisation"], d["country"], strict=True))  # noqa: E731
    then = dict(zip(key(d_then), d_then["stay"], strict=True))
    for k, r in zip(key(d_now), d_now.itertuples(), strict=True):
        if r.reported == latest:
            rows.append({"kind": "deployment", "what": f"{k[0]} contingent from {k[1]}",
                         "before": then.get(k, "not reported before"), "now": r.stay,
                         "row_id": _last_id(r.chain_ids)})  # fmt: skip

    said = statements(t, None, latest)
    for r in said[said["reported"] == latest].itertuples():
        rows.append({"kind": "statement", "what": str(r.speaker), "before": "not reported before",
                     "now": str(r.summary), "row_id": r.statement_id})  # fmt: skip

    out = pd.DataFrame(rows, columns=[c for c in _COLUMNS if c not in ("source_id", "evidence")])
    idx = chain_row_index(t)
    quotes = pd.concat(
        [idx[["row_id", "source_id", "evidence"]],
         t.statements.rename(columns={"statement_id": "row_id"})[["row_id", "source_id", "evidence"]]],
        ignore_index=True,
    ).drop_duplicates("row_id").set_index("row_id")  # fmt: skip
    out["source_id"] = out["row_id"].map(quotes["source_id"])
    out["evidence"] = out["row_id"].map(quotes["evidence"])
    out["now"] = out["now"].map(lambda v: "not stated" if is_blank(v) else v)
    return out[_COLUMNS].reset_index(drop=True)
