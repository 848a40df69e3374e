"""Read hand-typed input exactly as typed: every cell a string, each row with its line number.

Input must be UTF-8 text (a BOM and CRLF line endings are accepted). Anything else is a DataError
naming the file and line, never a silent U+FFFD and never a traceback:
- bytes that are not UTF-8 (a latin-1 or Windows-1252 export), or a UTF-16 file;
- NUL and other control characters (a binary file, or UTF-16 without a BOM);
- a cell longer than MAX_CELL characters (Python's csv field limit);
- a text cell that starts like a spreadsheet formula (=, +, -, @): rejected, so that no exported CSV
  can run a formula when opened in a spreadsheet (OWASP, "CSV Injection"; see docs/codebook.md).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from helpers.errors import DataError
from helpers.paths import rel

__all__ = [
    "LINE",
    "MAX_CELL",
    "FORMULA_START",
    "LIST_COLUMNS",
    "read_text",
    "EVIDENCE_REF",
    "HARMLESS_FORMAT",
    "format_character",
    "cell_problem",
    "read_raw_csv",
]

LINE = "_line"

#: The longest cell accepted, in characters: the csv module's field limit.
MAX_CELL = csv.field_size_limit()
#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV-injection guidance).
FORMULA_START = ("=", "+", "-", "@")
#: Columns holding `;`-separated lists whose items are exported on their own (ACLED actor1/actor2).
LIST_COLUMNS = ("actors", "aliases")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: Path) -> tuple[str | None, list[DataError]]:
    """A file's text, strictly UTF-8 (BOM tolerated), or None and the error naming file and line."""
    name = rel(path)
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        return None, [DataError(name, 1, "*", "", "file is UTF-16 text: save it as UTF-8")]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        rule = "NUL byte: the file is binary or UTF-16 without a BOM; save it as UTF-8 text"
        return None, [DataError(name, line, "*", "\\x00", rule)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        rule = f"byte 0x{bad} is not UTF-8 (a latin-1 or Windows-1252 file?): save the file as UTF-8"
        return None, [DataError(name, line, "*", f"\\x{bad}", rule)]
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return None, [DataError(name, line, "*", repr(m.group())[1:-1], "control character: remove it")]
    return text, []


#: An evidence cell may be `@<row id>` (helpers.clean.evidence): it is replaced by that row's quote before
#: anything is exported, so it never reaches a CSV that a spreadsheet opens.
EVIDENCE_REF = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_.-]*")


#: Invisible format characters (Unicode category Cf) that a cell may hold: the soft hyphen (a line-break
#: hint) and the zero-width (non-)joiners that some scripts need to spell words. Every other Cf character
#: is refused, above all the bidirectional controls U+202A-U+202E, U+2066-U+2069, U+200E/F and U+061C,
#: which make "\u202e0021\u202c" show as "1200", and the tag characters that hide text.
HARMLESS_FORMAT = frozenset({"\u00ad", "\u200c", "\u200d"})


def format_character(value: str) -> str | None:
    """The first invisible format character of a cell that changes what a reader sees, or None."""
    for ch in value:
        if ch not in HARMLESS_FORMAT and unicodedata.category(ch) == "Cf":
            return ch
    return None


def cell_problem(column: str, value: str) -> str | None:
    """The rule a text cell breaks, or None: no hidden format character, no formula start."""
    bad = format_character(value)
    if bad is not None:
        name = unicodedata.name(bad, "format character")
        return (
            f"invisible format character U+{ord(bad):04X} ({name}) at position {value.index(bad) + 1}: it changes "
            "how the text reads on a page; remove it"
        )
    if column == "evidence" and EVIDENCE_REF.fullmatch(value):
        return None
    items = [value, *(v.strip() for v in value.split(";"))] if column in LIST_COLUMNS else [value]
    if any(item.startswith(FORMULA_START) for item in items):
        return (
            "text may not start with =, +, - or @ (a spreadsheet would run it as a formula): "
            "start the cell with a word, or put the text in quotes"
        )
    return None


def read_raw_csv(
    path: Path, expected: list[str], may_be_absent: Collection[str] = ()
) -> tuple[pd.DataFrame, list[DataError]]:
    """Rows of a raw CSV as strings ("" → NA) with a `_line` column, plus structural errors.

    A column in `may_be_absent` may be left out of the header (it reads as empty).

    Accepts a UTF-8 BOM and CRLF line endings; reports a missing or empty file, bad encoding, missing
    or unknown columns, rows with the wrong number of cells, oversized cells and formula-like text.
    Never modifies the file.
    """
    name = rel(path)
    errors: list[DataError] = []
    if not path.is_file():
        return _empty(expected), [DataError(name, 0, "*", "", "file is missing")]
    text, errors = read_text(path)
    if text is None:
        return _empty(expected), errors
    if not text.strip():
        return _empty(expected), [DataError(name, 1, "*", "", "file is empty: a header row is required")]
    reader = csv.reader(io.StringIO(text, newline=""))
    del text  # the reader holds its own buffer; do not keep a second copy alive while rows are built
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        return _empty(expected), [DataError(name, 1, "*", "", f"unreadable header ({exc})")]
    for col in expected:
        if col not in header and col not in may_be_absent:
            errors.append(DataError(name, 1, col, "", "required column is missing from the header"))
    for col in header:
        if col not in expected:
            errors.append(DataError(name, 1, col, col, f"unknown column; expected: {', '.join(expected)}"))
    seen: set[str] = set()
    for col in header:
        if col in seen:
            errors.append(DataError(name, 1, col, col, "column appears twice in the header"))
        seen.add(col)
    rows: list[dict[str, object]] = []
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rule = f"unreadable row ({exc}): a cell may hold at most {MAX_CELL:,} characters"
            errors.append(DataError(name, line, "*", "", rule))
            break  # the reader cannot resynchronise after this
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.append(
                DataError(
                    name,
                    start,
                    "*",
                    ",".join(record)[:60],
                    f"row has {len(record)} cells, header has {len(header)}",
                )
            )
            continue
        row: dict[str, object] = {}
        for h, v in zip(header, record, strict=True):
            v = v.strip()
            problem = cell_problem(h, v) if v else None
            if problem:
                errors.append(DataError(name, start, h, v, problem))
            row[h] = v or None
        row[LINE] = start
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*dict.fromkeys([*header, *expected]), LINE])
    del rows
    for col in frame.columns:
        frame[col] = frame[col].astype("Int64" if col == LINE else "string")
    return frame, errors


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in columns} | {LINE: pd.Series(dtype="Int64")})
