"""The coding commands (new-source, quote, add) on MADE-UP input: what they write, and what they refuse.

Every refusal leaves every raw file byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, set_cell

from helpers.clean import run as clean
from helpers.cli import main as cli
from helpers.coding import coverage as coverage_cmd
from helpers.coding.commands import append_row

CODING = FIXTURES / "coding"
REPORT = CODING / "report.txt"  # MADE UP
SID = "test-coding-2022-01-09"


def snapshot(raw: Path) -> dict[str, bytes]:
    return {str(p.relative_to(raw)): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}


def run(raw: Path, *args: str) -> int:
    return cli.main([*args, "--raw", str(raw)])


BASE = CODING / "base.txt"  # MADE UP: the source of the one place the coding report needs beyond made_up
BASE_ID = "TEST-CODING-BASE-2022-01-08"
#: What the MADE-UP coding report names beyond the made-up raw folder: a source, a place, two actors, waivers.
BASE_EXTRA = {
    "sources.csv": f"{BASE_ID},MADE UP: a place the coding tests need,,en,2022-01-08,day,no,"
    f"MADE UP: invented for tests.,sources/{BASE_ID}.txt,MADE-UP TEST TEXT\n",
    "places.csv": "aktobe,Aktobe,,city,Aktobe Region,kazakhstan,50.28,57.21,"
    f'"MADE UP fixture: approximate centre point after GeoNames, typed by hand",{BASE_ID},streets of Aktobe\n',
    "actors.csv": "ru-defence-ministry,Russian Ministry of Defense,ministry,Ministry of Defence,"
    "MADE UP fixture actor.\n"
    "media-reports,Media reports,outlet,,MADE UP fixture actor: unnamed media.\n",
}


@pytest.fixture
def raw(made_up_raw: Path) -> Path:
    """The base the coding commands run on: the MADE-UP raw folder (tests/fixtures/made_up), plus the names
    the coding report needs. Never a copy of data/raw: coding a real report must not change these tests."""
    shutil.copy(BASE, made_up_raw / "sources" / f"{BASE_ID}.txt")
    for name, rows in BASE_EXTRA.items():
        with open(made_up_raw / name, "a", encoding="utf-8", newline="") as fh:
            fh.write(rows)
    (made_up_raw / "waivers.csv").write_text("source_id,span,reason\n", encoding="utf-8")
    return made_up_raw


@pytest.fixture
def coded(raw: Path) -> Path:
    """The base with the MADE-UP coding report added as a source."""
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", "--id", SID) == 0
    return raw


def last_row(path: Path) -> dict[str, str]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))[-1]


# ---------------------------------------------------------------- new-source


def test_new_source_copies_the_text_and_appends_the_row(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (raw / "sources.csv").read_bytes()
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", "--publisher", "Nobody (MADE UP)") == 0
    out = capsys.readouterr().out
    assert "Sunday 9 January 2022, day 8 of the crisis (day 1 = 2 January 2022" in out
    assert (raw / "sources" / "kz-2022-01-09.txt").read_bytes() == REPORT.read_bytes()
    after = (raw / "sources.csv").read_bytes()
    assert after.startswith(before)
    row = last_row(raw / "sources.csv")
    # the MADE-UP text says "Sunday", never "9 January": the typed date is the coder's, so it is inferred
    assert row["source_id"] == "kz-2022-01-09" and row["report_date_inferred"] == "yes"
    assert row["report_date_note"].startswith("Given by the coder with --date; the text does not state 9 January")
    assert row["title"] == REPORT.read_text(encoding="utf-8").splitlines()[0]
    assert row["publisher"] == "Nobody (MADE UP)"
    clean.build(raw)  # the new row passes make data's rules


def test_new_source_whose_text_states_the_date_is_not_inferred(raw: Path, tmp_path: Path) -> None:
    for i, said in enumerate(["on 9 January 2022", "January 9th", "9 января", "09.01.2022"]):
        text = tmp_path / f"r{i}.txt"
        text.write_text(f"MADE-UP TEST REPORT, NOT REAL.\nCalm returned {said}, officials said.\n", encoding="utf-8")
        assert run(raw, "new-source", str(text), "--date", "2022-01-09", "--id", f"made-up-{i}") == 0
        assert last_row(raw / "sources.csv")["report_date_inferred"] == "no", said


def test_new_source_with_an_inferred_date(raw: Path) -> None:
    how = "MADE UP: the text says Sunday; the day after the Saturday events."
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", "--inferred", how) == 0
    row = last_row(raw / "sources.csv")
    assert (row["report_date_inferred"], row["report_date_note"]) == ("yes", how)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2022-01-07", "--id", "TEST-2022-01-07"], "is already in"),
        (["--date", "9 January"], "use YYYY-MM-DD"),
        (["--date", "2022-01-09", "--evidence", "no such words here"], "not found"),
    ],
)
def test_new_source_refuses_and_writes_nothing(
    raw: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = snapshot(raw)
    assert run(raw, "new-source", str(REPORT), *args) == 1
    assert message in capsys.readouterr().err
    assert snapshot(raw) == before


def _add_bibliographic_columns(raw: Path) -> None:
    """Give the (made-up) sources.csv header the optional url, byline and published columns, as a coder would once."""
    path = raw / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] += ",url,byline,published"
    path.write_text("\n".join(line + ",,," if i and line else line for i, line in enumerate(lines)), encoding="utf-8")


def test_new_source_records_url_byline_and_publication_time(raw: Path) -> None:
    _add_bibliographic_columns(raw)
    extra = ["--url", "https://example.org/made-up", "--byline", "A. Reporter (MADE UP)"]
    extra += ["--published", "2022-01-09 18:30 UTC"]
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", *extra) == 0
    row = last_row(raw / "sources.csv")
    assert (row["url"], row["byline"], row["published"]) == (
        "https://example.org/made-up",
        "A. Reporter (MADE UP)",
        "2022-01-09 18:30 UTC",
    )
    assert row["publisher"] == ""  # not given stays empty, never invented
    processed = clean.build(raw)
    src = next(r for r in csv.DictReader(io.StringIO(processed["sources.csv"])) if r["source_id"] == "kz-2022-01-09")
    assert (src["url"], src["byline"], src["published"]) == (
        "https://example.org/made-up",
        "A. Reporter (MADE UP)",
        "2022-01-09 18:30 UTC",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "javascript:alert(1)"], "column 'url' value 'javascript:alert(1)'"),
        (["--published", "9 Jan 2022"], "column 'published' value '9 Jan 2022'"),
    ],
)
def test_new_source_refuses_a_bad_url_or_time(raw: Path, capsys: pytest.CaptureFixture[str], args, message) -> None:
    _add_bibliographic_columns(raw)
    before = snapshot(raw)
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", *args) == 1
    assert message in capsys.readouterr().err
    assert snapshot(raw) == before


def test_new_source_url_without_a_column_is_refused_not_dropped(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A sources.csv written before the optional columns stays valid; a URL for it is refused, never lost."""
    before = snapshot(raw)
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09", "--url", "https://example.org/x") == 1
    assert "has no 'url' column" in capsys.readouterr().err
    assert snapshot(raw) == before


def test_new_source_never_overwrites_a_text(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (raw / "sources" / "kz-2022-01-09.txt").write_text("MADE UP: someone else's text\n", encoding="utf-8")
    before = snapshot(raw)
    assert run(raw, "new-source", str(REPORT), "--date", "2022-01-09") == 1
    assert "already exists" in capsys.readouterr().err
    assert snapshot(raw) == before


# ---------------------------------------------------------------- quote


def test_quote_finds_the_span_as_written(coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # straight quotes, odd spacing and case in the fragment; curly quotes in the text
    assert run(coded, "quote", SID, '"order   has been RESTORED,"') == 0
    assert capsys.readouterr().out == "“Order has been restored,”\n"
    assert run(coded, "quote", SID, "Order has", "-s", "--csv") == 0
    assert capsys.readouterr().out == '"“Order has been restored,” Tokayev told reporters."\n'


def test_quote_lists_every_match_of_an_ambiguous_fragment(coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(coded, "quote", SID, "on Sunday") == 1
    err = capsys.readouterr().err
    assert "occurs 2 times" in err
    assert "1. line 2: …" in err and "Almaty was calmer »on Sunday«." in err
    assert "2. line 4: …" in err and "were reported »on Sunday«." in err


@pytest.mark.parametrize(
    ("source", "fragment", "message"),
    [
        (SID, "police detained 121 people", "not found; the text has 'police detained' but not what follows"),
        ("test-coding-2022-01-90", "police", "unknown source 'test-coding-2022-01-90'"),
        (SID, "   ", "empty fragment"),
    ],
)
def test_quote_bad_input(coded: Path, capsys: pytest.CaptureFixture[str], source, fragment, message) -> None:
    assert run(coded, "quote", source, fragment) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


# ---------------------------------------------------------------- add


def test_add_appends_a_checked_row_with_the_next_id(coded: Path) -> None:
    before = (coded / "events.csv").read_bytes()
    args = ["add", "events", SID, "event_type=arrests", "date_text=overnight", "place=Almaty", "actors=Police"]
    assert run(coded, *args, "description=MADE UP.", "-sq", "Overnight, police") == 0
    after = (coded / "events.csv").read_bytes()
    assert after.startswith(before)
    row = last_row(coded / "events.csv")
    assert row["event_id"] == "KZ0109-E01"  # no row of this source yet: KZ + month + day
    assert row["evidence"] == "Overnight, police detained 120 people in Almaty, according to the Interior Ministry."
    assert list(row) == next(csv.reader(io.StringIO(before.decode())))  # the file's own column order
    assert run(coded, *args, "description=MADE UP again.", "-q", "police detained 120") == 0
    assert last_row(coded / "events.csv")["event_id"] == "KZ0109-E02"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "event", SID, "event_type=riot"], "unknown table 'event' (did you mean 'events'?)"),
        (["add", "events", SID, "evnt_type=riot"], "unknown column 'evnt_type' in events (did you mean 'event_type'?)"),
        (["add", "events", SID, "d=riot"], "column 'd' in events is ambiguous: date_text, description"),
        (["add", "events", "nope-2022", "event_type=riot"], "unknown source 'nope-2022'"),
        (["add", "events", SID, "event_type=riot", "description=x", "-q", "police detained 121"], "not found"),
        (["add", "events", SID, "event_type=riot", "description=x", "-q", "on Sunday"], "occurs 2 times"),
        (["add", "events", SID, "event_type=riot", "description=x", "-q", "@TEST-0107-E01"], "from another source"),
        (["add", "events", SID, "event_type=riot", "description=x", "-q", "@NOPE"], "names no row"),
        (["add", "events", "event_type=riot"], "give the source id first"),
    ],
)
def test_add_bad_input_writes_nothing(coded: Path, capsys: pytest.CaptureFixture[str], args, message) -> None:
    before = snapshot(coded)
    assert run(coded, *args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert snapshot(coded) == before


def test_add_checks_the_row_with_make_datas_rules_and_messages(coded: Path, capsys) -> None:
    before = snapshot(coded)
    args = ["add", "figures", SID, "metric=arrested", "place=Atlantis", "subject=people", "value_text=121"]
    assert run(coded, *args, "context=body", "-q", "police detained 120 people") == 1
    err = capsys.readouterr().err.splitlines()
    line = (coded / "figures.csv").read_text(encoding="utf-8").count("\n") + 1
    where = f"{coded}/figures.csv:{line}"
    assert f"{where}: column 'metric' value 'arrested': must be one of: detained, killed, injured, participants" in err
    assert (
        f"{where}: column 'place' value 'Atlantis': unknown place: add it to data/raw/places.csv (name or aliases)"
        in err
    )
    assert f"{where}: column 'value_text' value '121': number '121' does not occur in the evidence quote" in err
    assert err[-1] == "add: 3 problems; nothing was written."
    assert snapshot(coded) == before


def test_add_with_an_unknown_actor_suggests_names(coded: Path, capsys) -> None:
    before = snapshot(coded)
    args = ["add", "statements", SID, "speaker=Ministry of Defnce", "kind=indirect", "attribution=explicit"]
    assert run(coded, *args, "summary=MADE UP.", "-sq", "of Defence") == 1
    err = capsys.readouterr().err
    assert "unknown actor" in err and "closest known: ministry of defence (alias of Russian Ministry of Defense)" in err
    assert snapshot(coded) == before


def test_one_quote_many_rows(coded: Path) -> None:
    """An event's quote serves its figure (-e) and a statement (-q @id); processed rows carry the full quote."""
    assert run(coded, "add", "events", SID, "--id", "TEST-E01", "event_type=arrests", "place=Almaty",
               "date_text=overnight", "description=MADE UP.", "-sq", "Overnight, police") == 0  # fmt: skip
    assert run(coded, "add", "figures", SID, "m=detained", "pl=Almaty", "su=people", "as=overnight", "v=120",
               "at=Interior Ministry", "c=body", "-e", "E01") == 0  # fmt: skip
    assert run(coded, "add", "statements", SID, "speaker=Interior Ministry", "k=indirect", "at=explicit",
               "su=MADE UP.", "-q", "@F01") == 0  # fmt: skip
    assert last_row(coded / "figures.csv")["evidence"] == "@TEST-E01"
    assert last_row(coded / "statements.csv")["evidence"] == "@TEST-F01"
    texts = clean.build(coded)
    quote = "Overnight, police detained 120 people in Almaty, according to the Interior Ministry."
    for table in ("events", "figures", "statements"):
        rows = [r for r in csv.DictReader(io.StringIO(texts[f"{table}.csv"])) if r["source_id"] == SID]
        assert [r["evidence"] for r in rows] == [quote]
    figure = next(r for r in csv.DictReader(io.StringIO(texts["figures.csv"])) if r["figure_id"] == "TEST-F01")
    assert (figure["as_of"], figure["attributed_to"], figure["attributed_to_id"]) == (
        "2022-01-08",
        "Interior Ministry of Kazakhstan",
        "kz-interior-ministry",
    )


# ---------------------------------------------------------------- links, short ids and coverage (MADE UP fixture)

MADE_UP_8 = "TEST-2022-01-08"  # "Officials gave a death toll of 44, including 16 members of the security forces."


def test_like_copies_no_links(made_up_raw: Path) -> None:
    """--like a total that updates an earlier total, or a part: the new row starts with neither link."""
    # F02 (the 44) updates the 26 of 7 January: the 16 must not become an "update" of the 26
    assert run(made_up_raw, "add", "figures", MADE_UP_8, "--like", "TEST-0108-F02", "su=police officers", "v=16",
               "pa=TEST-0108-F02", "-q", "@TEST-0108-F02") == 0  # fmt: skip
    row = last_row(made_up_raw / "figures.csv")
    links = (row["updates"], row["part_of"], row["metric"], row["place"])
    assert links == ("", "TEST-0108-F02", "killed", "Kazakhstan")
    # F03 (the 16) is part of the 44: a row started from it is part of nothing until told
    assert run(made_up_raw, "add", "figures", MADE_UP_8, "--like", "TEST-0108-F03", "su=people", "v=44",
               "-q", "@TEST-0108-F02") == 0  # fmt: skip
    row = last_row(made_up_raw / "figures.csv")
    assert (row["updates"], row["part_of"], row["subject"]) == ("", "", "people")
    clean.build(made_up_raw)


def test_short_ids_in_link_cells_get_the_source_stem(made_up_raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(made_up_raw, "add", "figures", MADE_UP_8, "--like", "F02", "su=police officers", "v=16",
               "pa=F02", "-q", "@F02") == 0  # fmt: skip
    assert last_row(made_up_raw / "figures.csv")["part_of"] == "TEST-0108-F02"
    before = snapshot(made_up_raw)
    assert run(made_up_raw, "add", "measures", "TEST-2022-01-11", "--like", "M01", "u=M02", "-q", "@M01") == 1
    err = capsys.readouterr().err
    assert "column 'updates' value 'TEST-0111-M02': must update a row from an earlier report" in err
    assert snapshot(made_up_raw) == before


def test_a_short_id_that_is_itself_an_id_is_kept(made_up_raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'F02' is expanded only when no row is called 'F02'; here one is, so the cell names it."""
    path = made_up_raw / "figures.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write("F02,TEST-2022-01-07,killed,Kazakhstan,people,Friday,26,,Interior Ministry of Kazakhstan,body,,"
                 "@TEST-0107-F02,MADE UP FOR TESTS,,\n")  # fmt: skip
    assert run(made_up_raw, "add", "figures", MADE_UP_8, "--like", "TEST-0108-F02", "su=police officers", "v=16",
               "pa=F02", "-q", "@TEST-0108-F02") == 1  # fmt: skip
    assert "column 'part_of' value 'F02': the total must come from the same source" in capsys.readouterr().err


def test_coverage_dot_is_the_newest_source(made_up_raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(made_up_raw, "coverage", ".") == 0
    out = capsys.readouterr().out
    assert out.startswith("TEST-2022-01-11: ") and "TEST-2022-01-08" not in out


def test_coverage_of_an_unknown_source_names_the_command_line(
    made_up_raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(made_up_raw, "coverage", "TEST-2022-01-10") == 1
    err = capsys.readouterr().err
    assert err.startswith("coverage: command line: column 'source_id' value 'TEST-2022-01-10': unknown source")
    assert "did you mean" in err and ":0:" not in err and "written" not in err


def test_read_only_commands_do_not_say_nothing_was_written(
    made_up_raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = set_cell(made_up_raw, "figures", "TEST-0109-F01", "metric", "arrested")
    assert run(made_up_raw, "coverage") == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{made_up_raw}/figures.csv:{line}: column 'metric' value 'arrested'" in err[0]
    assert err[-1] == "coverage: 1 problem in the raw data; fix it first."


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_append_keeps_bytes_line_endings_and_quoting(tmp_path: Path, eol: bytes, final_newline: bool) -> None:
    path = tmp_path / "t.csv"
    body = eol.join([b"b,a,c", b'1,"x, y",3'])
    path.write_bytes(body + (eol if final_newline else b""))
    line = append_row(path, {"a": 'say "hi", twice', "b": "2", "c": ""})
    assert line == 3
    assert path.read_bytes() == body + eol + b'2,"say ""hi"", twice",' + eol


@pytest.mark.slow  # replays 20 commands on the MADE-UP base (make test-all runs it)
def test_the_made_up_session_codes_the_report_in_a_fraction_of_the_keystrokes(raw: Path) -> None:
    """Replays tests/fixtures/coding/session.txt (MADE UP); the result passes make data with nothing uncovered."""
    before = snapshot(raw)
    commands = [c for c in (CODING / "session.txt").read_text(encoding="utf-8").splitlines() if c and c[0] != "#"]
    for command in commands:
        assert run(raw, *shlex.split(command.replace("tests/fixtures/coding", str(CODING)))) == 0, command
    texts = clean.build(raw)
    lines, uncovered = coverage_cmd.report(raw, SID)
    assert uncovered == 0, lines
    assert "9 of 11 sentences carry a coded claim" in lines[0]
    # "45 … including 12 police officers": the 12 is part of the 45, and neither updates anything
    figures = {r["figure_id"]: r for r in csv.DictReader(io.StringIO(texts["figures.csv"])) if r["source_id"] == SID}
    police = next(r for r in figures.values() if r["subject"] == "police officers")
    assert (police["part_of"], police["updates"], figures["TEST-F02"]["low"]) == ("TEST-F02", "", "45")
    # the same rows typed by hand: every cell, each quote in full (no @references), every id
    hand = 0
    for name in ("sources", "events", "figures", "measures", "statements", "actors", "waivers"):
        rows = [r for r in csv.DictReader(io.StringIO(texts.get(f"{name}.csv", ""))) if r.get("source_id") == SID]
        appended = raw.joinpath(f"{name}.csv").read_bytes()[len(before[f"{name}.csv"]) :].decode()
        for typed in csv.DictReader(io.StringIO(before[f"{name}.csv"].decode().splitlines()[0] + "\n" + appended)):
            full = next((r["evidence"] for r in rows if r.get(f"{name[:-1]}_id") == typed.get(f"{name[:-1]}_id")), None)
            cells = [full if c == "evidence" and full else v for c, v in typed.items()]
            hand += len(",".join(f'"{v}"' if "," in v else v for v in cells)) + 1
    keys = sum(len(c) + 1 for c in commands)  # each command after `python -m helpers `, with its Enter
    assert len(commands) == 20
    print(f"coding session: {len(commands)} commands, {keys} keystrokes; the same rows by hand: {hand}")
    assert keys < 0.6 * hand, (keys, hand)


def test_the_codebook_examples_name_every_column_they_should() -> None:
    """The codebook's `add places` example gives admin1 and country_id; its sources row lists every column."""
    import re

    from helpers import paths
    from helpers.coding.commands import parse_fields
    from helpers.data import schemas

    text = (paths.DOCS / "codebook.md").read_text(encoding="utf-8")
    example = re.search(r"`add places \. ([^`]*)`", text)
    assert example, "no add places example in the codebook"
    items = [i for i in shlex.split(example[1]) if "=" in i]
    fields = parse_fields("places", items, schemas.RAW["places"].columns)
    assert {"name", "kind", "admin1", "country_id", "latitude", "longitude", "coord_source"} <= set(fields)
    row = next(line for line in text.splitlines() if line.startswith("| `sources` |"))
    assert all(column in row for column in schemas.RAW["sources"].columns), row
    assert 'add figures . --like F02 "su=police officers" v=12 pa=F02' in text


def test_cli_lists_the_coding_commands() -> None:
    out = cli.parser().format_help()  # in this process: test_project runs `python -m helpers --help` for real
    for command in ("new-source", "quote", "add", "coverage"):
        assert command in out


def test_a_planned_end_typed_as_a_column_the_file_lacks_becomes_the_dates_mark(tmp_path: Path) -> None:
    """The real raw files predate end_kind (and are never rewritten): `add … end_kind=planned` writes the mark."""
    from helpers.coding.commands import CodingError, _fold_marks

    columns = ["measure_id", "source_id", "end_text", "status"]
    assert _fold_marks("measures", ["end_text=19 January", "end_kind=planned", "status=in_force"], columns) == [
        "status=in_force",
        "end_text=19 January (planned)",
    ]
    assert _fold_marks("deployments", ["seen_text=Sunday"], ["date_text"]) == ["date_text=Sunday (in place)"]
    assert _fold_marks("measures", ["end_kind=planned"], [*columns, "end_kind"]) == ["end_kind=planned"]
    with pytest.raises(CodingError, match="qualifies end_text"):
        _fold_marks("measures", ["end_kind=planned"], columns)
    with pytest.raises(CodingError, match="planned or actual"):
        _fold_marks("measures", ["end_text=Monday", "end_kind=soon"], columns)
