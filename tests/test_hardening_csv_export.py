"""Spreadsheet-formula text is rejected at clean time (issue 11, medium 8; the choice is in docs/codebook.md).

OWASP's CSV-injection guidance: a cell starting with =, +, - or @ runs as a formula when an exported CSV
is opened in a spreadsheet. Rejecting it in data/raw keeps every processed CSV (and the ACLED export,
whose actor columns split `actors` on ';') free of such cells, without altering any quoted text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers.clean import run as clean


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.test","x")', "+1+cmd", "-2+3", "@SUM(A1)"])
def test_formula_text_is_rejected_with_file_line_and_column(tmp_path: Path, text: str) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "description", text)
    assert_error(errors_for(raw), "events.csv", line, "description", "spreadsheet would run it as a formula")


def test_a_formula_hidden_in_a_list_item_is_rejected(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "actors", "Protesters; =cmd|'/c calc'!A0")
    assert_error(errors_for(raw), "events.csv", line, "actors", "formula")


def test_leading_spaces_do_not_hide_a_formula(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "statements", 0, "notes", "   =1+1")
    assert_error(errors_for(raw), "statements.csv", line, "notes", "formula")


def test_no_exported_cell_starts_like_a_formula(tmp_path: Path) -> None:
    texts = clean.build(made_up_raw(tmp_path / "raw"))
    for name, text in texts.items():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                assert not [c for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))], name


def test_formula_characters_inside_text_are_fine(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "events", 0, "notes", "Counts rose from 10 to 12 (+2); see a@b.test = fine")
    assert "events.csv" in clean.build(raw)


def test_an_evidence_reference_is_not_a_formula_but_a_formula_in_evidence_is(made_up_raw: Path) -> None:
    """`@<row id>` in evidence (one quote, many rows) is resolved to the full quote before export."""
    import conftest

    ref_line = conftest.set_cell(made_up_raw, "events", "TEST-0107-E02", "evidence", "@TEST-0107-E01")
    line = conftest.set_cell(made_up_raw, "events", "TEST-0107-E03", "evidence", "@SUM(A1)")
    messages = errors_for(made_up_raw)
    assert_error(messages, "events.csv", line, "evidence", "formula")
    assert not [m for m in messages if f":{ref_line}: column 'evidence'" in m and "formula" in m]


@pytest.mark.parametrize(
    "line", ['=HYPERLINK("http://example.test","Click") 7 people left.', "@SUM(A1) said 9 officials."]
)
def test_a_formula_sentence_of_a_source_is_neutralised_in_coverage_csv(tmp_path: Path, line: str) -> None:
    """Issue 22, point 8: computed columns (coverage sentences and spans) come from the source text, which
    clean cannot reject; the export neutralises them with a leading apostrophe (docs/codebook.md)."""
    raw = made_up_raw(tmp_path / "raw")
    source = raw / "sources" / "test-2022-01-08.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    texts = clean.build(raw)
    for name, text in texts.items():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                assert not any(cell.lstrip(" ").startswith(("=", "+", "-", "@")) for cell in row), (name, row)
    sentences = [r["text"] for r in csv.DictReader(io.StringIO(texts["coverage.csv"]))]
    assert "'" + line in sentences
