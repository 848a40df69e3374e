"""Benchmark the coding commands (issue 21.2 and 22.6): `quote` and `add` on the real data, and a 1 MB source.

Runs in a temporary copy of data/raw (data/raw is only read) and prints, for each command, the median,
min and max wall time of `--repeat` runs (default 3) in fresh processes, with the peak resident memory:
  - quote: the first words of the first source's text;                      target <= 1.0 s
  - add, refused row (a figure with an unknown place);                       target <= 1.5 s
  - add, accepted row (a copy of the first figure under a new id, -q @it);   target <= 1.5 s
  - new-source and quote with a MADE-UP 1 MB source (made here, never kept), and the size limit.

Run: .venv/bin/python bench/bench_coding.py [--repeat 3] [--no-big]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import paths
from helpers.files import MAX_SOURCE_BYTES

TARGETS = {"quote": 1.0, "add (refused)": 1.5, "add (accepted)": 1.5}

#: Runs `python -m helpers ARGS` in this process and prints wall time and peak memory as JSON on stderr.
CHILD = r"""
import json, resource, runpy, sys, time
t0 = time.perf_counter()
sys.argv = ["helpers", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("helpers", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("BENCH " + json.dumps({"s": time.perf_counter() - t0, "mb": peak, "code": code}), file=sys.stderr)
"""


def timed(args: list[str]) -> dict[str, float]:
    """One fresh process running `python -m helpers args`: wall seconds (process start included), peak MB."""
    import time

    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    line = next((x for x in proc.stderr.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"bench_coding: {' '.join(args)} failed:\n{proc.stderr}")
    out = json.loads(line[6:])
    return {"s": wall, "mb": out["mb"], "code": out["code"]}


def row(name: str, runs: list[dict[str, float]], target: float | None = None) -> str:
    times = [r["s"] for r in runs]
    med = statistics.median(times)
    verdict = "" if target is None else f"  target <= {target:.1f} s: {'met' if med <= target else 'NOT met'}"
    return (
        f"{name:28s} median {med:6.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})  "
        f"peak {max(r['mb'] for r in runs):5.0f} MB{verdict}"
    )


def first_row(path: Path) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def made_up_text(size: int) -> str:
    """MADE-UP report text of about `size` bytes, dense with numbers, dates and names (the worst case)."""
    places = ("Testville", "Almaty", "Aktobe", "Shymkent")
    parts, total, i = ["MADE UP: a one-megabyte test report (invented for the benchmark, not data)\n"], 0, 0
    while total < size:
        i += 1
        s = (
            f"On Monday {i % 28 + 1} January, police in {places[i % 4]} said {i * 7 % 5000 + 2} people were "
            f"detained and about {i % 90 + 2} injured, the Interior Ministry said. "
        )
        s += "\n\n" if i % 5 == 0 else ""
        parts.append(s)
        total += len(s)
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-big", action="store_true", help="skip the 1 MB source")
    opts = ap.parse_args()
    print(f"coding commands on {paths.rel(paths.RAW)} (a temporary copy), {opts.repeat} runs each, fresh processes")
    with tempfile.TemporaryDirectory(prefix="kz-bench-coding-") as tmp:
        raw = Path(tmp) / "data" / "raw"
        shutil.copytree(paths.RAW, raw, symlinks=True)
        source = first_row(raw / "sources.csv")
        sid = source["source_id"]
        words = " ".join((raw / source["file"]).read_text(encoding="utf-8-sig").split()[:4])
        figure = first_row(raw / "figures.csv")
        quote = ["quote", sid, words, "--raw", str(raw)]
        refused = [
            "add",
            "figures",
            sid,
            "--like",
            figure["figure_id"],
            "place=Atlantis",
            "-q",
            "@" + figure["figure_id"],
        ]
        results = {
            "quote": [timed(quote) for _ in range(opts.repeat)],
            "add (refused)": [timed([*refused, "--raw", str(raw)]) for _ in range(opts.repeat)],
        }
        accepted = []
        for i in range(opts.repeat):
            args = ["add", "figures", sid, "--like", figure["figure_id"], "--id", f"BENCH-F{i}"]
            accepted.append(timed([*args, "-q", "@" + figure["figure_id"], "--raw", str(raw)]))
        results["add (accepted)"] = accepted
        for name, runs in results.items():
            print(row(name, runs, TARGETS[name]))
            assert all(r["code"] == (1 if "refused" in name else 0) for r in runs), (name, runs)
        if not opts.no_big:
            big = Path(tmp) / "big.txt"
            big.write_text(made_up_text(1_000_000), encoding="utf-8")
            size = big.stat().st_size
            new = ["new-source", str(big), "--date", "2022-01-09", "--id", "BENCH-BIG", "--raw", str(raw)]
            print(f"a MADE-UP source of {size:,} bytes (size limit: {MAX_SOURCE_BYTES:,} bytes):")
            print(row("  new-source 1 MB", [timed(new)]))
            print(
                row("  quote in 1 MB", [timed(["quote", "BENCH-BIG", "police in Testville said 9", "--raw", str(raw)])])
            )
            over = Path(tmp) / "over.txt"
            over.write_text(made_up_text(MAX_SOURCE_BYTES + 1000), encoding="utf-8")
            refused_big = timed(
                ["new-source", str(over), "--date", "2022-01-09", "--id", "BENCH-OVER", "--raw", str(raw)]
            )
            print(
                row(f"  new-source {over.stat().st_size / 1e6:.1f} MB", [refused_big]) + "  (refused: over the limit)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
