"""A name or alias means one place only (issue 11, medium 5): an ambiguous name is an error naming both rows."""

from __future__ import annotations

from pathlib import Path

from hardening_support import assert_error, errors_for, made_up_raw, set_cell


def test_an_alias_equal_to_another_places_name_is_an_error_naming_both_rows(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "places", 2, "aliases", "Testville")  # ruritania (line 4) claims testville's name (line 3)
    messages = errors_for(raw)
    assert_error(messages, "places.csv", line, "aliases", "place testville (places.csv line 3)")


def test_a_name_equal_to_an_earlier_alias_is_an_error(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "places", 2, "name", "test town")  # an alias of testville, in another case
    assert_error(errors_for(raw), "places.csv", line, "name", "place testville (places.csv line 3)")


def test_a_place_repeating_its_own_name_as_an_alias_is_fine(tmp_path: Path) -> None:
    from helpers.clean import run as clean

    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "places", 1, "aliases", "Test Town; Testville")
    assert "places.csv" in clean.build(raw)
