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
from helpers.data.tables import Tables

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
    assert "as of 8 January 2022" in almaty  # one date style: no leading zero
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
    # plain words, the id only in the muted id column and the sources
    assert latest.loc["TEST-0108-F03", "part_of_text"] == "part of the 44 killed reported on 8 Jan 2022"


def test_bodies_take_an_article_after_according_to(t: Tables) -> None:
    """Ministries, local authorities, organisations, governments and security forces take 'the'; persons,
    named outlets and generic groups (already lower-cased) take none. MADE-UP fixture actors."""
    sentences = views.headline_sentences(views.headline(t))
    assert any("according to the Interior Ministry of Kazakhstan," in s for s in sentences)
    assert any("according to the Almaty health department," in s for s in sentences)
    assert not any("according to Interior Ministry" in s or "according to Almaty" in s for s in sentences)
    assert any("according to officials," in s for s in sentences)  # generic: lower case, no article
    kinds = dict(zip(t.actors["actor_id"], t.actors["kind"], strict=True))
    assert views.actor_words("CSTO", kinds["csto"]) == "the CSTO"
    assert views.actor_words("Kassym-Jomart Tokayev", kinds["tokayev"]) == "Kassym-Jomart Tokayev"
    assert views.actor_words("Belarus", kinds["belarus"]) == "Belarus"
    assert views.actor_words("TASS", "outlet") == "TASS"
    assert views.actor_words("Belarus's defence ministry", kinds["by-defence-ministry"]) == "Belarus's defence ministry"


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
    assert curfew["history"] == "first reported 7 Jan 2022; lifted in the report of 8 Jan 2022"  # a cell
    assert curfew["history_words"] == "first reported 7 January 2022; lifted in the report of 8 January 2022"
    assert curfew["chain_ids"] == "TEST-0107-M02, TEST-0108-M01"
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
    assert deps.loc["Belarus", "until"] == D("2022-01-21") and deps.loc["Belarus", "stay"] == "until 21 Jan 2022"
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


def test_a_quote_splits_in_tables_as_clean_and_sources_split_it() -> None:
    """'a [...] b' passes clean as two spans and Sources shows two quotes: a statements table does too."""
    from helpers.data.quotes import spans

    for typed in ("first words [...] last words", "first words ... last words", "first words … last words"):
        assert views.quote_parts(typed) == spans(typed) == ["first words", "last words"]
        assert views.quote_text(typed) == "“first words” … “last words”"


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


def test_every_row_of_an_update_chain_is_cited(t: Tables) -> None:
    """The Baikonur curfew's start comes from 7 January, its end from 8 January; Belarus's arrival
    from 7 January, its end from 9 January; a count's earlier figure from its own row."""
    ms = views.measures_as_of(t)
    cited = set(views.with_chain(t, ms, "measure_id")["measure_id"])
    assert {"TEST-0107-M02", "TEST-0108-M01", "TEST-0108-M02", "TEST-0111-M01"} <= cited
    notes = dict((s.split(":")[0], rows) for s, rows in views.chain_notes(t, ms))
    assert set(notes["Curfew · Baikonur"]["row_id"]) == {"TEST-0107-M02", "TEST-0108-M01"}
    # a closed level phase cites the later row that ends it
    ph = views.measure_phases(t).set_index("level")
    assert ph.loc["blue", "chain_ids"] == "TEST-0107-M01, TEST-0111-M02"
    deps = views.deployments_as_of(t, "CSTO")
    belarus = deps[deps["country"] == "Belarus"]
    assert set(views.with_chain(t, belarus, "deployment_id")["deployment_id"]) == {"TEST-0107-D01", "TEST-0109-D01"}
    assert belarus["history"].iloc[0] == "first reported 7 Jan 2022; updated in the report of 9 Jan 2022"
    items = views.timeline(t)
    assert "TEST-0107-M02" in set(views.with_chain(t, items, "item_id")["item_id"])
    ch = views.changes(t)
    killed = ch[ch["figure_id"] == "TEST-0111-F02"]
    ((sentence, rows),) = views.chain_notes(t, killed, "series")
    assert set(rows["row_id"]) == {"TEST-0108-F02", "TEST-0111-F02"}
    assert "the earlier figure, 44, is from the report of 8 January 2022" in sentence
    # the report that only starts a chain is among the page's sources
    only_latest = ms[ms["label"] == "Curfew · Baikonur"]
    assert "TEST-2022-01-07" in set(views.sources_for(t, only_latest)["source_id"])


def _no_start(t: Tables) -> Tables:
    """The Almaty night curfew as 'a night curfew until 15 January' (no start, no extension)."""
    m = t.measures.copy()
    m["start"] = m["start"].mask(m["measure_id"] == "TEST-0108-M02")
    m.loc[m["measure_id"] == "TEST-0108-M02", "start_precision"] = "unknown"
    m = m[m["measure_id"] != "TEST-0111-M01"]
    return dataclasses.replace(t, measures=m)


def test_a_measure_with_an_end_but_no_start_keeps_its_end_everywhere(t: Tables) -> None:
    t2 = _no_start(t)
    items = views.timeline(t2)
    night = items.set_index("item_id").loc["TEST-0108-M02"]
    # drawn from its report date to its end, and worded with its end
    assert night["dated"] and night["start"] == D("2022-01-08") and night["end"] == D("2022-01-15")
    assert night["uncertain"] and pd.isna(night["day_start"])
    assert night["when"] == "until 15 Jan 2022; no start given (drawn from the report of 8 Jan 2022)"
    assert "an end but no start" in views.timeline_sentence(items, t2)
    spans = views.measure_spans(t2).set_index("measure_id")
    assert spans.loc["TEST-0108-M02", "start"] == D("2022-01-08") and spans.loc["TEST-0108-M02", "no_start"]
    assert "no start given" in spans.loc["TEST-0108-M02", "label"]
    assert "Curfew (night) · Almaty (until 15 January 2022)" in views.measures_sentence(views.measures_as_of(t2))


def test_interval_rows_each_read_differently(t: Tables) -> None:
    figs = views.trend(t, "killed")
    assert figs["label"].is_unique
    assert figs.set_index("figure_id").loc["TEST-0107-F02", "label"] == "Killed in Kazakhstan · 7 Jan"
    # same series and day: the part of the report tells them apart
    extra = t.figures[t.figures["figure_id"] == "TEST-0107-F02"].assign(figure_id="TEST-0107-F09", context="lede")
    t2 = dataclasses.replace(t, figures=pd.concat([t.figures, extra], ignore_index=True))
    labels = views.trend(t2, "killed").set_index("figure_id")["label"]
    assert labels["TEST-0107-F02"] == "Killed in Kazakhstan · 7 Jan · body"
    assert labels["TEST-0107-F09"] == "Killed in Kazakhstan · 7 Jan · lede"


def test_data_quality_shows_date_words_and_each_ends_precision(t: Tables) -> None:
    inf = views.inferred_dates(t)
    assert list(inf.columns)[0] != "row_id"  # the id is not the first column
    inf = inf.set_index("row_id")
    assert not any(len(str(x)) > 60 for x in inf["date_text"])  # words, not whole sentences
    assert inf.loc["TEST-0107-E01", "date_text"] == "January 2 to Friday"
    assert inf.loc["TEST-0108-M01", "date_precision"] == "start: not given; end: day"
    rows = views.rows_per_table(t)
    assert rows["rows"].sum() == len(views.audit(t))  # the chart and the audit table count the same rows
    assert list(views.audit(t).columns)[0] != "row_id"
    cov = views.coverage(t)
    sentence = views.coverage_sentence(cov)
    assert "none is left uncoded" not in sentence
    no_unc = cov.assign(uncovered=0, waived=1)
    assert views.coverage_sentence(no_unc).endswith("with a reason; nothing else is left uncoded.")


def test_events_are_in_date_order_dated_then_windows_then_undated(t: Tables) -> None:
    ev = views.place_profile(t, "kazakhstan")["events"]
    window = ev["date_precision"].isin(["week", "month"])  # "earlier this week"; a range names both ends
    kind = [2 if pd.isna(s) else (1 if w else 0) for s, w in zip(ev["start"], window, strict=True)]
    assert kind == sorted(kind) and set(kind) == {0, 1}
    dated = ev[[k == 0 for k in kind]]
    assert dated["start"].is_monotonic_increasing


def test_words_plurals_dates_and_generic_actors(t: Tables) -> None:
    assert views.plural(1, "statement") == "1 statement" and views.plural(7, "statement") == "7 statements"
    assert views.plural(2, "country") == "2 countries"
    assert views.day(D("2022-01-08")) == "8 January 2022" and views.short_day(D("2022-01-08")) == "8 Jan 2022"
    assert views.actor_words("Media reports", "outlet") == "media reports"
    assert views.actor_words("TASS", "outlet") == "TASS"
    assert views.actor_words("Prosecutor General's Office", "government") == "the Prosecutor General's Office"
    head = views.headline(t)
    assert any("according to local media" in s for s in views.headline_sentences(head))
    said = views.statements(t)
    sentence = views.speakers_sentence(said)
    assert "(s)" not in sentence and sentence.startswith(f"{len(said)} statements from ")
    cells = views.readable(views.timeline(t), ["when", "start"]).to_numpy().ravel()
    assert not any(str(c).startswith("0") for c in cells)


def test_a_type_filter_says_what_is_shown_and_that_the_window_is_the_data_range(t: Tables) -> None:
    items = views.timeline(t, event_types=["riot", "clash"])
    s = views.window_sentence(t, None, None, ["riot", "clash"], items)
    assert "events of type riot, clash only" in s and "The window is the whole range of the data" in s
    dated = items[items["dated"]]
    assert f"from {views.day(dated['start'].min())} to {views.day(dated['end'].max())}" in s


def test_labels_are_told_apart_within_what_a_view_shows(t: Tables) -> None:
    """A headline row gets no '· body' just because the whole table holds a lede row of the same series."""
    body = t.figures[t.figures["figure_id"] == "TEST-0107-F02"]
    lede = body.assign(figure_id="TEST-0107-F09", context="lede", best=pd.NA, qualifier="vague", display="dozens")
    t2 = dataclasses.replace(t, figures=pd.concat([t.figures, lede], ignore_index=True))
    assert "· lede" in " ".join(views.trend(t2, "killed")["label"])  # both rows shown: told apart
    head = views.headline(t2, D("2022-01-07"))
    assert head["label"].is_unique
    assert not head["label"].str.contains("· body|· lede|· heading").any()


def test_place_pages_count_deployments_only_for_countries_and_list_statements_naming_them(t: Tables) -> None:
    almaty = views.place_profile(t, "almaty")
    assert "deployment" not in views.place_sentence(t, "almaty", almaty)
    assert views.place_deployments_sentence(t, "almaty", almaty) is None
    belarus = views.place_profile(t, "belarus")
    assert "1 deployment" in views.place_sentence(t, "belarus", belarus)
    said = belarus["statements"].set_index("statement_id")
    # Belarus's defence ministry is one of Belarus's own actors: its statement is listed as theirs
    assert said.loc["TEST-0109-S01", "listed_because"] == "by one of its actors"
    assert views.rise_sentence(views.trend_lines(views.trend(t, "injured", "taraz"))) is None


def test_the_map_caption_says_which_places_are_in_colour_and_why(t: Tables) -> None:
    caption = views.places_caption(t, views.places_named(t))
    assert caption.startswith("In colour, the 5 places with a figure, an event or a measure: ")
    assert "Taraz (1 figure, 1 event)" in caption
    assert "Not in colour: Belarus and Russia, which contributed forces but have no count, event or measure." in caption
    assert "such as contributing countries" not in caption and "named only" not in caption


def test_data_quality_names_wordings_in_words_and_keeps_names_capitalised(t: Tables) -> None:
    shown = views.readable(views.quality(t), ["wording", "hedged", "figures"])
    wordings = set(shown["Wording"])
    assert {"exact number", "about", "at least", "more than, over"} <= wordings
    assert not wordings & {"exact", "approximately", "at_least", "more_than", "vague"}  # no codes
    claims = set(views.audit(t)["claim"])
    assert "Curfew · Baikonur" in claims and "curfew · Baikonur" not in claims


def test_table_cells_use_one_date_style_and_sentences_the_other(t: Tables) -> None:
    """Every date in a table cell reads '8 Jan 2022'; sentences read '8 January 2022'. MADE-UP fixture."""
    months = ("January", "February")
    cells = {
        "timeline": views.readable(views.timeline(_no_start(t)), ["when", "label"]),
        "counts": views.readable(views.latest_figures(t), ["series", "as_of", "part_of_text"]),
        "changes": views.readable(views.changes(t), ["series", "reported_before", "reported_now"]),
        "measures": views.readable(views.measures_as_of(t), ["label", "span", "history"]),
        "deployments": views.readable(views.deployments_as_of(t), ["country", "window", "stay"]),
    }
    for name, frame in cells.items():
        text = " ".join(frame.astype(str).to_numpy().ravel())
        assert not any(m in text for m in months), (name, text)
    assert "until 15 Jan 2022; no start given (drawn from the report of 8 Jan 2022)" in " ".join(
        cells["timeline"]["When"]
    )
    assert "8 Jan 2022" in set(cells["changes"]["Earlier report"])
    ((sentence, _),) = views.chain_notes(t, views.changes(t).query("figure_id == 'TEST-0111-F02'"), "series")
    assert "from the report of 8 January 2022" in sentence and "Jan 2022" not in sentence
    # headline chart labels leave the dates to the headline sentences ("as of 8 January 2022")
    head = views.headline(t)
    assert not any("Jan" in label for label in head["label"]) and head["label"].is_unique


def test_an_overnight_date_is_the_night_before_its_report(t: Tables) -> None:
    """MADE-UP 9 January report: "Overnight, police dispersed a crowd" is dated 8 January, marked inferred."""
    ev = t.events.set_index("event_id").loc["TEST-0109-E02"]
    assert (ev["start"], ev["end"], ev["date_precision"], bool(ev["date_inferred"])) == (
        D("2022-01-08"),
        D("2022-01-08"),
        "day",
        True,
    )


def test_a_measure_with_no_date_is_drawn_on_its_report_day_and_says_so(made_up_processed) -> None:
    """Issue 19: undated measures (a state of emergency, an anti-terrorist operation) vanished from the chart."""
    import dataclasses

    t = helpers.load(made_up_processed)
    m = t.measures.assign(start=pd.NaT, end=pd.NaT)  # made up: no measure carries a date
    spans = views.measure_spans(dataclasses.replace(t, measures=m))
    undated = spans[spans["label"].str.endswith("no start or end given)")]
    assert len(undated) >= 2  # a lifted curfew keeps the day it was lifted: that one is dated
    first = undated.iloc[0]
    assert "reported as of 7 Jan 2022" in first["label"] and first["start"] == first["end"] == first["reported"]


def _with_named_only_places(t: Tables) -> Tables:
    """The MADE-UP fixture plus a city named only inside an outlet's alias ("Testgrad's Gazette", which
    speaks) and a country whose only trace is a statement by its ministry (MADE-UP rows)."""
    places = t.places
    extra_places = pd.concat([places.iloc[[0]]] * 2, ignore_index=True).assign(
        place_id=["testgrad", "testland"], name=["Testgrad", "Testland"], kind=["city", "country"], admin1=pd.NA
    )
    actors = t.actors
    extra_actors = pd.concat([actors.iloc[[0]]] * 2, ignore_index=True).assign(
        actor_id=["testgrad-gazette", "testland-ministry"],
        name=["Gazette", "Foreign Ministry of Testland"],
        kind=["outlet", "ministry"],
        aliases=["Testgrad's Gazette", "Testlandic Foreign Ministry"],
    )
    said = t.statements
    extra_said = pd.concat([said.iloc[[0]]] * 2, ignore_index=True).assign(
        statement_id=["TEST-X-S01", "TEST-X-S02"],
        speaker=["Gazette", "Foreign Ministry of Testland"],
        speaker_id=["testgrad-gazette", "testland-ministry"],
        event_id=pd.NA,
        summary=["MADE UP: a report.", "MADE UP: calm is urged."],
        quote=pd.NA,
    )
    return dataclasses.replace(
        t,
        places=pd.concat([places, extra_places], ignore_index=True),
        actors=pd.concat([actors, extra_actors], ignore_index=True),
        statements=pd.concat([said, extra_said], ignore_index=True),
    )


def test_a_place_gets_a_page_when_something_is_reported_there_or_by_its_actors(t: Tables) -> None:
    t2 = _with_named_only_places(t)
    pages = set(views.places_with_pages(t2)["place_id"])
    assert "testgrad" not in pages  # a city named only in an outlet's name: no page, and a city has no actors
    assert views.country_actors(t2, "testgrad") == set()
    assert "testland" in pages  # nothing happens there, but its ministry speaks
    assert views.country_actors(t2, "testland") == {"testland-ministry"}
    assert {"almaty", "taraz", "kazakhstan"} <= pages  # counts, events, measures
    assert {"belarus", "russia"} <= pages  # contributed forces
    testland = views.place_profile(t2, "testland")
    assert testland["statements"]["statement_id"].tolist() == ["TEST-X-S02"]
    assert views.place_statements_sentence("Testland", testland["statements"]) == (
        "Listed: 1 statement by Testland’s own actors."
    )


def test_a_countrys_page_lists_the_events_and_statements_of_its_own_actors(t: Tables) -> None:
    assert views.country_actors(t, "belarus") == {"belarus", "by-defence-ministry"}
    assert views.country_actors(t, "kazakhstan") == {"kz-interior-ministry"}
    kz = views.place_profile(t, "kazakhstan")
    by = kz["statements"].set_index("statement_id")["listed_because"]
    assert by["TEST-0108-S01"] == "by one of its actors"  # the Interior Ministry of Kazakhstan
    # an event elsewhere with one of the country's actors is on the country's page, marked as such
    ev = t.events.iloc[[0]].assign(event_id="TEST-X-E01", place_id="almaty", actor_ids="belarus", actors="Belarus")
    t2 = dataclasses.replace(t, events=pd.concat([t.events, ev], ignore_index=True))
    belarus = views.place_profile(t2, "belarus")["events"].set_index("event_id")
    assert belarus.loc["TEST-X-E01", "listed_because"] == "with one of its actors"
    assert "TEST-X-E01" not in set(views.place_profile(t2, "russia")["events"]["event_id"])


def test_sentences_true_but_empty_for_the_kind_of_place_are_not_printed(t: Tables) -> None:
    kz = views.place_profile(t, "kazakhstan")
    assert kz["deployments"].empty
    assert views.place_deployments_sentence(t, "kazakhstan", kz) is None  # no "no forces contributed by"
    belarus = views.place_profile(t, "belarus")
    assert views.place_deployments_sentence(t, "belarus", belarus) == (
        "Belarus contributed forces to the CSTO deployment in the coded reports."
    )
    sentence = views.place_sentence(t, "belarus", belarus)
    assert sentence == "Belarus (country): 1 event, 1 deployment and 2 statements in the coded reports."
    assert views.reported_at(kz) and not views.reported_at(views.place_profile(t, "russia"))  # Russia: forces only
    almaty = views.place_sentence(t, "almaty", views.place_profile(t, "almaty"))
    assert "0 " not in almaty and "deployment" not in almaty
