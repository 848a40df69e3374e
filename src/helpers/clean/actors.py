"""One name per actor: data/raw/actors.csv maps every name and alias a report uses to one actor.

Speakers (statements.speaker), attributions (figures.attributed_to), announcers (measures.announced_by)
and event actors (events.actors, ';'-separated) are looked up by name or alias, ignoring case and
reading ё as е ("ТОКАЕВ" and "Токаев" are one name). More names, one per declined form ("Токаев",
"Токаева", "Токаеву"), come from data/raw/aliases.csv (helpers.clean.aliases). Processed tables show
the canonical name and carry the actor id; an unknown name is an error that suggests the closest known
names, across scripts ("Токаев" suggests "Tokayev").
"""

from __future__ import annotations

import pandas as pd

from helpers.clean import lang
from helpers.clean.context import Context, Row, rows

__all__ = ["SUGGESTIONS", "do_actors", "suggest", "actor", "actor_list"]

#: How many close names an unknown-name error suggests.
SUGGESTIONS = 3


def _names(row: Row) -> list[str]:
    aliases = [a.strip() for a in (row.get("aliases") or "").split(";")]
    return [n for n in [row.get("name"), *aliases] if n]


def do_actors(frame: pd.DataFrame, ctx: Context) -> list[Row]:
    """The actors table; fills ctx.actor_index (name or alias, folded by lang.fold → (actor_id, canonical name))."""
    out = []
    for row in rows(frame):
        for name in _names(row):
            key = lang.fold(name)
            other = ctx.actor_index.get(key)
            if other and other[0] != row["actor_id"]:
                ctx.fail("actors", row, "aliases", f"name already used by actor '{other[0]}'", value=name)
            elif row["actor_id"] and row["name"]:
                ctx.actor_index[key] = (row["actor_id"], row["name"])
        out.append({k: row[k] for k in ("actor_id", "name", "kind", "aliases", "notes")})
    return out


def suggest(name: str, ctx: Context) -> list[str]:
    """The known names (canonical or alias) closest to `name`, best first."""
    known: dict[str, str] = {}
    for key, (_, canonical) in ctx.actor_index.items():
        shown = canonical if key == lang.fold(canonical) else f"{key} (alias of {canonical})"
        known.setdefault(key, shown)
    return lang.closest(name, known, n=SUGGESTIONS)


def _lookup(ctx: Context, table: str, row: Row, column: str, name: str) -> tuple[str, str] | None:
    hit = ctx.actor_index.get(lang.fold(name))
    if hit is None:
        close = suggest(name, ctx)
        hint = f" or give a known actor this name (`python -m helpers alias`); closest known: {', '.join(close)}"
        hint = hint if close else ""
        ctx.fail(
            table,
            row,
            column,
            "unknown actor: add it with `python -m helpers add actors actor_id=<id> name=<English name> "
            f"kind=<kind> aliases=<this name>` (data/raw/actors.csv){hint}",
            value=name,
        )
    return hit


def actor(ctx: Context, table: str, row: Row, column: str) -> tuple[str | None, str | None]:
    """(canonical name, actor id) for one name cell; the cell as typed when unknown (an error is recorded)."""
    name = (row.get(column) or "").strip()
    if not name:
        return None, None
    hit = _lookup(ctx, table, row, column, name)
    return (hit[1], hit[0]) if hit else (name, None)


def actor_list(ctx: Context, table: str, row: Row, column: str) -> tuple[str | None, str | None]:
    """('; '-joined canonical names, ';'-joined ids) for a ';'-separated list of names."""
    names = [n.strip() for n in (row.get(column) or "").split(";") if n.strip()]
    if not names:
        return None, None
    hits = [_lookup(ctx, table, row, column, n) for n in names]
    shown = [h[1] if h else n for h, n in zip(hits, names, strict=True)]
    ids = [h[0] for h in hits if h]
    return "; ".join(shown), (";".join(ids) if len(ids) == len(names) else None)
