"""Reading and writing tables: raw CSVs with schema checks, processed CSV text, and the one safe folder swap."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.clean import readers
from helpers.clean.context import Context
from helpers.clean.readers import LINE, read_raw_csv
from helpers.data import schemas
from helpers.errors import DataError, OutputError
from helpers.files import umask

__all__ = ["read_raw", "processed_names", "check_output", "recover", "remove_tree", "swap_folder"]


def read_raw(raw_dir: Path, ctx: Context) -> dict[str, pd.DataFrame]:
    """Every raw table, with structural and schema problems added to ctx."""
    frames: dict[str, pd.DataFrame] = {}
    for name, table in schemas.RAW.items():
        path = raw_dir / f"{name}.csv"
        if path.is_symlink() and paths.inside(raw_dir, path.name) is None:  # never read through a link out
            frame = readers._empty(table.columns)
            errs = [DataError(paths.rel(path), 0, "*", "", "a link out of data/raw: raw files are read only inside it")]
        else:
            frame, errs = read_raw_csv(path, table.columns, table.may_be_absent)
        if name in schemas.OPTIONAL and not path.is_file():
            errs = []  # an optional table may be absent: no rows
        ctx.errors.extend(errs)
        if not errs:
            _schema_errors(frame, table, path, ctx)
        frames[name] = frame
    return frames


def _schema_errors(frame: pd.DataFrame, table: schemas.Table, path: Path, ctx: Context) -> None:
    """Run the raw pandera schema lazily and turn each failure case into a DataError."""
    key = f"raw:{table.name}:{hashlib.sha256(path.read_bytes()).hexdigest()}" if path.is_file() else ""
    if key in ctx.schema_valid:  # these very bytes passed this schema before: the result is the same
        return
    import pandera.errors  # imported here: notebooks read processed tables without paying for pandera

    try:
        schemas.raw_schema(table).validate(frame, lazy=True)
        if key:
            ctx.schema_valid.add(key)
    except pandera.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            column = str(case.get("column") or "*")
            check = str(case.get("check"))
            idx = case.get("index")
            line = int(frame.at[idx, LINE]) if idx is not None and not pd.isna(idx) else 1
            value = case.get("failure_case")
            value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            rule = {
                "not_nullable": "a value is required",
                "field_uniqueness": "duplicate id: must be unique",
            }.get(check, check)
            ctx.errors.append(DataError(paths.rel(path), line, column, value, rule))


def processed_names() -> set[str]:
    """The files `clean` writes: one CSV per processed table and datapackage.json."""
    return {f"{name}.csv" for name in schemas.PROCESSED} | {"datapackage.json"}


def check_output(out_dir: Path, raw_dir: Path = paths.RAW, names: set[str] | None = None) -> None:
    """Refuse an output folder that `clean` would damage by replacing it; raise OutputError saying why.

    `clean` replaces the whole folder, so it must be the processed set and nothing else: never the
    project root, data/raw or a folder above them, never a folder inside data/raw, never a symlink,
    and never a folder holding files that `clean` did not write (they are named in the message).
    """
    shown = paths.rel(out_dir)
    out = Path(out_dir).resolve()
    for label, protected in (
        ("the project root", paths.ROOT),
        ("the raw data folder", raw_dir),
        ("data/raw", paths.RAW),
    ):
        protected = Path(protected).resolve()
        if out == protected or protected.is_relative_to(out):
            raise OutputError(
                f"{shown} is or contains {label}; clean replaces its output folder, so it refuses this one"
            )
        if out.is_relative_to(protected) and label != "the project root":
            raise OutputError(f"{shown} lies inside {label}, which code never writes")
    if Path(out_dir).is_symlink():
        raise OutputError(f"{shown} is a symbolic link; give the folder itself")
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError(f"{shown} exists and is not a folder")
    allowed = names if names is not None else processed_names()
    foreign = sorted(
        p.name + ("/" if p.is_dir() else "") for p in out.iterdir() if p.name not in allowed or not p.is_file()
    )
    if foreign:
        listed = ", ".join(foreign[:10]) + (f" and {len(foreign) - 10} more" if len(foreign) > 10 else "")
        raise OutputError(
            f"{shown} holds files that clean did not write ({listed}); clean replaces the whole folder, "
            "so move them away or choose an empty or new folder"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SWAP_DIR = re.compile(r"^\.(?P<name>.+)-(?P<kind>old|new)-(?P<pid>\d+)(?:-[^/]*)?$")


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that a killed `clean` left half done (names carry the pid that made them).

    A `.<name>-old-<pid>` folder of a dead process is put back when out_dir is missing (the kill landed
    between the two renames), else removed; a `.<name>-new-<pid>-*` folder of a dead process is removed.
    Only folders that hold nothing but the processed set are touched.
    """
    parent = out_dir.parent
    if not parent.is_dir():
        return
    allowed = processed_names()
    leftovers = []
    for entry in parent.iterdir():
        m = _SWAP_DIR.match(entry.name)
        if not m or m["name"] != out_dir.name or not entry.is_dir() or entry.is_symlink():
            continue
        if _alive(int(m["pid"])) and int(m["pid"]) != os.getpid():
            continue
        if any(p.name not in allowed or not p.is_file() for p in entry.iterdir()):
            continue
        leftovers.append((m["kind"], entry.stat().st_mtime_ns, entry))
    for kind, _, entry in sorted(leftovers, key=lambda t: t[1], reverse=True):
        if kind == "old" and not out_dir.exists():
            os.rename(entry, out_dir)
        else:
            remove_tree(entry)


def remove_tree(path: Path) -> None:
    """Remove a folder the swap set aside, even when it (or a file in it) was made read-only.

    A read-only data/processed can be renamed away (its parent is writable) but not emptied; left as
    it is, `.processed-old-<pid>` would stay forever. Write bits are given back to the owner first.
    """

    if not path.exists():
        return
    for folder, _, _ in os.walk(path):
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
    shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends (they are delivered then, not lost)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_folder(files: dict[str, str], out_dir: Path, raw_dir: Path = paths.RAW) -> bool:
    """Swap a complete new folder in for out_dir; leave it untouched when nothing changed. True if written.

    Refuses (OutputError) a folder that holds anything but the processed set (check_output). The two
    renames run with signals held, and a swap cut short by SIGKILL is finished on the next run (recover).
    """
    out_dir = Path(out_dir)
    recover(out_dir)
    check_output(out_dir, raw_dir, set(files))
    if out_dir.is_dir() and all(
        (out_dir / n).is_file() and (out_dir / n).read_text(encoding="utf-8") == t for n, t in files.items()
    ):
        if sorted(p.name for p in out_dir.iterdir()) == sorted(files):
            return False
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-{os.getpid()}-", dir=out_dir.parent))
    old = out_dir.parent / f".{out_dir.name}-old-{os.getpid()}"
    try:
        os.chmod(tmp, 0o777 & ~umask())  # mkdtemp makes 0700; the data folder is readable like any folder
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        with _signals_blocked():
            if out_dir.exists():
                os.rename(out_dir, old)
            os.rename(tmp, out_dir)
    except OSError as exc:
        remove_tree(tmp)
        # A full disk, a quota or a read-only folder: one line, and the last good output stays in place.
        why = os.strerror(exc.errno) if exc.errno else str(exc)
        raise OutputError(f"cannot write {paths.rel(out_dir)}: {why}; the last good output was kept") from None
    except BaseException:
        remove_tree(tmp)
        raise
    remove_tree(old)
    return True
