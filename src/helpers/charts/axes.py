"""Pieces every chart shares: numbers from any column, log and date axes, legends under the axes, labels.

Conventions (see helpers.page.plots): log axes are symmetric-log, linear below 10 so 0 can be drawn, and read
0, 10, 100, 1,000; date axes have one tick per date, never repeated; legends sit under the x axis.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterable

import matplotlib.dates
import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis

from helpers.charts._words import cell, is_missing, short_day
from helpers.charts.theme import is_narrow

__all__ = [
    "LOG_NOTE",
    "MAX_MARKS",
    "OPEN_ARROW",
    "WINDOW_PRECISIONS",
    "date_ticks",
    "legend_below",
    "log_label",
    "numbers",
    "open_end",
    "plain_log_axis",
    "series_label",
    "wrap",
]

#: What a symmetric-log axis label says (its 0 tick is not a power of ten).
LOG_NOTE = "(log scale; 0 shown for reference)"
WINDOW_PRECISIONS = ("week", "range", "month")
#: Above this many rows, a chart that draws one mark per row draws an aggregate instead (see each chart).
MAX_MARKS = 60
#: An open range's arrow ends this factor past its low (a short, constant length on the log axis).
OPEN_ARROW = 1.8


def numbers(series: pd.Series) -> pd.Series:
    """Any numeric-looking column (Int64 with NA, object, strings) as float64 with NaN for missing."""
    return pd.to_numeric(pd.Series(series, dtype="object"), errors="coerce").astype("float64")


def open_end(low: float) -> float:
    """Where an open range's arrow ends: a short, constant visual length past its low."""
    return max(low * OPEN_ARROW, low + 4.0)


def plain_log_axis(axis: Axis, vmax: float) -> None:
    """A symmetric-log axis labelled in plain numbers: 0, 10, 100, 1,000, 10,000."""
    top = max(10.0, vmax)
    ticks = [0.0] + [10.0**k for k in range(1, int(math.ceil(math.log10(top))) + 1)]
    axis.set_major_locator(mticker.FixedLocator(ticks))
    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    axis.set_minor_locator(mticker.NullLocator())


def log_label(label: str) -> str:
    """An axis label that says the axis is symmetric-log and why it shows 0 ("People (log scale)" included)."""
    text = re.sub(r"\s*\(log scale[^)]*\)", "", str(label)).strip()
    return f"{text} {LOG_NOTE}" if text else LOG_NOTE[1:-1].capitalize()


def date_ticks(axis: Axis, dates: Iterable, fmt: Callable[[pd.Timestamp], str] | None = None) -> None:
    """One tick per distinct date (midnight), labelled once; thinned to every k-th day on long spans."""
    days = sorted({pd.Timestamp(d).normalize() for d in dates if not is_missing(d)})
    if not days:
        return
    if len(days) > 1 and (days[-1] - days[0]).days <= 31:
        days = list(pd.date_range(days[0], days[-1], freq="D"))
    step = max(1, math.ceil(len(days) / (6 if is_narrow() else 16)))  # a phone's axis holds about six dates
    days = days[::step]
    fmt = fmt or (lambda d: short_day(d, year=False))
    axis.set_major_locator(mticker.FixedLocator([matplotlib.dates.date2num(d) for d in days]))
    axis.set_major_formatter(mticker.FixedFormatter([fmt(d) for d in days]))
    axis.set_minor_locator(mticker.NullLocator())


def legend_below(ax: Axes, handles: list, ncol: int = 2, title: str | None = None) -> None:
    """A legend under the x axis's tick labels and title (measured, so it never covers them)."""
    if handles:
        if is_narrow():
            ncol = 1
        renderer = ax.figure.canvas.get_renderer()
        bottom = ax.xaxis.get_tightbbox(renderer)
        y = ax.transAxes.inverted().transform((0, bottom.y0))[1] - 0.02 if bottom is not None else -0.14
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, y),
            ncol=ncol,
            fontsize=8.5,
            frameon=False,
            title=title,
            title_fontsize=8.5,
            alignment="left",
        )


def series_label(place: object, metric: object, subject: object) -> str:
    """ "Killed in Almaty", with the subject when it is not people: "Detained in Almaty (foreigners)"."""
    subj = "" if is_missing(subject) or subject == "people" else f" ({subject})"
    return f"{cell(metric, 'metric').capitalize()} in {cell(place)}{subj}"


def wrap(text: object, width: int = 38) -> str:
    """Wrap a label onto several lines (never cut it); about 60% as wide in a phone rendering."""
    if is_narrow():
        width = max(14, round(width * 0.6))
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=True)) or ""
