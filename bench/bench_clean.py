"""Benchmark `clean` on 1x, 10x and 100x today's rows: wall time and peak memory (issue 11, point 9).

Each claim table of a temporary copy of data/raw (events, figures, measures, deployments, statements)
is repeated N times with unique ids; places and sources stay as they are. Each scale is cleaned in a
fresh process so that its peak resident memory (ru_maxrss) is its own; the import cost is measured
too, so the table shows what cleaning itself adds. data/raw is only read.

Run: .venv/bin/python bench/bench_clean.py [--scales 1 10 100] [--repeat 1]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import paths
from helpers.data import schemas

CLAIMS = ("events", "figures", "measures", "deployments", "statements")

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from helpers.clean.run import clean
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
if sys.argv[1] != "-":
    clean(Path(sys.argv[1]), Path(sys.argv[2]))
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import_s": t1 - t0, "clean_s": t2 - t1, "import_kb": imported, "peak_kb": peak}))
"""


def scaled_raw(dst: Path, factor: int) -> int:
    """A copy of data/raw with every claim table repeated `factor` times; returns the number of claim rows."""
    shutil.copytree(paths.RAW, dst)
    total = 0
    for name in CLAIMS:
        key = schemas.RAW[name].primary_key
        with open(paths.RAW / f"{name}.csv", newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
            header = list(rows[0]) if rows else []
        with open(dst / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for i in range(factor):
                for row in rows:
                    writer.writerow({**row, key: row[key] if i == 0 else f"{row[key]}-X{i}"})
                    total += 1
    return total


def run_child(raw: Path | None, out: Path | None) -> dict[str, float]:
    """One clean in a fresh interpreter; its timings and peak memory."""
    args = [str(raw), str(out)] if raw else ["-", "-"]
    run = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"clean failed:\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Print a table: scale, claim rows, raw MB, clean seconds, peak MB (and what cleaning added)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=1, help="runs per scale; the fastest is shown")
    args = ap.parse_args(argv)
    base = run_child(None, None)
    print(f"import only: {base['import_s']:.2f} s, {base['peak_kb'] / 1024:.0f} MB resident")
    print(f"{'scale':>6} {'rows':>8} {'raw MB':>7} {'clean s':>8} {'peak MB':>8} {'added MB':>9}")
    with tempfile.TemporaryDirectory(prefix="kz-bench-clean-") as tmp:
        for factor in args.scales:
            raw = Path(tmp) / f"raw-{factor}"
            rows = scaled_raw(raw, factor)
            size = sum(p.stat().st_size for p in raw.glob("*.csv")) / 1e6
            best: dict[str, float] | None = None
            for i in range(args.repeat):
                res = run_child(raw, Path(tmp) / f"out-{factor}-{i}")
                best = res if best is None or res["clean_s"] < best["clean_s"] else best
            assert best is not None
            peak = best["peak_kb"] / 1024
            added = (best["peak_kb"] - best["import_kb"]) / 1024
            print(f"{factor:>5}x {rows:>8} {size:>7.2f} {best['clean_s']:>8.2f} {peak:>8.0f} {added:>9.0f}")
            shutil.rmtree(raw)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
