"""Consistency flags: where current figures contradict each other (codebook, "Consistency flags").

A flag never hides or changes a number; it says in words where the numbers do not fit together, with the
rows it rests on. Three checks, on the figures current as of a day (withdrawn and corrected ones left out;
per series, the claims of the latest report that gives it):
- `below_places`: a country's count lies below what its places report together. Places inside the country
  are summed by region (admin1), taking the largest figure within a region, since a city and its region
  overlap; a total of people takes the places' figures of any subject (police officers are people), a
  total of a narrower subject only the same subject. Parts of totals are never summed, and a place's
  count dated after the country's is left out (counts grow: a later one contradicts nothing). Where the country's
  highest possible value is below that sum the two cannot both be right (`contradiction`); where only its
  lowest is, the national figure understates what its places report.
- `part_above_total`: a part of a total (`part_of`) whose lowest value exceeds the total's highest.
- `fell`: one body's count in a series falls, in a later report, below the lowest value of its earlier
  count, with no correction coded.

Data views: DataFrames in, DataFrames out. Imports: helpers.data and helpers.analysis only.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.common import FIGURE_SERIES
from helpers.analysis.figures import _preferred, _tops, figures_as_of, reconcile
from helpers.data.tables import Tables

__all__ = ["consistency"]

_COLUMNS = ["kind", "contradiction", "metric", "place_id", "place", "subject", "total", "total_by", "_places",
           "sum_low", "parts", "ids", "as_of"]  # fmt: skip


def _num(x: object) -> float:
    v = pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0]
    return float(v) if pd.notna(v) else math.nan


def consistency(
    t: Tables, as_of: pd.Timestamp | None = None, metric: str | None = None, place: str | None = None
) -> pd.DataFrame:
    """One row per flag (see the module doc), filtered to a metric and a place when given (a place keeps
    the flags that name it as the total or as one of the places summed)."""
    f = figures_as_of(t, as_of)
    if f.empty:
        return pd.DataFrame(columns=_COLUMNS)
    current = reconcile(t, f, FIGURE_SERIES, "all")
    current = current.assign(topv=_tops(current), lowv=pd.to_numeric(current["low"], errors="coerce"))
    places = t.places.set_index("place_id")
    rows = [*_below_places(current, places), *_part_above_total(t, current), *_fell(t, f)]
    out = pd.DataFrame(rows, columns=_COLUMNS)
    if metric:
        out = out[out["metric"] == metric]
    if place:
        out = out[
            [
                place == p or place in ids
                for p, ids in zip(out["place_id"], out["_places"] if "_places" in out else out["ids"], strict=True)
            ]
        ]
    return out.reset_index(drop=True)


def _below_places(current: pd.DataFrame, places: pd.DataFrame) -> list[dict]:
    out = []
    wholes = current[~current["is_part"]]
    country_of = {p: places.at[p, "country_id"] for p in places.index}
    countries = {p for p in places.index if str(places.at[p, "kind"]) == "country"}
    for (m, pid, subject), g in wholes[wholes["place_id"].isin(countries)].groupby(FIGURE_SERIES, sort=True):
        within = wholes["place_id"].map(country_of).eq(pid) & wholes["place_id"].ne(pid)
        inside = wholes[(wholes["metric"] == m) & within]
        if subject != "people":
            inside = inside[inside["subject"] == subject]
        inside = inside[inside["as_of"] <= g["as_of"].max()]  # a later place count is no contradiction
        if inside.empty:
            continue
        region = inside["place_id"].map(
            lambda p: str(places.at[p, "admin1"]) if pd.notna(places.at[p, "admin1"]) else p
        )
        biggest = inside.assign(_region=region).sort_values("lowv", ascending=False).groupby("_region").head(1)
        total_low, total_top = g["lowv"].max(), g["topv"].max()
        summed = biggest["lowv"].sum()
        if not summed > total_low:
            continue
        top = g.sort_values("lowv", ascending=False).iloc[0]
        out.append(
            {
                "kind": "below_places",
                "contradiction": bool(summed > total_top),
                "metric": m,
                "place_id": pid,
                "place": top["place"],
                "subject": subject,
                "total": top["display"],
                "total_by": top["attribution_words"],
                "sum_low": int(summed),
                "parts": [
                    (str(d), str(p), str(s))
                    for d, p, s in zip(biggest["display"], biggest["place"], biggest["subject"], strict=True)
                ],
                "ids": ", ".join([*g["figure_id"], *biggest["figure_id"]]),
                "as_of": g["as_of"].max(),
                "_places": ", ".join(biggest["place_id"]),
            }
        )
    return out


def _part_above_total(t: Tables, current: pd.DataFrame) -> list[dict]:
    out = []
    totals = t.figures.set_index("figure_id")
    for r in current[current["is_part"]].itertuples():
        if r.part_of not in totals.index:
            continue
        tot = totals.loc[r.part_of]
        high = _num(tot["high"]) if not bool(tot["open_upper"]) else math.inf
        if not (pd.notna(r.lowv) and r.lowv > high):
            continue
        out.append(
            {
                "kind": "part_above_total",
                "contradiction": True,
                "metric": r.metric,
                "place_id": r.place_id,
                "place": r.place,
                "subject": r.subject,
                "total": tot["display"],
                "total_by": "",
                "sum_low": int(r.lowv),
                "parts": [(str(r.display), str(r.place), str(r.subject))],
                "ids": f"{r.part_of}, {r.figure_id}",
                "as_of": r.as_of,
                "_places": r.place_id,
            }
        )
    return out


def _fell(t: Tables, f: pd.DataFrame) -> list[dict]:
    """One body's count, per series and report, against the same body's count in its previous report."""
    named = f[f["attributed_to_id"].notna() & (f["attributed_to_id"].astype(str) != "")]
    if named.empty:
        return []
    keys = [*FIGURE_SERIES, "attributed_to_id"]
    one = _preferred(named, [*keys, "reported"]).sort_values([*keys, "reported"])
    one = one.assign(topv=_tops(one), lowv=pd.to_numeric(one["low"], errors="coerce"))
    grouped = one.groupby(keys, sort=False, dropna=False)
    one = one.assign(
        prev_low=grouped["lowv"].shift(1),
        prev_display=grouped["display"].shift(1),
        prev_id=grouped["figure_id"].shift(1),
        prev_reported=grouped["reported"].shift(1),
    )
    hits = one[one["prev_low"].notna() & (one["topv"] < one["prev_low"])]
    return [
        {
            "kind": "fell",
            "contradiction": False,
            "metric": r["metric"],
            "place_id": r["place_id"],
            "place": r["place"],
            "subject": r["subject"],
            "total": r["display"],
            "total_by": r["attribution_words"],
            "sum_low": int(r["prev_low"]),
            "parts": [(str(r["prev_display"]), str(pd.Timestamp(r["prev_reported"]).date()), "")],
            "ids": f"{r['prev_id']}, {r['figure_id']}",
            "as_of": r["as_of"],
            "_places": r["place_id"],
        }
        for _, r in hits.iterrows()
    ]
