"""ploomber-engine's serial in-process run of a catalogue, for `make bench` (the peer the build is compared to).

Every report runs in this one interpreter, one after another, no kernel, no isolation; each executed notebook
is rendered to HTML without code, as the by-hand loop and the build do. Usage: ploomber_serial.py JOBS.json OUT
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    """Execute and render every job listed in the JSON file."""
    os.environ.setdefault("PLOOMBER_STATS_ENABLED", "false")  # ploomber-core's telemetry: off
    from nbconvert import HTMLExporter
    from ploomber_engine import execute_notebook

    jobs, out = json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    exporter.exclude_input = True
    for job in jobs:
        executed = out / f"{job['name']}.ipynb"
        nb = execute_notebook(
            job["notebook_path"], executed, parameters=job["parameters"], cwd=job["cwd"], progress_bar=False
        )
        body, _ = exporter.from_notebook_node(nb)
        (out / f"{job['name']}.html").write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
