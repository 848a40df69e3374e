"""More names for known places and actors, from data/raw/aliases.csv; translations from data/raw/translations.csv.

aliases.csv (table, id, alias, language) gives a place or an actor another name without touching its row
in places.csv or actors.csv, which stay append-only: "Алматы" for almaty, and one row per declined form
of a Russian name ("Токаев", "Токаева", "Токаеву"). `python -m helpers alias` appends a checked row.
Rules: the table is places or actors; the id is a row of it; the alias names no other place or actor
and is not already a name of this one (names compare folded: case, ё/е). The processed places and actors
list the alias after the row's own aliases; lookups find it as they find any alias.

translations.csv (table, id, translation) holds the coder's English translation of a claim row's
evidence, for a source not in English; `python -m helpers translate` appends a checked row. The processed
claim table carries it in `translation`. Rules: the row exists, its source is not in English, and it has
one translation.
"""

from __future__ import annotations

import pandas as pd

from helpers.clean import lang
from helpers.clean.context import Context, Row, rows

__all__ = ["apply_aliases", "apply_translations"]

#: The claim tables a translation may belong to, with their id column.
CLAIMS = {
    "events": "event_id",
    "figures": "figure_id",
    "measures": "measure_id",
    "deployments": "deployment_id",
    "statements": "statement_id",
    "corrections": "correction_id",
}


def _known(out: list[Row], key: str) -> dict[str, Row]:
    return {str(r[key]): r for r in out if r.get(key)}


def apply_aliases(frame: pd.DataFrame, ctx: Context, places: list[Row], actors: list[Row]) -> None:
    """Check every alias row and add it to the lookups (ctx) and to the processed places and actors."""
    tables = {"places": _known(places, "place_id"), "actors": _known(actors, "actor_id")}
    for row in rows(frame):
        table, rid, alias = row.get("table"), row.get("id"), (row.get("alias") or "").strip()
        if table not in tables or not rid or not alias:
            continue  # the schema reports a bad table or a missing cell
        target = tables[table].get(rid)
        if target is None:
            close = lang.closest(rid, {k: k for k in tables[table]})
            hint = f"; closest: {', '.join(close)}" if close else ""
            ctx.fail("aliases", row, "id", f"unknown id: no row of {table}.csv has it{hint}")
            continue
        key = lang.fold(alias)
        if table == "places":
            other = ctx.place_index.get(key)
            if other is not None:
                same = "this place" if other == rid else f"place {other}"
                ctx.fail("aliases", row, "alias", f"already a name of {same}: one name, one place", value=alias)
                continue
            ctx.place_index[key] = rid
            ctx.place_rows[key] = (rid, 0)
            ctx.place_names[key] = f"{alias} (alias of {target['name']})"
        else:
            hit = ctx.actor_index.get(key)
            if hit is not None:
                same = "this actor" if hit[0] == rid else f"actor '{hit[0]}'"
                ctx.fail("aliases", row, "alias", f"already a name of {same}: one name, one actor", value=alias)
                continue
            ctx.actor_index[key] = (rid, target["name"])
        target["aliases"] = "; ".join(a for a in (target.get("aliases"), alias) if a)


def apply_translations(frame: pd.DataFrame, ctx: Context, claims: dict[str, list[Row]]) -> None:
    """Check every translation row and put it in its claim row's `translation`."""
    tables = {name: _known(claims[name], key) for name, key in CLAIMS.items()}
    for out in claims.values():
        for r in out:
            r.setdefault("translation", None)
    seen: set[tuple[str, str]] = set()
    for row in rows(frame):
        table, rid, text = row.get("table"), row.get("id"), row.get("translation")
        if table not in tables or not rid or not text:
            continue  # the schema reports a bad table or a missing cell
        target = tables[table].get(rid)
        if target is None:
            ctx.fail("translations", row, "id", f"unknown id: no row of {table}.csv has it")
            continue
        language = ctx.languages.get(str(target.get("source_id") or ""), "en")
        if language == "en":
            ctx.fail("translations", row, "id", "the row's source is in English: a translation is for other languages")
            continue
        if (table, rid) in seen:
            ctx.fail("translations", row, "id", "the row already has a translation (one per row)")
            continue
        seen.add((table, rid))
        target["translation"] = text
