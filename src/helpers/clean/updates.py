"""Links between rows across reports: `updates` (a later row revises an earlier one) and `part_of`.

A row of figures, measures or deployments may name, in `updates`, the row it updates. Rules (codebook,
"Updates across reports"):
- the updated row exists and is in the same table;
- it belongs to the same series: figures keep metric and place (the subject may be reworded),
  measures keep measure and place, deployments keep organisation and country;
- except a change for part of a place: a deployment row with a `place` (its change applies there only)
  may update the whole deployment's row or a row of a place that contains its own; a measure row whose
  place lies within the updated row's place
  (a region or city of that country, a city or facility of that region: places.csv country_id, kind and
  admin1) changes the measure there only ("lifted in the Aktobe region"; the national series stays as it
  was) and opens the sub-place's own series;
- it comes from an earlier report date (strictly), so chains run back in time and never loop;
- a figure that is part of a total (`part_of`) updates only another part, and a total never updates a
  part: the 16 security-force dead of 8 January do not revise the 26 dead of 7 January;
- two rows of the same source never update the same row for the same place (the later line is the error,
  naming the other).
A figure may name, in `part_of`, the total it is part of ("a death toll of 44, including 16 members of
the security forces"): a figure of the same source and metric whose low is at least the part's low.
Neither link may loop. Every broken link is one DataError naming file, line, column, value and rule.
"""

from __future__ import annotations

import pandas as pd

from helpers.clean.context import Context, Row, rows
from helpers.clean.readers import LINE
from helpers.data import schemas

__all__ = ["SERIES", "on_cycles", "lies_within", "check"]

#: The columns that define a series; an update must keep them.
SERIES: dict[str, tuple[str, ...]] = {
    "figures": ("metric", "place_id"),
    "measures": ("measure", "place_id"),
    "deployments": ("organisation", "country_id"),
}


def _pairs(frame: pd.DataFrame, out: list[Row]) -> list[tuple[Row, Row]]:
    """Each raw row (with its line) beside the processed row built from it (transforms keep the order)."""
    raw = list(rows(frame))
    return list(zip(raw, out, strict=True)) if len(raw) == len(out) else []


def on_cycles(links: dict[str, str]) -> dict[str, list[str]]:
    """Every id that lies on a loop of links, with the loop (in link order) it lies on."""
    state: dict[str, int] = {}  # 1 = on the path being walked, 2 = finished
    found: dict[str, list[str]] = {}
    for start in sorted(links):
        path: list[str] = []
        node = start
        while node in links and node not in state:
            state[node] = 1
            path.append(node)
            node = links[node]
        if state.get(node) == 1:
            loop = path[path.index(node) :]
            for n in loop:
                found[n] = loop
        for n in path:
            state[n] = 2
    return found


def _loop_text(loop: list[str], start: str) -> str:
    i = loop.index(start)
    ordered = loop[i:] + loop[:i]
    return " → ".join([*ordered, start])


def _unknown(table: str, key: str, target: str, ids: dict[str, set[str]], what: str) -> str:
    """The rule for an id not in this table: name the table it belongs to if it is elsewhere."""
    elsewhere = sorted(t for t, known in ids.items() if t != table and target in known)
    if elsewhere:
        return f"names a row of {elsewhere[0]}.csv: {what} must name a {key} of {table}.csv"
    return f"unknown {key}: no row of {table}.csv has this id"


def lies_within(place: Row | None, whole: Row | None) -> bool:
    """Whether a place lies within another (processed places rows): a region, city or facility of a country
    (its country_id), or a city or facility of a region (the same admin1 and country)."""
    if not place or not whole or place.get("place_id") == whole.get("place_id"):
        return False
    kind, whole_kind = place.get("kind"), whole.get("kind")
    if whole_kind == "country":
        return kind != "country" and place.get("country_id") == whole.get("place_id")
    if whole_kind == "region":
        return (
            kind in ("city", "facility")
            and bool(place.get("admin1"))
            and place.get("admin1") == whole.get("admin1")
            and place.get("country_id") == whole.get("country_id")
        )
    return False


def check(frames: dict[str, pd.DataFrame], rows: dict[str, list[Row]], ctx: Context) -> None:
    """Record every broken `updates` and `part_of` link in ctx (rules in the module doc)."""
    ids = {
        name: {
            str(r[schemas.RAW[name].primary_key]) for r in rows.get(name, []) if r.get(schemas.RAW[name].primary_key)
        }
        for name in schemas.RAW
    }
    places = {str(r["place_id"]): r for r in rows.get("places", []) if r.get("place_id")}
    for table, series in SERIES.items():
        _check_updates(table, series, _pairs(frames[table], rows[table]), ids, ctx, places)
    _check_part_of(_pairs(frames["figures"], rows["figures"]), ids, ctx)


def _check_updates(
    table: str,
    series: tuple[str, ...],
    pairs: list[tuple[Row, Row]],
    ids: dict[str, set[str]],
    ctx: Context,
    places: dict[str, Row] | None = None,
) -> None:
    key = schemas.RAW[table].primary_key
    by_id = {str(out[key]): out for _, out in pairs if out.get(key)}
    links: dict[str, str] = {}
    claimed: dict[tuple[str, str], Row] = {}  # (source, updated id) -> the first row of that source naming it
    for raw, out in pairs:
        target = raw.get("updates")
        if not target:
            continue
        own = raw.get(key)
        if target == own:
            ctx.fail(table, raw, "updates", "a row cannot update itself")
            continue
        old = by_id.get(target)
        if old is None:
            ctx.fail(table, raw, "updates", _unknown(table, key, target, ids, "updates"))
            continue
        if own:
            links[own] = target
        source = str(out.get("source_id") or "")
        first = claimed.setdefault((source, str(target), str(out.get("place_id") or "")), raw)
        if first is not raw:
            ctx.fail(
                table,
                raw,
                "updates",
                f"{first.get(key) or 'another row'} (line {first.get(LINE)}) of the same source already "
                f"updates {target}: two rows of one report may not update the same row",
            )
        if table == "figures":
            _check_part_update(raw, out, old, target, ctx)
        differ = [c for c in series if out.get(c) and old.get(c) and out[c] != old[c]]
        if table == "deployments" and places is not None and out.get("place_id") != old.get("place_id"):
            # a change for part of the deployment: a place within the earlier row's place, or any place when
            # the earlier row is the whole deployment (no place)
            whole, part = old.get("place_id"), out.get("place_id")
            inside = bool(part) and (not whole or lies_within(places.get(str(part)), places.get(str(whole))))
            if not inside:
                ctx.fail(
                    table,
                    raw,
                    "updates",
                    f"a change for part of a deployment names a place within the row it updates: place is "
                    f"'{out.get('place_id') or 'the whole deployment'}' here but '{whole or 'the whole deployment'}' "
                    f"in {target}",
                )
        if table == "measures" and differ == ["place_id"] and places is not None:
            if lies_within(places.get(str(out["place_id"])), places.get(str(old["place_id"]))):
                differ = []  # a change for part of the place: the sub-place's own series begins here
            else:
                ctx.fail(
                    table,
                    raw,
                    "updates",
                    f"must update a row of the same series (measure, place_id), or of a place that contains this "
                    f"row's: place_id is '{out['place_id']}' here but '{old['place_id']}' in {target}, which does "
                    "not contain it (places.csv: kind, admin1, country_id)",
                )
                differ = []
        if differ:
            what = "; ".join(f"{c} is '{out[c]}' here but '{old[c]}' in {target}" for c in differ)
            ctx.fail(table, raw, "updates", f"must update a row of the same series ({', '.join(series)}): {what}")
        new_date = ctx.report_dates.get(out.get("source_id") or "")
        old_date = ctx.report_dates.get(old.get("source_id") or "")
        if new_date and old_date and not old_date < new_date:
            ctx.fail(
                table,
                raw,
                "updates",
                f"must update a row from an earlier report: {target} is from the report of "
                f"{old_date.isoformat()}, this row from the report of {new_date.isoformat()}",
            )
    _fail_loops(table, "updates", key, pairs, links, ctx)


def _check_part_update(raw: Row, out: Row, old: Row, target: str, ctx: Context) -> None:
    """A part of a total updates only another part; a total never updates a part."""
    if out.get("part_of") and not old.get("part_of"):
        ctx.fail(
            "figures",
            raw,
            "updates",
            f"a part of a total may only update another part: {target} is not part of a total "
            f"(this figure is part of {out['part_of']})",
        )
    elif old.get("part_of") and not out.get("part_of"):
        ctx.fail(
            "figures",
            raw,
            "updates",
            f"a total may not update a part: {target} is part of {old['part_of']}, this figure is part of no total",
        )


def _check_part_of(pairs: list[tuple[Row, Row]], ids: dict[str, set[str]], ctx: Context) -> None:
    by_id = {str(out["figure_id"]): out for _, out in pairs if out.get("figure_id")}
    links: dict[str, str] = {}
    for raw, out in pairs:
        target = raw.get("part_of")
        if not target:
            continue
        own = raw.get("figure_id")
        if target == own:
            ctx.fail("figures", raw, "part_of", "a figure cannot be part of itself")
            continue
        total = by_id.get(target)
        if total is None:
            ctx.fail("figures", raw, "part_of", _unknown("figures", "figure_id", target, ids, "part_of"))
            continue
        if own:
            links[own] = target
        if out.get("source_id") and total.get("source_id") and out["source_id"] != total["source_id"]:
            ctx.fail(
                "figures",
                raw,
                "part_of",
                f"the total must come from the same source: {target} is from {total['source_id']}, "
                f"this figure from {out['source_id']}",
            )
        if out.get("metric") and total.get("metric") and out["metric"] != total["metric"]:
            ctx.fail(
                "figures",
                raw,
                "part_of",
                f"the total must count the same metric: {target} counts {total['metric']}, this figure {out['metric']}",
            )
        if out.get("low") is not None and total.get("low") is not None and total["low"] < out["low"]:
            ctx.fail(
                "figures",
                raw,
                "part_of",
                f"a part cannot exceed its total: the low of {target} ({total['low']:,}) is below "
                f"this figure's low ({out['low']:,})",
            )
    _fail_loops("figures", "part_of", "figure_id", pairs, links, ctx)


def _fail_loops(
    table: str, column: str, key: str, pairs: list[tuple[Row, Row]], links: dict[str, str], ctx: Context
) -> None:
    loops = on_cycles(links)
    for raw, _ in pairs:
        own = raw.get(key)
        if own in loops and len(loops[own]) > 1:
            ctx.fail(table, raw, column, f"links form a loop: {_loop_text(loops[own], own)}")
