"""Ranges, 'passed', number words at a sentence start and crowd sizes (issue 17, points 4 and 8), on the
MADE-UP reports of tests/fixtures/made_up/contested (rows C0110-F10 to C0110-F13)."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, read_csv_rows

import helpers
from helpers import views
from helpers.data import vocab
from helpers.data.tables import Tables

CONTESTED = FIXTURES / "made_up" / "contested"
CASUALTIES = [m for m in vocab.METRICS if m != "participants"]


@pytest.fixture
def processed(contested_processed: Path) -> Path:
    return contested_processed


@pytest.fixture
def t(processed: Path) -> Tables:
    return helpers.load(processed)


def _rows(processed: Path) -> dict[str, dict[str, str]]:
    return {r["figure_id"]: r for r in read_csv_rows(processed / "figures.csv")}


def test_the_fixture_cleans_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "hn"
    run = subprocess.run(
        [sys.executable, "-m", "helpers", "clean", "--raw", str(CONTESTED), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("figure_id", "metric", "qualifier", "low", "best", "high", "display"),
    [
        ("C0110-F10", "detained", "range", "2000", "", "2500", "between 2,000 and 2,500"),
        ("C0110-F11", "detained", "more_than", "701", "", "", "passed 700"),
        ("C0110-F12", "participants", "approximately", "900", "1000", "1100", "around 1,000"),
        ("C0110-F13", "participants", "exact", "40", "40", "40", "forty"),
    ],
)
def test_each_new_form_becomes_its_interval(processed: Path, figure_id, metric, qualifier, low, best, high, display):
    r = _rows(processed)[figure_id]
    assert (r["metric"], r["qualifier"], r["low"], r["best"], r["high"], r["display"]) == (
        metric,
        qualifier,
        low,
        best,
        high,
        display,
    )


def test_a_crowd_keeps_its_own_date(processed: Path) -> None:
    assert _rows(processed)["C0110-F12"]["as_of"] == "2022-01-09"  # "on Sunday", in a Monday report


def _raw_copy(tmp_path: Path) -> Path:
    import shutil

    dst = tmp_path / "raw"
    shutil.copytree(CONTESTED, dst)
    return dst


def _clean_errors(raw: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`python -m helpers clean` in this process (the subprocess run is the smoke test above): exit code, stderr."""
    from helpers.cli.main import main

    code = main(["clean", "--raw", str(raw), "--out", str(out)])
    return code, capsys.readouterr().err


def test_an_end_of_a_range_coded_alone_is_refused_with_the_rule(tmp_path: Path, capsys) -> None:
    from conftest import line_of, set_cell

    raw = _raw_copy(tmp_path)
    set_cell(raw, "figures", "C0110-F10", "value_text", "at least 2,000")
    line = line_of(raw, "figures", "C0110-F10")
    code, err = _clean_errors(raw, tmp_path / "out", capsys)
    assert code == 1 and "Traceback" not in err
    wanted = f"figures.csv:{line}: column 'value_text' value 'at least 2,000': the evidence quote gives '2,000' only"
    assert wanted in err
    assert len([x for x in err.splitlines() if "figures.csv" in x]) == 1  # one line per problem


def test_an_unknown_word_is_named_in_the_error(tmp_path: Path, capsys) -> None:
    from conftest import set_cell

    raw = _raw_copy(tmp_path)
    set_cell(raw, "figures", "C0110-F11", "value_text", "surpassed 700")
    code, err = _clean_errors(raw, tmp_path / "out", capsys)
    assert code == 1
    assert "value 'surpassed 700': malformed number: the word 'surpassed' is not a number" in err
    assert "use digits" not in err


def test_the_headline_states_a_range_and_puts_crowds_last(t: Tables) -> None:
    head = views.headline(t)
    order = [vocab.METRICS.index(m) for m in head["metric"]]
    assert order == sorted(order) and head["metric"].iloc[-1] == "participants"
    sentences = views.headline_sentences(head)
    assert any(s.startswith("Detained in Almaty: between 2,000 and 2,500, according to") for s in sentences)
    assert any(s.startswith("Detained in Shymkent: passed 700, according to") for s in sentences)
    assert any(s.startswith("People at rallies in Aktobe: around 1,000, no source named") for s in sentences)
    assert any(s.startswith("People at rallies in Shymkent: forty, according to") for s in sentences)


def test_a_crowd_is_never_added_to_a_casualty_count(t: Tables) -> None:
    """Every casualty view is the same with and without the crowd rows: no view adds one metric to another."""
    without = dataclasses.replace(t, figures=t.figures[t.figures["metric"] != "participants"].reset_index(drop=True))
    for view in (views.headline, views.latest_figures, views.trend):
        got, want = view(t), view(without)
        got = got[got["metric"].isin(CASUALTIES)].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want.reset_index(drop=True), check_dtype=False)
    changed, base = views.changes(t), views.changes(without)
    casualty = changed[~changed["series"].str.startswith("People at rallies")].reset_index(drop=True)
    pd.testing.assert_frame_equal(casualty, base.reset_index(drop=True), check_dtype=False)
    crowd = views.trend(t, "participants")
    assert set(crowd["figure_id"]) == {"C0110-F12", "C0110-F13"}


def test_the_counts_page_names_the_crowds(t: Tables) -> None:
    crowd = views.trend(t, "participants")
    assert views.counts_scope(t, "participants", None, crowd).startswith(
        "Counts of people at rallies in every place the reports name: 2 figures from"
    )
    every = views.trend(t)
    assert views.counts_scope(t, None, None, every).startswith(
        "Counts of people detained, killed and injured, and people at rallies in every place"
    )
    shown = set(views.readable(crowd, ["series"])["Count"])
    assert shown == {"People at rallies in Aktobe", "People at rallies in Shymkent"}
    every_metric = views.metrics_words(views.data_metrics(t), people=False)
    assert every_metric == "detained, killed and injured, and people at rallies"
    assert views.metrics_words(["participants"]) == "people at rallies"
    assert views.metrics_words(["killed"]) == "people killed"


def test_the_counts_page_takes_the_crowd_metric(t: Tables) -> None:
    from helpers.page.params import ParameterError, check

    assert check(t, metric="participants")["metric"] == "participants"
    with pytest.raises(ParameterError, match="valid values: detained, injured, killed, participants"):
        check(t, metric="crowds")


def test_the_place_page_shows_the_crowd(t: Tables) -> None:
    prof = views.place_profile(t, "shymkent")
    figs = prof["figures"]
    assert {"C0110-F11", "C0110-F13"} <= set(figs["figure_id"])
    crowd = figs[figs["figure_id"] == "C0110-F13"].iloc[0]
    assert crowd["series"] == "People at rallies in Shymkent"


def test_a_range_is_drawn_as_a_bar_with_no_dot(t: Tables) -> None:
    from helpers.charts.intervals import interval_chart

    figs = views.trend(t, "detained")
    chart = interval_chart(figs, "Counts", "People (log scale)")
    ax = chart.figure.axes[0]
    y = list(figs["figure_id"]).index("C0110-F10")
    bars = [ln for ln in ax.lines if list(ln.get_ydata()) == [y, y]]
    assert [list(b.get_xdata()) for b in bars] == [[2000, 2500]]  # from the low to the high, closed
    dots = [ln for ln in ax.lines if ln.get_marker() == "o" and list(ln.get_ydata()) == [y]]
    assert dots == []  # no number given: no dot
    labels = [x.get_text() for x in ax.texts]
    assert "between 2,000 and 2,500" in labels
    assert all(not math.isnan(v) for v in bars[0].get_xdata())


def test_the_timeline_shows_a_crowd_beside_its_event(t: Tables) -> None:
    items = views.timeline(t).set_index("item_id")
    assert items.loc["C0110-E10", "label"] == "MADE UP: a rally in Aktobe (people at rallies: around 1,000)."
    assert items.loc["C0110-E11", "label"] == "MADE UP: a rally in Shymkent (people at rallies: forty)."
    assert items.loc["C0110-E10", "when"] == "9 Jan 2022"  # "on Sunday", in the report of Monday 10 January
    assert views.crowd_words(t, pd.Timestamp("2022-01-09")) == {}  # not yet reported on 9 January


def test_the_codebook_documents_the_crowd_metric_and_the_range_convention() -> None:
    from helpers import paths

    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    numbers = text.split("## Numbers", 1)[1].split("\n## ", 1)[0]
    for form in ("between X and Y", "X to Y", "X–Y", "passed", "exceeded", "topped", "Forty", "no best"):
        assert form in numbers, form
    assert "`participants`" in text and "people at rallies" in text


def test_a_range_on_a_trend_is_a_closed_bar_and_its_dot_is_named(t: Tables) -> None:
    from helpers.charts.trend import trend_chart

    extra = t.figures[t.figures["figure_id"] == "C0110-F10"].assign(
        figure_id="C0110-F10-earlier", as_of=pd.Timestamp("2022-01-09"), low=1500, high=1800
    )
    lines = views.trend_lines(views.trend(dataclasses.replace(t, figures=pd.concat([t.figures, extra]))))
    lines = lines[lines["place"] == "Almaty"]
    lines = lines[lines["metric"] == "detained"]
    chart = trend_chart(lines, "Counts over time", "People (log scale)")
    legend = [x.get_text() for x in chart.figure.axes[0].get_legend().get_texts()]
    assert "no number given: dot at the low end of the range" in legend
    from matplotlib.text import Annotation

    assert not [a for a in chart.figure.axes[0].texts if isinstance(a, Annotation)]  # closed: no open-top arrow
