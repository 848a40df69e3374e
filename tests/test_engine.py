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
import helpers.page.plots, helpers.views

pd.set_option("display.max_rows", 3)
matplotlib.rcParams["lines.linewidth"] = 9.0
helpers.page.plots._counter["figure"] = 99
helpers.views.LEAKED = True
os.environ["KZ_LEAK"] = "yes"
os.chdir("/")
print("changed everything")
"""

CHECKER = """
import os
import matplotlib
import pandas as pd
import helpers.page.plots, helpers.views

state = {
    "max_rows": pd.get_option("display.max_rows"),
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "figure_counter": helpers.page.plots._counter["figure"],
    "leaked_attribute": hasattr(helpers.views, "LEAKED"),
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
    assert "Executed by papermill in a process of its own, forked from a server" in page


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


# ---------------------------------------------------------------- one warm server per build
STATE = """
import os, sys
import matplotlib
import pandas as pd
print({"pid": os.getpid(), "ppid": os.getppid(),
       "rc": {k: repr(v) for k, v in matplotlib.rcParams.items()},
       "max_rows": pd.get_option("display.max_rows"), "cwd": os.getcwd(), "env": os.environ.get("KZ_LEAK")})
"""


def build_project(root: Path, processed: Path, notebooks: dict[str, str]) -> Path:
    """A throwaway project: one notebook per name (in catalogue order), made-up processed data."""
    import shutil

    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(processed, root / "data" / "processed")
    (root / "pyproject.toml").write_text("")
    (root / "reports").mkdir()
    entries = []
    for name, source in notebooks.items():
        notebook(root / "notebooks" / f"{name}.ipynb", source)
        entries.append(f"  - name: {name}\n    notebook: {name}.ipynb\n    title: {name}\n")
    (root / "reports" / "reports.yml").write_text("reports:\n" + "".join(entries))
    return root


def built_stdout(root: Path, *args: str) -> dict[str, str]:
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    run = subprocess.run(
        [sys.executable, "-m", "helpers", "build", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return {p.stem: stdout_of(nbformat.read(p, as_version=4)) for p in (root / "reports" / "executed").glob("*.ipynb")}


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])  # -j 2 in make test-all
def test_a_build_forks_every_report_from_one_server_and_no_report_sees_another(
    tmp_path: Path, made_up_processed: Path, jobs: str
) -> None:
    """One server per build, shared by the parallel reports; each report is a process of its own, and a report
    that changes global state (after the server's warm-up) leaves the next one as a fresh import would."""
    root = build_project(tmp_path / "p", made_up_processed, {"a-leak": LEAKER + STATE, "b-check": STATE})
    out = built_stdout(root, "-j", jobs, "--force")
    leak = eval(out["a-leak"].split("changed everything\n", 1)[1])  # noqa: S307 - our own notebook's dict
    check = eval(out["b-check"])  # noqa: S307
    assert leak["ppid"] == check["ppid"] and leak["pid"] != check["pid"]  # two forks of one server
    fresh = subprocess.run(  # the state a fresh process that imports what a notebook imports starts from
        [sys.executable, "-c", "import helpers.page.plots, helpers.views\n" + STATE],
        capture_output=True, text=True, check=True, cwd=root / "notebooks",
    ).stdout  # fmt: skip
    fresh_state = eval(fresh)  # noqa: S307
    assert leak["rc"]["lines.linewidth"] == "9.0" and leak["max_rows"] == 3
    assert check["rc"] == fresh_state["rc"]  # not the leaker's, and not changed by the server's warm-up
    assert check["max_rows"] == fresh_state["max_rows"] == 60
    assert check["env"] is None and check["cwd"] == str(root / "notebooks")


def test_the_server_warm_up_works_so_no_report_pays_for_it(tmp_path: Path) -> None:
    """Every warm-up step (tables, a page through nbconvert, fonts) succeeded in the server a report came from;
    a failing step would not break reports, it would only make each of them slower."""
    src = notebook(tmp_path / "warm.ipynb", "import helpers.reports._preload as p\nprint(p.WARM_UP_FAILED)")
    assert stdout_of(run(src, tmp_path / "out.ipynb")).strip() == "[]"


def test_tables_read_by_the_server_are_read_again_when_the_data_change(
    tmp_path: Path, made_up_processed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server reads the processed tables once; a report after a change to them sees the change."""
    import csv
    import shutil

    processed = tmp_path / "processed"
    shutil.copytree(made_up_processed, processed)
    monkeypatch.setenv("KZ_PROCESSED_DIR", str(processed))
    engine.stop()  # the next report starts a server that reads this folder at start
    try:
        src = notebook(tmp_path / "n.ipynb", "import helpers\nprint(sorted(helpers.load().places.place_id))")
        before = eval(stdout_of(run(src, tmp_path / "a.ipynb")))  # noqa: S307
        with open(processed / "places.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        with open(processed / "places.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows[:-1])  # drop the last place
        after = eval(stdout_of(run(src, tmp_path / "b.ipynb")))  # noqa: S307
    finally:
        engine.stop()
    assert len(before) == len(rows) - 1 and len(after) == len(before) - 1 and set(after) < set(before)


def test_the_build_process_itself_imports_neither_pandas_nor_papermill(tmp_path: Path, made_up_processed: Path) -> None:
    """The build only decides and dispatches: the forks have those imports already (lazy imports where unused)."""
    root = build_project(tmp_path / "p", made_up_processed, {"a": "print('hi')"})
    code = (
        "import sys\nfrom helpers.reports.build import run_build\n"
        "assert run_build(jobs=1, force=True) == 0\n"
        "print(sorted(m for m in ('pandas', 'papermill', 'matplotlib', 'nbconvert') if m in sys.modules))\n"
    )
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
    env.pop("KZ_PROCESSED_DIR", None)
    run_ = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert run_.returncode == 0, run_.stderr
    assert run_.stdout.strip().splitlines()[-1] == "[]"
