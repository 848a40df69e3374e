"""Imported once by the report engine's fork server, so that every report forked from it starts warm.

Two steps, both paid once per build instead of once per report:

1. imports: what every report uses (pandas, matplotlib with the Agg backend, seaborn, papermill, nbconvert,
   IPython and the helpers a notebook imports). pandera is not among them: the processed tables carry the
   hashes `make data` validated (datapackage.json), so a report validates nothing unless they changed;
2. a warm-up that changes no state a report can see: read the processed tables into helpers.load()'s
   cache (a fork shares those pages read-only; a changed file has another cache key and is read again),
   render a made-up executed notebook to a page (nbconvert builds its exporter and compiles its
   templates once, not in every fork: about 0.5 s per report), and draw one figure outside pyplot inside
   an rc_context (matplotlib loads its fonts once). Then gc.freeze(), so that no fork's garbage collector
   walks, and so copies, the server's objects.

Nothing here starts a thread, prints, or changes options, rcParams, the environment or the working
directory; a failing warm-up step is skipped (the report that needs it then does it, and reports why).
"""

from __future__ import annotations

from helpers.reports.lean import skip_unused_imports

__all__ = ["warm_up", "WARM_UP_FAILED"]

skip_unused_imports()  # before nbformat is imported (see helpers.reports.lean)

import os  # noqa: E402

# Agg in the fork server (no GUI toolkit, no threads: safe to fork), through the variable matplotlib reads when
# it is first imported: never matplotlib.use(), which would switch the backend of a kernel that imports this
# (a kernel sets MPLBACKEND itself, so there this line does nothing).
os.environ.setdefault("MPLBACKEND", "agg")  # the name matplotlib itself picks on a headless machine

import matplotlib  # noqa: E402
import matplotlib.pyplot  # noqa: E402,F401
import nbformat  # noqa: E402,F401
import numpy  # noqa: E402,F401
import pandas  # noqa: E402,F401
import papermill  # noqa: E402,F401
import seaborn  # noqa: E402,F401
from ipykernel.ipkernel import IPythonKernel  # noqa: E402,F401  (its language_info)
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402,F401

import helpers.data.tables  # noqa: E402,F401
import helpers.page.params  # noqa: E402,F401
import helpers.page.plots  # noqa: E402,F401
import helpers.reports.build  # noqa: E402,F401
import helpers.reports.engine  # noqa: E402,F401
import helpers.reports.render  # noqa: E402,F401
import helpers.views  # noqa: E402,F401


def _tables() -> None:
    helpers.data.tables.load()


def _page() -> None:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from helpers.reports.render import report_html

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    cell = new_code_cell("x = 1", execution_count=1)
    cell.outputs = [
        new_output("stream", name="stdout", text="made up\n"),
        new_output("display_data", data={"text/html": "<p>made&nbsp;up &amp; &lt;warm&gt;</p>", "image/png": png}),
        new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
    ]
    text = "# Made up\n\n## One\n\nA *page* &amp; [a link](#one) to warm the templates."
    nb = new_notebook(cells=[new_markdown_cell(text), cell])
    nbformat.validate(nb)
    meta = {"name": "warm-up", "title": "Made up", "notebook": "warm-up.ipynb", "parameters": {}, "commit": "-",
            "data_hash": "-", "built": "-", "kernel": "-"}  # fmt: skip
    report_html(nbformat.reads(nbformat.writes(nb), as_version=4), meta)


def _fonts() -> None:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        fig = Figure(figsize=(3, 2))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], label="made up")
        ax.set_title("Made up", fontweight="bold")
        ax.set_xlabel("x")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")


def warm_up() -> list[str]:
    """Run each warm-up step; return the names of those that failed (for the tests)."""
    import contextlib
    import gc
    import io
    import warnings

    failed = []
    for step in (_tables, _page, _fonts):
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):  # fmt: skip
                warnings.simplefilter("ignore")
                step()
        except Exception:  # the report that needs this step does it again, and says what is wrong
            failed.append(step.__name__)
    gc.collect()
    gc.freeze()
    return failed


WARM_UP_FAILED = warm_up()
