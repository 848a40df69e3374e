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

LANGS = FIXTURES / "made_up" / "languages"


@pytest.fixture(scope="module")
def langs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers.clean.run import clean

    out = tmp_path_factory.mktemp("langs") / "processed"
    clean(LANGS, out)
    return out


@pytest.fixture(scope="module")
def tables(langs_dir: Path):
    from helpers.data.tables import load

    return load(langs_dir)


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


# ---------------------------------------------------------------- quotes in tables (issue 18 point 4)


@pytest.fixture
def t(langs_dir: Path):
    """The multilingual tables, loaded last: what a page reads (the page layer finds languages through it)."""
    from helpers.data.tables import last_loaded, load

    out = load(langs_dir)
    assert last_loaded() is out
    return out


def _row_html(html: str, row_id: str) -> str:
    (row,) = [r for r in html.split("<tr>") if row_id in r]
    return row


def test_a_statements_table_marks_the_quote_and_gives_our_translation(t) -> None:
    from helpers import views
    from helpers.page.tables import table_html

    said = views.statements(t)
    html = table_html(views.readable(said, ["speaker_label", "quote_text", "summary"]), "Statements", cite_rows=said)
    ru = _row_html(html, "TEST-RU-S01")
    assert re.search(r'<td[^>]*><span lang="ru">“[^<]*[А-яЁё]', ru)
    assert "Our translation from Russian: “Tokayev said on Friday: &quot;Order has on the whole" in ru


def test_a_figures_table_marks_the_reports_wording_not_its_english(t) -> None:
    from helpers import views
    from helpers.page.tables import table_html

    figs = t.figures
    html = table_html(views.readable(figs, ["value_text", "display", "figure_id"]), cite_rows=figs)
    ru = _row_html(html, "TEST-RU-F02")
    assert '<span lang="ru">более ста</span></td>' in ru  # the wording as written
    assert '<span lang="ru">более ста</span> (more than 100)</td>' in ru  # the display: only its first part
    kk = _row_html(html, "TEST-KK-F04")
    assert '<span lang="kk">ондаған</span> (tens, at least 10)' in kk
    assert "translation" not in ru  # no quote column here: the translation belongs beside a quote
    assert "lang=" not in "".join(r for r in html.split("<tr>") if "TEST-EN-" in r)


def test_the_audit_table_marks_evidence_and_says_when_no_translation_is_coded(t) -> None:
    from helpers import views
    from helpers.page.tables import table_html

    rows = views.audit(t)
    html = table_html(views.readable(rows, ["table", "claim", "evidence", "row_id"], {"row_id": "Row"}), cite_rows=rows)
    kk = _row_html(html, "TEST-KK-F01")
    assert '<span lang="kk">' in kk and "Our translation from Kazakh: “According to the Interior Ministry" in kk
    untranslated = _row_html(html, "TEST-RU-F02")
    assert '<span lang="ru">' in untranslated and "In Russian; no translation is coded for this row." in untranslated
    # the claim is ours, in English, around the report's words: only those are marked
    assert '>Injured in Almaty: <span lang="ru">более ста</span> (more than 100)</td>' in untranslated
    assert re.search(r"<td[^>]*>TEST-RU-F02</td>", untranslated)  # ids are never marked
    english = [r for r in html.split("<tr>") if "TEST-EN-" in r]
    assert english and not any("lang=" in r or "translation" in r for r in english)


def test_a_language_column_wins_over_the_loaded_tables() -> None:
    import pandas as pd

    from helpers.page.tables import table_html

    frame = pd.DataFrame(
        {"evidence": ["MADE UP: Более ста человек"], "language": ["ru"], "translation": ["MADE UP: over 100 people"]}
    )
    html = table_html(frame[["evidence"]], cite_rows=None) + table_html(frame)
    assert html.count('<span lang="ru">MADE UP: Более ста человек</span>') == 1  # only where the column is given
    assert "Our translation from Russian: “MADE UP: over 100 people”" in html


def test_a_sentence_marks_the_reports_russian_and_kazakh_words_with_their_language() -> None:
    from helpers.page.tables import mark_languages

    html = mark_languages("Detained: более 9 900 (more than 9,900); Aktobe: 5 800-ден қана (more than 5,800) <b>")
    assert '<span lang="ru">более 9 900</span> (more than 9,900)' in html
    assert '<span lang="kk">5 800-ден қана</span> (more than 5,800)' in html  # a Kazakh letter: Kazakh
    assert mark_languages("5 800-ден астам", "kk") == '<span lang="kk">5 800-ден астам</span>'  # the source's
    assert html.endswith("&lt;b&gt;")  # still escaped
    assert mark_languages("Killed in Kazakhstan: 44.") == "Killed in Kazakhstan: 44."


def test_a_headline_sentence_citing_a_kazakh_row_marks_its_words_kk(t) -> None:
    from helpers import views
    from helpers.page.tables import mark_languages, sentence_language

    kk = t.figures[t.figures["source_id"].str.startswith("TEST-KK")].head(1)
    sentence = f"Counted: {kk['display'].iloc[0]}."
    assert sentence_language(kk) == "kk"
    assert f'<span lang="kk">{kk["value_text"].iloc[0]}' in mark_languages(sentence, sentence_language(kk))
    assert sentence_language(views.headline(t).head(0)) is None
