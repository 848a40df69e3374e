"""One quote, many rows: an `evidence` cell may be `@<row id>`, meaning "the same quote as that row".

Where one sentence supports an event, its figures and its statement, the coder types the quote once
(on the event, say) and writes `@KZ0108-E01` in the other rows. Before any check runs, `make data`
replaces each reference with the referenced row's verbatim quote, so the provenance checks run on the
full quote exactly as if it had been pasted, and the processed tables carry the full quote.

A reference must name a row of any raw table that has evidence, from the same source; when that row's
evidence is itself a reference it is followed to the quote. Anything else (no such row, an id used in two
tables, a cycle, another source) is an error on the referring cell.
"""

from __future__ import annotations

import pandas as pd

from helpers.clean.context import Context
from helpers.clean.readers import LINE
from helpers.data import schemas

__all__ = ["PREFIX", "is_ref", "quotes_by_id", "resolve"]

PREFIX = "@"


def is_ref(cell: object) -> bool:
    """True when an evidence cell is a reference to another row."""
    return isinstance(cell, str) and cell.strip().startswith(PREFIX)


def quotes_by_id(frames: dict[str, pd.DataFrame]) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Row id → [(table, source_id, evidence)] over every raw table that has an evidence column."""
    out: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for name, frame in frames.items():
        table = schemas.RAW[name]
        if "evidence" not in frame or table.primary_key not in frame or "source_id" not in frame:
            continue
        for rid, sid, ev in zip(frame[table.primary_key], frame["source_id"], frame["evidence"], strict=True):
            if isinstance(rid, str):
                entry = (name, sid if isinstance(sid, str) else None, ev if isinstance(ev, str) else None)
                out.setdefault(rid, []).append(entry)
    return out


def resolve(frames: dict[str, pd.DataFrame], ctx: Context) -> None:
    """Replace every `@<row id>` evidence cell with that row's quote; record an error for a bad reference."""
    quotes = quotes_by_id(frames)
    for name, frame in frames.items():
        if "evidence" not in frame:
            continue
        refs = [i for i, cell in frame["evidence"].items() if is_ref(cell)]
        for i in refs:
            cell = str(frame.at[i, "evidence"]).strip()
            target = cell.removeprefix(PREFIX).strip()
            row = {LINE: frame.at[i, LINE], "evidence": cell}
            hits = quotes.get(target, [])
            seen = {target}
            while len(hits) == 1 and is_ref(hits[0][2]):  # a reference to a reference: follow it
                nxt = str(hits[0][2]).strip().removeprefix(PREFIX).strip()
                if nxt in seen or len(quotes.get(nxt, [])) != 1:
                    hits = [(hits[0][0], hits[0][1], None)]  # a cycle or a dead end: no quote
                    break
                seen.add(nxt)
                hits = quotes[nxt]
            sid = frame.at[i, "source_id"] if "source_id" in frame else None
            if not hits:
                rule = f"'{PREFIX}{target}' names no row: use {PREFIX}<row id> of a row with a quote"
                ctx.fail(name, row, "evidence", rule)
            elif len(hits) > 1:
                tables = ", ".join(sorted(h[0] for h in hits))
                ctx.fail(name, row, "evidence", f"'{PREFIX}{target}' is ambiguous: that id is used in {tables}")
            elif hits[0][2] is None:
                ctx.fail(
                    name, row, "evidence", f"row '{target}' leads to no quote (a missing row or a cycle of references)"
                )
            elif hits[0][1] != sid:
                ctx.fail(name, row, "evidence", f"row '{target}' is coded from another source ({hits[0][1]})")
            else:
                frame.loc[i, "evidence"] = hits[0][2]
                continue
            frame.loc[i, "evidence"] = pd.NA  # reported once here, not again by the quote checks
