"""The page API (helpers.plots, helpers.page): citations, reader-grade tables, charts that never crash or mislead."""

from __future__ import annotations

import base64
import csv
import io
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import borders, page, plots, render

RAW_REPRS = re.compile(r"<NA>|\bnan\b|\bNaT\b|\bNone\b|\bTrue\b|\bFalse\b|\{'|object at 0x")


@pytest.fixture(autouse=True)
def fresh_page():
    plots.theme()
    yield
    plt.close("all")


def captured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the HTML fragments the page API displays."""
    out: list[str] = []
    monkeypatch.setattr(page, "show_html", out.append)
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
    assert heads == ["Measure", "Start", "Date inferred", "Day (start)", "Share", "Measure id"]
    assert "state of emergency" in html and "44.4%" in html and ">yes<" in html and ">1<" in html
    assert '<td class="id">M1</td>' in html
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
    assert links[:3] == [("src-T-F00", "1"), ("src-T-F01", "2"), ("src-T-F02", "3")]
    assert len(links) == 6  # the table cites each row again, with the same numbers
    section = out[-1]
    for i in range(3):
        entry = re.search(rf'<li id="src-T-F0{i}" value="{i + 1}">(.*?)</li>', section).group(1)
        assert f"made-up quote {i}" in entry and "A made-up report" in entry and "8 January 2022" in entry
    assert "<details" not in section and 'id="sources"' in section


def test_no_citation_no_sources_section(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    plots.note("A sentence without data.")
    plots.sources_section(None)
    assert out == ['<p class="note">A sentence without data.</p>']


def test_theme_starts_a_new_page() -> None:
    plots.cite(figures(1))
    plots.theme()
    assert page.REGISTRY.entries == {}


def test_joined_fragments_are_separate_quotes_with_the_text_kept() -> None:
    html = page._fragments("raised to ‘blue’ on Friday … will remain in effect")
    assert html == "<q>raised to ‘blue’ on Friday</q> … <q>will remain in effect</q>"


def test_unsafe_ids_still_get_unique_valid_anchors() -> None:
    a, b = page.anchor("a b"), page.anchor("a-b")
    assert a != b and re.fullmatch(r"src-[A-Za-z0-9_.:-]+", a)


# ------------------------------------------------------------------ charts
def drawn(fig: plt.Figure) -> plt.Figure:
    fig.canvas.draw()  # text layout happens here: math parsing errors would surface now
    return fig


def test_trend_chart_survives_odd_open_lows() -> None:
    """Regression: g["high"].fillna(g["low"] * 1.5) raised TypeError for odd lows under pandas 3."""
    f = pd.concat([figures(), figures(as_of=pd.Timestamp("2022-01-08"), figure_id=["X1", "X2", "X3"])])
    fig = drawn(plots.trend_chart(f, "Counts over time", "People"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["7 Jan", "8 Jan"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "1,000" in labels and "10,000" in labels and not any("^" in s for s in labels)
    assert ax.get_legend() is not None


def test_open_ranges_end_a_short_way_past_their_low() -> None:
    fig = drawn(plots.interval_chart(figures(), "Counts", "People"))
    ends = [max(line.get_xdata()) for line in fig.axes[0].get_lines() if len(line.get_xdata()) == 2]
    assert ends and max(ends) <= 5801 * plots.OPEN_ARROW + 1e-6
    assert fig.axes[0].get_legend() is not None
    assert {t.get_text() for t in fig.axes[0].get_xticklabels()} >= {"10", "100", "1,000"}


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
    assert 'href="#src-T-F00"' in out[0]


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
    assert [h.get_label() for h in one.axes[0].get_legend().legend_handles] == [plots.HATCH_MEANING]


def test_big_inputs_degrade_to_aggregates() -> None:
    n = plots.MAX_MARKS * 3
    many = figures(n, figure_id=[f"F{i}" for i in range(n)], place=[f"P{i % 10}" for i in range(n)])
    fig = plots.interval_chart(many, "Many", "People")
    assert len(fig.axes[0].get_yticks()) <= plots.MAX_MARKS and "more than" in fig.kz_caption
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
    fig = plots.timeline_chart(items, pd.Timestamp("2022-01-02"), "Many items")
    assert len(fig.axes[0].patches) <= 9 and "per day" in fig.kz_caption
    bars = plots.count_bar(pd.DataFrame({"k": [f"s{i}" for i in range(n)], "v": range(n)}), "v", "k", "t", "x", "y")
    assert len(bars.axes[0].patches) == plots.MAX_MARKS and "summed" in bars.kz_caption


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
    fig = drawn(plots.places_chart(places, {"almaty", "kazakhstan"}))
    assert len(fig.axes[0].patches) > 20  # country outlines
    assert fig.kz_alt.endswith("Almaty, Kazakhstan, Moscow.")
    out = captured(monkeypatch)
    plots.show(fig, "Places.")
    assert 'alt="Places named in the reports. Places. Map of 3 places' in out[0]


def test_shipped_borders_are_natural_earth_countries() -> None:
    names = borders.countries()
    assert {"Kazakhstan", "Russia", "Kyrgyzstan", "Tajikistan", "Belarus", "Armenia"} <= set(names)
    assert borders.BORDERS.stat().st_size < 100_000


def test_topojson_arcs_decode() -> None:
    topo = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Sq"}}]}},
    }
    (feature,) = borders.topojson_features(topo)
    assert feature["polygons"][0][0] == [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]


def test_show_embeds_a_figure_with_caption_sources_and_download(monkeypatch: pytest.MonkeyPatch) -> None:
    out = captured(monkeypatch)
    f = figures()
    plots.show(plots.interval_chart(f, "Counts", "People"), "Ranges.", f, "figure_id")
    (html,) = out
    assert html.startswith('<figure class="chart"><img src="data:image/png;base64,')
    assert 'alt="Counts. Ranges."' in html and "<figcaption><strong>Figure 1.</strong> Ranges." in html
    assert html.count('class="cite"') == 3 and "Download the data</a> behind this figure (3 rows, CSV)" in html


# ------------------------------------------------------------------ property test: random figure tables
ints = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))
texts = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x4FF, blacklist_categories=("Cs", "Cc")), max_size=25
)


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
    page.show_html, saved = out.append, page.show_html
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
        page.show_html = saved
        plt.close("all")
    text = "".join(out)
    assert not re.search(r"&lt;NA&gt;|<NA>|>nan<|>NaT<|>None<", text)


# ------------------------------------------------------------------ page assembly
def test_codebook_anchors_survive_reworded_headings() -> None:
    from helpers import paths

    real = render.codebook_body((paths.DOCS / "codebook.md").read_text(encoding="utf-8"))
    reworded = render.codebook_body("# Codebook\n\n## How numbers are read\n\ntext\n\n## Something else\n")
    for body in (real, reworded):
        for anchor in ("numbers", "dates", "event-types", "updates"):
            assert body.count(f'id="{anchor}"') == 1, anchor
    assert '<h2 id="numbers">How numbers are read</h2>' in reworded


def test_toc_only_on_pages_with_more_than_three_sections() -> None:
    three = "".join(f'<h2 id="s{i}">S{i}<a class="anchor-link" href="#s{i}">¶</a></h2>' for i in range(3))
    assert render.add_toc(three) == three
    four = three + '<h2 id="sources">Sources</h2>'
    toc = render.add_toc(four)
    assert toc.startswith('<nav class="toc" aria-label="Contents">')
    assert '<li><a href="#s0">S0</a></li>' in toc and '<a href="#sources">Sources</a>' in toc


def test_rows_sharing_a_bar_share_one_note_in_its_label() -> None:
    same = ["Armenia (arrival window; end not given)", "Belarus (arrival window; end not given)"]
    assert plots._shared_label(same) == "Armenia, Belarus (arrival window; end not given)"
    mixed = ["Belarus (until 21 Jan)", "Russia (arrival window; end not given)"]
    assert plots._shared_label(mixed) == ", ".join(mixed)
