"""Pages for sources in Russian and Kazakh (issue 18 point 4), on the MADE-UP multilingual fixture.

The quote stays in the report's language and carries `lang`; the coder's translation stands beside it,
labelled as ours; a figure reads as the report words it, then in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from helpers.page import cite as page_cite
from helpers.page import plots

LANGS = FIXTURES / "made_up_languages"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory):
    from helpers.clean.run import clean
    from helpers.data.tables import load

    out = tmp_path_factory.mktemp("langs") / "processed"
    clean(LANGS, out)
    return load(out)


def _sources_for(t, rows) -> str:
    shown: list[str] = []
    saved = plots._display.show_html
    plots._display.show_html = shown.append
    try:
        page_cite.REGISTRY.reset()
        page_cite.cite(rows)
        plots.sources_section(t)
    finally:
        plots._display.show_html = saved
        page_cite.REGISTRY.reset()
    return "".join(shown)


def test_a_russian_quote_carries_lang_and_our_translation(tables) -> None:
    rows = tables.figures[tables.figures["figure_id"].isin(["TEST-RU-F01", "TEST-RU-F02"])]
    html = _sources_for(tables, rows)
    assert '<span lang="ru"><q>МВД Казахстана сообщило' in html
    assert "Our translation from Russian: “The Interior Ministry of Kazakhstan said on Wednesday" in html
    # a row with no translation says so, in English, rather than leaving the reader with Cyrillic alone
    assert "In Russian; no translation is coded for this row." in html
    assert re.search(r'<cite lang="ru">ВЫДУМАНО', html)


def test_a_kazakh_quote_is_marked_kk_and_english_quotes_stay_unmarked(tables) -> None:
    rows = tables.figures[tables.figures["figure_id"].isin(["TEST-KK-F01"])]
    html = _sources_for(tables, rows)
    assert '<span lang="kk">' in html and "Our translation from Kazakh" in html
    english = tables.figures[tables.figures["source_id"] == "TEST-EN-2022-01-07"].head(1)
    html = _sources_for(tables, english)
    assert "lang=" not in html and "translation" not in html


def test_a_figure_reads_in_the_reports_words_then_in_english(tables) -> None:
    shown = dict(zip(tables.figures["figure_id"], tables.figures["display"], strict=True))
    assert shown["TEST-RU-F02"] == "более ста (more than 100)"
    assert shown["TEST-RU-F04"] == "Почти 4 000 (almost 4,000)"
    assert shown["TEST-KK-F04"] == "ондаған (tens, at least 10)"
    assert shown["TEST-RU-F01"] == "9 900 (9,900)"  # English digits beside the report's, as beside "almost 4,000"
    english = tables.figures[tables.figures["source_id"] == "TEST-EN-2022-01-07"]
    assert not english["display"].str.contains(r"[А-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]").any()


def test_cyrillic_draws_in_the_chart_font() -> None:
    """The font charts draw with has every Russian and Kazakh letter (a missing glyph draws as a box)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from helpers.charts import theme

    with theme.rc_context():
        import matplotlib

        family = matplotlib.rcParams["font.family"]
        font = font_manager.findfont(font_manager.FontProperties(family=family))
    face = FT2Font(font)
    missing = [ch for ch in "МВДКазахстанаёЁӘәҒғҚқҢңӨөҰұҮүҺһІі" if not face.get_char_index(ord(ch))]
    assert not missing, f"{Path(font).name} lacks {missing}"
