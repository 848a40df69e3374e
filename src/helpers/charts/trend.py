"""Trends over report dates: one line per count, place and subject, each figure's range drawn.

Example::

    chart = trend_chart(views.trend(t, "killed"), "Killed, as reported over time", "People (log scale)")
"""

from __future__ import annotations

import math

import matplotlib.dates
import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.charts._words import date_words, is_missing, short_day
from helpers.charts.axes import (
    MAX_MARKS,
    date_ticks,
    legend_below,
    log_label,
    numbers,
    open_end,
    plain_log_axis,
    series_label,
    wrap,
)
from helpers.charts.chart import Chart, sentence_chart
from helpers.charts.colours import TREND_LEGEND_TITLE, line_style
from helpers.charts.theme import new_figure, themed

__all__ = ["trend_chart"]


@themed
def trend_chart(frame: pd.DataFrame, title: str, ylabel: str) -> Chart:
    """One line per metric, place and subject across as-of dates, with each figure's range drawn.

    The line joins the number given (else the low), solid between two numbers given and dotted where it
    joins a number to a bound (a different kind of point, named in the legend); a hollow marker means only
    a bound is known; an open
    range ends in an arrow a short way past its low. Parts of a total (`part_of`) are their own line and
    never join the total's. One tick per report date; the y axis reads 0, 10, 100, 1,000.
    Above MAX_MARKS series, the series with the highest latest values are drawn and the caption says so.

    Example::

        plots.show(plots.trend_chart(odd, "Counts over time", "People (log scale)"), "Ranges.", odd, "figure_id")
    """
    f = frame.reset_index(drop=True).copy()
    f["as_of"] = pd.to_datetime(f["as_of"], errors="coerce")
    f = f[f["as_of"].notna()]
    f["_low"], f["_best"], f["_high"] = numbers(f["low"]), numbers(f["best"]), numbers(f["high"])
    f["_low"] = f["_low"].fillna(0.0)
    part = f["part_of"] if "part_of" in f.columns else pd.Series("", index=f.index)
    f["_part"] = part.map(lambda v: not is_missing(v) and str(v) != "")
    subj = f["subject"] if "subject" in f.columns else pd.Series("people", index=f.index)
    f["_series"] = [
        series_label(p, m, s) + (" (part of a total)" if is_part else "")
        for p, m, s, is_part in zip(f["place"], f["metric"], subj, f["_part"], strict=True)
    ]
    if f.empty:
        return sentence_chart("No dated figure to draw.", frame)
    if len(f) == 1:
        r = f.iloc[0]
        return sentence_chart(f"{r['_series']}: {r['display']}, as of {date_words(r['as_of'])}.", frame)
    series = list(dict.fromkeys(f.sort_values(["_series", "as_of"])["_series"]))
    dropped = 0
    if len(series) > MAX_MARKS // 6:
        latest = f.sort_values("as_of").groupby("_series")["_low"].last().sort_values(ascending=False)
        keep = list(latest.index[: MAX_MARKS // 6])
        dropped = len(series) - len(keep)
        series = [s for s in series if s in keep]
        f = f[f["_series"].isin(keep)]
    dates = sorted(f["as_of"].unique())
    width = pd.Timedelta(hours=24 / max(len(series), 1))
    fig = new_figure((9, 5))
    ax = fig.add_subplot()
    tops = [10.0]
    mixed = False
    disputed = False
    for k, name in enumerate(series):
        g = f[f["_series"] == name].sort_values("as_of")
        c, dash = line_style(k)
        offset = (k - (len(series) - 1) / 2) * width / 2  # series side by side within half a day
        x = g["as_of"] + offset
        hi = [h if not math.isnan(h) else open_end(lo) for lo, h in zip(g["_low"], g["_high"], strict=True)]
        tops += hi + [b for b in g["_best"] if not math.isnan(b)]
        ax.vlines(x, g["_low"], hi, color=c, lw=5, alpha=0.35)
        for xi, lo, h, top in zip(x, g["_low"], g["_high"], hi, strict=True):
            if math.isnan(h):
                ax.annotate("", xy=(xi, top), xytext=(xi, lo), arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.2})
        y = g["_best"].where(g["_best"].notna(), g["_low"])
        line = y.groupby(g["as_of"]).max()  # one point per date: the highest number given (else low)
        kinds = g["_best"].notna().groupby(g["as_of"]).any()  # a number given on that date, or only a bound
        xs, ys = list(line.index + offset), list(line.values)
        for i in range(len(xs) - 1):  # a number joined to a bound is a different kind of step: dotted, thin
            same = bool(kinds.iloc[i]) and bool(kinds.iloc[i + 1])
            style = {"ls": dash, "lw": 1.8} if same else {"ls": ":", "lw": 1.2}
            ax.plot(xs[i : i + 2], ys[i : i + 2], color=c, label=name if i == 0 else None, **style)
            mixed = mixed or not same
        given = g["_best"].notna()
        ax.plot(x[given], y[given], "o", color=c, ms=6, mec="black", mew=0.5)
        ax.plot(x[~given], y[~given], "o", color="white", ms=6, mec=c, mew=1.5)
        if "contested" in g:  # another body gives a figure this one contradicts on that date: ringed
            hot = g["contested"].fillna(False).astype(bool)
            if hot.any():
                ax.plot(x[hot], y[hot], "o", color="none", ms=13, mec="#b42318", mew=1.6)
                disputed = True
    ax.set_yscale("symlog", linthresh=10, linscale=0.6)
    ax.set_ylim(0, max(tops) * 2.5)
    plain_log_axis(ax.yaxis, max(tops) * 2.5)
    ax.set_xlim(dates[0] - pd.Timedelta(days=0.7), dates[-1] + pd.Timedelta(days=0.7))
    date_ticks(ax.xaxis, dates)
    if len(dates) > 1:  # only the report dates, not every day between them
        ax.xaxis.set_major_locator(mticker.FixedLocator([matplotlib.dates.date2num(d) for d in dates]))
        ax.xaxis.set_major_formatter(mticker.FixedFormatter([short_day(d, year=False) for d in dates]))
    ax.grid(axis="x", visible=False)
    ax.set_xlabel("As of (report date)")
    ax.set_ylabel(log_label(ylabel))
    ax.set_title(title)
    # a hollow dot stands at the low end of a figure with no number given: a lower bound ("over 60"), or
    # the low end of a closed range ("between 2,000 and 2,500"), which the legend then names too
    closed = (f["_best"].isna() & f["_high"].notna()).any()
    hollow = "no number given: dot at the low end of the range" if closed else "only a lower bound given"
    handles = [
        Line2D([], [], color=line_style(k)[0], ls=line_style(k)[1], lw=2, label=wrap(s, 40))
        for k, s in enumerate(series)
    ]
    handles += [
        Line2D([], [], marker="o", ls="", color="#555555", mec="black", label="number the report gives"),
        Line2D([], [], marker="o", ls="", color="white", mec="#555555", mew=1.5, label=hollow),
        Patch(color="#555555", alpha=0.35, label="range the wording allows (arrow: no upper bound)"),
    ]
    if disputed:
        handles.append(
            Line2D([], [], marker="o", ls="", color="none", ms=11, mec="#b42318", mew=1.6,
                   label="ringed: the sources disagree on this date (the line takes one figure)")
        )  # fmt: skip
    if mixed:
        handles.append(
            Line2D([], [], color="#555555", ls=":", lw=1.2, label="dotted: joins a number to a bound, not like to like")
        )
    legend_below(ax, handles, title=TREND_LEGEND_TITLE)
    caption = ""
    if dropped:
        caption = (
            f"Only the {len(series)} lines with the highest latest values are drawn; {dropped} more are in the data."
        )
    return Chart(fig, data=frame, caption=caption)
