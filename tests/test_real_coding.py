"""The one test of the real coding (data/raw, the 7 January 2022 report). Nothing else leans on real rows:
when a new report is coded, update the expected counts and values here, and only here."""

from __future__ import annotations

import csv
import io

import pytest

from helpers import paths
from helpers.clean import provenance
from helpers.clean import run as clean
from helpers.data import schemas

SOURCE = "kz-2022-01-07"
ROWS = {
    "sources": 1,
    "places": 11,
    "events": 15,
    "figures": 9,
    "measures": 5,
    "deployments": 5,
    "statements": 13,
    "acled_events": 15,
    "actors": 21,
    "coverage": 22,
    "corrections": 0,
}
#: Tables derived from the others, or not coded from a source: no evidence of their own.
DERIVED = ("acled_events", "actors", "coverage")


@pytest.fixture(scope="module")
def processed() -> dict[str, dict[str, dict[str, str]]]:
    """The real processed tables as {table: {id: row}} (built from data/raw, not read from disk)."""
    texts = clean.build()
    return {
        name: {r[table.primary_key]: r for r in csv.DictReader(io.StringIO(texts[f"{name}.csv"]))}
        for name, table in schemas.PROCESSED.items()
    }


def test_row_counts(processed: dict[str, dict[str, dict[str, str]]]) -> None:
    assert {name: len(rows) for name, rows in processed.items()} == ROWS


def test_the_source_and_its_inferred_date(processed: dict[str, dict[str, dict[str, str]]]) -> None:
    src = processed["sources"][SOURCE]
    assert (src["report_date"], src["report_date_inferred"], src["publisher"]) == ("2022-01-07", "true", "")


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        ("KZ0107-F06", {"metric": "detained", "low": "3600", "best": "4000", "high": "", "open_upper": "true"}),
        ("KZ0107-F07", {"metric": "killed", "low": "26", "best": "26", "high": "", "display": "26 (may be higher)"}),
        ("KZ0107-F08", {"place_id": "aktobe", "subject": "police officers", "low": "7", "high": "7"}),
        ("KZ0107-F09", {"place_id": "shymkent", "qualifier": "more_than", "low": "61", "display": "over 60"}),
        ("KZ0107-F02", {"qualifier": "vague", "low": "12", "context": "lede", "as_of": "2022-01-07"}),
    ],
)
def test_key_figures(processed: dict[str, dict[str, dict[str, str]]], figure_id: str, expected: dict[str, str]) -> None:
    row = processed["figures"][figure_id]
    assert {k: row[k] for k in expected} == expected


def test_key_measures_and_deployments(processed: dict[str, dict[str, dict[str, str]]]) -> None:
    curfew = processed["measures"]["KZ0107-M05"]
    assert (curfew["measure"], curfew["place_id"], curfew["start"], curfew["end"], curfew["status"]) == (
        "curfew",
        "baikonur",
        "2022-01-07",
        "2022-01-19",
        "in_force",
    )
    assert processed["measures"]["KZ0107-M01"]["status"] == "to_be_lifted"
    contributors = sorted(r["country_id"] for r in processed["deployments"].values())
    assert contributors == ["armenia", "belarus", "kyrgyzstan", "russia", "tajikistan"]
    assert {r["start"] for r in processed["deployments"].values()} == {"2022-01-03"}


def test_key_statements_and_events(processed: dict[str, dict[str, dict[str, str]]]) -> None:
    speakers = [r["speaker"] for r in processed["statements"].values()]
    assert speakers.count("Kassym-Jomart Tokayev") == 6
    first = processed["events"]["KZ0107-E01"]
    assert (first["start"], first["event_type"], first["place_id"]) == ("2022-01-02", "protest", "kazakhstan")


def test_the_first_report_updates_nothing(processed: dict[str, dict[str, dict[str, str]]]) -> None:
    for name, columns in (
        ("figures", ("updates", "part_of")),
        ("measures", ("updates",)),
        ("deployments", ("updates",)),
    ):
        for row in processed[name].values():
            assert all(row[c] == "" for c in columns), row


def test_every_evidence_is_found_in_the_report() -> None:
    text = (paths.RAW / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    checked = 0
    for name in schemas.RAW:
        with open(paths.RAW / f"{name}.csv", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "source_id" not in row:
                    continue  # actors: names, not claims
                assert row["source_id"] == SOURCE
                for col in ("evidence", "mandate_evidence", "quote"):
                    if row.get(col):
                        assert provenance.missing_spans(row[col], text) == [], (name, col, row[col])
                        checked += 1
    assert checked >= sum(n for t, n in ROWS.items() if t not in DERIVED)


# ---------------------------------------------------------------- attribution no stronger than the report (issue 19)


def _raw_row(table: str, row_id: str) -> dict[str, str]:
    with open(paths.RAW / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if next(iter(r.values())) == row_id)


def test_a_section_heading_is_not_put_in_the_presidents_mouth() -> None:
    # 'Security forces back ‘in control’' is the publisher's heading: the report gives no such words as Tokayev's
    assert _raw_row("statements", "KZ0107-S02")["quote"] == ""


def test_a_measure_names_an_announcer_only_where_the_report_does() -> None:
    # "A curfew was also introduced to cover the same period." names no one
    assert _raw_row("measures", "KZ0107-M05")["announced_by"] == ""


def test_the_defence_ministrys_condition_keeps_its_wording() -> None:
    # the report: "were not supposed to participate in “operational and combat ” activities", not "do not take part"
    description = _raw_row("events", "KZ0107-E13")["description"]
    assert "not supposed to participate in operational and combat activities" in description


def test_violence_of_a_kind_the_report_does_not_state_is_not_typed_riot_or_clash() -> None:
    # 'shooting in the city center had become less intensive' and the injuries in Aktobe and Shymkent
    for row_id in ("KZ0107-E06", "KZ0107-E07", "KZ0107-E08", "KZ0107-E09"):
        assert _raw_row("events", row_id)["event_type"] == "violence", row_id
