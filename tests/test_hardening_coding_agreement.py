"""Issue 21.2: the fast `add` (the data checked once, its problems remembered by content hash) accepts and
rejects exactly the rows `make data` accepts and rejects, with the same messages.

For each MADE-UP fixture (tests/fixtures/made_up, tests/fixtures/hardening) and each table, the first
row is copied under a new id, as is and with one cell broken; the MADE-UP coding report
(tests/fixtures/coding/report.txt, added to the made-up folder) gets the walk-through's event and
figure. Each candidate goes (a) through `add` and
(b) appended by hand, then `make data`'s build. Both must agree. The same raw path and content recur
from one candidate to the next, so most `add`s take the remembered path.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from helpers.clean import run as clean
from helpers.coding import commands
from helpers.data import schemas
from helpers.errors import InputErrors

TABLES = ("events", "figures", "measures", "deployments", "statements", "places", "actors")
#: One broken cell per candidate, where the table has the column.
BREAK = {
    "place": "Atlantis",
    "metric": "made-up-metric",
    "value_text": "987654",
    "evidence": "MADE UP words found in no text",
    "event_id": "NOPE-E9",
    "updates": "NOPE-F9",
    "event_type": "made-up-type",
    "speaker": "Nobody Known",
    "latitude": "123",
    "kind": "made-up-kind",
}


def _first(path: Path) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _candidates(fixture: Path) -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for table in TABLES:
        row = _first(fixture / f"{table}.csv")
        pk = schemas.RAW[table].primary_key
        base = {**row, pk: row[pk] + "x9"}
        out.append((table, "as is", base))
        out += [(table, f"{c}={v}", {**base, c: v}) for c, v in BREAK.items() if c in row and c != pk]
    return out


#: The MADE-UP coding report (tests/fixtures/coding/report.txt) as a new source of the made-up folder.
CODING_SID = "test-coding-2022-01-09"
CODING_QUOTE = "Overnight, police detained 120 people in Almaty, according to the Interior Ministry."
CODING_ROWS = {
    "events": {"event_id": "TEST-CODING-E01", "source_id": CODING_SID, "event_type": "arrests",
               "date_text": "overnight", "place": "Almaty", "actors": "Police",
               "description": "Police detain 120 people in Almaty.", "evidence": CODING_QUOTE},
    "figures": {"figure_id": "TEST-CODING-F01", "source_id": CODING_SID, "metric": "detained", "place": "Almaty",
                "subject": "people", "as_of": "overnight", "value_text": "120",
                "attributed_to": "Interior Ministry of Kazakhstan", "context": "body", "evidence": CODING_QUOTE},
}  # fmt: skip


def _coding(dst: Path) -> None:
    shutil.copytree(FIXTURES / "made_up", dst)
    shutil.copy(FIXTURES / "coding" / "report.txt", dst / "sources" / f"{CODING_SID}.txt")
    title = (dst / "sources" / f"{CODING_SID}.txt").read_text(encoding="utf-8").splitlines()[0].strip()
    source = {**_first(dst / "sources.csv"), "source_id": CODING_SID, "report_date": "2022-01-09", "evidence": title}
    commands.append_row(dst / "sources.csv", {**source, "file": f"sources/{CODING_SID}.txt"})


def _lay(fixture: str, dst: Path) -> None:
    if fixture == "coding":
        _coding(dst)
    else:
        shutil.copytree(FIXTURES / fixture, dst)


def _coding_candidates() -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for table, row in CODING_ROWS.items():
        out.append((table, "as is", row))
        pk = schemas.RAW[table].primary_key
        out += [(table, f"{c}={v}", {**row, c: v}) for c, v in BREAK.items() if c in row and c != pk]
    return out


CASES = [
    pytest.param(fixture, table, what, row, id=f"{fixture}-{table}-{what}")
    for fixture, candidates in (
        ("made_up", _candidates(FIXTURES / "made_up")),
        ("hardening", _candidates(FIXTURES / "hardening")),
        ("coding", _coding_candidates()),
    )
    for table, what, row in candidates
]


def _by_add(raw: Path, table: str, row: dict[str, str]) -> set[str]:
    pk = schemas.RAW[table].primary_key
    items = [f"{c}={v}" for c, v in row.items() if c not in (pk, "source_id")]
    if "source_id" in row:
        items.insert(0, row["source_id"])
    try:
        commands.add(raw, table, items, row_id=row[pk])
    except InputErrors as exc:
        return {str(e) for e in exc.errors}
    return set()


def _by_make_data(raw: Path, table: str, row: dict[str, str]) -> set[str]:
    commands.append_row(raw / f"{table}.csv", row)
    try:
        clean.build(raw)
    except InputErrors as exc:
        return {str(e) for e in exc.errors}
    return set()


@pytest.mark.parametrize(("fixture", "table", "what", "row"), CASES)
def test_add_and_make_data_accept_and_reject_the_same_rows(
    fixture: str, table: str, what: str, row: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp() / f"agree-{fixture}"  # one path per fixture: the memo is reused
    fast, full = base / "fast" / "raw", base / "full" / "raw"
    for folder in (fast, full):
        shutil.rmtree(folder, ignore_errors=True)
        _lay(fixture, folder)
    by_add = _by_add(fast, table, row)
    by_make_data = {m.replace(str(full), str(fast)) for m in _by_make_data(full, table, row)}
    assert by_add == by_make_data
    # both outcomes occur: a claim row copied as is is accepted; a broken cell, or a second place or
    # actor of the same name, is refused
    assert bool(by_add) == (what != "as is" or table in ("places", "actors")), by_add
    if not by_add:  # accepted: the file add wrote is the file make data accepted
        assert (fast / f"{table}.csv").read_bytes() == (full / f"{table}.csv").read_bytes()


def test_quote_imports_neither_pandas_nor_pandera(tmp_path: Path) -> None:
    """`python -m helpers quote` reads sources.csv with the csv module: no pandas, no pandera (issue 21.2)."""
    import subprocess
    import sys

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "hardening", raw)
    code = (
        "import sys; from helpers.cli.main import main; "
        f"code = main(['quote', 'TEST-S1', 'made', '--raw', {str(raw)!r}]); "
        "print(code, 'pandas' in sys.modules, 'pandera' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "0 False False", out
