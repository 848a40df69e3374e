"""The page API every notebook uses: one theme, cited sentences, reader-grade tables, charts, a map, Sources.

Notebooks call only these (see the shared contract in the README's developer guide):
``theme``, ``cite``, ``note``, ``table``, ``show``, ``intervals``, ``trend_chart``, ``timeline_chart``,
``places_chart``, ``window_chart``, ``count_bar`` and, in the last code cell, ``sources_section``.

Conventions that hold on every page:

- colour always has a legend and means one thing per chart: who reported a figure (intervals), which line
  (trends), or the kind of item (timeline and span charts: measures brown, events and deployments dark grey);
- hatching always means the report does not give the exact days (a window, or a start or end not given);
  a filled dot is the number a report gives; an arrow is a range with no upper bound, drawn a short way
  past its low;
- log axes read 0, 10, 100, 1,000, 10,000 and say "(log scale; 0 shown for reference)" (they are
  symmetric-log: linear below 10, so 0 can be drawn); date axes have one tick per date, never repeated;
- text from the data is drawn literally (matplotlib's math parsing is off);
- a chart that would show a single value is replaced by a sentence;
- a chart that draws one mark per row aggregates above ``MAX_MARKS`` rows, and says so in its caption.
"""

from __future__ import annotations

import base64
import io
import math
import re
import zlib
from collections.abc import Iterable, Mapping

import matplotlib
import matplotlib.colors
import matplotlib.dates

matplotlib.use("Agg")  # figures are embedded as PNG with alt text by show(), never by the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from helpers.page import core as page  # noqa: E402
from helpers.page.core import cell, date_words, esc, short_date, wrap  # noqa: E402,F401

#: Colour-blind-safe palette; known attributions get fixed colours so they match across notebooks.
PALETTE = sns.color_palette("colorblind", 10).as_hex()
FIXED = {
    "Interior Ministry of Kazakhstan": PALETTE[0],
    "not attributed": "#7f7f7f",
    "media reports": PALETTE[1],
    "TASS": PALETTE[2],
    "Kassym-Jomart Tokayev": PALETTE[3],
    "Baikonur local administration": PALETTE[4],
    "Russian Ministry of Defense": PALETTE[8],
}
#: The grey of "not attributed": no other attribution colour may look like it.
NOT_ATTRIBUTED = FIXED["not attributed"]
#: A colour is a grey or near-grey when its HSV saturation is below this (it would read as "not attributed").
MIN_SATURATION = 0.3
#: Extra colour-blind-safe hues (Paul Tol's "muted" scheme) so hashed names have enough distinct colours.
_TOL_MUTED = ["#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255", "#aa4499"]


def is_greyish(colour: str) -> bool:
    """True for greys and near-greys (low saturation), which only "not attributed" may use."""
    return matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(colour))[1] < MIN_SATURATION


#: Colours for names without a fixed colour: the palettes minus greys and minus the fixed colours, so a
#: hashed name never looks like "not attributed" nor like a known attribution.
HASH_PALETTE = [
    c
    for c in dict.fromkeys(PALETTE + _TOL_MUTED)
    if not is_greyish(c) and c.lower() not in {f.lower() for f in FIXED.values()}
]
#: Timeline kinds: dark tones, so they are never mistaken for an attribution colour; COLOUR_NAMES says them in words.
KIND_COLOURS = {"event": "#3a3a3a", "measure": "#8c6d1f"}
#: The words a title may use for the colours drawn (a title never names a colour that is not drawn).
COLOUR_NAMES = {"#3a3a3a": "dark grey", "#8c6d1f": "brown"}
_COLOUR_WORDS = (
    "blue|orange|green|red|purple|violet|brown|pink|grey|gray|yellow|olive|cyan|black|teal|dark grey|light grey"
)
#: Statement kinds in speaker charts.
STATEMENT_COLOURS = {"direct": "#3a3a3a", "indirect": "#9a9a9a", "implied": "#d9d9d9"}
HATCH = "//"
HATCH_MEANING = "a window: the report does not give the exact days"
#: The span charts' hatch legend: a bar is hatched for a window and for a start (or end) the report does not give.
SPAN_HATCH_MEANING = "a window or a start not given: the report does not give the exact days"
SPAN_HATCH_MEANING_END = "a window, or a start or end not given: the report does not give the exact days"
#: Trend lines: each line its own colour (none of them an attribution's fixed colour or a timeline kind's) and,
#: cycling more slowly, its own dash, so lines stay apart beyond ten and in greyscale.
LINE_COLOURS = ["#332288", "#cc6677", "#117733", "#88ccee", "#aa4499", "#999933", "#882255", "#44aa99", "#56b4e9"]
LINE_STYLES = ["-", "--", "-.", ":"]
TREND_LEGEND_TITLE = "Colour and dash: one per line (what is counted, where)"
#: What a symmetric-log axis label says (its 0 tick is not a power of ten).
LOG_NOTE = "(log scale; 0 shown for reference)"
WINDOW_PRECISIONS = ("week", "range", "month")
#: Above this many rows, a chart that draws one mark per row draws an aggregate instead (see each helper).
MAX_MARKS = 60
#: Above this many places, the map labels only the highlighted ones.
MAX_PLACE_LABELS = 40
#: An open range's arrow ends this factor past its low (a short, constant length on the log axis).
OPEN_ARROW = 1.8

_counter = {"figure": 0}


def _literal_text() -> None:
    """Draw text from the data literally: '$' is a dollar sign, never the start of matplotlib math."""
    plt.rcParams["text.parse_math"] = False
    plt.rcParams["text.usetex"] = False


_literal_text()


def theme() -> None:
    """Apply the project's theme and start a new page (resets the figure counter and the citation registry)."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "figure.autolayout": False,
            "legend.frameon": False,
        }
    )
    _literal_text()
    _counter["figure"] = 0
    page.REGISTRY.reset()


def colour_for(name: str) -> str:
    """A stable colour for an attribution or speaker: fixed where known, else a hash into the palette."""
    if name in FIXED:
        return FIXED[name]
    return HASH_PALETTE[zlib.crc32(str(name).encode()) % len(HASH_PALETTE)]


def colour_words_in_title(title: str, colours: Mapping[str, str]) -> str:
    """A title whose colour words match what is drawn.

    "Events (blue) and measures (orange)" with events drawn dark grey becomes "Events (dark grey) and
    measures (brown)": a parenthesised colour after a kind's name is replaced by the colour actually used for
    that kind; a parenthesised colour word after anything else is dropped (the legend says it).
    """

    def kind_of(word: str) -> str | None:
        w = word.lower()
        for kind in colours:
            if w in (kind, kind + "s", kind + "es"):
                return kind
        return None

    def fix(m: re.Match) -> str:
        kind = kind_of(m.group(1))
        if kind is None:
            return m.group(1)
        colour = colours[kind]
        return f"{m.group(1)} ({COLOUR_NAMES.get(colour.lower(), colour)})"

    return re.sub(rf"(\w+)\s*\((?:{_COLOUR_WORDS})\)", fix, title, flags=re.I)


# ------------------------------------------------------------------ sentences, tables, figures, sources
def note(text: str, cite: pd.DataFrame | None = None, id_col: str | None = None) -> None:
    """Display one escaped sentence computed from the data, followed by footnote links to the rows it cites."""
    links = page.cite(cite, id_col) if cite is not None else ""
    page.show_html(f'<p class="note">{esc(text)}{links}</p>')


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    empty: str = "No rows.",
    cite: pd.DataFrame | None = None,
    id_col: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
) -> None:
    """A reader-grade table (human headers, words not codes, '—' for missing, ids muted at the end).

    With `cite` (same length and order as `frame`), each row gets its footnote link in a final Source column.
    Under the table, a link downloads its rows as CSV.
    """
    if frame is None or len(frame) == 0:
        note(empty)
        return
    page.show_html(page.table_html(frame, caption, cite, id_col, labels, percent))


def cite(rows: pd.DataFrame | None, id_col: str | None = None) -> str:
    """Register rows (an id column, source_id, evidence) and return HTML footnote links to their Sources entries."""
    return page.cite(rows, id_col)


def _png(fig: plt.Figure) -> tuple[bytes, int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    data = buf.getvalue()
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    return data, width, height


def show(
    fig: plt.Figure,
    caption: str,
    sources: pd.DataFrame | None = None,
    id_col: str | None = None,
    data: pd.DataFrame | None = None,
) -> None:
    """Display a figure as a PNG with alt text, its caption, footnote links to `sources` and a data download.

    A chart helper that found a single value hands back a sentence instead; it is shown as a note.
    """
    sentence = getattr(fig, "kz_sentence", None)
    if sentence:
        plt.close(fig)
        note(sentence, sources, id_col)
        return
    _counter["figure"] += 1
    title = fig.axes[0].get_title() if fig.axes else ""
    extra_caption = getattr(fig, "kz_caption", "")
    png, width, height = _png(fig)
    plt.close(fig)
    alt = " ".join(x for x in (f"{title}." if title else "", caption, getattr(fig, "kz_alt", "")) if x)
    links = page.cite(sources, id_col) if sources is not None else ""
    rows = data if data is not None else getattr(fig, "kz_data", None)
    if rows is None:
        rows = sources
    download = ""
    if rows is not None and len(rows):
        download = "<br>" + page.download_link(rows, title or caption, "figure", tag="span")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    page.show_html(
        f'<figure class="chart"><img src="{src}" alt="{esc(alt)}" width="{width}" height="{height}">'
        f"<figcaption><strong>Figure {_counter['figure']}.</strong> {esc(caption)}"
        f"{' ' + esc(extra_caption) if extra_caption else ''}{links}{download}</figcaption></figure>"
    )


def sources_section(t) -> None:  # noqa: ANN001 - helpers.data.tables.Tables
    """The page's Sources section: one entry per cited row. Prints nothing when nothing was cited."""
    fragment = page.sources_html(getattr(t, "sources", None))
    if fragment:
        page.show_html(fragment)


# ------------------------------------------------------------------ shared chart pieces
def _num(series: pd.Series) -> pd.Series:
    """Any numeric-looking column (Int64 with NA, object, strings) as float64 with NaN for missing."""
    return pd.to_numeric(pd.Series(series, dtype="object"), errors="coerce").astype("float64")


def _open_end(low: float) -> float:
    """Where an open range's arrow ends: a short, constant visual length past its low."""
    return max(low * OPEN_ARROW, low + 4.0)


def _plain_log_axis(axis: matplotlib.axis.Axis, vmax: float) -> None:
    """A symmetric-log axis labelled in plain numbers: 0, 10, 100, 1,000, 10,000."""
    top = max(10.0, vmax)
    ticks = [0.0] + [10.0**k for k in range(1, int(math.ceil(math.log10(top))) + 1)]
    axis.set_major_locator(mticker.FixedLocator(ticks))
    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    axis.set_minor_locator(mticker.NullLocator())


def _log_label(label: str) -> str:
    """An axis label that says the axis is symmetric-log and why it shows 0 ("People (log scale)" included)."""
    text = re.sub(r"\s*\(log scale[^)]*\)", "", str(label)).strip()
    return f"{text} {LOG_NOTE}" if text else LOG_NOTE[1:-1].capitalize()


def line_style(k: int) -> tuple[str, str]:
    """The colour and dash of the k-th line of a trend chart: no two of the first 36 lines look alike."""
    return LINE_COLOURS[k % len(LINE_COLOURS)], LINE_STYLES[(k // len(LINE_COLOURS)) % len(LINE_STYLES)]


def _date_ticks(axis: matplotlib.axis.Axis, dates: Iterable, fmt=None) -> None:  # noqa: ANN001
    """One tick per distinct date (midnight), labelled once; thinned to every k-th day on long spans."""
    days = sorted({pd.Timestamp(d).normalize() for d in dates if not page.is_missing(d)})
    if not days:
        return
    if len(days) > 1 and (days[-1] - days[0]).days <= 31:
        days = list(pd.date_range(days[0], days[-1], freq="D"))
    step = max(1, math.ceil(len(days) / 16))
    days = days[::step]
    fmt = fmt or (lambda d: f"{d.day} {d:%b}")
    axis.set_major_locator(mticker.FixedLocator([matplotlib.dates.date2num(d) for d in days]))
    axis.set_major_formatter(mticker.FixedFormatter([fmt(d) for d in days]))
    axis.set_minor_locator(mticker.NullLocator())


def _legend_below(ax: plt.Axes, handles: list, ncol: int = 2, title: str | None = None) -> None:
    """A legend under the x axis's tick labels and title (measured, so it never covers them)."""
    if handles:
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


def _sentence_figure(sentence: str, data: pd.DataFrame | None = None) -> plt.Figure:
    """A placeholder figure that show() replaces by a sentence (a chart with one value says little)."""
    fig = plt.figure(figsize=(1, 1))
    fig.kz_sentence = sentence
    fig.kz_data = data
    return fig


def _label(place: object, metric: object, subject: object) -> str:
    subj = "" if page.is_missing(subject) or subject == "people" else f" ({subject})"
    return f"{cell(metric, 'metric').capitalize()} in {cell(place)}{subj}"


# ------------------------------------------------------------------ counts as intervals
def interval_labels(frame: pd.DataFrame) -> list[str]:
    """One row label per figure, never two alike when the rows can be told apart.

    A `label` column (written by the views) is used as it is. Otherwise the label is the count, place and
    subject; rows that share it get their as-of date ("· 7 Jan"), and rows that still share it the part
    of the report they come from ("· headline"). Rows identical in all of these keep the same label.
    """
    if "label" in frame.columns and not frame["label"].map(page.is_missing).all():
        base = [_label(p, m, s) for p, m, s in zip(frame["place"], frame["metric"], frame["subject"], strict=True)]
        return [b if page.is_missing(x) or str(x) == "" else str(x) for x, b in zip(frame["label"], base, strict=True)]
    labels = [_label(p, m, s) for p, m, s in zip(frame["place"], frame["metric"], frame["subject"], strict=True)]
    days = pd.to_datetime(frame["as_of"], errors="coerce") if "as_of" in frame.columns else None
    contexts = frame["context"] if "context" in frame.columns else None
    for values, words in (
        (days, lambda v: f"{v.day} {v:%b}"),
        (contexts, lambda v: cell(v, "context")),
    ):
        if values is None:
            continue
        counts = pd.Series(labels).value_counts()
        labels = [
            f"{lab} · {words(v)}" if counts[lab] > 1 and not page.is_missing(v) and str(v) != "" else lab
            for lab, v in zip(labels, values, strict=True)
        ]
    return labels


def _aggregate_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Above MAX_MARKS figures: one envelope per metric, place and subject (lowest low to highest high)."""
    rows = []
    for (metric, place, subject), g in frame.groupby(["metric", "place", "subject"], dropna=False, sort=True):
        lows, highs = _num(g["low"]), _num(g["high"])
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


def interval_chart(frame: pd.DataFrame, title: str, xlabel: str) -> plt.Figure:
    """Ranges from low to high, one row per figure, coloured by who reported it (with a legend).

    An open upper bound ends in an arrow a short way past the low; a dot marks the number given. A single
    figure becomes a sentence. Above MAX_MARKS figures, each metric, place and subject is drawn as one
    envelope from its lowest low to its highest high.
    """
    frame = frame.reset_index(drop=True)
    if "attribution" not in frame.columns:
        frame = frame.assign(attribution=frame.get("attributed_to", pd.Series(index=frame.index, dtype="object")))
    frame = frame.assign(attribution=frame["attribution"].map(lambda a: "not attributed" if page.is_missing(a) else a))
    if len(frame) == 1:
        r = frame.iloc[0]
        who = "no source named" if r["attribution"] == "not attributed" else f"according to {r['attribution']}"
        when = f", as of {date_words(r['as_of'])}" if "as_of" in frame and not page.is_missing(r["as_of"]) else ""
        return _sentence_figure(f"{interval_labels(frame)[0]}: {r['display']}, {who}{when}.", frame)
    aggregated = len(frame) > MAX_MARKS
    data = frame
    if aggregated:
        frame = _aggregate_intervals(frame)
    low, best, high = _num(frame["low"]), _num(frame["best"]), _num(frame["high"])
    ends = [
        h if not math.isnan(h) else _open_end(lo if not math.isnan(lo) else 0.0)
        for lo, h in zip(low, high, strict=True)
    ]
    vmax = max([e for e in ends if not math.isnan(e)] + [b for b in best if not math.isnan(b)] + [10.0])
    fig, ax = plt.subplots(figsize=(9, 0.62 * len(frame) + 2.2))
    for y, r in frame.iterrows():
        c = colour_for(r["attribution"])
        lo = 0.0 if math.isnan(low[y]) else low[y]
        end = ends[y]
        if math.isnan(high[y]):
            ax.plot([lo, end], [y, y], color=c, lw=6, alpha=0.45, solid_capstyle="butt")
            ax.annotate("", xy=(end, y), xytext=(lo, y), arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.5})
        else:
            ax.plot([lo, end], [y, y], color=c, lw=6, alpha=0.55, solid_capstyle="butt")
        if not math.isnan(best[y]):
            ax.plot(best[y], y, "o", color=c, ms=7, mec="black", mew=0.6)
        ax.text(end * 1.12 + 0.5, y, str(r["display"]), fontsize=8.5, va="center")
    labels = [wrap(x, 34) for x in interval_labels(frame)]
    ax.set_yticks(range(len(frame)), labels, fontsize=8.5)
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.set_xscale("symlog", linthresh=10, linscale=0.6)
    ax.set_xlim(0, vmax * 12)
    _plain_log_axis(ax.xaxis, vmax * 12)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_log_label(xlabel))
    ax.set_title(title)
    handles = [
        Patch(color=colour_for(a), alpha=0.6, label=f"Reported by: {a}") for a in dict.fromkeys(frame["attribution"])
    ]
    handles += [
        Line2D([], [], marker="o", ls="", color="#555555", mec="black", label="number the report gives"),
        Line2D([], [], marker=">", ls="-", color="#555555", label="no upper bound (arrow)"),
    ]
    _legend_below(ax, handles)
    fig.kz_data = data
    if aggregated:
        fig.kz_caption = (
            f"With {len(data):,} figures (more than {MAX_MARKS}), each count, place and subject is drawn once, "
            "from its lowest low to its highest high."
        )
    return fig


def intervals(frame: pd.DataFrame, title: str, xlabel: str, caption: str, empty: str = "No figures.") -> None:
    """Show figures as ranges with caption and cited sources, a sentence for one figure, a note for none."""
    if frame is None or frame.empty:
        note(empty)
        return
    show(interval_chart(frame, title, xlabel), caption, frame, "figure_id")


# ------------------------------------------------------------------ trends over report dates
def trend_chart(frame: pd.DataFrame, title: str, ylabel: str) -> plt.Figure:
    """One line per metric, place and subject across as-of dates, with each figure's range drawn.

    The line joins the number given (else the low); a hollow marker means only a bound is known; an open
    range ends in an arrow a short way past its low. Parts of a total (`part_of`) are their own line and
    never join the total's. One tick per report date; the y axis reads 0, 10, 100, 1,000.
    Above MAX_MARKS series, the series with the highest latest values are drawn and the caption says so.
    """
    f = frame.reset_index(drop=True).copy()
    f["as_of"] = pd.to_datetime(f["as_of"], errors="coerce")
    f = f[f["as_of"].notna()]
    f["_low"], f["_best"], f["_high"] = _num(f["low"]), _num(f["best"]), _num(f["high"])
    f["_low"] = f["_low"].fillna(0.0)
    part = f["part_of"] if "part_of" in f.columns else pd.Series("", index=f.index)
    f["_part"] = part.map(lambda v: not page.is_missing(v) and str(v) != "")
    subj = f["subject"] if "subject" in f.columns else pd.Series("people", index=f.index)
    f["_series"] = [
        _label(p, m, s) + (" (part of a total)" if is_part else "")
        for p, m, s, is_part in zip(f["place"], f["metric"], subj, f["_part"], strict=True)
    ]
    if f.empty:
        return _sentence_figure("No dated figure to draw.", frame)
    if len(f) == 1:
        r = f.iloc[0]
        return _sentence_figure(f"{r['_series']}: {r['display']}, as of {date_words(r['as_of'])}.", frame)
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
    fig, ax = plt.subplots(figsize=(9, 5))
    tops = [10.0]
    for k, name in enumerate(series):
        g = f[f["_series"] == name].sort_values("as_of")
        c, dash = line_style(k)
        offset = (k - (len(series) - 1) / 2) * width / 2  # series side by side within half a day
        x = g["as_of"] + offset
        hi = [h if not math.isnan(h) else _open_end(lo) for lo, h in zip(g["_low"], g["_high"], strict=True)]
        tops += hi + [b for b in g["_best"] if not math.isnan(b)]
        ax.vlines(x, g["_low"], hi, color=c, lw=5, alpha=0.35)
        for xi, lo, h, top in zip(x, g["_low"], g["_high"], hi, strict=True):
            if math.isnan(h):
                ax.annotate("", xy=(xi, top), xytext=(xi, lo), arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.2})
        y = g["_best"].where(g["_best"].notna(), g["_low"])
        line = y.groupby(g["as_of"]).max()  # one point per date: the highest number given (else low)
        ax.plot(line.index + offset, line.values, ls=dash, color=c, lw=1.8, label=name)
        given = g["_best"].notna()
        ax.plot(x[given], y[given], "o", color=c, ms=6, mec="black", mew=0.5)
        ax.plot(x[~given], y[~given], "o", color="white", ms=6, mec=c, mew=1.5)
    ax.set_yscale("symlog", linthresh=10, linscale=0.6)
    ax.set_ylim(0, max(tops) * 2.5)
    _plain_log_axis(ax.yaxis, max(tops) * 2.5)
    ax.set_xlim(dates[0] - pd.Timedelta(days=0.7), dates[-1] + pd.Timedelta(days=0.7))
    _date_ticks(ax.xaxis, dates)
    if len(dates) > 1:  # only the report dates, not every day between them
        ax.xaxis.set_major_locator(mticker.FixedLocator([matplotlib.dates.date2num(d) for d in dates]))
        ax.xaxis.set_major_formatter(
            mticker.FixedFormatter([f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b}" for d in dates])
        )
    ax.grid(axis="x", visible=False)
    ax.set_xlabel("As of (report date)")
    ax.set_ylabel(_log_label(ylabel))
    ax.set_title(title)
    handles = [
        Line2D([], [], color=line_style(k)[0], ls=line_style(k)[1], lw=2, label=wrap(s, 40))
        for k, s in enumerate(series)
    ]
    handles += [
        Line2D([], [], marker="o", ls="", color="#555555", mec="black", label="number the report gives"),
        Line2D([], [], marker="o", ls="", color="white", mec="#555555", mew=1.5, label="only a lower bound given"),
        Patch(color="#555555", alpha=0.35, label="range the wording allows (arrow: no upper bound)"),
    ]
    _legend_below(ax, handles, title=TREND_LEGEND_TITLE)
    fig.kz_data = frame
    if dropped:
        fig.kz_caption = (
            f"Only the {len(series)} lines with the highest latest values are drawn; {dropped} more are in the data."
        )
    return fig


# ------------------------------------------------------------------ timeline
def _item_label(r: pd.Series) -> str:
    """The label with " · place" whenever a place is known, unless the label already ends with that place."""
    label = str(r["label"])
    place = r.get("place")
    if page.is_missing(place) or not str(place).strip():
        return label
    place = str(place).strip()
    if re.search(rf"(?:^|[\s·(]){re.escape(place)}[\s.)]*$", label, re.I):
        return label
    return f"{label} · {place}"


#: Timeline rows: height in row units from the number of wrapped label lines (one unit is TIMELINE_UNIT
#: inches), so labels of any length keep a gap between them.
TIMELINE_UNIT = 0.55
TIMELINE_WRAP = 46


def _row_heights(labels: list[str]) -> list[float]:
    """Each row's height in units: one unit for up to two lines, then 0.3 more per line."""
    return [max(1.0, 0.3 * (lab.count("\n") + 1) + 0.45) for lab in labels]


def timeline_chart(items: pd.DataFrame, day0: pd.Timestamp, title: str) -> plt.Figure:
    """Dated events as dots, measures and multi-day spans as bars; hatched bars are windows (see legend).

    Labels are wrapped, never cut; measures carry their place. Above MAX_MARKS items, the chart counts
    items per day and kind instead of drawing one row each.
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
    fig, ax = plt.subplots(figsize=(10, TIMELINE_UNIT * total + 2.4))
    for (_i, r), y in zip(items.iterrows(), ys, strict=True):
        c = KIND_COLOURS.get(r["kind"], "#3a3a3a")
        end = r["end"] if not page.is_missing(r["end"]) else r["start"]
        width = (end - r["start"]).days + 1
        window = r.get("precision") in WINDOW_PRECISIONS or bool(r.get("uncertain", False))
        if r["kind"] == "measure" or width > 1:
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
            ax.plot(r["start"], y, "o", color=c, ms=8)
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_ylim(total, 0)
    ax.axvline(day0, color="grey", ls=":", lw=1)
    ax.set_ylabel("Event or measure")
    ax.set_xlabel(f"Date (day 1 = {date_words(day0)})")
    dates = list(items["start"]) + list(items["end"].dropna()) if len(items) else [day0]
    lo, hi = min(dates), max(dates)
    ax.set_xlim(lo - pd.Timedelta(days=1), hi + pd.Timedelta(days=1))
    _date_ticks(ax.xaxis, [lo, hi], lambda d: f"{d.day} {d:%b}\nday {(d - day0).days + 1}")
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_title(title)
    kinds = list(dict.fromkeys(items["kind"]))
    handles = [Patch(color=KIND_COLOURS.get(k, "#3a3a3a"), alpha=0.75, label=k) for k in kinds]
    handles += [
        Line2D([], [], marker="o", ls="", color="#3a3a3a", label="event on one day"),
        Patch(facecolor="white", edgecolor="#3a3a3a", hatch=HATCH, label=HATCH_MEANING),
    ]
    _legend_below(ax, handles, ncol=2)
    fig.kz_data = items
    return fig


def _timeline_counts(items: pd.DataFrame, day0: pd.Timestamp, title: str) -> plt.Figure:
    """The aggregate timeline: items starting on each day, by kind (one bar per day, not one row per item)."""
    counts = items.groupby([items["start"].dt.normalize(), "kind"]).size().unstack(fill_value=0).sort_index()
    fig, ax = plt.subplots(figsize=(10, 4.5))
    bottom = pd.Series(0, index=counts.index)
    for kind in counts.columns:
        ax.bar(
            counts.index, counts[kind], bottom=bottom, width=0.8, color=KIND_COLOURS.get(kind, "#3a3a3a"), label=kind
        )
        bottom += counts[kind]
    _date_ticks(ax.xaxis, counts.index, lambda d: f"{d.day} {d:%b}\nday {(d - day0).days + 1}")
    ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_ylabel("Items starting that day")
    ax.set_xlabel(f"Date (day 1 = {date_words(day0)})")
    ax.set_title(title)
    _legend_below(ax, [Patch(color=KIND_COLOURS.get(k, "#3a3a3a"), label=k) for k in counts.columns])
    fig.kz_data = items
    fig.kz_caption = f"With {len(items):,} dated items (more than {MAX_MARKS}), the chart counts them per day."
    return fig


# ------------------------------------------------------------------ the map
def _draw_borders(ax: plt.Axes, filled: set[str]) -> set[str]:
    """Country outlines from the shipped Natural Earth file; `filled` countries are tinted. Returns names drawn."""
    from helpers.charts import borders

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


def _place_labels(fig: plt.Figure, ax: plt.Axes, rows: list[pd.Series]) -> None:
    """Label places without overlaps where possible: try a few offsets around each point, keep the first free one."""
    from matplotlib.transforms import Bbox

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


def places_chart(
    places: pd.DataFrame, highlight: Iterable[str] = (), title: str = "Places named in the reports"
) -> plt.Figure:
    """A map: places over Natural Earth country borders, labelled; highlighted places and countries in colour.

    The alt text lists the places. Above MAX_PLACE_LABELS places, only the highlighted ones are labelled.
    """
    hl = set(highlight)
    p = places.copy()
    p["_lon"], p["_lat"] = _num(p["longitude"]), _num(p["latitude"])
    p = p[p["_lon"].notna() & p["_lat"].notna()].reset_index(drop=True)
    if p.empty:
        return _sentence_figure("No place has coordinates to map.", places)
    p["_on"] = p["place_id"].isin(hl)
    fig, ax = plt.subplots(figsize=(9.5, 6))
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
    _legend_below(ax, handles)
    fig.kz_data = places
    names = ", ".join(str(x) for x in p["name"])
    fig.kz_alt = f"Map of {len(p)} places over country borders (Natural Earth): {names}."
    return fig


# ------------------------------------------------------------------ spans
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
    return frame[col].map(lambda v: False if page.is_missing(v) else str(v).lower() in ("true", "1", "yes"))


def window_chart(
    frame: pd.DataFrame,
    label_col: str,
    title: str,
    ylabel: str,
    xlabel: str = "Date (2022)",
    kind: str | None = None,
) -> plt.Figure:
    """One bar per distinct span; rows sharing a span are one bar labelled with all of them.

    Bars take the timeline's colour for their kind (`kind`: "measure", else an event or deployment; by
    default read from the frame's columns, see `span_kind`), so a colour means the same on every page.
    Hatched bars are spans whose exact days the report does not give: a window, a start not given
    (`no_start`), or an end not given that the view filled in (`open_end` with an end). A span with no end
    runs to the last date drawn and ends in an arrow. A span is two values, so even one bar is drawn. Above
    MAX_MARKS bars, only the first MAX_MARKS (earliest) are drawn and the caption says so.
    """
    kind = kind or span_kind(frame)
    f = frame.reset_index(drop=True).copy()
    f["start"] = pd.to_datetime(f["start"], errors="coerce")
    f["end"] = pd.to_datetime(f.get("end", pd.Series(pd.NaT, index=f.index)), errors="coerce")
    undated = int(f["start"].isna().sum())
    f = f[f["start"].notna()]
    if f.empty:
        return _sentence_figure("No row has a start date to draw.", frame)
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
    last = max([b["end"] for b in bars if not page.is_missing(b["end"])] + [b["start"] for b in bars])
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(bars) + 2.2))
    colour = KIND_COLOURS["measure"] if kind == "measure" else KIND_COLOURS["event"]
    what = {"measure": "measure", "deployment": "deployment"}.get(kind, "event")
    colour_says = "measure, as on the timeline" if kind == "measure" else "event or deployment, as on the timeline"
    for y, b in enumerate(bars):
        open_end = page.is_missing(b["end"])
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
    _date_ticks(ax.xaxis, [first, last])
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
    if any(page.is_missing(b["end"]) for b in bars):
        handles.append(Line2D([], [], marker=">", ls="-", color=colour, label="no end given (arrow)"))
    _legend_below(ax, handles, ncol=1)
    fig.kz_data = frame
    notes = []
    if undated:
        notes.append(
            f"{undated} row{'s' if undated != 1 else ''} without a start date "
            f"{'are' if undated != 1 else 'is'} not drawn."
        )
    if dropped:
        notes.append(f"Only the first {MAX_MARKS} spans are drawn; {dropped} more are in the data.")
    fig.kz_caption = " ".join(notes)
    return fig


# ------------------------------------------------------------------ counts per category
def count_bar(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    xlabel: str,
    ylabel: str,
    stack: Iterable[str] | None = None,
) -> plt.Figure:
    """Horizontal bars of counts, labelled with their values; `stack` columns split each bar (with a legend).

    A single bar becomes a sentence. Above MAX_MARKS bars, the largest MAX_MARKS - 1 are drawn and the
    rest are summed into one "all others" bar.
    """
    f = frame.reset_index(drop=True).copy()
    stack = [c for c in (stack or []) if c in f.columns]
    f[x] = _num(f[x]).fillna(0.0)
    for c in stack:
        f[c] = _num(f[c]).fillna(0.0)
    if len(f) == 1:
        value = page.plain_number(f[x].iloc[0])
        return _sentence_figure(f"{f[y].iloc[0]}: {value} ({xlabel.split(' (')[0].lower()}).", frame)
    if f.empty:
        return _sentence_figure("Nothing to count.", frame)
    f = f.sort_values(x, ascending=False, kind="stable").reset_index(drop=True)
    caption = ""
    if len(f) > MAX_MARKS:
        rest = f.iloc[MAX_MARKS - 1 :]
        other = {y: f"all others ({len(rest):,})", x: rest[x].sum(), **{c: rest[c].sum() for c in stack}}
        f = pd.concat([f.iloc[: MAX_MARKS - 1], pd.DataFrame([other])], ignore_index=True)
        caption = f"The {len(rest):,} smallest of {len(frame):,} bars are summed into one."
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(f) + 1.8))
    ypos = range(len(f))
    if stack:
        left = pd.Series(0.0, index=f.index)
        palette = [STATEMENT_COLOURS.get(c, PALETTE[k % 10]) for k, c in enumerate(stack)]
        for c, colour in zip(stack, palette, strict=True):
            ax.barh(ypos, f[c], left=left, color=colour, edgecolor="#3a3a3a", lw=0.5, label=page.header(c))
            left += f[c]
        _legend_below(
            ax,
            [
                Patch(facecolor=col, edgecolor="#3a3a3a", label=page.header(c))
                for c, col in zip(stack, palette, strict=True)
            ],
            ncol=3,
        )
    else:
        ax.barh(ypos, f[x], color=PALETTE[0])
    vmax = float(f[x].max()) or 1.0
    for yy, v in zip(ypos, f[x], strict=True):
        ax.text(v + vmax * 0.01, yy, page.plain_number(v), va="center", fontsize=8.5)
    ax.set_yticks(list(ypos), [wrap(v, 30) for v in f[y]])
    ax.set_ylim(len(f) - 0.5, -0.5)
    ax.set_xlim(0, vmax * 1.12)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.kz_data = frame
    fig.kz_caption = caption
    return fig
