"""Decide "nothing changed" for `make data` from content hashes, before anything imports pandas.

`python -m helpers clean` spends about 0.9 s importing pandas and pandera before it can find that the
processed tables are already what the raw files give. After each successful clean we store a stamp: a hash
of everything the result depends on (every file under the raw folder, the helpers source, the versions
of the libraries that shape the output) and a hash of the output folder as written. When both hashes
still match, the clean is skipped. Any doubt (no stamp, unreadable file, other paths) means "run it".
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from helpers import paths

#: Libraries whose version can change the processed bytes.
LIBRARIES = ("pandas", "numpy", "pandera")


def _hash_tree(root: Path, pattern: str = "**/*") -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [sys.version]
    for lib in LIBRARIES:
        try:
            out.append(f"{lib}={version(lib)}")
        except PackageNotFoundError:
            out.append(f"{lib}=none")
    return ";".join(out)


def inputs_hash(raw: Path) -> str:
    """Hash of what the processed tables depend on: raw files, helpers code, library versions."""
    h = hashlib.sha256()
    for part in (_hash_tree(Path(raw)), _hash_tree(paths.SRC, "**/*.py"), _versions()):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def outputs_hash(out: Path) -> str:
    """Hash of the processed folder as it is on disk."""
    return _hash_tree(Path(out), "*")


def _stamp_file(raw: Path, out: Path) -> Path:
    key = hashlib.sha256(f"{Path(raw).resolve()}\0{Path(out).resolve()}".encode()).hexdigest()[:12]
    return paths.CACHE / f"clean-{key}.json"


def up_to_date(raw: Path, out: Path) -> bool:
    """True only when the last successful clean used the same inputs and its output is untouched."""
    try:
        stamp = json.loads(_stamp_file(raw, out).read_text(encoding="utf-8"))
        if not Path(out).is_dir() or stamp.get("outputs") != outputs_hash(out):
            return False
        return stamp.get("inputs") == inputs_hash(raw)
    except (OSError, ValueError, AttributeError):
        return False


def record(raw: Path, out: Path, inputs: str) -> None:
    """After a successful clean: remember the inputs it used (hashed before it ran) and what it wrote."""
    try:
        target = _stamp_file(raw, out)
        target.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"inputs": inputs, "outputs": outputs_hash(out)})
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except OSError:
        pass  # no stamp only means the next clean runs in full
