"""Bad input: every problem is reported at once, naming file, line, column and value; nothing is written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_cell

from helpers import clean
from helpers.errors import InputErrors


def errors_for(raw_dir: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        clean.build(raw_dir)
    return [str(e) for e in exc.value.errors]


def assert_error(messages: list[str], file: str, line: int, column: str, rule_part: str) -> None:
    head = f"{file}:{line}: column '{column}'"
    wanted = [m for m in messages if (m.startswith(head) or f"/{head}" in m) and rule_part in m]
    assert wanted, f"no error for {file}:{line} {column} ~ {rule_part!r} in:\n" + "\n".join(messages)


def test_real_data_is_clean() -> None:
    texts = clean.build()
    assert {"figures.csv", "events.csv", "datapackage.json"} <= set(texts)


def test_malformed_number(raw: Path) -> None:
    line = set_cell(raw, "figures", 0, "value_text", "almost 4,00")
    assert_error(errors_for(raw), "figures.csv", line, "value_text", "malformed number")


def test_impossible_date(raw: Path) -> None:
    line = set_cell(raw, "events", 0, "date_text", "February 30")
    assert_error(errors_for(raw), "events.csv", line, "date_text", "impossible date")


def test_end_before_start(raw: Path) -> None:
    line = set_cell(raw, "measures", 3, "end_text", "January 3")
    assert_error(errors_for(raw), "measures.csv", line, "end_text", "end before start")


def test_unknown_place(raw: Path) -> None:
    line = set_cell(raw, "figures", 7, "place", "Atlantis")
    assert_error(errors_for(raw), "figures.csv", line, "place", "unknown place")


def test_duplicate_id(raw: Path) -> None:
    line = set_cell(raw, "events", 1, "event_id", "KZ0107-E01")
    msgs = errors_for(raw)
    assert_error(msgs, "events.csv", line, "event_id", "duplicate id")
    assert_error(msgs, "events.csv", 2, "event_id", "duplicate id")


def test_missing_required_column(raw: Path) -> None:
    path = raw / "measures.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    col = rows[0].index("status")
    path.write_text("\n".join(",".join(f'"{c}"' for i, c in enumerate(r) if i != col) for r in rows) + "\n")
    assert_error(errors_for(raw), "measures.csv", 1, "status", "required column is missing")


def test_empty_file(raw: Path) -> None:
    (raw / "statements.csv").write_text("")
    assert_error(errors_for(raw), "statements.csv", 1, "*", "file is empty")


def test_quote_not_in_source(raw: Path) -> None:
    line = set_cell(raw, "events", 2, "evidence", "Tokayev resigned on Friday")
    assert_error(errors_for(raw), "events.csv", line, "evidence", "quote not found in the source text")


def test_number_not_in_quote(raw: Path) -> None:
    line = set_cell(raw, "figures", 7, "value_text", "eight")
    assert_error(errors_for(raw), "figures.csv", line, "value_text", "does not occur in the evidence")


def test_unknown_source_id(raw: Path) -> None:
    line = set_cell(raw, "statements", 0, "source_id", "no-such-source")
    assert_error(errors_for(raw), "statements.csv", line, "source_id", "unknown source_id")


def test_unknown_vocabulary_value(raw: Path) -> None:
    line = set_cell(raw, "figures", 0, "metric", "arrested")
    assert_error(errors_for(raw), "figures.csv", line, "metric", "must be one of: detained, killed, injured")


def test_all_errors_reported_at_once(raw: Path) -> None:
    set_cell(raw, "figures", 0, "value_text", "lots")
    set_cell(raw, "events", 0, "date_text", "2022-13-01")
    set_cell(raw, "measures", 0, "place", "Nowhere")
    msgs = errors_for(raw)
    assert {Path(m.split(":")[0]).name for m in msgs} >= {
        "figures.csv",
        "events.csv",
        "measures.csv",
    }


def test_bom_and_crlf_are_accepted(raw: Path) -> None:
    for path in raw.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert clean.build(raw) == clean.build()


def test_html_is_kept_as_text(raw: Path) -> None:
    set_cell(raw, "events", 0, "description", "<script>alert(1)</script> & <b>bold</b>")
    text = clean.build(raw)["events.csv"]
    assert "<script>alert(1)</script> & <b>bold</b>" in text


def test_cli_prints_every_error_and_leaves_output(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    ok = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    set_cell(raw, "figures", 0, "value_text", "lots")
    set_cell(raw, "events", 0, "date_text", "Funday")
    bad = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "/figures.csv:2: column 'value_text' value 'lots': malformed number" in bad.stderr
    assert "/events.csv:2: column 'date_text' value 'Funday': unrecognised date" in bad.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_raw_files_are_never_rewritten(raw: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in raw.glob("*.csv")}
    clean.clean(raw, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in raw.glob("*.csv")} == before
