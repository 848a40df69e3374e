"""Withdrawn and corrected claims, from data/raw/corrections.csv (codebook, "Withdrawn and corrected claims").

A row of corrections.csv says that a later (or the same) report withdraws or corrects a coded figure,
measure or deployment, with its own evidence: who did it (`by`), when (`date_text`) and why (`reason`,
verbatim inside the quote). The target row stays in its table, like Wikidata's deprecated rank: the
views leave it out of everything current from the correction's report date on, and pages print a dated
notice. Rules:
- `target` is the id of exactly one row of figures, measures or deployments, from a report of the same
  date or earlier;
- a target is withdrawn or corrected once;
- `withdrawn` replaces nothing; `corrected` names, in `replaced_by`, the row that replaces the target:
  a row of the same table and series, not the target itself, from a report no older than the target's;
- `reason` occurs in the evidence quote, and `by` is a known actor.
"""

from __future__ import annotations

import pandas as pd

from helpers.clean import actors, lang, provenance
from helpers.clean.context import Context, Row, rows
from helpers.clean.readers import LINE
from helpers.clean.transforms import _provenance, _span

__all__ = ["TARGETS", "do_corrections"]

#: The tables a correction may target, with their id column and the columns of a series.
TARGETS = {
    "figures": ("figure_id", ("metric", "place_id", "subject")),
    "measures": ("measure_id", ("measure", "place_id")),
    "deployments": ("deployment_id", ("organisation", "country_id")),
}


def do_corrections(frame: pd.DataFrame, ctx: Context, claims: dict[str, list[Row]]) -> list[Row]:
    """Check every correction row against the claim rows it names; the processed corrections."""
    index: dict[str, list[tuple[str, Row]]] = {}
    for table, (key, _) in TARGETS.items():
        for r in claims.get(table, []):
            if r.get(key):
                index.setdefault(str(r[key]), []).append((table, r))
    out: list[Row] = []
    seen: dict[str, int] = {}
    for row in rows(frame):
        _provenance(ctx, "corrections", row)
        report = ctx.report_dates.get(row.get("source_id") or "")
        target_id = row.get("target") or ""
        hits = index.get(target_id, [])
        table = hits[0][0] if len(hits) == 1 else None
        target = hits[0][1] if len(hits) == 1 else None
        if target_id and not hits:
            close = lang.closest(target_id, {k: k for k in index})
            hint = f"; closest: {', '.join(close)}" if close else ""
            ctx.fail("corrections", row, "target", f"unknown target: no row of {', '.join(TARGETS)} has this id{hint}")
        elif len(hits) > 1:
            ctx.fail(
                "corrections", row, "target", "ambiguous target: the id is used in " + " and ".join(h[0] for h in hits)
            )
        if target is not None:
            older = ctx.report_dates.get(target.get("source_id") or "")
            if report and older and older > report:
                ctx.fail(
                    "corrections",
                    row,
                    "target",
                    f"a correction cannot come before the row it corrects (reported {older})",
                )
            if target_id in seen:
                ctx.fail(
                    "corrections",
                    row,
                    "target",
                    f"already withdrawn or corrected by line {seen[target_id]}: once per row",
                )
            else:
                seen[target_id] = int(row.get(LINE) or 0)
        _replacement(ctx, row, table, target, index)
        reason = row.get("reason") or ""
        if reason and row.get("evidence") and not provenance.token_in(reason, row["evidence"]):
            ctx.fail(
                "corrections", row, "reason", "the reason must be the report's own words, inside the evidence quote"
            )
        by, by_id = actors.actor(ctx, "corrections", row, "by")
        span = _span(ctx, "corrections", row, "date_text")
        if span.precision == "unknown":
            when, inferred = report, True
        elif span.precision != "day":
            ctx.fail("corrections", row, "date_text", "a withdrawal or correction must name one day")
            when, inferred = span.end, span.inferred
        else:
            when, inferred = span.end, span.inferred
        out.append(
            {
                "correction_id": row["correction_id"],
                "source_id": row["source_id"],
                "table": table,
                "target": target_id,
                "action": row["action"],
                "replaced_by": row.get("replaced_by"),
                "date": when,
                "date_inferred": inferred,
                "date_text": row.get("date_text"),
                "by": by,
                "by_id": by_id,
                "reason": reason or None,
                "evidence": row["evidence"],
                "notes": row.get("notes"),
            }
        )
    return out


def _replacement(
    ctx: Context, row: Row, table: str | None, target: Row | None, index: dict[str, list[tuple[str, Row]]]
) -> None:
    """`replaced_by`: empty for a withdrawal; for a correction, a row of the target's table and series."""
    new_id = row.get("replaced_by") or ""
    action = row.get("action")
    if action == "withdrawn":
        if new_id:
            ctx.fail("corrections", row, "replaced_by", "a withdrawal replaces nothing: use action 'corrected'")
        return
    if action != "corrected":
        return  # the schema reports a bad action
    if not new_id:
        ctx.fail(
            "corrections",
            row,
            "replaced_by",
            "a correction names the row that replaces the target: code the corrected figure as its own row first",
        )
        return
    if table is None or target is None:
        return
    key, series = TARGETS[table]
    hits = [r for t, r in index.get(new_id, []) if t == table]
    if not hits:
        ctx.fail("corrections", row, "replaced_by", f"unknown row: no row of {table} has this id")
        return
    new = hits[0]
    if new_id == target.get(key):
        ctx.fail("corrections", row, "replaced_by", "a row cannot replace itself")
    elif any(new.get(c) != target.get(c) for c in series):
        ctx.fail(
            "corrections", row, "replaced_by", f"must be a row of the same series ({', '.join(series)}) as the target"
        )
    old_day = ctx.report_dates.get(target.get("source_id") or "")
    new_day = ctx.report_dates.get(new.get("source_id") or "")
    if old_day and new_day and new_day < old_day:
        ctx.fail(
            "corrections", row, "replaced_by", "the replacing row cannot come from an older report than the target"
        )
