"""Reader-grade cell formatting (headers, code words, dates, missing values), and the page's names by their
old address.

The page itself is assembled by modules of their own: ``helpers.page.cite`` (the citation registry,
footnote links, the Sources section), ``helpers.page.tables`` (HTML tables), ``helpers.page.downloads``
(CSV downloads) and ``helpers.page.display`` (the only code that touches IPython display). Their names stay
importable from here (``from helpers.page.core import cite, table_html, REGISTRY``) for older code.
"""

from __future__ import annotations

import html
import importlib
import textwrap
from typing import Any

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

__all__ = ["MAX_TABLE_ROWS", "PERCENT_COLUMNS", "esc", "is_id_column", "wrap"]

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
