"""Counts per category as horizontal bars, optionally stacked (statements by kind, rows per table).

Example::

    chart = count_bar(who, "total", "speaker", "Statements per speaker", "Statements (count)", "Speaker")
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.patches import Patch

from helpers.charts._words import header, plain_number
from helpers.charts.axes import MAX_MARKS, legend_below, numbers, wrap
from helpers.charts.chart import Chart, sentence_chart
from helpers.charts.colours import STATEMENT_COLOURS
from helpers.charts.theme import PALETTE, new_figure, themed

__all__ = ["count_bar"]


@themed
def count_bar(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    xlabel: str,
    ylabel: str,
    stack: Iterable[str] | None = None,
) -> Chart:
    """Horizontal bars of counts, labelled with their values; `stack` columns split each bar (with a legend).

    A single bar becomes a sentence. Above MAX_MARKS bars, the largest MAX_MARKS - 1 are drawn and the
    rest are summed into one "all others" bar.

    Example::

        plots.show(plots.count_bar(who, "total", "speaker", "Statements", "Statements (count)", "Speaker"), "c")
    """
    f = frame.reset_index(drop=True).copy()
    stack = [c for c in (stack or []) if c in f.columns]
    f[x] = numbers(f[x]).fillna(0.0)
    for c in stack:
        f[c] = numbers(f[c]).fillna(0.0)
    if len(f) == 1:
        value = plain_number(f[x].iloc[0])
        return sentence_chart(f"{f[y].iloc[0]}: {value} ({xlabel.split(' (')[0].lower()}).", frame)
    if f.empty:
        return sentence_chart("Nothing to count.", frame)
    f = f.sort_values(x, ascending=False, kind="stable").reset_index(drop=True)
    caption = ""
    if len(f) > MAX_MARKS:
        rest = f.iloc[MAX_MARKS - 1 :]
        other = {y: f"all others ({len(rest):,})", x: rest[x].sum(), **{c: rest[c].sum() for c in stack}}
        f = pd.concat([f.iloc[: MAX_MARKS - 1], pd.DataFrame([other])], ignore_index=True)
        caption = f"The {len(rest):,} smallest of {len(frame):,} bars are summed into one."
    fig = new_figure((8.5, 0.45 * len(f) + 1.8))
    ax = fig.add_subplot()
    ypos = range(len(f))
    if stack:
        left = pd.Series(0.0, index=f.index)
        palette = [STATEMENT_COLOURS.get(c, PALETTE[k % 10]) for k, c in enumerate(stack)]
        for c, colour in zip(stack, palette, strict=True):
            ax.barh(ypos, f[c], left=left, color=colour, edgecolor="#3a3a3a", lw=0.5, label=header(c))
            left += f[c]
        legend_below(
            ax,
            [Patch(facecolor=col, edgecolor="#3a3a3a", label=header(c)) for c, col in zip(stack, palette, strict=True)],
            ncol=3,
        )
    else:
        ax.barh(ypos, f[x], color=PALETTE[0])
    vmax = float(f[x].max()) or 1.0
    for yy, v in zip(ypos, f[x], strict=True):
        ax.text(v + vmax * 0.01, yy, plain_number(v), va="center", fontsize=8.5)
    ax.set_yticks(list(ypos), [wrap(v, 30) for v in f[y]])
    ax.set_ylim(len(f) - 0.5, -0.5)
    ax.set_xlim(0, vmax * 1.12)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return Chart(fig, data=frame, caption=caption)
