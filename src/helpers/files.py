"""Writing files safely: the one atomic file write, and the file mode the umask allows.

Foundation module: imports nothing from helpers, so every stage may use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "FILE_MODE",
    "MAX_NAME_BYTES",
    "MAX_SOURCE_BYTES",
    "LockError",
    "leftovers",
    "lock_path",
    "raw_lock",
    "umask",
    "write_atomic",
]


def umask() -> int:
    """The process umask (read without changing it for longer than the call)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: mkstemp creates files readable by their owner only; shared reports should be readable like any file.
FILE_MODE = 0o666 & ~umask()


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write a file so that readers see either the old or the new content, never half of it.

    The file gets `mode` (default: readable like any file the umask allows, as shared reports should be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- downloads beside a page

#: The build's staging folder for one page's downloads too large to embed (helpers.page.downloads writes them
#: there; helpers.reports.build moves them beside the page).
DOWNLOADS_ENV = "KZ_DOWNLOADS_DIR"


def files_folder(page: str) -> str:
    """The folder beside the page `<page>.html` that holds its downloads too large to embed."""
    return f"{page}-files"


# ---------------------------------------------------------------- the raw-data lock and its limits

#: Largest source text (bytes) that new-source, add and clean accept. A news report is about 10 KB; the
#: limit keeps a pasted book or a binary from stalling every check (documented in docs/codebook.md, "Input rules").
MAX_SOURCE_BYTES = 2_000_000
#: Longest file name most file systems take (bytes); a source id must leave room for '.txt'.
MAX_NAME_BYTES = 255


class LockError(OSError):
    """The raw-data lock cannot be taken (a read-only data/ folder, say); the message says why."""


def lock_path(raw_dir: Path) -> Path:
    """The lock file of a raw folder: a hidden sibling (data/raw → data/.raw.lock), so no hash sees it."""
    raw_dir = Path(raw_dir)
    return raw_dir.parent / f".{raw_dir.name}.lock"


@contextlib.contextmanager
def raw_lock(raw_dir: Path, shared: bool = False, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of a raw folder: exclusive for a command that writes it, shared for one that reads it.

    Every command that writes data/raw (new-source, add) holds it exclusively from reading the tables to
    the last byte appended, so two commands never choose the same id or lose a row; `clean` holds it
    shared while it reads. An exclusive lock that cannot be created raises LockError; a shared one on a
    read-only folder goes on unlocked (nothing can write that folder then). `waiting` is told once when
    another command holds the lock.
    """
    path = lock_path(raw_dir)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666 & ~umask())
    except OSError as exc:
        if shared:
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except OSError:
                yield
                return
        else:
            raise LockError(exc.errno, f"cannot lock {path} ({exc.strerror}; is the folder read-only?)") from None
    try:
        op = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, op | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting(f"waiting for another command that holds {path.name} …")
            fcntl.flock(fd, op)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


#: Temporary files a killed writer may leave next to the raw files (write_atomic's and new-source's).
TMP_GLOB = ".*.tmp"


def leftovers(raw_dir: Path) -> list[Path]:
    """Temporary files that interrupted commands left in raw_dir and raw_dir/sources (not links)."""
    raw_dir = Path(raw_dir)
    found = []
    for folder in (raw_dir, raw_dir / "sources"):
        if folder.is_dir() and not folder.is_symlink():
            found += [p for p in sorted(folder.glob(TMP_GLOB)) if p.is_file() and not p.is_symlink()]
    return found
