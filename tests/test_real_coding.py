"""The tests of the real coding (data/raw). Nothing else leans on real rows.

Two kinds of check, so that coding one more report never breaks `make test` (issue 17, point 9):
- what must hold for every report, whatever is coded next: each row names a known source, each quote is
  verbatim in its own source's text, every source is fully covered, links point to rows of the right
  report, every source carries coded rows;
- the seed's own answers (the 7 January 2022 report), for the seed's rows only, selected by source_id.
  Never today's totals: a new report adds rows, it never changes the seed's.
"""

from __future__ import annotations

import csv
import io

import pytest

from helpers import paths
from helpers.clean import provenance
from helpers.clean import run as clean
from helpers.coding import coverage as coverage_cmd
from helpers.data import schemas

SEED = "kz-2022-01-07"
#: The seed's own rows per table (rows whose source_id is the seed; acled_events by its `source`).
SEED_ROWS = {
    "sources": 1,
    "places": 11,
    "events": 15,
    "figures": 9,
    "measures": 5,
    "deployments": 10,
    "statements": 13,
    "acled_events": 15,
    "coverage": 22,
    "corrections": 0,
}
#: The seed's actors (actors.csv is append-only, so these stay whatever is coded next).
SEED_ACTORS = {
    "tokayev", "putin", "kz-interior-ministry", "ru-defence-ministry", "baikonur-administration",
    "baikonur-officials", "tass", "media-reports", "protesters", "law-enforcement", "military", "police", "csto",
    "csto-member-states", "eu", "several-countries", "armenia", "belarus", "kyrgyzstan", "russia", "tajikistan",
}  # fmt: skip
#: Tables coded claim by claim from a source (their rows carry a verbatim evidence quote).
CLAIMS = ("events", "figures", "measures", "deployments", "statements")
LINKS = {"figures": ("updates", "part_of"), "measures": ("updates",), "deployments": ("updates",)}

Tables = dict[str, dict[str, dict[str, str]]]


def _source_of(name: str, row: dict[str, str]) -> str:
    return row["source" if name == "acled_events" else "source_id"]


@pytest.fixture(scope="module")
def processed() -> Tables:
    """The real processed tables as {table: {id: row}} (built from data/raw, not read from disk)."""
    texts = clean.build()
    return {
        name: {r[table.primary_key]: r for r in csv.DictReader(io.StringIO(texts[f"{name}.csv"]))}
        for name, table in schemas.PROCESSED.items()
    }


@pytest.fixture(scope="module")
def seed(processed: Tables) -> Tables:
    """The seed report's rows only, table by table (tables without a source column are left out)."""
    out: Tables = {}
    for name, rows in processed.items():
        if rows and ("source_id" in next(iter(rows.values())) or name == "acled_events"):
            out[name] = {k: r for k, r in rows.items() if _source_of(name, r) == SEED}
    return out


# ---------------------------------------------------------------- what holds for every report


def test_every_row_names_a_known_source_and_every_source_has_claims(processed: Tables) -> None:
    sources = set(processed["sources"])
    assert SEED in sources
    for name in (*CLAIMS, "acled_events", "coverage"):
        for row in processed[name].values():
            assert _source_of(name, row) in sources, (name, row)
    for sid in sources:
        assert any(r["source_id"] == sid for name in CLAIMS for r in processed[name].values()), sid


def test_every_quote_is_verbatim_in_its_own_source(processed: Tables) -> None:
    texts = {sid: (paths.RAW / row["path"]).read_text(encoding="utf-8") for sid, row in processed["sources"].items()}
    checked = 0
    for name in (*CLAIMS, "places"):
        for row in processed[name].values():
            if not row.get("source_id"):
                continue
            for col in ("evidence", "mandate_evidence"):
                if row.get(col):
                    assert provenance.missing_spans(row[col], texts[row["source_id"]]) == [], (name, col, row[col])
                    checked += 1
            if name in CLAIMS:
                assert row["evidence"], (name, row)  # every coded claim carries its quote
    assert checked >= sum(len(processed[name]) for name in CLAIMS)


def test_every_source_is_fully_covered() -> None:
    lines, uncovered = coverage_cmd.report(paths.RAW)
    assert uncovered == 0, lines
    assert any(line.startswith(f"{SEED}: ") for line in lines)


def test_links_point_to_rows_of_the_right_reports(processed: Tables) -> None:
    """`updates` names a row of an earlier report; `part_of` a total of the same report and metric."""
    dates = {sid: r["report_date"] for sid, r in processed["sources"].items()}
    for name, columns in LINKS.items():
        for row in processed[name].values():
            for col in columns:
                target = row[col]
                if not target:
                    continue
                assert target in processed[name], (name, col, row)
                old = processed[name][target]
                if col == "updates":
                    assert dates[old["source_id"]] <= dates[row["source_id"]], (name, row)
                else:
                    assert (old["source_id"], old["metric"]) == (row["source_id"], row["metric"]), (name, row)


# ---------------------------------------------------------------- the seed's own answers, for its rows only


def test_the_seeds_row_counts(seed: Tables, processed: Tables) -> None:
    assert {name: len(seed.get(name, {})) for name in SEED_ROWS} == SEED_ROWS
    assert SEED_ACTORS <= set(processed["actors"])


def test_the_seed_and_its_inferred_date(processed: Tables) -> None:
    src = processed["sources"][SEED]
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
def test_key_figures(seed: Tables, figure_id: str, expected: dict[str, str]) -> None:
    row = seed["figures"][figure_id]
    assert {k: row[k] for k in expected} == expected


def test_key_measures_and_deployments(seed: Tables) -> None:
    curfew = seed["measures"]["KZ0107-M05"]
    assert (curfew["measure"], curfew["place_id"], curfew["start"], curfew["end"], curfew["status"]) == (
        "curfew",
        "baikonur",
        "2022-01-07",
        "2022-01-19",
        "in_force",
    )
    assert seed["measures"]["KZ0107-M01"]["status"] == "to_be_lifted"
    arrivals = [r for r in seed["deployments"].values() if r["seen"] == ""]
    assert sorted(r["country_id"] for r in arrivals) == ["armenia", "belarus", "kyrgyzstan", "russia", "tajikistan"]
    assert {r["start"] for r in arrivals} == {"2022-01-03"}
    # the title's "newly arrived CSTO forces supported local security services": in place on the report day
    seen = [r for r in seed["deployments"].values() if r["seen"] != ""]
    assert sorted(r["country_id"] for r in seen) == sorted(r["country_id"] for r in arrivals)
    assert {r["seen"] for r in seen} == {"2022-01-07"}
    assert {seed["measures"][m]["end_kind"] for m in ("KZ0107-M04", "KZ0107-M05")} == {"planned"}


def test_key_statements_and_events(seed: Tables) -> None:
    speakers = [r["speaker"] for r in seed["statements"].values()]
    assert speakers.count("Kassym-Jomart Tokayev") == 6
    first = seed["events"]["KZ0107-E01"]
    assert (first["start"], first["event_type"], first["place_id"]) == ("2022-01-02", "protest", "kazakhstan")


def test_the_seed_updates_nothing(seed: Tables) -> None:
    """The first report has nothing earlier to update, and its parts are coded as no total's part."""
    for name, columns in LINKS.items():
        for row in seed[name].values():
            assert all(row[c] == "" for c in columns), row


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
