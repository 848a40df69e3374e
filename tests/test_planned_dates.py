"""Dates ahead of the report, planned and actual ends, forces seen in place and changes for part of a place
(issue 17, points 5 and 6), on the MADE-UP reports of tests/fixtures/made_up/contested.

The 9 January report: "The state of emergency will remain in force until 19 January, the president said. A
curfew remains in force in Baikonur. CSTO peacekeepers from Russia remained in Kazakhstan on Sunday." The
10 January report (a Monday): "CSTO troops would begin to withdraw on Thursday and would leave within ten
days, the organisation said. The state of emergency in the Aktobe region was lifted on Monday. It remains in
force in the rest of the country. The curfew in Baikonur was lifted on Saturday."
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, read_csv_rows, set_cell
from hardening_support import assert_error, errors_for

import helpers
from helpers import plots, views
from helpers.charts import spans as span_charts
from helpers.clean.run import clean

CONTESTED = FIXTURES / "made_up" / "contested"
D = pd.Timestamp


@pytest.fixture
def processed(contested_processed: Path) -> Path:
    return contested_processed


@pytest.fixture
def t(processed: Path):
    return helpers.load(processed)


def _rows(folder: Path, table: str, key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in read_csv_rows(folder / f"{table}.csv")}


# ------------------------------------------------------------------ coded and cleaned


def test_the_withdrawal_is_a_planned_end_window_after_next_thursday(processed: Path) -> None:
    d = _rows(processed, "deployments", "deployment_id")["C0110-D01"]
    assert (d["end_text"], d["duration_text"]) == ("next Thursday", "within ten days")
    got = (d["end_from"], d["end"], d["end_precision"], d["end_kind"])
    assert got == ("2022-01-13", "2022-01-23", "range", "planned")
    assert d["date_inferred"] == "true"


def test_forces_seen_in_place_keep_that_day(processed: Path) -> None:
    d = _rows(processed, "deployments", "deployment_id")["C0109-D01"]
    assert (d["seen_text"], d["seen"], d["start"], d["end"]) == ("Sunday", "2022-01-09", "", "")


def test_planned_and_actual_measure_ends(processed: Path) -> None:
    m = _rows(processed, "measures", "measure_id")
    assert (m["C0109-M01"]["end"], m["C0109-M01"]["end_kind"]) == ("2022-01-19", "planned")
    assert (m["C0110-M02"]["end"], m["C0110-M02"]["end_kind"]) == ("2022-01-08", "actual")  # Saturday before Monday
    assert (m["C0110-M01"]["place_id"], m["C0110-M01"]["updates"]) == ("aktobe-region", "C0109-M01")


def test_a_lifted_measure_reads_actual_without_the_column(contested_raw: Path, tmp_path: Path) -> None:
    set_cell(contested_raw, "measures", "C0110-M02", "end_kind", "")
    assert clean(contested_raw, tmp_path / "out")
    assert _rows(tmp_path / "out", "measures", "measure_id")["C0110-M02"]["end_kind"] == "actual"


def test_a_file_without_the_columns_marks_the_date(made_up_raw: Path, tmp_path: Path) -> None:
    """tests/fixtures/made_up (like the real data/raw) has no end_kind or seen_text column in its headers: the
    coder marks the date cell instead, and `add` can type it."""
    set_cell(made_up_raw, "measures", "TEST-0107-M01", "end_text", "January 19 (planned)")
    set_cell(made_up_raw, "deployments", "TEST-0107-D02", "date_text", "Friday (in place)")
    assert clean(made_up_raw, tmp_path / "out")
    m = _rows(tmp_path / "out", "measures", "measure_id")["TEST-0107-M01"]
    assert (m["end"], m["end_kind"], m["end_text"]) == ("2022-01-19", "planned", "January 19 (planned)")
    d = _rows(tmp_path / "out", "deployments", "deployment_id")["TEST-0107-D02"]
    assert (d["start"], d["seen"], d["seen_text"]) == ("", "2022-01-07", "Friday (in place)")


# ------------------------------------------------------------------ refused, one line each


@pytest.mark.parametrize(
    ("table", "row_id", "column", "value", "rule"),
    [
        ("measures", "C0109-M01", "end_kind", "actual", "an actual end cannot lie after the report date (2022-01-09)"),
        ("measures", "C0109-M02", "end_kind", "planned", "a planned end needs a date"),
        ("measures", "C0110-M02", "end_kind", "planned", "a lifted measure's end happened"),
        ("measures", "C0109-M01", "end_kind", "soon", "must be one of: planned, actual"),
        ("deployments", "C0110-D01", "duration_text", "within lots of days", "unrecognised duration"),
        ("deployments", "C0110-D01", "end_text", "next week", "only a weekday can be marked as ahead"),
        ("deployments", "C0109-D01", "seen_text", "next Monday", "seen in place after the report date"),
        ("deployments", "C0109-D01", "seen_text", "earlier this week", "the day seen in place must be one day"),
        ("measures", "C0109-M01", "end_text", "until 19 January (actual)", "says planned but end_text is marked"),
        ("measures", "C0109-M01", "end_text", "until 19 January (in place)", "marks only a deployment's date_text"),
        ("deployments", "C0109-D01", "date_text", "Sunday (in place)", "both give the day seen"),
    ],
)
def test_a_wrong_kind_or_date_is_one_line(contested_raw: Path, table, row_id, column, value, rule) -> None:
    line = set_cell(contested_raw, table, row_id, column, value)
    assert_error(errors_for(contested_raw), f"{table}.csv", line, column, rule)


def test_a_change_for_a_place_outside_the_series_is_refused(contested_raw: Path) -> None:
    """Aktobe region lies within Kazakhstan; Russia does not."""
    line = set_cell(contested_raw, "measures", "C0110-M01", "place", "Russia")
    msgs = errors_for(contested_raw)
    assert_error(msgs, "measures.csv", line, "updates", "of a place that contains this row's")


def test_a_sub_place_and_its_whole_may_both_be_updated_by_one_report(contested_raw: Path, tmp_path: Path) -> None:
    """The 10 January report lifts the state of emergency in the Aktobe region and restates it nationally."""
    with open(contested_raw / "measures.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "C0110-M03,CONTESTED-2022-01-10,state_of_emergency,,Kazakhstan,,,in_force,,,"
            "It remains in force in the rest of the country.,MADE UP FOR TESTS,C0109-M01,,,\n"
        )
    assert clean(contested_raw, tmp_path / "out")


# ------------------------------------------------------------------ what pages say and draw


def test_the_measures_view_keeps_the_national_series_in_force(t) -> None:
    ms = views.measures_as_of(t).set_index("measure_id")
    national, region = ms.loc["C0109-M01"], ms.loc["C0110-M01"]
    assert (national["status"], national["end"], national["span"]) == (
        "in_force",
        D("2022-01-19"),
        "planned until 19 Jan 2022",
    )
    assert (region["within"], region["parent_id"], region["status"], region["end"]) == (
        "Kazakhstan",
        "C0109-M01",
        "lifted",
        D("2022-01-10"),
    )
    assert region["label"] == "State of emergency · Aktobe region (part of Kazakhstan)"


def test_the_sentence_says_planned_and_where_the_change_applies(t) -> None:
    s = views.measures_sentence(views.measures_as_of(t))
    assert "State of emergency · Kazakhstan (planned until 19 January 2022)" in s
    assert (
        "State of emergency: lifted in the Aktobe region on 10 January 2022; in force elsewhere "
        "(planned until 19 January 2022)." in s
    )
    assert "Curfew · Baikonur was lifted: it ended on 8 January 2022" in s
    assert "0 of 2 measures" in s  # the regional change is not counted as a measure of its own


def test_before_the_regional_change_nothing_is_said_about_it(t) -> None:
    s = views.measures_sentence(views.measures_as_of(t, D("2022-01-09")))
    assert "Aktobe" not in s and "planned until 19 January 2022" in s


def test_the_deployment_reads_planned_and_seen(t) -> None:
    dep = views.deployments_as_of(t, "CSTO").set_index("country").loc["Russia"]
    assert dep["stay"] == "planned to end 13 Jan – 23 Jan 2022; in place on 9 Jan 2022"
    assert (dep["start"], dep["end"], bool(dep["no_start"])) == (D("2022-01-09"), D("2022-01-23"), True)
    s = views.deployment_sentence(views.deployments_as_of(t, "CSTO"), "CSTO")
    assert "Russia (planned to end between 13 and 23 January 2022)" in s
    assert "Seen in place (the last day a report says so): Russia on 9 January 2022." in s


def test_seen_in_place_is_drawn_up_to_that_day_not_the_arrival_window(contested_raw: Path, tmp_path: Path) -> None:
    """With an arrival window ("earlier this week": 3 to 8 January in a Sunday report), forces seen in place on
    Sunday are drawn up to Sunday."""
    set_cell(contested_raw, "deployments", "C0109-D01", "date_text", "earlier this week")
    assert clean(contested_raw, tmp_path / "out")
    t9 = helpers.load(tmp_path / "out")
    dep = views.deployments_as_of(t9, "CSTO", D("2022-01-09")).iloc[0]
    assert (dep["start"], dep["arrived_by"], dep["end"]) == (D("2022-01-03"), D("2022-01-08"), D("2022-01-09"))
    assert dep["label"] == "Russia (in place on 9 Jan; arrival window; end not given)"
    styles = [s for _, _, s in span_charts._segments(_chart_row(dep), no_start=False)]
    assert styles == ["window", "seen"]


def _chart_row(dep: pd.Series) -> pd.Series:
    r = dep.copy()
    r["_window"] = True
    return r


def test_the_deployment_chart_draws_the_planned_end_as_an_outline(t) -> None:
    deps = views.deployments_as_of(t, "CSTO")
    chart = plots.window_chart(deps, "label", "CSTO deployment", "Contributor")
    legend = [x.get_text() for x in chart.figure.axes[0].get_legend().get_texts()]
    assert span_charts.PLANNED_MEANING in legend and span_charts.PLANNED_WINDOW_MEANING in legend
    dashed = [p for p in chart.figure.axes[0].patches if p.get_linestyle() == "--"]
    assert len(dashed) == 2  # 11-12 January planned, 13-23 January the planned end window
    assert views.planned_note(deps).startswith("1 end is planned")


def test_the_measure_chart_marks_the_sub_place_and_the_planned_end(t) -> None:
    spans = views.measure_spans(t).set_index("measure_id")
    assert spans.loc["C0110-M01", "start"] == spans.loc["C0109-M01", "start"] == D("2022-01-09")
    chart = plots.window_chart(spans.reset_index(), "label", "Measures", "Measure · place")
    labels = [x.get_text().replace("\n", " ") for x in chart.figure.axes[0].get_yticklabels()]
    assert any("Aktobe region (part of Kazakhstan)" in x for x in labels)
    legend = [x.get_text() for x in chart.figure.axes[0].get_legend().get_texts()]
    assert span_charts.PLANNED_MEANING in legend


def test_a_plain_span_is_drawn_as_before(t) -> None:
    """Rows without a kind, a window end or a day seen are one bar, as on the real pages."""
    r = pd.Series(
        {"start": D("2022-01-07"), "end": D("2022-01-19"), "end_kind": "", "end_from": D("2022-01-19")}
        | {"seen": pd.NaT, "arrived_by": pd.NaT, "reported": D("2022-01-07"), "_window": False}
    )
    assert span_charts._segments(r, no_start=False) == []


def test_the_timeline_draws_the_planned_end(t) -> None:
    items = views.timeline(t)
    chart = plots.timeline_chart(items.query("dated"), views.crisis_start(t), "Events and measures")
    legend = [x.get_text() for x in chart.figure.axes[0].get_legend().get_texts()]
    assert "planned: what a report said would happen" in legend
    labels = [x.get_text().replace("\n", " ") for x in chart.figure.axes[0].get_yticklabels()]
    assert "State of emergency · Aktobe region (part of Kazakhstan)" in labels


def test_the_timeline_table_says_the_end_is_planned(t) -> None:
    when = views.timeline(t).set_index("item_id")["when"]
    assert when["C0109-M01"].startswith("planned until 19 Jan 2022; no start given")
    assert when["C0110-M02"].startswith("until 8 Jan 2022")
    assert views.planned_note(views.timeline(t).query("dated")).startswith("1 end is planned")


def test_the_timeline_sentence_does_not_present_a_planned_end_as_a_dated_event(t) -> None:
    items = views.timeline(t)
    last = items.query("dated").sort_values("end").iloc[-1]
    sentence = views.timeline_sentence(items, t)
    assert last["end_kind"] == "planned"
    assert f"planned end of {last['label']}" in sentence


def test_the_audit_keeps_an_implied_speaker_marked(made_up_processed: Path) -> None:
    """The audit table says what the statements page says: a speaker the report only implies is marked."""
    import dataclasses

    t = helpers.load(made_up_processed)
    audit = views.audit(dataclasses.replace(t, statements=t.statements.assign(attribution="implied")))
    claims = audit.query("table == 'statements'")["claim"]
    assert len(claims) and claims.str.contains("(implied: not named in the report)", regex=False).all()


@pytest.mark.slow
def test_the_pages_say_planned_and_where_on_the_made_up_reports(
    processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notebooks 05 and 02 run on the made-up contested reports print the words and draw the legend."""
    from test_notebooks import execute, outputs_text

    monkeypatch.setenv("KZ_PROCESSED_DIR", str(processed))
    page = outputs_text(execute("05-deployment-measures.ipynb", tmp_path / "m.ipynb", {}))
    assert "lifted in the Aktobe region on 10 January 2022; in force elsewhere (planned until 19 January 2022)" in page
    assert "Russia (planned to end between 13 and 23 January 2022)" in page
    assert "planned to end 13 Jan – 23 Jan 2022; in place on 9 Jan 2022" in page
    assert "drawn as a dashed outline after the last report" in page
    timeline = outputs_text(execute("02-timeline.ipynb", tmp_path / "t.ipynb", {}))
    assert "planned until 19 Jan 2022" in timeline and "drawn as a dashed outline" in timeline


def test_a_planned_start_reads_and_draws_as_planned(contested_raw: Path, tmp_path: Path) -> None:
    """Made up: the Baikonur curfew of Sunday 9 January coded as taking effect next Monday (10 January) until
    19 January: 'planned from', and the whole bar an outline as of the 9 January report."""
    set_cell(contested_raw, "measures", "C0109-M02", "start_text", "next Monday (planned)")
    set_cell(contested_raw, "measures", "C0109-M02", "end_text", "January 19")
    assert clean(contested_raw, tmp_path / "out")
    t2 = helpers.load(tmp_path / "out")
    ms = views.measures_as_of(t2, D("2022-01-09")).set_index("measure_id")
    assert ms.loc["C0109-M02", "span"] == "planned from 10 Jan 2022, until 19 Jan 2022"
    spans = views.measure_spans(t2, D("2022-01-09"))
    row = spans.set_index("measure_id").loc["C0109-M02"].copy()
    row["_window"] = False
    assert span_charts._segments(row, no_start=False) == [(D("2022-01-10"), D("2022-01-19"), "planned")]


def _with_a_part_of_the_deployment(raw: Path) -> None:
    """Add to a copy of the fixture a MADE-UP sentence and its row: Russia's peacekeepers left Almaty only."""
    with open(raw / "sources" / "CONTESTED-2022-01-10.txt", "a", encoding="utf-8") as fh:
        fh.write("MADE UP: Russian peacekeepers left Almaty on Monday.\n")
    with open(raw / "deployments.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "C0110-D02,CONTESTED-2022-01-10,CSTO,Russia,,Monday,,,,Russian peacekeepers left Almaty on Monday.,,"
            "MADE UP FOR TESTS,C0109-D01,,actual,,Almaty\n"
        )


def test_a_deployment_change_for_part_of_the_country(contested_raw: Path, tmp_path: Path) -> None:
    _with_a_part_of_the_deployment(contested_raw)
    assert clean(contested_raw, tmp_path / "out")
    t2 = helpers.load(tmp_path / "out")
    deps = views.deployments_as_of(t2, "CSTO").set_index("deployment_id")
    part, whole = deps.loc["C0110-D02"], deps.loc["C0110-D01"]
    assert (part["place"], part["parent_id"], part["until"]) == ("Almaty", "C0109-D01", D("2022-01-10"))
    assert whole["until"] == D("2022-01-23")  # the whole deployment keeps its planned end
    s = views.deployment_sentence(deps.reset_index(), "CSTO")
    assert s.startswith("1 country contributed forces")
    assert "Russia: left Almaty on 10 January 2022; elsewhere in place (planned to end between 13 and 23" in s
    assert part["label"] == "Russia · Almaty, part of the deployment (ended on 10 Jan)"


def test_the_whole_deployment_cannot_update_a_part(contested_raw: Path) -> None:
    _with_a_part_of_the_deployment(contested_raw)
    line = set_cell(contested_raw, "deployments", "C0110-D01", "updates", "C0110-D02")
    assert_error(errors_for(contested_raw), "deployments.csv", line, "updates", "a change for part of a deployment")


def test_the_body_that_lifts_a_measure_is_not_credited_with_bringing_it_in(t) -> None:
    """Second fresh-reader pass: a curfew no one is said to have introduced read 'Announced or stated by:
    Baikonur local administration' once that administration announced its lifting."""
    import dataclasses

    from helpers.analysis.measures import _announcers

    assert _announcers("", "MADE-UP administration", "lifted") == "not stated; lifted by MADE-UP administration"
    assert _announcers("MADE-UP president", "MADE-UP president", "lifted") == "MADE-UP president"
    assert _announcers("MADE-UP president", "", "extended") == "MADE-UP president"
    ms = t.measures
    place_of = dict(zip(ms["measure_id"], ms["place_id"], strict=True))
    later = ms[[place_of.get(u) == p for u, p in zip(ms["updates"], ms["place_id"], strict=True)]]
    assert len(later), "the contested reports lift a measure for its own place"
    row = later.iloc[0]
    first = ms.loc[ms["measure_id"] == row["updates"]].index
    changed = ms.copy()
    changed.loc[first, "announced_by"] = ""
    changed.loc[later.index[:1], "announced_by"] = "MADE-UP administration"
    shown = views.measures_as_of(dataclasses.replace(t, measures=changed))
    assert shown["announced_by"].astype(str).str.startswith("not stated; ").any()


def test_contributors_seen_on_one_day_are_named_once(t) -> None:
    """Second fresh-reader pass: 'Armenia on 7 January 2022; Belarus on 7 January 2022; …' five times over."""
    deps = views.deployments_as_of(t, "CSTO")
    two = pd.concat([deps, deps.assign(country="MADE-UP Land", country_id="made-up-land")], ignore_index=True)
    said = views.deployment_sentence(two.assign(seen=pd.Timestamp("2022-01-09")), "CSTO")
    assert "All 2 were seen in place on 9 January 2022, the last day a report says so." in said
