"""`make bench`: time the report build against what a user would do instead, in one run, and check the targets.

Runs in a temporary copy of the project (your reports/ are left alone) and prints:
  (a) the by-hand serial loop: papermill CLI, then `jupyter nbconvert --to html --no-input`, report after report;
  (b) the same loop run in parallel on all cores with `xargs -P`;
  (c) a cold `python -m helpers build -j <cores>`, with the peak memory of the whole process tree;
  (d) ploomber-engine's serial in-process run of the same catalogue (the `bench` extra; skipped if missing);
  (e) a cold build on one core, for the per-report overhead over in-process execution (e vs d);
  (f) a no-op `make reports`;  (g) a build after editing one notebook (which reports re-ran);
  (h) growth: a catalogue of place profiles over made-up towns (tests/fixtures/made_up_places), 25 to 200 reports.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers import paths
from helpers.reports.catalogue import expand

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
TARGETS = {"vs_serial": 15.0, "vs_parallel": 8.0, "overhead": 0.1, "noop": 0.3, "memory_mb": 1024.0}


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class PeakMemory:
    """Poll a process tree and keep the peak of its summed PSS (shared pages counted once) and RSS."""

    def __init__(self, pid: int):
        import psutil

        self.root, self.peak_pss, self.peak_rss = psutil.Process(pid), 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            pss = rss = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                pss, rss = pss + getattr(info, "pss", info.rss), rss + info.rss
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self._stop.wait(0.1)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.peak_pss / 2**20, self.peak_rss / 2**20


def timed(cmd: list[str], env: dict[str, str], cwd: Path, memory: bool = False) -> tuple[float, str, float, float]:
    """Run a command, fail loudly if it fails; return (seconds, stdout, peak PSS MB, peak RSS MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    probe = PeakMemory(proc.pid) if memory else None
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    pss, rss = probe.stop() if probe else (0.0, 0.0)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:5])} … failed:\n{out[-2000:]}\n{err[-2000:]}")
    return seconds, out, pss, rss


def copy_project(dst: Path) -> Path:
    """A throwaway copy with the Makefile, notebooks, raw and processed data and the catalogue."""
    shutil.copytree(paths.NOTEBOOKS, dst / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(paths.RAW, dst / "data" / "raw")
    shutil.copytree(paths.PROCESSED, dst / "data" / "processed")
    (dst / "reports").mkdir()
    shutil.copy(paths.CATALOGUE, dst / "reports" / "reports.yml")
    shutil.copy(paths.ROOT / "Makefile", dst / "Makefile")
    shutil.copy(paths.ROOT / "uv.lock", dst / "uv.lock")
    (dst / "pyproject.toml").write_text("")
    return dst


def hand_commands(jobs: list, root: Path, out: Path) -> list[str]:
    """One shell line per report: what a user writes by hand (papermill CLI, then nbconvert CLI)."""
    lines = []
    for job in jobs:
        pm = [str(BIN / "papermill"), "--log-level", "ERROR", "-k", "python3", "--cwd", str(root / "notebooks")]
        for k, v in job.parameters.items():
            pm += ["-y", json.dumps({k: v})]
        executed = out / f"{job.name}.ipynb"
        pm += [str(root / "notebooks" / job.notebook), str(executed)]
        nbc = [str(BIN / "jupyter"), "nbconvert", "--log-level", "ERROR", "--to", "html", "--no-input", str(executed)]
        lines.append(f"{shlex.join(pm)} && {shlex.join(nbc)}")
    return lines


def has_ploomber() -> bool:
    try:
        import ploomber_engine  # noqa: F401
    except ImportError:
        return False
    return True


def scale_catalogue(root: Path, places: list[str]) -> Path:
    cat = root / "reports" / f"scale-{len(places)}.yml"
    body = {"reports": [{"name": "p", "notebook": "04-place-profile.ipynb", "title": "{place}",
                         "sweep": {"place": places}}]}  # fmt: skip
    cat.write_text(json.dumps(body))  # JSON is YAML
    return cat


def main() -> int:
    """Run every measurement and print the figures and targets."""
    jobs = expand()
    n, cores = len(jobs), os.cpu_count() or 1
    print(f"bench: {n} reports in the catalogue, {cores} cores", flush=True)
    fig: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        root = copy_project(Path(tmp) / "project")
        env = {**os.environ, "KZ_PROJECT_ROOT": str(root), "PLOOMBER_STATS_ENABLED": "false"}
        env.pop("KZ_PROCESSED_DIR", None)
        build = [sys.executable, "-m", "helpers", "build"]

        # (c) cold build on all cores; the same build again under a memory probe (polling slows it a little,
        # so it is timed apart); (e) cold build on one core
        timed([sys.executable, "-m", "helpers", "list"], env, root)  # compile caches, catalogue cache
        fig["cold"], *_ = timed([*build, "-j", str(cores), "--force"], env, root)
        print(f"  (c) cold build (-j {cores}): {fig['cold']:.2f} s", flush=True)
        _, _, fig["pss"], fig["rss"] = timed([*build, "-j", str(cores), "--force"], env, root, memory=True)
        print(f"  (c) peak memory: {fig['pss']:.0f} MB PSS, {fig['rss']:.0f} MB RSS summed", flush=True)
        fig["cold1"], *_ = timed([*build, "-j", "1", "--force"], env, root)
        print(f"  (e) cold build (-j 1): {fig['cold1']:.2f} s", flush=True)

        # (d) ploomber-engine, serial, in-process
        if has_ploomber():
            spec = [{"name": j.name, "notebook_path": str(root / "notebooks" / j.notebook), "parameters": j.parameters,
                     "cwd": str(root / "notebooks")} for j in jobs]  # fmt: skip
            (Path(tmp) / "jobs.json").write_text(json.dumps(spec))
            fig["ploomber"], *_ = timed(
                [sys.executable, str(HERE / "ploomber_serial.py"), str(Path(tmp) / "jobs.json"), str(Path(tmp) / "pe")],
                env,
                root,
            )
            print(f"  (d) ploomber-engine serial in-process: {fig['ploomber']:.2f} s", flush=True)
        else:
            print("  (d) ploomber-engine is not installed (`make bench` installs the bench extra): skipped")

        # (f) no-op make reports (after one make reports has stamped the clean)
        make = ["make", "-s", "reports", f"ENV_PREFIX={BIN.parent}", f"JOBS={cores}"]
        timed(make, env, root)
        fig["noop"] = min(timed(make, env, root)[0] for _ in range(3))
        print(f"  (f) no-op make reports: {fig['noop']:.3f} s", flush=True)

        # (g) one changed notebook
        nb = root / "notebooks" / "04-place-profile.ipynb"
        doc = json.loads(nb.read_text())
        doc["metadata"]["bench_touch"] = time.time()
        nb.write_text(json.dumps(doc, indent=1))
        fig["touch"], out, *_ = timed([*build, "-j", str(cores)], env, root)
        rerun = sorted(re.findall(r"\] ([\w-]+): ok", out))
        expected = sorted(j.name for j in jobs if j.notebook == nb.name)

        # (a) and (b): the by-hand loops
        hand = hand_commands(jobs, root, Path(tmp) / "hand-serial")
        (Path(tmp) / "hand-serial").mkdir()
        t0 = time.perf_counter()
        for i, line in enumerate(hand, 1):
            timed(["bash", "-c", line], env, root)
            print(f"  (a) {i}/{n}", end="\r", flush=True)
        fig["serial"] = time.perf_counter() - t0
        print(f"  (a) by-hand serial loop: {fig['serial']:.2f} s", flush=True)
        (Path(tmp) / "hand-par").mkdir()
        script = Path(tmp) / "hand-par.txt"
        script.write_text("\n".join(hand_commands(jobs, root, Path(tmp) / "hand-par")) + "\n")
        fig["parallel"], *_ = timed(
            ["bash", "-c", f"xargs -P {cores} -d '\\n' -n 1 bash -c < {shlex.quote(str(script))}"], env, root
        )
        print(f"  (b) by-hand loop, xargs -P {cores}: {fig['parallel']:.2f} s", flush=True)

        # (h) growth with the number of reports: place profiles over made-up towns
        sys.path.insert(0, str(paths.ROOT / "tests" / "fixtures"))
        import made_up_places

        scale = copy_project(Path(tmp) / "scale")
        towns = made_up_places.write(scale / "data" / "raw", 200)
        senv = {**env, "KZ_PROJECT_ROOT": str(scale)}
        timed([sys.executable, "-m", "helpers", "clean"], senv, scale)
        growth = []
        for size in (25, 50, 100, 200):
            cat = scale_catalogue(scale, towns[:size])
            secs, *_ = timed([*build, "-j", str(cores), "--force", "--catalogue", str(cat)], senv, scale)
            growth.append((size, secs))
            print(f"  (h) {size} made-up place profiles: {secs:.2f} s", flush=True)

    only = rerun == expected
    per_report = (fig["cold1"] - fig["ploomber"]) / n if "ploomber" in fig else None
    print()
    print(f"{n} reports, {cores} cores")
    print(f"(a) by-hand serial loop (papermill CLI + nbconvert CLI)    : {fig['serial']:8.2f} s")
    print(f"(b) by-hand loop in parallel (xargs -P {cores})               : {fig['parallel']:8.2f} s")
    print(f"(c) cold build (-j {cores})                                    : {fig['cold']:8.2f} s")
    if "ploomber" in fig:
        ok = fig["cold"] <= fig["ploomber"]
        print(f"(d) ploomber-engine serial in-process                      : {fig['ploomber']:8.2f} s   "
              f"cold build no slower: {verdict(ok)}")  # fmt: skip
    else:
        print("(d) ploomber-engine serial in-process                      :  skipped (not installed)")
    print(f"(e) cold build (-j 1)                                      : {fig['cold1']:8.2f} s")
    a_c, b_c = fig["serial"] / fig["cold"], fig["parallel"] / fig["cold"]
    print(f"speed-up over (a) = {a_c:5.1f}x   target >= {TARGETS['vs_serial']:.0f}x: "
          f"{verdict(a_c >= TARGETS['vs_serial'])}")  # fmt: skip
    print(f"speed-up over (b) = {b_c:5.1f}x   target >= {TARGETS['vs_parallel']:.0f}x: "
          f"{verdict(b_c >= TARGETS['vs_parallel'])}")  # fmt: skip
    if per_report is not None:
        print(f"per-report overhead over in-process ((e - d) / {n}) = {per_report:.3f} s   target <= 0.1 s: "
              f"{verdict(per_report <= TARGETS['overhead'])}")  # fmt: skip
    print(f"(f) no-op make reports = {fig['noop']:.3f} s   target <= 0.3 s: {verdict(fig['noop'] <= TARGETS['noop'])}")
    print(f"peak memory of the -j {cores} build = {fig['pss']:.0f} MB (PSS, shared pages once; RSS sum "
          f"{fig['rss']:.0f} MB)   target <= 1024 MB: {verdict(fig['pss'] <= TARGETS['memory_mb'])}")  # fmt: skip
    print(f"(g) after editing {nb.name}: {fig['touch']:.2f} s, re-executed only its reports: "
          f"{'yes' if only else 'NO'} ({len(rerun)}: {', '.join(rerun)})")  # fmt: skip
    base_n, base_s = growth[0]
    print("(h) growth: " + ", ".join(f"{k} reports {s:.1f} s" for k, s in growth)
          + f"; per report beyond {base_n}: {(growth[-1][1] - base_s) / (growth[-1][0] - base_n):.3f} s")  # fmt: skip
    return 0 if only else 1


if __name__ == "__main__":
    raise SystemExit(main())
