"""More names for places and actors (aliases.csv), the coder's translations (translations.csv), and the
commands that append them: what they write, and what they refuse, on MADE-UP input.

Every refusal leaves every raw file byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from helpers.clean import lang
from helpers.clean import run as clean
from helpers.cli import main as cli
from helpers.coding.alias import guess_language
from helpers.errors import InputErrors

LANGUAGES = FIXTURES / "made_up" / "languages"  # MADE UP


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(LANGUAGES, dst)
    return dst


def snapshot(raw: Path) -> dict[str, bytes]:
    return {str(p.relative_to(raw)): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


def append(raw: Path, table: str, line: str) -> int:
    path = raw / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def errors(raw: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        clean.build(raw)
    return [str(e) for e in exc.value.errors]


def rows(texts: dict[str, str], name: str) -> dict[str, dict[str, str]]:
    data = list(csv.DictReader(io.StringIO(texts[f"{name}.csv"])))
    return {r[next(iter(r))]: r for r in data}


# ---------------------------------------------------------------- clean merges aliases.csv


def test_aliases_list_after_the_rows_own_and_resolve_to_the_canonical_name() -> None:
    texts = clean.build(LANGUAGES)
    assert rows(texts, "places")["almaty"]["aliases"] == "Алматы"
    assert rows(texts, "actors")["tokayev"]["aliases"] == "President Tokayev; Tokayev; Токаев; Токаева; Токаеву"
    assert rows(texts, "figures")["TEST-RU-F01"]["attributed_to_id"] == "kz-interior-ministry"


def test_names_compare_without_case_and_with_yo_read_as_ye(raw: Path) -> None:
    assert run(raw, "alias", "actors", "tokayev", "Тоқаевтың") == 0  # MADE UP Kazakh genitive
    line = sum(1 for _ in (raw / "statements.csv").open(encoding="utf-8"))
    text = (raw / "statements.csv").read_text(encoding="utf-8").replace(",Токаев,", ",ТОКАЁВ,")
    (raw / "statements.csv").write_text(text, encoding="utf-8")
    assert rows(clean.build(raw), "statements")["TEST-RU-S01"]["speaker_id"] == "tokayev", line
    assert lang.fold("Королёв") == lang.fold("КОРОЛЕВ")


def test_a_bad_alias_row_is_an_error_naming_file_line_and_rule(raw: Path) -> None:
    a = append(raw, "aliases", "places,almati,Алмата,ru")
    b = append(raw, "aliases", "actors,tokayev,МВД Казахстана,ru")
    c = append(raw, "aliases", "places,almaty,АЛМАТЫ,ru")
    d = append(raw, "aliases", "events,almaty,Алматы2,ru")
    got = errors(raw)
    where = f"{raw}/aliases.csv"
    assert f"{where}:{a}: column 'id' value 'almati': unknown id: no row of places.csv has it; closest: almaty" in got
    assert (
        f"{where}:{b}: column 'alias' value 'МВД Казахстана': already a name of actor 'kz-interior-ministry': "
        "one name, one actor"
    ) in got
    assert f"{where}:{c}: column 'alias' value 'АЛМАТЫ': already a name of this place: one name, one place" in got
    assert any(e.startswith(f"{where}:{d}: column 'table' value 'events': must be one of") for e in got)


def test_unknown_cyrillic_names_suggest_the_closest_known_in_either_script(raw: Path) -> None:
    text = (raw / "statements.csv").read_text(encoding="utf-8").replace(",Токаев,", ",Токаевым,")
    (raw / "statements.csv").write_text(text, encoding="utf-8")
    text = (raw / "figures.csv").read_text(encoding="utf-8").replace(",Тараз,", ",Таразе,")
    (raw / "figures.csv").write_text(text, encoding="utf-8")
    got = "\n".join(errors(raw))
    assert "value 'Токаевым': unknown actor" in got and "closest known: токаев (alias of Kassym-Jomart Tokayev)" in got
    assert "value 'Таразе': unknown place" in got and got.count("closest known: Taraz") == 2
    assert lang.closest("Токаев", {"tokayev": "Tokayev", "almaty": "Almaty"}) == ["Tokayev"]
    assert lang.closest("Almaty", {"алматы": "Алматы"}) == ["Алматы"]


# ---------------------------------------------------------------- the alias command


def test_alias_appends_one_row_per_name_and_leaves_the_gazetteer_alone(raw: Path, capsys) -> None:
    before = snapshot(raw)
    assert run(raw, "alias", "actors", "tokayev", "Токаевым", "Тоқаев") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("aliases.csv:11: Токаевым → tokayev (ru)") and out[1].endswith("Тоқаев → tokayev (kk)")
    after = snapshot(raw)
    assert after["aliases.csv"].startswith(before["aliases.csv"])
    assert (
        after["aliases.csv"][len(before["aliases.csv"]) :]
        == "actors,tokayev,Токаевым,ru\nactors,tokayev,Тоқаев,kk\n".encode()
    )
    assert {k: v for k, v in after.items() if k != "aliases.csv"} == {
        k: v for k, v in before.items() if k != "aliases.csv"
    }


def test_alias_creates_aliases_csv_with_its_header(raw: Path) -> None:
    (raw / "aliases.csv").unlink()
    assert run(raw, "alias", "places", "taraz", "Тараз", "--language", "kk") == 0
    assert (raw / "aliases.csv").read_text(encoding="utf-8") == "table,id,alias,language\nplaces,taraz,Тараз,kk\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("actors", "tokayev", "Токаева"), "already a name of this actor"),
        (("places", "almaty", "Казахстан"), "already a name of place kazakhstan"),
        (("places", "Almaty", "Алма-Ата"), "unknown place_id 'Almaty'"),
        (("places", "almati", "Алма-Ата"), "did you mean almaty?"),
        (("events", "almaty", "Алма-Ата"), "an alias names a row of places or actors"),
        (("places", "almaty", "Алма-Ата", "--language", "russian"), "use a two-letter code"),
    ],
)
def test_alias_refuses_and_writes_nothing(raw: Path, capsys, args: tuple[str, ...], message: str) -> None:
    before = snapshot(raw)
    assert run(raw, "alias", *args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert snapshot(raw) == before


def test_one_bad_name_among_several_writes_none(raw: Path) -> None:
    before = snapshot(raw)
    assert run(raw, "alias", "actors", "tokayev", "Токаевым", "Токаева") == 1
    assert snapshot(raw) == before


def test_the_language_of_an_alias_is_guessed_from_its_letters() -> None:
    assert [guess_language(n) for n in ("Алматы", "Қазақстан", "Almaty")] == ["ru", "kk", "en"]


# ---------------------------------------------------------------- translations


def test_translate_appends_a_row_found_by_its_short_id(raw: Path, capsys) -> None:
    before = (raw / "translations.csv").read_bytes()
    assert run(raw, "translate", "RU-F02", "More than a hundred people were injured in Almaty.") == 0
    assert capsys.readouterr().out.strip().endswith("translations.csv:5: TEST-RU-F02 (figures)")
    added = (raw / "translations.csv").read_bytes()[len(before) :]
    assert added == b"figures,TEST-RU-F02,More than a hundred people were injured in Almaty.\n"
    assert rows(clean.build(raw), "figures")["TEST-RU-F02"]["translation"].startswith("More than a hundred")


def test_a_short_id_stands_for_the_newest_non_english_sources_row(raw: Path, capsys) -> None:
    assert run(raw, "translate", "E01", "More than 5,800 people have been detained since the unrest began.") == 0
    assert capsys.readouterr().out.strip().endswith("TEST-KK-E01 (events)")  # not TEST-EN-E01, not TEST-RU-E01


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("TEST-EN-E01", "the row's source is in English"),
        ("TEST-RU-F01", "the row already has a translation"),
        ("F01", "the row already has a translation"),  # F01 = the newest non-English source's: TEST-KK-F01
        ("TEST-RU-F99", "unknown row 'TEST-RU-F99'"),
    ],
)
def test_translate_refuses_and_writes_nothing(raw: Path, capsys, row: str, message: str) -> None:
    before = snapshot(raw)
    assert run(raw, "translate", row, "Some English.") == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert snapshot(raw) == before


def test_real_raw_folder_has_the_alias_and_translation_tables() -> None:
    """Both tables are in data/raw with their header, ready for the commands to append to; what rows they hold
    is the coders' business (coding a Russian report adds some: issue 17, point 9)."""
    from helpers import paths

    for name, header in (("aliases", "table,id,alias,language"), ("translations", "table,id,translation")):
        assert (paths.RAW / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0] == header
