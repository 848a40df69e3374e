"""Hardening (issue 22.1): two coding commands at once never lose a row nor share an id.

Every command that writes data/raw holds one lock (data/.raw.lock, files.raw_lock) from reading the
tables to the appended byte; the next free id is chosen under it. MADE-UP fixtures only.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_support import made_up_raw

from helpers.clean import run as clean
from helpers.files import lock_path, raw_lock

SID = "TEST-S1"  # the hardening fixture's one source
N = 6


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _add(raw: Path, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "KZ_PROCESSED_DIR"}
    args = ["add", "figures", SID, "--like", "TEST-F1", "-q", "@TEST-F1", *extra, "--raw", str(raw)]
    return subprocess.Popen(
        [sys.executable, "-m", "helpers", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return made_up_raw(tmp_path / "data" / "raw")


def _first_figure(raw: Path) -> dict[str, str]:
    return _rows(raw / "figures.csv")[0]


def test_the_fixture_row_to_copy_is_there(raw: Path) -> None:
    assert _first_figure(raw)["figure_id"] == "TEST-F1"


@pytest.mark.slow  # a subprocess race or a real clean: make test-all runs it
def test_parallel_adds_give_n_rows_with_n_distinct_ids(raw: Path) -> None:
    before = len(_rows(raw / "figures.csv"))
    procs = [_add(raw) for _ in range(N)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * N, [o[1] for o in outs]
    rows = _rows(raw / "figures.csv")
    new = [r["figure_id"] for r in rows[before:]]
    assert len(new) == N and len(set(new)) == N, new
    printed = sorted(o[0].strip().rsplit(": ", 1)[1] for o in outs)
    assert printed == sorted(new)  # each command printed the id it really wrote
    clean.build(raw)  # and make data accepts the result: no duplicate id


@pytest.mark.slow  # the next-id case above covers the lock in make test; this one in make test-all
def test_parallel_adds_with_explicit_ids_lose_none(raw: Path) -> None:
    ids = [f"TEST-F9{i}" for i in range(N)]
    procs = [_add(raw, "--id", i) for i in ids]
    for p in procs:
        p.communicate(timeout=600)
    assert [p.returncode for p in procs] == [0] * N
    assert sorted(r["figure_id"] for r in _rows(raw / "figures.csv") if r["figure_id"] in ids) == ids


@pytest.mark.slow  # a subprocess race or a real clean: make test-all runs it
def test_an_add_waits_for_the_lock_and_then_writes(raw: Path) -> None:
    before = (raw / "figures.csv").read_bytes()
    with raw_lock(raw):
        proc = _add(raw)
        time.sleep(3)
        assert proc.poll() is None  # still waiting for the lock
        assert (raw / "figures.csv").read_bytes() == before
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "waiting for another command" in err
    assert len(_rows(raw / "figures.csv")) == 2


def test_the_lock_file_lies_beside_the_raw_folder(raw: Path) -> None:
    assert lock_path(raw) == raw.parent / ".raw.lock"
    proc = _add(raw)
    proc.communicate(timeout=600)
    assert lock_path(raw).is_file()
    assert not any(p.name.endswith(".lock") for p in raw.rglob("*"))  # nothing new inside data/raw


def test_clean_reads_under_the_shared_lock(raw: Path, tmp_path: Path) -> None:
    """clean takes the lock shared: it waits while a writer holds it exclusively."""
    code = (
        "import sys; from pathlib import Path; from helpers.clean.run import clean; "
        f"clean(Path({str(raw)!r}), Path({str(tmp_path / 'out')!r}), warn=lambda m: None); print('done')"
    )
    with raw_lock(raw):
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        time.sleep(3)
        assert proc.poll() is None
        assert not (tmp_path / "out").exists()
    assert proc.communicate(timeout=600)[0].strip() == "done"
    with raw_lock(raw, shared=True):  # shared holders do not exclude each other
        clean.clean(raw, tmp_path / "out2", warn=lambda m: None)
