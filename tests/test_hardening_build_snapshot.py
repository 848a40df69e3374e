"""A build reads one snapshot of the processed data (issue 22, point 7).

`make data` during a build swapped data/processed, and pages showed new rows under the old data hash.
MADE-UP data: the hardening fixture cleaned into a throwaway folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hardening_support import made_up_raw, set_cell

from helpers import paths
from helpers.clean import run as clean
from helpers.reports import build


@pytest.fixture
def processed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    raw = made_up_raw(tmp_path / "raw")
    out = tmp_path / "processed"
    clean.clean(raw, out)
    monkeypatch.setattr(paths, "PROCESSED", out)
    monkeypatch.setattr(paths, "DATAPACKAGE", out / "datapackage.json")
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    paths.CACHE.mkdir()
    monkeypatch.delenv("KZ_PROCESSED_DIR", raising=False)
    return raw, out


def test_a_swap_during_the_build_does_not_change_what_it_reads(processed: tuple[Path, Path]) -> None:
    raw, out = processed
    before = build.data_hash()
    with build.data_snapshot() as snap:
        assert paths.PROCESSED == snap != out and os.environ["KZ_PROCESSED_DIR"] == str(snap)
        set_cell(raw, "events", "TEST-E1", "notes", "MADE UP: changed during the build")
        assert clean.clean(raw, out)  # `make data` swaps the real folder mid-build
        assert build.data_hash() == before  # the footer's hash is that of what the pages read
        assert "changed during the build" not in (snap / "events.csv").read_text(encoding="utf-8")
    assert paths.PROCESSED == out and "KZ_PROCESSED_DIR" not in os.environ
    assert not snap.exists()
    assert build.data_hash() != before


def test_every_report_of_a_build_runs_on_the_snapshot(
    processed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, out = processed
    for name in ("HTML", "EXECUTED"):
        monkeypatch.setattr(paths, name, tmp_path / name.lower())
    seen: dict[str, object] = {}

    def fake_build(*_args: object) -> int:
        seen["processed"] = paths.PROCESSED
        seen["env"] = os.environ.get("KZ_PROCESSED_DIR")
        return 0

    monkeypatch.setattr(build, "_build", fake_build)
    assert build.run_build(jobs=1) == 0
    assert seen["processed"] != out and seen["env"] == str(seen["processed"])
