"""Claims that disagree, are withdrawn or corrected, and consistency flags (issue 17), on the MADE-UP
fixture tests/fixtures/made_up/contested (two invented reports, 9 and 10 January 2022)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import CONTESTED, MADE_UP
from hardening_support import assert_error, errors_for

import helpers
from helpers import views
from helpers.clean import run as clean
from helpers.page.params import ParameterError, check

SUNDAY, MONDAY = pd.Timestamp("2022-01-09"), pd.Timestamp("2022-01-10")


@pytest.fixture
def t(contested_processed: Path):
    return helpers.load(contested_processed)


def _append(raw: Path, table: str, row: dict[str, str]) -> int:
    path = raw / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
        lines = 1 + sum(1 for _ in fh)
    with open(path, "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow([row.get(c, "") for c in header])
    return lines + 1


def _killed(head: pd.DataFrame) -> pd.DataFrame:
    return head[(head["metric"] == "killed") & (head["place_id"] == "kazakhstan")]


# ---------------------------------------------------------------- withdrawn and corrected claims


def test_a_withdrawn_toll_is_never_current_after_its_withdrawal(t) -> None:
    monday = _killed(views.headline(t, MONDAY))
    assert list(monday["display"]) == ["44"] and not monday["contested"].any()
    assert "C0109-F01" not in set(views.trend(t)["figure_id"])  # nor in a trend's points
    assert "C0109-F01" not in set(views.trend_lines(views.trend(t))["figure_id"])
    assert "C0109-F01" in set(t.figures["figure_id"])  # it stays in the data


def test_before_its_withdrawal_the_toll_stands_beside_the_other_body(t) -> None:
    sunday = _killed(views.headline(t, SUNDAY))
    assert sorted(sunday["display"]) == ["164", "44"]
    assert sunday["contested"].all()
    assert views.corrections(t, SUNDAY).empty  # no notice before the report that withdraws it


def test_the_withdrawal_notice_is_dated_quoted_and_cites_both_rows(t) -> None:
    notes = views.correction_notes(t, views.corrections(t, MONDAY, "figures", "killed"))
    assert len(notes) == 1
    sentence, rows = notes[0]
    assert "164 killed in Kazakhstan, published on 9 January 2022, was withdrawn on 10 January 2022" in sentence
    assert "“posted by mistake”" in sentence
    assert set(rows["row_id"]) == {"C0110-R01", "C0109-F01"}


def test_a_correction_replaces_the_figure_and_says_so(t) -> None:
    almaty = views.headline(t, MONDAY).query("metric == 'injured' and place_id == 'almaty'")
    assert list(almaty["display"]) == ["1,010"]
    ((sentence, rows),) = views.correction_notes(t, views.corrections(t, MONDAY, "figures", "injured", "almaty"))
    assert "count of 1,100 injured in Almaty, published on 9 January 2022, was corrected to 1,010" in sentence
    assert set(rows["row_id"]) == {"C0110-R02", "C0109-F06", "C0110-F04"}
    changed = views.changes(t, MONDAY).set_index("series")
    assert changed.loc["Injured in Almaty", "before"] == "1,100 (corrected)"


def test_notices_follow_the_page_filters(t) -> None:
    assert views.corrections(t, None, "figures", "detained").empty
    assert len(views.corrections(t, None, "figures", None, "kazakhstan")) == 1
    assert views.corrections(t, None, "measures").empty


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        ({"target": "C0109-F99", "action": "withdrawn"}, "target", "unknown target"),
        ({"target": "C0109-F02", "action": "withdrawn", "replaced_by": "C0110-F01"}, "replaced_by", "replaces nothing"),
        ({"target": "C0109-F02", "action": "corrected"}, "replaced_by", "names the row that replaces"),
        ({"target": "C0109-F02", "action": "corrected", "replaced_by": "C0110-F02"}, "replaced_by", "same series"),
        ({"target": "C0109-F01", "action": "withdrawn"}, "target", "already withdrawn or corrected by line 2"),
        ({"target": "C0109-F02", "action": "withdrawn", "reason": "a typo"}, "reason", "inside the evidence quote"),
    ],
)
def test_a_bad_correction_names_file_line_column_and_rule(contested_raw: Path, row, column, rule) -> None:
    evidence = "The Interior Ministry's figure of 44 remained the official one."
    base = {"correction_id": "C0110-R09", "source_id": "CONTESTED-2022-01-10", "evidence": evidence, "notes": "MADE UP"}
    line = _append(contested_raw, "corrections", {**base, **row})
    assert_error(errors_for(contested_raw), "corrections.csv", line, column, rule)


def test_a_correction_cannot_come_before_its_target(contested_raw: Path) -> None:
    line = _append(
        contested_raw,
        "corrections",
        {
            "correction_id": "C0109-R01",
            "source_id": "CONTESTED-2022-01-09",
            "target": "C0110-F02",
            "action": "withdrawn",
            "evidence": "The Interior Ministry put the death toll at 44.",
        },
    )
    assert_error(errors_for(contested_raw), "corrections.csv", line, "target", "cannot come before")


# ---------------------------------------------------------------- claims that disagree, and the policy


def test_bodies_that_disagree_are_each_shown_with_who_gives_them(t) -> None:
    head = views.headline(t, MONDAY, "all")
    detained = head[(head["metric"] == "detained") & (head["place_id"] == "kazakhstan")]
    assert sorted(detained["display"]) == ["7,939", "about 6,000"]
    assert detained["contested"].all()
    assert all("(sources disagree)" in lb for lb in detained["label"])
    sentences = [s for s, _ in views.headline_notes(head, t) if s.startswith("Detained in Kazakhstan")]
    assert len(sentences) == 1
    assert "the sources disagree" in sentences[0]
    assert "7,939 according to the Interior Ministry of Kazakhstan" in sentences[0]
    assert "about 6,000 according to the National Security Committee" in sentences[0]


@pytest.mark.parametrize(
    ("policy", "display", "words"),
    [
        ("conservative", "about 6,000", "the lowest figure"),
        ("range", "between 5,400 and 7,939", "the range"),
        ("prefer", "7,939", "ranked first"),
    ],
)
def test_a_policy_picks_one_figure_and_the_page_says_which_rule(t, policy, display, words) -> None:
    head = views.headline(t, MONDAY, policy)
    detained = head[(head["metric"] == "detained") & (head["place_id"] == "kazakhstan")]
    assert list(detained["display"]) == [display]
    ((sentence, rows),) = [(s, r) for s, r in views.headline_notes(head, t) if s.startswith("Detained in Kazakhstan")]
    assert words in sentence and "the sources disagree" in sentence
    assert set(rows["figure_id"]) == {"C0110-F02", "C0110-F03"}  # every claim is cited, shown or not
    assert words in views.policy_sentence(policy, head)


def test_the_headline_never_depends_on_row_order(contested_raw: Path, tmp_path: Path) -> None:
    path = contested_raw / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    out = tmp_path / "reversed"
    clean.clean(contested_raw, out)
    flipped = helpers.load(out)
    clean.clean(CONTESTED, tmp_path / "straight")
    straight = helpers.load(tmp_path / "straight")
    for policy in ("all", "conservative", "range", "prefer"):
        for day in (SUNDAY, MONDAY):
            a = views.headline(flipped, day, policy)[["label", "display"]]
            b = views.headline(straight, day, policy)[["label", "display"]]
            assert a.reset_index(drop=True).equals(b.reset_index(drop=True)), (policy, day)


def test_claims_that_agree_are_not_a_dispute() -> None:
    g = pd.DataFrame({"low": [3600, 1000, 3600], "high": [4000, None, 4000], "open_upper": [False, True, False]})
    assert not views.disagree(g)  # 'almost 4,000', 'thousands', 'Almost 4,000'
    g = pd.DataFrame({"low": [7939, 5400], "high": [7939, 6600], "open_upper": [False, False]})
    assert views.disagree(g)


def test_a_trend_marks_a_disputed_date_and_lists_every_claim(t) -> None:
    figs = views.trend(t, "detained")
    ((sentence, rows),) = views.disputes_notes(t, views.disputes(t, figs))
    assert sentence.startswith("In the report of 10 January 2022, the sources disagree on detained in Kazakhstan")
    assert len(rows) == 2


def test_an_unknown_policy_is_a_parameter_error(t) -> None:
    with pytest.raises(ParameterError, match="valid values: all, conservative, prefer, range"):
        check(t, policy="median")


# ---------------------------------------------------------------- consistency flags


def test_a_national_count_below_its_places_is_flagged_with_the_rows(t) -> None:
    flags = views.consistency(t, MONDAY)
    assert list(flags["kind"]) == ["below_places"]
    ((sentence, rows),) = views.consistency_notes(t, flags)
    assert "add up to at least 68 injured" in sentence  # 61 + 7 (Shymkent, Aktobe); Almaty's 1,010 is dated later
    assert "We flag this and change no number." in sentence
    assert set(rows["figure_id"]) == {"C0109-F03", "C0109-F04", "C0109-F05"}
    assert views.consistency(t, MONDAY, "detained").empty  # the page's filters apply
    assert len(views.consistency(t, MONDAY, None, "shymkent")) == 1


def test_a_count_that_falls_with_no_correction_is_flagged(contested_raw: Path, tmp_path: Path) -> None:
    _append(
        contested_raw,
        "figures",
        {
            "figure_id": "C0110-F99",
            "source_id": "CONTESTED-2022-01-10",
            "metric": "killed",
            "place": "Kazakhstan",
            "subject": "people",
            "value_text": "44",
            "attributed_to": "health ministry",
            "context": "body",
            "evidence": "The Interior Ministry's figure of 44 remained the official one.",
            "notes": "MADE UP: the health ministry made to give 44 after its own 164, to test the flag",
        },
    )
    rows = list(csv.DictReader(open(contested_raw / "corrections.csv", encoding="utf-8")))
    with open(contested_raw / "corrections.csv", "w", newline="", encoding="utf-8") as fh:  # drop the withdrawal
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if r["correction_id"] != "C0110-R01")
    out = tmp_path / "p"
    clean.clean(contested_raw, out)
    flags = views.consistency(helpers.load(out), MONDAY)
    fell = flags[flags["kind"] == "fell"]
    assert len(fell) == 1
    ((sentence, _),) = views.consistency_notes(helpers.load(out), fell)
    assert "fell from 164" in sentence and "no correction is coded" in sentence


def test_no_flag_where_counts_fit_together(tmp_path: Path) -> None:
    out = tmp_path / "p"
    clean.clean(MADE_UP, out)
    assert views.consistency(helpers.load(out)).empty


# ---------------------------------------------------------------- the codebook's walk-through, run as typed


def _walkthrough_commands() -> list[list[str]]:
    import re
    import shlex

    from helpers import paths

    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    heading = "### Walk-through: a withdrawal, a correction and a disagreement (MADE UP)"
    section = text.split(heading)[1].split("\n## ")[0].split("\n### ")[0]
    blocks = re.findall(r"```\n(.*?)```", section, re.S)
    lines = [line for b in blocks for line in b.replace("\\\n", " ").splitlines() if line.strip()]
    assert all(line.startswith("python -m helpers ") for line in lines), lines
    return [shlex.split(line)[3:] for line in lines]


def test_the_codebook_walkthrough_runs_as_typed_on_its_own_fixture(contested_raw: Path, tmp_path: Path) -> None:
    from helpers.cli.main import main

    (contested_raw / "corrections.csv").write_text(
        (contested_raw / "corrections.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"
    )
    figures = contested_raw / "figures.csv"
    figures.write_text(
        "".join(x for x in figures.read_text(encoding="utf-8").splitlines(True) if not x.startswith("C0110-F04,")),
        encoding="utf-8",
    )
    commands = _walkthrough_commands()
    assert [c[:2] for c in commands] == [["add", "corrections"], ["add", "figures"], ["add", "corrections"]]
    for argv in commands:
        assert main([*argv, "--raw", str(contested_raw)]) == 0, argv
    out = tmp_path / "p"
    clean.clean(contested_raw, out)
    t = helpers.load(out)
    assert set(t.corrections["action"]) == {"withdrawn", "corrected"}
    assert list(_killed(views.headline(t, MONDAY))["display"]) == ["44"]


def test_a_withdrawn_measure_leaves_the_measures_view_with_a_notice(made_up_raw: Path, tmp_path: Path) -> None:
    (made_up_raw / "corrections.csv").write_text(
        "correction_id,source_id,target,action,replaced_by,date_text,by,reason,evidence,notes\n"
        "TEST-0111-R01,TEST-2022-01-11,TEST-0107-M02,withdrawn,,,,,"
        "The terror threat level in Baikonur was lowered to 'yellow' on Monday.,MADE UP FOR TESTS\n",
        encoding="utf-8",
    )
    out = tmp_path / "p"
    clean.clean(made_up_raw, out)
    t = helpers.load(out)
    day = pd.Timestamp("2022-01-11")
    ids = ",".join(views.measures_as_of(t, day)["chain_ids"])
    assert "TEST-0107-M02" not in ids and "TEST-0107-M02" in ",".join(
        views.measures_as_of(t, day - pd.Timedelta(days=1))["chain_ids"]
    )
    ((sentence, rows),) = views.correction_notes(t, views.corrections(t, day, "measures"))
    assert sentence.startswith(
        "Correction: the Baikonur local administration’s curfew in Baikonur, published on 7 January 2022"
    )
    assert set(rows["row_id"]) == {"TEST-0111-R01", "TEST-0107-M02"}


def test_the_second_walkthrough_runs_as_typed_and_reads_as_the_codebook_says(
    contested_raw: Path, tmp_path: Path
) -> None:
    import re
    import shlex

    from helpers import paths
    from helpers.cli.main import main

    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    heading = "### Walk-through: a range, a crowd, a date ahead of the report and a change for part of a place"
    section = text.split(heading)[1].split("\n## ")[0]
    block = re.findall(r"```\n(.*?)```", section, re.S)[0]
    commands = [shlex.split(x)[3:] for x in block.replace("\\\n", " ").splitlines() if x.strip()]
    drop = ("C0110-F10,", "C0110-F12,", "C0110-D01,", "C0110-M01,")
    for table in ("figures", "deployments", "measures"):
        path = contested_raw / f"{table}.csv"
        keep = [x for x in path.read_text(encoding="utf-8").splitlines(True) if not x.startswith(drop)]
        path.write_text("".join(keep), encoding="utf-8")
    for argv in commands:
        assert main([*argv, "--raw", str(contested_raw)]) == 0, argv
    out = tmp_path / "p"
    clean.clean(contested_raw, out)
    t = helpers.load(out)
    head = views.headline(t, MONDAY)
    displays = set(head["display"])
    assert "between 2,000 and 2,500" in displays and "around 1,000" in {d.lower() for d in displays}
    (regional,) = views.sub_place_sentences(views.measures_as_of(t, MONDAY))
    assert "lifted in the Aktobe region on 10 January 2022; in force elsewhere" in regional
    deps = views.deployments_as_of(t, "CSTO", MONDAY)
    assert "planned to end between 13 and 23 January 2022" in views.deployment_sentence(deps, "CSTO")


def test_a_counts_chart_marks_the_claims_that_disagree(t) -> None:
    figs = views.trend(t, "detained", "kazakhstan")
    marked = set(figs.loc[figs["label"].str.endswith("(sources disagree)"), "figure_id"])
    assert marked == {"C0110-F02", "C0110-F03"}


def test_the_finding_box_gives_the_counts_who_gives_them_and_only_like_for_like_changes(t) -> None:
    (first, second) = views.finding_sentences(t, MONDAY)
    assert first.startswith("As of 10 January 2022, the reports give: detained in Kazakhstan: the sources disagree")
    assert "killed in Kazakhstan: 44, according to the Interior Ministry of Kazakhstan" in first
    assert "164" not in first + second  # withdrawn: never a finding
    assert "injured in Kazakhstan: dozens (at least 12), according to officials, as of 9 January 2022" in first
    # the national floor is below what its places add up to, and the box says so beside it (not only the checks)
    assert (
        "dozens (at least 12), according to officials, as of 9 January 2022 (the places the reports name add up "
        "to at least 68)" in first
    )
    assert "Injured in Almaty: 1,010, down from 1,100 (corrected) on 9 January 2022" in second
    assert "Detained" not in second  # a disputed count gets no 'up from'
    one = views.finding_sentences(t, pd.Timestamp("2022-01-09"), metric="killed")[0]
    assert one.startswith("As of 9 January 2022, the report gives:")  # one report so far: singular
    only = " ".join(views.finding_sentences(t, MONDAY, "all", "killed"))  # the page's filters apply
    assert "njured" not in only and "etained" not in only
    assert "Killed in Kazakhstan: 44, unchanged from 44 on 9 January 2022" in only


def test_what_changed_covers_measures_and_deployments_too(t) -> None:
    ch = views.other_changes(t, MONDAY).set_index("what")
    assert ch.loc["Curfew · Baikonur", "now"] == "lifted, ended on 8 Jan 2022"
    assert ch.loc["Curfew · Baikonur", "before"].startswith("in force")
    assert ch.loc["CSTO contingent from Russia", "now"].startswith("planned to end 13 Jan – 23 Jan 2022")
    assert views.other_changes_sentence(ch.reset_index(), t, MONDAY) == [
        "Besides counts, the latest report gives 2 measures and 1 deployment contributor, listed below with "
        "their state before it."
    ]
    assert views.other_changes(t, SUNDAY).empty  # one report date: nothing to compare
    assert views.other_changes_sentence(views.other_changes(t, SUNDAY), t, SUNDAY) == []


def test_found_by_a_new_user_the_changes_table_never_shows_one_body_of_a_dispute(t) -> None:
    now = views.changes(t, MONDAY).set_index("series").loc["Detained in Kazakhstan", "now"]
    assert now.startswith("disputed: ") and "7,939" in now and "about 6,000" in now


def test_found_by_a_new_user_the_trend_sentence_says_where_the_line_passes_through_one_figure(t) -> None:
    figs = views.trend(t, "detained", "kazakhstan")
    two = pd.concat([figs, figs.assign(figure_id=figs["figure_id"] + "x", as_of=SUNDAY, reported=SUNDAY)])
    lines = views.trend_lines(two)
    assert lines["contested"].any()
    assert "the line passes through one figure only" in views.trend_sentence(two, lines)


def test_found_by_a_new_user_pages_count_the_reports_their_notices_rest_on_and_the_audit_marks_fates(t) -> None:
    fixes = views.corrections(t, MONDAY, "figures", "killed")
    src = views.sources_for(t, views.trend(t, "killed").head(0), fixes)
    assert set(src["source_id"]) == {"CONTESTED-2022-01-09", "CONTESTED-2022-01-10"}
    claims = views.audit(t).set_index("row_id")["claim"]
    assert claims["C0109-F01"].endswith("(withdrawn by C0110-R01)")


def test_a_generic_actor_is_lower_case_but_a_named_one_keeps_its_capital() -> None:
    from helpers.data.words import actor_words

    assert actor_words("Media reports", "outlet") == "media reports"
    assert actor_words("Almaty city police", "security_forces") == "the Almaty city police"


def test_found_by_a_new_user_the_country_page_says_a_measure_was_lifted_in_one_region(t) -> None:
    ms = views.measures_as_of(t, MONDAY)
    (sentence,) = views.sub_place_sentences(ms, "kazakhstan")
    assert "lifted in the Aktobe region on 10 January 2022; in force elsewhere" in sentence
    assert views.sub_place_sentences(ms, "almaty") == []


def test_the_checks_sentence_never_says_every_check_passes_while_sources_disagree(t) -> None:
    """Second Russian-coder pass: data quality said 'Every check passes' while the overview reported a dispute."""
    empty = views.consistency(t).iloc[0:0]
    disputed = views.disputes(t, views.trend(t))
    assert len(disputed)
    said = views.consistency_sentence(empty, disputed)
    assert "Every check passes" not in said and "the sources disagree" in said
    assert views.consistency_sentence(empty) == "Every check passes: no current count contradicts another."


def test_a_trend_point_where_the_sources_disagree_is_ringed_and_the_legend_says_so(t) -> None:
    """Second fresh-reader pass: the killed line ran flat 26 → 26 with nothing on the chart showing that
    another body gave 44 on the later date."""
    from helpers import plots

    lines = views.trend_lines(views.trend(t), "all", t)
    assert len(lines) == 2 and not lines["contested"].astype(bool).any()
    calm = plots.trend_chart(lines, "T", "People").figure.axes[0]
    assert not [ln for ln in calm.get_lines() if ln.get_markeredgecolor() == "#b42318"]
    lines = lines.assign(contested=[False, True])  # as if a second body contradicted the later figure
    ax = plots.trend_chart(lines, "T", "People").figure.axes[0]
    rings = [ln for ln in ax.get_lines() if ln.get_markeredgecolor() == "#b42318"]
    assert rings and all(ln.get_markersize() > 10 for ln in rings)
    assert any("the sources disagree on this date" in x.get_text() for x in ax.get_legend().get_texts())
