"""Each report in a process of its own, forked from one warm server per build.

Why: a fresh kernel per report spends about 2 s starting and importing pandas, matplotlib, seaborn and
papermill before the first cell runs, most of a report's time. Here those costs are paid once per build:
a fork server (the standard library's ``multiprocessing`` "forkserver") imports
``helpers.reports._preload`` at start, which also reads the processed tables and renders a made-up page
once (nbconvert's exporter and templates, matplotlib's fonts), and every report runs in a fresh fork of
it: it executes the cells in-process with IPython's ``InteractiveShell`` (what ipykernel wraps), writes the
executed notebook as papermill does, renders its page, and exits, taking every change the report made to
global state (pandas options, rcParams, module attributes, environment, working directory) with it.

Two ways in:

- the build (``helpers.reports.build``) calls :func:`start` as soon as it knows there is work, so the
  server imports while the build checks the catalogue and its cache, then hands each report to
  :func:`call` from as many threads as it has jobs: one server, shared by every parallel report;
- any papermill caller: ``papermill.execute_notebook(..., engine_name="kz-fork")`` (:class:`ForkEngine`,
  registered through the ``papermill.engine`` entry point in pyproject.toml) sends the notebook to a fork
  and gets the executed notebook back; parameters and metadata are papermill's own.

The fork server is single-threaded (it only imports and forks), so forking it is safe; the process that
asks for a report is never forked. Where fork servers do not exist (Windows), or with ``KZ_ENGINE=kernel``,
the build uses papermill's usual engine with a real kernel per report. JupyterLab always uses real kernels.
"""

from __future__ import annotations

import importlib
import io
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = [
    "NAME",
    "HERE",
    "PRELOAD",
    "ReportProcessDied",
    "enabled",
    "describe",
    "papermill_options",
    "start",
    "stop",
    "stop_all",
    "call",
    "CellTimeoutError",
]

#: The engine's name in papermill's registry (see [project.entry-points."papermill.engine"]).
NAME = "kz-fork"
#: The in-process engine a report process uses for its own notebook (registered only there).
HERE = "kz-here"
PRELOAD = ["helpers.reports._preload"]


class ReportProcessDied(RuntimeError):
    """The forked report process ended without sending its result back (crash, kill, out of memory)."""


def enabled() -> bool:
    """True when reports run in forks of a warm process; False means a fresh kernel per report."""
    return os.environ.get("KZ_ENGINE", "fork") != "kernel" and "forkserver" in multiprocessing.get_all_start_methods()


def describe() -> str:
    """How the kernel of a report was started, for the report footer."""
    if enabled():
        return (
            "in a process of its own, forked from a server that had already imported pandas, matplotlib, "
            "seaborn, papermill and helpers and read the processed tables (papermill engine kz-fork)"
        )
    return "in a fresh ipykernel started for this report (papermill's nbclient engine)"


def papermill_options(here: bool = False) -> dict[str, Any]:
    """Keyword arguments for ``papermill.execute_notebook`` selecting the engine.

    here=True (only inside a report process, see :func:`call`): execute in this very process."""
    if here:
        _register(HERE, _engines()["HereEngine"])
        return {"engine_name": HERE}
    if enabled():
        _register(NAME, _engines()["ForkEngine"])
        return {"engine_name": NAME}
    return {"kernel_manager_class": "helpers.reports.build.IPCKernelManager"}


def _register(name: str, engine: type) -> None:
    """Register an engine even when the package metadata (entry point) is stale, e.g. an old install."""
    from papermill.engines import papermill_engines

    if papermill_engines._engines.get(name) is not engine:
        papermill_engines.register(name, engine)


def _context() -> multiprocessing.context.BaseContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


# ---------------------------------------------------------------------------- the server and its forks (caller side)
_lock = threading.Lock()
_live: set[Any] = set()  # report processes running now (for stop_all)


def start() -> None:
    """Start the fork server now if it is not running; it imports and warms up while the caller goes on."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def stop() -> None:
    """Stop the fork server (the next :func:`start` or :func:`call` starts a fresh one); waits for nothing."""
    from multiprocessing import forkserver

    server = forkserver._forkserver
    with server._lock:
        pid = server._forkserver_pid
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)  # it may still be importing; it has no report of its own to finish
        except ProcessLookupError:
            pass
        server._stop_unlocked()


def stop_all() -> None:
    """Kill every report process still running (an interrupted build), and wait for them."""
    with _lock:
        running = list(_live)
    for proc in running:
        if proc.is_alive():
            proc.kill()
    for proc in running:
        proc.join()


def call(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a fresh fork of the warm server, seeing this process's environment as it is now.

    Returns what func returned; an exception func raised is raised here. Raises ReportProcessDied when the
    fork ends without an answer (os._exit, a crash, a kill). Safe to call from several threads at once."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_in_fork, args=(send, dict(os.environ), func, args), name="kz-report", daemon=False)
    with _lock:
        proc.start()
        _live.add(proc)
    send.close()
    try:
        try:
            payload = receive.recv_bytes()
        except EOFError:
            payload = b""
        except BaseException:  # interrupted while waiting: the fork must not go on alone
            proc.kill()
            raise
        finally:
            receive.close()
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()
    finally:
        with _lock:
            _live.discard(proc)
    if not payload:
        raise ReportProcessDied(f"the report process ended without a result (exit code {proc.exitcode})")
    ok, value = pickle.loads(payload)
    if ok:
        return value
    raise value


# ---------------------------------------------------------------------------- the forked side
_in_report_process = False


def _in_fork(conn: Any, environ: dict[str, str], func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run in the fork: adopt the caller's environment, call func, send back its result or its exception."""
    global _in_report_process
    _in_report_process = True
    try:
        _adopt(environ)
        outcome: tuple[bool, Any] = (True, func(*args))
    except Exception as exc:
        outcome = (False, exc)
    except BaseException as exc:  # KeyboardInterrupt, SystemExit: the report process was stopped
        outcome = (False, ReportProcessDied(f"the report process was stopped ({type(exc).__name__})"))
    try:
        payload = pickle.dumps(outcome)
    except Exception:  # an answer that cannot cross a pipe (a bug here, not in the notebook): say so
        payload = pickle.dumps((False, ReportProcessDied("kz-fork engine: " + traceback.format_exc()[-2000:])))
    conn.send_bytes(payload)
    conn.close()


def _adopt(environ: dict[str, str]) -> None:
    """The caller's environment as it is now (a kernel started now would get it), and paths derived from it."""
    import helpers.paths

    if environ != os.environ:
        os.environ.clear()
        os.environ.update(environ)
    importlib.reload(helpers.paths)


def __getattr__(name: str) -> Any:
    """ForkEngine and HereEngine, made on first use: building them imports papermill, which the process
    that only asks for reports (the build) never needs."""
    if name in ("ForkEngine", "HereEngine"):
        return _engines()[name]
    raise AttributeError(name)


@cache
def _engines() -> dict[str, type]:
    from papermill.engines import Engine, NotebookExecutionManager
    from papermill.exceptions import PapermillException

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

            options = {
                "output_path": nb_man.output_path,
                "autosave_cell_every": nb_man.autosave_cell_every,
                "start_time": nb_man.start_time,
                "timeout": execution_timeout or kwargs.get("timeout"),
                "allow_errors": bool(kwargs.get("allow_errors", False)),
            }
            executed = call(_execute, nbformat.writes(nb_man.nb), options)
            nb_man.nb = nbformat.reads(executed, as_version=4)
            _log_outputs(nb_man.nb, log_output, stdout_file, stderr_file)
            return nb_man.nb

    class HereEngine(Engine):
        """papermill engine: execute in this process. Only a report process (a fork, see :func:`call`) uses it."""

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
            """Execute every cell of ``nb_man.nb`` here, as papermill's client would."""
            if not _in_report_process:
                raise PapermillException(f"the {HERE} engine runs only inside a report process (engine.call)")
            # papermill saves the notebook at every cell's start and end, so that a watcher sees progress; the
            # build's output is a temporary file nobody watches (a third of a short report's time went there):
            # it is written once before the cells and once after them, with the same content as ever
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                _run_cells(nb_man, execution_timeout or kwargs.get("timeout"), bool(kwargs.get("allow_errors", False)))
            finally:
                nb_man.output_path = output_path
            _log_outputs(nb_man.nb, log_output, stdout_file, stderr_file)
            return nb_man.nb

    return {"ForkEngine": ForkEngine, "HereEngine": HereEngine}


def _log_outputs(nb: Any, log_output: bool, stdout_file: Any, stderr_file: Any) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                _log(out, log_output, stdout_file, stderr_file)


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


def _execute(nb_json: str, options: dict[str, Any]) -> str:
    """ForkEngine's fork: execute the notebook papermill sent, return it executed."""
    import nbformat
    from papermill.engines import NotebookExecutionManager

    nb = nbformat.reads(nb_json, as_version=4)
    nb_man = NotebookExecutionManager(
        nb,
        output_path=options["output_path"],
        progress_bar=False,
        autosave_cell_every=options["autosave_cell_every"],
    )
    nb_man.start_time = options["start_time"]
    _run_cells(nb_man, options["timeout"], options["allow_errors"])
    return nbformat.writes(nb_man.nb)


def _run_cells(nb_man: Any, timeout: float | None, allow_errors: bool) -> None:
    """Execute the cells in an IPython shell of this process, stopping at the first that raises."""
    nb = nb_man.nb
    shell = _shell()
    try:
        for index, cell in enumerate(nb.cells):
            nb_man.cell_start(cell, index)
            failed = False
            try:
                failed = _run_cell(shell, cell, timeout, allow_errors)
            finally:
                if failed:
                    nb_man.cell_exception(nb.cells[index], cell_index=index)
                nb_man.cell_complete(nb.cells[index], cell_index=index)
            if failed:
                break
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__  # what runs after the cells prints as usual
    from ipykernel.ipkernel import IPythonKernel

    nb.metadata["language_info"] = dict(IPythonKernel.language_info)


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
