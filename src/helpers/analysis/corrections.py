"""Withdrawn and corrected claims as of a day, ready for the dated notices pages print.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only (cell words from
helpers.data.words).
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.common import CHAIN_TABLES, _reported, corrections_upto, place_names
from helpers.data.tables import Tables
from helpers.data.words import actor_words, is_blank, word

__all__ = ["corrections"]

_ID = dict(CHAIN_TABLES)


def _what(t: Tables, table: str, r: pd.Series, names: dict[str, str]) -> str:
    """The withdrawn row in words: 'toll of 164 killed in Kazakhstan', 'curfew in Baikonur'."""
    if table == "figures":
        subject = "" if r["subject"] == "people" else f" {r['subject']}"
        return f"count of {r['display']}{subject} {r['metric']} in {names.get(r['place_id'], r['place_id'])}"
    if table == "measures":
        level = "" if is_blank(r["level"]) else f" ({r['level']})"
        return f"{word(r['measure'])}{level} in {names.get(r['place_id'], r['place_id'])}"
    return f"{r['organisation']} contingent from {r['country']}"


def corrections(
    t: Tables,
    as_of: pd.Timestamp | None = None,
    table: str | None = None,
    metric: str | None = None,
    place: str | None = None,
    organisation: str | None = None,
) -> pd.DataFrame:
    """One row per withdrawal or correction reported on or before as_of, with the row it withdraws.

    Filters: `table` (figures, measures or deployments), for figures `metric` and `place` (a place_id), for
    measures `place`, for deployments `organisation`,
    so a page lists the notices of what it would have shown. Columns: the correction's own (id, source,
    evidence, action, date, reason, by_words), the target's `what` words, `target_by_words`, its
    `target_reported` day, `replacement` words (for a correction) and `cite_ids` (the correction, the
    target and the replacement, for citations).
    """
    c = corrections_upto(t, as_of)
    if table:
        c = c[c["table"] == table]
    names = place_names(t)
    kinds = dict(zip(t.actors["actor_id"], t.actors["kind"], strict=True))
    rows = []
    for r in c.itertuples():
        frame = getattr(t, r.table)
        hit = frame[frame[_ID[r.table]] == r.target]
        if hit.empty:
            continue
        target = hit.iloc[0]
        if r.table == "figures" and (
            (metric and target["metric"] != metric) or (place and target["place_id"] != place)
        ):
            continue
        if r.table == "measures" and place and target["place_id"] != place:
            continue
        if r.table == "deployments" and organisation and target["organisation"] != organisation:
            continue
        new = frame[frame[_ID[r.table]] == r.replaced_by] if not is_blank(r.replaced_by) else frame.iloc[:0]
        by_col = {"figures": "attributed_to", "measures": "announced_by"}.get(r.table)
        target_by = target[by_col] if by_col else None
        target_by_id = target[f"{by_col}_id"] if by_col else None
        rows.append(
            {
                "correction_id": r.correction_id,
                "source_id": r.source_id,
                "evidence": r.evidence,
                "table": r.table,
                "target": r.target,
                "action": r.action,
                "date": r.date,
                "reported": r.reported,
                "reason": r.reason,
                "by_words": actor_words(r.by, kinds.get(str(r.by_id))) if not is_blank(r.by) else "",
                "what": _what(t, r.table, target, names),
                "target_by_words": actor_words(target_by, kinds.get(str(target_by_id)))
                if not is_blank(target_by)
                else "",
                "target_reported": _reported(t, hit).iloc[0],
                "replacement": ""
                if new.empty
                else (new.iloc[0]["display"] if r.table == "figures" else _what(t, r.table, new.iloc[0], names)),
                "cite_ids": ", ".join(
                    x for x in (r.correction_id, r.target, "" if is_blank(r.replaced_by) else r.replaced_by) if x
                ),
            }
        )
    cols = ["correction_id", "source_id", "evidence", "table", "target", "action", "date", "reported", "reason",
            "by_words", "what", "target_by_words", "target_reported", "replacement", "cite_ids"]  # fmt: skip
    out = pd.DataFrame(rows, columns=cols).sort_values(["date", "correction_id"]).reset_index(drop=True)
    return out.assign(chain_ids=out["cite_ids"])  # sources_for then counts the withdrawn row's report too
