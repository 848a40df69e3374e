"""Imported once by the report engine's fork server, so that every report forked from it starts warm.

Only imports: nothing here reads data, changes options or starts a thread. A notebook that imports these
modules itself gets the same module objects, with the same import-time effects it would have in a kernel.
The fork server selects matplotlib's Agg backend for itself (no GUI, no threads); the helpers never select
a backend.
"""

from __future__ import annotations

from helpers.reports.lean import skip_unused_imports

skip_unused_imports()  # before nbformat is imported (see helpers.reports.lean)

import os  # noqa: E402

# Agg in the fork server (no GUI toolkit, no threads: safe to fork), through the variable matplotlib reads when
# it is first imported: never matplotlib.use(), which would switch the backend of a kernel that imports this
# (a kernel sets MPLBACKEND itself, so there this line does nothing).
os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402,F401
import matplotlib.pyplot  # noqa: E402,F401
import nbformat  # noqa: E402,F401
import numpy  # noqa: E402,F401
import pandas  # noqa: E402,F401
import pandera.pandas  # noqa: E402,F401
import papermill  # noqa: E402,F401
import seaborn  # noqa: E402,F401
from ipykernel.ipkernel import IPythonKernel  # noqa: E402,F401  (its language_info)
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402,F401

import helpers.data.tables  # noqa: E402,F401
import helpers.page.params  # noqa: E402,F401
import helpers.page.plots  # noqa: E402,F401
import helpers.reports.engine  # noqa: E402,F401
import helpers.views  # noqa: E402,F401
