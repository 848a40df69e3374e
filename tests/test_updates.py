"""Links across reports (`updates`, `part_of`): the made-up fixture's links come through, and every broken
link is an error naming file, line, column, value and rule, all reported at once."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import line_of, read_csv_rows, set_cell
from test_clean_errors import assert_error, errors_for

from helpers.clean import run as clean
from helpers.clean.updates import on_cycles


def read_csv_rows_text(text: str) -> dict[str, dict[str, str]]:
    return {r["figure_id"]: r for r in csv.DictReader(io.StringIO(text))}


def _rows(folder: Path, table: str) -> dict[str, dict[str, str]]:
    key = {"figures": "figure_id", "measures": "measure_id", "deployments": "deployment_id"}[table]
    return {r[key]: r for r in read_csv_rows(folder / f"{table}.csv")}


# ------------------------------------------------------------------ the links come through


def test_processed_tables_carry_the_links(made_up_processed: Path) -> None:
    figures = _rows(made_up_processed, "figures")
    assert figures["TEST-0108-F02"]["updates"] == "TEST-0107-F02"
    assert figures["TEST-0108-F03"]["part_of"] == "TEST-0108-F02"
    assert figures["TEST-0107-F02"]["updates"] == "" and figures["TEST-0107-F02"]["part_of"] == ""
    measures = _rows(made_up_processed, "measures")
    assert measures["TEST-0108-M01"]["updates"] == "TEST-0107-M02"
    assert measures["TEST-0108-M01"]["status"] == "lifted" and measures["TEST-0108-M01"]["end"] == "2022-01-08"
    assert measures["TEST-0111-M01"]["status"] == "extended" and measures["TEST-0111-M01"]["end"] == "2022-01-19"
    assert measures["TEST-0111-M02"]["status"] == "changed"
    deployments = _rows(made_up_processed, "deployments")
    assert deployments["TEST-0109-D01"]["updates"] == "TEST-0107-D01"
    assert deployments["TEST-0109-D01"]["end"] == "2022-01-21"


def test_open_lows_odd_and_even(made_up_processed: Path) -> None:
    figures = _rows(made_up_processed, "figures")
    lows = {k: (figures[k]["low"], figures[k]["high"]) for k in ("TEST-0108-F01", "TEST-0109-F01", "TEST-0107-F03")}
    assert lows == {"TEST-0108-F01": ("5801", ""), "TEST-0109-F01": ("62", ""), "TEST-0107-F03": ("90", "")}


def test_datapackage_declares_the_links_as_foreign_keys(made_up_processed: Path) -> None:
    import json

    package = json.loads((made_up_processed / "datapackage.json").read_text(encoding="utf-8"))
    keys = {
        (r["name"], fk["fields"][0]): (fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in package["resources"]
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert keys[("figures", "updates")] == ("", "figure_id")
    assert keys[("figures", "part_of")] == ("", "figure_id")
    assert keys[("measures", "updates")] == ("", "measure_id")
    assert keys[("deployments", "updates")] == ("", "deployment_id")


# ------------------------------------------------------------------ updates: broken links


def test_updates_unknown_id(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F01", "updates", "TEST-0107-F99")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "updates", "unknown figure_id")


def test_updates_row_of_another_table(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "measures", "TEST-0108-M01", "updates", "TEST-0107-F02")
    assert_error(
        errors_for(made_up_raw),
        "measures.csv",
        line,
        "updates",
        "names a row of figures.csv: updates must name a measure_id",
    )


def test_updates_itself(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "deployments", "TEST-0109-D01", "updates", "TEST-0109-D01")
    assert_error(errors_for(made_up_raw), "deployments.csv", line, "updates", "cannot update itself")


@pytest.mark.parametrize(
    ("table", "row_id", "target", "differs"),
    [
        ("figures", "TEST-0111-F02", "TEST-0108-F04", "metric is 'killed' here but 'detained'"),
        ("figures", "TEST-0108-F05", "TEST-0107-F02", "place_id is 'almaty' here but 'kazakhstan'"),
        ("measures", "TEST-0111-M01", "TEST-0107-M01", "measure is 'curfew' here but 'terror_threat_level'"),
        ("measures", "TEST-0108-M01", "TEST-0108-M02", "place_id is 'baikonur' here but 'almaty'"),
        ("deployments", "TEST-0109-D01", "TEST-0107-D02", "country_id is 'belarus' here but 'russia'"),
    ],
)
def test_updates_must_keep_the_series(made_up_raw: Path, table: str, row_id: str, target: str, differs: str) -> None:
    line = set_cell(made_up_raw, table, row_id, "updates", target)
    msgs = errors_for(made_up_raw)
    assert_error(msgs, f"{table}.csv", line, "updates", "must update a row of the same series")
    assert_error(msgs, f"{table}.csv", line, "updates", differs)


def test_a_revised_count_may_reword_its_subject(made_up_raw: Path) -> None:
    set_cell(made_up_raw, "figures", "TEST-0108-F05", "subject", "people, including police officers")
    text = clean.build(made_up_raw)["figures.csv"]
    assert "people, including police officers" in text


def test_updates_must_point_back_in_time(made_up_raw: Path) -> None:
    later = set_cell(made_up_raw, "figures", "TEST-0108-F01", "updates", "TEST-0111-F01")
    same_day = set_cell(made_up_raw, "figures", "TEST-0108-F03", "updates", "TEST-0108-F02")
    msgs = errors_for(made_up_raw)
    assert_error(msgs, "figures.csv", later, "updates", "TEST-0111-F01 is from the report of 2022-01-11")
    assert_error(
        msgs,
        "figures.csv",
        same_day,
        "updates",
        "from the report of 2022-01-08, this row from the report of 2022-01-08",
    )


def test_updates_loop(made_up_raw: Path) -> None:
    first = set_cell(made_up_raw, "figures", "TEST-0107-F02", "updates", "TEST-0108-F02")
    second = line_of(made_up_raw, "figures", "TEST-0108-F02")
    msgs = errors_for(made_up_raw)
    assert_error(
        msgs, "figures.csv", first, "updates", "links form a loop: TEST-0107-F02 → TEST-0108-F02 → TEST-0107-F02"
    )
    assert_error(
        msgs, "figures.csv", second, "updates", "links form a loop: TEST-0108-F02 → TEST-0107-F02 → TEST-0108-F02"
    )


def test_a_part_may_only_update_a_part(made_up_raw: Path) -> None:
    """The 16 security-force dead (part of the 44) are not a revision of the 26 dead of 7 January."""
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "updates", "TEST-0107-F02")
    assert_error(
        errors_for(made_up_raw),
        "figures.csv",
        line,
        "updates",
        "a part of a total may only update another part: TEST-0107-F02 is not part of a total",
    )


def test_a_total_may_not_update_a_part(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0111-F02", "updates", "TEST-0108-F03")
    assert_error(
        errors_for(made_up_raw),
        "figures.csv",
        line,
        "updates",
        "a total may not update a part: TEST-0108-F03 is part of TEST-0108-F02",
    )


def test_a_part_may_update_an_earlier_part(made_up_raw: Path) -> None:
    """A later report's part of its total may update the earlier report's part (both are parts)."""
    path = made_up_raw / "figures.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(
            "TEST-0111-F03,TEST-2022-01-11,killed,Kazakhstan,members of the security forces,Monday,164,,Officials,"
            "body,,The death toll rose to 164 on Monday,MADE UP FOR TESTS,TEST-0108-F03,TEST-0111-F02\n"
        )
    rows = read_csv_rows_text(clean.build(made_up_raw)["figures.csv"])
    assert rows["TEST-0111-F03"]["updates"] == "TEST-0108-F03"


def test_two_rows_of_one_source_may_not_update_the_same_row(made_up_raw: Path) -> None:
    path = made_up_raw / "figures.csv"
    first = line_of(made_up_raw, "figures", "TEST-0111-F02")
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(
            "TEST-0111-F03,TEST-2022-01-11,killed,Kazakhstan,people,Monday,164,,Officials,body,,"
            "The death toll rose to 164 on Monday,MADE UP FOR TESTS,TEST-0108-F02,\n"
        )
    later = line_of(made_up_raw, "figures", "TEST-0111-F03")
    msgs = errors_for(made_up_raw)
    assert_error(
        msgs,
        "figures.csv",
        later,
        "updates",
        f"TEST-0111-F02 (line {first}) of the same source already updates TEST-0108-F02",
    )
    assert not any(f"figures.csv:{first}:" in m for m in msgs), msgs  # the earlier line is not the error


def test_updates_must_be_an_id(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "measures", "TEST-0111-M01", "updates", "the Almaty curfew")
    assert_error(errors_for(made_up_raw), "measures.csv", line, "updates", "must match")


# ------------------------------------------------------------------ part_of: broken links


def test_part_of_unknown_id(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0108-F99")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "part_of", "unknown figure_id")


def test_part_of_row_of_another_table(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0108-E01")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "part_of", "names a row of events.csv")


def test_part_of_itself(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0108-F03")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "part_of", "cannot be part of itself")


def test_part_of_another_source(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0111-F02")
    assert_error(errors_for(made_up_raw), "figures.csv", line, "part_of", "the total must come from the same source")


def test_part_of_another_metric(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0108-F01")
    msgs = errors_for(made_up_raw)
    assert_error(msgs, "figures.csv", line, "part_of", "counts detained, this figure killed")
    assert not [m for m in msgs if "same source" in m or "cannot exceed" in m]


def test_part_larger_than_total(made_up_raw: Path) -> None:
    set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "")
    line = set_cell(made_up_raw, "figures", "TEST-0108-F02", "part_of", "TEST-0108-F03")
    assert_error(
        errors_for(made_up_raw),
        "figures.csv",
        line,
        "part_of",
        "a part cannot exceed its total: the low of TEST-0108-F03 (16) is below this figure's low (44)",
    )


def test_part_of_loop(made_up_raw: Path) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0108-F02", "part_of", "TEST-0108-F03")
    other = line_of(made_up_raw, "figures", "TEST-0108-F03")
    msgs = errors_for(made_up_raw)
    assert_error(msgs, "figures.csv", line, "part_of", "links form a loop")
    assert_error(msgs, "figures.csv", other, "part_of", "links form a loop")


def test_only_figures_have_part_of(made_up_raw: Path) -> None:
    path = made_up_raw / "measures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",part_of", *(ln + "," for ln in lines[1:])]) + "\n", encoding="utf-8")
    assert_error(errors_for(made_up_raw), "measures.csv", 1, "part_of", "unknown column")


@pytest.mark.slow
def test_every_broken_link_is_reported_at_once_by_the_cli(made_up_raw: Path, tmp_path: Path) -> None:
    a = set_cell(made_up_raw, "figures", "TEST-0108-F01", "updates", "nope")
    b = set_cell(made_up_raw, "figures", "TEST-0108-F03", "part_of", "TEST-0108-F01")
    c = set_cell(made_up_raw, "measures", "TEST-0111-M01", "updates", "TEST-0107-M01")
    d = set_cell(made_up_raw, "deployments", "TEST-0109-D01", "updates", "TEST-0107-D02")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(made_up_raw), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    for file, line, column, value in (
        ("figures.csv", a, "updates", "nope"),
        ("figures.csv", b, "part_of", "TEST-0108-F01"),
        ("measures.csv", c, "updates", "TEST-0107-M01"),
        ("deployments.csv", d, "updates", "TEST-0107-D02"),
    ):
        assert f"/{file}:{line}: column '{column}' value '{value}': " in run.stderr, run.stderr
    assert not out.exists()


# ------------------------------------------------------------------ loop finding


def test_on_cycles() -> None:
    assert on_cycles({"a": "b", "b": "c"}) == {}
    assert on_cycles({"a": "b", "b": "a", "c": "a"}) == {"a": ["a", "b"], "b": ["a", "b"]}
    assert set(on_cycles({"x": "y", "y": "z", "z": "x", "w": "x"})) == {"x", "y", "z"}
