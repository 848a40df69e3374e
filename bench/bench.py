"""`make bench`: every speed figure of the project in one run, with the ratios against the peer.

Runs in temporary copies of the project (your reports/ and data/ are left alone). Each timed figure is run
RUNS times (default 3; the rounds interleave ours and the peer's, so that a load that comes and goes hits
both): the table gives the median, min and max, and each ratio is taken within a round, then summarised.

  build   a cold `make reports` (all cores, `ARGS=--force`), a cold `build --force -j 1`, and the peer:
          ploomber-engine's serial in-process run of the same catalogue (bench/ploomber_serial.py; the
          `bench` extra, installed by `make bench`). Targets: <= 0.6x and <= 1.0x the peer's time.
  setup   a fresh `git clone` of this repository, then `make reports` in it (warm uv cache; bytecode
          compiled at install): target <= 45 s.
  growth  a cold build at 1x, 5x and 20x today's catalogue (place profiles over made-up towns,
          tests/fixtures/made_up_places), `add` and `clean` at 1x, 10x and 100x today's rows
          (bench_clean.scaled_raw), each with its peak memory (PSS summed over the process tree).
  more    (not with BENCH_QUICK) the by-hand papermill + nbconvert loop, serial and under xargs -P; a no-op
          `make reports`; a build after editing one notebook.

BENCH_QUICK=1: one run of each, 1x only, no fresh clone, no by-hand loops: a smoke run for CI (about a minute).
BENCH_RUNS=N sets the number of runs. Figures depend on the machine and its load: compare ratios from one run.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import shutil
import statistics
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
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
RUNS = int(os.environ.get("BENCH_RUNS") or (1 if QUICK else 3))
CATALOGUE_SCALES = (1,) if QUICK else (1, 5, 20)
ROW_SCALES = (1,) if QUICK else (1, 10, 100)
#: CPU seconds of the last timed() command's process tree (see timed)
CPU: list[float] = []
TARGETS = {"cold_vs_peer": 0.6, "cold1_vs_peer": 1.0, "setup_s": 45.0}
#: MADE-UP row for `add` (tests/fixtures/coding/report.txt is a made-up report): what a coder types.
ADD_SOURCE = "test-bench-2022-01-09"
ADD_ARGS = ["events", ADD_SOURCE, "event_type=arrests", "date_text=overnight", "place=Almaty", "actors=Police",
            "description=MADE UP for the benchmark.", "-sq", "Overnight, police"]  # fmt: skip


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class PeakMemory:
    """Poll a process tree and keep the peak of its summed PSS (shared pages counted once) and RSS."""

    def __init__(self, pid: int, every: float = 0.1):
        import psutil

        self.root, self.peak_pss, self.peak_rss, self.every = psutil.Process(pid), 0, 0, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            pss = rss = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            except psutil.Error:
                procs = [self.root]
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                pss, rss = pss + getattr(info, "pss", info.rss), rss + info.rss
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self._stop.wait(self.every)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.peak_pss / 2**20, self.peak_rss / 2**20


def timed(cmd: list[str], env: dict[str, str], cwd: Path, memory: bool = False) -> tuple[float, str, float]:
    """Run a command, fail loudly if it fails; return (seconds, stdout, peak PSS MB or 0).

    The CPU seconds of the whole process tree (user + system, every process it waited for) go to CPU[-1]:
    unlike the wall time, they barely change with the load other programs put on the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    probe = PeakMemory(proc.pid) if memory else None
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    pss = probe.stop()[0] if probe else 0.0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:6])} … failed:\n{out[-2000:]}\n{err[-2000:]}")
    return seconds, out, pss


class Figure:
    """The runs of one measurement: seconds, and the peak memory of the first run when it was probed."""

    def __init__(self, label: str):
        self.label, self.seconds, self.cpu, self.mb = label, [], [], 0.0

    def add(self, seconds: float, mb: float = 0.0) -> None:
        self.seconds.append(seconds)
        self.cpu.append(CPU[-1])
        self.mb = max(self.mb, mb)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def line(self) -> str:
        s = self.seconds
        mem = f"  peak {self.mb:5.0f} MB" if self.mb else ""
        cpu = statistics.median(self.cpu)
        return (f"  {self.label:<46} {self.median:8.2f} s  (min {min(s):.2f}, max {max(s):.2f}, n={len(s)})"
                f"  cpu {cpu:6.2f} s{mem}")  # fmt: skip


def ratio_line(label: str, ours: Figure, peer: Figure, target: float) -> str:
    """The ratio of medians, the range of the per-round ratios, and the verdict against the target."""
    each = [a / b for a, b in zip(ours.seconds, peer.seconds, strict=False)]
    r = ours.median / peer.median
    cpu = statistics.median(ours.cpu) / statistics.median(peer.cpu)
    return (f"  {label:<46} {r:8.2f} x  (per round {min(each):.2f}-{max(each):.2f}; cpu {cpu:.2f} x)  "
            f"target <= {target:.1f}x: {verdict(r <= target)}")  # fmt: skip


def copy_project(dst: Path, raw: Path | None = None) -> Path:
    """A throwaway copy with the Makefile, notebooks, raw and processed data and the catalogue."""
    shutil.copytree(paths.NOTEBOOKS, dst / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(raw or paths.RAW, dst / "data" / "raw")
    shutil.copytree(paths.PROCESSED, dst / "data" / "processed")
    (dst / "reports").mkdir()
    shutil.copy(paths.CATALOGUE, dst / "reports" / "reports.yml")
    shutil.copy(paths.ROOT / "Makefile", dst / "Makefile")
    shutil.copy(paths.ROOT / "uv.lock", dst / "uv.lock")
    (dst / "pyproject.toml").write_text("")
    return dst


def has_ploomber() -> bool:
    try:
        import ploomber_engine  # noqa: F401
    except ImportError:
        return False
    return True


def project_env(root: Path) -> dict[str, str]:
    env = {**os.environ, "KZ_PROJECT_ROOT": str(root), "PLOOMBER_STATS_ENABLED": "false"}
    env.pop("KZ_PROCESSED_DIR", None)
    return env


def scale_catalogue(root: Path, places: list[str]) -> Path:
    cat = root / "reports" / f"scale-{len(places)}.yml"
    body = {"reports": [{"name": "p", "notebook": "04-place-profile.ipynb", "title": "{place}",
                         "sweep": {"place": places}}]}  # fmt: skip
    cat.write_text(json.dumps(body))  # JSON is YAML
    return cat


# ---------------------------------------------------------------------------- the measurements
def build_vs_peer(tmp: Path, jobs: list, cores: int) -> dict[str, Figure]:
    """Cold make reports (all cores), cold build -j 1 and the peer, interleaved round by round."""
    root = copy_project(tmp / "project")
    env = project_env(root)
    make = ["make", "-s", "reports", f"ENV_PREFIX={BIN.parent}", f"JOBS={cores}", "ARGS=--force"]
    cmds = {"cold": make, "cold1": [sys.executable, "-m", "helpers", "build", "-j", "1", "--force"]}
    if has_ploomber():
        spec = [{"name": j.name, "notebook_path": str(root / "notebooks" / j.notebook), "parameters": j.parameters,
                 "cwd": str(root / "notebooks")} for j in jobs]  # fmt: skip
        (tmp / "jobs.json").write_text(json.dumps(spec))
        cmds["peer"] = [sys.executable, str(HERE / "ploomber_serial.py"), str(tmp / "jobs.json"), str(tmp / "pe")]
    else:
        print("  ploomber-engine is not installed (`make bench` installs the bench extra): no peer to compare")
    labels = {"cold": f"cold make reports (-j {cores}, --force)", "cold1": "cold build --force -j 1",
              "peer": "peer: ploomber-engine, serial, in-process"}  # fmt: skip
    figs = {k: Figure(labels[k]) for k in cmds}
    timed(make[:3] + make[3:5], env, root)  # stamps `make data`, fills the catalogue cache
    for i in range(RUNS):
        for key, cmd in cmds.items():
            secs, _, mb = timed(cmd, env, root, memory=(i == 0))
            figs[key].add(secs, mb)
        print("  round", i + 1, ", ".join(f"{k} {f.seconds[-1]:.2f} s" for k, f in figs.items()), flush=True)
    return figs


def fresh_setup(tmp: Path, cores: int) -> Figure:
    """git clone of this repository, then `make reports` in the clone (a new .venv from the warm uv cache)."""
    fig = Figure("fresh clone: make reports (setup + data + build)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KZ_", "VIRTUAL_ENV", "UV_PROJECT"))}
    for i in range(RUNS):
        clone = tmp / f"clone-{i}"
        subprocess.run(["git", "clone", "--quiet", str(paths.ROOT), str(clone)], check=True)
        secs, _, mb = timed(["make", "-s", "reports", f"JOBS={cores}"], env, clone, memory=(i == 0))
        fig.add(secs, mb)
        print(f"  fresh clone {i + 1}: {secs:.2f} s", flush=True)
        shutil.rmtree(clone, ignore_errors=True)
    return fig


def catalogue_growth(tmp: Path, base: int, cores: int) -> list[tuple[int, Figure]]:
    """Cold builds of made-up place-profile catalogues at 1x, 5x and 20x today's number of reports."""
    sys.path.insert(0, str(paths.ROOT / "tests" / "fixtures"))
    import made_up_places

    scale = copy_project(tmp / "scale")
    towns = made_up_places.write(scale / "data" / "raw", base * max(CATALOGUE_SCALES))
    env = project_env(scale)
    timed([sys.executable, "-m", "helpers", "clean"], env, scale)
    out = []
    for factor in CATALOGUE_SCALES:
        n = base * factor
        cat = scale_catalogue(scale, towns[:n])
        fig = Figure(f"cold build, {factor:>2}x catalogue ({n} reports, -j {cores})")
        cmd = [sys.executable, "-m", "helpers", "build", "-j", str(cores), "--force", "--catalogue", str(cat)]
        for i in range(RUNS):
            secs, _, mb = timed(cmd, env, scale, memory=(i == 0))
            fig.add(secs, mb)
        print(fig.line(), flush=True)
        out.append((n, fig))
    return out


def row_growth(tmp: Path) -> list[tuple[int, int, Figure, Figure]]:
    """`clean` and `add` on copies of data/raw whose claim tables are repeated 1x, 10x and 100x."""
    import bench_clean

    out = []
    home = tmp / "rows"  # a project root of its own, for clean's freshness stamps
    (home / "data").mkdir(parents=True)
    (home / "pyproject.toml").write_text("")
    env = {**project_env(home)}
    for factor in ROW_SCALES:
        raw = tmp / f"raw-{factor}"
        rows = bench_clean.scaled_raw(raw, factor)
        py = [sys.executable, "-m", "helpers"]
        report = paths.ROOT / "tests" / "fixtures" / "coding" / "report.txt"  # MADE UP
        timed([*py, "new-source", str(report), "--date", "2022-01-09", "--id", ADD_SOURCE, "--raw", str(raw)],
              env, tmp)  # fmt: skip
        clean, add = Figure(f"clean, {factor:>3}x rows ({rows} claim rows)"), Figure(f"add,   {factor:>3}x rows")
        for i in range(RUNS):
            out_dir = tmp / f"out-{factor}-{i}"
            secs, _, mb = timed([*py, "clean", "--raw", str(raw), "--out", str(out_dir)], env, tmp, memory=(i == 0))
            clean.add(secs, mb)
            secs, _, mb = timed([*py, "add", *ADD_ARGS, "--raw", str(raw)], env, tmp, memory=(i == 0))
            add.add(secs, mb)
        print(clean.line(), flush=True)
        print(add.line(), flush=True)
        out.append((factor, rows, clean, add))
        shutil.rmtree(raw, ignore_errors=True)
    return out


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


def more(tmp: Path, jobs: list, cores: int) -> list[str]:
    """By-hand loops (one run each: minutes), a no-op make reports, a build after editing one notebook."""
    root = tmp / "project"
    env = project_env(root)
    lines = []
    make = ["make", "-s", "reports", f"ENV_PREFIX={BIN.parent}", f"JOBS={cores}"]
    timed(make, env, root)
    noop = min(timed(make, env, root)[0] for _ in range(3))
    lines.append(f"  no-op make reports (best of 3)                 {noop:8.3f} s")
    nb = root / "notebooks" / "04-place-profile.ipynb"
    doc = json.loads(nb.read_text())
    doc["metadata"]["bench_touch"] = time.time()
    nb.write_text(json.dumps(doc, indent=1))
    touch, out, _ = timed([sys.executable, "-m", "helpers", "build", "-j", str(cores)], env, root)
    rerun = sorted(re.findall(r"\] ([\w-]+): ok", out))
    only = rerun == sorted(j.name for j in jobs if j.notebook == nb.name)
    lines.append(f"  after editing {nb.name}: {touch:.2f} s, re-ran only its {len(rerun)} reports: "
                 f"{'yes' if only else 'NO'}")  # fmt: skip
    for label, par in (("serial", 1), (f"xargs -P {cores}", cores)):
        folder = tmp / f"hand-{par}"
        folder.mkdir()
        script = tmp / f"hand-{par}.txt"
        script.write_text("\n".join(hand_commands(jobs, root, folder)) + "\n")
        cmd = ["bash", "-c", f"xargs -P {par} -d '\\n' -n 1 bash -c < {shlex.quote(str(script))}"]
        secs = timed(cmd, env, root)[0]
        lines.append(f"  by-hand papermill + nbconvert loop, {label:<11} {secs:8.2f} s")
        print(lines[-1], flush=True)
    return lines


def build_lines(build: dict[str, Figure], cores: int) -> list[str]:
    lines = [fig.line() for fig in build.values()]
    if "peer" in build:
        lines.append(ratio_line(f"cold make reports (-j {cores}) / peer", build["cold"], build["peer"],
                                TARGETS["cold_vs_peer"]))  # fmt: skip
        lines.append(ratio_line("cold build -j 1 / peer", build["cold1"], build["peer"], TARGETS["cold1_vs_peer"]))
    return lines


def main() -> int:
    """Run every measurement and print the figures, the ratios and the targets."""
    jobs = expand()
    n, cores = len(jobs), os.cpu_count() or 1
    mode = "BENCH_QUICK smoke run" if QUICK else "full run"
    print(f"bench: {n} reports in the catalogue, {cores} cores, {RUNS} run(s) per figure ({mode})", flush=True)
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as name:
        tmp = Path(name)
        print("build against the peer:", flush=True)
        build = build_vs_peer(tmp, jobs, cores)
        print("\n".join(build_lines(build, cores)), flush=True)
        setup = None if QUICK else fresh_setup(tmp, cores)
        print("growth:", flush=True)
        growth = catalogue_growth(tmp, n, cores)
        rows = row_growth(tmp)
        extra = [] if QUICK else more(tmp, jobs, cores)

    print(f"\n{n} reports, {cores} cores, {RUNS} run(s) each: median (min, max); machine load: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    print("build")
    print("\n".join(build_lines(build, cores)))
    if setup:
        print("fresh setup")
        print(setup.line() + f"   target <= {TARGETS['setup_s']:.0f} s: {verdict(setup.median <= TARGETS['setup_s'])}")
    print("growth with the catalogue")

    def grew(fig: Figure, first: Figure) -> str:
        wall, cpu = fig.median / first.median, statistics.median(fig.cpu) / statistics.median(first.cpu)
        return f"   x{wall:5.1f} wall, x{cpu:5.1f} cpu"

    for k, fig in growth:
        print(fig.line() + grew(fig, growth[0][1]) + f" for x{k // n} the reports")
    print("growth with the rows")
    for factor, _, clean, add in rows:
        print(clean.line() + grew(clean, rows[0][2]) + f" for x{factor} the rows")
        print(add.line() + grew(add, rows[0][3]) + f" for x{factor} the rows")
    if extra:
        print("more")
        print("\n".join(extra))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
