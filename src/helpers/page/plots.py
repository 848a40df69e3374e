"""The page API every notebook uses: one theme, cited sentences, reader-grade tables, charts, Sources.

Notebooks call only these (see the shared contract in the README's developer guide):
``theme``, ``cite``, ``note``, ``table``, ``show``, ``intervals``, ``trend_chart``, ``timeline_chart``,
``places_chart``, ``window_chart``, ``count_bar`` and, in the last code cell, ``sources_section``.
The charts are made in ``helpers.charts`` (each returns a ``Chart``); this module shows them.

Conventions that hold on every page:

- colour always has a legend and means one thing per chart: who reported a figure (intervals), which line
  (trends), or the kind of item (timeline and span charts: measures brown, events and deployments dark grey);
- hatching always means the report does not give the exact days (a window, or a start or end not given);
  a filled dot is the number a report gives; a range with no upper bound runs to the panel's edge and
  ends in an arrow there;
- the interval chart's axis is a true log axis (1, 10, 100, …, no "0"); the trend chart's is symmetric-log
  and says "(log scale; 0 shown for reference)"; date axes have one tick per date, never repeated;
- text from the data is drawn literally (matplotlib's math parsing is off);
- a chart that would show a single value is replaced by a sentence;
- every chart is drawn twice: for the page, and narrow for a phone (``<picture>`` picks it below 40rem),
  with labels wrapped shorter and the legend in one column; both are 256-colour PNGs inside the page;
- a chart that draws one mark per row aggregates above ``MAX_MARKS`` rows, and says so in its caption.

Nothing here changes matplotlib's backend, pyplot's figures or the global rcParams: a user's own plots in
the same kernel still show inline and keep their look.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterable, Mapping

import pandas as pd
from matplotlib.figure import Figure

from helpers.charts.axes import MAX_MARKS
from helpers.charts.bars import count_bar
from helpers.charts.chart import Chart, render_png
from helpers.charts.intervals import interval_chart
from helpers.charts.places import places_chart
from helpers.charts.spans import window_chart
from helpers.charts.timeline import timeline_chart
from helpers.charts.trend import trend_chart
from helpers.page import cite as _cite
from helpers.page import display as _display
from helpers.page.core import esc
from helpers.page.downloads import download_link
from helpers.page.tables import mark_languages, sentence_language, table_html

__all__ = [
    "MAX_MARKS",
    "Chart",
    "cite",
    "count_bar",
    "interval_chart",
    "intervals",
    "finding",
    "note",
    "places_chart",
    "show",
    "sources_section",
    "table",
    "theme",
    "timeline_chart",
    "trend_chart",
    "window_chart",
]

_counter = {"figure": 0}

#: When a browser shows a chart's phone rendering (the stylesheet's phone width), and its resolution.
NARROW_MEDIA = "(max-width: 40rem)"
NARROW_DPI = 150


def theme() -> None:
    """Start a new page: figures are numbered from 1 again and the citation registry is emptied.

    The charts' look (seaborn's whitegrid, the colour-blind palette) is applied only while a chart is drawn
    (``helpers.charts.theme.rc_context``): ``matplotlib.rcParams`` is not changed, so your own plots keep
    their look and still show inline.

    Example::

        from helpers import plots
        plots.theme()   # first thing in a notebook
    """
    _counter["figure"] = 0
    _cite.REGISTRY.reset()


def finding(sentences: list[str]) -> None:
    """The box at the top of a page: two or three sentences with the finding, computed from the data
    (`views.finding_sentences`). Nothing is shown when there are none.

    Example::

        plots.finding(views.finding_sentences(t, day, policy))
    """
    if not sentences:
        return
    body = " ".join(mark_languages(s) for s in sentences)
    _display.show_html(
        '<aside class="finding" aria-label="In short" style="border-left:4px solid #1f5f8b;background:#f2f6f9;'
        f'padding:0.6em 1em;margin:0.8em 0;font-size:1.05em"><p style="margin:0">{body}</p></aside>'
    )


def note(text: str, cite: pd.DataFrame | None = None, id_col: str | None = None) -> None:
    """Display one escaped sentence computed from the data, followed by footnote links to the rows it cites.

    Example::

        plots.note(f"{len(figs)} counts are coded.", cite=figs)   # "3 counts are coded.[1, 2, 3]"
    """
    links = _cite.cite(cite, id_col) if cite is not None else ""
    _display.show_html(f'<p class="note">{mark_languages(text, sentence_language(cite))}{links}</p>')


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    empty: str | None = None,
    cite: pd.DataFrame | list[pd.DataFrame] | None = None,
    id_col: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
) -> None:
    """A reader-grade table (human headers, words not codes, '—' for missing, ids muted at the end).

    With `cite` (same length and order as `frame`), each row gets its footnote link in a final Source column;
    with `cite=views.chain_cites(t, frame)`, a row whose values come from several reports cites them all.
    Under the table, a link downloads its rows as CSV. An empty frame shows the `empty` sentence
    instead, or nothing when `empty` is None (the sentence above the table already says it is empty).

    Example::

        plots.table(t.figures[["figure_id", "place_id", "display"]], caption="Counts", cite=t.figures)
    """
    if frame is None or len(frame) == 0:
        if empty:
            note(empty)
        return
    _display.show_html(table_html(frame, caption, cite, id_col, labels, percent))


def cite(rows: pd.DataFrame | None, id_col: str | None = None) -> str:
    """Register rows (an id column, source_id, evidence) and return HTML footnote links to their Sources entries.

    Example::

        html = plots.cite(t.figures.head(2))   # '<sup class="cites">[<a class="cite" href="#src-…">1</a>, …]</sup>'
    """
    return _cite.cite(rows, id_col)


def _close_pyplot_figure(fig: Figure) -> None:
    """A figure the user made with pyplot is shown here once, so pyplot must not show it again at cell end."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and getattr(fig, "number", None) in pyplot.get_fignums():
        pyplot.close(fig)


def show(
    chart: Chart | Figure,
    caption: str,
    sources: pd.DataFrame | None = None,
    id_col: str | None = None,
    data: pd.DataFrame | None = None,
) -> None:
    """Display a chart as a PNG with alt text, its caption, footnote links to `sources` and a data download.

    `chart` is what a chart function returns (a ``Chart``), or a matplotlib Figure of your own. A chart that
    found a single value is a sentence; it is shown as a note. The download holds `data`, else the chart's
    data, else `sources`.

    Example::

        plots.show(plots.trend_chart(odd, "Counts over time", "People (log scale)"), "Ranges.", odd, "figure_id")
    """
    own = isinstance(chart, Figure)
    if own:
        _close_pyplot_figure(chart)
        chart = Chart(chart)
    if chart.figure is None:
        note(chart.sentence, sources, id_col)
        return
    _counter["figure"] += 1
    title = chart.title
    png, width, height = render_png(chart.figure, palette=not own)
    alt = " ".join(x for x in (f"{title}." if title else "", caption, chart.alt) if x)
    links = _cite.cite(sources, id_col) if sources is not None else ""
    rows = data if data is not None else chart.data
    if rows is None:
        rows = sources
    download = ""
    if rows is not None and len(rows):
        download = "<br>" + download_link(rows, title or caption, "figure", tag="span")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    image = f'<img src="{src}" alt="{esc(alt)}" width="{width}" height="{height}">'
    narrow = chart.redraw_narrow()
    if narrow is not None:
        # a phone gets the same chart drawn narrow (labels wrapped, legend in one column), chosen by the browser
        small, _w, _h = render_png(narrow, dpi=NARROW_DPI)
        small_src = "data:image/png;base64," + base64.b64encode(small).decode("ascii")
        image = f'<picture><source media="{NARROW_MEDIA}" srcset="{small_src}">{image}</picture>'
    extra = chart.caption
    _display.show_html(
        f'<figure class="chart">{image}'
        f"<figcaption><strong>Figure {_counter['figure']}.</strong> {esc(caption)}"
        f"{' ' + esc(extra) if extra else ''}{links}{download}</figcaption></figure>"
    )


def intervals(frame: pd.DataFrame, title: str, xlabel: str, caption: str, empty: str = "No figures.") -> None:
    """Show figures as ranges with caption and cited sources, a sentence for one figure, a note for none.

    Example::

        plots.intervals(views.headline(t), "Counts", "People (log scale)", "Ranges the wording allows.")
    """
    if frame is None or frame.empty:
        note(empty)
        return
    show(interval_chart(frame, title, xlabel), caption, frame, "figure_id")


def _translations(t) -> dict[str, str]:  # noqa: ANN001 - helpers.data.tables.Tables
    """Row id → the coder's English translation of its quote, from every claim table that carries one."""
    found: dict[str, str] = {}
    for name in ("events", "figures", "measures", "deployments", "statements"):
        frame = getattr(t, name, None)
        if frame is None or "translation" not in frame.columns:
            continue
        key = frame.columns[0]
        for rid, text in zip(frame[key], frame["translation"], strict=True):
            if isinstance(text, str) and text.strip():
                found[str(rid)] = text
    return found


def sources_section(t) -> None:  # noqa: ANN001 - helpers.data.tables.Tables
    """The page's Sources section: one entry per cited row. Prints nothing when nothing was cited.

    Example (the last code cell of every notebook)::

        plots.sources_section(t)
    """
    fragment = _cite.sources_html(getattr(t, "sources", None), _translations(t))
    if fragment:
        _display.show_html(fragment)
