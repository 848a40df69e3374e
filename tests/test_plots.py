"""The page API (helpers.page): citations, reader-grade tables, charts that never crash or mislead."""

from __future__ import annotations

import base64
import csv
import io
import re

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.charts import borders, colours, intervals, spans
from helpers.charts.chart import Chart
from helpers.page import cite as page_cite
from helpers.page import core as page
from helpers.page import display, plots
from helpers.page import downloads as page_downloads
from helpers.reports import render

RAW_REPRS = re.compile(r"<NA>|\bnan\b|\bNaT\b|\bNone\b|\bTrue\b|\bFalse\b|\{'|object at 0x")


@pytest.fixture(autouse=True)
def fresh_page(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KZ_PAGE_ID", "pg")  # ids: src-pg-<row id>, as in the build
    plots.theme()
    yield
    plt.close("all")


def captured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the HTML fragments the page API displays."""
    out: list[str] = []
    monkeypatch.setattr(display, "show_html", out.append)
    return out


def figures(n: int = 3, **over) -> pd.DataFrame:
    """A small MADE-UP figure table shaped like views.trend() output."""
    base = pd.DataFrame(
        {
            "figure_id": [f"T-F{i:02d}" for i in range(n)],
            "source_id": "made-up",
            "metric": ["detained", "killed", "injured"] * (n // 3) + ["detained"] * (n % 3),
            "place": "Testville",
            "place_id": "testville",
            "subject": "people",
            "low": pd.array([5801, 26, 12][:n] + [7] * max(0, n - 3), dtype="Int64"),
            "best": pd.array([None, 26, None][:n] + [7] * max(0, n - 3), dtype="Int64"),
            "high": pd.array([None, None, None][:n] + [7] * max(0, n - 3), dtype="Int64"),
            "display": ["more than 5,800", "at least 26", "dozens (at least 12)"][:n] + ["seven"] * max(0, n - 3),
            "attribution": "not attributed",
            "as_of": pd.Timestamp("2022-01-07"),
            "evidence": [f"made-up quote {i}" for i in range(n)],
        }
    )
    return base.assign(**over)


# ------------------------------------------------------------------ cells and tables
@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        (pd.NA, "low", "—"),
        (None, "quote", "—"),
        (float("nan"), "best", "—"),
        (pd.NaT, "start", "—"),
        (1.0, "day_start", "1"),
        (4000, "low", "4,000"),
        (True, "inferred", "yes"),
        (False, "inferred", "no"),
        ("state_of_emergency", "measure", "state of emergency"),
        ("to_be_lifted", "status", "to be lifted"),
        ("indirect", "kind", "paraphrase"),
        (pd.Timestamp("2022-01-07"), "start", "7 Jan 2022"),
        (["a", "b"], "actors", "a, b"),
        ({"source_id": ""}, "x", "source_id: "),
        ("keep_this text", "description", "keep_this text"),
    ],
)
def test_cells_read_as_words(value, column: str, expected: str) -> None:
    assert page.cell(value, column) == expected


def test_fractions_read_as_percentages() -> None:
    assert page.cell(0.444, "share", percent=True) == "44.4%"


def test_table_has_human_headers_words_and_muted_ids_last(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    frame = pd.DataFrame(
        {
            "measure_id": ["M1", "M2"],
            "measure": ["state_of_emergency", "curfew"],
            "start": pd.to_datetime(["2022-01-07", None]),
            "date_inferred": pd.array([True, False], dtype="boolean"),
            "day_start": [1.0, None],
            "share": [0.444, 0.5],
        }
    )
    plots.table(frame, caption="Measures")
    html = out[0]
    assert RAW_REPRS.search(html) is None, RAW_REPRS.search(html)
    heads = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", html)
    assert heads == ["Measure", "From", "Date inferred", "First day", "Share", "Measure id"]
    assert "state of emergency" in html and "44.4%" in html and ">yes<" in html and ">1<" in html
    assert re.search(r'<td class="id" style="text-align:left" data-label="[^"]+">M1</td>', html)
    # JupyterLab right-aligns cells from its own stylesheet; text columns carry their alignment (issue 20)
    assert re.search(r'<td style="text-align:left" data-label="[^"]+">[A-Za-z]', html)
    assert "Download the data" in html


def test_table_download_is_the_rows_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.table(figures(), caption="Figures")
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', out[0]).group(1)
    rows = list(csv.DictReader(io.StringIO(base64.b64decode(uri).decode("utf-8-sig"))))
    assert [r["figure_id"] for r in rows] == ["T-F00", "T-F01", "T-F02"]
    assert rows[0]["as_of"] == "2022-01-07" and rows[0]["high"] == ""


def test_empty_table_is_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.table(pd.DataFrame(columns=["a"]), empty="Nothing here.")
    assert out == ['<p class="note">Nothing here.</p>']


def test_long_tables_degrade_to_their_first_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.table(pd.DataFrame({"n": range(page.MAX_TABLE_ROWS + 50)}))
    assert out[0].count("<tr>") == page.MAX_TABLE_ROWS + 1
    assert f"first {page.MAX_TABLE_ROWS:,} of {page.MAX_TABLE_ROWS + 50:,} rows" in out[0]


# ------------------------------------------------------------------ citations and the Sources section
def test_cite_links_resolve_to_numbered_entries_with_the_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    f = figures()
    plots.note("Three counts.", cite=f)
    plots.table(f[["figure_id", "display"]], caption="Counts", cite=f)
    sources = pd.DataFrame(
        {
            "source_id": ["made-up"],
            "title": ["A made-up report"],
            "publisher": [None],
            "report_date": [pd.Timestamp("2022-01-08")],
            "report_date_inferred": [True],
        }
    )
    plots.sources_section(type("T", (), {"sources": sources})())
    links = re.findall(r'href="#(src-[^"]+)"[^>]*>(\d+)</a>', "".join(out[:-1]))
    assert links[:3] == [("src-pg-T-F00", "1"), ("src-pg-T-F01", "2"), ("src-pg-T-F02", "3")]
    assert len(links) == 6  # the table cites each row again, with the same numbers
    section = out[-1]
    for i in range(3):
        entry = re.search(rf'<li id="src-pg-T-F0{i}" value="{i + 1}">(.*?)</li>', section).group(1)
        assert f"made-up quote {i}" in entry and "8 Jan 2022, ‘A made-up report’" in entry
        assert 'href="#doc-pg-made-up"' in entry
    # the report is named once in full, with its date and an honest "publisher not given"
    full = re.findall(r'<li id="doc-pg-made-up">(.*?)</li>', section)
    assert len(full) == 1 and "A made-up report" in full[0] and "8 January 2022" in full[0]
    assert "publisher not given" in full[0] and "<a " not in full[0]
    assert "<details" not in section and 'id="sources"' in section


def test_sources_name_each_report_once_then_short_references(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long title appears once (the report's full entry, with publisher, byline, time and URL as a link);
    every quote entry carries the date and a short title instead."""
    out = captured(monkeypatch)
    title = "The sixth day of crisis in Kazakhstan saw some stabilization as newly arrived forces came (MADE-UP)"
    plots.note("Three counts.", cite=figures())
    sources = pd.DataFrame(
        {
            "source_id": ["made-up"],
            "title": [title],
            "publisher": ["Made-Up Wire"],
            "byline": ["A. Reporter"],
            "published": ["2022-01-07 18:30 UTC"],
            "url": ["https://example.org/made-up?a=1&b=2"],
            "report_date": [pd.Timestamp("2022-01-07")],
            "report_date_inferred": [False],
        }
    )
    plots.sources_section(type("T", (), {"sources": sources})())
    section = out[-1]
    assert section.count(title) == 1
    assert section.count("7 Jan 2022, ‘The sixth day of crisis…’") == 3
    full = re.search(r'<li id="doc-pg-made-up">(.*?)</li>', section).group(1)
    assert "publisher: Made-Up Wire" in full and "by A. Reporter" in full and "published 2022-01-07 18:30 UTC" in full
    assert '<a class="report-url" href="https://example.org/made-up?a=1&amp;b=2">' in full
    # the coded row's id is machinery: kept as an attribute (and tooltip) for coders, never as reader text
    text = re.sub(r"<[^>]+>", " ", section)
    assert "T-F00" not in text and "Row" not in text
    assert section.count('data-row="T-F0') == 3 and 'title="Coded row T-F01"' in section


def test_short_title() -> None:
    assert page_cite.short_title("Five words are just enough") == "Five words are just enough"
    assert page_cite.short_title("One, two, three, four, five, six") == "One, two, three, four, five…"


def test_no_citation_no_sources_section(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.note("A sentence without data.")
    plots.sources_section(None)
    assert out == ['<p class="note">A sentence without data.</p>']


def test_theme_starts_a_new_page() -> None:
    plots.cite(figures(1))
    plots.theme()
    assert page_cite.REGISTRY.entries == {}


def test_joined_fragments_are_separate_quotes_with_the_text_kept() -> None:
    html = page_cite._fragments("raised to ‘blue’ on Friday … will remain in effect")
    assert html == "<q>raised to ‘blue’ on Friday</q> … <q>will remain in effect</q>"


def test_unsafe_ids_still_get_unique_valid_anchors() -> None:
    a, b = page_cite.anchor("a b"), page_cite.anchor("a-b")
    assert a != b and re.fullmatch(r"src-[A-Za-z0-9_.:-]+", a)


# ------------------------------------------------------------------ charts
def drawn(chart: Chart) -> plt.Figure:
    assert isinstance(chart, Chart) and chart.figure is not None
    chart.figure.canvas.draw()  # text layout happens here: math parsing errors would surface now
    return chart.figure


def test_trend_chart_survives_odd_open_lows() -> None:
    """Regression: g["high"].fillna(g["low"] * 1.5) raised TypeError for odd lows under pandas 3."""
    f = pd.concat([figures(), figures(as_of=pd.Timestamp("2022-01-08"), figure_id=["X1", "X2", "X3"])])
    fig = drawn(plots.trend_chart(f, "Counts over time", "People"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["7 Jan", "8 Jan"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "1,000" in labels and "10,000" in labels and not any("^" in s for s in labels)
    assert ax.get_legend() is not None


def test_open_ranges_run_to_the_panel_edge_and_the_legend_says_no_upper_bound() -> None:
    """An open range drawn a short way past its low read as a closed one ("26 (may be higher)" as 26-46)."""
    fig = drawn(plots.interval_chart(figures(), "Counts", "People"))
    ax = fig.axes[0]
    ends = [max(line.get_xdata()) for line in ax.get_lines() if len(line.get_xdata()) == 2]
    assert ends and max(ends) == pytest.approx(ax.get_xlim()[1])  # the open range reaches the edge
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(x.startswith("no upper bound") for x in labels)
    assert {t.get_text() for t in ax.get_xticklabels()} >= {"10", "100", "1,000"}


def test_data_text_is_drawn_literally() -> None:
    f = figures(attribution=r"$\undefinedcmd$", place=r"$x^2$ town")
    fig = drawn(plots.interval_chart(f, r"Title with $\alpha$", "People"))
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert r"Reported by: $\undefinedcmd$" in texts


def test_single_value_becomes_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.intervals(figures(1), "One", "People", "Caption.")
    assert len(out) == 1 and "<img" not in out[0]
    assert "Detained in Testville: more than 5,800, no source named, as of 7 January 2022." in out[0]
    assert 'href="#src-pg-T-F00"' in out[0]


def test_long_labels_are_wrapped_not_cut() -> None:
    label = "A very long description of an event that would once have been cut off at sixty characters"
    items = pd.DataFrame(
        {
            "kind": ["event", "measure"],
            "label": [label, "Curfew"],
            "place": ["Testville", "Baikonur"],
            "start": pd.to_datetime(["2022-01-03", "2022-01-07"]),
            "end": pd.to_datetime(["2022-01-03", "2022-01-19"]),
            "precision": ["day", "day"],
            "dated": [True, True],
            "uncertain": [False, False],
        }
    )
    fig = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Timeline"))
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[0].replace("\n", " ") == f"{label} · Testville" and "…" not in ticks[0]
    assert ticks[1] == "Curfew · Baikonur"
    dates = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(dates) == len(set(dates))


def test_a_running_total_over_stated_days_is_a_plain_bar_and_the_legend_names_only_what_is_drawn() -> None:
    """'Almost 4,000 … since the beginning of the unrest' happened over those days; it is not an unknown day."""
    items = pd.DataFrame(
        {
            "kind": ["event", "event"],
            "label": ["MADE-UP total detained since the start", "MADE-UP clash earlier this week"],
            "place": ["Testland", "Testville"],
            "start": pd.to_datetime(["2022-01-02", "2022-01-03"]),
            "end": pd.to_datetime(["2022-01-07", "2022-01-06"]),
            "precision": ["range", "week"],
            "dated": [True, True],
            "uncertain": [False, False],
        }
    )
    ax = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Timeline")).axes[0]
    bars = [p for p in ax.patches if p.get_width() > 1]
    hatched = [bool(p.get_hatch()) for p in sorted(bars, key=lambda p: p.get_y())]
    assert hatched == [False, True]  # top row: the stated span, plain; then the week window, hatched
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "event over the days the report gives" in legend and "event on one day" not in legend  # no dot drawn


def test_contributors_sharing_a_window_are_one_bar() -> None:
    deps = pd.DataFrame(
        {
            "country": ["Armenia", "Belarus", "Russia"],
            "start": pd.to_datetime(["2022-01-03", "2022-01-03", "2022-01-03"]),
            "end": pd.to_datetime(["2022-01-06", "2022-01-06", "2022-01-20"]),
            "date_precision": ["week", "week", "week"],
        }
    )
    fig = drawn(plots.window_chart(deps, "country", "Windows", "Contributor"))
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["Armenia, Belarus", "Russia"]
    days = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(days) == len(set(days)) and days[0] == "3 Jan"
    one = drawn(plots.window_chart(deps.head(2), "country", "Windows", "Contributor"))
    assert [t.get_text() for t in one.axes[0].get_yticklabels()] == ["Armenia, Belarus"]
    assert [h.get_label() for h in one.axes[0].get_legend().legend_handles] == [colours.SPAN_HATCH_MEANING]


def test_big_inputs_degrade_to_aggregates() -> None:
    n = plots.MAX_MARKS * 3
    many = figures(n, figure_id=[f"F{i}" for i in range(n)], place=[f"P{i % 10}" for i in range(n)])
    chart = plots.interval_chart(many, "Many", "People")
    assert len(chart.figure.axes[0].get_yticks()) <= plots.MAX_MARKS and "more than" in chart.caption
    items = pd.DataFrame(
        {
            "kind": "event",
            "label": [f"e{i}" for i in range(n)],
            "place": None,
            "start": pd.Timestamp("2022-01-02") + pd.to_timedelta([i % 9 for i in range(n)], unit="D"),
            "end": pd.NaT,
            "precision": "day",
            "dated": True,
            "uncertain": False,
        }
    )
    chart = plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Many items")
    assert len(chart.figure.axes[0].patches) <= 9 and "per day" in chart.caption
    bars = plots.count_bar(pd.DataFrame({"k": [f"s{i}" for i in range(n)], "v": range(n)}), "v", "k", "t", "x", "y")
    assert len(bars.figure.axes[0].patches) == plots.MAX_MARKS and "summed" in bars.caption


def test_the_map_draws_borders_and_lists_its_places(monkeypatch: pytest.MonkeyPatch) -> None:
    places = pd.DataFrame(
        {
            "place_id": ["almaty", "kazakhstan", "moscow"],
            "name": ["Almaty", "Kazakhstan", "Moscow"],
            "kind": ["city", "country", "city"],
            "latitude": [43.25, 48.0, 55.75],
            "longitude": [76.92, 68.0, 37.62],
        }
    )
    chart = plots.places_chart(places, {"almaty", "kazakhstan"})
    fig = drawn(chart)
    assert len(fig.axes[0].patches) > 20  # country outlines
    assert chart.alt.endswith("Almaty, Kazakhstan, Moscow.")
    out = captured(monkeypatch)
    plots.show(chart, "Places.")
    assert 'alt="Places named in the reports. Places. Map of 3 places' in out[0]


def test_shipped_borders_are_natural_earth_countries() -> None:
    names = borders.countries()
    assert {"Kazakhstan", "Russia", "Kyrgyzstan", "Tajikistan", "Belarus", "Armenia"} <= set(names)
    assert borders.BORDERS.stat().st_size < 100_000


def _extract_script():
    """scripts/extract_borders.py, the one-off script that cut the shipped borders (not in the package)."""
    import importlib.util

    path = borders.BORDERS.parents[4] / "scripts" / "extract_borders.py"
    spec = importlib.util.spec_from_file_location("extract_borders", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_topojson_arcs_decode() -> None:
    topo = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Sq"}}]}},
    }
    (feature,) = _extract_script().topojson_features(topo)
    assert feature["polygons"][0][0] == [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]


def test_show_embeds_a_figure_with_caption_sources_and_download(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    f = figures()
    plots.show(plots.interval_chart(f, "Counts", "People"), "Ranges.", f, "figure_id")
    (html,) = out
    assert html.startswith('<figure class="chart"><picture><source media="(max-width: 40rem)" srcset="data:image/png')
    assert '<img src="data:image/png;base64,' in html
    assert 'alt="Counts. Ranges."' in html and "<figcaption><strong>Figure 1.</strong> Ranges." in html
    assert html.count('class="cite"') == 3 and "Download the data</a> behind this figure (3 rows, CSV)" in html


def _png_size(uri: str) -> tuple[int, int]:
    import base64

    data = base64.b64decode(uri.split(",", 1)[1])
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("kind", ["interval", "trend", "map"])
def test_a_phone_gets_a_narrow_rendering_whose_text_is_larger_relative_to_its_width(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import re

    from helpers.charts.theme import NARROW_WIDTH

    out = captured(monkeypatch)
    f = figures()
    chart = {
        "interval": lambda: plots.interval_chart(f, "Counts with a rather long title that must wrap", "People"),
        "trend": lambda: plots.trend_chart(
            pd.concat([f, f.assign(as_of=pd.Timestamp("2022-01-08"), figure_id=f["figure_id"] + "b")]),
            "Counts over time",
            "People (log scale)",
        ),
        "map": lambda: plots.places_chart(
            pd.DataFrame(
                {
                    "place_id": ["town-a", "testland"],
                    "name": ["Town A", "Testland"],
                    "kind": ["city", "country"],
                    "latitude": [43.0, 48.0],
                    "longitude": [77.0, 68.0],
                }
            ),
            {"town-a", "testland"},
        ),
    }[kind]()
    narrow = chart.redraw_narrow()
    assert narrow is not None and narrow.get_figwidth() == pytest.approx(NARROW_WIDTH)
    assert chart.figure.get_figwidth() > 1.8 * NARROW_WIDTH  # the page's own rendering is untouched
    plots.show(chart, "Caption.", f, "figure_id")
    (html,) = out
    small, wide = re.findall(r'src(?:set)?="(data:image/png;base64,[^"]+)"', html)
    # our charts are 256-colour PNGs (colour type 3, a palette), which keeps pages small
    assert all(base64.b64decode(u.split(",", 1)[1])[25] == 3 for u in (small, wide))
    # the phone picture is drawn at 1.5x for sharp text: in inches it is far narrower than the page's
    assert _png_size(small)[0] / 150 < _png_size(wide)[0] / 100 * 0.75


def test_a_figure_of_your_own_is_shown_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.figure import Figure

    out = captured(monkeypatch)
    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([1, 2, 3])
    plots.show(fig, "Mine.")
    (html,) = out
    assert html.startswith('<figure class="chart"><img src="data:image/png;base64,') and "<picture>" not in html
    import base64

    data = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1))
    assert data[25] == 6  # PNG colour type 6 (RGBA): your own figure keeps every colour, no 256-colour palette


# ------------------------------------------------------------------ property test: random figure tables
ints = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))
texts = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x4FF, blacklist_categories=("Cs", "Cc")), max_size=25
).filter(lambda t: t not in ("None", "nan", "NaT", "<NA>"))  # typed text that only looks like a repr is not one


@st.composite
def figure_tables(draw) -> pd.DataFrame:
    n = draw(st.integers(min_value=0, max_value=12))
    rows = []
    for i in range(n):
        low = draw(ints)
        high = draw(st.one_of(st.none(), st.integers(min_value=low or 0, max_value=(low or 0) + 10**6)))
        best = draw(
            st.one_of(st.none(), st.integers(min_value=low or 0, max_value=high if high is not None else 10**7))
        )
        rows.append(
            {
                "figure_id": f"H{i}",
                "source_id": "made-up",
                "metric": draw(st.sampled_from(["detained", "killed", "injured"])),
                "place": draw(texts),
                "subject": draw(st.sampled_from(["people", "police officers", "$x$"])),
                "low": low,
                "best": best,
                "high": high,
                "display": draw(texts),
                "attribution": draw(st.one_of(st.none(), texts)),
                "as_of": draw(
                    st.one_of(
                        st.none(),
                        st.dates(
                            min_value=pd.Timestamp("2022-01-01").date(), max_value=pd.Timestamp("2022-03-01").date()
                        ),
                    )
                ),
                "part_of": draw(st.sampled_from(["", None, "H0"])),
                "evidence": draw(texts),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "figure_id",
            "source_id",
            "metric",
            "place",
            "subject",
            "low",
            "best",
            "high",
            "display",
            "attribution",
            "as_of",
            "part_of",
            "evidence",
        ],
    )
    for c in ("low", "best", "high"):
        frame[c] = frame[c].astype("Int64") if draw(st.booleans()) else frame[c].astype("object")
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figure_tables())
def test_every_plotting_helper_takes_any_figure_table(frame: pd.DataFrame) -> None:
    out: list[str] = []
    display.show_html, saved = out.append, display.show_html
    try:
        plots.theme()
        dated = frame[frame["as_of"].notna()]
        plots.intervals(frame.assign(as_of=frame["as_of"].fillna(pd.Timestamp("2022-01-07"))), "t", "x", "c")
        if len(dated):
            plots.show(plots.trend_chart(dated, "Trend", "People"), "c", dated, "figure_id")
        counts = frame.assign(n=frame["low"]).fillna({"place": "?"})
        if len(counts):
            plots.show(plots.count_bar(counts, "n", "place", "t", "x", "y"), "c")
        spans = frame.assign(start=frame["as_of"], end=frame["as_of"], date_precision="week", label=frame["place"])
        if len(spans):
            plots.show(plots.window_chart(spans, "label", "Spans", "y"), "c")
        plots.table(frame, caption="t", cite=frame)
        plots.sources_section(None)
    finally:
        display.show_html = saved
        plt.close("all")
    text = "".join(out)
    m = re.search(r"&lt;NA&gt;|<NA>|>nan<|>NaT<|>None<", text)
    assert not m, text[m.start() - 400 : m.end() + 50]


# ------------------------------------------------------------------ page assembly
def test_codebook_anchors_survive_reworded_headings() -> None:
    from helpers import paths

    real = render.codebook_body((paths.DOCS / "codebook.md").read_text(encoding="utf-8"))
    reworded = render.codebook_body("# Codebook\n\n## How numbers are read\n\ntext\n\n## Something else\n")
    for body in (real, reworded):
        for anchor in ("numbers", "dates", "event-types", "updates"):
            assert body.count(f'id="{anchor}"') == 1, anchor
    assert '<h2 id="numbers">How numbers are read</h2>' in reworded


def test_raw_anchors_in_the_codebook_become_real_anchors_not_text() -> None:
    from helpers import paths

    real = render.codebook_body((paths.DOCS / "codebook.md").read_text(encoding="utf-8"))
    assert "&lt;a" not in real and "<a id=" not in real
    assert render._text(real).count('id="') == 0  # no anchor markup left as visible text
    assert real.count('id="updates"') == 1 and 'href="#updates"' in real
    made_up = render.codebook_body('# C\n\n<a id="extra"></a>\n\n## Bar\n\nSee <a name="x1"></a> here.\n')
    assert '<span id="extra"></span>' in made_up and '<span id="x1"></span>' in made_up
    assert "&lt;" not in made_up and "\ue000" not in made_up


#: Words that occur only in the MADE-UP fixtures (tests/fixtures/made_up, tests/fixtures/coding), never in
#: the real report; the real 7 January report says "almost 4,000" detained.
MADE_UP_PHRASES = ("3,000", "5,800", "9,900", "January 21", "12 police officers", "16 members", "to yellow")


def test_codebook_labels_every_made_up_example() -> None:
    from helpers import paths

    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    sections = re.split(r"\n(?=## )", text)
    walk = [s for s in sections if s.startswith("## Coding a new source")]
    assert walk and "**MADE-UP** report" in walk[0].split("```")[0]  # the walk-through says so up front
    unlabelled = []
    for section in sections:
        if section in walk:
            continue
        for block in re.split(r"\n\s*\n", section):
            # a table row, a numbered or bulleted item, or a paragraph each carries its own label
            for item in re.split(r"\n(?=\||\d+\. |- )", block):
                if any(p in item for p in MADE_UP_PHRASES) and not re.search(r"made[- ]up", item, re.I):
                    unlabelled.append(item.strip()[:80])
    assert not unlabelled, unlabelled


def test_toc_only_on_pages_with_more_than_three_sections() -> None:
    three = "".join(f'<h2 id="s{i}">S{i}<a class="anchor-link" href="#s{i}">¶</a></h2>' for i in range(3))
    assert render.add_toc(three) == three
    four = three + '<h2 id="sources">Sources</h2>'
    toc = render.add_toc(four)
    assert toc.startswith('<nav class="toc" aria-label="Contents">')
    assert '<li><a href="#s0">S0</a></li>' in toc and '<a href="#sources">Sources</a>' in toc


def test_rows_sharing_a_bar_share_one_note_in_its_label() -> None:
    same = ["Armenia (arrival window; end not given)", "Belarus (arrival window; end not given)"]
    assert spans._shared_label(same) == "Armenia, Belarus (arrival window; end not given)"
    mixed = ["Belarus (until 21 Jan)", "Russia (arrival window; end not given)"]
    assert spans._shared_label(mixed) == ", ".join(mixed)


# ------------------------------------------------------------------ findings of the fresh-eyes test (4, 5, 6, 10)
def _csv_rows(fragment: str) -> tuple[list[str], list[dict[str, str]]]:
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', fragment).group(1)
    text = base64.b64decode(uri).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def test_no_attribution_colour_can_pass_for_not_attributed(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib.colors as mc

    from helpers import paths

    (tmp_path / "figures.csv").write_text(
        "figure_id,attributed_to\nF1,MADE-UP agency B\nF2,MADE-UP agency A\nF3,MADE-UP agency A\nF4,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    # colours come from the data: most cited first, then by name; "not attributed" is the one grey
    assert colours.attribution_order() == ("MADE-UP agency A", "MADE-UP agency B")
    known = [colours.colour_for("MADE-UP agency A"), colours.colour_for("MADE-UP agency B")]
    assert known == colours.ATTRIBUTION_COLOURS[:2]
    grey = mc.rgb_to_hsv(mc.to_rgb(colours.colour_for("not attributed")))
    assert grey[1] < colours.MIN_SATURATION
    names = ["Almaty city health department", *[f"MADE-UP agency {i}" for i in range(200)]]
    for name in names:
        colour = colours.colour_for(name)
        assert mc.rgb_to_hsv(mc.to_rgb(colour))[1] >= colours.MIN_SATURATION, (name, colour)
        assert colour not in known, (name, colour)  # a name the data does not know never takes a known colour
        assert colours.colour_for(name) == colour  # stable
    assert len(set(map(colours.colour_for, names))) == len(colours.ATTRIBUTION_COLOURS) - 2 >= 10
    assert all(not colours.is_greyish(c) for c in colours.ATTRIBUTION_COLOURS)


def test_no_actor_name_is_written_into_the_colour_table() -> None:
    import inspect

    source = inspect.getsource(colours)
    assert not [name for name in ("Interior Ministry", "TASS", "Tokayev", "Baikonur", "Defense") if name in source]


def test_timeline_title_names_the_colours_drawn() -> None:
    items = pd.DataFrame(
        {
            "kind": ["event", "measure"],
            "label": ["MADE-UP protest", "MADE-UP curfew"],
            "place": ["Testville", "Testville"],
            "start": pd.to_datetime(["2022-01-02", "2022-01-05"]),
            "end": pd.to_datetime([None, "2022-01-07"]),
            "precision": ["day", "day"],
            "dated": [True, True],
        }
    )
    fig = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Events (blue) and measures (orange)"))
    assert fig.axes[0].get_title() == "Events (dark grey) and measures (brown)"
    drawn_colours = {mcolors.to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    assert colours.KIND_COLOURS["measure"] in drawn_colours
    assert colours.colour_words_in_title("Violence (red) by day", colours.KIND_COLOURS) == "Violence by day"


def test_identical_interval_labels_get_their_date_then_their_part_of_the_report() -> None:
    f = figures(4, metric="killed", display=["dozens", "dozens", "at least 26", "44"]).assign(
        as_of=pd.to_datetime(["2022-01-07", "2022-01-07", "2022-01-07", "2022-01-08"]),
        context=["headline", "lede", "body", "body"],
    )
    labels = intervals.interval_labels(f)
    assert labels == [
        "Killed in Testville · 7 Jan · heading",
        "Killed in Testville · 7 Jan · lede",
        "Killed in Testville · 7 Jan · body",
        "Killed in Testville · 8 Jan",
    ]
    ticks = [t.get_text() for t in drawn(plots.interval_chart(f, "Killed", "People")).axes[0].get_yticklabels()]
    assert len(set(ticks)) == 4
    # rows that differ already keep their plain label; a label column from the views wins
    plain = ["Detained in Testville", "Killed in Testville", "Injured in Testville"]
    assert intervals.interval_labels(figures(3)) == plain
    assert intervals.interval_labels(f.assign(label=["a", "b", "c", "d"])) == ["a", "b", "c", "d"]


def test_figure_download_drops_internal_columns_and_writes_true_false(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    f = figures().assign(
        _spec=1,
        _rank=2.0,
        older=False,
        latest=pd.Timestamp("2022-01-08"),
        series="Killed in Testville",
        is_part=[True, False, False],
        part_of=["T-F01", "", ""],
        part_of_text=["part of at least 26 (T-F01)", "", ""],
        open_upper=[True, False, True],
        low=[5801.0, 26.0, 12.0],
        actors=[["a", "b"], [], None],
    )
    plots.show(plots.interval_chart(f, "Counts", "People"), "Ranges.", f, "figure_id")
    cols, rows = _csv_rows(out[0])
    for internal in ("_spec", "_rank", "older", "latest", "series", "is_part", "part_of_text"):
        assert internal not in cols
    assert {"figure_id", "part_of", "open_upper", "as_of", "low"} <= set(cols)
    assert [r["open_upper"] for r in rows] == ["true", "false", "true"]
    assert [r["low"] for r in rows] == ["5801", "26", "12"] and rows[0]["as_of"] == "2022-01-07"
    assert [r["actors"] for r in rows] == ["a; b", "", ""]
    text = "\n".join(",".join(r.values()) for r in rows)
    assert RAW_REPRS.search(text) is None and "[" not in text
    # a derived column is kept when what it is made from is not in the download (then it is the only record)
    assert page_downloads.csv_columns(["series", "before", "now"]) == ["series", "before", "now"]


def test_parameters_read_as_words_on_the_page_and_the_index() -> None:
    rows = render.parameter_rows(
        {"place": "baikonur", "event_types": ["protest", "riot", "clash"], "start": "2022-01-02", "metric": ""}
    )
    assert rows == [
        ("Place", "Baikonur"),
        ("Event types", "protest, riot, clash"),
        ("From", "2 January 2022"),
        ("Count of", "all"),
    ]
    index = render.index_html(
        [
            {
                "name": "place-baikonur",
                "title": "Baikonur",
                "notebook": "03-place.ipynb",
                "notebook_title": "Places",
                "parameters": {"place": "baikonur", "event_types": ["protest", "riot", "clash"]},
                "status": "ok",
                "error": "",
                "built": "",
                "seconds": "",
                "has_html": True,
            }
        ],
        {"commit": "x", "data_hash": "y", "built": "z", "span": None, "has_codebook": False},
    )
    assert "Place: Baikonur; Event types: protest, riot, clash" in index
    assert "['protest'" not in index and "&#39;protest&#39;" not in index and "place=baikonur" not in index


def test_report_parameter_box_shows_names_not_ids() -> None:
    import nbformat

    meta = {
        "name": "place-baikonur",
        "title": "Baikonur",
        "notebook": "03-place.ipynb",
        "parameters": {"place": "baikonur"},
        "built": "now",
        "commit": "abc",
        "data_hash": "def",
        "kernel": "",
        "has_codebook": False,
    }
    body = render.report_html(nbformat.v4.new_notebook(), meta)
    box = re.search(r'<table class="params">.*?</table>', body, re.S).group(0)
    assert '<th scope="row">Place</th><td>Baikonur</td>' in box and "baikonur" not in box
    assert "&#34;place&#34;: &#34;baikonur&#34;" in body or '"place": "baikonur"' in body  # footer keeps the JSON


# ------------------------------------------------------------------ second reader test: colour, hatching, axes, labels
def test_trend_lines_have_their_own_colour_and_the_legend_names_each() -> None:
    """Finding 5: "Detained in Kazakhstan" and "Killed in Kazakhstan" were the same green line."""
    f = pd.concat([figures(), figures(as_of=pd.Timestamp("2022-01-08"), figure_id=["X1", "X2", "X3"])])
    f = f.assign(place="Kazakhstan", attribution="Interior Ministry of Kazakhstan")
    ax = drawn(plots.trend_chart(f, "Counts over time", "People (log scale)")).axes[0]
    lines = [ln for ln in ax.get_lines() if ln.get_label() and not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in lines] == [
        "Detained in Kazakhstan",
        "Injured in Kazakhstan",
        "Killed in Kazakhstan",
    ]
    looks = {(mcolors.to_hex(ln.get_color()), ln.get_linestyle()) for ln in lines}
    assert len(looks) == 3 and len({c for c, _ in looks}) == 3
    # no line wears an attribution's fixed colour (blue is the Interior Ministry in the interval chart)
    assert not {c for c, _ in looks} & {v.lower() for v in colours.ATTRIBUTION_COLOURS[:6]}
    legend = ax.get_legend()
    assert legend.get_title().get_text() == colours.TREND_LEGEND_TITLE
    handles = {h.get_label(): h for h in legend.legend_handles}
    for ln in lines:
        assert mcolors.to_hex(handles[ln.get_label()].get_color()) == mcolors.to_hex(ln.get_color())
    assert len({colours.line_style(k) for k in range(36)}) == 36


def _spans(**over) -> pd.DataFrame:
    """MADE-UP measure spans shaped like views.measure_spans(): a dated curfew and one with no start."""
    base = pd.DataFrame(
        {
            "measure_id": ["T-M01", "T-M02"],
            "measure": ["curfew", "curfew"],
            "label": ["Curfew · Testville", "Night curfew · Testburg (no start given: from the report date)"],
            "start": pd.to_datetime(["2022-01-07", "2022-01-08"]),
            "end": pd.to_datetime(["2022-01-19", "2022-01-15"]),
            "start_precision": ["day", ""],
            "no_start": [False, True],
            "open_end": [False, False],
        }
    )
    return base.assign(**over)


def _bar_looks(fig: plt.Figure) -> list[tuple[str, str | None]]:
    return [(mcolors.to_hex(p.get_facecolor()[:3]), p.get_hatch()) for p in fig.axes[0].patches if p.get_width() > 0]


def test_span_charts_use_the_timeline_colours_and_hatch_a_start_not_given() -> None:
    """Findings 5 and 6: measures were green (brown on the timeline); a curfew with no start was solid."""
    fig = drawn(plots.window_chart(_spans(), "label", "Measures with a date", "Measure · place"))
    looks = _bar_looks(fig)
    brown = colours.KIND_COLOURS["measure"]
    assert looks == [(brown, None), (brown, colours.HATCH)]
    labels = [h.get_label() for h in fig.axes[0].get_legend().legend_handles]
    assert colours.SPAN_HATCH_MEANING in labels
    assert "a window or a start not given" in colours.SPAN_HATCH_MEANING
    assert any("colour: measure" in lab for lab in labels)
    deps = pd.DataFrame(
        {
            "deployment_id": ["T-D01", "T-D02"],
            "country": ["Armenia", "Russia"],
            "start": pd.to_datetime(["2022-01-03", "2022-01-06"]),
            "end": pd.to_datetime(["2022-01-06", None]),
            "date_precision": ["week", "day"],
        }
    )
    dep = drawn(plots.window_chart(deps, "country", "Deployments", "Contributing country"))
    grey = colours.KIND_COLOURS["event"]
    assert _bar_looks(dep) == [(grey, colours.HATCH), (grey, None)]
    assert spans.span_kind(deps) == "deployment" and spans.span_kind(_spans()) == "measure"
    forced = drawn(plots.window_chart(_spans(), "label", "x", "y", kind="event"))
    assert {c for c, _ in _bar_looks(forced)} == {grey}
    # an end the view filled in (open_end) is hatched too, and the legend says so
    filled = drawn(plots.window_chart(_spans(open_end=[True, False]), "label", "x", "y"))
    assert _bar_looks(filled) == [(brown, colours.HATCH), (brown, colours.HATCH)]
    assert colours.SPAN_HATCH_MEANING_END in [h.get_label() for h in filled.axes[0].get_legend().legend_handles]


def test_symmetric_log_axes_say_so_and_why_they_show_0() -> None:
    """Finding 7: a "0" tick on a log axis confuses unless the label says why it is there."""
    f = pd.concat([figures(), figures(as_of=pd.Timestamp("2022-01-08"), figure_id=["X1", "X2", "X3"])])
    trend = drawn(plots.trend_chart(f, "Counts over time", "People (log scale)")).axes[0]
    assert trend.get_ylabel() == "People (log scale; 0 shown for reference)"
    assert trend.get_yscale() == "symlog" and "0" in [t.get_text() for t in trend.get_yticklabels()]
    bars = drawn(plots.interval_chart(figures(), "Counts", "People")).axes[0]
    assert bars.get_xlabel() == "People (log scale)"  # a true log axis: no fake 0 a decade left of 10
    assert bars.get_xscale() == "log" and "0" not in {t.get_text() for t in bars.get_xticklabels()}


def test_timeline_labels_never_touch_and_always_carry_their_place_once() -> None:
    """Finding 15: four-line labels touched; the "· place" suffix came and went."""
    long = "A MADE-UP event description long enough to wrap onto four lines of the timeline's label column, " * 2
    items = pd.DataFrame(
        {
            "kind": ["event"] * 4 + ["measure"],
            "label": [
                long,
                long,
                "Shooting in Testville's city centre eases",
                "Protest in Testville",
                "Curfew · Testville",
            ],
            "place": ["Testville", "Testburg", "Testville", "Testville", "Testville"],
            "start": pd.to_datetime(["2022-01-03", "2022-01-04", "2022-01-05", "2022-01-06", "2022-01-07"]),
            "end": pd.to_datetime([None, None, None, None, "2022-01-19"]),
            "precision": ["day"] * 5,
            "dated": [True] * 5,
        }
    )
    more = pd.DataFrame(  # many rows, so the figure's fixed margins no longer leave room by chance
        {
            "kind": "event",
            "label": [f"{long} number {k}" for k in range(12)],
            "place": "Testville",
            "start": pd.date_range("2022-01-08", periods=12, freq="D"),
            "end": pd.NaT,
            "precision": "day",
            "dated": True,
        }
    )
    items = pd.concat([items, more], ignore_index=True)
    fig = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Timeline"))
    ticks = fig.axes[0].get_yticklabels()
    texts = [t.get_text().replace("\n", " ") for t in ticks]
    assert texts[2] == "Shooting in Testville's city centre eases · Testville"  # place inside: still suffixed
    assert texts[3] == "Protest in Testville" and texts[4] == "Curfew · Testville"  # ends with it: not doubled
    assert texts[0].endswith("· Testville") and texts[1].endswith("· Testburg")
    assert ticks[0].get_text().count("\n") >= 3
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ticks]
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper.y0 - lower.y1 >= 3, (upper, lower)  # at least 3 px between labels


# ------------------------------------------------------------------ issue 20: ids per notebook, no global state, API
def _page_output(monkeypatch: pytest.MonkeyPatch, rows: pd.DataFrame) -> str:
    """One notebook's output: a cited note, a cited table, a figure and its Sources section, as one string."""
    out = captured(monkeypatch)
    plots.theme()
    plots.note("Counts.", cite=rows)
    plots.table(rows[["figure_id", "display"]], caption="Counts", cite=rows)
    plots.intervals(rows, "Counts", "People", "Ranges.")
    plots.sources_section(type("T", (), {"sources": None})())
    return "".join(out)


def _ids_and_links(html: str) -> tuple[list[str], list[str]]:
    from html.parser import HTMLParser

    ids: list[str] = []
    links: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
            a = dict(attrs)
            if "id" in a:
                ids.append(a["id"])
            if tag == "a" and (a.get("href") or "").startswith("#"):
                links.append(a["href"][1:])

    Parser().feed(html)
    return ids, links


def test_two_notebooks_in_one_dom_have_unique_ids_and_working_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.page import cite

    monkeypatch.delenv("KZ_PAGE_ID")  # in JupyterLab: each kernel's registry makes its own prefix
    pages = []
    for _ in range(2):  # two notebooks, each with its own kernel (its own registry), citing the same rows
        monkeypatch.setattr(cite, "REGISTRY", cite.Registry())
        pages.append(_page_output(monkeypatch, figures()))
    ids, links = _ids_and_links("".join(pages))
    ids = [i for i in ids if i != "sources"]  # the heading, not a footnote
    assert len(ids) == len(set(ids)) == 2 * 7  # 3 entries + 3 first links + 1 report entry per notebook
    assert links and set(links) <= set(ids) | {"sources"}
    # each notebook's links stay inside it
    for page_html in pages:
        own_ids, own_links = _ids_and_links(page_html)
        assert set(own_links) <= set(own_ids)


def test_build_ids_are_the_report_name_and_the_same_every_build(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.page import cite

    monkeypatch.setenv("KZ_PAGE_ID", "counts-killed")
    first = _page_output(monkeypatch, figures())
    monkeypatch.setattr(cite, "REGISTRY", cite.Registry())  # another process, another uuid: same ids
    assert _page_output(monkeypatch, figures()) == first
    assert 'id="src-counts-killed-T-F00"' in first and 'href="#ref-counts-killed-T-F00"' in first


def test_a_rerun_cell_emits_the_back_link_targets_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.page import cite

    running = {"cell": ("cell-a", 1)}
    monkeypatch.setattr(cite, "_running_cell", lambda: running["cell"])
    rows = figures(1)
    assert 'id="ref-pg-T-F00"' in plots.cite(rows)  # first citation holds the target of the ↩ link
    assert "id=" not in plots.cite(rows)  # cited again in the same run of the same cell: no second id
    running["cell"] = ("cell-b", 2)
    assert "id=" not in plots.cite(rows)  # another cell: the first one still holds the target
    running["cell"] = ("cell-a", 3)  # the first cell runs again: its old output (and target) is gone
    assert 'id="ref-pg-T-F00"' in plots.cite(rows)
    back = re.search(r'class="back" href="#([^"]+)"', cite.sources_html(None)).group(1)
    assert back == "ref-pg-T-F00"


def test_charts_leave_rcparams_and_pyplot_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    captured(monkeypatch)
    plt.close("all")
    before = {k: str(v) for k, v in matplotlib.rcParams.items()}
    backend = matplotlib.get_backend()
    plots.theme()
    chart = plots.trend_chart(pd.concat([figures(), figures(as_of=pd.Timestamp("2022-01-08"))]), "T", "People")
    plots.show(chart, "Trend.")
    plots.intervals(figures(), "Counts", "People", "Ranges.")
    assert {k: str(v) for k, v in matplotlib.rcParams.items()} == before
    assert matplotlib.get_backend() == backend and plt.get_fignums() == []
    assert chart.figure.axes[0].title.get_fontweight() == "bold"  # the theme was there while drawing


def test_a_users_pyplot_figure_is_shown_once(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    fig, ax = plt.subplots()
    ax.plot([1, 2], [2, 1])
    plots.show(fig, "Mine.")
    assert "<img" in out[0] and plt.get_fignums() == []  # closed, so pyplot does not show it a second time


def test_the_facade_offers_only_the_public_api() -> None:
    import helpers.plots as facade

    public = [n for n in dir(facade) if not n.startswith("_")]
    assert public == sorted(facade.__all__)
    assert not {"base64", "io", "Line2D", "matplotlib", "pd", "page", "re"} & set(public)
    for name in [n for n in facade.__all__ if callable(getattr(facade, n)) and n != "Chart"]:
        doc = getattr(facade, name).__doc__
        assert "Example" in doc and "plots." in doc, name


def test_help_on_the_entry_points_beside_plots_gives_an_example() -> None:
    """help(helpers.load) and help(params.check) show a short example, as help() on the plots functions does."""
    import helpers
    from helpers import params

    for func, call in ((helpers.load, "helpers.load()"), (params.check, "params.check(t, metric=")):
        assert "Example" in func.__doc__ and call in func.__doc__, func.__qualname__


def test_every_module_of_charts_and_page_declares_all() -> None:
    import importlib
    import pkgutil

    import helpers.charts
    import helpers.page

    for package in (helpers.charts, helpers.page):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_") or (package is helpers.page and info.name in ("core", "params")):
                continue  # private, or not this module's (the vocabulary, the parameter checks)
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            assert hasattr(module, "__all__"), module.__name__
            assert all(hasattr(module, n) for n in module.__all__), module.__name__
            assert (module.__doc__ or "").strip(), module.__name__


def test_a_trend_line_joining_a_number_to_a_bound_is_dotted_and_the_legend_says_so() -> None:
    """Issue 19: the trend joined a best estimate (4,000) to a lower bound (5,801) as if alike."""
    f = figures()
    f = f[f["metric"] == f["metric"].iloc[0]].head(1)
    later = f.assign(figure_id=["X9"], as_of=pd.Timestamp("2022-01-09"), best=pd.NA, high=pd.NA, low=5801)
    ax = drawn(plots.trend_chart(pd.concat([f.assign(best=4000, low=3600, high=4000), later]), "T", "People")).axes[0]
    dotted = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":" and len(ln.get_xdata()) == 2]
    assert dotted, "the step from a number to a bound is dotted"
    assert any("joins a number to a bound" in t.get_text() for t in ax.get_legend().get_texts())


def test_the_map_has_no_plot_axes_no_country_square_and_dots_sized_by_count() -> None:
    """Issue 19: a 'Russia' square at 60°N 100°E, latitude and longitude axes, and nothing encoding a quantity."""
    places = pd.DataFrame(
        {
            "place_id": ["testland", "town-a", "town-b"],
            "name": ["MADE-UP Testland", "Town A", "Town B"],
            "kind": ["country", "city", "city"],
            "latitude": [60.0, 43.0, 50.0],
            "longitude": [100.0, 77.0, 57.0],
        }
    )
    ax = drawn(plots.places_chart(places, {"town-a", "town-b", "testland"}, sizes={"town-a": 1000, "town-b": 10})).axes[
        0
    ]
    assert not ax.axison
    dots = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 1]
    assert len(dots) == 2 and all(ln.get_marker() == "o" for ln in dots)  # no marker at the country's centre
    big, small = sorted(dots, key=lambda ln: -ln.get_markersize())
    assert big.get_xdata()[0] == 77.0 and big.get_markersize() > 2 * small.get_markersize()
    assert ax.get_xlim()[1] < 100  # the country's centre point does not stretch the map
    scale = [t.get_text() for t in ax.get_legend().get_texts() if "largest count" in t.get_text()]
    assert scale == ["largest count reported there: 1,000", "largest count reported there: 10"]  # counts drawn


def test_a_tinted_country_is_shown_whole_unless_that_zooms_far_out() -> None:
    """Fresh-reader finding: Kazakhstan was cut off east of 80°E because the frame followed the cities only."""
    places = pd.DataFrame(
        {
            "place_id": ["kazakhstan", "russia", "town-a", "town-b"],
            "name": ["Kazakhstan", "Russia", "MADE-UP Town A", "MADE-UP Town B"],
            "kind": ["country", "country", "city", "city"],
            "latitude": [48.0, 60.0, 43.0, 50.0],
            "longitude": [68.0, 100.0, 77.0, 57.0],
        }
    )
    ax = drawn(plots.places_chart(places, {"kazakhstan", "russia", "town-a", "town-b"})).axes[0]
    ring = [x for poly in borders.countries()["Kazakhstan"] for x, _ in poly[0]]
    assert ax.get_xlim()[0] <= min(ring) and ax.get_xlim()[1] >= max(ring)  # Kazakhstan whole
    assert ax.get_xlim()[1] < 150  # Russia, far larger than the frame, does not widen it


def test_a_phone_date_axis_keeps_its_dates_apart() -> None:
    """Fresh-reader finding: thirteen days on a 4.6 in axis ran together ('7 Jan8 Jan9 Jan…')."""
    from helpers.charts.theme import narrow

    items = pd.DataFrame(
        {
            "kind": ["measure"],
            "label": ["MADE-UP curfew"],
            "place": ["Testville"],
            "start": pd.to_datetime(["2022-01-07"]),
            "end": pd.to_datetime(["2022-01-19"]),
            "precision": ["day"],
            "dated": [True],
            "uncertain": [False],
        }
    )
    wide = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "T")).axes[0]
    with narrow():
        small = drawn(plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "T")).axes[0]
    assert len(wide.get_xticks()) > 10 and len(small.get_xticks()) <= 6


def test_a_table_row_can_cite_every_row_its_values_come_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """Second fresh-reader pass: a contributor's arrival window (7 Jan) and 'in place' (8 Jan) came from two
    reports, and the row cited only the later quote, which says nothing of the window."""
    out = captured(monkeypatch)
    f = figures(2)
    chained = [f.iloc[[0]], pd.concat([f.iloc[[1]], f.iloc[[0]]])]  # the row itself first, then its chain
    plots.table(f[["place", "display"]], caption="T", cite=chained)
    rows = re.findall(r"<tr>(.*?)</tr>", out[0])[1:]
    assert [len(re.findall(r'class="cite"', r)) for r in rows] == [1, 2]


def test_every_table_cell_carries_its_header_for_the_phone_card_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Second fresh-reader pass: on a phone the latest figure and who gives it scrolled off-screen; each
    row now reads as a card, every cell labelled with its column's header (CSS `attr(data-label)`)."""
    out = captured(monkeypatch)
    f = figures(2)
    plots.table(f[["place", "display", "figure_id"]], caption="T", cite=f)
    cells = re.findall(r"<td[^>]*>", out[0])
    assert cells and all("data-label=" in c for c in cells)
    assert 'data-label="Source"' in out[0]
