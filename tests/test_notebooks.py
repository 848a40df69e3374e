"""Every notebook runs top to bottom in a fresh kernel, through papermill with other parameters,
and fails clearly on a bad parameter. Trend paths run on the made-up second source."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient import NotebookClient
from papermill.exceptions import PapermillExecutionError

from helpers import paths

pytestmark = pytest.mark.slow
NOTEBOOKS = sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))

OTHER_PARAMETERS = {
    "01-overview.ipynb": {"as_of": "2022-01-07"},
    "02-timeline.ipynb": {"start": "2022-01-05", "end": "2022-01-10", "event_types": ["protest", "deployment"]},
    "03-counts.ipynb": {"metric": "injured", "place": "shymkent"},
    "04-place-profile.ipynb": {"place": "baikonur"},
    "05-deployment-measures.ipynb": {"organisation": "CSTO"},
    "06-statements.ipynb": {"speaker": "Kassym-Jomart Tokayev"},
    "07-data-quality.ipynb": {"source_id": "kz-2022-01-07"},
}

BAD_PARAMETERS = [
    ("03-counts.ipynb", {"metric": "arrested"}, "valid values: detained, injured, killed"),
    ("04-place-profile.ipynb", {"place": "atlantis"}, "unknown place 'atlantis'; valid values: aktobe, almaty"),
    ("02-timeline.ipynb", {"start": "2022-01-10", "end": "2022-01-05"}, "is before start"),
    ("01-overview.ipynb", {"as_of": "2021-06-01"}, "outside the data: dates run from 2022-01-02 to 2022-01-19"),
    ("02-timeline.ipynb", {"event_types": ["battle"]}, "unknown event type 'battle'"),
]


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """All outputs of a notebook as one string (text, HTML and image alt text)."""
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_every_notebook_is_in_the_parameter_table() -> None:
    assert sorted(OTHER_PARAMETERS) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_with_defaults_in_a_fresh_kernel(name: str) -> None:
    nb = nbformat.read(paths.NOTEBOOKS / name, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(paths.NOTEBOOKS)}}
    ).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "image/png" in outputs_text(nb) or name == "04-place-profile.ipynb"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_through_papermill_with_other_parameters(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    nb = papermill.execute_notebook(
        str(paths.NOTEBOOKS / name),
        str(out),
        parameters=OTHER_PARAMETERS[name],
        kernel_name="python3",
        cwd=str(paths.NOTEBOOKS),
        progress_bar=False,
    )
    assert nb.metadata.papermill.parameters == OTHER_PARAMETERS[name]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected, "papermill injected the parameters"


@pytest.mark.parametrize(("name", "params", "message"), BAD_PARAMETERS)
def test_bad_parameter_fails_at_once_with_valid_values(name: str, params: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(PapermillExecutionError) as exc:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS / name),
            str(tmp_path / name),
            parameters=params,
            kernel_name="python3",
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
        )
    assert exc.value.ename == "ParameterError"
    assert message in exc.value.evalue
    # it fails in the first cell after the parameters, before any analysis runs
    nb = nbformat.read(tmp_path / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    failed = next(i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
    assert "injected-parameters" in code[failed - 1].metadata.get("tags", [])


def test_trend_paths_with_a_second_source(
    made_up_processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZ_PROCESSED_DIR", str(made_up_processed))
    counts = papermill.execute_notebook(
        str(paths.NOTEBOOKS / "03-counts.ipynb"),
        str(tmp_path / "c.ipynb"),
        parameters={"metric": "killed"},
        kernel_name="python3",
        cwd=str(paths.NOTEBOOKS),
        progress_bar=False,
    )
    text = outputs_text(counts)
    assert "Counts over time" in text  # the trend chart's alt text
    assert "TEST-0108-F02" in text and "TEST-0107-F02" in text
    overview = papermill.execute_notebook(
        str(paths.NOTEBOOKS / "01-overview.ipynb"),
        str(tmp_path / "o.ipynb"),
        parameters={},
        kernel_name="python3",
        cwd=str(paths.NOTEBOOKS),
        progress_bar=False,
    )
    text = outputs_text(overview)
    assert "Headline figures in the two latest reports" in text
    assert "9,900" in text and "Only one report date so far" not in text  # the newest count
