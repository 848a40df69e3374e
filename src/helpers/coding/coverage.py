"""`python -m helpers coverage`: the numbers, dates and names of a source that no quote or waiver covers yet.

The analysis itself is clean's (helpers.clean.coverage, which `make data` also runs); this is the command.
"""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.clean import coverage, locate
from helpers.clean.run import collect
from helpers.coding.commands import known_source
from helpers.errors import InputErrors

__all__ = ["report"]


def report(raw_dir: Path, source_id: str | None = None, show_waived: bool = False) -> tuple[list[str], int]:
    """Lines listing the uncovered (and, if asked, waived) spans, and the uncovered count.

    `source_id` '.' stands for the newest source (as in `add`); an unknown source is a CodingError.
    Raises InputErrors when the raw data has problems (coverage needs every quote resolved).
    """
    ctx, rows, waivers = collect(raw_dir)
    if ctx.errors:
        raise InputErrors(ctx.errors)
    if source_id is not None:
        source_id = known_source(raw_dir, source_id)  # '.' = the newest source; an unknown one is refused
    texts = {s: t for s, t in ctx.texts.items() if source_id in (None, s)}
    spans, sentence_rows = coverage.analyse_all(rows, texts, waivers)
    files = {r["source_id"]: r["path"] for r in rows["sources"]}
    lines = []
    for sid in sorted(texts):
        mine = [s for s in spans if s.source_id == sid]
        mine_rows = [r for r in sentence_rows if r["source_id"] == sid]
        counts = {k: sum(s.status == k for s in mine) for k in ("covered", "waived", "uncovered")}
        coded = sum(r["coded"] for r in mine_rows)
        lines.append(
            f"{sid}: {len(mine)} spans: {counts['covered']} covered, {counts['waived']} waived, "
            f"{counts['uncovered']} uncovered; {coded} of {len(mine_rows)} sentences carry a coded claim"
        )
        where = paths.rel(raw_dir / files[sid])
        for s in mine:
            if s.status == "uncovered" or (show_waived and s.status == "waived"):
                m = locate.Match(s.start, s.end, s.text)
                note = f"  (waived: {s.reason})" if s.status == "waived" else ""
                lines.append(
                    f"  {where}:{locate.line_of(s.start, texts[sid])}: {s.status} {s.kind} '{s.text}': "
                    f"{locate.context(m, texts[sid], 30)}{note}"
                )
    return lines, sum(s.status == "uncovered" for s in spans)
