"""Quotes are verbatim, in order and long enough (issue 22, points 19 and 20). MADE-UP fixture rows.

The made-up source says: "MADE UP TEST SOURCE. On Saturday the town of Testville was calm, officials said.
About 120 people were detained in Testville, and the curfew in Testville stays until January 15. …"
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers.clean import provenance
from helpers.clean import run as clean


@pytest.mark.parametrize(
    "evidence",
    [
        "ABOUT 120 PEOPLE WERE DETAINED in Testville",  # case
        "About １２０ people were detained in Testville",  # fullwidth digits (NFKC would fold them)
    ],
)
def test_a_quote_differing_in_case_or_form_is_not_verbatim(tmp_path: Path, evidence: str) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "figures", "TEST-F1", "evidence", evidence)
    messages = errors_for(raw)
    assert_error(messages, "figures.csv", line, "evidence", "quote not verbatim")
    assert_error(messages, "figures.csv", line, "evidence", "the source has 'About 120 people were detained")


def test_a_ligature_is_not_verbatim(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", "TEST-E1", "evidence", "the town of Testville was calm, ofﬁcials said")
    assert_error(errors_for(raw), "events.csv", line, "evidence", "the source has 'the town of Testville was calm, off")


def test_documented_normalisations_still_match(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "statements", "TEST-ST1", "evidence", "“Order is restored,”   said Test\nSpeaker")
    set_cell(raw, "events", "TEST-E1", "evidence", "On Saturday the town … of Testville was calm")
    clean.build(raw)


def test_joined_spans_must_keep_text_order(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", "TEST-E1", "evidence", "the town of Testville was calm … On Saturday")
    assert_error(errors_for(raw), "events.csv", line, "evidence", "span 2 comes before span 1")


def test_joined_spans_must_lie_close_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "events", "TEST-E1", "evidence", "On Saturday the town … stays until January 15")
    clean.build(raw)  # within the documented distance
    monkeypatch.setattr(provenance, "MAX_SPAN_GAP", 40)
    assert_error(errors_for(raw), "events.csv", line, "evidence", "must lie within 40 characters")


def test_a_one_token_quote_is_too_short(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "figures", "TEST-F1", "evidence", "About 120")
    assert_error(errors_for(raw), "figures.csv", line, "evidence", "quote too short to carry a claim: 2 word(s)")
