"""Benchmark the report build against the loop a user would write by hand, in one run.

(a) papermill CLI then `jupyter nbconvert --to html --no-input`, one report after another;
(b) a cold `python -m helpers build`;  (c) a no-op build;  (d) a build after editing one notebook.
Runs in a temporary copy of the project so that your reports/ are left alone. Prints each time and the
ratios a/b and b/c. Targets: a/b >= 4, (c) under 0.5 s, (d) re-executes only that notebook's reports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers import paths
from helpers.catalogue import expand

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Run a command, fail loudly if it fails, return (seconds, stdout)."""
    t0 = time.perf_counter()
    run = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if run.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} … failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return seconds, run.stdout


def copy_project(dst: Path) -> Path:
    """A throwaway copy with the notebooks, processed data and catalogue."""
    shutil.copytree(paths.NOTEBOOKS, dst / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(paths.PROCESSED, dst / "data" / "processed")
    (dst / "reports").mkdir()
    shutil.copy(paths.CATALOGUE, dst / "reports" / "reports.yml")
    (dst / "pyproject.toml").write_text("")
    return dst


def main() -> int:
    """Run the four measurements and print the figures."""
    jobs = expand()
    workers = os.cpu_count() or 1
    print(f"bench: {len(jobs)} reports in the catalogue, {workers} cores")
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        root = copy_project(Path(tmp))
        env = {**os.environ, "KZ_PROJECT_ROOT": str(root)}
        env.pop("KZ_PROCESSED_DIR", None)

        # (a) the hand-written loop
        out = root / "hand"
        out.mkdir()
        t0 = time.perf_counter()
        for i, job in enumerate(jobs, 1):
            args = [str(BIN / "papermill"), "--log-level", "ERROR", "-k", "python3", "--cwd", str(root / "notebooks")]
            for k, v in job.parameters.items():
                args += ["-y", json.dumps({k: v})]
            timed([*args, str(root / "notebooks" / job.notebook), str(out / f"{job.name}.ipynb")], env, root)
            timed(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out / f"{job.name}.ipynb")],
                env,
                root,
            )
            print(f"  (a) {i}/{len(jobs)} {job.name}", flush=True)
        a = time.perf_counter() - t0

        build = [sys.executable, "-m", "helpers", "build", "-j", str(workers)]
        b, _ = timed(build, env, root)
        print(f"  (b) cold build done in {b:.1f}s", flush=True)
        c, _ = timed(build, env, root)
        nb = root / "notebooks" / "04-place-profile.ipynb"
        doc = json.loads(nb.read_text())
        doc["metadata"]["bench_touch"] = time.time()
        nb.write_text(json.dumps(doc, indent=1))
        d, d_out = timed(build, env, root)
        rerun = sorted(re.findall(r"\] ([\w-]+): ok", d_out))
        expected = sorted(j.name for j in jobs if j.notebook == nb.name)

    print()
    print(f"(a) papermill CLI + nbconvert CLI loop : {a:8.2f} s")
    print(f"(b) cold build (-j {workers})              : {b:8.2f} s")
    print(f"(c) no-op build                        : {c:8.2f} s   target < 0.5 s: {'met' if c < 0.5 else 'NOT met'}")
    print(f"(d) build after editing {nb.name}: {d:8.2f} s   re-executed {len(rerun)} report(s)")
    print(f"ratio a/b = {a / b:6.1f}   target >= 4: {'met' if a / b >= 4 else 'NOT met'}")
    print(f"ratio b/c = {b / c:6.1f}")
    only = rerun == expected
    print(f"(d) re-executed only {nb.name}'s reports: {'yes' if only else 'NO'} ({', '.join(rerun)})")
    return 0 if only else 1


if __name__ == "__main__":
    raise SystemExit(main())
