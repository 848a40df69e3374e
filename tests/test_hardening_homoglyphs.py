"""Homoglyph names (issue 22, point 21): a name confusable with another row's is flagged unless it is an alias.

MADE-UP rows: the fixture gazetteer has Testville (alias Test Town); the actors include Police."""

from __future__ import annotations

from pathlib import Path

from hardening_support import assert_error, errors_for, made_up_raw, set_cell

from helpers.clean import run as clean

CYRILLIC_T = "\u0422"  # Т, looks like Latin T
CYRILLIC_O = "\u043e"  # о, looks like Latin o


def _append(raw: Path, table: str, line: str) -> int:
    path = raw / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def test_a_place_spelt_with_a_cyrillic_letter_is_flagged(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    fake = f"{CYRILLIC_T}estville"
    line = _append(raw, "places", f"fakeville,{fake},,city,,testland,40.00,70.00,made up,TEST-S1,the town of Testville")
    messages = errors_for(raw)
    assert_error(messages, "places.csv", line, "name", "looks like 'Testville' of testville")
    assert_error(messages, "places.csv", line, "name", f"the word '{fake}' mixes Latin, Cyrillic or Greek")


def test_an_actor_alias_confusable_with_another_actor_is_flagged(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    line = set_cell(raw, "actors", "protesters", "aliases", f"P{CYRILLIC_O}lice")
    assert_error(errors_for(raw), "actors.csv", line, "aliases", "looks like 'Police' of police")


def test_a_confusable_alias_of_the_same_row_and_other_scripts_pass(tmp_path: Path) -> None:
    raw = made_up_raw(tmp_path / "raw")
    set_cell(raw, "places", "testville", "aliases", f"Test Town; {CYRILLIC_T}estville; Тествилль")
    clean.build(raw)
