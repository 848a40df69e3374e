"""The one reader vocabulary: column headers, code words, the missing-value mark, dates and plurals.

Every table (`readable`, `page.table`), sentence (`helpers.text.sentences`), chart label and report parameter
(`reports.render`) spells a column, a code, a date or a missing value through this module, so one column reads
the same everywhere. It imports only `helpers.data` (the vocabularies of codes).
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers.data import vocab
from helpers.data.words import (  # the words the views use too: defined once, in helpers.data
    ARTICLE_ACTOR_KINDS,
    GENERIC_ACTOR_KINDS,
    GENERIC_FIRST_WORDS,
    MISSING,
    QUALIFIER_WORDS,
    WORDS,
    actor_words,
    day,
    days_words,
    is_blank,
    short_day,
    span_words,
    word,
)

__all__ = [
    "ARTICLE_ACTOR_KINDS",
    "CODE_COLUMNS",
    "GENERIC_ACTOR_KINDS",
    "GENERIC_FIRST_WORDS",
    "HEADERS",
    "MISSING",
    "MISSING_WORDS",
    "PARAMETER_HEADERS",
    "QUALIFIER_WORDS",
    "WORDS",
    "actor_words",
    "and_words",
    "cell",
    "code_words",
    "date_words",
    "day",
    "days_words",
    "header",
    "is_blank",
    "is_missing",
    "plain_number",
    "plural",
    "readable",
    "short_date",
    "short_day",
    "span_words",
    "word",
]

#: Reader-facing column headers for every column the views and processed tables produce.
HEADERS: dict[str, str] = {
    "id": "Row id",
    "table": "Table",
    "rows": "Rows",
    "claim": "Claim",
    "evidence": "Quote from the report",
    "mandate_evidence": "Mandate, in the report's words",
    "source_id": "Source id",
    "figure_id": "Figure id",
    "event_id": "Event id",
    "measure_id": "Measure id",
    "deployment_id": "Deployment id",
    "statement_id": "Statement id",
    "item_id": "Row id",
    "place_id": "Place id",
    "country_id": "Country id",
    "metric": "Count of",  # "Count of: killed" (a bare "Count: killed" reads like a verb)
    "place": "Place",
    "name": "Name",
    "subject": "Who",
    "value_text": "As written",
    "display": "Figure",
    "qualifier": "Wording",
    "low": "Low",
    "best": "Number given",
    "high": "High",
    "open_upper": "No upper bound",
    "hedge": "Hedge",
    "attribution": "According to",
    "attributed_to": "Reported by",
    "context": "Where in the report",
    "as_of": "As of",
    "as_of_inferred": "As-of date inferred",
    "start": "From",
    "end": "To",
    "day_start": "First day",
    "day_end": "Last day",
    "precision": "Date precision",
    "date_precision": "Date precision",
    "start_precision": "Start precision",
    "end_precision": "End precision",
    "inferred": "Date inferred",
    "date_inferred": "Date inferred",
    "date_text": "Words the date comes from",
    "reported": "Report date",
    "report_date": "Report date",
    "kind": "Kind",
    "type": "Type",
    "event_type": "Event type (our coding)",
    "label": "What",
    "description": "What happened",
    "actors": "Actors",
    "measure": "Measure",
    "level": "Level",
    "status": "Status",
    "announced_by": "Announced or stated by",
    "speaker": "Speaker",
    "speaker_role": "Role",
    "quote": "Quote",
    "summary": "Summary (ours)",
    "concerns": "About",
    "organisation": "Organisation",
    "country": "Country",
    "window": "Arrived (window)",
    "duration_text": "Duration, as written",
    "mandate": "Mandate (our summary)",
    "admin1": "Region",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "figures": "Figures",
    "share": "Share",
    "before": "Earlier figure",
    "now": "Latest figure",
    "as_of_before": "As of (before)",
    "as_of_now": "As of (now)",
    "updates": "Updates row",
    "part_of": "Part of figure",
    "span": "Span",
    "notes": "Notes",
    "title": "Report",
    "publisher": "Publisher",
    "total": "Total",
    "direct": "Direct quotes",
    "indirect": "Paraphrases",
    "series": "Count",
    "part_of_text": "Part of a total",
    "history": "Reports",
    "when": "When",
    "speaker_label": "Speaker",
    "quote_text": "Quote",
    "listed_because": "Why listed",
    "hedged": "Hedged or exact",
    "stay": "Stays until",
    "date_note": "How the report date is known",
    "reported_before": "Earlier report",
    "reported_now": "Latest report",
    "day": "Day of the crisis",
    "speakers": "Statements",
}

#: Report parameters that are no table column, or whose value is shown through another column
#: (a source id is shown as its title); any other parameter is headed like its column.
PARAMETER_HEADERS: dict[str, str] = {
    "metrics": "Counts",
    "event_types": "Event types",
    "source_id": HEADERS["title"],
    "policy": "Figures that disagree",
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


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 statement', '7 statements', '2 countries' (pass the plural when it is not singular + 's')."""
    n = int(n)
    if n == 1:
        return f"1 {singular}"
    form = plural_form or (
        singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" else singular + "s"
    )
    return f"{n:,} {form}"


def and_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: What an empty cell of these columns means, in words ('—' elsewhere): the report names no one.
MISSING_WORDS = {"announced_by": "not stated"}


def readable(frame: pd.DataFrame, columns: list[str], headers: dict[str, str] | None = None) -> pd.DataFrame:
    """The given columns for readers: human headers, dates as '7 Jan 2022', yes/no, codes as words,
    integers with thousands separators and '—' for anything missing. Every cell is text."""
    heads = headers or {}
    out = {}
    for c in columns:
        s = frame[c] if c in frame else pd.Series(pd.NA, index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(s):
            v = [short_day(x) for x in s]
        elif pd.api.types.is_bool_dtype(s):
            v = [MISSING if pd.isna(x) else ("yes" if x else "no") for x in s]
        elif pd.api.types.is_numeric_dtype(s):
            v = [MISSING if pd.isna(x) else f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}" for x in s]
        elif c in CODE_COLUMNS:
            v = [word(x) for x in s]
        else:
            v = [MISSING_WORDS.get(c, MISSING) if is_blank(x) else str(x) for x in s]
        out[header(c, heads)] = v
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def date_words(value: Any) -> str:
    """A date as a reader writes it: 7 January 2022 (`day`, the style of every sentence)."""
    return day(value)


def short_date(value: Any) -> str:
    """A compact date for tables and axes: 7 Jan 2022 (`short_day`), with the time when it has one."""
    ts = pd.Timestamp(value)
    text = short_day(ts)
    if (ts.hour, ts.minute, ts.second) != (0, 0, 0):
        text += f" {ts:%H:%M}"
    return text


def code_words(code: str) -> str:
    """A vocabulary code as words: state_of_emergency → state of emergency (`word`)."""
    return word(code)


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
        return plural(pd.Timedelta(value).days, "day")
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
    """A human column header: the given labels, else HEADERS, else the name with spaces and a capital."""
    if labels and column in labels:
        return labels[column]
    if column in HEADERS:
        return HEADERS[column]
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]
