"""Counts as intervals: one row per figure, a range from its low to its high, coloured by who reported it.

Example::

    chart = interval_chart(views.headline(t), "Counts", "People (log scale)")
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from helpers.charts._words import cell, date_words, is_missing, short_day
from helpers.charts.axes import (
    MAX_MARKS,
    legend_below,
    numbers,
    series_label,
    wrap,
)
from helpers.charts.chart import Chart, sentence_chart
from helpers.charts.colours import colour_for
from helpers.charts.theme import new_figure, themed

__all__ = ["interval_chart", "interval_labels"]


def interval_labels(frame: pd.DataFrame) -> list[str]:
    """One row label per figure, never two alike when the rows can be told apart.

    A `label` column (written by the views) is used as it is. Otherwise the label is the count, place and
    subject; rows that share it get their as-of date ("· 7 Jan"), and rows that still share it the part
    of the report they come from ("· headline"). Rows identical in all of these keep the same label.
    """
    if "label" in frame.columns and not frame["label"].map(is_missing).all():
        where = zip(frame["place"], frame["metric"], frame["subject"], strict=True)
        base = [series_label(p, m, s) for p, m, s in where]
        return [b if is_missing(x) or str(x) == "" else str(x) for x, b in zip(frame["label"], base, strict=True)]
    labels = [series_label(p, m, s) for p, m, s in zip(frame["place"], frame["metric"], frame["subject"], strict=True)]
    days = pd.to_datetime(frame["as_of"], errors="coerce") if "as_of" in frame.columns else None
    contexts = frame["context"] if "context" in frame.columns else None
    for values, words in (
        (days, lambda v: short_day(v, year=False)),
        (contexts, lambda v: cell(v, "context")),
    ):
        if values is None:
            continue
        counts = pd.Series(labels).value_counts()
        labels = [
            f"{lab} · {words(v)}" if counts[lab] > 1 and not is_missing(v) and str(v) != "" else lab
            for lab, v in zip(labels, values, strict=True)
        ]
    return labels


def _log_label(label: str) -> str:
    """'People (log scale)': the axis is logarithmic and starts at a power of ten, never at a drawn 0."""
    import re

    text = re.sub(r"\s*\(log scale[^)]*\)", "", str(label)).strip()
    return f"{text} (log scale)" if text else "Log scale"


def _aggregate_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Above MAX_MARKS figures: one envelope per metric, place and subject (lowest low to highest high)."""
    rows = []
    for (metric, place, subject), g in frame.groupby(["metric", "place", "subject"], dropna=False, sort=True):
        lows, highs = numbers(g["low"]), numbers(g["high"])
        open_top = highs.isna().any()
        rows.append(
            {
                "metric": metric,
                "place": place,
                "subject": subject,
                "low": lows.min(),
                "best": float("nan"),
                "high": float("nan") if open_top else highs.max(),
                "display": f"{len(g)} figures",
                "attribution": "several" if g["attribution"].nunique() > 1 else g["attribution"].iloc[0],
            }
        )
    return pd.DataFrame(rows)


@themed
def interval_chart(frame: pd.DataFrame, title: str, xlabel: str) -> Chart:
    """Ranges from low to high, one row per figure, coloured by who reported it (with a legend).

    The axis is logarithmic with no "0" tick; an open upper bound runs to the panel's right edge and ends in
    an arrow there (the legend says "no upper bound"); a dot marks the number given. A single
    figure becomes a sentence. Above MAX_MARKS figures, each metric, place and subject is drawn as one
    envelope from its lowest low to its highest high.

    Example::

        plots.show(plots.interval_chart(figs, "Counts", "People (log scale)"), "Ranges.", figs, "figure_id")
    """
    frame = frame.reset_index(drop=True)
    if "attribution" not in frame.columns:
        frame = frame.assign(attribution=frame.get("attributed_to", pd.Series(index=frame.index, dtype="object")))
    frame = frame.assign(attribution=frame["attribution"].map(lambda a: "not attributed" if is_missing(a) else a))
    if len(frame) == 1:
        r = frame.iloc[0]
        who = "no source named" if r["attribution"] == "not attributed" else f"according to {r['attribution']}"
        when = f", as of {date_words(r['as_of'])}" if "as_of" in frame and not is_missing(r["as_of"]) else ""
        return sentence_chart(f"{interval_labels(frame)[0]}: {r['display']}, {who}{when}.", frame)
    aggregated = len(frame) > MAX_MARKS
    data = frame
    if aggregated:
        frame = _aggregate_intervals(frame)
    low, best, high = numbers(frame["low"]), numbers(frame["best"]), numbers(frame["high"])
    known = [v for v in [*low, *best, *high] if not math.isnan(v) and v > 0]
    # a true log axis (no "0" tick): from the power of ten at or below the smallest value to one decade
    # past the largest; an open range runs to the panel's right edge, where nothing bounds it
    x0 = 10.0 ** math.floor(math.log10(min(known))) if known else 1.0
    x1 = 10.0 ** (math.ceil(math.log10(max(known + [10.0]))) + 1)
    fig = new_figure((9, 0.62 * len(frame) + 2.2))
    ax = fig.add_subplot()
    for y, r in frame.iterrows():
        c = colour_for(r["attribution"])
        lo = x0 if math.isnan(low[y]) or low[y] <= 0 else low[y]
        if math.isnan(high[y]):
            ax.plot([lo, x1], [y, y], color=c, lw=6, alpha=0.3, solid_capstyle="butt")
            ax.annotate("", xy=(x1, y), xytext=(x1 / 1.6, y), arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.5})
            ax.text(lo, y - 0.3, str(r["display"]), fontsize=8.5, va="bottom")
        else:
            end_ = max(high[y], lo)
            ax.plot([lo, end_], [y, y], color=c, lw=6, alpha=0.55, solid_capstyle="butt")
            ax.text(end_ * 1.15, y, str(r["display"]), fontsize=8.5, va="center")
        if not math.isnan(best[y]):
            ax.plot(best[y], y, "o", color=c, ms=7, mec="black", mew=0.6)
    labels = [wrap(x, 34) for x in interval_labels(frame)]
    ax.set_yticks(range(len(frame)), labels, fontsize=8.5)
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.set_xscale("log")
    ax.set_xlim(x0, x1)
    ticks = [10.0**k for k in range(round(math.log10(x0)), round(math.log10(x1)) + 1)]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_log_label(xlabel))
    ax.set_title(title)
    handles = [
        Patch(color=colour_for(a), alpha=0.6, label="No source named" if a == "not attributed" else f"Reported by: {a}")
        for a in dict.fromkeys(frame["attribution"])
    ]
    handles += [
        Line2D([], [], marker="o", ls="", color="#555555", mec="black", label="number the report gives"),
        Line2D([], [], marker=">", ls="-", color="#555555", label="no upper bound: runs to the edge (arrow)"),
    ]
    legend_below(ax, handles)
    caption = ""
    if aggregated:
        caption = (
            f"With {len(data):,} figures (more than {MAX_MARKS}), each count, place and subject is drawn once, "
            "from its lowest low to its highest high."
        )
    return Chart(fig, data=data, caption=caption)
