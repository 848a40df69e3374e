"""Coverage: numbers, dates and names no quote covers are listed; waivers need a real span; make data warns."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import read_csv_rows, set_cell

import helpers
from helpers import views
from helpers.clean import coverage
from helpers.clean import run as clean
from helpers.coding import coverage as coverage_cmd
from helpers.errors import InputErrors

MADE_UP = (
    "MADE UP: On Friday evening, 26 police officers and dozens of people were hurt in Almaty, seven of them badly."
)


def test_candidates_find_each_kind() -> None:
    found = {MADE_UP[s:e]: kind for s, e, kind in coverage.candidates(MADE_UP)}
    assert found == {
        "MADE UP": "name",
        "Friday evening": "date",
        "26": "number",
        "dozens": "vague",
        "Almaty": "name",
        "seven": "number_word",
    }


def test_a_quote_covers_a_waiver_waives_and_the_rest_is_listed() -> None:
    spans, rows = coverage.analyse(
        "made-up", MADE_UP, ["26 police officers"], ["26 police officers"], [("seven of them", "MADE UP reason")]
    )
    status = {s.text: s.status for s in spans}
    assert status["26"] == "covered" and status["seven"] == "waived"
    assert [s.text for s in spans if s.status == "uncovered"] == ["MADE UP", "Friday evening", "dozens", "Almaty"]
    assert rows[0]["coded"] and rows[0]["uncovered"] == 4


def test_the_real_report_is_fully_covered_after_waivers() -> None:
    lines, uncovered = coverage_cmd.report(helpers.paths.RAW)
    assert uncovered == 0, lines
    waivers = read_csv_rows(helpers.paths.RAW / "waivers.csv")
    assert waivers and all(len(w["reason"]) > 40 for w in waivers)


def test_a_waiver_must_quote_the_source(raw: Path) -> None:
    line = set_cell(raw, "waivers", 0, "span", "MADE UP words the report never says")
    with pytest.raises(InputErrors) as exc:
        clean.build(raw)
    assert any(f"waivers.csv:{line}: column 'span'" in str(e) and "quote not found" in str(e) for e in exc.value.errors)


def waived(raw: Path) -> int:
    """How many spans the waivers waive, over every source (read from the coverage summary lines)."""
    lines, _ = coverage_cmd.report(raw)
    return sum(int(m[1]) for line in lines if (m := re.search(r" (\d+) waived, ", line)))


@pytest.mark.slow
def test_make_data_warns_about_uncovered_spans_but_succeeds(raw: Path, tmp_path: Path) -> None:
    n = waived(raw)  # whatever reports are coded: the seed alone waives 2 spans, Baikonur's among them
    assert n >= 2
    (raw / "waivers.csv").write_text("source_id,span,reason\n", encoding="utf-8")
    warnings: list[str] = []
    assert clean.clean(raw, tmp_path / "out", warn=warnings.append)
    assert len(warnings) == 1 and f"{n} number(s), date(s) or name(s)" in warnings[0]
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "coverage", "--raw", str(raw)], capture_output=True, text=True, check=True
    )
    seed = next(line for line in done.stdout.splitlines() if line.startswith("kz-2022-01-07: "))
    assert " 0 waived, 2 uncovered;" in seed  # the seed's own two
    assert "uncovered name 'Baikonur'" in done.stdout


def test_without_a_waivers_file_nothing_is_waived(raw: Path) -> None:
    n = waived(raw)
    assert n >= 1  # the seed's own waivers (section headings restating the next sentence)
    (raw / "waivers.csv").unlink()
    assert waived(raw) == 0 and coverage_cmd.report(raw)[1] == n


def test_coverage_view_gives_the_share_of_coded_sentences(made_up_processed: Path) -> None:
    t = helpers.load(made_up_processed)
    table = views.coverage(t)
    assert sorted(table["source_id"]) == sorted(t.sources["source_id"])
    per_sentence = t.coverage.groupby("source_id")
    for row in table.itertuples():
        assert row.sentences == per_sentence.size()[row.source_id]
        assert row.coded_sentences == per_sentence["coded"].sum()[row.source_id]
        assert row.coded_percent == f"{100 * row.coded_sentences / row.sentences:.0f}%"
    one = views.coverage(t, table["source_id"].iloc[0])
    assert list(one["source_id"]) == [table["source_id"].iloc[0]]
    assert "sentences" in views.coverage_sentence(one) and views.coverage_sentence(one.iloc[0:0]).startswith("No ")
