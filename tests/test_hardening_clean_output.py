"""`clean --out` never deletes a folder it did not create (issue 11, critical).

Each test runs in a throwaway project root, so that a regression destroys only a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import cli, skeleton


def test_a_folder_holding_an_unrelated_file_survives_and_clean_exits_nonzero(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"months of work")
    run = cli("clean", "--out", str(out), root=root)
    assert run.returncode != 0
    assert "thesis.docx" in run.stderr and "did not write" in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    assert (out / "thesis.docx").read_bytes() == b"months of work"


@pytest.mark.slow
def test_out_data_does_not_delete_data_raw(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    before = sorted(p.relative_to(root) for p in (root / "data").rglob("*"))
    run = cli("clean", "--out", "data", root=root)
    assert run.returncode != 0
    assert "raw data folder" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.relative_to(root) for p in (root / "data").rglob("*")) == before


@pytest.mark.slow
def test_out_project_root_deletes_nothing(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    run = cli("clean", "--out", ".", root=root)
    assert run.returncode != 0
    assert "project root" in run.stderr
    assert (root / ".git" / "HEAD").is_file() and (root / "data" / "raw" / "figures.csv").is_file()


@pytest.mark.slow
def test_out_above_the_project_root_is_refused(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    run = cli("clean", "--out", str(tmp_path), root=root)
    assert run.returncode != 0 and "project root" in run.stderr
    assert (root / "data" / "raw" / "figures.csv").is_file()


@pytest.mark.slow
def test_out_inside_data_raw_is_refused(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    run = cli("clean", "--out", "data/raw/processed", root=root)
    assert run.returncode != 0 and "inside" in run.stderr
    assert not (root / "data" / "raw" / "processed").exists()


@pytest.mark.slow
def test_a_new_folder_and_a_processed_folder_are_written(tmp_path: Path) -> None:
    root = skeleton(tmp_path / "proj")
    first = cli("clean", "--out", "data/processed", root=root)
    assert first.returncode == 0, first.stderr
    again = cli("clean", "--out", "data/processed", root=root)
    assert again.returncode == 0 and "already up to date" in again.stdout
    assert (root / "data" / "processed" / "figures.csv").is_file()
