"""One name per actor: aliases map to the canonical name and id; an unknown name suggests the closest."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import set_cell

from helpers.clean import run as clean
from helpers.errors import InputErrors


def rows(texts: dict[str, str], table: str) -> dict[str, dict[str, str]]:
    data = list(csv.DictReader(io.StringIO(texts[f"{table}.csv"])))
    return {r[next(iter(r))]: r for r in data}


def test_aliases_become_the_canonical_name_with_its_id(raw: Path) -> None:
    set_cell(raw, "statements", 11, "speaker", "Ministry of Defence")  # MADE UP spelling variant
    set_cell(raw, "figures", 5, "attributed_to", "interior ministry")
    set_cell(raw, "events", 3, "actors", "Tokayev; law enforcement")
    texts = clean.build(raw)
    s = rows(texts, "statements")["KZ0107-S12"]
    assert (s["speaker"], s["speaker_id"]) == ("Russian Ministry of Defense", "ru-defence-ministry")
    f = rows(texts, "figures")["KZ0107-F06"]
    assert (f["attributed_to"], f["attributed_to_id"]) == ("Interior Ministry of Kazakhstan", "kz-interior-ministry")
    e = rows(texts, "events")["KZ0107-E04"]
    assert (e["actors"], e["actor_ids"]) == ("Kassym-Jomart Tokayev; Law enforcement", "tokayev;law-enforcement")


def test_real_data_names_one_speaker_per_actor() -> None:
    texts = clean.build()
    speakers = {r["speaker"] for r in rows(texts, "statements").values()}
    assert "Russian Ministry of Defense" in speakers and len(speakers) == len(
        {r["speaker_id"] for r in rows(texts, "statements").values()}
    )


def test_unknown_actor_is_an_error_suggesting_close_names(raw: Path) -> None:
    line = set_cell(raw, "statements", 0, "speaker", "Kassym-Jomart Tokaev")
    with pytest.raises(InputErrors) as exc:
        clean.build(raw)
    msg = next(str(e) for e in exc.value.errors if "statements.csv" in e.file)
    where = f"statements.csv:{line}: column 'speaker' value 'Kassym-Jomart Tokaev'"
    assert f"{where}: unknown actor: add it with `python -m helpers add actors" in msg
    assert msg.endswith("closest known: Kassym-Jomart Tokayev")


def test_an_alias_used_by_two_actors_is_an_error(raw: Path) -> None:
    line = set_cell(raw, "actors", 1, "aliases", "Tokayev")
    with pytest.raises(InputErrors) as exc:
        clean.build(raw)
    assert any(f"actors.csv:{line}: column 'aliases' value 'Tokayev'" in str(e) for e in exc.value.errors)
