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
    places: pd.DataFrame, highlight: Iterable[str] = (), title: str = "Places named in the reports"
) -> Chart:
    """A map: places over Natural Earth country borders, labelled; highlighted places and countries in colour.

    The alt text lists the places. Above MAX_PLACE_LABELS places, only the highlighted ones are labelled.

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
    fig = new_figure((9.5, 6))
    ax = fig.add_subplot()
    countries = set(p.loc[(p["kind"] == "country") & p["_on"], "name"])
    drawn = _draw_borders(ax, countries)
    w, e = p["_lon"].min(), p["_lon"].max()
    s, n = p["_lat"].min(), p["_lat"].max()
    pad_x, pad_y = max(4.0, (e - w) * 0.12), max(3.0, (n - s) * 0.15)
    ax.set_xlim(w - pad_x, e + pad_x)
    ax.set_ylim(s - pad_y, n + pad_y)
    ax.set_aspect(1 / math.cos(math.radians((s + n) / 2)))
    label_all = len(p) <= MAX_PLACE_LABELS
    for _, r in p.iterrows():
        country = r["kind"] == "country"
        colour = PALETTE[3] if r["_on"] else "#7a7a7a"
        ax.plot(
            r["_lon"],
            r["_lat"],
            "s" if country else "o",
            color="none" if country else colour,
            mec=colour,
            mew=1.4 if country else 0.8,
            ms=6 if country else (7 if r["_on"] else 5),
            zorder=3,
        )
    order = p.sort_values(
        ["_on", "kind"], ascending=[False, True], key=lambda c: c.eq("country") if c.name == "kind" else c
    )
    ax.set_xlim(w - pad_x, e + pad_x)
    ax.set_ylim(s - pad_y, n + pad_y)
    _place_labels(fig, ax, [r for _, r in order.iterrows() if label_all or r["_on"]])
    ax.grid(False)
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    ax.set_title(title)
    handles = [
        Line2D([], [], marker="o", ls="", color=PALETTE[3], label="city or site with a count, event or measure"),
        Line2D([], [], marker="o", ls="", color="#7a7a7a", label="other place in the gazetteer"),
        Line2D([], [], marker="s", ls="", color="none", mec="#1d1d1f", label="country (centre point)"),
    ]
    if countries & drawn:
        handles.append(Patch(facecolor="#fde6c8", edgecolor="#8a8a8a", label="country named with a claim"))
    legend_below(ax, handles)
    names = ", ".join(str(x) for x in p["name"])
    alt = f"Map of {len(p)} places over country borders (Natural Earth): {names}."
    return Chart(fig, data=places, alt=alt)
