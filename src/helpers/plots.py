"""One plotting theme and the figure helpers every notebook uses: titled, labelled, captioned, sourced."""

from __future__ import annotations

import html
import io
import zlib
from collections.abc import Iterable

import matplotlib
import matplotlib.dates

matplotlib.use("Agg")  # figures are shown as PNG with alt text by show(), never by the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from IPython.display import HTML, Image, display  # noqa: E402

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
KIND_COLOURS = {"event": PALETTE[0], "measure": PALETTE[3]}
_counter = {"figure": 0}


def theme() -> None:
    """Apply the project's seaborn theme (call once per notebook)."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "figure.autolayout": False,
        }
    )
    _counter["figure"] = 0


def colour_for(name: str) -> str:
    """A stable colour for an attribution or speaker: fixed where known, else a hash into the palette."""
    if name in FIXED:
        return FIXED[name]
    return PALETTE[5 + zlib.crc32(name.encode()) % 5]


def esc(text: object) -> str:
    """HTML-escape any value taken from the data."""
    return html.escape("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text))


def show(fig: plt.Figure, caption: str, sources: pd.DataFrame | None = None, id_col: str | None = None) -> None:
    """Display a figure as a PNG whose alt text is its title and caption, then the caption and sources note."""
    _counter["figure"] += 1
    title = fig.axes[0].get_title() if fig.axes else ""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    alt = f"{title}. {caption}" if title else caption
    display(Image(data=buf.getvalue(), format="png", metadata={"alt": alt}))
    display(HTML(f'<p class="caption"><strong>Figure {_counter["figure"]}.</strong> {esc(caption)}</p>'))
    if sources is not None:
        sources_note(sources, id_col)


def sources_note(rows: pd.DataFrame, id_col: str | None = None) -> None:
    """A collapsible list of the row ids and verbatim evidence quotes a figure or table stands on."""
    id_col = id_col or next(c for c in rows.columns if c.endswith("_id") and c != "source_id")
    items = "".join(
        f"<li><code>{esc(i)}</code> ({esc(s)}): “{esc(e)}”</li>"
        for i, s, e in zip(rows[id_col], rows["source_id"], rows["evidence"], strict=True)
    )
    display(
        HTML(f'<details class="sources"><summary>Sources: {len(rows)} coded rows</summary><ul>{items}</ul></details>')
    )


def table(frame: pd.DataFrame, caption: str | None = None, empty: str = "No rows.") -> None:
    """Display a DataFrame as a plain, escaped HTML table (no inline styles); a note when it is empty."""
    if frame.empty:
        note(empty)
        return
    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    body = frame.to_html(index=False, escape=True, border=0, na_rep="", classes="data")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    display(HTML(body.replace('<table class="dataframe data">', f'<table class="data">{cap}', 1)))


def note(text: str) -> None:
    """Display one escaped sentence computed from the data."""
    display(HTML(f'<p class="note">{esc(text)}</p>'))


def interval_chart(frame: pd.DataFrame, title: str, xlabel: str) -> plt.Figure:
    """Ranges from low to high, one row per figure; an open upper bound is drawn as an arrow, best as a dot."""
    frame = frame.reset_index(drop=True)
    labels = [
        f"{p} · {m} · {s}" if s != "people" else f"{p} · {m}"
        for p, m, s in zip(frame["place"], frame["metric"], frame["subject"], strict=True)
    ]
    labels = [f"{lab}\n({a}, {f})" for lab, a, f in zip(labels, frame["attribution"], frame["figure_id"], strict=True)]
    fig, ax = plt.subplots(figsize=(9, 0.75 * len(frame) + 1.4))
    finite = pd.concat([frame["low"], frame["best"], frame["high"]]).dropna()
    xmax = float(finite.max()) * 4 if len(finite) else 1.0  # room for open arrows and labels on a log axis
    for y, row in frame.iterrows():
        c = colour_for(row["attribution"])
        hi = row["high"] if pd.notna(row["high"]) else xmax
        ax.plot([row["low"], hi], [y, y], color=c, lw=6, alpha=0.55, solid_capstyle="butt")
        if pd.isna(row["high"]):
            ax.annotate(
                "",
                xy=(xmax, y),
                xytext=(xmax * 0.93, y),
                arrowprops={"arrowstyle": "->", "color": c, "lw": 2},
            )
        if pd.notna(row["best"]):
            ax.plot(row["best"], y, "o", color=c, ms=7, mec="black", mew=0.6)
        ax.text(row["low"], y - 0.3, row["display"], fontsize=8.5, va="bottom")
    ax.set_yticks(range(len(frame)), labels, fontsize=8.5)
    ax.invert_yaxis()
    ax.set_xlim(left=0, right=xmax * 1.02)
    ax.set_xscale("symlog", linthresh=10)
    ax.set_ylim(len(frame) - 0.4, -0.8)
    ax.set_ylabel("Place · count (attribution, figure id)")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return fig


def intervals(frame: pd.DataFrame, title: str, xlabel: str, caption: str, empty: str = "No figures.") -> None:
    """Show figures as ranges with caption and sources, or a note when there are none."""
    if frame.empty:
        note(empty)
        return
    show(interval_chart(frame, title, xlabel), caption, frame, "figure_id")


def trend_chart(frame: pd.DataFrame, title: str, ylabel: str) -> plt.Figure:
    """Ranges over as_of dates, one line per metric and place; open tops drawn as arrows."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for (metric, place), g in frame.groupby(["metric", "place"]):
        c = colour_for(f"{metric} {place}")
        ax.vlines(g["as_of"], g["low"], g["high"].fillna(g["low"] * 1.5), color=c, lw=5, alpha=0.5)
        for _, r in g[g["high"].isna()].iterrows():
            ax.annotate(
                "",
                xy=(r["as_of"], r["low"] * 1.6),
                xytext=(r["as_of"], r["low"] * 1.2),
                arrowprops={"arrowstyle": "->", "color": c},
            )
        pts = g.dropna(subset=["best"])
        ax.plot(pts["as_of"], pts["best"], "o-", color=c, label=f"{place}: {metric}")
    ax.set_yscale("symlog", linthresh=10)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b"))
    ax.set_xlabel("As of (date)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="upper left")
    return fig


def timeline_chart(items: pd.DataFrame, day0: pd.Timestamp, title: str) -> plt.Figure:
    """Dated events as points, measures and uncertain spans as bars (hatched when uncertain)."""
    items = items[items["dated"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, 0.45 * max(len(items), 3) + 1.6))
    for y, r in items.iterrows():
        c = KIND_COLOURS[r["kind"]]
        width = (r["end"] - r["start"]).days + 1
        if r["kind"] == "measure" or width > 1:
            ax.barh(
                y,
                width,
                left=r["start"] - pd.Timedelta(hours=12),
                height=0.55,
                color=c,
                alpha=0.35 if r["uncertain"] else 0.7,
                hatch="//" if r["uncertain"] else None,
                edgecolor=c,
            )
        else:
            ax.plot(r["start"], y, "o", color=c, ms=8)
    ax.set_yticks(range(len(items)), [_short(lab) for lab in items["label"]], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(day0, color="grey", ls=":", lw=1)
    ax.set_ylabel("Event or measure")
    ax.set_xlabel("Date (day 1 = crisis start, 2 January 2022)")
    ticks = pd.date_range(
        items["start"].min() if len(items) else day0,
        (items["end"].max() if len(items) else day0),
        freq="2D",
    )
    ax.set_xticks(ticks, [f"{d:%d %b}\nday {(d - day0).days + 1}" for d in ticks], fontsize=8)
    ax.set_title(title)
    return fig


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def places_chart(
    places: pd.DataFrame, highlight: Iterable[str] = (), title: str = "Places named in the reports"
) -> plt.Figure:
    """Places on a longitude/latitude plot with labels; highlighted ones in colour."""
    hl = set(highlight)
    fig, ax = plt.subplots(figsize=(9, 5))
    for _, p in places.iterrows():
        on = p["place_id"] in hl
        marker = "s" if p["kind"] == "country" else "o"
        ax.plot(
            p["longitude"],
            p["latitude"],
            marker,
            color=PALETTE[3] if on else "#999999",
            ms=9 if on else 6,
        )
        ax.annotate(
            p["name"],
            (p["longitude"], p["latitude"]),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8.5,
        )
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    ax.set_title(title)
    return fig


def window_chart(
    frame: pd.DataFrame, label_col: str, title: str, ylabel: str, xlabel: str = "Date (2022)"
) -> plt.Figure:
    """One horizontal span per row from start to end; hatched where the dates are inferred or a week wide."""
    frame = frame.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(frame) + 1.5))
    for y, r in frame.iterrows():
        if pd.isna(r["start"]):
            continue
        width = (r["end"] - r["start"]).days + 1
        unsure = bool(r.get("date_inferred", False)) or r.get("date_precision") in ("week", "range")
        ax.barh(
            y,
            width,
            left=r["start"] - pd.Timedelta(hours=12),
            height=0.5,
            color=PALETTE[2],
            alpha=0.4 if unsure else 0.8,
            hatch="//" if unsure else None,
            edgecolor=PALETTE[2],
        )
    ax.set_yticks(range(len(frame)), frame[label_col])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


def count_bar(frame: pd.DataFrame, x: str, y: str, title: str, xlabel: str, ylabel: str) -> plt.Figure:
    """A simple bar chart of counts (rows per table, claims per speaker)."""
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(frame) + 1.4))
    sns.barplot(data=frame, x=x, y=y, ax=ax, color=PALETTE[0])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return fig


# ---------------------------------------------------------------------------------------------------
# Minimal page API (contract in prompts: cite, note, table, show, sources_section; theme resets).
# Written by the 9-pages helper so its notebooks run; the issue-10 implementation replaces this block.
_CITED: dict[str, dict[str, str]] = {}
_base_theme, _base_show = theme, show


def theme() -> None:  # noqa: F811
    """Apply the project's theme and reset the page's citation registry."""
    _base_theme()
    _CITED.clear()


def _id_column(rows: pd.DataFrame, id_col: str | None) -> str:
    return id_col or next(c for c in rows.columns if c.endswith("_id") and c != "source_id")


def _links(ids: Iterable[str]) -> str:
    return "".join(f'<sup><a href="#src-{esc(i)}">{esc(i)}</a></sup>' for i in dict.fromkeys(ids) if i)


def _register(rows: pd.DataFrame, id_col: str | None) -> list[str]:
    col = _id_column(rows, id_col)
    ids = []
    for i, s, e in zip(rows[col], rows["source_id"], rows["evidence"], strict=True):
        if pd.isna(i) or i == "":
            ids.append("")
            continue
        _CITED.setdefault(str(i), {"source_id": "" if pd.isna(s) else str(s), "evidence": "" if pd.isna(e) else str(e)})
        ids.append(str(i))
    return ids


def cite(rows: pd.DataFrame, id_col: str | None = None) -> str:
    """Register rows on the page's Sources section and return their footnote links."""
    return _links(_register(rows, id_col))


def note(text: str, cite: pd.DataFrame | None = None, id_col: str | None = None) -> None:  # noqa: F811
    """One escaped sentence computed from the data, followed by footnote links to its rows."""
    links = _links(_register(cite, id_col)) if cite is not None and len(cite) else ""
    display(HTML(f'<p class="note">{esc(text)}{links}</p>'))


def table(  # noqa: F811
    frame: pd.DataFrame,
    caption: str | None = None,
    empty: str = "No rows.",
    cite: pd.DataFrame | None = None,
    id_col: str | None = None,
) -> None:
    """A plain, escaped HTML table; with `cite`, each row ends in a footnote link to its source row."""
    if frame.empty:
        note(empty)
        return
    cells = frame.copy()
    for col in cells.columns:
        s = cells[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            cells[col] = [("—" if pd.isna(x) else f"{x:%d %b %Y}") for x in s]
        else:
            cells[col] = ["—" if x is None or (not isinstance(x, str) and pd.isna(x)) else esc(x) for x in s]
    if cite is not None:
        cells["Source"] = [_links([i]) for i in _register(cite.reset_index(drop=True), id_col)]
    cells.columns = [esc(c) for c in cells.columns]
    body = cells.to_html(index=False, escape=False, border=0, classes="data")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    display(HTML(body.replace('<table class="dataframe data">', f'<table class="data">{cap}', 1)))


def show(fig: plt.Figure, caption: str, sources: pd.DataFrame | None = None, id_col: str | None = None) -> None:  # noqa: F811
    """Display a figure with its caption; `sources` rows are cited under it."""
    _base_show(fig, caption)
    if sources is not None and len(sources):
        display(HTML(f'<p class="caption">Sources: {cite(sources, id_col)}</p>'))


def sources_section(t) -> None:
    """The page's Sources section: one entry per cited row with its verbatim quote and its report."""
    if not _CITED:
        return
    src = t.sources.set_index("source_id")
    items = []
    for i, row in sorted(_CITED.items()):
        s = row["source_id"]
        title, date = (src.at[s, "title"], src.at[s, "report_date"]) if s in src.index else (s, None)
        when = f", {date:%d %B %Y}" if date is not None and pd.notna(date) else ""
        items.append(f'<li id="src-{esc(i)}">“{esc(row["evidence"])}” — {esc(title)}{when} (row {esc(i)})</li>')
    display(HTML(f'<h2 id="sources">Sources</h2><ol class="sources">{"".join(items)}</ol>'))
