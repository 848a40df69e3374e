"""The places map: places over Natural Earth country borders, labelled; highlighted places in colour.

Example::

    chart = places_chart(t.places, highlight={"almaty"})
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from helpers.charts import borders
from helpers.charts.axes import legend_below, numbers
from helpers.charts.chart import Chart, sentence_chart
from helpers.charts.theme import PALETTE, new_figure, themed

__all__ = ["MAX_PLACE_LABELS", "places_chart"]

#: Above this many places, the map labels only the highlighted ones.
MAX_PLACE_LABELS = 40


def _draw_borders(ax: Axes, filled: set[str]) -> set[str]:
    """Country outlines from the shipped Natural Earth file; `filled` countries are tinted. Returns names drawn."""
    drawn = set()
    for name, polys in borders.countries().items():
        for poly in polys:
            verts, codes = [], []
            for ring in poly:
                verts += list(ring) + [ring[0]]
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
            on = name in filled
            ax.add_patch(
                PathPatch(
                    MplPath(verts, codes),
                    facecolor="#fde6c8" if on else "#f3f3f1",
                    edgecolor="#8a8a8a",
                    lw=0.6,
                    zorder=1,
                )
            )
        drawn.add(name)
    return drawn


def _place_labels(fig: Figure, ax: Axes, rows: list[pd.Series]) -> None:
    """Label places without overlaps where possible: try a few offsets around each point, keep the first free one."""
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    points = ax.transData.transform([(r["_lon"], r["_lat"]) for r in rows]) if rows else []
    taken = [Bbox.from_extents(x - 4, y - 4, x + 4, y + 4) for x, y in points]
    offsets = [
        (6, 4, "left"),
        (6, -12, "left"),
        (-6, 4, "right"),
        (-6, -12, "right"),
        (0, 9, "center"),
        (0, -17, "center"),
    ]
    for r in rows:
        country = r["kind"] == "country"
        text = None
        for dx, dy, ha in offsets:
            if text is not None:
                text.remove()
            text = ax.annotate(
                str(r["name"]),
                (r["_lon"], r["_lat"]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                fontsize=9 if country else 8.5,
                fontweight="bold" if country else "normal",
                color="#1d1d1f",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                break
        taken.append(text.get_window_extent(renderer))


@themed
def places_chart(
    places: pd.DataFrame,
    highlight: Iterable[str] = (),
    title: str = "Places named in the reports",
    sizes: dict[str, float] | None = None,
) -> Chart:
    """A map: places over Natural Earth country borders (longitude and latitude scaled alike at the map's
    middle latitude, no plot axes), labelled; highlighted places and countries in colour.

    Cities and sites are dots; with `sizes` (place_id → the largest count reported there, e.g.
    views.largest_counts), a dot's area grows with that count and the legend gives the scale. A country is
    shown by tinting its outline, not by a marker at its centre point, and does not widen the map (unless
    no other place has coordinates). The alt text lists the places. Above MAX_PLACE_LABELS places, only the
    highlighted ones are labelled.

    Example::

        plots.show(plots.places_chart(t.places, {"almaty"}), "Places named in the report.", t.places)
    """
    hl = set(highlight)
    p = places.copy()
    p["_lon"], p["_lat"] = numbers(p["longitude"]), numbers(p["latitude"])
    p = p[p["_lon"].notna() & p["_lat"].notna()].reset_index(drop=True)
    if p.empty:
        return sentence_chart("No place has coordinates to map.", places)
    p["_on"] = p["place_id"].isin(hl)
    fig = new_figure((9.5, 6), keep_aspect=True)
    ax = fig.add_subplot()
    countries = set(p.loc[(p["kind"] == "country") & p["_on"], "name"])
    drawn = _draw_borders(ax, countries)
    points = p[p["kind"] != "country"]
    frame = points if len(points) else p  # a country's centre point never stretches the map
    w, e = frame["_lon"].min(), frame["_lon"].max()
    s, n = frame["_lat"].min(), frame["_lat"].max()
    pad_x, pad_y = max(4.0, (e - w) * 0.12), max(3.0, (n - s) * 0.15)
    # a tinted country is shown whole where that does not zoom the map far out (Kazakhstan, not Russia)
    for name in sorted(countries & drawn):
        ring = [pt for poly in borders.countries()[name] for pt in poly[0]]
        cw, ce = min(x for x, _ in ring), max(x for x, _ in ring)
        cs, cn = min(y for _, y in ring), max(y for _, y in ring)
        if (ce - cw) <= 1.5 * (e - w + 2 * pad_x) and (cn - cs) <= 1.5 * (n - s + 2 * pad_y):
            w, e, s, n = (
                min(w, cw - 1.0 + pad_x),
                max(e, ce + 1.0 - pad_x),
                min(s, cs - 1.0 + pad_y),
                max(n, cn + 1.0 - pad_y),
            )
    ax.set_aspect(1 / math.cos(math.radians((s + n) / 2)))
    label_all = len(p) <= MAX_PLACE_LABELS
    shown = points if len(points) else p
    drawn_ids = set(shown.loc[shown["_on"], "place_id"].astype(str))
    sizes = {k: v for k, v in (sizes or {}).items() if k in drawn_ids}  # the scale is that of the dots drawn
    biggest = max([v for v in sizes.values() if v and v > 0] or [1.0])

    def area(value: float | None) -> float:  # marker size in points: area proportional to the count
        return 5.0 if not value or value <= 0 else 5.0 + 17.0 * math.sqrt(value / biggest)

    for _, r in shown.iterrows():
        colour = PALETTE[3] if r["_on"] else "#7a7a7a"
        ms = area(sizes.get(str(r["place_id"]))) if r["_on"] else 5
        ax.plot(r["_lon"], r["_lat"], "o", color=colour, mec="white", mew=0.8, ms=ms, alpha=0.85, zorder=3)
    order = shown.sort_values(["_on"], ascending=[False])
    ax.set_xlim(w - pad_x, e + pad_x)
    ax.set_ylim(s - pad_y, n + pad_y)
    _place_labels(fig, ax, [r for _, r in order.iterrows() if label_all or r["_on"]])
    ax.set_axis_off()  # a map, not a plot: no longitude and latitude axes
    ax.set_title(title)
    handles = [
        Line2D([], [], marker="o", ls="", color=PALETTE[3], label="city or site with a count, event or measure"),
        Line2D([], [], marker="o", ls="", color="#7a7a7a", label="other place in the gazetteer"),
    ]
    if sizes and biggest > 1:
        # the scale shows the largest and the smallest count actually drawn, never a made-up step
        given = [v for v in sizes.values() if v and v > 0]
        for v in sorted({round(max(given)), round(min(given))} - {0}, reverse=True):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    color=PALETTE[3],
                    alpha=0.85,
                    ms=area(v),
                    label=f"largest count reported there: {v:,}",
                )  # fmt: skip
            )
    if countries & drawn:
        handles.append(Patch(facecolor="#fde6c8", edgecolor="#8a8a8a", label="country named with a claim"))
    legend_below(ax, handles)
    names = ", ".join(str(x) for x in p["name"])
    alt = f"Map of {len(p)} places over country borders (Natural Earth): {names}."
    return Chart(fig, data=places, alt=alt)
