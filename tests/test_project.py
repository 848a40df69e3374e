"""Project-level promises: a documented CLI and Makefile, reproducible processed data (the dependency set:
tests/test_environment.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import paths
from helpers.clean import run as clean


def test_cli_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "helpers", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("clean", "build", "list", "screenshots"):
        assert command in out
    for command in ("clean", "build"):
        sub = subprocess.run([sys.executable, "-m", "helpers", command, "--help"], capture_output=True, text=True)
        assert sub.returncode == 0 and "usage:" in sub.stdout


def test_make_help_lists_the_targets() -> None:
    out = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("reports", "test", "data", "lab", "bench", "lint", "clean"):
        assert re.search(rf"^\s+{target}\s", out, re.M), target


def test_committed_processed_data_is_what_clean_produces() -> None:
    """data/processed is committed; it must be exactly what the raw data gives (byte for byte)."""
    built = clean.build()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in paths.PROCESSED.iterdir() if p.is_file()}
    assert on_disk == built, "run `make data` and commit data/processed"


def test_clean_is_deterministic(tmp_path: Path) -> None:
    """Two builds of the made-up reports in separate processes with different hash seeds: identical bytes."""
    from conftest import MADE_UP

    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "helpers", "clean", "--raw", str(MADE_UP), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert {"figures.csv", "measures.csv", "datapackage.json"} <= set(outputs[0])


def test_datapackage_is_valid_frictionless() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(paths.DATAPACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_evidence_quote_occurs_in_its_source() -> None:
    """Belt and braces over clean's own check: read the processed tables back and search the texts."""
    import helpers
    from helpers.clean.provenance import missing_spans

    t = helpers.load(validate=True)
    texts = {
        s: (paths.RAW / p).read_text(encoding="utf-8")
        for s, p in zip(t.sources["source_id"], t.sources["path"], strict=True)
    }
    for name in ("places", "events", "figures", "measures", "deployments", "statements"):
        frame = getattr(t, name)
        for sid, ev in zip(frame["source_id"], frame["evidence"], strict=True):
            assert missing_spans(ev, texts[sid]) == [], (name, ev)


def test_notebooks_are_committed_without_outputs() -> None:
    import nbformat

    for nb_path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{nb_path.name}: exactly one parameters cell"
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), nb_path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb_path.name


def test_no_cleaning_logic_in_notebooks() -> None:
    """Notebooks call helpers; they do not read files or reshape raw data themselves."""
    for nb_path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        source = Path(nb_path).read_text()
        for banned in ("read_csv", "open(", "to_datetime", ".apply(", "import re"):
            assert banned not in source, f"{nb_path.name} uses {banned}"
