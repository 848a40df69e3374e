"""The qualifier of a figure is checked against its quote (issue 22, point 2). MADE-UP fixture rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers.clean import numbers
from helpers.clean import run as clean


def _add_exact_reason_column(raw: Path, reason: str) -> None:
    path = raw / "figures.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[0].append("exact_reason")
    for r in rows[1:]:
        r.append(reason)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("value", "evidence", "says"),
    [
        ("over 120", "About 120 people were detained in Testville", "'about 120'"),
        ("up to 15", "the curfew in Testville stays until January 15", "'15' with no hedge word"),
        ("almost 120", "About 120 people were detained", "'about 120'"),
    ],
)
def test_a_hedge_word_the_quote_does_not_say_is_an_error(tmp_path: Path, value: str, evidence: str, says: str) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "figures", "TEST-F1", "evidence", evidence)
    line = set_cell(raw, "figures", "TEST-F1", "value_text", value)
    word = value.rsplit(" ", 1)[0]
    assert_error(errors_for(raw), "figures.csv", line, "value_text", f"qualifier '{word}' does not stand before")
    assert_error(errors_for(raw), "figures.csv", line, "value_text", says)


def test_an_exact_figure_beside_a_hedge_word_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "figures", "TEST-F1", "value_text", "120")  # the quote says "About 120"
    assert_error(errors_for(raw), "figures.csv", line, "value_text", "exact figure, but the evidence quote says")


def test_an_exact_figure_beside_a_hedge_word_passes_with_a_reason(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "figures", "TEST-F1", "value_text", "120")
    _add_exact_reason_column(raw, "MADE UP: 'about' qualifies another count in this test")
    clean.build(raw)


def test_the_matching_hedge_word_passes_and_the_column_may_be_absent(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    assert "exact_reason" not in (raw / "figures.csv").read_text().splitlines()[0]
    texts = clean.build(raw)  # "about 120" against "About 120 people…"
    assert "about 120" in texts["figures.csv"]


def test_the_hedge_words_are_one_table_per_language() -> None:
    """The words come from each language's table (helpers.clean.lang): a language is data, not code."""
    assert numbers.hedges_before("4,000", "Almost 4,000 people have been taken into custody") == ["almost"]
    assert numbers.hedges_before("26", "26 have been killed, and up to 26 more") == ["", "up to"]
    assert numbers.hedges_before("4 000", "задержаны почти 4 000 человек", "ru") == ["почти"]
    assert numbers.hedges_before("4 000", "задержаны почти 4 000 человек", "en") == [""]
    assert numbers.hedges_before("5 800-ден", "5 800-ден астам адам ұсталды", "kk") == ["астам"]  # after it
