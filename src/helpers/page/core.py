"""Page assembly for the reports: the citation registry, reader-grade cell formatting, tables and CSV downloads.

Every notebook page is built from three kinds of output: sentences (`note`), tables (`table`) and figures
(`plots.show`). Each of them may cite the coded rows it stands on; `cite` registers the rows in the page's
registry and returns footnote links, and `sources_section` prints the registry as the page's "Sources"
list (one entry per row: the verbatim quote, the source's title and date, the row id). `theme()` in
helpers.page.plots resets the registry, so one notebook run is one page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import numbers
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML, display

# The one reader vocabulary (helpers.text.vocabulary), re-exported under the names page code has used.
from helpers.text.vocabulary import CODE_COLUMNS as CODE_COLUMNS
from helpers.text.vocabulary import HEADERS as LABELS  # noqa: F401
from helpers.text.vocabulary import MISSING as MISSING
from helpers.text.vocabulary import WORDS as WORDS
from helpers.text.vocabulary import cell as cell
from helpers.text.vocabulary import code_words as code_words
from helpers.text.vocabulary import date_words as date_words
from helpers.text.vocabulary import header as header
from helpers.text.vocabulary import is_missing as is_missing
from helpers.text.vocabulary import plain_number as plain_number
from helpers.text.vocabulary import short_date as short_date

#: A table longer than this shows its first rows only, says so, and offers every row in its download.
MAX_TABLE_ROWS = 200

#: Columns holding fractions that read as percentages.
PERCENT_COLUMNS = {"share", "percent", "pct", "fraction", "proportion"}


# ------------------------------------------------------------------ plain values


def esc(value: object) -> str:
    """HTML-escape any value taken from the data (missing values become the empty string)."""
    return html.escape("" if is_missing(value) else str(value))


def is_id_column(column: str) -> bool:
    """Row ids, shown in a muted column at the end of a table."""
    return str(column) == "id" or str(column).endswith("_id")


# ------------------------------------------------------------------ the citation registry
@dataclass
class Entry:
    """One cited row."""

    n: int
    row_id: str
    source_id: str
    evidence: str


class Registry:
    """The rows cited on one page, numbered in the order first cited."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}

    def reset(self) -> None:
        """Forget every citation (a new page)."""
        self.entries.clear()

    def add(self, row_id: str, source_id: str, evidence: str) -> tuple[Entry, bool]:
        """Register a row; returns its entry and whether it is new on this page."""
        if row_id in self.entries:
            return self.entries[row_id], False
        entry = Entry(len(self.entries) + 1, row_id, source_id, evidence)
        self.entries[row_id] = entry
        return entry, True


REGISTRY = Registry()


def anchor(row_id: str) -> str:
    """The HTML id of a row's entry in the Sources section: src-<row id> (made safe when the id is not)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]*", row_id):
        return f"src-{row_id}"
    slug = re.sub(r"[^A-Za-z0-9_.:-]+", "-", row_id).strip("-") or "row"
    return f"src-{slug}-{hashlib.sha1(row_id.encode()).hexdigest()[:6]}"


def id_column(rows: pd.DataFrame, id_col: str | None = None) -> str:
    """The id column of cited rows: the given one, else the first *_id column that is not source_id."""
    if id_col:
        if id_col not in rows.columns:
            raise KeyError(f"cite: no column {id_col!r}; columns are {', '.join(map(str, rows.columns))}")
        return id_col
    for c in rows.columns:
        if str(c).endswith("_id") and c != "source_id":
            return str(c)
    if "id" in rows.columns:
        return "id"
    raise KeyError(f"cite: no id column among {', '.join(map(str, rows.columns))}")


def cite(rows: pd.DataFrame | None, id_col: str | None = None) -> str:
    """Register rows (id column, source_id, evidence) and return HTML footnote links to their Sources entries."""
    if rows is None or len(rows) == 0:
        return ""
    missing = [c for c in ("source_id", "evidence") if c not in rows.columns]
    if missing:
        raise KeyError(f"cite: the rows lack {', '.join(missing)}")
    col = id_column(rows, id_col)
    links = []
    seen: set[str] = set()
    for rid, sid, ev in zip(rows[col], rows["source_id"], rows["evidence"], strict=True):
        if is_missing(rid) or str(rid) in seen:
            continue
        seen.add(str(rid))
        entry, new = REGISTRY.add(str(rid), "" if is_missing(sid) else str(sid), "" if is_missing(ev) else str(ev))
        ref = f' id="ref-{anchor(entry.row_id)[4:]}"' if new else ""
        links.append(
            f'<a class="cite" href="#{anchor(entry.row_id)}"{ref} '
            f'aria-label="Source {entry.n}: row {esc(entry.row_id)}">{entry.n}</a>'
        )
    if not links:
        return ""
    return '<sup class="cites">[' + ", ".join(links) + "]</sup>"


def _fragments(evidence: str) -> str:
    """A verbatim quote; fragments the coder joined with an ellipsis are shown as separate quotes."""
    pieces = re.split(r"(\s*(?:…|\.\.\.)\s*)", evidence)  # odd items are the separators, kept verbatim
    if len(pieces) <= 1 or not all(p.strip() for p in pieces[::2]):
        return f"<q>{esc(evidence)}</q>"
    return "".join(esc(p) if k % 2 else f"<q>{esc(p)}</q>" for k, p in enumerate(pieces))


def sources_html(sources: pd.DataFrame | None) -> str:
    """The Sources section for the rows cited so far ('' when nothing was cited)."""
    if not REGISTRY.entries:
        return ""
    info: dict[str, dict[str, Any]] = {}
    if sources is not None and len(sources):
        for rec in sources.to_dict("records"):
            info[str(rec.get("source_id"))] = rec
    items = []
    for entry in sorted(REGISTRY.entries.values(), key=lambda e: e.n):
        src = info.get(entry.source_id, {})
        title = src.get("title")
        parts = [
            f"<cite>{esc(title)}</cite>" if not is_missing(title) else f"source <code>{esc(entry.source_id)}</code>"
        ]
        if not is_missing(src.get("publisher")):
            parts.append(esc(src["publisher"]))
        if not is_missing(src.get("report_date")):
            inferred = src.get("report_date_inferred")
            how = " (date inferred from the text)" if not is_missing(inferred) and bool(inferred) else ""
            parts.append(f"report dated {esc(date_words(src['report_date']))}{how}")
        back = f'<a class="back" href="#ref-{anchor(entry.row_id)[4:]}" aria-label="Back to citation {entry.n}">↩</a>'
        quote = _fragments(entry.evidence) if entry.evidence else "<em>no quote recorded</em>"
        items.append(
            f'<li id="{anchor(entry.row_id)}" value="{entry.n}">{quote}<br>'
            f'<span class="src-meta">{", ".join(parts)}. Row <code>{esc(entry.row_id)}</code>.</span> {back}</li>'
        )
    return (
        '<section class="sources-section">'
        '<h2 id="sources">Sources</h2>'
        "<p>Each numbered link on this page leads here: the verbatim words of the report that a number, "
        "date or quote stands on, the report's title and date, and the id of the coded row.</p>"
        f'<ol class="sources-list">{"".join(items)}</ol></section>'
    )


# ------------------------------------------------------------------ tables and downloads
#: Which columns a download keeps (the rule, in order):
#:  1. a column whose name starts with "_" is the views' working state (sort keys, ranks): dropped;
#:  2. CSV_DROP columns are relative to one page's as-of date (`older`, `latest`): dropped;
#:  3. CSV_DERIVED columns are spelled out from other columns for the page (`series` from metric, place and
#:     subject; `part_of_text` and `is_part` from part_of; `line` from place and metric): dropped when every
#:     column they are made from is in the download too, kept otherwise (then they are the only record);
#:  4. every other column is kept, with the processed tables' own names.
CSV_DROP = frozenset({"older", "latest"})
CSV_DERIVED: dict[str, tuple[str, ...]] = {
    "series": ("metric", "place"),
    "line": ("metric", "place"),
    "is_part": ("part_of",),
    "part_of_text": ("part_of",),
}


def csv_columns(columns: Iterable[str]) -> list[str]:
    """The columns a download keeps, by the rule above CSV_DROP."""
    cols = [str(c) for c in columns]
    present = set(cols)
    return [
        c
        for c in cols
        if not c.startswith("_")
        and c not in CSV_DROP
        and not (c in CSV_DERIVED and all(src in present for src in CSV_DERIVED[c]))
    ]


def csv_value(value: Any) -> Any:
    """One value as data/processed writes it: true/false, ISO dates, '' for missing, lists joined by '; '."""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(csv_value(v)) for v in value if not is_missing(v))
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {csv_value(v)}" for k, v in value.items())
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return pd.Timedelta(value).days
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as they go into a download: only the columns csv_columns keeps, each value as csv_value writes it."""
    keep = set(csv_columns(frame.columns))
    out = frame.loc[:, [str(c) in keep for c in frame.columns]]
    return pd.DataFrame({c: [csv_value(v) for v in out[c]] for c in out.columns}, index=out.index, dtype="object")


def download_link(frame: pd.DataFrame, name: str, what: str = "table", tag: str = "p") -> str:
    """A 'Download the data' link: the rows as a CSV data: URI (no script, the page stays one file)."""
    text = csv_frame(frame).to_csv(index=False, lineterminator="\n")
    payload = base64.b64encode(("\ufeff" + text).encode("utf-8")).decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "data"
    rows = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    return (
        f'<{tag} class="download"><a href="data:text/csv;charset=utf-8;base64,{payload}" download="{esc(slug)}.csv">'
        f"Download the data</a> behind this {esc(what)} ({rows}, CSV).</{tag}>"
    )


def table_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    cite_rows: pd.DataFrame | None = None,
    id_col: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
    max_rows: int = MAX_TABLE_ROWS,
) -> str:
    """A reader-grade HTML table: human headers, formatted cells, ids muted at the end, a Source column."""
    frame = frame.reset_index(drop=True)
    if cite_rows is not None and len(cite_rows) != len(frame):
        raise ValueError(f"table: cite has {len(cite_rows)} rows but the table has {len(frame)}")
    pct = set(percent) | {c for c in frame.columns if str(c) in PERCENT_COLUMNS}
    cols = [c for c in frame.columns if not is_id_column(str(c))] + [c for c in frame.columns if is_id_column(str(c))]
    shown = frame.iloc[:max_rows]
    id_class = ' class="id"'
    head = "".join(
        f'<th scope="col"{id_class if is_id_column(str(c)) else ""}>{esc(header(str(c), labels))}</th>' for c in cols
    )
    if cite_rows is not None:
        head += '<th scope="col">Source</th>'
        cite_rows = cite_rows.reset_index(drop=True)
    body = []
    for i, rec in enumerate(shown.itertuples(index=False, name=None)):
        values = dict(zip(frame.columns, rec, strict=True))
        cells = []
        for c in cols:
            text = cell(values[c], str(c), percent=c in pct)
            cls = []
            if is_id_column(str(c)):
                cls.append("id")
            if text == MISSING:
                cls.append("missing")
            elif isinstance(values[c], numbers.Number) and not isinstance(values[c], bool):
                cls.append("num")
            attr = f' class="{" ".join(cls)}"' if cls else ""
            cells.append(f"<td{attr}>{esc(text)}</td>")
        if cite_rows is not None:
            cells.append(f'<td class="source">{cite(cite_rows.iloc[[i]], id_col)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    more = ""
    if len(frame) > max_rows:
        more = (
            f'<p class="note">Showing the first {max_rows:,} of {len(frame):,} rows; '
            "the download under the table holds every row.</p>"
        )
    return (
        f'{more}<div class="table-wrap"><table class="data">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>" + download_link(frame, caption or "table", "table")
    )


def wrap(text: object, width: int = 38) -> str:
    """Wrap a label onto several lines (never cut it)."""
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=True)) or ""


def show_html(fragment: str) -> None:
    """Display an HTML fragment in the notebook."""
    display(HTML(fragment))
