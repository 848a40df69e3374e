"""Spans: one bar per distinct span (deployment windows, measures in force), hatched where days are not given.

Example::

    chart = window_chart(deps, "country", "CSTO deployment by contributor", "Contributing country")
"""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.charts._words import is_missing
from helpers.charts.axes import MAX_MARKS, WINDOW_PRECISIONS, date_ticks, legend_below, wrap
from helpers.charts.chart import Chart, sentence_chart
from helpers.charts.colours import HATCH, KIND_COLOURS, SPAN_HATCH_MEANING, SPAN_HATCH_MEANING_END
from helpers.charts.theme import new_figure, themed

__all__ = ["span_kind", "window_chart"]


def _shared_label(names: list[str]) -> str:
    """One label for rows drawn as one bar: "Armenia, Belarus (arrival window)" rather than the note per name."""
    parts = [re.fullmatch(r"(.*?)\s+(\([^()]*\))", n) for n in names]
    if len(names) > 1 and all(parts) and len({m.group(2) for m in parts}) == 1:
        return ", ".join(m.group(1) for m in parts) + " " + parts[0].group(2)
    return ", ".join(names)


def span_kind(frame: pd.DataFrame) -> str:
    """What a span chart's rows are, from its columns: "measure" (a `measure` or `measure_id` column), else
    "deployment" (a `deployment_id` or `country` column), else "event"."""
    if {"measure", "measure_id"} & set(frame.columns):
        return "measure"
    if {"deployment_id", "country"} & set(frame.columns):
        return "deployment"
    return "event"


def _flag(frame: pd.DataFrame, col: str) -> pd.Series:
    """A true/false column as booleans (missing column or cell: false)."""
    if col not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[col].map(lambda v: False if is_missing(v) else str(v).lower() in ("true", "1", "yes"))


@themed
def window_chart(
    frame: pd.DataFrame,
    label_col: str,
    title: str,
    ylabel: str,
    xlabel: str = "Date (2022)",
    kind: str | None = None,
) -> Chart:
    """One bar per distinct span; rows sharing a span are one bar labelled with all of them.

    Bars take the timeline's colour for their kind (`kind`: "measure", else an event or deployment; by
    default read from the frame's columns, see `span_kind`), so a colour means the same on every page.
    Hatched bars are spans whose exact days the report does not give: a window, a start not given
    (`no_start`), or an end not given that the view filled in (`open_end` with an end). A span with no end
    runs to the last date drawn and ends in an arrow. A span is two values, so even one bar is drawn. Above
    MAX_MARKS bars, only the first MAX_MARKS (earliest) are drawn and the caption says so.

    Example::

        plots.show(plots.window_chart(deps, "country", "Deployment window", "Contributor"), "Windows.")
    """
    kind = kind or span_kind(frame)
    f = frame.reset_index(drop=True).copy()
    f["start"] = pd.to_datetime(f["start"], errors="coerce")
    f["end"] = pd.to_datetime(f.get("end", pd.Series(pd.NaT, index=f.index)), errors="coerce")
    undated = int(f["start"].isna().sum())
    f = f[f["start"].notna()]
    if f.empty:
        return sentence_chart("No row has a start date to draw.", frame)
    prec = f["date_precision"] if "date_precision" in f else f.get("start_precision", pd.Series("", index=f.index))
    if "precision" in f and "date_precision" not in f and "start_precision" not in f:
        prec = f["precision"]
    no_start = _flag(f, "no_start")
    end_filled = _flag(f, "open_end") & f["end"].notna()
    f["_window"] = prec.isin(WINDOW_PRECISIONS) | no_start | end_filled
    hatched_ends = bool(end_filled.any())
    f["_key"] = list(zip(f["start"], f["end"].fillna(pd.Timestamp.max), f["_window"], strict=True))
    bars = []
    for _key, g in f.groupby("_key", sort=False):
        names = list(dict.fromkeys(str(x) for x in g[label_col]))
        bars.append(
            {
                "label": _shared_label(names),
                "start": g["start"].iloc[0],
                "end": g["end"].iloc[0],
                "window": g["_window"].iloc[0],
            }
        )
    bars.sort(key=lambda b: (b["start"], b["label"]))
    dropped = max(0, len(bars) - MAX_MARKS)
    bars = bars[:MAX_MARKS]
    last = max([b["end"] for b in bars if not is_missing(b["end"])] + [b["start"] for b in bars])
    fig = new_figure((9, 0.6 * len(bars) + 2.2))
    ax = fig.add_subplot()
    colour = KIND_COLOURS["measure"] if kind == "measure" else KIND_COLOURS["event"]
    what = {"measure": "measure", "deployment": "deployment"}.get(kind, "event")
    colour_says = "measure, as on the timeline" if kind == "measure" else "event or deployment, as on the timeline"
    for y, b in enumerate(bars):
        open_end = is_missing(b["end"])
        end = last + pd.Timedelta(days=1) if open_end else b["end"]
        width = (end - b["start"]).days + 1
        ax.barh(
            y,
            width,
            left=b["start"] - pd.Timedelta(hours=12),
            height=0.5,
            color=colour,
            alpha=0.4 if b["window"] else 0.8,
            hatch=HATCH if b["window"] else None,
            edgecolor=colour,
        )
        if open_end:
            tip = end + pd.Timedelta(hours=12)
            ax.annotate(
                "",
                xy=(tip + pd.Timedelta(days=0.8), y),
                xytext=(tip, y),
                arrowprops={"arrowstyle": "-|>", "color": colour},
            )
    ax.set_yticks(range(len(bars)), [wrap(b["label"], 34) for b in bars], fontsize=8.5)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    first = min(b["start"] for b in bars)
    ax.set_xlim(first - pd.Timedelta(days=1), last + pd.Timedelta(days=2))
    date_ticks(ax.xaxis, [first, last])
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    handles = []
    if not all(b["window"] for b in bars):
        handles.append(Patch(color=colour, alpha=0.8, label=f"{what} with its days given (colour: {colour_says})"))
    if any(b["window"] for b in bars):
        meaning = SPAN_HATCH_MEANING_END if hatched_ends else SPAN_HATCH_MEANING
        handles.append(Patch(facecolor=colour, alpha=0.4, edgecolor=colour, hatch=HATCH, label=meaning))
    if any(is_missing(b["end"]) for b in bars):
        handles.append(Line2D([], [], marker=">", ls="-", color=colour, label="no end given (arrow)"))
    legend_below(ax, handles, ncol=1)
    notes = []
    if undated:
        notes.append(
            f"{undated} row{'s' if undated != 1 else ''} without a start date "
            f"{'are' if undated != 1 else 'is'} not drawn."
        )
    if dropped:
        notes.append(f"Only the first {MAX_MARKS} spans are drawn; {dropped} more are in the data.")
    return Chart(fig, data=frame, caption=" ".join(notes))
