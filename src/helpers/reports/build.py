"""Build the reports: papermill execution, HTML rendering, content-hash caching, parallelism, failure isolation."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers import paths
from helpers.errors import shorten
from helpers.files import DOWNLOADS_ENV, FILE_MODE, files_folder, write_atomic
from helpers.reports.catalogue import CatalogueError, Job, expand
from helpers.reports.lean import skip_unused_imports

__all__ = [
    "sha256_files",
    "data_hash",
    "code_hash",
    "read_state",
    "git_commit",
    "job_key",
    "cached_jobs",
    "jobs_for",
    "kernel_dir",
    "execute",
    "run_one",
    "run_here",
    "run_forked",
    "Progress",
    "run_build",
    "data_snapshot",
    "build_lock",
    "sweep_leftovers",
    "remove_orphans",
]

skip_unused_imports()  # before papermill or nbconvert import nbformat (see helpers.reports.lean)


# ------------------------------------------------------------------ hashing and small file helpers
def sha256_files(files: list[Path]) -> str:
    """One hash over the names and bytes of files, in a stable order."""
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(paths.ROOT) if f.is_relative_to(paths.ROOT) else f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def data_hash() -> str:
    """Hash of the processed data the notebooks read: names and bytes, wherever the folder lies.

    Each file counts as data/processed/<name> (as sha256_files names it there), so the build's snapshot
    (data_snapshot) hashes like the folder it copies."""
    h = hashlib.sha256()
    for f in sorted(p for p in paths.PROCESSED.glob("*") if p.is_file()):
        h.update(f"data/processed/{f.name}".encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def code_hash() -> str:
    """Hash of the helpers package (code and templates): a change re-executes every report."""
    return sha256_files([p for p in paths.SRC.rglob("*") if p.is_file() and "__pycache__" not in p.parts])


def _read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a file, or {} when it is missing, unreadable or not an object (corrupt caches rebuild)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


#: A report's cache state: each field with its type; a field of another type is dropped (corrupt file).
_STATE_TYPES: dict[str, type | tuple[type, ...]] = {
    "key": str,
    "status": str,
    "error": str,
    "built": str,
    "last_good": str,
    "failed_since": str,
    "seconds": (int, float),
    "cell": int,
    "name": str,
}


def read_state(name: str) -> dict[str, Any]:
    """The cache state of one report, keeping only well-typed fields: a corrupt file means "not built"."""
    raw = _read_json(paths.CACHE / f"{name}.json")
    return {
        k: v for k, v in raw.items() if k in _STATE_TYPES and isinstance(v, _STATE_TYPES[k]) and not isinstance(v, bool)
    }


def git_commit() -> str:
    """The current commit (short), marked -dirty when the tree has changes; 'unknown' outside git.

    The first `git status` of a fresh clone or worktree refreshes the whole index, which takes seconds on a
    loaded machine: the limit is generous, and a status that still does not answer leaves the commit known
    but marked "-unverified" rather than losing it."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if sha.returncode != 0:
        return "unknown"
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return sha.stdout.strip() + "-unverified"
    if dirty.returncode != 0:
        return sha.stdout.strip() + "-unverified"
    return sha.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def job_key(job: Job, data: str, code: str, show_code: bool) -> str:
    """Content hash of everything a report depends on: notebook, parameters, title, data, helpers, options."""
    h = hashlib.sha256()
    for part in (
        job.notebook_path.read_bytes(),
        json.dumps(job.parameters, sort_keys=True).encode(),
        job.title.encode(),
        data.encode(),
        code.encode(),
        str(show_code).encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


# ------------------------------------------------------------------ catalogue, cached so that a no-op build stays fast
def _catalogue_cache(catalogue: Path, data: str) -> tuple[Path, str]:
    key = hashlib.sha256(
        (catalogue.read_bytes() if catalogue.is_file() else b"")
        + sha256_files(list(paths.NOTEBOOKS.glob("*.ipynb"))).encode()
        + data.encode()
    ).hexdigest()
    cache_file = paths.CACHE / f"catalogue-{hashlib.sha256(str(catalogue.resolve()).encode()).hexdigest()[:8]}.json"
    return cache_file, key


def cached_jobs(catalogue: Path, data: str) -> list[Job] | None:
    """The last expansion of the catalogue if the catalogue, notebooks and data are unchanged since, else None."""
    cache_file, key = _catalogue_cache(catalogue, data)
    cached = _read_json(cache_file)
    if cached.get("key") == key:
        try:
            return [Job(**j) for j in cached["jobs"]]
        except (TypeError, KeyError):  # a corrupt cache file: expand again
            pass
    return None


def jobs_for(catalogue: Path, data: str, forked: bool = False) -> list[Job]:
    """Expand the catalogue, reusing the last expansion when the catalogue, notebooks and data are unchanged.

    forked=True expands it in a fork of the report engine's warm server (it has pandas, papermill and the
    tables loaded already) instead of importing them here."""
    jobs = cached_jobs(catalogue, data)
    if jobs is not None:
        return jobs
    jobs = None
    if forked:
        from helpers.reports import engine

        try:
            jobs = engine.call(expand, catalogue)
        except (engine.ReportProcessDied, ConnectionError):  # no server to ask: expand it here
            jobs = None
    if jobs is None:
        jobs = expand(catalogue)
    cache_file, key = _catalogue_cache(catalogue, data)
    write_atomic(cache_file, json.dumps({"key": key, "jobs": [asdict(j) for j in jobs]}, indent=1))
    return jobs


def _ipc_kernel_manager() -> type:
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        """Kernels talk over local IPC sockets: no open TCP ports, no plain-text-TCP warning."""

        def __init__(self, **kwargs: Any):
            kwargs.setdefault("transport", "ipc")
            # a unique socket path per kernel: parallel workers must never share one
            kwargs.setdefault("ip", str(kernel_dir() / uuid.uuid4().hex))
            super().__init__(**kwargs)

    return IPCKernelManager


def kernel_dir() -> Path:
    """This project's folder for kernel sockets (short, under /tmp: a socket path may hold ~100 bytes)."""
    tag = hashlib.sha256(str(paths.ROOT).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"kz-kernels-{os.getuid()}-{tag}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def __getattr__(name: str) -> Any:
    if name == "IPCKernelManager":
        return _ipc_kernel_manager()
    raise AttributeError(name)


# ------------------------------------------------------------------ executing one report (runs in a worker process)
def execute(job: Job, meta: dict[str, Any], show_code: bool, here: bool = False) -> dict[str, Any]:
    """Run one report through papermill, keep the executed notebook, render HTML; never raises for notebook errors.

    here=True: this process is the report's own (a fork of the engine's server, see run_forked) and
    executes the cells itself; otherwise papermill starts a process for them."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers.reports import engine
    from helpers.reports.render import report_html

    started = time.perf_counter()
    out_nb = paths.EXECUTED / f"{job.name}.ipynb"
    out_nb.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_nb.parent, prefix=f".{job.name}.", suffix=".ipynb")
    os.close(fd)
    result: dict[str, Any] = {"name": job.name, "status": "ok", "error": "", "cell": None}
    # footnote ids are prefixed with the report's name (helpers.page.cite): unique per page, same every build
    page_id, os.environ["KZ_PAGE_ID"] = os.environ.get("KZ_PAGE_ID"), job.name
    # downloads too large to embed are written here by the page code, then moved beside the page (_place_files)
    staging: Path | None = paths.HTML / f".{job.name}-files.{os.getpid()}.staging"
    downloads_dir = os.environ.pop(DOWNLOADS_ENV, None)
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        os.environ[DOWNLOADS_ENV] = str(staging)
    except OSError:  # an unwritable reports/html: the page fails to be written anyway, as before
        staging = None
    try:
        try:
            papermill.execute_notebook(
                str(job.notebook_path),
                tmp,
                parameters=job.parameters,
                kernel_name="python3",
                cwd=str(paths.NOTEBOOKS),
                progress_bar=False,
                log_output=False,
                execution_timeout=600,
                **engine.papermill_options(here),  # this fork itself, or a fresh kernel
            )
        except PapermillExecutionError as exc:
            result.update(status="failed", error=f"{exc.ename}: {exc.evalue}".strip()[:300], cell=exc.exec_count)
        except Exception as exc:  # a kernel that died or a notebook that would not parse
            result.update(status="failed", error=f"{type(exc).__name__}: {exc}"[:300])
        if Path(tmp).stat().st_size:
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, out_nb)
        if result["status"] == "ok":
            info = {
                **meta,
                "name": job.name,
                "title": job.title,
                "notebook": job.notebook,
                "parameters": job.parameters,
                "kernel": engine.describe(),
            }
            try:
                page = report_html(nbformat.read(out_nb, as_version=4), info, show_code)
            except Exception as exc:  # a template or nbconvert error: the last good page stays
                result.update(status="failed", error=f"rendering HTML: {type(exc).__name__}: {exc}"[:300])
            else:
                kept = _place_files(job.name, staging) if staging else set()  # before the page: no dangling link
                write_atomic(paths.HTML / f"{job.name}.html", page)
                _prune_files(job.name, kept)
    finally:
        Path(tmp).unlink(missing_ok=True)
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
        for var, value in (("KZ_PAGE_ID", page_id), (DOWNLOADS_ENV, downloads_dir)):
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def _place_files(name: str, staging: Path) -> set[str]:
    """Move the page's new download files (named by their content) into `<name>-files/` beside the page; the
    files of its previous build stay until the new page is in place. Returns the new files' names."""
    folder = paths.HTML / files_folder(name)
    kept = set()
    for f in sorted(staging.iterdir()):
        folder.mkdir(exist_ok=True)
        os.replace(f, folder / f.name)
        kept.add(f.name)
    return kept


def _prune_files(name: str, kept: set[str]) -> None:
    """Remove the files of `<name>-files/` the page now in place no longer links, and the folder once empty."""
    folder = paths.HTML / files_folder(name)
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.name not in kept and f.is_file():
            f.unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()


def run_one(job: Job, meta: dict[str, Any], show_code: bool, here: bool = False) -> dict[str, Any]:
    """execute() for one report, turning any error (a temp file it could not create, a name the file
    system refuses, a read-only folder) into a failed result for that report alone."""
    started = time.perf_counter()
    try:
        return execute(job, meta, show_code, here=True) if here else execute(job, meta, show_code)
    except Exception as exc:
        return {
            "name": job.name,
            "status": "failed",
            "error": shorten(f"{type(exc).__name__}: {exc}", 300),
            "cell": None,
            "seconds": round(time.perf_counter() - started, 2),
        }


def run_here(job: Job, meta: dict[str, Any], show_code: bool) -> dict[str, Any]:
    """run_one() in the report's own process (what run_forked sends to a fork)."""
    return run_one(job, meta, show_code, here=True)


def run_forked(job: Job, meta: dict[str, Any], show_code: bool) -> dict[str, Any]:
    """One report in a fresh fork of the engine's warm server: it executes, renders and writes its files
    there, and exits. A fork that dies (os._exit in a cell, out of memory) fails that report alone."""
    from helpers.reports import engine

    started = time.perf_counter()
    try:
        return engine.call(run_here, job, meta, show_code)
    except Exception as exc:
        _remove_partials([job])  # the fork is gone: what it left half-written is nobody's
        return {
            "name": job.name,
            "status": "failed",
            "error": shorten(f"{type(exc).__name__}: {exc}", 300),
            "cell": None,
            "seconds": round(time.perf_counter() - started, 2),
        }


# ------------------------------------------------------------------ progress
class Progress:
    """A tqdm bar on a terminal; plain lines otherwise (CI logs)."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.bar = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)

    def update(self, result: dict[str, Any]) -> None:
        """Report one finished report."""
        self.done += 1
        line = f"[{self.done}/{self.total}] {result['name']}: {result['status']} ({result['seconds']:.1f}s)"
        if result["status"] != "ok":
            line += f" — {result['error']}"
        if self.bar is not None:
            self.bar.set_postfix_str(result["name"])
            self.bar.write(line)
            self.bar.update(1)
        else:
            print(line, flush=True)

    def close(self) -> None:
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()


# ------------------------------------------------------------------ the build
def run_build(
    jobs: int | None = None,
    force: bool = False,
    only: list[str] | None = None,
    show_code: bool = False,
    catalogue: Path = paths.CATALOGUE,
    pdf: bool = False,
) -> int:
    """Build every report that is out of date, then the index (and with pdf=True, a PDF of each page).

    Returns the exit status (0 when all are ok)."""
    t0 = time.perf_counter()
    if not (paths.PROCESSED / "figures.csv").is_file():
        print("build: data/processed is empty; run `make data` (python -m helpers clean) first", file=sys.stderr)
        return 1
    for folder in (paths.HTML, paths.EXECUTED, paths.CACHE):
        problem = _unwritable(folder)
        if problem:
            print(f"build: cannot write to {paths.rel(folder)} ({problem}); nothing was run", file=sys.stderr)
            return 1
    from helpers.reports import engine

    with build_lock() as alone:
        if alone:
            sweep_leftovers()
        with data_snapshot():
            try:
                return _build(jobs, force, only, show_code, catalogue, t0, pdf)
            finally:
                if engine.enabled():
                    engine.stop()  # one server per build: the next build starts its own, from its own data


@contextlib.contextmanager
def data_snapshot() -> Any:
    """The whole build reads one copy of the processed data, and its footers carry that copy's hash.

    `make data` during a build swaps data/processed: without a copy, a report run after the swap would show
    new rows under the old "Processed data hash". The copy (in reports/.cache, removed afterwards) is taken
    again if a swap lands while it is made; reports find it through KZ_PROCESSED_DIR, like any kernel.
    """
    source = paths.PROCESSED
    snap = Path(tempfile.mkdtemp(prefix=".processed-snapshot-", dir=paths.CACHE))
    saved = (paths.PROCESSED, paths.DATAPACKAGE, os.environ.get("KZ_PROCESSED_DIR"))
    try:
        for _ in range(10):  # a clean swapping the folder while it is copied: copy again
            before = os.stat(source).st_ino
            try:
                for f in source.iterdir():
                    if f.is_file():
                        shutil.copyfile(f, snap / f.name)
            except FileNotFoundError:
                continue
            if os.stat(source).st_ino == before:
                break
        paths.PROCESSED, paths.DATAPACKAGE = snap, snap / "datapackage.json"
        os.environ["KZ_PROCESSED_DIR"] = str(snap)
        yield snap
    finally:
        paths.PROCESSED, paths.DATAPACKAGE = saved[0], saved[1]
        if saved[2] is None:
            os.environ.pop("KZ_PROCESSED_DIR", None)
        else:
            os.environ["KZ_PROCESSED_DIR"] = saved[2]
        shutil.rmtree(snap, ignore_errors=True)


def _unwritable(folder: Path) -> str | None:
    """Why the build could not write into folder (created later if missing), or None."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{paths.rel(existing)} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{paths.rel(existing)} is read-only"
    return None


@contextlib.contextmanager
def build_lock() -> Any:
    """Held (shared) for a whole build; yields True when no other build runs, so leftovers may be swept."""
    paths.CACHE.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.CACHE / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            alone = True
        except BlockingIOError:
            alone = False
        fcntl.flock(fd, fcntl.LOCK_SH)  # from exclusive to shared: later builds may run beside this one
        yield alone
    finally:
        os.close(fd)


def sweep_leftovers() -> None:
    """Remove what a killed build left (only ever files the build itself names with a leading dot or puts
    in this project's kernel folder): partial notebooks, pages and cache files, and kernel sockets."""
    for folder in (paths.EXECUTED, paths.HTML, paths.CACHE):
        for partial in [*folder.glob(".*.tmp"), *folder.glob(".*.ipynb"), *folder.glob(".*.print-*.html")]:
            partial.unlink(missing_ok=True)
    for staging in paths.HTML.glob(".*.staging"):  # download files of a report that was killed
        shutil.rmtree(staging, ignore_errors=True)
    for sock in kernel_dir().iterdir():
        sock.unlink(missing_ok=True)
    for snapshot in paths.CACHE.glob(".processed-snapshot-*"):  # data_snapshot() of a killed build
        shutil.rmtree(snapshot, ignore_errors=True)


def remove_orphans(jobs: list[Job]) -> list[str]:
    """Delete the outputs of reports no longer in the catalogue (known by their cache file); return their names.

    Only a report's state file counts (the build writes one with a `status` and a `built` time per report);
    other files in the cache, such as `make data`'s freshness stamp `clean-<hash>.json`, are left alone.
    """
    names = {j.name for j in jobs}
    gone = []
    for state in paths.CACHE.glob("*.json"):
        name = state.stem
        if name in names or name.startswith("catalogue-") or name.startswith("."):
            continue
        recorded = read_state(name)
        if not (recorded.get("status") and recorded.get("built")):
            continue
        for output in (paths.HTML / f"{name}.html", paths.EXECUTED / f"{name}.ipynb", state):
            output.unlink(missing_ok=True)
        shutil.rmtree(paths.HTML / files_folder(name), ignore_errors=True)  # its downloads too large to embed
        gone.append(name)
    return sorted(gone)


def _build(
    jobs: int | None, force: bool, only: list[str] | None, show_code: bool, catalogue: Path, t0: float, pdf: bool
) -> int:
    from helpers.reports import engine

    forked = engine.enabled()
    data, code = data_hash(), code_hash()
    all_jobs = cached_jobs(catalogue, data)
    if forked and (force or all_jobs is None):
        engine.start()  # the server imports and warms up while the catalogue and the cache are checked
    try:
        if all_jobs is None:
            all_jobs = jobs_for(catalogue, data, forked)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        print("build: the catalogue has errors; nothing was run", file=sys.stderr)
        return 1
    selected = all_jobs
    if only:
        unknown = sorted(set(only) - {j.name for j in all_jobs})
        if unknown:
            print(f"build: unknown report(s) {', '.join(unknown)}; run `python -m helpers list`", file=sys.stderr)
            return 1
        selected = [j for j in all_jobs if j.name in only]
    meta = {
        "commit": git_commit(),
        "data_hash": data[:12],
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    site = _SiteKeys()
    codebook_key = site.key(code, meta["commit"], _bytes(paths.DOCS / "codebook.md"))
    if site.fresh("codebook", codebook_key, paths.HTML / "codebook.html"):
        meta["has_codebook"] = True
    else:
        meta["has_codebook"] = _write_codebook(meta["commit"], meta["built"])
        site.set("codebook", codebook_key)
    method_key = site.key(code, meta["commit"], _bytes(paths.DOCS / "methodology.md"))
    if site.fresh("methodology", method_key, paths.HTML / "methodology.html"):
        meta["has_methodology"] = True
    else:
        meta["has_methodology"] = _write_codebook(meta["commit"], meta["built"], "methodology")
        site.set("methodology", method_key)
    todo, took_before = [], {}
    for job in selected:
        key = job_key(job, data, code, show_code)
        state = read_state(job.name)
        if (
            force
            or state.get("key") != key
            or state.get("status") != "ok"
            or not (paths.HTML / f"{job.name}.html").is_file()
        ):
            todo.append((job, key))
            took_before[job.name] = state.get("seconds", 0)
    if forked and todo:
        engine.start()
    # the longest reports first (as long as they took last time), so that no core idles at the end
    todo.sort(key=lambda jk: -took_before[jk[0].name])
    print(f"build: {len(todo)} of {len(selected)} report(s) to run, {len(selected) - len(todo)} up to date", flush=True)
    results = _run(todo, meta, show_code, jobs or os.cpu_count() or 1)
    if results is None:
        print("build: interrupted; finished reports were kept, nothing half-written", file=sys.stderr)
        return 130
    try:
        whole = not only and Path(catalogue).resolve() == paths.CATALOGUE.resolve()
        orphans = remove_orphans(all_jobs) if whole else []
        states = [_bytes(paths.CACHE / f"{j.name}.json") for j in all_jobs]
        catalogue_text = json.dumps([asdict(j) for j in all_jobs], sort_keys=True)
        index_key = site.key(data, code, meta["commit"], catalogue_text, *states)
        if not site.fresh("index", index_key, paths.HTML / "index.html"):
            # pandas for the parameter words: in a fork of the warm server, else here (only when something changed)
            try:
                if not engine.enabled():
                    raise engine.ReportProcessDied("no report engine")
                engine.call(_write_index, all_jobs, data, meta)
            except (engine.ReportProcessDied, ConnectionError):
                _write_index(all_jobs, data, meta)
            site.set("index", index_key)
        site.save()
    except OSError as exc:
        print(f"build: cannot write {paths.rel(paths.HTML)} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if orphans:
        print(f"build: removed the pages of reports no longer in the catalogue: {', '.join(orphans)}")
    failed = [r for r in results if r["status"] != "ok"]
    ran = len(results)
    took = time.perf_counter() - t0
    index = paths.rel(paths.HTML / "index.html")
    up_to_date = len(selected) - ran
    counts = f"{ran - len(failed)} built, {len(failed)} failed, {up_to_date} up to date"
    print(f"build: {counts} in {took:.1f}s; index at {index}")
    for r in failed:
        cell = f" in cell {r['cell']}" if r["cell"] else ""
        kept = paths.rel(paths.EXECUTED / f"{r['name']}.ipynb")
        print(f"build: FAILED {r['name']}{cell}: {r['error']} (executed notebook: {kept})", file=sys.stderr)
    if pdf:
        from helpers.reports.screenshots import print_pdfs

        pages = [paths.HTML / f"{j.name}.html" for j in selected] + [paths.HTML / "index.html"]
        pages += [paths.HTML / f"{n}.html" for n in ("codebook", "methodology") if (paths.HTML / f"{n}.html").is_file()]
        if print_pdfs([p for p in pages if p.is_file()]) != 0:
            return 1
    return 1 if failed else 0


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


class _SiteKeys:
    """Content keys of the pages every build writes (index, codebook): a no-op build leaves them as they are."""

    file = paths.CACHE / ".site-keys.json"

    def __init__(self) -> None:
        self.keys = _read_json(self.file)
        self.changed = False

    @staticmethod
    def key(*parts: str | bytes) -> str:
        h = hashlib.sha256()
        for part in parts:
            h.update(hashlib.sha256(part.encode() if isinstance(part, str) else part).digest())
        return h.hexdigest()

    def fresh(self, name: str, key: str, page: Path) -> bool:
        return self.keys.get(name) == key and page.is_file()

    def set(self, name: str, key: str) -> None:
        self.keys[name], self.changed = key, True

    def save(self) -> None:
        if self.changed:
            write_atomic(self.file, json.dumps(self.keys, indent=1))


def _write_codebook(commit: str, built: str, name: str = "codebook") -> bool:
    """Render docs/<name>.md (codebook, methodology) to reports/html/<name>.html, the pages report pages link
    to; False if the Markdown is absent."""
    from helpers.reports.render import codebook_html

    source = paths.DOCS / f"{name}.md"
    if not source.is_file():
        return False
    page = codebook_html(source, {"commit": commit, "built": built}, f"{name}.html.j2")
    write_atomic(paths.HTML / f"{name}.html", page)
    return True


def _report_span() -> dict[str, Any] | None:
    """How many reports the processed data hold, and their first and last report dates."""
    import csv

    try:
        with open(paths.PROCESSED / "sources.csv", newline="", encoding="utf-8") as fh:
            dates = sorted(r["report_date"] for r in csv.DictReader(fh) if r.get("report_date"))
    except (OSError, KeyError, csv.Error):
        return None
    if not dates:
        return None

    def words(iso: str) -> str:
        d = datetime.strptime(iso[:10], "%Y-%m-%d")
        return f"{d.day} {d:%B %Y}"

    try:
        with open(paths.PROCESSED / "places.csv", newline="", encoding="utf-8") as fh:
            places = sum(1 for r in csv.DictReader(fh) if r.get("kind") != "country")
    except (OSError, csv.Error):
        places = 0
    return {"n": len(dates), "first": words(dates[0]), "last": words(dates[-1]), "places": places}


#: The finding box a page opens with (page.plots.finding): the front page quotes the overview's.
_FINDING = re.compile(r'<aside[^>]*class="finding"[^>]*>(.*?)</aside>', re.S)


def _key_numbers(name: str = "overview") -> str:
    """The overview page's finding box, as HTML (its text only: no links, no styles), for the front page;
    empty when that page is not built. The sentences are computed by the overview from the data."""
    try:
        page = (paths.HTML / f"{name}.html").read_text(encoding="utf-8")
    except OSError:
        return ""
    m = _FINDING.search(page)
    if not m:
        return ""
    inner = re.sub(r"<(?!/?span\b)[^>]+>", "", m.group(1))  # keep the lang spans, drop the rest
    return inner.strip()


def _run(
    todo: list[tuple[Job, str]], meta: dict[str, Any], show_code: bool, workers: int
) -> list[dict[str, Any]] | None:
    """Execute the jobs (in parallel processes when workers > 1); record each result in the cache."""
    progress = Progress(len(todo))
    results: list[dict[str, Any]] = []

    def record(job: Job, key: str, result: dict[str, Any]) -> None:
        state = {"key": key if result["status"] == "ok" else None, "built": meta["built"], **result}
        previous = read_state(job.name)
        if result["status"] != "ok" and previous.get("last_good"):
            state["last_good"] = previous["last_good"]
        elif result["status"] == "ok":
            state["last_good"] = meta["built"]
        if result["status"] != "ok":
            state["failed_since"] = previous.get("failed_since") if previous.get("status") == "failed" else None
            state["failed_since"] = state["failed_since"] or meta["built"]
            _mark_stale(job, state)
        try:
            write_atomic(paths.CACHE / f"{job.name}.json", json.dumps(state, indent=1))
        except OSError as exc:
            result = {**result, "status": "failed", "error": f"cannot write the cache: {exc}"[:300]}
        results.append(result)
        progress.update(result)

    from helpers.reports import engine

    try:
        if engine.enabled():
            _run_forked(todo, meta, show_code, workers, record)
        elif workers <= 1 or len(todo) <= 1:
            for job, key in todo:
                record(job, key, run_one(job, meta, show_code))
        else:
            with cf.ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
                futures = {pool.submit(run_one, job, meta, show_code): (job, key) for job, key in todo}
                try:
                    for fut in cf.as_completed(futures):
                        job, key = futures[fut]
                        try:
                            res = fut.result()
                        except Exception as exc:  # the worker itself died
                            res = {
                                "name": job.name,
                                "status": "failed",
                                "error": f"worker crashed: {exc}",
                                "cell": None,
                                "seconds": 0.0,
                            }
                        record(job, key, res)
                except KeyboardInterrupt:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    except KeyboardInterrupt:
        engine.stop_all()  # no report process may write after its partial files are removed
        _remove_partials([job for job, _ in todo])
        return None
    finally:
        progress.close()
    return results


def _run_forked(todo: list[tuple[Job, str]], meta: dict[str, Any], show_code: bool, workers: int, record: Any) -> None:
    """Each report in its own fork of the one warm server; `workers` threads here each wait for one fork."""
    from helpers.reports import engine

    if workers <= 1 or len(todo) <= 1:
        for job, key in todo:
            record(job, key, run_forked(job, meta, show_code))
        return
    with cf.ThreadPoolExecutor(max_workers=min(workers, len(todo)), thread_name_prefix="kz-report") as pool:
        futures = {pool.submit(run_forked, job, meta, show_code): (job, key) for job, key in todo}
        try:
            for fut in cf.as_completed(futures):
                job, key = futures[fut]
                record(job, key, fut.result())  # run_forked never raises
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            engine.stop_all()  # the threads' forks end now, so the threads do too
            raise


def _mark_stale(job: Job, state: dict[str, Any]) -> None:
    """Put an "out of date" banner at the top of a failed report's kept page: since when, and why."""
    from helpers.reports.render import mark_stale

    page = paths.HTML / f"{job.name}.html"
    if not page.is_file():
        return
    try:
        html = page.read_text(encoding="utf-8")
        write_atomic(page, mark_stale(html, state.get("last_good") or "", state["failed_since"], state["error"]))
    except (OSError, UnicodeDecodeError):
        pass  # the index still says the report failed


def _remove_partials(jobs: list[Job]) -> None:
    """Delete temporary files an interrupted report may have left (finished files are never touched)."""
    for job in jobs:
        for folder in (paths.EXECUTED, paths.HTML, paths.CACHE):
            for partial in folder.glob(f".{job.name}.*"):
                partial.unlink(missing_ok=True)


def _notebook_title(notebook: str) -> str:
    try:
        meta = json.loads((paths.NOTEBOOKS / notebook).read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    return f"{notebook.split('-', 1)[0]}. {meta.get('title', notebook)}"


def _write_index(jobs: list[Job], data: str, meta: dict[str, Any]) -> None:
    """Write reports/html/index.html from the cache state of every report in the catalogue."""
    from helpers.reports.render import index_html

    titles: dict[str, str] = {}
    entries = []
    for job in jobs:
        state = read_state(job.name)
        if job.notebook not in titles:
            titles[job.notebook] = _notebook_title(job.notebook)
        entries.append(
            {
                "name": job.name,
                "title": job.title,
                "notebook": job.notebook,
                "notebook_title": titles[job.notebook],
                "parameters": job.parameters,
                "status": state.get("status", "not built"),
                "error": state.get("error", ""),
                "built": state.get("last_good") or state.get("built", ""),
                "seconds": f"{state['seconds']:.1f} s" if "seconds" in state else "",
                "has_html": (paths.HTML / f"{job.name}.html").is_file(),
            }
        )
    page = index_html(
        entries,
        {
            "commit": meta["commit"],
            "data_hash": data[:12],
            "built": meta["built"],
            "span": _report_span(),
            "key_numbers": _key_numbers(),
            "has_codebook": meta.get("has_codebook", False),
            "has_methodology": meta.get("has_methodology", False),
        },
    )
    target = paths.HTML / "index.html"
    write_atomic(target, page)
