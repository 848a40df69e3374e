"""The report engine (helpers.reports.engine): each report in a fork of a pre-imported process, through papermill.

Isolation is the promise that matters: whatever one report does to global state must not reach the next.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

# papermill (and helpers.reports.engine, which imports it) is imported by the tests, not at collection.
pytestmark = pytest.mark.skipif(
    os.environ.get("KZ_ENGINE", "fork") == "kernel" or "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="no fork server on this platform (or KZ_ENGINE=kernel)",
)


class _Lazy:
    """``helpers.reports.engine``, imported on first use."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("_") or name.startswith("pytest"):  # pytest inspects module attributes at collection
            raise AttributeError(name)
        # papermill first: importing papermill loads its entry points, this engine among them, so importing
        # helpers.reports.engine first would meet itself half-initialised (a circular import).
        import papermill  # noqa: F401

        from helpers.reports import engine as real

        return getattr(real, name)


engine = _Lazy()


def _papermill_error() -> type[Exception]:
    from papermill.exceptions import PapermillExecutionError

    return PapermillExecutionError


LEAKER = """
import os
import matplotlib
import pandas as pd
import helpers.page.plots, helpers.analysis.views

pd.set_option("display.max_rows", 3)
matplotlib.rcParams["lines.linewidth"] = 9.0
helpers.page.plots._counter["figure"] = 99
helpers.analysis.views.LEAKED = True
os.environ["KZ_LEAK"] = "yes"
os.chdir("/")
print("changed everything")
"""

CHECKER = """
import os
import matplotlib
import pandas as pd
import helpers.page.plots, helpers.analysis.views

state = {
    "max_rows": pd.get_option("display.max_rows"),
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "figure_counter": helpers.page.plots._counter["figure"],
    "leaked_attribute": hasattr(helpers.analysis.views, "LEAKED"),
    "env": os.environ.get("KZ_LEAK"),
    "cwd": os.getcwd(),
}
print(state)
"""


def notebook(path: Path, *sources: str, parameters: str | None = None) -> Path:
    cells = [new_markdown_cell("# test notebook")]
    if parameters is not None:
        cell = new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells += [new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def run(src: Path, out: Path, **kwargs: object) -> nbformat.NotebookNode:
    import papermill

    return papermill.execute_notebook(
        str(src), str(out), progress_bar=False, cwd=str(src.parent), **engine.papermill_options(), **kwargs
    )


def stdout_of(nb: nbformat.NotebookNode) -> str:
    return "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream"
    )


def test_the_engine_is_registered_through_papermills_entry_point() -> None:
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="papermill.engine") if e.name == engine.NAME]
    assert ep.load() is engine.ForkEngine
    assert engine.papermill_options() == {"engine_name": "kz-fork"}


def test_global_state_changed_by_one_report_does_not_reach_the_next(tmp_path: Path) -> None:
    import matplotlib
    import pandas as pd

    before = (pd.get_option("display.max_rows"), matplotlib.rcParams["lines.linewidth"], os.getcwd())
    first = run(notebook(tmp_path / "leak.ipynb", LEAKER), tmp_path / "leak-out.ipynb")
    assert "changed everything" in stdout_of(first)
    second = run(notebook(tmp_path / "check.ipynb", CHECKER), tmp_path / "check-out.ipynb")
    state = eval(stdout_of(second))  # noqa: S307 - our own notebook's repr of a dict
    assert state == {
        "max_rows": 60,
        "linewidth": matplotlib.rcParamsDefault["lines.linewidth"],
        "figure_counter": 0,
        "leaked_attribute": False,
        "env": None,
        "cwd": str(tmp_path),  # papermill's cwd, as with a kernel
    }
    # and the process that called papermill was not touched either
    assert (pd.get_option("display.max_rows"), matplotlib.rcParams["lines.linewidth"], os.getcwd()) == before
    assert "KZ_LEAK" not in os.environ


def test_the_report_sees_the_callers_environment_as_it_is_now(tmp_path: Path, monkeypatch) -> None:
    src = notebook(tmp_path / "env.ipynb", "import os; print(os.environ.get('KZ_ENGINE_TEST'))")
    monkeypatch.setenv("KZ_ENGINE_TEST", "first")
    assert stdout_of(run(src, tmp_path / "a.ipynb")).strip() == "first"
    monkeypatch.setenv("KZ_ENGINE_TEST", "second")  # after the fork server started
    assert stdout_of(run(src, tmp_path / "b.ipynb")).strip() == "second"


def test_outputs_and_papermill_metadata_are_those_of_a_kernel(tmp_path: Path) -> None:
    src = notebook(
        tmp_path / "rich.ipynb",
        "import pandas as pd\nfrom IPython.display import HTML, display\nprint('one'); print('two')",
        "display(HTML('<b>hi</b>'))\npd.DataFrame({'a': [1, 2]})",
        "import sys; print('warn', file=sys.stderr)",
        parameters="n = 1",
    )
    nb = run(src, tmp_path / "out.ipynb", parameters={"n": 5})
    on_disk = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert on_disk == nb
    pm = nb.metadata.papermill
    assert pm.parameters == {"n": 5} and pm.exception is None and pm.duration >= 0
    assert pm.input_path == str(src) and pm.output_path == str(tmp_path / "out.ipynb")
    assert nb.metadata.language_info.name == "python"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "n = 5" in injected[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3, 4, 5]
    assert all(c.metadata.papermill.status == "completed" for c in nb.cells)
    assert [o.output_type for o in code[2].outputs] == ["stream"] and code[2].outputs[0].text == "one\ntwo\n"
    kinds = [o.output_type for o in code[3].outputs]
    assert kinds == ["display_data", "execute_result"]
    assert code[3].outputs[0].data["text/html"] == "<b>hi</b>"
    assert "<table" in code[3].outputs[1].data["text/html"] and code[3].outputs[1].execution_count == 4
    assert code[4].outputs[0].name == "stderr"


def test_a_failing_cell_stops_the_report_like_papermill_does(tmp_path: Path) -> None:
    src = notebook(tmp_path / "fail.ipynb", "x = 1", "raise ValueError('bad value')", "print('never')")
    with pytest.raises(_papermill_error()) as exc:
        run(src, tmp_path / "out.ipynb")
    assert exc.value.ename == "ValueError" and exc.value.evalue == "bad value" and exc.value.exec_count == 2
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.metadata.papermill.exception is True
    statuses = [c.metadata.papermill.status for c in nb.cells if c.cell_type == "code"]
    assert statuses == ["completed", "failed", "pending"]
    assert "never" not in stdout_of(nb)


def test_a_report_process_that_dies_is_reported_not_hung(tmp_path: Path) -> None:
    src = notebook(tmp_path / "die.ipynb", "import os\nos._exit(3)")
    with pytest.raises(engine.ReportProcessDied, match="exit code 3"):
        run(src, tmp_path / "out.ipynb")


def test_a_cell_over_the_timeout_fails(tmp_path: Path) -> None:
    src = notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(30)")
    with pytest.raises(_papermill_error()) as exc:
        run(src, tmp_path / "out.ipynb", execution_timeout=1)
    assert exc.value.ename == "CellTimeoutError"


def test_kz_engine_kernel_selects_real_kernels(monkeypatch) -> None:
    monkeypatch.setenv("KZ_ENGINE", "kernel")
    assert not engine.enabled()
    assert "engine_name" not in engine.papermill_options()
    assert "fresh ipykernel" in engine.describe()


def test_the_report_footer_says_how_the_kernel_was_started(tmp_path: Path) -> None:
    from helpers.reports.render import report_html

    nb = run(notebook(tmp_path / "tiny.ipynb", "print('hello')"), tmp_path / "out.ipynb")
    meta = {"name": "tiny", "title": "Tiny", "notebook": "tiny.ipynb", "parameters": {}, "commit": "abc",
            "data_hash": "def", "built": "today", "kernel": engine.describe()}  # fmt: skip
    page = report_html(nb, meta)
    assert "Executed by papermill in a process of its own, forked from a worker" in page


def test_build_processes_skip_the_unused_iri_grammar_and_still_validate_notebooks() -> None:
    """helpers.reports.lean: jsonschema's optional rfc3987_syntax is marked absent in build processes (it costs ~0.75 s
    per process); nbformat still validates notebooks, and a broken one is still rejected."""
    code = (
        "import sys, helpers.reports.build, nbformat\n"
        "nb = nbformat.v4.new_notebook()\n"
        "nbformat.validate(nb)\n"
        "nb['cells'] = [{'cell_type': 'nonsense'}]\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('rejected')\n"
        "print(sys.modules.get('rfc3987_syntax', 'missing'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["rejected", "None"]
