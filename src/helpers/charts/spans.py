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

__all__ = ["PLANNED_MEANING", "PLANNED_WINDOW_MEANING", "SEEN_MEANING", "span_kind", "window_chart"]

#: Legend words for the parts of a span a report plans rather than saw (codebook, "Planned and actual dates").
PLANNED_MEANING = "planned: what a report said would happen (dashed outline), not yet seen"
PLANNED_WINDOW_MEANING = "a planned end window: the end is to fall within these days (dashed, hatched)"
SEEN_MEANING = "in place: from the arrival to the last day a report says the forces were there"


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
    for col in ("end_from", "seen", "arrived_by", "reported"):
        f[col] = pd.to_datetime(f[col], errors="coerce") if col in f else pd.NaT
    f["end_kind"] = f["end_kind"].astype("string").fillna("") if "end_kind" in f else ""
    f["start_kind"] = f["start_kind"].astype("string").fillna("") if "start_kind" in f else ""

    def text(c: str) -> pd.Series:
        return f[c].astype("string").fillna("")

    f["_key"] = list(
        zip(
            f["start"],
            text("end"),
            f["_window"],
            f["end_kind"],
            f["start_kind"],
            text("end_from"),
            text("seen"),
            strict=True,
        )
    )
    bars = []
    for _key, g in f.groupby("_key", sort=False):
        names = list(dict.fromkeys(str(x) for x in g[label_col]))
        first = g.iloc[0]
        bars.append(
            {
                "label": _shared_label(names),
                "start": first["start"],
                "end": first["end"],
                "window": first["_window"],
                "segments": _segments(first, bool(no_start[g.index].any())),
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
        if b["segments"]:
            _draw_segments(ax, y, b["segments"], colour)
            continue
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
    styles = {seg[2] for b in bars for seg in b["segments"]}
    if "seen" in styles:
        handles.append(Patch(color=colour, alpha=0.8, label=SEEN_MEANING))
    if "planned" in styles:
        handles.append(Patch(facecolor="none", edgecolor=colour, ls="--", lw=1.2, label=PLANNED_MEANING))
    if "planned_window" in styles:
        handles.append(
            Patch(facecolor="none", edgecolor=colour, ls="--", lw=1.2, hatch=HATCH, label=PLANNED_WINDOW_MEANING)
        )
    if "end_window" in styles:
        handles.append(Patch(facecolor=colour, alpha=0.4, edgecolor=colour, hatch=HATCH, label=SPAN_HATCH_MEANING_END))
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


def _segments(r: pd.Series, no_start: bool) -> list[tuple[pd.Timestamp, pd.Timestamp, str]]:
    """The parts of a span drawn differently, or [] for one plain bar (the span as before).

    A span is split only when a row says more than its start and end: forces seen in place after their
    arrival window (`seen`, `arrived_by`), or an end that is planned (`end_kind`) or a window (`end_from`).
    Parts: the arrival ("window" when hatched, else "solid"), the days seen in place ("seen"), the days
    from the last report to a planned end ("planned"), and an end window ("planned_window", or
    "end_window" when the end is not planned)."""
    start, end = r["start"], r["end"]
    kind = "" if is_missing(r.get("end_kind")) else str(r.get("end_kind"))
    end_from, seen = r.get("end_from", pd.NaT), r.get("seen", pd.NaT)
    arrived, reported = r.get("arrived_by", pd.NaT), r.get("reported", pd.NaT)
    window_end = not is_missing(end_from) and not is_missing(end) and end_from > start and end_from < end
    start_kind = r.get("start_kind")
    planned_start = not is_missing(start_kind) and str(start_kind) == "planned"
    if is_missing(end) or (
        kind != "planned" and not window_end and not planned_start and (is_missing(seen) or is_missing(arrived))
    ):
        return []
    if planned_start and (is_missing(reported) or start > reported):
        return [(start, end, "planned")]  # not begun as of the last report: all of it is planned
    lead = "window" if r["_window"] else "solid"
    cuts: list[tuple[pd.Timestamp, pd.Timestamp, str]] = []
    # what was seen: the arrival (or the start), then in place up to the last day seen or reported
    seen_to = max([d for d in (seen, reported if kind == "planned" else pd.NaT) if not is_missing(d)], default=start)
    seen_to = min(max(seen_to, start), end)
    first_end = arrived if not is_missing(arrived) and not no_start else start
    first_end = min(max(first_end, start), seen_to)
    cuts.append((start, first_end, lead))
    if seen_to > first_end:
        cuts.append((first_end + pd.Timedelta(days=1), seen_to, "seen" if lead == "window" or not no_start else lead))
    rest_from = seen_to + pd.Timedelta(days=1)
    window_from = end_from if window_end else None
    if window_from is not None and window_from > rest_from:
        cuts.append((rest_from, window_from - pd.Timedelta(days=1), "planned" if kind == "planned" else "solid"))
        rest_from = window_from
    if rest_from <= end:
        if window_from is not None:
            cuts.append((rest_from, end, "planned_window" if kind == "planned" else "end_window"))
        else:
            cuts.append((rest_from, end, "planned" if kind == "planned" else "solid"))
    return cuts


def _draw_segments(ax, y: float, segments: list[tuple[pd.Timestamp, pd.Timestamp, str]], colour: str) -> None:
    """Draw a span's parts (see `_segments`): filled for what a report saw, an outline for what it plans."""
    for a, b, style in segments:
        width = (b - a).days + 1
        left = a - pd.Timedelta(hours=12)
        if style in ("planned", "planned_window"):
            ax.barh(
                y,
                width,
                left=left,
                height=0.5,
                facecolor="none",
                edgecolor=colour,
                linestyle="--",
                linewidth=1.2,
                hatch=HATCH if style == "planned_window" else None,
            )
            continue
        hatched = style in ("window", "end_window")
        ax.barh(
            y,
            width,
            left=left,
            height=0.5,
            color=colour,
            alpha=0.4 if hatched else 0.8,
            hatch=HATCH if hatched else None,
            edgecolor=colour,
        )
