"""Bad input: every problem is reported at once, naming file, line, column and value; nothing is written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MADE_UP, line_of, set_cell
from hardening_support import assert_error, errors_for

from helpers.clean import run as clean


def test_made_up_data_is_clean(made_up_raw: Path) -> None:
    texts = clean.build(made_up_raw)
    assert {"figures.csv", "events.csv", "datapackage.json"} <= set(texts)


def test_malformed_number(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0107-F01", "value_text", "about 3,00")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "value_text", "malformed number")


def test_impossible_date(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "events", "TEST-0107-E02", "date_text", "February 30")
    assert_error(errors_for(made_up_raw), "events.csv", line, "date_text", "impossible date")


def test_end_before_start(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "measures", "TEST-0107-M01", "end_text", "January 3")
    assert_error(errors_for(made_up_raw), "measures.csv", line, "end_text", "end before start")


def test_unknown_place(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F04", "place", "Atlantis")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "place", "unknown place")


def test_duplicate_id(made_up_raw: Path) -> None:
    first = line_of(made_up_raw, "events", "TEST-0107-E01")
    line = set_cell(made_up_raw, "events", "TEST-0107-E02", "event_id", "TEST-0107-E01")
    msgs = errors_for(made_up_raw)
    assert_error(msgs, "events.csv", line, "event_id", "duplicate id")
    assert_error(msgs, "events.csv", first, "event_id", "duplicate id")


def test_missing_required_column(made_up_raw: Path) -> None:
    path = made_up_raw / "measures.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    col = rows[0].index("status")
    path.write_text("\n".join(",".join(f'"{c}"' for i, c in enumerate(r) if i != col) for r in rows) + "\n")
    assert_error(errors_for(made_up_raw), "measures.csv", 1, "status", "required column is missing")


def test_empty_file(made_up_raw: Path) -> None:
    (made_up_raw / "statements.csv").write_text("")
    assert_error(errors_for(made_up_raw), "statements.csv", 1, "*", "file is empty")


def test_quote_not_in_source(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "events", "TEST-0107-E03", "evidence", "Tokayev resigned on Friday")
    assert_error(errors_for(made_up_raw), "events.csv", line, "evidence", "quote not found in the source text")


def test_number_not_in_quote(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F02", "value_text", "eight")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "value_text", "does not occur in the evidence")


def test_unknown_source_id(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "statements", "TEST-0107-S01", "source_id", "no-such-source")
    assert_error(errors_for(made_up_raw), "statements.csv", line, "source_id", "unknown source_id")


def test_unknown_vocabulary_value(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0107-F02", "metric", "arrested")
    rule = "must be one of: detained, killed, injured, participants"
    assert_error(errors_for(made_up_raw), "figures.csv", line, "metric", rule)


def test_all_errors_reported_at_once(made_up_raw: Path) -> None:
    set_cell(made_up_raw, "figures", "TEST-0107-F01", "value_text", "lots")
    set_cell(made_up_raw, "events", "TEST-0107-E01", "date_text", "2022-13-01")
    set_cell(made_up_raw, "measures", "TEST-0108-M02", "place", "Nowhere")
    msgs = errors_for(made_up_raw)
    assert {Path(m.split(":")[0]).name for m in msgs} >= {
        "figures.csv",
        "events.csv",
        "measures.csv",
    }


def test_bom_and_crlf_are_accepted(made_up_raw: Path) -> None:
    for path in made_up_raw.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert clean.build(made_up_raw) == clean.build(MADE_UP)


def test_html_is_kept_as_text(made_up_raw: Path) -> None:
    set_cell(made_up_raw, "events", "TEST-0107-E01", "description", "<script>alert(1)</script> & <b>bold</b>")
    text = clean.build(made_up_raw)["events.csv"]
    assert "<script>alert(1)</script> & <b>bold</b>" in text


@pytest.mark.slow
def test_cli_prints_every_error_and_leaves_output(made_up_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    ok = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(made_up_raw), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    fline = set_cell(made_up_raw, "figures", "TEST-0107-F02", "value_text", "lots")
    eline = set_cell(made_up_raw, "events", "TEST-0107-E02", "date_text", "Funday")
    bad = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(made_up_raw), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert f"/figures.csv:{fline}: column 'value_text' value 'lots': malformed number" in bad.stderr
    assert f"/events.csv:{eline}: column 'date_text' value 'Funday': unrecognised date" in bad.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_raw_files_are_never_rewritten(made_up_raw: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in made_up_raw.glob("*.csv")}
    clean.clean(made_up_raw, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in made_up_raw.glob("*.csv")} == before
