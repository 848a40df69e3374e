"""A papermill engine that runs each report in a process of its own, forked from a pre-imported one.

Why: a fresh kernel per report spends about 2 s starting and importing pandas, matplotlib, seaborn and
pandera before the first cell runs, roughly four fifths of a report's time. Here the imports are paid once
per build worker: a fork server (the standard library's ``multiprocessing`` "forkserver") imports
``helpers.reports._preload`` at start, and every report runs in a fresh fork of it. The fork executes the cells
in-process with IPython's ``InteractiveShell`` (what ipykernel wraps), writes the executed notebook as
papermill does, and sends it back through a pipe; then it exits, taking every change the report made to
global state (pandas options, rcParams, module attributes, environment, working directory) with it.

Papermill drives it like any engine (``papermill.execute_notebook(..., engine_name="kz-fork")``; the name
is registered through the ``papermill.engine`` entry point in pyproject.toml), so parameters are injected
and the notebook and cell metadata are written by papermill's own ``NotebookExecutionManager``.

The fork server is single-threaded (it only imports and forks), so forking it is safe; the process that
calls papermill is never forked. Where fork servers do not exist (Windows), or with ``KZ_ENGINE=kernel``,
the build uses papermill's usual engine with a real kernel per report. JupyterLab always uses real kernels.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import traceback
from typing import Any

from papermill.engines import Engine, NotebookExecutionManager
from papermill.exceptions import PapermillException

#: The engine's name in papermill's registry (see [project.entry-points."papermill.engine"]).
NAME = "kz-fork"
PRELOAD = ["helpers.reports._preload"]


class ReportProcessDied(PapermillException):
    """The forked report process ended without sending its notebook back (crash, kill, out of memory)."""


def enabled() -> bool:
    """True when reports run in forks of a warm process; False means a fresh kernel per report."""
    return os.environ.get("KZ_ENGINE", "fork") != "kernel" and "forkserver" in multiprocessing.get_all_start_methods()


def describe() -> str:
    """How the kernel of a report was started, for the report footer."""
    if enabled():
        return (
            "in a process of its own, forked from a worker that had already imported pandas, matplotlib, "
            "seaborn, pandera and helpers (papermill engine kz-fork)"
        )
    return "in a fresh ipykernel started for this report (papermill's nbclient engine)"


def papermill_options() -> dict[str, Any]:
    """Keyword arguments for ``papermill.execute_notebook`` selecting the engine."""
    if enabled():
        _register()
        return {"engine_name": NAME}
    return {"kernel_manager_class": "helpers.reports.build.IPCKernelManager"}


def _register() -> None:
    """Register the engine even when the package metadata (entry point) is stale, e.g. an old install."""
    from papermill.engines import papermill_engines

    if papermill_engines._engines.get(NAME) is not ForkEngine:
        papermill_engines.register(NAME, ForkEngine)


def _context() -> multiprocessing.context.BaseContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


# ---------------------------------------------------------------------------- the papermill side (caller)
class ForkEngine(Engine):
    """papermill engine: one forked, pre-imported process per notebook."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: NotebookExecutionManager,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        """Execute ``nb_man.nb`` in a fork and put the executed notebook back into ``nb_man``."""
        import nbformat

        ctx = _context()
        receive, send = ctx.Pipe(duplex=False)
        options = {
            "output_path": nb_man.output_path,
            "autosave_cell_every": nb_man.autosave_cell_every,
            "start_time": nb_man.start_time,
            "timeout": execution_timeout or kwargs.get("timeout"),
            "allow_errors": bool(kwargs.get("allow_errors", False)),
            "environ": dict(os.environ),
        }
        proc = ctx.Process(
            target=_child, args=(send, nbformat.writes(nb_man.nb), options), name="kz-report", daemon=False
        )
        proc.start()
        send.close()
        try:
            payload = receive.recv_bytes()
        except EOFError:
            payload = b""
        finally:
            receive.close()
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()
        if not payload:
            raise ReportProcessDied(f"the report process ended without a result (exit code {proc.exitcode})")
        nb_man.nb = nbformat.reads(payload.decode("utf-8"), as_version=4)
        for cell in nb_man.nb.cells:
            if cell.cell_type == "code":
                for out in cell.get("outputs", []):
                    _log(out, log_output, stdout_file, stderr_file)
        return nb_man.nb


def _log(output: Any, log_output: bool, stdout_file: Any, stderr_file: Any) -> None:
    """What papermill's client does with stream output when asked to log it."""
    if output.get("output_type") != "stream":
        return
    from papermill.log import logger

    text = "".join(output.get("text", ""))
    if output.get("name") == "stdout":
        if log_output:
            logger.info(text)
        if stdout_file:
            stdout_file.write(text)
    else:
        if log_output:
            logger.warning(text)
        if stderr_file:
            stderr_file.write(text)


# ---------------------------------------------------------------------------- the forked side (one report)
def _child(conn: Any, nb_json: str, options: dict[str, Any]) -> None:
    """Run in the fork: execute every cell as papermill's client would, send the notebook back."""
    try:
        payload = _execute(nb_json, options).encode("utf-8")
    except BaseException:  # a bug here, not in the notebook: say so rather than die silently
        sys.__stderr__.write("kz-fork engine: " + traceback.format_exc())
        payload = b""
    if payload:
        conn.send_bytes(payload)
    conn.close()


def _execute(nb_json: str, options: dict[str, Any]) -> str:
    import importlib

    import nbformat

    import helpers.paths

    # The caller's environment as it is now (a kernel started now would get it), and paths derived from it.
    os.environ.clear()
    os.environ.update(options["environ"])
    importlib.reload(helpers.paths)

    nb = nbformat.reads(nb_json, as_version=4)
    nb_man = NotebookExecutionManager(
        nb,
        output_path=options["output_path"],
        progress_bar=False,
        autosave_cell_every=options["autosave_cell_every"],
    )
    nb_man.start_time = options["start_time"]
    shell = _shell()
    timeout = options["timeout"]
    for index, cell in enumerate(nb.cells):
        nb_man.cell_start(cell, index)
        failed = False
        try:
            failed = _run_cell(shell, cell, timeout, options["allow_errors"])
        finally:
            if failed:
                nb_man.cell_exception(nb.cells[index], cell_index=index)
            nb_man.cell_complete(nb.cells[index], cell_index=index)
        if failed:
            break
    from ipykernel.ipkernel import IPythonKernel

    nb.metadata["language_info"] = dict(IPythonKernel.language_info)
    return nbformat.writes(nb)


def _run_cell(shell: Any, cell: Any, timeout: float | None, allow_errors: bool) -> bool:
    """Execute one cell like nbclient does; True when it raised and execution must stop."""
    tags = cell.metadata.get("tags", [])
    if cell.cell_type != "code" or not cell.source.strip() or "skip-execution" in tags:
        return False
    cell.outputs = []
    _Sink.current = cell.outputs
    if timeout:
        signal.signal(signal.SIGALRM, _on_timeout)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        result = shell.run_cell(cell.source, store_history=True)
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout.flush()
        sys.stderr.flush()
    cell.execution_count = result.execution_count
    raised = result.error_before_exec is not None or result.error_in_exec is not None
    return raised and not (allow_errors or "raises-exception" in tags)


class CellTimeoutError(TimeoutError):
    """A cell ran longer than the execution timeout."""


def _on_timeout(signum: int, frame: Any) -> None:
    raise CellTimeoutError("the cell ran longer than the execution timeout")


# ---------------------------------------------------------------------------- capturing outputs as a kernel sends them
class _Sink:
    """Where the running cell's outputs go: the cell's own ``outputs`` list."""

    current: list[Any] = []


def _append(output: Any) -> None:
    _Sink.current.append(output)


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr: consecutive writes merge into one stream output, as nbclient shows them."""

    def __init__(self, name: str):
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        from nbformat.v4 import new_output

        outs = _Sink.current
        if outs and outs[-1].get("output_type") == "stream" and outs[-1].get("name") == self.name:
            outs[-1]["text"] += text
        else:
            outs.append(new_output("stream", name=self.name, text=text))
        return len(text)


def _shell() -> Any:
    """An IPython shell whose display, results and tracebacks become notebook outputs."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_output
    from traitlets import Type
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):  # noqa: ANN001
            display_id = (transient or {}).get("display_id")
            out = new_output("display_data", data=data, metadata=metadata or {})
            if update and display_id:
                for i, old in enumerate(_Sink.current):
                    if old.get("_display_id") == display_id:
                        _Sink.current[i] = out
                return
            _append(out)

        def clear_output(self, wait: bool = False) -> None:
            _Sink.current.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:  # noqa: ANN001
            _append(
                new_output(
                    "execute_result", data=format_dict, metadata=md_dict or {}, execution_count=self.prompt_count
                )
            )

        def finish_displayhook(self) -> None:
            pass

    class Shell(InteractiveShell):
        display_pub_class = Type(Publisher)
        displayhook_class = Type(Hook)

        def _showtraceback(self, etype, evalue, stb) -> None:  # noqa: ANN001
            _append(new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))

    config = Config()
    config.HistoryManager.enabled = False  # no SQLite file, no saving thread
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    sys.stdin = io.StringIO("")  # input() fails at once, as with papermill's allow_stdin=False
    return Shell.instance(config=config)
