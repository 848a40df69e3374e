"""Every input failure is a `file:line: column 'x' value 'y': rule` error, collected with the others (issue 11, 4)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers import errors
from helpers.clean import numbers


def test_a_latin1_csv_is_an_error_naming_the_line_and_the_byte(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "description", "Café")
    path = raw / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert_error(errors_for(raw), "events.csv", line, "*", "byte 0xe9 is not UTF-8")


def test_a_utf16_csv_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    path = raw / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert_error(errors_for(raw), "figures.csv", 1, "*", "UTF-16")


def test_a_utf16_csv_without_bom_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    path = raw / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    assert_error(errors_for(raw), "figures.csv", 1, "*", "NUL byte")


def test_a_latin1_source_text_is_an_error_not_a_silent_replacement(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    text = raw / "sources" / "test-2022-01-08.txt"
    text.write_bytes(text.read_bytes() + "Le café était calme.\n".encode("latin-1"))
    assert_error(errors_for(raw), "sources/test-2022-01-08.txt", 5, "*", "byte 0xe9 is not UTF-8")


def test_a_stray_invalid_byte_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    path = raw / "statements.csv"
    path.write_bytes(path.read_bytes().replace(b"Mayor", b"Ma\xffyor"))
    assert_error(errors_for(raw), "statements.csv", 2, "*", "byte 0xff is not UTF-8")


def test_a_nul_byte_is_an_error_and_never_reaches_processed(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "notes", "before\x00after")
    assert_error(errors_for(raw), "events.csv", line, "*", "NUL byte")


def test_a_nul_byte_in_a_source_text_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    text = raw / "sources" / "test-2022-01-08.txt"
    text.write_bytes(text.read_bytes() + b"tail\x00\n")
    assert_error(errors_for(raw), "sources/test-2022-01-08.txt", 5, "*", "NUL byte")


def test_a_cell_over_the_csv_field_limit_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "notes", "x" * (csv.field_size_limit() + 10))
    assert_error(errors_for(raw), "events.csv", line, "*", "at most 131,072 characters")


@pytest.mark.parametrize("digits", [20, 5000])
def test_counts_with_too_many_digits_are_errors(tmp_path: Path, digits: int) -> None:
    raw = made_up_raw(tmp_path / "raw")
    token = "9" * digits
    line = set_cell(raw, "figures", 0, "value_text", token)
    set_cell(raw, "figures", 0, "evidence", "About 120 people")
    assert_error(errors_for(raw), "figures.csv", line, "value_text", "implausible count")


def test_counts_above_the_documented_maximum_are_errors() -> None:
    assert numbers.parse_value(f"{numbers.MAX_COUNT:,}").low == numbers.MAX_COUNT
    with pytest.raises(errors.ParseError, match="implausible count"):
        numbers.parse_value(f"{numbers.MAX_COUNT + 1:,}")
    with pytest.raises(errors.ParseError, match="implausible count"):
        numbers.parse_value("twenty-one million")


@pytest.mark.parametrize("report_date", ["0001-01-07", "2300-01-07"])
def test_report_dates_far_outside_a_plausible_range_are_errors(tmp_path: Path, report_date: str) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "sources", 0, "report_date", report_date)
    assert_error(errors_for(raw), "sources.csv", line, "report_date", "implausible report date")


def test_a_date_far_from_its_report_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", 0, "date_text", "2300-01-01")
    assert_error(errors_for(raw), "events.csv", line, "date_text", "implausible date")


def test_every_input_failure_is_collected_and_printed_without_a_traceback(tmp_path: Path, capsys) -> None:
    from helpers.cli.main import main  # in this process: the CLI's subprocess smoke tests are in test_project

    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "sources", 0, "report_date", "0001-01-07")
    set_cell(raw, "figures", 0, "value_text", "9" * 5000)
    (raw / "places.csv").write_bytes((raw / "places.csv").read_bytes().replace(b"made up", b"m\xe9de up"))
    assert main(["clean", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "sources.csv:2: column 'report_date'" in err
    assert "figures.csv:2: column 'value_text'" in err
    assert "places.csv:2: column '*' value '\\xe9'" in err
    assert len(max(err.splitlines(), key=len)) < 400  # 5,000 digits are cut in the message
    assert not (tmp_path / "out").exists()


def test_the_projects_exceptions_share_one_base_class() -> None:
    from helpers.page.params import ParameterError
    from helpers.reports.catalogue import CatalogueError

    for exc in (errors.InputErrors, errors.ParseError, CatalogueError, ParameterError, errors.OutputError):
        assert issubclass(exc, errors.ProjectError)
    assert not issubclass(errors.DataError, BaseException)  # a record, not an exception


def test_a_bad_hedge_names_the_hedge_column_by_attribute() -> None:
    with pytest.raises(errors.ParseError) as exc:
        numbers.parse_value("26", "perhaps more")
    assert exc.value.column == "hedge"
    with pytest.raises(errors.ParseError) as exc:
        numbers.parse_value("twenty hedge")  # the word 'hedge' in a bad value must not move the error
    assert exc.value.column is None


def test_a_duplicated_waiver_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    """Issue 22, point 18: every other table rejects a duplicate; waivers.csv did not."""
    raw = made_up_raw(tmp_path / "raw")
    row = "TEST-S1,Ruritania sent troops to Testland,MADE UP: a restated line.\n"
    (raw / "waivers.csv").write_text("source_id,span,reason\n" + row + row.replace("restated", "repeated"))
    assert_error(errors_for(raw), "waivers.csv", 3, "span", "duplicate waiver: line 2")
