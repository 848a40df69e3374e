"""Views answer "as of date D" on the MADE-UP multi-report fixture (tests/fixtures/made_up), never on the
real coding: latest figure per series, reconciled measure spans, one row per contributor, parts kept
apart from totals, honest attribution and reader tables without raw missing values."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import views
from helpers.tables import Tables

D = pd.Timestamp


@pytest.fixture(scope="module")
def t(made_up_processed: Path) -> Tables:
    return helpers.load(made_up_processed)


def test_headline_holds_the_newest_count_and_marks_older_ones(t: Tables) -> None:
    head = views.headline(t)
    row = head[(head["metric"] == "detained") & (head["place_id"] == "kazakhstan")].iloc[0]
    assert row["figure_id"] == "TEST-0111-F01" and row["display"] == "9,900"
    sentences = views.headline_sentences(head)
    almaty = next(s for s in sentences if s.startswith("Injured in Almaty"))
    assert "at least 150" in almaty and "from an older report (the latest is of 11 January 2022)" in almaty
    assert not any("older" in s for s in sentences if s.startswith("Detained in Kazakhstan"))
    # a part of a total is never a headline of its own
    assert "TEST-0108-F03" not in set(head["figure_id"])


def test_headline_as_of_an_earlier_day_uses_only_reports_known_then(t: Tables) -> None:
    head = views.headline(t, D("2022-01-08"))
    killed = head[(head["metric"] == "killed") & (head["place_id"] == "kazakhstan")].iloc[0]
    assert killed["display"] == "44"
    assert set(head["reported"]) <= {D("2022-01-07"), D("2022-01-08")}


def test_latest_figure_per_series_keeps_history(t: Tables) -> None:
    latest = views.latest_figures(t).set_index("figure_id")
    assert latest.loc["TEST-0111-F01", "history"] == 2  # about 3,000 → more than 5,800 → 9,900
    assert latest.loc["TEST-0108-F03", "is_part"]
    assert "part of 44 (TEST-0108-F02)" == latest.loc["TEST-0108-F03", "part_of_text"]


def test_a_part_never_joins_its_totals_line(t: Tables) -> None:
    lines = views.trend_lines(views.trend(t, "killed"))
    total = lines[lines["place"] == "Kazakhstan"]
    assert list(total["figure_id"]) == ["TEST-0107-F02", "TEST-0108-F02", "TEST-0111-F02"]
    assert "TEST-0108-F03" not in set(lines["figure_id"])  # one date only: no line, and never on the total's
    assert lines[["low", "best", "high"]].dtypes.eq("float64").all()  # open bounds cannot break casting


def test_changes_compare_with_the_row_a_figure_updates(t: Tables) -> None:
    ch = views.changes(t).set_index("figure_id")
    assert ch.loc["TEST-0111-F01", "before"] == "more than 5,800"
    assert ch.loc["TEST-0111-F02", "before"] == "44"
    assert views.changes(t, D("2022-01-07")).empty


def test_lifted_measure_ends_on_the_day_it_was_lifted(t: Tables) -> None:
    ms = views.measures_as_of(t).set_index("label")
    curfew = ms.loc["Curfew · Baikonur"]
    assert curfew["status"] == "lifted" and curfew["end"] == D("2022-01-08") and curfew["start"] == D("2022-01-07")
    assert curfew["history"] == "TEST-0107-M02"
    assert ms.loc["Curfew (night) · Almaty", "end"] == D("2022-01-19")  # extended from 15 January
    # before the lifting report, the curfew still runs to the 19th
    early = views.measures_as_of(t, D("2022-01-07")).set_index("label")
    assert early.loc["Curfew · Baikonur", "end"] == D("2022-01-19")
    assert len(views.measures_as_of(t)) == t.measures[["measure", "place_id"]].drop_duplicates().shape[0]


def test_a_level_change_starts_a_new_phase(t: Tables) -> None:
    ph = views.measure_phases(t)
    levels = ph[ph["measure"] == "terror_threat_level"].set_index("level")
    assert levels.loc["blue", "end"] == D("2022-01-10") and levels.loc["yellow", "start"] == D("2022-01-10")
    assert pd.isna(levels.loc["yellow", "end"])


def test_one_row_per_contributor_with_its_latest_end(t: Tables) -> None:
    deps = views.deployments_as_of(t, "CSTO").set_index("country")
    assert sorted(deps.index) == ["Belarus", "Russia"]
    assert deps.loc["Belarus", "until"] == D("2022-01-21") and deps.loc["Belarus", "stay"] == "until 21 January 2022"
    assert pd.isna(deps.loc["Russia", "until"]) and deps.loc["Russia", "start"] == D("2022-01-03")
    assert "A later report gives an end for Belarus (until 21 January 2022)" in views.deployment_sentence(
        deps.reset_index(), "CSTO"
    )


def test_timeline_filter_applies_to_measures_too(t: Tables) -> None:
    everything = views.timeline(t)
    assert everything["end"].max() == D("2022-01-19")
    violent = views.timeline(t, event_types=["clash", "riot", "protest"])
    assert set(violent["kind"]) == {"event"} and set(violent["type"]) <= {"clash", "riot", "protest"}
    lifted = everything.set_index("item_id").loc["TEST-0108-M01"]
    assert lifted["end"] == D("2022-01-08")


def test_window_defaults_to_the_whole_range_of_the_data(t: Tables) -> None:
    lo, hi = views.data_range(t)
    assert hi == D("2022-01-21")  # Belarus's end, from the 9 January report
    assert views.window_sentence(t).startswith(f"Shown: {views.day(lo)} (day 1) to {views.day(hi)}")


def test_sources_for_names_each_report_with_how_its_date_is_known(t: Tables) -> None:
    src = views.sources_for(t, views.trend(t, "injured")).set_index("source_id")
    assert list(src.index) == ["TEST-2022-01-07", "TEST-2022-01-08", "TEST-2022-01-09"]
    assert src.loc["TEST-2022-01-09", "date_note"].startswith("inferred: ")
    assert src.loc["TEST-2022-01-09", "publisher"] == "not given"
    assert src.loc["TEST-2022-01-07", "date_note"] == "stated in the report"


def test_implied_speakers_are_labelled_and_counted_apart(t: Tables) -> None:
    st = t.statements.copy()
    st.loc[st["statement_id"] == "TEST-0107-S01", "attribution"] = "implied"
    st.loc[st["statement_id"] == "TEST-0108-S01", ["speaker", "attribution"]] = ["Kassym-Jomart Tokayev", "explicit"]
    t2 = dataclasses.replace(t, statements=st)
    who = views.speakers(t2, "Kassym-Jomart Tokayev").set_index("speaker")["total"]
    assert who.to_dict() == {"Kassym-Jomart Tokayev": 1, "Kassym-Jomart Tokayev (implied: not named in the report)": 1}
    said = views.statements(t2, "Kassym-Jomart Tokayev")
    assert set(said["speaker"]) == {"Kassym-Jomart Tokayev"}
    assert "1 of them is attributed by context only (implied)" in views.speakers_sentence(said)


def test_joined_fragments_are_separate_quotes() -> None:
    assert views.quote_parts("bandits and terrorists … nonsense") == ["bandits and terrorists", "nonsense"]
    assert views.quote_text("bandits and terrorists … nonsense") == "“bandits and terrorists” … “nonsense”"
    assert views.quote_text(pd.NA) == "—"


def test_mandate_fragments_each_keep_their_own_speaker(t: Tables) -> None:
    deps = t.deployments.copy()
    deps["mandate_evidence"] = "arrived in Kazakhstan earlier this week … order had been"
    t2 = dataclasses.replace(t, deployments=deps)
    quotes = views.mandate_quotes(t2, views.deployments_as_of(t2, "CSTO")).set_index("quote")
    assert quotes.loc["arrived in Kazakhstan earlier this week", "speaker"] == "CSTO spokesman"
    assert quotes.loc["order had been", "speaker"] == "Kassym-Jomart Tokayev"
    assert len(quotes) == quotes.index.nunique()


def test_readable_tables_hold_no_raw_missing_values(t: Tables) -> None:
    frames = [
        views.readable(views.trend(t), ["series", "display", "low", "best", "high", "attribution", "as_of"]),
        views.readable(views.measures_as_of(t), ["label", "span", "status", "announced_by", "start", "end"]),
        views.readable(views.statements(t), ["start", "speaker_label", "kind", "quote_text", "concerns"]),
        views.readable(views.inferred_dates(t), ["row_id", "start", "end", "date_text"]),
        views.readable(views.timeline(t), ["day_start", "day_end", "when", "inferred"]),
    ]
    cells = {str(c) for f in frames for c in f.to_numpy().ravel()}
    words = {w for c in cells for w in c.split()}
    for raw in ("<NA>", "nan", "NaT", "None", "True", "False", "1.0"):
        assert raw not in words, raw
    assert not any("_" in c for c in cells)  # vocabulary codes read as words
    assert {"lifted", "—", "yes"} <= cells


def test_quality_is_filtered_by_source(t: Tables) -> None:
    q = views.quality(t, "TEST-2022-01-11")
    assert q["figures"].sum() == 2 and set(q["share"]) == {"100%"}
    assert views.rows_per_table(t, "TEST-2022-01-11").set_index("table").loc["measures", "rows"] == 2
    assert set(views.audit(t, "TEST-2022-01-11")["source_id"]) == {"TEST-2022-01-11"}
