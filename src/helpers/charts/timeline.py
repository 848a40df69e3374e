"""The timeline: dated events as dots, measures and multi-day spans as bars, windows hatched.

Example::

    chart = timeline_chart(views.timeline(t), views.crisis_start(t), "Events and measures")
"""

from __future__ import annotations

import re

import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.charts._words import date_words, is_missing, short_day
from helpers.charts.axes import MAX_MARKS, WINDOW_PRECISIONS, date_ticks, legend_below, wrap
from helpers.charts.chart import Chart
from helpers.charts.colours import HATCH, HATCH_MEANING, KIND_COLOURS, colour_words_in_title
from helpers.charts.theme import new_figure, themed

__all__ = ["TIMELINE_UNIT", "TIMELINE_WRAP", "timeline_chart"]


def _item_label(r: pd.Series) -> str:
    """The label with " · place" whenever a place is known, unless the label already ends with that place
    (or with the place and "(part of …)", a change for part of a place)."""
    label = str(r["label"])
    place = r.get("place")
    if is_missing(place) or not str(place).strip():
        return label
    place = str(place).strip()
    if re.search(rf"(?:^|[\s·(]){re.escape(place)}[\s.)]*(?:\(part of [^()]*\))?$", label, re.I):
        return label
    return f"{label} · {place}"


#: Timeline rows: height in row units from the number of wrapped label lines (one unit is TIMELINE_UNIT
#: inches), so labels of any length keep a gap between them.
TIMELINE_UNIT = 0.55


TIMELINE_WRAP = 46


def _row_heights(labels: list[str]) -> list[float]:
    """Each row's height in units: one unit for up to two lines, then 0.3 more per line."""
    return [max(1.0, 0.3 * (lab.count("\n") + 1) + 0.45) for lab in labels]


@themed
def timeline_chart(items: pd.DataFrame, day0: pd.Timestamp, title: str) -> Chart:
    """Dated events as dots, measures and multi-day spans as bars; hatched bars are windows (see legend).

    Labels are wrapped, never cut; measures carry their place. Above MAX_MARKS items, the chart counts
    items per day and kind instead of drawing one row each.

    Example::

        plots.show(plots.timeline_chart(items, views.crisis_start(t), "Events and measures"), "Timeline.")
    """
    items = (
        items[items["dated"].astype(bool)].reset_index(drop=True) if "dated" in items else items.reset_index(drop=True)
    )
    day0 = pd.Timestamp(day0)
    title = colour_words_in_title(title, KIND_COLOURS)
    if len(items) > MAX_MARKS:
        return _timeline_counts(items, day0, title)
    labels = [wrap(_item_label(r), TIMELINE_WRAP) for _, r in items.iterrows()]
    heights = _row_heights(labels)
    ys = [sum(heights[:k]) + h / 2 for k, h in enumerate(heights)]
    total = max(sum(heights), 1.0)
    fig = new_figure((10, TIMELINE_UNIT * total + 2.4))
    ax = fig.add_subplot()
    planned_any = False
    drawn: set[tuple[str, bool]] = set()  # (kind, hatched) of each bar drawn, ("dot", False) for a dot
    for (_i, r), y in zip(items.iterrows(), ys, strict=True):
        c = KIND_COLOURS.get(r["kind"], "#3a3a3a")
        end = r["end"] if not is_missing(r["end"]) else r["start"]
        width = (end - r["start"]).days + 1
        # an event the report spans ("January 2 to Friday": a running total since the start) happened over
        # those days, so it is a plain bar; a week, a month or a measure's end window is an unknown day
        stated_span = r["kind"] == "event" and r.get("precision") == "range"
        window = (r.get("precision") in WINDOW_PRECISIONS and not stated_span) or bool(r.get("uncertain", False))
        planned_from = _planned_from(r)
        if planned_from is not None:  # drawn as seen up to the last report, then a dashed outline
            width = (planned_from - r["start"]).days
            ax.barh(
                y,
                (end - planned_from).days + 1,
                left=planned_from - pd.Timedelta(hours=12),
                height=0.55,
                facecolor="none",
                edgecolor=c,
                linestyle="--",
                linewidth=1.2,
            )
            planned_any = True
        if r["kind"] == "measure" or width > 1:
            drawn.add((r["kind"], window))
            ax.barh(
                y,
                width,
                left=r["start"] - pd.Timedelta(hours=12),
                height=0.55,
                color=c,
                alpha=0.35 if window else 0.75,
                hatch=HATCH if window else None,
                edgecolor=c,
            )
        else:
            drawn.add(("dot", False))
            ax.plot(r["start"], y, "o", color=c, ms=8)
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_ylim(total, 0)
    ax.axvline(day0, color="grey", ls=":", lw=1)
    ax.set_ylabel("Event or measure")
    ax.set_xlabel(f"Date (day 1 = {date_words(day0)})")
    dates = list(items["start"]) + list(items["end"].dropna()) if len(items) else [day0]
    lo, hi = min(dates), max(dates)
    ax.set_xlim(lo - pd.Timedelta(days=1), hi + pd.Timedelta(days=1))
    date_ticks(ax.xaxis, [lo, hi], lambda d: f"{short_day(d, year=False)}\nday {(d - day0).days + 1}")
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    # the legend names only what is drawn: a kind's bar, a dot, a hatched window
    kinds = [k for k in dict.fromkeys(items["kind"]) if (k, False) in drawn or (k, True) in drawn]
    words = {"event": "event over the days the report gives"}
    handles = [Patch(color=KIND_COLOURS.get(k, "#3a3a3a"), alpha=0.75, label=words.get(k, k)) for k in kinds]
    if ("dot", False) in drawn:
        handles.append(Line2D([], [], marker="o", ls="", color="#3a3a3a", label="event on one day"))
    if any(hatched for _k, hatched in drawn):
        handles.append(Patch(facecolor="white", edgecolor="#3a3a3a", hatch=HATCH, label=HATCH_MEANING))
    if planned_any:
        handles.append(
            Patch(
                facecolor="none", edgecolor="#3a3a3a", ls="--", lw=1.2, label="planned: what a report said would happen"
            )
        )
    legend_below(ax, handles, ncol=2)
    return Chart(fig, data=items)


def _planned_from(r: pd.Series) -> pd.Timestamp | None:
    """The first day of a measure's planned part (after the last report that gives it), or None."""
    if r.get("end_kind") != "planned" or is_missing(r.get("end")) or is_missing(r.get("reported")):
        return None
    split = max(pd.Timestamp(r["reported"]), pd.Timestamp(r["start"])) + pd.Timedelta(days=1)
    return split if split <= pd.Timestamp(r["end"]) else None


def _timeline_counts(items: pd.DataFrame, day0: pd.Timestamp, title: str) -> Chart:
    """The aggregate timeline: items starting on each day, by kind (one bar per day, not one row per item)."""
    counts = items.groupby([items["start"].dt.normalize(), "kind"]).size().unstack(fill_value=0).sort_index()
    fig = new_figure((10, 4.5))
    ax = fig.add_subplot()
    bottom = pd.Series(0, index=counts.index)
    for kind in counts.columns:
        ax.bar(
            counts.index, counts[kind], bottom=bottom, width=0.8, color=KIND_COLOURS.get(kind, "#3a3a3a"), label=kind
        )
        bottom += counts[kind]
    date_ticks(ax.xaxis, counts.index, lambda d: f"{short_day(d, year=False)}\nday {(d - day0).days + 1}")
    ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_ylabel("Items starting that day")
    ax.set_xlabel(f"Date (day 1 = {date_words(day0)})")
    ax.set_title(title)
    legend_below(ax, [Patch(color=KIND_COLOURS.get(k, "#3a3a3a"), label=k) for k in counts.columns])
    caption = f"With {len(items):,} dated items (more than {MAX_MARKS}), the chart counts them per day."
    return Chart(fig, data=items, caption=caption)
