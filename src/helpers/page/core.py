"""Reader-grade cell formatting (headers, code words, dates, missing values), and the page's names by their
old address.

The page itself is assembled by modules of their own: ``helpers.page.cite`` (the citation registry,
footnote links, the Sources section), ``helpers.page.tables`` (HTML tables), ``helpers.page.downloads``
(CSV downloads) and ``helpers.page.display`` (the only code that touches IPython display). Their names stay
importable from here (``from helpers.page.core import cite, table_html, REGISTRY``) for older code.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import numbers
import re
import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.data import vocab

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


def wrap(text: object, width: int = 38) -> str:
    """Wrap a label onto several lines (never cut it)."""
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=True)) or ""


# ------------------------------------------------------------------ names that moved, by their old address
_MOVED = {
    **dict.fromkeys(
        ("Entry", "Registry", "REGISTRY", "anchor", "ref_anchor", "id_column", "cite", "_fragments", "sources_html"),
        "helpers.page.cite",
    ),
    **dict.fromkeys(
        ("CSV_DROP", "CSV_DERIVED", "csv_columns", "csv_value", "csv_frame", "download_link"), "helpers.page.downloads"
    ),
    **dict.fromkeys(("MAX_TABLE_ROWS", "table_html"), "helpers.page.tables"),
    "show_html": "helpers.page.display",
}


def __getattr__(name: str) -> Any:
    """The citation, table, download and display names, imported from their modules on first use (those
    modules import this one, so they cannot be imported at the top)."""
    if name in _MOVED:
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
