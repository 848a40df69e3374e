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

from helpers.data import vocab

#: A table longer than this shows its first rows only, says so, and offers every row in its download.
MAX_TABLE_ROWS = 200

#: Human column headers for every column the views and processed tables produce.
LABELS: dict[str, str] = {
    "id": "Row id",
    "table": "Table",
    "rows": "Rows",
    "claim": "Claim",
    "evidence": "Quote from the report",
    "mandate_evidence": "Mandate, as quoted",
    "source_id": "Source id",
    "figure_id": "Figure id",
    "event_id": "Event id",
    "measure_id": "Measure id",
    "deployment_id": "Deployment id",
    "statement_id": "Statement id",
    "item_id": "Row id",
    "place_id": "Place id",
    "country_id": "Country id",
    "metric": "Count of",
    "place": "Place",
    "name": "Name",
    "subject": "Who",
    "value_text": "Words in the report",
    "display": "Reported as",
    "qualifier": "Wording",
    "low": "Lowest",
    "best": "Number given",
    "high": "Highest",
    "open_upper": "No upper bound",
    "hedge": "Hedge",
    "attribution": "Attribution",
    "attributed_to": "Reported by",
    "context": "Part of the report",
    "as_of": "As of",
    "as_of_inferred": "As-of date inferred",
    "start": "Start",
    "end": "End",
    "day_start": "Day (start)",
    "day_end": "Day (end)",
    "precision": "Date precision",
    "date_precision": "Date precision",
    "start_precision": "Start precision",
    "end_precision": "End precision",
    "inferred": "Date inferred",
    "date_inferred": "Date inferred",
    "date_text": "Date, as worded",
    "reported": "Report date",
    "report_date": "Report date",
    "kind": "Kind",
    "type": "Type",
    "event_type": "Event type (our coding)",
    "label": "What",
    "description": "Description (ours)",
    "actors": "Actors",
    "measure": "Measure",
    "level": "Level",
    "status": "Status",
    "announced_by": "Announced by",
    "speaker": "Speaker",
    "speaker_role": "Role",
    "quote": "Quote",
    "summary": "Summary (ours)",
    "concerns": "Concerns",
    "organisation": "Organisation",
    "country": "Country",
    "window": "Window",
    "duration_text": "Duration, as worded",
    "mandate": "Mandate (our summary)",
    "admin1": "Region",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "figures": "Figures",
    "share": "Share",
    "before": "Before",
    "now": "Now",
    "as_of_before": "As of (before)",
    "as_of_now": "As of (now)",
    "updates": "Updates row",
    "part_of": "Part of figure",
    "span": "Span",
    "notes": "Notes",
    "title": "Title",
    "publisher": "Publisher",
    "total": "Total",
    "direct": "Direct quotes",
    "indirect": "Paraphrases",
}

#: Vocabulary codes spelled as words (any other code has its underscores replaced by spaces).
WORDS: dict[str, str] = {
    "state_of_emergency": "state of emergency",
    "counter_terrorist_operation": "counter-terrorist operation",
    "lethal_force_authorisation": "lethal-force authorisation",
    "terror_threat_level": "terror threat level",
    "to_be_lifted": "to be lifted",
    "in_force": "in force",
    "security_measure": "security measure",
    "indirect": "paraphrase",
    "direct": "direct quote",
    "acled_events": "ACLED events",
}
_CODES = {
    c
    for group in (
        vocab.METRICS,
        vocab.CONTEXTS,
        vocab.EVENT_TYPES,
        vocab.MEASURES,
        vocab.MEASURE_STATUS,
        ("extended", "changed"),
        vocab.STATEMENT_KINDS,
        vocab.PLACE_KINDS,
    )
    for c in group
}
#: Columns whose values are vocabulary codes (only these are spelled as words, so free text is never rewritten).
CODE_COLUMNS = {
    "metric",
    "context",
    "event_type",
    "type",
    "measure",
    "status",
    "kind",
    "precision",
    "date_precision",
    "start_precision",
    "end_precision",
    "qualifier",
    "table",
}
#: Columns holding fractions that read as percentages.
PERCENT_COLUMNS = {"share", "percent", "pct", "fraction", "proportion"}
MISSING = "—"


# ------------------------------------------------------------------ plain values
def is_missing(value: Any) -> bool:
    """True for None, NaN, NA and NaT (and never raises for lists or other objects)."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if hasattr(value, "__len__"):  # lists, arrays, mappings: a value, even when empty
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def esc(value: object) -> str:
    """HTML-escape any value taken from the data (missing values become the empty string)."""
    return html.escape("" if is_missing(value) else str(value))


def date_words(value: Any) -> str:
    """A date as a reader writes it: 7 January 2022."""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def short_date(value: Any) -> str:
    """A compact date for tables and axes: 7 Jan 2022."""
    ts = pd.Timestamp(value)
    text = f"{ts.day} {ts:%b %Y}"
    if (ts.hour, ts.minute, ts.second) != (0, 0, 0):
        text += f" {ts:%H:%M}"
    return text


def code_words(code: str) -> str:
    """A vocabulary code as words: state_of_emergency → state of emergency."""
    return WORDS.get(code, code.replace("_", " "))


def plain_number(value: float) -> str:
    """An integer with thousands separators, or a decimal without trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def cell(value: Any, column: str = "", percent: bool = False) -> str:
    """One value as the text a reader sees: never a repr, never NaN/NA/None/NaT."""
    if isinstance(value, list | tuple | set | frozenset):
        parts = [cell(v, column) for v in value if not is_missing(v)]
        return ", ".join(parts) if parts else MISSING
    if isinstance(value, Mapping):
        parts = [f"{cell(k)}: {cell(v, column)}" for k, v in value.items()]
        return "; ".join(parts) if parts else MISSING
    if is_missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return short_date(value)
    if isinstance(value, pd.Timedelta | dt.timedelta):
        days = pd.Timedelta(value).days
        return f"{days:,} day{'s' if days != 1 else ''}"
    if isinstance(value, numbers.Number):
        number = float(value)  # type: ignore[arg-type]
        if percent:
            return f"{number * 100:.1f}".rstrip("0").rstrip(".") + "%"
        return plain_number(number)
    if isinstance(value, str):
        if column in CODE_COLUMNS and (value in _CODES or value in WORDS or re.fullmatch(r"[a-z]+(_[a-z]+)+", value)):
            return code_words(value)
        if value in WORDS and "_" in value:
            return WORDS[value]
        return value
    return str(value)


def header(column: str, labels: Mapping[str, str] | None = None) -> str:
    """A human column header: the label dictionary, else the name with spaces and a capital."""
    if labels and column in labels:
        return labels[column]
    if column in LABELS:
        return LABELS[column]
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


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
