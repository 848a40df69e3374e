"""Reader-grade cell formatting shared by the page modules (escaping, id columns, wrapping), with the one
reader vocabulary (helpers.text.vocabulary) re-exported under the names page code uses.

The page itself is assembled by modules of their own: ``helpers.page.cite`` (the citation registry,
footnote links, the Sources section), ``helpers.page.tables`` (HTML tables), ``helpers.page.downloads``
(CSV downloads) and ``helpers.page.display`` (the only code that touches IPython display). They import
this module; it imports none of them (no hidden cycle through a lazy ``__getattr__``).
"""

from __future__ import annotations

import html
import textwrap

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
