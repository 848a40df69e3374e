"""`make data` decides "nothing changed" from hashes before importing pandas, and never wrongly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_cell

PROBE = "import sys; from helpers.cli.main import main; code = main(sys.argv[1:]); print('pandas' in sys.modules, code)"


def clean(tmp_path: Path, raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KZ_PROJECT_ROOT": str(tmp_path)}  # the stamp goes to tmp_path/reports/.cache
    return subprocess.run(
        [sys.executable, "-c", PROBE, "clean", "--raw", str(raw), "--out", str(out)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip


def test_a_second_clean_skips_without_importing_pandas(tmp_path: Path, made_up_raw: Path) -> None:
    raw = made_up_raw  # the MADE-UP raw folder: a behaviour test, not a check of the real rows
    out = tmp_path / "processed"
    first = clean(tmp_path, raw, out)
    assert first.stdout.splitlines()[-1] == "True 0", first.stderr
    assert "updated" in first.stdout
    second = clean(tmp_path, raw, out)
    assert second.stdout.splitlines() == ["clean: processed already up to date", "False 0"], second.stderr


@pytest.mark.slow  # a subprocess race or a real clean: make test-all runs it
def test_a_changed_raw_file_runs_the_real_clean(tmp_path: Path, made_up_raw: Path) -> None:
    raw = made_up_raw  # the MADE-UP raw folder: a behaviour test, not a check of the real rows
    out = tmp_path / "processed"
    assert clean(tmp_path, raw, out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    line = set_cell(raw, "figures", 0, "value_text", "not a number at all")
    run = clean(tmp_path, raw, out)
    assert run.stdout.splitlines()[-1] == "True 1"
    assert f"figures.csv, line {line}" in run.stderr or f"figures.csv:{line}" in run.stderr, run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written on error
    assert clean(tmp_path, raw, out).stdout.splitlines()[-1] == "True 1"  # a failed clean is never stamped


@pytest.mark.slow  # a subprocess race or a real clean: make test-all runs it
def test_an_edited_or_deleted_output_is_rebuilt(tmp_path: Path, made_up_raw: Path) -> None:
    raw = made_up_raw  # the MADE-UP raw folder: a behaviour test, not a check of the real rows
    out = tmp_path / "processed"
    assert clean(tmp_path, raw, out).returncode == 0
    good = (out / "events.csv").read_bytes()
    (out / "events.csv").write_text("hand edited\n")
    run = clean(tmp_path, raw, out)
    assert run.stdout.splitlines()[-1] == "True 0" and (out / "events.csv").read_bytes() == good
    (out / "places.csv").unlink()
    assert clean(tmp_path, raw, out).stdout.splitlines()[-1] == "True 0" and (out / "places.csv").is_file()
