"""Writing files safely: the one atomic file write, and the file mode the umask allows.

Foundation module: imports nothing from helpers, so every stage may use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["FILE_MODE", "umask", "write_atomic"]


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
